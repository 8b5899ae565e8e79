"""The typer app of ``cjmap``: the top-level options and the commands :data:`cjmap.cli.COMMANDS` names.

:func:`build` registers only the commands it is asked for, so a run imports the one command module it runs
(see :func:`cjmap.cli.main`); the whole app (every command) answers whatever names no command, such as a
usage error or shell completion.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Annotated

import typer

from cjmap import __version__
from cjmap.cli.common import EXIT_USAGE

HELP = ("Customer journey maps as code: validate, lint, score, diff, render, import and format YAML maps, "
        "and read many as one portfolio.\n\n"
        "Exit codes: 0 clean, 1 problems found, 2 usage or environment error.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cjmap {__version__}")
        raise typer.Exit()


def _main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option(
        "--version", "-V", help="Show the version and exit.", callback=_version, is_eager=True)] = False,
) -> None:
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help(), err=True)
        raise typer.Exit(EXIT_USAGE)


def build(commands: Iterable[tuple[str, str]]) -> typer.Typer:
    """The app with these ``(name, module)`` commands, in this order.

    A command's module (in :mod:`cjmap.cli`) defines ``command``, the typer wrapper, and ``HELP``; a command
    with subcommands defines ``app``, a typer sub-app, instead.
    """
    app = typer.Typer(
        name="cjmap",
        help=HELP,
        # Plain ``cjmap`` prints the help on stderr and exits 2 (as ruff and git do); done in the callback
        # because typer's no_args_is_help exits 0 or 2 depending on the click underneath.
        invoke_without_command=True,
        context_settings={"help_option_names": ["-h", "--help"]},
        pretty_exceptions_enable=False,
        rich_markup_mode=None,  # help and usage errors as plain text: no boxes, no markup eating [brackets]
    )
    app.callback()(_main)
    for name, module_name in commands:
        full_name = f"cjmap.cli.{module_name}"
        __import__(full_name)  # not importlib.import_module, which python -X importtime does not report
        module = sys.modules[full_name]
        if hasattr(module, "app"):
            app.add_typer(module.app, name=name, help=module.HELP)
        else:
            app.command(name, help=module.HELP)(module.command)
    return app
