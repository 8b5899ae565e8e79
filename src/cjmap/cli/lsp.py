"""``cjmap lsp``: serve the language server over stdio (pygls, the optional extra ``cjmap[lsp]``)."""

from __future__ import annotations

from typing import Annotated

import typer

from cjmap.cli.common import EXIT_OK, EXIT_PROBLEMS, exit_with, fail

HELP = """Run the language server over stdin and stdout, for editors: diagnostics from validate and lint as you
type, hover, go to definition, references, completion, quick fixes, formatting, rename and an outline.

Needs the optional extra: pip install 'cjmap[lsp]'. Start it from the editor, not by hand (see
docs/editors.md). Exit codes: 0 after the editor's shutdown and exit, 1 on exit without shutdown (or
stdin closed), 2 when pygls is not installed.
"""


def lsp() -> int:
    """Serve until the client says exit; the exit code."""
    try:
        from cjmap.lsp.server import serve
    except ImportError as exc:
        if exc.name not in ("pygls", "lsprotocol") and not str(exc.name).startswith(("pygls.", "lsprotocol.")):
            raise
        fail("cjmap lsp needs pygls, which is not installed: pip install 'cjmap[lsp]'")
    return EXIT_OK if serve() else EXIT_PROBLEMS


def command(
    stdio: Annotated[bool, typer.Option(
        "--stdio", show_default=False, help="Talk over stdin and stdout: the only transport, and the default "
                                            "(accepted because editors' clients pass it).")] = True,
) -> None:
    del stdio  # stdio is the one transport: the flag changes nothing
    exit_with(lsp)
