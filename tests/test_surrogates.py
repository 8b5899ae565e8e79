"""Lone surrogates (issue 21, item 6): refused at the loader with a located V005, and no writer crashes on one.

A YAML double-quoted ``"\\ud800"`` gives Python a string no UTF-8 writer can encode; it once made
``validate``/``lint``/``score -f json|sarif`` exit 3 with nothing on stdout. File names that are no valid UTF-8
reach reports as surrogates too (``surrogateescape``), so the writers are tested with both.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CLEAN_MAP, CliRunner

from cjmap.loader import load
from cjmap.problem import Location, Problem
from cjmap.report import Report
from cjmap.reporters import REPORTER_BY_NAME
from cjmap.reporters.escape import json_text
from cjmap.streams import OUTPUT_ERRORS

CJMAP = Path(sys.executable).parent / "cjmap"

LONE = CLEAN_MAP.replace("{id: card, name: Enters card details", '{id: "\\ud800", name: Enters card details')
"""A lint-clean map whose step id is a lone high surrogate, escaped as YAML allows."""
WHERE = (14, 14)
"""Where that scalar starts."""


def _codes(text: str) -> list[tuple[int, int, str]]:
    return [(p.location.line, p.location.column, p.code) for p in load(text.encode(), "m.yaml").problems]


def test_the_lone_surrogate_is_located_and_says_what_to_write() -> None:
    problems = load(LONE.encode(), "m.yaml").problems
    assert [(p.location, p.code, p.name) for p in problems] == [(Location(*WHERE), "V005", "lone-surrogate")]
    assert problems[0].message == ("escape \\uD800 is the first half of a UTF-16 surrogate pair, and alone it is "
                                   "no character")
    assert problems[0].hint is not None and '"\\U0001F600"' in problems[0].hint


@pytest.mark.parametrize("text, expected", [
    pytest.param('a: "x\\udc00"\n', [(1, 4, "V005")], id="low-half-alone"),
    pytest.param('"\\udbff": 1\nb: "\\ud800\\ud800"\n', [(1, 1, "V005"), (2, 4, "V005")], id="key-and-two-highs"),
    pytest.param('a: &x "\\ud800"\nb: *x\n', [(1, 4, "V005")], id="anchored-once"),
    pytest.param("a: '\\ud800'\nb: \\ud800\n", [], id="single-quoted-and-plain-are-literal-text"),
    pytest.param('a: "\\ud83d\\ude00"\n', [], id="a-pair-as-json-writes-it"),
])
def test_only_unpaired_escapes_are_refused(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert _codes(text) == expected


def test_a_pair_becomes_its_character_and_a_lone_half_the_replacement_character() -> None:
    # JSON writes characters beyond U+FFFF as escaped pairs, and YAML 1.2 reads JSON: the pair is one character.
    assert load(b'a: "\\ud83d\\ude00 \\ud800"\n', "m.yaml").data == {"a": "\U0001F600 \ufffd"}


# Every command, every format: the exit code each documents for a map that does not validate, no traceback.
COMMANDS = [
    (("validate",), 1), (("validate", "-f", "json"), 1), (("validate", "-f", "sarif"), 1),
    (("validate", "-f", "github"), 1),
    (("lint",), 1), (("lint", "-f", "json"), 1), (("lint", "-f", "sarif"), 1), (("lint", "-f", "github"), 1),
    (("score",), 1), (("score", "-f", "json"), 1), (("score", "-f", "markdown"), 1),
    (("render", "-o", "{out}/page.html"), 1), (("render", "-f", "markdown"), 1),
    (("render", "-f", "mermaid"), 1),
    (("export", "csv", "-o", "{out}/map.csv"), 1), (("export", "xlsx", "-o", "{out}/map.xlsx"), 1),
    (("fmt", "--check"), 1), (("fmt",), 1), (("lint", "--fix"), 1),
]


@pytest.mark.parametrize("args, code", COMMANDS, ids=lambda value: " ".join(value) if isinstance(value, tuple) else "")
def test_every_command_reports_the_lone_surrogate(cli: CliRunner, tmp_path: Path, args: tuple[str, ...],
                                                  code: int) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(LONE, encoding="utf-8")
    result = cli(*(arg.format(out=tmp_path) for arg in args), str(path))
    assert result.code == code, result.stderr
    output = result.stdout + result.stderr
    assert "V005" in output and "Traceback" not in output and "internal error" not in output
    if "json" in args:
        data = json.loads(result.stdout)
        assert "V005" in json.dumps(data)
    if "sarif" in args:
        assert json.loads(result.stdout)["runs"][0]["results"][0]["ruleId"] == "V005"
    assert path.read_text(encoding="utf-8") == LONE  # fmt and fix leave a map that does not validate alone


@pytest.mark.parametrize("output_format", ["text", "json", "markdown", "github"])
def test_diff_reports_the_side_with_a_lone_surrogate(cli: CliRunner, tmp_path: Path, output_format: str) -> None:
    (tmp_path / "old.yaml").write_text(CLEAN_MAP, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(LONE, encoding="utf-8")
    result = cli("diff", "-f", output_format, str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"))
    assert result.code == 2
    assert "V005" in result.stdout + result.stderr and "Traceback" not in result.stdout + result.stderr
    if output_format == "json":
        json.loads(result.stdout)


SURROGATES = "\ud800 \udcff \U0001F600 →"
JSON_FORMATS = ("json", "sarif", "codeclimate")


@pytest.mark.parametrize("name", sorted(REPORTER_BY_NAME))
@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_no_checking_reporter_crashes_on_any_text(name: str, encoding: str) -> None:
    # The CLI reconfigures standard output to escape what it cannot encode; machine formats escape
    # themselves, so that they stay valid JSON on any stream, strict ones included.
    report = Report("validate", [f"m{SURROGATES}.yaml"])
    report.add([Problem(file=f"m{SURROGATES}.yaml", location=Location(1, 1), code="V023", name="invalid-value",
                        message=f"bad {SURROGATES}", hint=SURROGATES, path=f"/stages/{SURROGATES}")])
    raw = io.BytesIO()
    errors = "strict" if name in JSON_FORMATS else OUTPUT_ERRORS
    stream = io.TextIOWrapper(raw, encoding=encoding, errors=errors, write_through=True)
    REPORTER_BY_NAME[name](stream, False).write(report)
    if name in JSON_FORMATS:
        data = json.loads(raw.getvalue().decode(encoding))
        assert SURROGATES in json.dumps(data, ensure_ascii=False)  # every character survives, as escapes
    else:  # the file name's byte as it was, the rest escaped where the encoding lacks it
        tail = "😀 →" if encoding == "utf-8" else "\\U0001f600 \\u2192"
        assert b"\\ud800 \xff " + tail.encode(encoding) in raw.getvalue()


def test_json_text_escapes_surrogates_only() -> None:
    assert json_text({"a": "é\ud800\U0001F600"}) == '{\n  "a": "é\\ud800\U0001F600"\n}'
    assert json_text({"a": "é\ud800"}, "ascii") == '{\n  "a": "\\u00e9\\ud800"\n}'


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
def test_a_file_name_that_is_no_utf8_through_the_console_script(tmp_path: Path, encoding: str,
                                                                 output_format: str) -> None:
    # The locale decides how Python encodes stdout (strict for UTF-8 locales): the CLI never fails on text.
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"bad\xff.yaml"), "wb") as handle:
        handle.write(LONE.encode("utf-8"))
    env = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1"}
    result = subprocess.run([str(CJMAP), "validate", "-f", output_format, "."], cwd=tmp_path, capture_output=True,
                            env=env, timeout=60, check=False)
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr and b"internal error" not in result.stderr
    if output_format == "json":
        assert json.loads(result.stdout)["files"] == ["bad\udcff.yaml"]
    elif output_format == "sarif":
        location = json.loads(result.stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "bad%FF.yaml"
    else:
        assert b"bad\xff.yaml:14:14: V005" in result.stdout or b"file=bad\xff.yaml,line=14" in result.stdout
