"""A findings baseline: ``--write-findings-baseline`` records today's findings, ``--findings-baseline`` reports
only new ones, by fingerprint (code, file in the project, item path; never the line)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, CliRunner

from cjmap import findings_baseline
from cjmap.findings_baseline import BaselineError, Entry, Keys, dumps, entries, loads, normalised, subtract
from cjmap.problem import Location, Problem, Severity
from cjmap.report import Report

TODAY = ("--today", "2026-12-01")
BARE_MAP = "cjmap: 1\nid: m\ntitle: M\ntype: current-state\nstages:\n  - name: Pay\n    steps: []\n"
BARE_CODES = ["H004", "R007", "S001", "S004", "S005", "S006"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git project with the examples and one bare map in maps/; the working directory."""
    (tmp_path / ".git").mkdir()
    shutil.copytree(EXAMPLES, tmp_path / "maps")
    (tmp_path / "maps" / "bare.yaml").write_text(BARE_MAP, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def codes_of(stdout: str) -> list[str]:
    return [problem["code"] for problem in json.loads(stdout)["problems"]]


def test_record_then_nothing_new(cli: CliRunner, project: Path) -> None:
    before = cli("lint", "maps", *TODAY, "--format", "json")
    assert before.code == 0 and len(codes_of(before.stdout)) == 7
    recorded = cli("lint", "maps", *TODAY, "--write-findings-baseline", "known.json")
    assert (recorded.code, recorded.stdout) == (0, "")
    assert recorded.stderr == "cjmap: recorded 7 findings in 2 files to known.json\n"
    document = json.loads((project / "known.json").read_text(encoding="utf-8"))
    assert document["format"] == "cjmap-findings-baseline" and document["version"] == 1
    assert [entry["code"] for entry in document["findings"]] == [*BARE_CODES, "I005"]
    assert {entry["file"] for entry in document["findings"]} == {"maps/bare.yaml", "maps/trial-onboarding.future.yaml"}
    after = cli("lint", "maps", *TODAY, "--findings-baseline", "known.json")
    assert (after.code, after.stdout) == (0, "All good! 6 files checked.\n")
    assert after.stderr == "cjmap: note: 7 findings in known.json not shown\n"


def test_the_file_is_sorted_stable_and_one_entry_a_line(cli: CliRunner, project: Path) -> None:
    cli("lint", "maps", *TODAY, "--write-findings-baseline", "known.json")
    first = (project / "known.json").read_text(encoding="utf-8")
    cli("lint", "maps", *TODAY, "--write-findings-baseline", "known.json", "-j", "1")
    assert (project / "known.json").read_text(encoding="utf-8") == first
    lines = first.splitlines()
    assert lines[:4] == ['{', '  "format": "cjmap-findings-baseline",', '  "version": 1,', '  "findings": [']
    assert lines[4] == '    {"code": "H004", "file": "maps/bare.yaml", "path": "/"},'
    assert lines[-2:] == ['  ]', '}'] and first.endswith("}\n")
    assert len(lines) == 4 + 7 + 2
    assert all(set(entry) == {"code", "file", "path"} for entry in json.loads(first)["findings"])  # no lines


def test_editing_elsewhere_does_not_bring_findings_back(cli: CliRunner, project: Path) -> None:
    cli("lint", "maps", *TODAY, "--write-findings-baseline", "known.json")
    bare = project / "maps" / "bare.yaml"
    bare.write_text("# a comment\n# another one\n\n" + BARE_MAP.replace("title: M\n", "title: M\ndescription: D\n"),
                    encoding="utf-8")
    blueprint = project / "maps" / "cafe-order.blueprint.yaml"
    blueprint.write_text("# moved down\n" * 20 + blueprint.read_text(encoding="utf-8"), encoding="utf-8")
    result = cli("lint", "maps", *TODAY, "--findings-baseline", "known.json", "--format", "json")
    assert (result.code, codes_of(result.stdout)) == (0, [])


def test_a_new_finding_is_reported_and_fixed_ones_are_removable(cli: CliRunner, project: Path) -> None:
    cli("lint", "maps", *TODAY, "--write-findings-baseline", "known.json")
    # Owner and persona written (two fewer findings), a second bare stage added (new S001 on another item).
    (project / "maps" / "bare.yaml").write_text(
        BARE_MAP.replace("id: m\n", "id: m\nowner: team\npersona: {name: Ana}\n")
        + "  - id: later\n    name: Later\n    steps: []\n", encoding="utf-8")
    result = cli("lint", "maps", *TODAY, "--findings-baseline", "known.json")
    assert result.code == 0
    assert result.stdout == ("maps/bare.yaml:10:5: S001 [stage-without-steps] stage 'later' has no steps\n"
                             "  hint: add the steps the persona takes in this phase under `steps:`, or remove the "
                             "stage\nFound 1 warning in 1 of 6 files.\n")
    assert result.stderr == ("cjmap: note: 5 findings in known.json not shown\n"
                             "cjmap: note: 2 findings baseline entries no longer match; rewrite with "
                             "--write-findings-baseline known.json\n")


def test_file_keys_are_relative_to_the_project_wherever_cjmap_runs(cli: CliRunner, project: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    cli("lint", "maps", *TODAY, "--write-findings-baseline", "known.json")
    monkeypatch.chdir(project / "maps")
    result = cli("lint", "bare.yaml", *TODAY, "--findings-baseline", "../known.json")
    assert (result.code, result.stdout) == (0, "All good! 1 file checked.\n")
    assert cli("lint", str(project / "maps" / "bare.yaml"), *TODAY, "--findings-baseline",
               str(project / "known.json")).stdout == "All good! 1 file checked.\n"


def test_a_partial_run_neither_reports_nor_drops_other_entries(cli: CliRunner, project: Path) -> None:
    cli("lint", "maps", *TODAY, "--write-findings-baseline", "known.json")
    full = (project / "known.json").read_text(encoding="utf-8")
    # One file, some rules: the other file's entries and the other rules' are neither stale nor lost.
    result = cli("lint", "maps/bare.yaml", *TODAY, "--select", "S", "--findings-baseline", "known.json")
    assert (result.code, result.stdout, result.stderr) == (
        0, "All good! 1 file checked.\n", "cjmap: note: 4 findings in known.json not shown\n")
    rewrite = cli("lint", "maps/bare.yaml", *TODAY, "--select", "S", "--write-findings-baseline", "known.json")
    assert rewrite.stderr == ("cjmap: recorded 4 findings in 1 file to known.json (and kept 3 for files or rules "
                              "this run did not check)\n")
    assert (project / "known.json").read_text(encoding="utf-8") == full


def test_the_gates_judge_only_new_findings(cli: CliRunner, project: Path) -> None:
    assert cli("lint", "maps", *TODAY, "--fail-on", "warning").code == 1
    cli("lint", "maps", *TODAY, "--write-findings-baseline", "known.json")
    assert cli("lint", "maps", *TODAY, "--fail-on", "warning", "--findings-baseline", "known.json").code == 0
    stats = cli("lint", "maps", *TODAY, "--statistics", "--findings-baseline", "known.json")
    assert stats.stdout == "All good! 6 files checked.\n"


def test_output_files_hold_only_new_findings(cli: CliRunner, project: Path) -> None:
    cli("lint", "maps", *TODAY, "--write-findings-baseline", "known.json")
    cli("lint", "maps", *TODAY, "--findings-baseline", "known.json", "--output-file", "sarif:new.sarif")
    assert json.loads((project / "new.sarif").read_text(encoding="utf-8"))["runs"][0]["results"] == []


def test_validate_takes_a_baseline_too(cli: CliRunner, project: Path) -> None:
    broken = project / "maps" / "broken.yaml"
    broken.write_text(BARE_MAP.replace("current-state", "curent-state"), encoding="utf-8")
    assert cli("validate", "maps").code == 1
    recorded = cli("validate", "maps", "--write-findings-baseline", "valid.json")
    assert (recorded.code, recorded.stderr) == (0, "cjmap: recorded 1 finding in 1 file to valid.json\n")
    assert cli("validate", "maps", "--findings-baseline", "valid.json").code == 0
    # A lint baseline's rule entries are not validate's to judge: none goes stale under validate.
    cli("lint", "maps", *TODAY, "--write-findings-baseline", "known.json")
    result = cli("validate", "maps", "--findings-baseline", "known.json")
    assert (result.code, result.stderr) == (0, "cjmap: note: 1 finding in known.json not shown\n")


@pytest.mark.parametrize("content, message", [
    (None, "no such file; write one with --write-findings-baseline known.json"),
    ("{", "not JSON (Expecting property name enclosed in double quotes at line 1, column 2)"),
    ("[]", 'not a findings baseline (no "format": "cjmap-findings-baseline")'),
    ('{"format": "cjmap-findings-baseline", "version": 2, "findings": []}',
     "version 2 is not one this cjmap reads (1); write it again with --write-findings-baseline"),
    ('{"format": "cjmap-findings-baseline", "version": 1, "findings": {}}', '"findings" is not a list'),
    ('{"format": "cjmap-findings-baseline", "version": 1, "findings": [{"code": "S001", "file": "a.yaml"}]}',
     "finding 1 is not an object of strings code, file, path (and message)"),
    ("\udcff", "not UTF-8 text"),
])
def test_a_missing_or_invalid_baseline_stops_before_any_work(cli: CliRunner, project: Path, content: str | None,
                                                             message: str) -> None:
    if content is not None:
        (project / "known.json").write_bytes(content.encode("utf-8", "surrogateescape"))
    for command in ("lint", "validate"):
        result = cli(command, "nowhere.yaml", "--findings-baseline", "known.json")
        assert (result.code, result.stdout, result.stderr) == (
            2, "", f"cjmap: error: --findings-baseline known.json: {message}\n")


def test_rewriting_an_invalid_baseline_is_refused(cli: CliRunner, project: Path) -> None:
    (project / "known.json").write_text("not json", encoding="utf-8")
    result = cli("lint", "maps", "--write-findings-baseline", "known.json")
    assert result.code == 2
    assert result.stderr.endswith(": not JSON (Expecting value at line 1, column 1); delete it to record afresh\n")
    assert (project / "known.json").read_text(encoding="utf-8") == "not json"


@pytest.mark.parametrize("args, message", [
    (["--findings-baseline", "a.json", "--write-findings-baseline", "b.json"],
     "--findings-baseline reports new findings and --write-findings-baseline records them all; give one of them"),
    (["--diff", "--findings-baseline", "a.json"],
     "--diff prints fixes, not findings: it takes no --output-file, --statistics, --findings-baseline or "
     "--write-findings-baseline"),
    (["--write-findings-baseline", "missing/b.json"], "cannot write missing/b.json: the folder missing does not exist"),
])
def test_option_clashes_and_unwritable_files(cli: CliRunner, project: Path, args: list[str], message: str) -> None:
    result = cli("lint", "maps", *args)
    assert (result.code, result.stdout, result.stderr) == (2, "", f"cjmap: error: {message}\n")


def test_an_unreadable_file_records_nothing(cli: CliRunner, project: Path) -> None:
    os.mkfifo(project / "maps" / "pipe.yaml")
    result = cli("lint", "maps/bare.yaml", "maps/pipe.yaml", *TODAY, "--write-findings-baseline", "known.json")
    assert result.code == 2
    assert "cjmap: not recorded in known.json: a file could not be read\n" in result.stderr
    assert not (project / "known.json").exists()


# --- the fingerprints, as values ---------------------------------------------------------------------------


def problem(code: str, path: str, message: str, line: int = 1) -> Problem:
    return Problem(file="maps/a.yaml", location=Location(line, 1), code=code, name="n", message=message,
                   severity=Severity.WARNING, path=path)


def test_messages_tell_apart_only_findings_on_one_item() -> None:
    found = [problem("V011", "/stages", "duplicate key 'a': first defined at line 3, column 5", 9),
             problem("V011", "/stages", "duplicate key 'b': first defined at line 4, column 5", 10),
             problem("S001", "/stages/id=pay", "stage 'pay' has no steps")]
    assert entries(found) == [
        Entry(file="maps/a.yaml", code="S001", path="/stages/id=pay"),
        Entry(file="maps/a.yaml", code="V011", path="/stages",
              message="duplicate key 'a': first defined at line N, column N"),
        Entry(file="maps/a.yaml", code="V011", path="/stages",
              message="duplicate key 'b': first defined at line N, column N"),
    ]
    # Lines move: the same findings further down still match, and only the one that is gone is stale.
    moved = [problem("V011", "/stages", "duplicate key 'b': first defined at line 14, column 5", 20)]
    report = Report("lint", ["maps/a.yaml"])
    report.add(moved)
    filtered = subtract(report, entries(found), lambda file, code: True)
    assert (filtered.report.problems, filtered.known) == ([], 1)
    assert [entry.code for entry in filtered.stale] == ["S001", "V011"]
    assert filtered.stale[1].message is not None and "'a'" in filtered.stale[1].message


def test_each_entry_silences_one_finding() -> None:
    report = Report("lint", ["maps/a.yaml"])
    report.add([problem("S001", "/", "one"), problem("S001", "/", "two")])
    filtered = subtract(report, [Entry(file="maps/a.yaml", code="S001", path="/")], lambda file, code: True)
    assert (len(filtered.report.problems), filtered.known, filtered.stale) == (1, 1, [])


def test_normalised_messages() -> None:
    assert normalised("  first at line 12,\n column 3 ") == "first at line N, column N"
    assert normalised("emotion 2 is below 3") == "emotion 2 is below 3"


def test_the_file_round_trips_with_any_name() -> None:
    accepted = [Entry(file="maps/caf\u00e9 \udcff.yaml", code="S001", path="/stages/id=a", message="x \"y\""),
                Entry(file="maps/a.yaml", code="H004", path="/")]
    text = dumps(accepted)
    text.encode("utf-8")  # surrogates are escaped: the file is UTF-8
    assert "café" in text and "\\udcff" in text
    assert loads(text) == sorted(accepted)
    assert loads(dumps([])) == []
    with pytest.raises(BaselineError):
        loads('{"format": "cjmap-findings-baseline", "version": 1, "findings": [{"code": 1, "file": "", "path": ""}]}')


def test_keys_are_posix_paths_from_the_project_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "repo" / "maps" / "deep").mkdir(parents=True)
    (tmp_path / "repo" / "pyproject.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "repo" / "maps")
    keys = Keys()
    assert keys("deep/x.yaml") == "maps/deep/x.yaml"
    assert keys(str(tmp_path / "repo" / "maps" / "deep" / "x.yaml")) == "maps/deep/x.yaml"
    assert keys("-") == keys("<stdin>") == "<stdin>"
    assert findings_baseline.FORMAT == "cjmap-findings-baseline"
