"""``--output-file FORMAT:PATH`` on validate, lint, score and diff: each file holds exactly what ``--format``
FORMAT prints, and a bad format or path stops the command before any map is read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, MINIMAL_MAP, CliRunner

ENUMS_YAML = str(FIXTURES / "invalid" / "enums.yaml")
CURRENT = str(EXAMPLES / "trial-onboarding.current.yaml")
FUTURE = str(EXAMPLES / "trial-onboarding.future.yaml")

# Each command, the arguments of one run, and its formats.
COMMANDS = {
    "validate": (["validate", ENUMS_YAML], ["text", "json", "github", "sarif", "codeclimate"]),
    "lint": (["lint", str(EXAMPLES), "--today", "2026-11-01"], ["text", "json", "github", "sarif", "codeclimate"]),
    "score": (["score", str(EXAMPLES)], ["text", "json", "markdown"]),
    "diff": (["diff", CURRENT, FUTURE], ["text", "markdown", "json", "github"]),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_output_file_holds_what_its_format_prints(cli: CliRunner, tmp_path: Path, command: str) -> None:
    args, formats = COMMANDS[command]
    files = {name: tmp_path / f"out.{name}" for name in formats}
    both = cli(*args, *(option for name, path in files.items() for option in ("--output-file", f"{name}:{path}")))
    alone = cli(*args)
    # The terminal gets the --format output (text by default), unchanged by the files written beside it.
    assert (both.code, both.stdout, both.stderr) == (alone.code, alone.stdout, alone.stderr)
    for name, path in files.items():
        printed = cli(*args, "--format", name)
        assert printed.code == alone.code
        assert path.read_text(encoding="utf-8") == printed.stdout, name


def test_the_files_get_no_colour_when_the_terminal_does(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    result = cli("validate", ENUMS_YAML, "--color", "--output-file", f"text:{out}")
    assert "\x1b[" in result.stdout
    assert "\x1b[" not in out.read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == cli("validate", ENUMS_YAML, "--no-color").stdout


def test_sarif_records_the_exit_code_of_the_run(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "cjmap.sarif"
    result = cli("lint", ENUMS_YAML, "--format", "json", "--output-file", f"sarif:{out}")
    assert result.code == 1
    assert json.loads(result.stdout)["summary"]["errors"] == 5
    sarif = json.loads(out.read_text(encoding="utf-8"))
    assert sarif["runs"][0]["invocations"][0]["exitCode"] == 1
    assert len(sarif["runs"][0]["results"]) == 5


def test_an_existing_file_is_replaced(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("old", encoding="utf-8")
    os.chmod(out, 0o640)
    assert cli("validate", ENUMS_YAML, "--output-file", f"json:{out}").code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["errors"] == 5
    assert out.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("value, message", [
    ("xml:out.xml", "--output-file 'xml:out.xml': unknown format 'xml'; expected one of: text, json, github, "
                    "sarif, codeclimate"),
    ("jsn:out.json", "--output-file 'jsn:out.json': unknown format 'jsn' (did you mean 'json'?); expected one "
                     "of: text, json, github, sarif, codeclimate"),
    ("markdown:out.md", "--output-file 'markdown:out.md': unknown format 'markdown'; expected one of: text, "
                        "json, github, sarif, codeclimate"),
    ("out.json", "--output-file 'out.json': expected FORMAT:PATH, e.g. json:report.json"),
    ("json:", "--output-file 'json:': expected FORMAT:PATH, e.g. json:report.json"),
    (":out.json", "--output-file ':out.json': expected FORMAT:PATH, e.g. json:report.json"),
    ("json:-", "--output-file 'json:-': standard output gets --format; give a file name"),
    ("json:missing/out.json", "cannot write missing/out.json: the folder missing does not exist"),
    ("json:.", "cannot write .: it is a folder; give a file name"),
])
def test_a_bad_output_file_stops_before_any_work(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 value: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    from cjmap import checking

    def never(*args: object) -> None:
        raise AssertionError("the maps were read")

    monkeypatch.setattr(checking, "validate_paths", never)
    result = cli("validate", "nowhere.yaml", "--output-file", value)
    assert (result.code, result.stdout, result.stderr) == (2, "", f"cjmap: error: {message}\n")
    assert sorted(os.listdir(tmp_path)) == []


@pytest.mark.parametrize("args", [
    ["lint", "nowhere.yaml"], ["score", "nowhere.yaml"], ["diff", "a.yaml", "b.yaml"],
])
def test_every_reporting_command_checks_its_output_files_first(cli: CliRunner, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(*args, "--output-file", "sarif-ish:x")
    assert result.code == 2
    assert result.stderr.startswith("cjmap: error: --output-file 'sarif-ish:x': unknown format 'sarif-ish'")


def test_one_file_given_twice_is_refused(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("validate", ENUMS_YAML, "--output-file", "json:out", "--output-file", "sarif:./out")
    assert (result.code, result.stderr) == (2, "cjmap: error: --output-file: ./out is given twice\n")


def test_a_device_may_be_named_twice(cli: CliRunner) -> None:
    result = cli("validate", ENUMS_YAML, "--output-file", "json:/dev/null", "--output-file", "sarif:/dev/null")
    assert (result.code, result.stderr) == (1, "")


def test_a_read_only_file_is_refused_before_the_maps_are_read(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.sarif"
    out.write_text("keep", encoding="utf-8")
    out.chmod(0o444)
    result = cli("validate", ENUMS_YAML, "--output-file", f"sarif:{out}")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"cjmap: error: cannot write {out}: the file is read-only\n"
    assert out.read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("args, message", [
    (["lint", ENUMS_YAML, "--diff"], "--diff prints fixes, not findings: it takes no --output-file, "
                                     "--statistics, --findings-baseline or --write-findings-baseline"),
    (["diff", "--textconv", CURRENT], "--textconv prints a journey view for git, not a report: it takes no "
                                      "--output-file"),
])
def test_commands_that_print_no_report_refuse_output_files(cli: CliRunner, tmp_path: Path, args: list[str],
                                                           message: str) -> None:
    result = cli(*args, "--output-file", f"json:{tmp_path / 'out.json'}")
    assert (result.code, result.stdout, result.stderr) == (2, "", f"cjmap: error: {message}\n")
    assert not (tmp_path / "out.json").exists()


def test_lint_fix_writes_the_report_of_what_is_left(cli: CliRunner, tmp_path: Path) -> None:
    fixable = tmp_path / "map.yaml"
    fixable.write_text("cjmap: 1\nid: m\ntitle: M\ntype: current-state\nstages:\n  - name: Pay\n    steps: []\n",
                       encoding="utf-8")
    out = tmp_path / "left.json"
    assert "R007" in cli("lint", str(fixable), "--format", "json").stdout
    result = cli("lint", str(fixable), "--fix", "--output-file", f"json:{out}", "--format", "json")
    assert result.code == 0
    assert out.read_text(encoding="utf-8") == result.stdout
    codes = [problem["code"] for problem in json.loads(out.read_text(encoding="utf-8"))["problems"]]
    assert codes == ["H004", "S004", "S005", "S006", "S001"]


def test_a_map_is_never_replaced_by_a_report(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "a.yaml").write_text(MINIMAL_MAP, encoding="utf-8")
    # Named on the command line: refused before the maps are read.
    named = cli("validate", "maps/a.yaml", "--output-file", "json:./maps/a.yaml")
    assert (named.code, named.stdout, named.stderr) == (
        2, "", "cjmap: error: --output-file ./maps/a.yaml is the map maps/a.yaml; give another file name\n")
    # Found in a folder: refused once found, before any output file is written.
    found = cli("lint", "maps", "--output-file", "json:ok.json", "--output-file", "sarif:maps/a.yaml")
    assert found.code == 2
    assert found.stderr == "cjmap: error: --output-file maps/a.yaml is the map maps/a.yaml; give another file name\n"
    assert (maps / "a.yaml").read_text(encoding="utf-8") == MINIMAL_MAP
    assert not (tmp_path / "ok.json").exists()
    score = cli("score", "maps", "--output-file", "json:maps/a.yaml")
    assert score.code == 2 and (maps / "a.yaml").read_text(encoding="utf-8") == MINIMAL_MAP
