"""``--statistics`` on lint and validate: counts per code, the most frequent first, in text or JSON."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import CLEAN_MAP, EXAMPLES, FIXTURES, CliRunner

from cjmap.problem import Location, Problem, Severity
from cjmap.report import Report, Statistic

ENUMS_YAML = str(FIXTURES / "invalid" / "enums.yaml")
TODAY = ("--today", "2026-11-01")
BARE_MAP = "cjmap: 1\nid: m\ntitle: M\ntype: current-state\nstages:\n  - name: Pay\n    steps: []\n"


def problem(code: str, line: int, *, fixable: bool = False) -> Problem:
    return Problem(file="m.yaml", location=Location(line, 1), code=code, name=f"name-of-{code}", message=f"m{line}",
                   severity=Severity.WARNING, fixable=fixable)


def test_statistics_count_codes_most_frequent_first() -> None:
    report = Report(command="lint")
    report.add([problem("S001", 1), problem("R006", 2), problem("R006", 3, fixable=True), problem("A001", 4),
                problem("R006", 5), problem("S001", 6)])
    assert report.statistics() == [
        Statistic(code="R006", name="name-of-R006", count=3, fixable=True),
        Statistic(code="S001", name="name-of-S001", count=2, fixable=False),
        Statistic(code="A001", name="name-of-A001", count=1, fixable=False),
    ]
    assert Report(command="lint").statistics() == []


def test_lint_statistics_text_is_the_whole_table(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "bare.yaml").write_text(BARE_MAP, encoding="utf-8")
    (tmp_path / "bare2.yaml").write_text(BARE_MAP.replace("id: m", "id: n"), encoding="utf-8")
    result = cli("lint", str(tmp_path), *TODAY, "--statistics")
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == (
        "2  H004      map-without-owner\n"
        "2  R007  [*] unwritten-id\n"
        "2  S001      stage-without-steps\n"
        "2  S004      missing-persona\n"
        "2  S005      missing-scenario\n"
        "2  S006      missing-goals\n"
        "[*] 2 fixable with `cjmap lint --fix`.\n"
        "Found 8 warnings, 4 infos in 2 of 2 files.\n")


@pytest.mark.parametrize("command", ["lint", "validate"])
def test_json_statistics_count_what_the_json_report_lists(cli: CliRunner, command: str) -> None:
    args = [command, str(EXAMPLES), ENUMS_YAML, *(TODAY if command == "lint" else ())]
    full = cli(*args, "--format", "json")
    statistics = cli(*args, "--format", "json", "--statistics")
    assert statistics.code == full.code == 1
    problems = json.loads(full.stdout)["problems"]
    counts = Counter((item["code"], item["name"]) for item in problems)
    expected = [{"code": code, "name": name, "count": count,
                 "fixable": any(item["fixable"] for item in problems if item["code"] == code)}
                for (code, name), count in counts.items()]
    expected.sort(key=lambda entry: (-int(str(entry["count"])), str(entry["code"])))
    assert json.loads(statistics.stdout) == expected
    assert [entry["code"] for entry in expected][:1] == ["V023"]  # five of them: the most frequent


def test_validate_statistics_of_clean_maps_is_the_summary(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "map.yaml").write_text(CLEAN_MAP, encoding="utf-8")
    result = cli("validate", str(tmp_path / "map.yaml"), "--statistics")
    assert (result.code, result.stdout) == (0, "All good! 1 file checked.\n")
    assert cli("validate", str(tmp_path / "map.yaml"), "--statistics", "-f", "json").stdout == "[]\n"


def test_validate_statistics_text(cli: CliRunner) -> None:
    result = cli("validate", ENUMS_YAML, "--statistics")
    assert (result.code, result.stdout) == (1, "5  V023      invalid-value\nFound 5 errors in 1 of 1 file.\n")


@pytest.mark.parametrize("command", ["lint", "validate"])
@pytest.mark.parametrize("output_format", ["github", "sarif"])
def test_statistics_refuse_per_problem_formats(cli: CliRunner, command: str, output_format: str) -> None:
    result = cli(command, "nowhere.yaml", "--statistics", "--format", output_format)
    assert (result.code, result.stdout, result.stderr) == (
        2, "", f"cjmap: error: --statistics prints text or json, not {output_format}; write {output_format} with "
               f"--output-file {output_format}:PATH\n")


def test_output_files_keep_every_problem(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "lint.sarif"
    result = cli("lint", ENUMS_YAML, "--statistics", "--output-file", f"sarif:{out}")
    assert result.stdout.startswith("5  V023")
    assert len(json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]) == 5
