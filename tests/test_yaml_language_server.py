"""The JSON Schemas in a real editor's hands: Red Hat's yaml-language-server (the engine of VS Code's YAML
extension, and of Neovim's, Helix's and Zed's YAML support), driven over the Language Server Protocol on stdio.

The schemas are associated as a user would: ``yaml.schemas`` globs for the file-name convention
(``*.journey.yaml``, ``*.persona.yaml``) sent with ``workspace/didChangeConfiguration``, or a modeline in the
file. What the server reports comes from the schema alone: cjmap does not run.
Skipped, with the reason, without node or without ``cd tests/node && npm install``.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SCHEMAS, example_files

from cjmap.schema import SCHEMA_FILES

SERVER = REPO / "tests" / "node" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
NODE = shutil.which("node")
WAIT = 60.0
"""Seconds to wait for an answer: the machine may be busy, and the first schema load takes a while."""

pytestmark = [
    pytest.mark.skipif(NODE is None, reason="node is not installed"),
    pytest.mark.skipif(not SERVER.is_file(), reason="yaml-language-server is not installed: "
                                                    "run 'cd tests/node && npm install'"),
]

SETTINGS = {"yaml": {
    "schemas": {(SCHEMAS / SCHEMA_FILES["map"]).as_uri(): ["*.journey.yaml", "*.journey.yml"],
                (SCHEMAS / SCHEMA_FILES["persona"]).as_uri(): ["*.persona.yaml", "*.persona.yml"]},
    "validate": True, "completion": True, "hover": True,
    "schemaStore": {"enable": False},  # offline, and only cjmap's schemas
}}


class LanguageServer:
    """A client of one server process: JSON-RPC messages with Content-Length headers over its stdio.

    Requests the server sends (``workspace/configuration`` and the like) are answered as an editor would, on
    the reader thread, so a test only waits for what it asked for.
    """

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        with self.lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if not line or length is None:
                return
            message = json.loads(stream.read(length))
            if "method" in message and "id" in message:
                self._send({"id": message["id"], "result": self._answer(message["method"], message.get("params"))})
            else:
                self.messages.put(message)

    @staticmethod
    def _answer(method: str, params: Any) -> Any:
        if method == "workspace/configuration":
            return [SETTINGS.get(item.get("section")) for item in params["items"]]
        return None

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def wait(self, wanted: Any) -> dict[str, Any]:
        """The first message from now on for which ``wanted(message)`` is true (others are dropped)."""
        deadline = time.monotonic() + WAIT
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                break
            if wanted(message):
                return message
        raise AssertionError(f"yaml-language-server sent nothing wanted within {WAIT:.0f} s")

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        number = self.next_id
        self._send({"id": number, "method": method, "params": params})
        answer = self.wait(lambda message: message.get("id") == number)
        assert "error" not in answer, answer["error"]
        return answer["result"]

    def open(self, path: Path, text: str) -> str:
        uri = path.as_uri()
        self.notify("textDocument/didOpen",
                    {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        return uri

    def diagnostics(self, path: Path, text: str, *, expect_some: bool = True) -> list[tuple[int, int, str]]:
        """Open ``text`` as the file ``path``; its diagnostics as (line, column, message), 1-based, sorted.

        With ``expect_some``, an empty report (the server may publish one before the schema is loaded) is
        waited past."""
        uri = self.open(path, text)
        published = self.wait(lambda message: message.get("method") == "textDocument/publishDiagnostics"
                              and message["params"]["uri"] == uri
                              and (bool(message["params"]["diagnostics"]) or not expect_some))
        found = published["params"]["diagnostics"]
        assert all(item["source"].startswith("yaml-schema") for item in found), found
        return sorted((item["range"]["start"]["line"] + 1, item["range"]["start"]["character"] + 1,
                       item["message"]) for item in found)

    def completion(self, uri: str, line: int, column: int) -> dict[str, str]:
        """The completion items at 1-based ``line``:``column``: label -> documentation text."""
        result = self.request("textDocument/completion",
                              {"textDocument": {"uri": uri}, "position": {"line": line - 1, "character": column - 1}})
        items = result["items"] if isinstance(result, dict) else result or []
        return {item["label"]: _text(item.get("documentation")) for item in items}

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()


def _text(documentation: Any) -> str:
    return documentation.get("value", "") if isinstance(documentation, dict) else documentation or ""


@pytest.fixture(scope="module")
def server() -> Iterator[LanguageServer]:
    assert NODE is not None
    client = LanguageServer([NODE, str(SERVER), "--stdio"])
    try:
        client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {
            "workspace": {"configuration": True},
            "textDocument": {"completion": {"completionItem": {"documentationFormat": ["plaintext"]}}}}})
        client.notify("initialized", {})
        client.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})
        yield client
    finally:
        client.close()


def schema_of(kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))
    return loaded


MISSPELT = "cjmap: 1\nid: trip\ntitel: A trip\ntype: current-stat\nstages: []\n"
ENUM = ("Value is not accepted. Valid values: \"current-state\", \"future-state\", \"day-in-the-life\", "
        "\"service-blueprint\".")


def test_a_map_named_by_the_convention_gets_the_schemas_diagnostics(server: LanguageServer, tmp_path: Path) -> None:
    assert server.diagnostics(tmp_path / "trip.journey.yaml", MISSPELT) == [
        (1, 1, 'Missing property "title".'),
        (3, 1, "Property titel is not allowed."),
        (4, 7, ENUM),
    ]


def test_the_yml_ending_and_a_nested_wrong_value_are_judged_too(server: LanguageServer, tmp_path: Path) -> None:
    text = ("cjmap: 1\nid: trip\ntitle: A trip\ntype: current-state\nstages:\n  - name: Plan\n    steps:\n"
            "      - name: Searches\n        pain_points:\n          - {text: Slow, severity: urgent}\n"
            "        emotoin: 2\n")
    found = server.diagnostics(tmp_path / "trip.journey.yml", text)
    assert [(line, message) for line, _, message in found] == [
        (10, 'Value is not accepted. Valid values: "low", "medium", "high", "critical".'),
        (11, "Property emotoin is not allowed."),
    ]


def test_a_persona_file_named_by_the_convention_gets_the_persona_schema(server: LanguageServer,
                                                                        tmp_path: Path) -> None:
    text = "cjmap-persona: 1\nname: Maya\nrol: Freelance accountant\n"
    assert server.diagnostics(tmp_path / "maya.persona.yaml", text) == [(3, 1, "Property rol is not allowed.")]


def test_the_modeline_works_for_a_file_of_any_name(server: LanguageServer, tmp_path: Path) -> None:
    modeline = f"# yaml-language-server: $schema={(SCHEMAS / SCHEMA_FILES['map']).as_uri()}\n"
    assert server.diagnostics(tmp_path / "checkout.yaml", modeline + MISSPELT) == [
        (2, 1, 'Missing property "title".'),
        (4, 1, "Property titel is not allowed."),
        (5, 7, ENUM),
    ]


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_the_examples_raise_nothing_in_the_editor(server: LanguageServer, path: Path) -> None:
    # Opened where they are, so their own modelines apply; the broken map first makes sure the schemas are
    # loaded before an empty report is believed.
    server.diagnostics(path.parent / "warm-up.journey.yaml", MISSPELT)
    assert server.diagnostics(path, path.read_text(encoding="utf-8"), expect_some=False) == []


def test_completion_offers_the_map_keys_with_their_descriptions(server: LanguageServer, tmp_path: Path) -> None:
    text = "cjmap: 1\nid: trip\ntitle: A trip\ntype: current-state\nstages: []\n\n"
    uri = server.open(tmp_path / "keys.journey.yaml", text)
    offered = server.completion(uri, 6, 1)
    properties = schema_of("map")["properties"]
    missing = {key for key in properties if key not in {"cjmap", "id", "title", "type", "stages"}}
    assert missing <= set(offered), sorted(missing - set(offered))
    for key in missing:
        assert properties[key]["description"] in offered[key], key


def test_completion_inside_a_step_offers_the_step_keys(server: LanguageServer, tmp_path: Path) -> None:
    text = ("cjmap: 1\nid: trip\ntitle: A trip\ntype: current-state\nstages:\n  - name: Plan\n    steps:\n"
            "      - name: Searches\n        \n")
    uri = server.open(tmp_path / "step.journey.yaml", text)
    offered = server.completion(uri, 9, 9)
    step = schema_of("map")["$defs"]["Step"]["properties"]
    for key in ("pain_points", "emotion", "moment_of_truth", "backstage"):
        assert step[key]["description"] in offered.get(key, ""), (key, sorted(offered))


def test_hover_on_a_key_explains_it(server: LanguageServer, tmp_path: Path) -> None:
    text = "cjmap: 1\nid: trip\ntitle: A trip\ntype: current-state\nstatus: draft\nstages: []\n"
    uri = server.open(tmp_path / "hover.journey.yaml", text)
    shown = server.request("textDocument/hover",
                           {"textDocument": {"uri": uri}, "position": {"line": 4, "character": 2}})
    assert schema_of("map")["properties"]["status"]["description"] in _text(shown["contents"])
