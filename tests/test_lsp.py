"""``cjmap lsp``: the language server, started as an editor starts it and spoken to over its stdio."""

from __future__ import annotations

import queue
import re
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lsp_client import Client

# The pages a diagnostic links to: under the Documentation URL the package declares (pyproject.toml).
DOCS = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))[
    "project"]["urls"]["Documentation"]

pytest.importorskip("pygls")

MAP = """\
cjmap: 1
id: m
title: Buying shoes
type: current-state
owner: team
persona: personas/shopper.yaml
scope:
  scenario: Someone buys running shoes online.
  business_goals: [Sell more shoes]
channels:
  web: {name: Website, kind: digital}
  store: {name: Shop, kind: physical}
stages:
  - id: look
    name: Look
    steps:
      - id: browse
        name: Browses
        channel: wbe
        emotion: 2
        research: [Interviews]
        pain_points:
          - id: slow-page
            text: The page loads slowly
            severity: high
        opportunities:
          - id: cache
            text: Cache the catalogue
            owner: web-team
            addresses: [slow-page]
        kpis:
          - {id: load-time, name: Load time, value: 4, target: 1, unit: s, direction: lower, addresses: [slow-page]}
  - id: buy
    name: Buy
    steps:
      - id: pay
        name: Pays
        channel: store
        emotion: 1  # cjmap: disable-line=I003,C003 an ending we cannot change
        research: [Interviews]
"""
LINES = MAP.splitlines()


def position(line_text: str, token: str, nth: int = 0) -> dict[str, int]:
    """The position of ``token`` in the first line of MAP that contains ``line_text`` (the nth match)."""
    line = [i for i, text in enumerate(LINES) if line_text in text][nth]
    return {"line": line, "character": LINES[line].index(token, LINES[line].index(line_text))}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Client, Path]]:
    (tmp_path / "personas").mkdir()
    (tmp_path / "personas" / "shopper.yaml").write_text("cjmap-persona: 1\nname: Shopper\n", encoding="utf-8")
    client = Client([sys.executable, "-m", "cjmap", "lsp"], tmp_path)
    try:
        client.initialize(tmp_path)
        yield client, tmp_path / "m.yaml"
    finally:
        client.close()


def opened(server: tuple[Client, Path], text: str = MAP) -> tuple[Client, dict[str, Any], list[dict[str, Any]]]:
    """Open ``text`` as m.yaml (written to disk too, as an editor would find it); the diagnostics sent."""
    client, path = server
    path.write_text(text, encoding="utf-8")
    client.open(path, text)
    published = client.notification("textDocument/publishDiagnostics")
    assert published["uri"] == path.as_uri()
    return client, {"uri": path.as_uri()}, published["diagnostics"]


def test_diagnostics_name_code_range_and_documentation(server: tuple[Client, Path]) -> None:
    _, _, diagnostics = opened(server)
    unknown = [d for d in diagnostics if d["code"] == "V031"]
    start = position("channel: wbe", "wbe")
    assert unknown == [{
        "range": {"start": start, "end": {"line": start["line"], "character": start["character"] + 3}},
        "message": "unknown channel 'wbe'\ndid you mean 'web'?", "severity": 1, "code": "V031", "source": "cjmap",
        "codeDescription": {"href": f"{DOCS}/codes.md"},
        "data": {"name": "unknown-reference", "fixable": False}}]
    # Validation stops lint, as in `cjmap lint`: only the V031 until it is fixed.
    assert [d["code"] for d in diagnostics] == ["V031"]


def test_an_edit_that_fixes_the_problem_clears_the_diagnostics_and_lint_runs(server: tuple[Client, Path]) -> None:
    client, document, _ = opened(server)
    start = position("channel: wbe", "wbe")
    end = {"line": start["line"], "character": start["character"] + 3}
    began = time.monotonic()
    client.notify("textDocument/didChange", {"textDocument": {**document, "version": 2}, "contentChanges": [
        {"range": {"start": start, "end": end}, "text": "web"}]})
    published = client.notification("textDocument/publishDiagnostics")
    assert time.monotonic() - began >= 0.2  # debounced
    assert published["version"] == 2
    # The map validates now, so lint runs: it finds nothing (the suppressed I003 stays silent).
    assert published["diagnostics"] == []


def test_persona_files_are_followed_as_validate_follows_them(server: tuple[Client, Path]) -> None:
    _, _, diagnostics = opened(server, MAP.replace("channel: wbe", "channel: web").replace("shopper.yaml", "nobody.yaml"))
    assert [(d["code"], d["range"]["start"]) for d in diagnostics] == [
        ("V032", position("persona: personas", "personas"))]


def test_saving_checks_again_with_the_files_the_map_names(server: tuple[Client, Path]) -> None:
    client, document, diagnostics = opened(server, MAP.replace("channel: wbe", "channel: web")
                                           .replace("shopper.yaml", "later.yaml"))
    assert [d["code"] for d in diagnostics] == ["V032"]
    (server[1].parent / "personas" / "later.yaml").write_text("cjmap-persona: 1\nname: Later\n", encoding="utf-8")
    client.notify("textDocument/didSave", {"textDocument": document})
    assert client.notification("textDocument/publishDiagnostics")["diagnostics"] == []


def test_saving_a_persona_file_checks_the_open_maps_again(server: tuple[Client, Path]) -> None:
    client, document, diagnostics = opened(server, MAP.replace("channel: wbe", "channel: web")
                                           .replace("shopper.yaml", "later.yaml"))
    assert [d["code"] for d in diagnostics] == ["V032"]
    persona = server[1].parent / "personas" / "later.yaml"
    persona.write_text("cjmap-persona: 1\nname: Later\n", encoding="utf-8")
    client.open(persona, persona.read_text(encoding="utf-8"))
    client.notify("textDocument/didSave", {"textDocument": {"uri": persona.as_uri()}})
    published = {}
    while document["uri"] not in published:
        found = client.notification("textDocument/publishDiagnostics")
        published[found["uri"]] = found["diagnostics"]
    assert published == {persona.as_uri(): [], document["uri"]: []}


def test_a_broken_configuration_is_said_once_and_validation_goes_on(server: tuple[Client, Path]) -> None:
    client, path = server
    (path.parent / ".cjmap.yaml").write_text("select: [NOPE]\n", encoding="utf-8")
    text = MAP.replace("channel: wbe", "channel: web")
    client, document, diagnostics = opened(server, text)
    assert diagnostics == []
    message = client.notification("window/showMessage")
    assert message["type"] == 2 and message["message"].startswith("cjmap: lint skipped: ")
    assert "'NOPE' matches no rule" in message["message"]
    client.notify("textDocument/didChange", {"textDocument": {**document, "version": 2},
                                             "contentChanges": [{"text": text.replace("channel: web", "channel: x")}]})
    assert [d["code"] for d in client.notification("textDocument/publishDiagnostics")["diagnostics"]] == ["V031"]
    client.notify("textDocument/didChange", {"textDocument": {**document, "version": 3},
                                             "contentChanges": [{"text": text}]})
    assert client.notification("textDocument/publishDiagnostics")["diagnostics"] == []
    with pytest.raises(queue.Empty):
        client.notification("window/showMessage", timeout=0.5)


def test_lint_findings_link_to_the_rule(server: tuple[Client, Path]) -> None:
    text = MAP.replace("channel: wbe", "channel: web")
    _, _, diagnostics = opened(server, text.replace("store: {name: Shop, kind: physical}\n",
                                                    "store: {name: Shop, kind: physical}\n  mail: {name: Mail}\n"))
    assert [(d["code"], d["data"]["name"]) for d in diagnostics] == [("R001", "unused-channel")]
    assert diagnostics[0]["codeDescription"]["href"] == f"{DOCS}/rules/R001.md"
    assert diagnostics[0]["severity"] == 2
    assert diagnostics[0]["tags"] == [1]  # Unnecessary: editors fade it
    line = text.splitlines().index("  store: {name: Shop, kind: physical}") + 1
    assert diagnostics[0]["range"] == {"start": {"line": line, "character": 2}, "end": {"line": line, "character": 6}}


def test_hover(server: tuple[Client, Path]) -> None:
    client, document, _ = opened(server, MAP.replace("channel: wbe", "channel: web"))

    def hover(where: dict[str, int]) -> str:
        answer = client.result("textDocument/hover", {"textDocument": document, "position": where})
        assert answer["contents"]["kind"] == "markdown"
        text: str = answer["contents"]["value"]
        return text

    assert hover(position("addresses: [slow-page]", "slow-page")) == (
        "pain point `slow-page` (severity high): The page loads slowly\n\nin step *Browses*\n\n"
        "named 2 times in this map")
    assert hover(position("channel: store", "store")) == "channel `store`: Shop, physical\n\nnamed 1 time in this map"
    assert hover(position("emotion: 1", "1")) == "emotion 1 (below neutral; scale 1..5 (neutral 3))"
    explained = hover(position("disable-line=I003", "I003"))
    assert explained.startswith("```text\nI003 low-emotion-without-pain-point\nDefault severity:")
    assert client.result("textDocument/hover", {"textDocument": document,
                                                "position": {"line": 0, "character": 0}}) is None


def test_hover_on_a_finding_explains_its_rule(server: tuple[Client, Path], cli: Any) -> None:
    text = MAP.replace("channel: wbe", "channel: web").replace("disable-line=I003,C003", "disable-line=C003")
    client, document, diagnostics = opened(server, text)
    assert [d["code"] for d in diagnostics] == ["I003"]
    answer = client.result("textDocument/hover", {"textDocument": document, "position": diagnostics[0]["range"]["start"]})
    explain = cli("lint", "--explain", "I003")
    assert answer["contents"]["value"].startswith("```text\n" + explain.stdout.rstrip("\n") + "\n```")


def test_definition_and_references(server: tuple[Client, Path]) -> None:
    client, document, _ = opened(server)
    use = position("addresses: [slow-page]", "slow-page")
    declared = position("- id: slow-page", "slow-page")
    found = client.result("textDocument/definition", {"textDocument": document, "position": use})
    assert found == [{"uri": document["uri"], "range": {
        "start": declared, "end": {"line": declared["line"], "character": declared["character"] + 9}}}]
    persona = client.result("textDocument/definition", {"textDocument": document,
                                                         "position": position("persona: personas", "shopper")})
    target = (server[1].parent / "personas" / "shopper.yaml").resolve()
    assert [(found["uri"], found["range"]["start"]) for found in persona] == [
        (target.as_uri(), {"line": 0, "character": 0})]
    channel = position("store: {name", "store")
    refs = client.result("textDocument/references", {"textDocument": document, "position": channel,
                                                      "context": {"includeDeclaration": True}})
    assert [r["range"]["start"] for r in refs] == [channel, position("channel: store", "store")]
    refs = client.result("textDocument/references", {"textDocument": document, "position": channel,
                                                      "context": {"includeDeclaration": False}})
    assert [r["range"]["start"] for r in refs] == [position("channel: store", "store")]


def test_definition_and_references_reach_the_baseline(server: tuple[Client, Path]) -> None:
    # A future-state map shares its stage, step and pain-point ids with its baseline: the step it improves on
    # is the one with the same id. The baseline is read from disk, its positions from its own lines.
    baseline = server[1].parent / "now.yaml"
    baseline.write_text("# Today's journey, as researched\n" + MAP, encoding="utf-8")  # one line lower there
    future = MAP.replace("type: current-state", "type: future-state\nbaseline: now.yaml")
    client, document, _ = opened(server, future)
    lines = future.splitlines()

    def at(text: str, token: str) -> dict[str, int]:
        line = next(i for i, written in enumerate(lines) if text in written)
        return {"line": line, "character": lines[line].index(token)}

    def starts(answer: list[dict[str, Any]]) -> list[tuple[str, dict[str, int]]]:
        return [(found["uri"], found["range"]["start"]) for found in answer]

    here, there = document["uri"], baseline.resolve().as_uri()
    step = at("- id: pay", "pay")
    found = client.result("textDocument/definition", {"textDocument": document, "position": step})
    assert starts(found) == [(here, step), (there, {"line": LINES.index("      - id: pay") + 1,
                                                    "character": step["character"]})]
    pain = at("- id: slow-page", "slow-page")
    refs = client.result("textDocument/references", {"textDocument": document, "position": pain,
                                                      "context": {"includeDeclaration": False}})
    in_baseline = [start for uri, start in starts(refs) if uri == there]
    assert len(in_baseline) == 3  # its declaration and the two addresses, in the baseline's own lines
    assert all(LINES[start["line"] - 1][start["character"]:].startswith("slow-page") for start in in_baseline)
    # An id of another kind (a channel) stays in its own file.
    channel = client.result("textDocument/definition", {"textDocument": document,
                                                         "position": at("channel: store", "store")})
    assert {uri for uri, _ in starts(channel)} == {here}


def labels(answer: dict[str, Any]) -> list[str]:
    return [item["label"] for item in answer["items"]]


def test_completion(server: tuple[Client, Path]) -> None:
    client, document, _ = opened(server)
    text = MAP + "      - name: Leaves\n        \n"
    client.notify("textDocument/didChange", {"textDocument": {**document, "version": 2},
                                             "contentChanges": [{"text": text}]})
    client.notification("textDocument/publishDiagnostics")
    line = len(text.splitlines()) - 1
    keys = client.result("textDocument/completion", {"textDocument": document,
                                                     "position": {"line": line, "character": 8}})
    assert {"channel", "emotion", "pain_points", "moment_of_truth"} <= set(labels(keys))
    assert "title" not in labels(keys)  # a map's key, not a step's
    channel = next(item for item in keys["items"] if item["label"] == "channel")
    assert channel["documentation"] == "Channel id(s) from the map's catalogue."
    documented = {item["label"]: item.get("documentation") for item in keys["items"]}
    from cjmap.model.step import Step
    for key in ("physical_evidence", "emotion"):  # the model's own words, as the JSON Schema gives them
        assert documented[key] == Step.model_fields[key].description

    def at(line_text: str, column: int) -> list[str]:
        index = LINES.index(line_text)
        return labels(client.result("textDocument/completion", {"textDocument": document,
                                                                "position": {"line": index, "character": column}}))

    assert at("        channel: wbe", len("        channel: ")) == ["web", "store"]
    assert at("            severity: high", len("            severity: ")) == ["low", "medium", "high", "critical"]
    assert at("            addresses: [slow-page]", len("            addresses: [")) == ["slow-page"]
    assert at("channels:", len("channels: ")) == []  # the catalogue itself names no channel
    assert at("  scenario: Someone buys running shoes online.", len("  ")) == [
        "scenario", "learning_goals", "out_of_scope", "expectations", "channels"]  # business_goals is written
    # Keys the mapping already has are not offered again (those on the cursor's own line are being edited).
    assert at("          - id: slow-page", len("          - ")) == ["id"]
    assert "channel" not in at("        emotion: 2", len("        "))
    assert {"id", "text"}.isdisjoint(at("            severity: high", len("            ")))
    assert at("            text: The page loads slowly", len("            ")) == ["text"]


def test_code_action_offers_the_safe_fix(server: tuple[Client, Path]) -> None:
    text = MAP.replace("channel: wbe", "channel: web").replace("- id: cache\n            text:", "- text:")
    client, document, diagnostics = opened(server, text)
    missing = [d for d in diagnostics if d["code"] == "R006"]
    assert len(missing) == 1 and missing[0]["data"]["fixable"]
    actions = client.result("textDocument/codeAction", {"textDocument": document, "range": missing[0]["range"],
                                                        "context": {"diagnostics": missing}})
    assert len(actions) == 1 and actions[0]["kind"] == "quickfix"
    edit = actions[0]["edit"]["changes"][document["uri"]][0]
    assert edit["range"]["start"] == {"line": 0, "character": 0}
    given = re.search(r"- id: ([\w-]+)\n            text: Cache the catalogue\n", edit["newText"])
    assert given is not None and given[1].startswith("cache")
    assert edit["newText"].replace(given[0], "- text: Cache the catalogue\n") == text


def test_fix_all_is_lint_fix(server: tuple[Client, Path], cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (MAP.replace("channel: wbe", "channel: web").replace("- id: cache\n            text:", "- text:")
            .replace("research: [Interviews]", "evidence: [Interviews]"))
    client, document, diagnostics = opened(server, text)
    assert sorted(d["code"] for d in diagnostics if d["data"]["fixable"]) == ["H005", "H005", "R006"]
    actions = client.result("textDocument/codeAction", {
        "textDocument": document, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": [], "only": ["source.fixAll"]}})
    assert [(action["kind"], action["title"]) for action in actions] == [
        ("source.fixAll", "Apply every safe cjmap fix (3)")]
    monkeypatch.chdir(server[1].parent)
    fixed = cli("lint", "--diff", "m.yaml")
    server[1].write_text(actions[0]["edit"]["changes"][document["uri"]][0]["newText"], encoding="utf-8")
    assert fixed.code == 1 and cli("lint", "--diff", "m.yaml").stdout == ""


def test_formatting_is_cjmap_fmt(server: tuple[Client, Path], cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(server[1].parent)  # where `cjmap fmt -` finds the persona file
    text = MAP.replace("channel: wbe", "channel: web").replace("owner: team\n", "").replace(
        "title: Buying shoes\n", "title: Buying shoes\nowner: team\n").replace("emotion: 2", "emotion: {score: 2}")
    client, document, _ = opened(server, text)
    edits = client.result("textDocument/formatting", {"textDocument": document,
                                                      "options": {"tabSize": 2, "insertSpaces": True}})
    formatted = cli("fmt", "-", stdin=text.encode())
    assert formatted.code == 0
    assert formatted.stdout != text
    assert edits == [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": len(text.splitlines()),
                                                                             "character": 0}},
                      "newText": formatted.stdout}]


def test_rename_changes_the_id_and_every_reference(server: tuple[Client, Path]) -> None:
    client, document, _ = opened(server)
    answer = client.result("textDocument/rename", {"textDocument": document, "newName": "slow-catalogue",
                                                   "position": position("- id: slow-page", "slow-page")})
    edits = answer["changes"][document["uri"]]
    assert [(e["range"]["start"], e["newText"]) for e in edits] == [
        (position("- id: slow-page", "slow-page"), "slow-catalogue"),
        (position("addresses: [slow-page]", "slow-page"), "slow-catalogue"),
        (position("addresses: [slow-page]", "slow-page", 1), "slow-catalogue")]
    prepared = client.result("textDocument/prepareRename", {"textDocument": document,
                                                             "position": position("addresses: [slow-page]", "slow")})
    assert prepared["start"] == position("addresses: [slow-page]", "slow-page")
    assert client.result("textDocument/prepareRename", {"textDocument": document,
                                                        "position": position("name: Look", "Look")}) is None
    refused = client.request("textDocument/rename", {"textDocument": document, "newName": "no spaces",
                                                     "position": position("- id: slow-page", "slow-page")})
    assert "is not an id" in refused["error"]["message"]


def test_document_symbols_are_stages_and_steps(server: tuple[Client, Path]) -> None:
    client, document, _ = opened(server)
    symbols = client.result("textDocument/documentSymbol", {"textDocument": document})
    assert [(s["name"], [c["name"] for c in s["children"]]) for s in symbols] == [("Look", ["Browses"]),
                                                                                  ("Buy", ["Pays"])]
    assert symbols[0]["range"]["start"]["line"] == LINES.index("  - id: look")
    assert symbols[1]["range"]["end"]["line"] == len(LINES) - 1


@pytest.mark.parametrize("text, code", [
    ("cjmap: 1\nid: [unclosed\n", "V010"),
    ("cjmap: 1\nid: \x00\x01\x02 binary\n", "V002"),
    ("cjmap: 1\n---\ncjmap: 1\n", "V013"),
    ("cjmap: 1\nid: m\ntitle: t\ntype: current-state\nstages: {a: 1}\nchannels: [x]\n", "V022"),
])
def test_bad_input_is_a_diagnostic_not_a_crash(server: tuple[Client, Path], text: str, code: str) -> None:
    client, path = server
    client.open(path, text)
    diagnostics = client.notification("textDocument/publishDiagnostics")["diagnostics"]
    assert code in [d["code"] for d in diagnostics]
    assert_every_feature_answers(client, path)
    assert client.stop() == 0


def assert_every_feature_answers(client: Client, path: Path) -> None:
    document = {"uri": path.as_uri()}
    where = {"line": 1, "character": 5}
    for method, extra in (("textDocument/hover", {}), ("textDocument/definition", {}),
                          ("textDocument/references", {"context": {"includeDeclaration": True}}),
                          ("textDocument/completion", {}), ("textDocument/documentSymbol", {}),
                          ("textDocument/prepareRename", {}),
                          ("textDocument/codeAction", {"range": {"start": where, "end": where},
                                                       "context": {"diagnostics": []}}),
                          ("textDocument/formatting", {"options": {"tabSize": 2, "insertSpaces": True}})):
        answer = client.request(method, {"textDocument": document, "position": where, **extra})
        assert "error" not in answer, (method, answer)


@pytest.mark.parametrize("text", ["name: CI\non: push\njobs: {}\n", "- a\n- list\n", "", "\x00\x01 binary"])
def test_yaml_that_is_no_map_gets_no_findings(server: tuple[Client, Path], text: str) -> None:
    client, path = server
    client.open(path, text)
    assert client.notification("textDocument/publishDiagnostics")["diagnostics"] == []
    assert client.result("textDocument/completion", {"textDocument": {"uri": path.as_uri()},
                                                     "position": {"line": 0, "character": 0}})["items"] == []
    assert_every_feature_answers(client, path)


def test_shutdown_and_exit(server: tuple[Client, Path]) -> None:
    client, _ = server
    assert client.stop() == 0


def test_the_stdio_flag_editors_pass_is_accepted(tmp_path: Path) -> None:
    client = Client([sys.executable, "-m", "cjmap", "lsp", "--stdio"], tmp_path)
    try:
        assert client.initialize(tmp_path)["serverInfo"]["name"] == "cjmap"
        assert client.stop() == 0
    finally:
        client.close()


def test_exit_without_shutdown_or_a_closed_pipe_is_exit_code_1(server: tuple[Client, Path], tmp_path: Path) -> None:
    client, _ = server
    client.notify("exit")
    assert client.process.wait(timeout=30) == 1
    closed = Client([sys.executable, "-m", "cjmap", "lsp"], tmp_path)
    try:
        closed.initialize(tmp_path)
        assert closed.process.stdin is not None
        closed.process.stdin.close()
        assert closed.process.wait(timeout=30) == 1
    finally:
        closed.close()


def test_without_pygls_a_clear_message_and_exit_2(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)
    monkeypatch.delitem(sys.modules, "cjmap.lsp.server", raising=False)
    result = cli("lsp")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == "cjmap: error: cjmap lsp needs pygls, which is not installed: pip install 'cjmap[lsp]'\n"


def test_ranges_count_utf16_code_units(server: tuple[Client, Path]) -> None:
    line = '      - {id: browse, name: "😀 Browses", channel: wbe, emotion: 2, research: [Interviews]}'
    text = MAP.replace("      - id: browse\n        name: Browses\n        channel: wbe\n        emotion: 2\n"
                       "        research: [Interviews]\n        pain_points:", line + "\n      - id: other\n"
                       "        name: Other\n        channel: web\n        pain_points:")
    _, _, diagnostics = opened(server, text)
    number = text.splitlines().index(line)
    column = line.index("wbe") + 1  # the emoji is one code point, two UTF-16 code units
    assert [d["range"] for d in diagnostics if d["code"] == "V031"] == [
        {"start": {"line": number, "character": column}, "end": {"line": number, "character": column + 3}}]


@pytest.mark.parametrize("line, column, expected", [
    ("key: value  # a comment", 5, (5, 10)),
    ("key: 'it''s here' # c", 5, (5, 17)),
    ('key: "a \\" b", next', 5, (5, 13)),
    ("key: {a: 1, b: [2, 3]} # c", 5, (5, 22)),
    ("x: [one, two, three]", 9, (9, 12)),
    ("  url: http://x.y/a:b # c", 7, (7, 21)),
    ("  key:", 2, (2, 5)),
    ("  key:   ", 8, (2, 6)),
])
def test_token_span(line: str, column: int, expected: tuple[int, int]) -> None:
    from cjmap.lsp.analysis import token_span
    from cjmap.problem import Location

    span = token_span([line], Location(1, column + 1))
    assert (span.start, span.end) == expected


TRICKY = [
    MAP[:length] for length in range(0, len(MAP), 97)
] + [
    "cjmap: 1\nstages:\n  - - - x\n  -\n    steps: [{}, [], 3, {channel: [1, {}]}]\n",
    "cjmap: 1\nchannels: [a, b]\nactors: 3\nstages: {x: 1}\nscale: {min: 5, max: 1}\n",
    "cjmap: 1\nstages:\n  - id: a\n    steps:\n      - id: b\n        emotion: {score: 99}\n        actors: {x: 1, 2: 3}\n",
    "cjmap: 1\nkey: &a [*a]\n: :\n- - -\n\t\ttabs: 1\n'unclosed",
]


@pytest.mark.parametrize("text", TRICKY, ids=[f"text-{number}" for number in range(len(TRICKY))])
def test_every_feature_at_every_position_never_raises(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cjmap.lsp import completion, hover, navigation
    from cjmap.lsp.analysis import analyse

    monkeypatch.chdir(tmp_path)
    analysis = analyse(text, "m.yaml")
    data = analysis.document.data if analysis.document is not None else None
    navigation.outline(analysis)
    lines = analysis.lines
    for line in range(len(lines) + 1):
        for column in range(0, len(lines[min(line, len(lines) - 1)]) + 2, 3):
            hover.hover(analysis, min(line, len(lines) - 1), column)
            navigation.definitions(analysis, min(line, len(lines) - 1), column)
            navigation.references(analysis, min(line, len(lines) - 1), column, include_declaration=True)
            completion.complete(lines, line, column, data)
            try:
                navigation.rename(analysis, min(line, len(lines) - 1), column, "new-id")
            except navigation.RenameError:
                pass


def test_a_bug_is_one_internal_error_finding_not_a_dead_server(monkeypatch: pytest.MonkeyPatch) -> None:
    from cjmap.lint import engine
    from cjmap.lsp.analysis import analyse

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine.Linter, "lint", broken)
    found = analyse(MAP, "m.yaml").problems
    assert [(problem.code, problem.message) for problem in found] == [
        ("X001", "cjmap failed on this file: RuntimeError: boom")]
