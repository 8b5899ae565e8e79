"""The command line: parse arguments, run an analysis, hand the result to a reporter, return an exit code.

Heavy modules (YAML, Pydantic models, templates) are imported inside the commands that need them, so
``cjmap --help`` and ``cjmap --version`` start quickly.
"""

from __future__ import annotations

import enum
import sys
from typing import Annotated, NoReturn

import typer

from cjmap import __version__

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

app = typer.Typer(
    name="cjmap",
    help="Customer journey maps as code: validate, lint and score YAML journey maps.\n\n"
    "Exit codes: 0 clean, 1 problems found, 2 usage or environment error.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(str, enum.Enum):
    """Formats for checking commands."""

    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cjmap {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", "-V", help="Show the version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Customer journey maps as code."""


PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(help="Map files or directories (searched recursively for *.yaml/*.yml maps); '-' reads stdin. "
                   "Defaults to the current directory.", show_default=False),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
ColorOption = Annotated[
    bool | None,
    typer.Option("--color/--no-color", help="Force colour on or off (default: on a terminal, unless NO_COLOR is set).",
                 show_default=False),
]


def fail(message: str) -> NoReturn:
    """Report a usage or environment error on stderr and exit with code 2."""
    typer.echo(f"cjmap: error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


@app.command()
def validate(
    paths: PathsArgument = None,
    output_format: FormatOption = OutputFormat.text,
    color: ColorOption = None,
) -> None:
    """Check maps against the format: structure, types, ids, references and emotion scales.

    Every problem in every file is reported at once, at file:line:col.
    Exit codes: 0 all valid, 1 problems found, 2 usage or environment error (missing path, unreadable file).
    """
    from cjmap.checking import validate_paths

    report, missing, unreadable = validate_paths(paths or ["."])
    if missing:
        fail("no such file or directory: " + ", ".join(missing))
    _write(report, output_format, color)
    raise typer.Exit(EXIT_USAGE if unreadable else EXIT_PROBLEMS if report.problems else EXIT_OK)


@app.command()
def schema(
    persona: Annotated[bool, typer.Option("--persona", help="Print the schema of persona files instead.")] = False,
) -> None:
    """Print the JSON Schema (draft 2020-12) of map files, for editors and external validators."""
    from cjmap.schema import render_schema

    sys.stdout.write(render_schema("persona" if persona else "map"))


def _write(report: object, output_format: OutputFormat, color: bool | None) -> None:
    from cjmap.reporters import REPORTER_BY_NAME

    REPORTER_BY_NAME[output_format.value](sys.stdout, color).write(report)  # type: ignore[arg-type]


def main() -> int:
    """Entry point: run the app and return its exit code (never a traceback for bad input)."""
    try:
        result = app(standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        typer.echo("cjmap: interrupted", err=True)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback reaches a user
        import click

        if isinstance(exc, click.exceptions.Abort):
            return 130
        if isinstance(exc, click.ClickException):
            exc.show()
            return EXIT_USAGE
        typer.echo(f"cjmap: internal error: {type(exc).__name__}: {exc}", err=True)
        typer.echo("Please report this at https://github.com/cjmap/cjmap/issues", err=True)
        return 3
    return result if isinstance(result, int) else EXIT_OK
