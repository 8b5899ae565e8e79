"""``cjmap serve``: a live preview of one map's page or of a folder's site, reloaded on every save."""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from cjmap.cli.common import EXIT_OK, ExcludeOption, PathsArgument, excluding, exit_with, fail, shown, warn

if TYPE_CHECKING:
    from cjmap.serve.snapshot import Snapshot

HELP = """Serve a live preview: one map's HTML page, or a folder (or several maps) as the site 'cjmap render
DIR -o SITE' writes, and reload the open page within a second of every save.

A map with problems shows them, located (file:line:column, code, message), instead of its page, and is back
after the next good save. The server listens on 127.0.0.1 (this machine only) on a free port unless --host
and --port say otherwise, prints the address to open, and serves the rendered pages only: no file of the
project, no folder listing. Ctrl-C stops it. Needs the watchfiles package (pip install 'cjmap[serve]').
Exit codes: 130 after Ctrl-C (143 on SIGTERM), 2 usage or environment error (no map found, the port is
taken, watchfiles missing).

PATH: map files or directories (searched recursively for *.yaml and *.yml maps), followed on disk (not
stdin). Without PATH, the current directory.
"""
READY_SECONDS = 5.0
"""How long to wait for the file watcher to be in place before printing the address anyway."""


def _problem_lines(built: Snapshot) -> list[str]:
    if built.failure:
        return [f"  {shown(built.failure)}"]
    return [f"  {shown(p.file)}:{p.location.line}:{p.location.column}: {p.code} {shown(p.message)}"
            for p in sorted(built.problems)]


def _tell(built: Snapshot, changed: bool) -> None:
    """Say on stderr what a save changed: the pages were rebuilt, with or without problems."""
    if not changed:
        return
    lines = _problem_lines(built)
    warn("rebuilt" + ("; problems:\n" + "\n".join(lines) if lines else ": no problems"))


def serve(paths: Sequence[str], *, host: str = "127.0.0.1", port: int = 0, exclude: Sequence[str] = ()) -> int:
    """Serve the maps under ``paths`` until Ctrl-C or SIGTERM (which end the command, 130 or 143)."""
    from cjmap.discovery import select
    from cjmap.serve import snapshot
    from cjmap.serve.server import Hub, follow, is_loopback, listen
    from cjmap.source import STDIN

    try:
        import watchfiles  # noqa: F401 - only to say early that it is missing
    except ImportError:
        fail("cjmap serve needs the watchfiles package: pip install 'cjmap[serve]'")
    named = list(paths) or ["."]
    if STDIN in named:
        fail("cjmap serve follows files on disk; '-' (stdin) cannot be served")
    with excluding(exclude) as exclusion:
        selection = select(named, exclusion=exclusion)
    if selection.missing:
        fail("no such file or directory: " + ", ".join(shown(name) for name in selection.missing))
    if not selection.files:
        fail(f"no map found in {', '.join(shown(name) for name in named)}")
    site = len(named) > 1 or any(os.path.isdir(name) for name in named)
    # The notes on links skipped are printed once, above; the rebuilds search quietly.
    request = snapshot.Request(paths=tuple(named), site=site, exclusion=dataclasses.replace(exclusion, on_skip=None))
    first = snapshot.build(request)
    if first.failure:
        fail(first.failure)
    hub = Hub(first)
    try:
        server, address = listen(host, port, hub)
    except OSError as exc:
        fail(f"cannot listen on {shown(host)} port {port}: {exc.strerror or exc}")
    if not is_loopback(host):
        warn(f"warning: --host {shown(host)}: every machine that can reach this one can read these maps, with no "
             "password; leave --host out to serve this machine only")
    stop, ready = threading.Event(), threading.Event()

    def watching() -> None:
        try:
            follow(request, hub, stop, ready, _tell)
        except Exception as exc:  # noqa: BLE001 - the server goes on; the page just stops following saves
            warn(f"error: stopped watching for changes: {exc}")
        finally:
            ready.set()

    watcher = threading.Thread(target=watching, name="cjmap-watch", daemon=True)
    try:
        watcher.start()
        ready.wait(READY_SECONDS)
        warn(f"serving {', '.join(shown(name) for name in named)} at {address.url} (Ctrl-C stops)")
        if lines := _problem_lines(first):
            warn("problems:\n" + "\n".join(lines))
        server.serve_forever(poll_interval=0.25)
    finally:
        stop.set()
        hub.close()
        server.server_close()
        watcher.join(READY_SECONDS)
    return EXIT_OK


def command(
    paths: PathsArgument = None,
    host: Annotated[str, typer.Option(
        "--host", metavar="ADDRESS",
        help="Address to listen on; anything but a loopback address serves the maps to other machines "
             "(a warning says so).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(
        "--port", "-p", metavar="N", min=0, max=65535,
        help="Port to listen on; 0 picks a free one (the address is printed).")] = 0,
    exclude: ExcludeOption = None,
) -> None:
    exit_with(serve, paths or [], host=host, port=port, exclude=exclude or [])
