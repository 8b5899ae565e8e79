"""The command line: the ``cjmap`` console script, kept light so it starts quickly.

Each command lives in its own module as a plain function returning an exit code, plus the typer wrapper
that declares its options; :mod:`cjmap.cli.common` holds what they share and the error handler, and
:mod:`cjmap.cli.application` builds the typer app. This module imports none of them up front: :func:`main`
installs the signal handlers first, answers ``--version`` and the top-level ``--help`` itself (the help from
:mod:`cjmap.cli.listing`, which a test keeps equal to typer's), and otherwise builds an app holding only the
command being run, so ``cjmap validate`` imports neither typer's other commands nor their machinery.

Adding a command is one line in :data:`COMMANDS`, then regenerating the help listing:
``CJMAP_UPDATE_GOLDEN=1 python -m pytest tests/test_startup.py``.
"""

from __future__ import annotations

import atexit
import gc
import os
import signal
import sys
from typing import TYPE_CHECKING, Any

from cjmap import __version__, interrupts

if TYPE_CHECKING:
    import typer

COMMANDS: dict[str, str] = {
    "validate": "validate",
    "schema": "schema",
    "lint": "lint",
    "rules": "rules",
    "score": "score",
    "render": "render",
    "serve": "serve",
    "diff": "diff",
    "portfolio": "portfolio",
    "backlog": "backlog",
    "history": "history",
    "fmt": "fmt",
    "init": "init",
    "lsp": "lsp",
    "import": "interop",
    "export": "export",
}
"""Every command, in the order ``cjmap --help`` lists them: its name and its module in :mod:`cjmap.cli`, which
defines ``command`` and ``HELP`` (or ``app``, a typer sub-app, for a command with subcommands)."""

PROGRAM = "cjmap"
"""The program's name in usage lines, however it was started (``python -m cjmap`` too)."""
_VERSION = frozenset({"--version", "-V"})
_HELP = frozenset({"--help", "-h"})
_COMPLETION = f"_{PROGRAM.upper()}_COMPLETE"
"""The variable shell completion sets: completing needs every command."""


def app_for(args: list[str]) -> typer.Typer:
    """The app that runs ``cjmap ARGS``: only the command named first, or every command when none is (an
    option first, a misspelt command) or when the shell asks for completions."""
    from cjmap.cli import application

    named = args[0] if args else ""
    if named in COMMANDS and _COMPLETION not in os.environ:
        return application.build([(named, COMMANDS[named])])
    return application.build(COMMANDS.items())


def main() -> int:
    """The ``cjmap`` console script: run the command and return its exit code (never a traceback)."""
    # First of all, for the rest of the process: Ctrl-C while the command's modules are still being imported
    # ends with one line and 130, and SIGTERM after the command (while typer unwinds, say) still ends with
    # 143 rather than death by the signal.
    interrupts.install()
    global _at_exit_registered
    if not _at_exit_registered:
        atexit.register(_at_exit)
        _at_exit_registered = True
    # pydantic looks for plugins in the entry points of every installed distribution (over 10 ms at the first
    # model); none has any business observing cjmap's validation.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = sys.argv[1:]
    try:
        quick = _quick_answer(args)
        if quick is not None:
            return quick
        from cjmap.cli.common import run

        app = app_for(args)
    except (KeyboardInterrupt, interrupts.Terminated) as exc:
        sys.stderr.write(f"{interrupts.MESSAGE}\n")
        return interrupts.EXIT_TERMINATED if isinstance(exc, interrupts.Terminated) else interrupts.EXIT_INTERRUPTED
    return run(app, args, prog_name=PROGRAM)


def _quick_answer(args: list[str]) -> int | None:
    """Answer ``cjmap --version``, ``cjmap --help`` and plain ``cjmap`` (the help on stderr, exit 2) without
    typer, as typer would; None for anything else."""
    if len(args) == 1 and args[0] in _VERSION:
        sys.stdout.write(f"{PROGRAM} {__version__}\n")
        return 0
    if (len(args) == 1 and args[0] in _HELP or not args) and _COMPLETION not in os.environ:
        from cjmap.cli.listing import HELP

        (sys.stdout if args else sys.stderr).write(HELP)
        return 0 if args else 2
    return None


_at_exit_registered = False


def _at_exit() -> None:
    # Python gives SIGINT and SIGTERM back their default action while it shuts down, so a signal landing
    # after the run (the work done, the exit code decided) would kill the process instead (exit -2, -15).
    # Only an ignored signal stays ignored through shut-down. (In a test process this runs at its exit.)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)
    # Shutting down, Python collects cycles over every object the imports made (pydantic's, typer's): some
    # 40 ms of a one-file run. Frozen, they are left to the operating system, which frees the whole process.
    gc.freeze()


def __getattr__(name: str) -> Any:
    # ``cjmap.cli.app``: the whole app, built on first use (tests and embedders run it with typer's runner).
    if name == "app":
        from cjmap.cli import application

        app = application.build(COMMANDS.items())
        globals()["app"] = app
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COMMANDS", "app", "main"]
