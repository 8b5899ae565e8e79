"""A tiny language-server client for the tests: JSON-RPC with Content-Length headers over a process's stdio.

A reader thread files every message the server sends (answering the server's own requests, such as
``window/workDoneProgress/create``, on the way); :meth:`Client.request` waits for the answer with its id,
:meth:`Client.notification` for the next notification of a method.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

TIMEOUT = 30.0


class Client:
    """A running server and the messages it sent."""

    def __init__(self, command: list[str], cwd: Path) -> None:
        self.process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
        self.next_id = 0
        self.answers: dict[int, Any] = {}
        self.notifications: queue.Queue[dict[str, Any]] = queue.Queue()
        self.backlog: list[dict[str, Any]] = []
        self.lock = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            assert length is not None
            message = json.loads(stream.read(length))
            if "method" in message and "id" in message:  # a request from the server: say yes
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif "method" in message:
                self.notifications.put(message)
            else:
                with self.lock:
                    self.answers[message["id"]] = message
                    self.lock.notify_all()

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def request(self, method: str, params: Any = None) -> Any:
        """Send a request and return its whole answer (``result`` or ``error``)."""
        self.next_id += 1
        number = self.next_id
        self._send({"jsonrpc": "2.0", "id": number, "method": method, "params": params})
        with self.lock:
            if not self.lock.wait_for(lambda: number in self.answers, timeout=TIMEOUT):
                raise TimeoutError(f"no answer to {method}")
            return self.answers.pop(number)

    def result(self, method: str, params: Any = None) -> Any:
        """The result of a request that must succeed."""
        answer = self.request(method, params)
        assert "error" not in answer, answer
        return answer["result"]

    def notify(self, method: str, params: Any = None) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def notification(self, method: str, timeout: float = TIMEOUT) -> dict[str, Any]:
        """The params of the next notification of ``method`` (others are kept for later calls); raises
        queue.Empty when none comes within ``timeout`` seconds."""
        for index, message in enumerate(self.backlog):
            if message["method"] == method:
                del self.backlog[index]
                params: dict[str, Any] = message["params"]
                return params
        end = time.monotonic() + timeout
        while True:
            message = self.notifications.get(timeout=max(end - time.monotonic(), 0.01))
            if message["method"] == method:
                params = message["params"]
                return params
            self.backlog.append(message)

    def initialize(self, root: Path) -> dict[str, Any]:
        result: dict[str, Any] = self.result("initialize", {"processId": None, "rootUri": root.as_uri(),
                                                             "capabilities": {}})
        self.notify("initialized", {})
        return result

    def open(self, path: Path, text: str) -> None:
        self.notify("textDocument/didOpen", {"textDocument": {"uri": path.as_uri(), "languageId": "yaml",
                                                                "version": 1, "text": text}})

    def stop(self) -> int:
        """Shut the server down and return its exit code."""
        self.result("shutdown")
        self.notify("exit")
        code = self.process.wait(timeout=TIMEOUT)
        self.close()
        return code

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
