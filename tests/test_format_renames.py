"""Renamed keys: old names keep validating, say which name is current, and `lint --fix` renames them in place."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from conftest import CliRunner

from cjmap.lint.fix import apply_fixes
from cjmap.lint.rules import deprecated_key
from cjmap.lint.rules.base import LintContext
from cjmap.model import Scope, Step
from cjmap.schema import build_schema
from cjmap.validation.validator import validate_bytes

HEAD = "cjmap: 1\nid: m\ntitle: M\ntype: current-state\n"
OLD = HEAD + """\
persona: {name: Elena, goals: [Pay quickly]}
scope:
  goals: [Raise conversion]  # agreed with sales
stages:
  - id: pay
    name: Pay
    steps:
      - {id: card, name: Enters card details, evidence: [Interviews]}
      - id: retry
        name: Tries again
        evidence: Session recordings
"""


def problems(text: str) -> list[tuple[int, int, str, str, str | None]]:
    result = validate_bytes(text.encode(), "m.yaml", Path("."))
    return [(p.location.line, p.location.column, p.code, p.message, p.hint) for p in result.problems]


def test_old_names_validate_into_the_new_fields() -> None:
    journey = validate_bytes(OLD.encode(), "m.yaml", Path(".")).journey
    assert journey is not None and journey.scope is not None
    assert journey.scope.business_goals == ["Raise conversion"]
    assert [step.research for _, step in journey.steps()] == [["Interviews"], ["Session recordings"]]


def test_the_rename_table() -> None:
    assert Scope.RENAMED == {"goals": "business_goals"}
    assert Step.RENAMED == {"evidence": "research"}


def test_old_and_new_name_together_is_one_located_problem() -> None:
    text = HEAD + "scope:\n  business_goals: [A]\n  goals: [B]\nstages: []\n"
    assert problems(text) == [(7, 3, "V020", "both 'business_goals' and its old name 'goals' are given",
                               "keep 'business_goals' and move what 'goals' holds into it")]


def test_the_schema_keeps_old_names_marked_deprecated() -> None:
    definitions = build_schema("map")["$defs"]
    assert definitions["Scope"]["properties"]["goals"]["deprecated"] is True
    assert definitions["Step"]["properties"]["evidence"]["deprecated"] is True
    assert definitions["Step"]["properties"]["evidence"]["anyOf"] == definitions["Step"]["properties"]["research"]["anyOf"]
    assert "deprecated" not in definitions["Step"]["properties"]["research"]


def test_deprecated_key_reports_each_old_key_at_the_key() -> None:
    result = validate_bytes(OLD.encode(), "m.yaml", Path("."))
    assert result.journey is not None and result.document is not None
    context = LintContext(journey=result.journey, document=result.document, today=datetime.date(2026, 1, 1))
    found = list(deprecated_key.check(context, {}))
    assert [(v.path, v.message, v.at_key) for v in found] == [
        (("scope", "goals"), "'goals' is the old name of 'business_goals'", True),
        (("stages", 0, "steps", 0, "evidence"), "'evidence' is the old name of 'research'", True),
        (("stages", 0, "steps", 1, "evidence"), "'evidence' is the old name of 'research'", True)]
    fixed = apply_fixes(OLD, [v.fix for v in found if v.fix is not None])
    assert fixed.refused is None
    assert fixed.text == OLD.replace("  goals: [Raise conversion]  # agreed", "  business_goals: [Raise conversion] # agreed") \
        .replace("evidence:", "research:")


def test_lint_fix_migrates_a_map_and_a_second_run_changes_nothing(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(OLD, encoding="utf-8")
    result = cli("lint", "--no-config", "--select", "H005", "--fix", "--format", "json", str(path))
    assert result.code == 0 and json.loads(result.stdout)["problems"] == []
    migrated = path.read_text(encoding="utf-8")
    assert "evidence" not in migrated and "business_goals: [Raise conversion]" in migrated
    assert "{id: card, name: Enters card details, research: [Interviews]}" in migrated  # a flow mapping
    assert "persona: {name: Elena, goals: [Pay quickly]}" in migrated  # the persona's goals were never renamed
    cli("lint", "--no-config", "--select", "H005", "--fix", str(path))
    assert path.read_text(encoding="utf-8") == migrated
