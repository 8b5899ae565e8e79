"""``cjmap serve`` as a user starts it: a subprocess on a temporary project, its printed address read back."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

START_SECONDS = 60.0
"""How long the server may take to print its address (a loaded machine)."""
_URL = re.compile(r"at (http://\S+/) \(Ctrl-C stops\)")


def a_map(title: str, step: str = "Orders a coffee") -> str:
    """A valid one-step map titled ``title`` whose step is ``step`` (JSON strings are YAML strings)."""
    return (f"cjmap: 1\nid: m\ntitle: {json.dumps(title)}\ntype: current-state\n"
            "stages:\n  - id: s\n    name: Visit\n    steps:\n"
            f"      - {{id: a, name: {json.dumps(step)}, emotion: 2}}\n")


BROKEN_MAP = "cjmap: 1\nid: m\ntitle: Broken\ntype: current-state\nstages:\n  - id: s\n    name: Visit\n    stepz: []\n"
"""A map with a misspelt key (line 8, column 5)."""


@dataclass
class Served:
    """A running ``cjmap serve``: its process, the address it printed, and what it wrote on stderr so far."""

    process: subprocess.Popen[str]
    url: str
    lines: queue.Queue[str]
    seen: list[str] = field(default_factory=list)

    def stderr(self, wait: float = 0.0) -> str:
        """Everything printed on stderr so far (after waiting ``wait`` seconds for more)."""
        deadline = time.monotonic() + wait
        while True:
            try:
                self.seen.append(self.lines.get(timeout=max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                return "".join(self.seen)

    def stop(self, signum: int = signal.SIGINT) -> int:
        """Send ``signum`` and return the exit code."""
        self.process.send_signal(signum)
        return self.process.wait(timeout=30)


def _read(stream: object, lines: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        lines.put(line)


def start(*args: str | Path, cwd: Path) -> tuple[subprocess.Popen[str], queue.Queue[str]]:
    """Start ``cjmap serve ARGS`` in ``cwd``; its stderr lines arrive in the queue."""
    env = {**os.environ, "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "cjmap", "serve", *map(str, args)], cwd=cwd, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, encoding="utf-8")
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_read, args=(process.stderr, lines), daemon=True).start()
    return process, lines


@contextmanager
def serving(*args: str | Path, cwd: Path) -> Iterator[Served]:
    """A ``cjmap serve`` running until the block ends (then stopped with Ctrl-C, or killed if it hangs)."""
    process, lines = start(*args, cwd=cwd)
    seen: list[str] = []
    deadline = time.monotonic() + START_SECONDS
    try:
        while not (match := _URL.search("".join(seen))):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"cjmap serve printed no address (exit {process.poll()}): {''.join(seen)}")
            try:
                seen.append(lines.get(timeout=0.2))
            except queue.Empty:
                pass
        yield Served(process=process, url=match[1], lines=lines, seen=seen)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def port_of(served: Served) -> int:
    port = urllib.parse.urlsplit(served.url).port
    assert port is not None
    return port


def get(served: Served, target: str, *, host: str | None = None) -> tuple[int, dict[str, str], str]:
    """GET ``target`` exactly as written (no normalising); the status, headers and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port_of(served), timeout=10)
    try:
        connection.putrequest("GET", target, skip_host=host is not None)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def wait_for(served: Served, target: str, text: str, seconds: float = 5.0) -> str:
    """The body of ``target`` once it holds ``text``; fails after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        status, _, body = get(served, target)
        if text in body:
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"{target} did not show {text!r} within {seconds} s (status {status}):\n{body[:2000]}")
        time.sleep(0.05)
