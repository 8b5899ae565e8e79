"""Invalid and valid map fixtures: every problem, at its exact place, and nothing else.

Each file in ``tests/maps/invalid/`` ends with ``# expect: LINE:COL CODE message`` lines, one per problem,
in report order.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cjmap.validation.validator import validate_file

MAPS = Path(__file__).parent / "maps"
EXPECT = re.compile(r"^# expect: (\d+):(\d+) (V\d{3}) (.*)$", re.MULTILINE)
INVALID = sorted((MAPS / "invalid").glob("*.yaml"))
VALID = sorted((MAPS / "valid").glob("*.yaml"))


def expected(path: Path) -> list[tuple[int, int, str, str]]:
    return [(int(line), int(col), code, message)
            for line, col, code, message in EXPECT.findall(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_reports_exactly_the_expected_problems(path: Path) -> None:
    result = validate_file(str(path))
    found = [(p.location.line, p.location.column, p.code, p.message) for p in result.problems
             if p.file == str(path)]
    assert found == expected(path)
    assert expected(path), "an invalid fixture must declare its problems"


def test_fixtures_cover_every_structural_and_consistency_code() -> None:
    codes = {code for path in INVALID for _, _, code, _ in expected(path)}
    assert codes >= {"V011", "V020", "V021", "V022", "V023", "V030", "V031", "V032", "V033"}


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixture_validates(path: Path) -> None:
    result = validate_file(str(path))
    assert result.problems == []
    assert result.valid


def test_hints_help() -> None:
    result = validate_file(str(MAPS / "invalid" / "typos.yaml"))
    assert [p.hint for p in result.problems] == [
        "did you mean 'current-state'?; expected one of: current-state, future-state, day-in-the-life, "
        "service-blueprint",
        "did you mean 'steps'?",
        "did you mean 'emotion'?",
    ]
    assert [p.path for p in result.problems] == ["/type", "/stages/id=a/stpes", "/stages/id=b/steps/id=s1/emoton"]


def test_short_forms_normalise() -> None:
    result = validate_file(str(MAPS / "valid" / "short-forms.yaml"))
    journey = result.journey
    assert journey is not None
    step = journey.stages[0].steps[0]
    assert journey.tags == ["no", "on", "yes"]
    assert journey.persona[0].name == "Norway" and journey.persona[0].quote == "NO"  # type: ignore[union-attr]
    assert (step.time, step.touchpoint, step.thoughts) == ("07:30", "0o17 minutes", ["2026-01-01 already?"])
    assert step.channel == ["home"] and step.actions == ["Stretches"] and step.research == ["Diary"]
    assert step.emotion is not None and step.emotion.score == 5.5
    assert step.actors == {"cat": None}
    assert [p.text for p in step.pain_points] == ["Cold floor"]
    assert [o.text for o in step.opportunities] == ["Warm slippers"]
    assert journey.channels["home"].name == "Home"
    assert (journey.scale.min, journey.scale.max, journey.scale.neutral) == (1, 10, 5.5)
    assert str(journey.reviewed) == "2026-10-01"


def test_persona_file_problems_are_reported_in_the_persona_file(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("cjmap-persona: 1\nnam: Maya\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text(
        "cjmap: 1\nid: m\ntitle: M\ntype: current-state\npersona: p.yaml\nstages: []\n", encoding="utf-8")
    result = validate_file(str(tmp_path / "m.yaml"))
    assert [(p.file, p.location.line, p.code) for p in result.problems] == [
        (str(tmp_path / "p.yaml"), 1, "V021"), (str(tmp_path / "p.yaml"), 2, "V020")]


def test_persona_path_to_a_map_is_refused(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text(
        "cjmap: 1\nid: o\ntitle: O\ntype: current-state\nstages: []\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text(
        "cjmap: 1\nid: m\ntitle: M\ntype: current-state\npersona: other.yaml\nstages: []\n", encoding="utf-8")
    result = validate_file(str(tmp_path / "m.yaml"))
    assert [p.message for p in result.problems] == ["persona file lacks 'cjmap-persona: 1'"]
