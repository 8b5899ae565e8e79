"""The HTTP server of ``cjmap serve``: pages from the latest snapshot, build announcements, and the watcher.

A request's path is decoded once and looked up among the snapshot's pages; anything else, whatever it spells
(``..``, ``%2e%2e``, ``%2f``, an absolute path, a NUL), is 404: no file is ever opened for a request, so
nothing outside the rendered pages can be reached, a symbolic link included. Bound to a loopback address,
the server also refuses a ``Host`` other than its own, so a web page cannot read the maps through a DNS name
rebound to 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import socket
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cjmap.paths import inside
from cjmap.serve import live, snapshot
from cjmap.serve.snapshot import Request, Snapshot

KEEP_ALIVE_SECONDS = 15.0
"""How often an idle event stream gets a comment, so a dropped connection is noticed."""
DEBOUNCE_MS = 150
"""How long the watcher gathers the changes of one save (an editor may write a file in several steps)."""


class Hub:
    """The current snapshot and its build number, and the streams waiting for the next build."""

    def __init__(self, first: Snapshot) -> None:
        self._condition = threading.Condition()
        self._snapshot = first
        # Numbered from a random start: a page left open while the server restarts on the same port then sees
        # a number other than its own and reloads.
        self._build = secrets.randbelow(2**31) + 1
        self._closed = False

    @property
    def current(self) -> tuple[Snapshot, int]:
        with self._condition:
            return self._snapshot, self._build

    def publish(self, fresh: Snapshot) -> bool:
        """Make ``fresh`` current; open pages are told only when a page changed. Whether one did."""
        with self._condition:
            if fresh.pages == self._snapshot.pages:
                self._snapshot = fresh
                return False
            self._snapshot, self._build = fresh, self._build + 1
            self._condition.notify_all()
            return True

    def wait(self, seen: int, timeout: float) -> int | None:
        """The build number once it is not ``seen`` (or ``timeout`` passed); None once the hub is closed."""
        with self._condition:
            self._condition.wait_for(lambda: self._closed or self._build != seen, timeout)
            return None if self._closed else self._build

    def close(self) -> None:
        with self._condition:
            self._closed = True
            self._condition.notify_all()


def page_key(target: str) -> str | None:
    """The page a request target names (``/a%20b.html`` → ``a b.html``, ``/`` → the root page), or None for a
    target no page can have: not a path, a NUL, a backslash, bytes that are not UTF-8."""
    path = target.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/"):
        return None
    try:
        decoded = urllib.parse.unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\x00" in decoded or "\\" in decoded:
        return None
    return decoded[1:]


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, kw_only=True)
class Address:
    """Where the server listens, and the URL a person opens."""

    host: str
    port: int

    @property
    def url(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{shown}:{self.port}/"


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "cjmap-serve"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Quiet: the terminal shows builds, not requests."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self._answer(body=True)

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's name
        self._answer(body=False)

    def _answer(self, *, body: bool) -> None:
        if not self.server.host_allowed(self.headers.get("Host", "")):
            self._plain(HTTPStatus.MISDIRECTED_REQUEST, "This server answers only to its own address.\n", body)
            return
        key = page_key(self.path)
        if key == live.EVENTS[1:] and body:
            self._events()
            return
        current, build = self.server.hub.current
        page = current.page(key) if key is not None else None
        if page is None:
            self._plain(HTTPStatus.NOT_FOUND, "Not found.\n", body)
            return
        script_nonce = live.nonce()
        content = live.with_script(page, build, script_nonce)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Content-Security-Policy", live.policy(script_nonce))
        self._common_headers()
        self.end_headers()
        if body:
            self.wfile.write(content)

    def _common_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")

    def _plain(self, status: HTTPStatus, text: str, body: bool) -> None:
        content = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(content)))
        self._common_headers()
        self.end_headers()
        if body:
            self.wfile.write(content)

    def _events(self) -> None:
        """Server-Sent Events: the current build number now, and each new one as it is published."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self._common_headers()
        self.end_headers()
        self.close_connection = True
        seen = 0
        try:
            self.wfile.write(b"retry: 500\n\n")
            while (build := self.server.hub.wait(seen, KEEP_ALIVE_SECONDS)) is not None:
                self.wfile.write(f"event: build\ndata: {build}\n\n".encode() if build != seen else b": idle\n\n")
                self.wfile.flush()
                seen = build
        except OSError:  # the page went away
            return


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep the process alive
    block_on_close = False
    allowed_hosts: frozenset[str] | None
    """The ``Host`` headers answered; None for any (bound beyond loopback on purpose)."""

    def __init__(self, address: tuple[str, int], hub: Hub) -> None:
        self.hub = hub
        self.allowed_hosts = None
        super().__init__(address, _Handler)

    def host_allowed(self, header: str) -> bool:
        return self.allowed_hosts is None or header.lower() in self.allowed_hosts


class _Server6(_Server):
    address_family = socket.AF_INET6


def listen(host: str, port: int, hub: Hub) -> tuple[ThreadingHTTPServer, Address]:
    """A server bound to ``host``:``port`` (0: a free port) serving ``hub``'s pages. Raises OSError (the port
    is taken, the address is not this machine's)."""
    kind = _Server6 if ":" in host else _Server
    server = kind((host, port), hub)
    address = Address(host=host, port=server.server_address[1])
    if is_loopback(host):
        names = {"localhost", "127.0.0.1", "[::1]", host if ":" not in host else f"[{host}]"}
        server.allowed_hosts = frozenset(f"{name}:{address.port}" for name in names)
    return server, address


@dataclass(frozen=True, kw_only=True)
class Watch:
    """What to watch: the folders of the named paths (searched below when a folder was named), and the files
    outside them that the maps' references lead to."""

    folders: tuple[str, ...]
    files: tuple[str, ...]
    recursive: bool


def watch_of(paths: Sequence[str], inputs: Iterable[str] = ()) -> Watch:
    """The places whose changes can change what ``paths`` render: each named folder (and below), the folder of
    each named file, and each existing file of ``inputs`` not already inside one of those."""
    recursive = any(os.path.isdir(path) for path in paths)
    folders = {os.path.realpath(path if os.path.isdir(path) else os.path.dirname(path) or ".") for path in paths}

    def covered(file: str) -> bool:
        return any(inside(file, folder) if recursive else os.path.dirname(file) == folder for folder in folders)

    files = {os.path.realpath(file) for file in inputs if os.path.isfile(file)}
    return Watch(folders=tuple(sorted(folder for folder in folders if os.path.isdir(folder))),
                 files=tuple(sorted(file for file in files if not covered(file))), recursive=recursive)


def follow(request: Request, hub: Hub, stop: threading.Event, ready: threading.Event,
           on_build: Callable[[Snapshot, bool], None]) -> None:
    """Rebuild after every change that can change a page until ``stop`` is set; publish each build to ``hub``
    and tell ``on_build`` (the snapshot, and whether a page changed). ``ready`` is set once changes are being
    noticed."""
    import watchfiles

    def rebuild() -> Snapshot:
        previous, _ = hub.current
        try:
            fresh = snapshot.build(request, previous)
        except Exception as exc:  # noqa: BLE001 - a bug in cjmap: said on the page, and the next save may pass
            fresh = snapshot.failed(f"internal error: {type(exc).__name__}: {exc} (a bug in cjmap: please report it)",
                                    sorted(previous.pages))
        on_build(fresh, hub.publish(fresh))
        return fresh

    gone = False
    while not stop.is_set():
        watch = watch_of(request.paths, hub.current[0].inputs)
        if not watch.folders and not watch.files:  # the named paths and their folders are gone: look again shortly
            gone = True
            ready.set()
            stop.wait(0.5)
            continue
        if gone:  # back: what it holds now was never seen
            gone = False
            rebuild()
            continue
        # yield_on_timeout: an empty first batch says the watcher is in place, so the URL is printed only then.
        for changes in watchfiles.watch(*watch.folders, *watch.files, recursive=watch.recursive,
                                        debounce=DEBOUNCE_MS, step=30, rust_timeout=300, yield_on_timeout=True,
                                        stop_event=stop, raise_interrupt=False):
            ready.set()
            if not changes:
                continue
            fresh = rebuild()
            # Watch again when the references changed, or a watched file was replaced (an editor's save by
            # renaming a new file over it leaves the watch on the old one).
            if watch_of(request.paths, fresh.inputs) != watch or any(path in watch.files for _, path in changes):
                break
