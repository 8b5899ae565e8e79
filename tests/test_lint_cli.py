"""``cjmap lint`` and ``cjmap rules`` from the command line: outputs and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import CLEAN_MAP
from typer.testing import CliRunner

from cjmap.cli import app

DATA = Path(__file__).parent / "lint_data"
runner = CliRunner()



def lint(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", *args], env={"CJMAP_TODAY": "", **(env or {})})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    path = tmp_path / "clean.yaml"
    path.write_text(CLEAN_MAP)
    return path


@pytest.fixture
def fixable(tmp_path: Path) -> Path:
    path = tmp_path / "preserve.yaml"
    shutil.copy(DATA / "preserve.yaml", path)
    return path


def test_clean_map_exits_0(clean: Path) -> None:
    assert lint(str(clean), "--no-config", "--today", "2026-11-01") == (0, "All good! 1 file checked.\n", "")


def test_warnings_exit_0_unless_a_gate_says_otherwise(fixable: Path) -> None:
    code, out, _ = lint(str(fixable), "--no-config", "--today", "2026-11-01", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["command"] == "lint"
    assert document["summary"] == {"files": 1, "errors": 0, "warnings": 4, "infos": 1}
    assert [(p["line"], p["code"], p["severity"], p["fixable"]) for p in document["problems"]] == [
        (30, "R002", "warning", True), (33, "R006", "warning", True),
        (34, "R006", "warning", True), (37, "I005", "info", False), (37, "R006", "warning", True),
    ]
    assert lint(str(fixable), "--no-config", "--today", "2026-11-01", "--fail-on", "warning")[0] == 1
    assert lint(str(fixable), "--no-config", "--today", "2026-11-01", "--max-warnings", "4")[0] == 0
    assert lint(str(fixable), "--no-config", "--today", "2026-11-01", "--max-warnings", "3")[0] == 1


def test_severity_from_config_makes_errors(clean: Path, tmp_path: Path) -> None:
    (tmp_path / ".cjmap.yaml").write_text("severity: {stale-review: error}\ntoday: 2027-06-01\n")
    code, out, err = lint(str(clean), "--format", "github")
    assert (code, err) == (1, "")
    assert out.startswith(f"::error file={clean},line=6,col=")
    assert "title=H001 stale-review::" in out
    # --today and CJMAP_TODAY beat the configured date
    assert lint(str(clean), "--today", "2026-11-01")[0] == 0
    assert lint(str(clean), env={"CJMAP_TODAY": "2026-11-01"})[0] == 0


def test_select_and_ignore(fixable: Path) -> None:
    code, out, _ = lint(str(fixable), "--no-config", "--select", "R006", "--format", "json")
    assert {p["code"] for p in json.loads(out)["problems"]} == {"R006"}
    code, out, _ = lint(str(fixable), "--no-config", "--select", "R", "--ignore", "missing-id,R002",
                        "--format", "json")
    assert json.loads(out)["problems"] == []


@pytest.mark.parametrize(("args", "message"), [
    (["--select", "Q9"], "cjmap: error: command line: 'Q9' matches no rule; use a rule code (S001), a code prefix "
                         "(S) or a rule name ('cjmap rules' lists them)\n"),
    (["--today", "soon"], "cjmap: error: --today must be a date written YYYY-MM-DD; got 'soon'\n"),
    (["--config", "missing.yaml"], "cjmap: error: missing.yaml: no such configuration file\n"),
])
def test_usage_errors_exit_2(clean: Path, args: list[str], message: str) -> None:
    assert lint(str(clean), *args) == (2, "", message)


def test_bad_config_exits_2_naming_file_and_fault(clean: Path, tmp_path: Path) -> None:
    (tmp_path / ".cjmap.yaml").write_text("options:\n  C001: {threshold: high}\n")
    assert lint(str(clean)) == (2, "", f"cjmap: error: {tmp_path}/.cjmap.yaml:2:10: option 'threshold' of C001 "
                                       "must be a number, like its default 1.0; got text 'high'\n")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.cjmap]\nselect = 'S'\nselectt = 1\n")
    assert lint(str(clean), "--config", str(pyproject)) == (
        2, "", f"cjmap: error: {pyproject} [tool.cjmap]: unknown key 'selectt' (did you mean 'select'?); "
               "expected select, ignore, severity, options, today, exclude, per-file-ignores, lanes, style, framework, language, limits\n")


def test_bad_cjmap_today_exits_2(clean: Path) -> None:
    assert lint(str(clean), env={"CJMAP_TODAY": "yesterday"}) == (
        2, "", "cjmap: error: environment variable CJMAP_TODAY: 'today' must be a date written YYYY-MM-DD; "
               "got 'yesterday'\n")


def test_missing_path_exits_2(tmp_path: Path) -> None:
    assert lint(str(tmp_path / "nope.yaml")) == (2, "", f"cjmap: error: no such file or directory: "
                                                        f"{tmp_path / 'nope.yaml'}\n")


def test_invalid_map_reports_validation_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(CLEAN_MAP.replace("emotion: 4", "emotion: 9"))
    code, out, _ = lint(str(path), "--no-config", "--format", "json")
    assert code == 1
    assert [p["code"] for p in json.loads(out)["problems"]] == ["V033"]


def test_diff_shows_fixes_and_writes_nothing(fixable: Path) -> None:
    before = fixable.read_bytes()
    code, out, err = lint(str(fixable), "--no-config", "--diff")
    assert (code, err) == (1, "")
    assert out.startswith(f"--- {fixable}\n+++ {fixable}\n@@ -27,14 +27,15 @@\n")
    assert "-        emotion: {score: 2, label: Annoyed}   # spelt differently\n" in out
    assert "+        emotion: {score: 2, label: annoyed}   # spelt differently\n" in out
    assert fixable.read_bytes() == before


def test_fix_writes_then_reports_what_is_left_and_is_idempotent(fixable: Path) -> None:
    code, out, err = lint(str(fixable), "--no-config", "--today", "2026-11-01", "--fix", "--format", "json")
    assert code == 0
    assert err == f"cjmap: fixed {fixable}: 4 fixes applied\n"
    assert fixable.read_bytes() == (DATA / "preserve.fixed.yaml").read_bytes()
    assert not any(p["fixable"] for p in json.loads(out)["problems"])
    assert lint(str(fixable), "--no-config", "--diff") == (0, "", "")
    code, _, err = lint(str(fixable), "--no-config", "--today", "2026-11-01", "--fix")
    assert (code, err) == (0, "")
    assert fixable.read_bytes() == (DATA / "preserve.fixed.yaml").read_bytes()


def test_fix_refusal_is_reported_and_nothing_written(fixable: Path) -> None:
    text = fixable.read_text().replace("persona: {name: Maya, goals: [Pay quickly]}",
                                       "persona: {name: Maya,\n  goals: [Pay quickly]}")
    fixable.write_text(text)
    code, _, err = lint(str(fixable), "--no-config", "--fix")
    assert code == 0
    assert err.startswith(f"cjmap: not fixed: {fixable}: ruamel.yaml cannot write this file back unchanged")
    assert "line 9: 'persona: {name: Maya,' would become" in err
    assert fixable.read_text() == text


def test_fix_on_stdin_is_refused_but_diff_works(fixable: Path) -> None:
    result = runner.invoke(app, ["lint", "-", "--fix"], input=fixable.read_text())
    assert (result.exit_code, result.stderr) == (2, "cjmap: error: --fix cannot rewrite stdin; "
                                                    "use --diff to see the fixes\n")
    result = runner.invoke(app, ["lint", "-", "--diff", "--no-config"], input=fixable.read_text())
    assert result.exit_code == 1
    assert result.stdout.startswith("--- <stdin>\n+++ <stdin>\n")


def test_explain() -> None:
    result = runner.invoke(app, ["lint", "--explain", "missing-id"])
    assert result.exit_code == 0
    assert result.stdout.startswith("R006 missing-id\nDefault severity: warning. Options: none.\n\n"
                                    "A pain point, opportunity or KPI has no id.\n")
    assert "\nFails:\n    cjmap: 1\n" in result.stdout
    assert "\nPasses:\n    cjmap: 1\n" in result.stdout
    assert runner.invoke(app, ["lint", "--explain", "r006"]).stdout == result.stdout
    result = runner.invoke(app, ["lint", "--explain", "missing-ids"])
    assert (result.exit_code, result.stderr) == (2, "cjmap: error: no rule 'missing-ids' (did you mean "
                                                    "'missing-id'?); 'cjmap rules' lists them\n")


def test_rules_command() -> None:
    from cjmap.lint.rules import RULES

    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "SEVERITY", "DEFAULT", "SUMMARY"]
    rows = [line.split() for line in lines[1:len(RULES) + 1]]
    assert [row[0] for row in rows] == sorted(RULES)
    # The opt-in rules (only I008 today) say so in their row, not only in their summary's words.
    opt_in = sorted(code for code, rule in RULES.items() if getattr(rule, "OPT_IN", False))
    assert "I008" in opt_in
    assert [row[0] for row in rows if row[3] == "no"] == opt_in
    assert lines[-1].startswith(f"{len(RULES)} rules; {len(opt_in)} opt-in (DEFAULT no: ")
    listed = json.loads(runner.invoke(app, ["rules", "--format", "json"]).stdout)
    assert [(r["code"], r["name"], r["severity"], r["opt_in"]) for r in listed] == [
        (code, RULES[code].NAME, RULES[code].SEVERITY.label, code in opt_in) for code in sorted(RULES)]


def test_help_stays_light() -> None:
    import subprocess
    import sys

    code = ("import sys; from cjmap.cli import app; "
            "heavy = [m for m in ('cjmap.lint.engine', 'cjmap.config', 'cjmap.lint.fix', 'ruamel.yaml', 'pydantic') "
            "if m in sys.modules]; print(heavy)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout == "[]\n"


@pytest.mark.parametrize(("gate", "expected"), [((), 0), (("--fail-on", "warning"), 1), (("--max-warnings", "0"), 1)])
def test_sarif_records_the_exit_code_the_gates_decide(fixable: Path, gate: tuple[str, ...], expected: int) -> None:
    code, out, _ = lint(str(fixable), "--no-config", "--today", "2026-11-01", "--format", "sarif", *gate)
    (invocation,) = json.loads(out)["runs"][0]["invocations"]
    assert (code, invocation["exitCode"], invocation["executionSuccessful"]) == (expected, expected, True)
