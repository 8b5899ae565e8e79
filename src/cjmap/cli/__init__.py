"""The command line: parse arguments, run a command function, return its exit code.

Each command lives in its own module as a plain function returning an exit code, plus the typer wrapper
that declares its options; :mod:`cjmap.cli.common` holds what they share and the error handler. Heavy
modules (YAML, Pydantic models, templates) are imported inside the commands, so ``cjmap --help`` and
``cjmap --version`` start quickly.
"""

from __future__ import annotations

import atexit
import signal
from typing import Annotated

import typer

from cjmap import __version__, interrupts
from cjmap.cli import (
    backlog,
    diff,
    export,
    fmt,
    history,
    init,
    interop,
    lint,
    lsp,
    portfolio,
    render,
    rules,
    schema,
    score,
    serve,
    sheets,
    validate,
)
from cjmap.cli.common import EXIT_USAGE, run

app = typer.Typer(
    name="cjmap",
    help="Customer journey maps as code: validate, lint, score, diff, render, import and format YAML maps, "
    "and read many as one portfolio.\n\n"
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
app.command("serve", help=serve.HELP)(serve.command)
app.command("diff", help=diff.HELP)(diff.command)
app.command("portfolio", help=portfolio.HELP)(portfolio.command)
app.command("backlog", help=backlog.HELP)(backlog.command)
app.command("history", help=history.HELP)(history.command)
app.command("fmt", help=fmt.HELP)(fmt.command)
app.command("init", help=init.HELP)(init.command)
app.command("lsp", help=lsp.HELP)(lsp.command)
# `cjmap import`: Mermaid (cli/interop.py) and spreadsheets (cli/sheets.py, which uses interop's writers).
interop.app.command("csv", help=sheets.CSV_HELP)(sheets.csv_command)
interop.app.command("xlsx", help=sheets.XLSX_HELP)(sheets.xlsx_command)
app.add_typer(interop.app, name="import", help=interop.HELP)
app.add_typer(export.app, name="export", help=export.HELP)


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
    # For the rest of the process, not just the run: SIGTERM after the command (while typer unwinds, say)
    # still ends with 143 rather than death by the signal.
    interrupts.install()
    global _ignoring_at_exit
    if not _ignoring_at_exit:
        atexit.register(_ignore_signals)
        _ignoring_at_exit = True
    return run(app)


_ignoring_at_exit = False


def _ignore_signals() -> None:
    # Python gives SIGINT and SIGTERM back their default action while it shuts down, so a signal landing
    # after the run (the work done, the exit code decided) would kill the process instead (exit -2, -15).
    # Only an ignored signal stays ignored through shut-down. (In a test process this runs at its exit.)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)


__all__ = ["app", "main"]
