"""The command line: parse arguments, run a command function, return its exit code.

Each command lives in its own module as a plain function returning an exit code, plus the typer wrapper
that declares its options; :mod:`cjmap.cli.common` holds what they share and the error handler. Heavy
modules (YAML, Pydantic models, templates) are imported inside the commands, so ``cjmap --help`` and
``cjmap --version`` start quickly.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cjmap import __version__, interrupts
from cjmap.cli import diff, fmt, init, lint, render, rules, schema, score, validate
from cjmap.cli.common import EXIT_USAGE, run

app = typer.Typer(
    name="cjmap",
    help="Customer journey maps as code: validate, lint and score YAML journey maps.\n\n"
    "Exit codes: 0 clean, 1 problems found, 2 usage or environment error.",
    # Plain ``cjmap`` prints the help on stderr and exits 2 (as ruff and git do); done in the callback
    # because typer's no_args_is_help exits 0 or 2 depending on the click underneath.
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help and usage errors as plain text: no boxes, no markup eating [brackets]
)
app.command("validate", help=validate.HELP)(validate.command)
app.command("schema", help=schema.HELP)(schema.command)
app.command("lint", help=lint.HELP)(lint.command)
app.command("rules", help=rules.HELP)(rules.command)
app.command("score", help=score.HELP)(score.command)
app.command("render", help=render.HELP)(render.command)
app.command("diff", help=diff.HELP)(diff.command)
app.command("fmt", help=fmt.HELP)(fmt.command)
app.command("init", help=init.HELP)(init.command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cjmap {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option(
        "--version", "-V", help="Show the version and exit.", callback=_version, is_eager=True)] = False,
) -> None:
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help(), err=True)
        raise typer.Exit(EXIT_USAGE)


def main() -> int:
    """The ``cjmap`` console script: run the app and return its exit code (never a traceback)."""
    # For the rest of the process, not just the run: a SIGTERM while the interpreter shuts down must not
    # kill it with a signal after the work is done (exit 143 or the run's own code, never -15).
    interrupts.install()
    return run(app)


__all__ = ["app", "main"]
