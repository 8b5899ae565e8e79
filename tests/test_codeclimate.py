"""``--format codeclimate``: GitLab's Code Quality report from validate and lint; fingerprints that survive
edits elsewhere in a map, and valid JSON whatever the map holds."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, MINIMAL_MAP, CliRunner

TWO_KEYS = MINIMAL_MAP + "emoton: 1\nsevrity: 2\n"
KEYS_HINT = ("allowed keys here: cjmap, id, title, description, type, status, owner, language, tags, reviewed, review_every, "
             "baseline, lifecycle, persona, scope, scale, style, channels, actors, lanes, stages")


def issues(cli: CliRunner, *args: str) -> list[dict[str, Any]]:
    result = cli(*args, "--format", "codeclimate")
    assert result.stderr == ""
    found = json.loads(result.stdout)
    assert isinstance(found, list)
    return found


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder (a ``.git`` marks its root) that is the working directory, as in a CI job."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "maps").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_each_problem_is_one_issue_in_gitlab_shape(cli: CliRunner, project: Path, command: str) -> None:
    (project / "maps" / "m.yaml").write_text(TWO_KEYS, encoding="utf-8")
    found = issues(cli, command, "maps")
    for issue in found:
        assert isinstance(issue["fingerprint"], str) and len(issue["fingerprint"]) == 32
        int(issue["fingerprint"], 16)
    assert [{key: value for key, value in issue.items() if key != "fingerprint"} for issue in found] == [
        {"type": "issue", "engine_name": "cjmap", "check_name": "V020",
         "description": f"unknown-key: unknown key '{key}' (hint: {KEYS_HINT})", "severity": "major",
         "location": {"path": "maps/m.yaml", "lines": {"begin": line}}}
        for key, line in (("emoton", 6), ("sevrity", 7))
    ]
    assert len({issue["fingerprint"] for issue in found}) == 2


def test_severities_map_to_code_climate_ones(cli: CliRunner, project: Path) -> None:
    for example in EXAMPLES.glob("*.yaml"):
        shutil.copy(example, project / "maps")
    shutil.copytree(EXAMPLES / "personas", project / "maps" / "personas")
    printed = json.loads(cli("lint", "maps", "--today", "2026-11-01", "--format", "json").stdout)["problems"]
    found = issues(cli, "lint", "maps", "--today", "2026-11-01")
    wanted = {"error": "major", "warning": "minor", "info": "info"}
    assert [(issue["check_name"], issue["severity"]) for issue in found] == [
        (problem["code"], wanted[problem["severity"]]) for problem in printed]
    assert {issue["severity"] for issue in found} >= {"minor", "info"}


def test_fingerprints_are_the_findings_baseline_entries_hashed(cli: CliRunner, project: Path) -> None:
    (project / "maps" / "m.yaml").write_text(TWO_KEYS, encoding="utf-8")
    assert cli("lint", "maps", "--write-findings-baseline", "known.json").code == 0
    entries = json.loads((project / "known.json").read_text(encoding="utf-8"))["findings"]
    assert sorted(issue["fingerprint"] for issue in issues(cli, "lint", "maps")) == sorted(
        hashlib.md5(json.dumps(entry, sort_keys=True).encode()).hexdigest() for entry in entries)


def test_fingerprints_are_stable_across_runs_and_edits_elsewhere(cli: CliRunner, project: Path) -> None:
    path = project / "maps" / "m.yaml"
    path.write_text(TWO_KEYS, encoding="utf-8")
    first = issues(cli, "validate", "maps")
    assert issues(cli, "validate", "maps") == first
    # Lines added above move every finding; each keeps its fingerprint, only its line changes.
    path.write_text("# a comment\n# another\n" + TWO_KEYS, encoding="utf-8")
    moved = issues(cli, "validate", "maps")
    assert [issue["fingerprint"] for issue in moved] == [issue["fingerprint"] for issue in first]
    assert [issue["location"] for issue in moved] == [
        {"path": "maps/m.yaml", "lines": {"begin": line}} for line in (8, 9)]
    # The same run from another folder names the files differently but finds the same issues.
    (project / "sub").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project / "sub")
        elsewhere = issues(cli, "validate", "../maps")
    assert [issue["fingerprint"] for issue in elsewhere] == [issue["fingerprint"] for issue in moved]


def test_one_finding_twice_gets_two_fingerprints(cli: CliRunner, project: Path) -> None:
    # One item, one code, one message: a baseline holds it twice; GitLab must see two issues.
    from cjmap.problem import Location, Problem
    from cjmap.report import Report
    from cjmap.reporters.codeclimate import codeclimate_issues

    report = Report("validate", ["m.yaml"])
    report.add([Problem(file="m.yaml", location=Location(line, 1), code="V099", name="x", message="same",
                        path="/a") for line in (3, 9)])
    found = codeclimate_issues(report)
    assert len({issue["fingerprint"] for issue in found}) == 2


def test_hostile_map_text_stays_valid_json(cli: CliRunner, project: Path) -> None:
    nasty = "a\\nb\\r\\e[31mred\\a\\x7f\\x85\\u2028\\u202eevil\\t\\\" ] } :x: <b>"
    (project / "maps" / "m.yaml").write_text(MINIMAL_MAP + f'"{nasty}": 1\npersona: "p\\n::error::{nasty}.yaml"\n',
                                             encoding="utf-8")
    weird = project / "maps" / "new\nline\udcff.yaml"
    weird.write_bytes(TWO_KEYS.encode())
    found = issues(cli, "validate", "maps")
    assert len(found) == 4
    assert any("\x1b[31mred" in str(issue["description"]) for issue in found)
    assert {issue["location"]["path"] for issue in found} == {"maps/m.yaml", "maps/new\nline\udcff.yaml"}


def test_stdin_is_named_as_the_other_formats_name_it(cli: CliRunner, project: Path) -> None:
    result = cli("validate", "-", "--format", "codeclimate", stdin=TWO_KEYS.encode())
    assert [issue["location"]["path"] for issue in json.loads(result.stdout)] == ["<stdin>", "<stdin>"]


def test_output_file_writes_it_beside_the_terminal_format(cli: CliRunner, project: Path) -> None:
    (project / "maps" / "m.yaml").write_text(TWO_KEYS, encoding="utf-8")
    result = cli("lint", "maps", "--format", "github", "--output-file", "codeclimate:gl-code-quality.json")
    assert result.code == 1 and result.stdout.startswith("::error file=maps/m.yaml,line=6")
    assert json.loads((project / "gl-code-quality.json").read_text(encoding="utf-8")) == issues(cli, "lint", "maps")


def test_statistics_are_refused_in_codeclimate(cli: CliRunner, project: Path) -> None:
    (project / "maps" / "m.yaml").write_text(TWO_KEYS, encoding="utf-8")
    result = cli("lint", "maps", "--statistics", "--format", "codeclimate")
    assert result.code == 2
    assert "--statistics prints text or json, not codeclimate" in result.stderr
