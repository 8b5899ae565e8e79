"""SARIF output checked by Microsoft's SARIF validator (``Sarif.Multitool validate``), the tool code-scanning
services hold logs to. It is a .NET program from npm (``@microsoft/sarif-multitool``), installed by
``cd tests/node && npm install`` plus ``chmod u+x`` on the binary (npm does not run its postinstall); the test
skips without it so that a plain clone still passes, and CI installs it.

Each case makes a log the way a user would (``python -m cjmap … --format sarif`` in a working directory), then
all logs are validated in one run of the tool (it starts slowly), and its own SARIF log of findings is read.
Notes (style suggestions such as "use message ids") are allowed; errors and warnings are not, except the
warning that the tool has no ``informationUri`` while the package declares no project URL (SARIF wants an
absolute URI there; cjmap does not invent one).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import MINIMAL_MAP, REPO

from cjmap.report import Report
from cjmap.reporters.sarif import project_url, sarif_log

MULTITOOL = REPO / "tests" / "node" / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
LINT_DATA = Path(__file__).parent / "lint_data"

pytestmark = pytest.mark.skipif(
    not (sys.platform == "linux" and os.access(MULTITOOL, os.X_OK)),
    reason="the SARIF validator is not installed: run 'cd tests/node && npm install' and "
           "'chmod u+x node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool' (CI does)",
)

BAD_MAP = MINIMAL_MAP + "emoton: 3\n"


def cjmap(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cjmap", *args], cwd=cwd, capture_output=True, text=True,
                          input=stdin, timeout=120, check=False,
                          env={**os.environ, "CJMAP_TODAY": "2026-11-01", "NO_COLOR": "1"})


def validate_logs(logs: dict[str, str], folder: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Run the validator on every log; per log, its findings as (level, rule id, message id)."""
    paths = {}
    for name, text in logs.items():
        paths[name] = folder / f"{name}.sarif"
        paths[name].write_text(text, encoding="utf-8")
    output = folder / "validation.sarif"
    run = subprocess.run([str(MULTITOOL), "validate", "--log", "ForceOverwrite", "--output", str(output),
                          *map(str, paths.values())], capture_output=True, text=True, timeout=300, check=False,
                         env={**os.environ, "DOTNET_CLI_TELEMETRY_OPTOUT": "1"})
    assert run.returncode == 0, run.stdout + run.stderr
    log = json.loads(output.read_text(encoding="utf-8-sig"))
    (validation,) = log["runs"]
    assert [i["executionSuccessful"] for i in validation["invocations"]] == [True]
    assert not validation["invocations"][0].get("toolExecutionNotifications")
    found: dict[str, list[tuple[str, str, str]]] = {name: [] for name in logs}
    by_uri = {path.resolve().as_uri(): name for name, path in paths.items()}
    for result in validation["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        found[by_uri[uri]].append((result.get("level", "warning"), result["ruleId"], result["message"].get("id", "")))
    return found


def serious(findings: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Errors and warnings; the missing informationUri only when there is no project URL to give."""
    allowed = {"SARIF2005"} if project_url() is None else set()
    return [f for f in findings if f[0] in ("error", "warning") and f[1] not in allowed]


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """SARIF from validate and lint on every kind of path a user can name."""
    root = tmp_path_factory.mktemp("sarif")
    work = root / "work"
    (work / "maps" / "with space ü").mkdir(parents=True)
    (work / "bad.yaml").write_text(BAD_MAP, encoding="utf-8")
    (work / "maps" / "with space ü" / "bad #1 ü.yaml").write_text(BAD_MAP, encoding="utf-8")
    (work / "clean.yaml").write_text(MINIMAL_MAP, encoding="utf-8")
    (root / "outside.yaml").write_text(BAD_MAP, encoding="utf-8")
    shutil.copy(LINT_DATA / "preserve.yaml", work / "preserve.yaml")
    made: dict[str, str] = {}
    for name, args, stdin in (
        ("relative", ("validate", "bad.yaml"), None),
        ("absolute", ("validate", str(work / "bad.yaml")), None),
        ("parent", ("validate", "../outside.yaml"), None),
        ("spaces-and-non-ascii", ("validate", "maps/with space ü/bad #1 ü.yaml"), None),
        ("stdin", ("validate", "-"), BAD_MAP),
        ("clean", ("validate", "clean.yaml"), None),
        ("several", ("validate", "bad.yaml", "../outside.yaml", "clean.yaml", "maps"), None),
        ("lint-fixable", ("lint", "--no-config", "preserve.yaml"), None),
        ("lint-stdin", ("lint", "--no-config", "-"), (LINT_DATA / "preserve.yaml").read_text(encoding="utf-8")),
    ):
        result = cjmap(*args, "--format", "sarif", cwd=work, stdin=stdin)
        assert result.stderr == "" and result.returncode in (0, 1), (name, result.stderr)
        made[name] = result.stdout
    return made


def test_every_log_passes_the_validator(logs: dict[str, str], tmp_path: Path) -> None:
    findings = validate_logs(logs, tmp_path)
    assert {name: serious(found) for name, found in findings.items()} == {name: [] for name in logs}


def test_the_logs_say_where_each_file_is(logs: dict[str, str]) -> None:
    def locations(name: str) -> list[dict[str, Any]]:
        run = json.loads(logs[name])["runs"][0]
        return [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]

    assert locations("relative") == [{"uri": "bad.yaml", "uriBaseId": "SRCROOT"}]
    assert locations("spaces-and-non-ascii") == [
        {"uri": "maps/with%20space%20%C3%BC/bad%20%231%20%C3%BC.yaml", "uriBaseId": "SRCROOT"}]
    assert locations("absolute") == [{"uri": "bad.yaml", "uriBaseId": "SRCROOT"}]  # under the working directory
    (parent,) = locations("parent")
    assert parent["uri"].startswith("file:///") and parent["uri"].endswith("/outside.yaml")
    assert "uriBaseId" not in parent and ".." not in parent["uri"]
    assert locations("stdin") == [{"description": {"text": "standard input"}}]
    assert json.loads(logs["clean"])["runs"][0]["results"] == []


def test_invocations_record_the_exit_code(logs: dict[str, str]) -> None:
    def invocation(name: str) -> dict[str, Any]:
        (only,) = json.loads(logs[name])["runs"][0]["invocations"]
        return dict(only)

    assert invocation("relative") == {"executionSuccessful": True, "exitCode": 1}
    assert invocation("clean") == {"executionSuccessful": True, "exitCode": 0}


def test_lint_rules_are_described_from_their_modules(logs: dict[str, str]) -> None:
    run = json.loads(logs["lint-fixable"])["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    # Exactly the rules that occur (which ones depends on the rules' current logic; R006 and I005 always do).
    assert sorted(rules) == sorted({result["ruleId"] for result in run["results"]})
    assert {"R006", "I005"} <= set(rules)
    assert rules["R006"]["defaultConfiguration"] == {"level": "warning"}
    assert rules["I005"]["defaultConfiguration"] == {"level": "note"}
    assert rules["R006"]["help"]["text"].startswith("R006 missing-id\n")
    assert all(rule["fullDescription"]["text"].startswith(rule["shortDescription"]["text"]) for rule in rules.values())
    fixable = {(r["ruleId"], r["properties"].get("fixable", False)) for r in run["results"]}
    assert ("R006", True) in fixable and ("I005", False) in fixable


def test_a_declared_project_url_gives_absolute_help_uris_that_pass(monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path) -> None:
    from cjmap import codes
    from cjmap.problem import Location, Problem, Severity
    from cjmap.reporters import sarif

    monkeypatch.setattr(sarif, "project_url", lambda: "https://example.invalid/cjmap")
    monkeypatch.setattr(sarif, "documentation_url", lambda: "https://example.invalid/cjmap/docs/")
    report = Report("lint", ["a.yaml"])
    report.add([Problem.of(codes.UNKNOWN_KEY, "a.yaml", Location(6, 1), "unknown key 'emoton'"),
                Problem(file="a.yaml", location=Location(8, 1), code="R006", name="missing-id",
                        message="pain point has no id", severity=Severity.WARNING)])
    log = sarif_log(report, exit_code=1, cwd=tmp_path)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://example.invalid/cjmap"
    # each rule's page of the documentation (docs/), as tools/docs_pages.py writes them
    assert {rule["id"]: rule["helpUri"] for rule in driver["rules"]} == {
        "V020": "https://example.invalid/cjmap/docs/codes.md", "R006": "https://example.invalid/cjmap/docs/rules/R006.md"}
    assert (REPO / "docs" / "codes.md").is_file() and (REPO / "docs" / "rules" / "R006.md").is_file()
    findings = validate_logs({"with-url": json.dumps(log)}, tmp_path)
    assert [f for f in findings["with-url"] if f[0] in ("error", "warning")] == []


def test_the_validator_does_catch_what_cjmap_used_to_write(tmp_path: Path) -> None:
    # The harness itself: a plain absolute path as a URI and a rule without descriptions must be reported.
    old = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "cjmap", "rules": [{"id": "V020", "name": "unknown-key"}]}},
        "results": [{"ruleId": "V020", "ruleIndex": 0, "level": "error", "message": {"text": "unknown key"},
                     "locations": [{"physicalLocation": {"artifactLocation": {"uri": "/abs/a b.yaml"},
                                                         "region": {"startLine": 1, "startColumn": 1}}}]}]}]}
    findings = validate_logs({"old": json.dumps(old)}, tmp_path)["old"]
    assert {rule for level, rule, _ in serious(findings) if level == "error"} >= {"SARIF1004"}
