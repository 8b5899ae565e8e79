"""Numbers written in words: durations, KPI measures, decimal scores, scales whose labels say where neutral is."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from cjmap.lint.rules import emotion_label_mismatch, low_emotion_without_pain_point
from cjmap.lint.rules.base import LintContext
from cjmap.measures import DURATION_PATTERN, MEASURE_PATTERN, Duration, MeasureError, duration_seconds, read_measure
from cjmap.model import JourneyMap
from cjmap.score.metrics import score_map
from cjmap.validation.validator import validate_bytes

HEAD = "cjmap: 1\nid: m\ntitle: M\ntype: current-state\n"


def one_step(step: str, scale: str = "") -> str:
    return HEAD + scale + "stages:\n  - id: s\n    name: S\n    steps:\n      - {id: t, name: T, " + step + "}\n"


def journey_of(text: str) -> JourneyMap:
    result = validate_bytes(text.encode(), "m.yaml", Path("."))
    assert result.journey is not None and result.problems == [], [p.message for p in result.problems]
    return result.journey


def problems(text: str) -> list[tuple[int, int, str, str, str | None, str]]:
    result = validate_bytes(text.encode(), "m.yaml", Path("."))
    return [(p.location.line, p.location.column, p.code, p.message, p.hint, p.path) for p in result.problems]


# --- durations -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "seconds"), [
    ("10 min", 600), ("10min", 600), ("2h", 7200), ("1 h 30 min", 5400), ("1h, 30min", 5400), ("3 days", 259200),
    ("90s", 90), ("1.5 hours", 5400), ("2 Weeks", 1209600), ("PT10M", 600), ("P3D", 259200), ("PT1H30M", 5400),
    ("P1W", 604800), ("PT0.5S", 0.5),
])
def test_durations_parse_to_seconds(text: str, seconds: float) -> None:
    assert duration_seconds(text) == seconds
    assert re.fullmatch(DURATION_PATTERN, text), "the JSON Schema pattern accepts what the parser accepts"


@pytest.mark.parametrize("text", ["soon", "10", "P", "PT", "T10M", "10 months", "1 year", "10 min 5", "-5 min", "min"])
def test_durations_that_cannot_be_read(text: str) -> None:
    with pytest.raises(MeasureError):
        duration_seconds(text)
    assert not re.fullmatch(DURATION_PATTERN, text), "the JSON Schema pattern refuses what the parser refuses"


def test_a_step_keeps_its_duration_as_written_and_knows_the_seconds() -> None:
    step = journey_of(one_step("duration: 1 h 30 min")).stages[0].steps[0]
    assert step.duration == "1 h 30 min" and isinstance(step.duration, Duration)
    assert step.duration_seconds == 5400
    assert journey_of(one_step("emotion: 3")).stages[0].steps[0].duration_seconds is None


# --- KPIs ------------------------------------------------------------------------------------------------

def kpi(fields: str) -> tuple[object, ...]:
    found = journey_of(one_step("kpis: [{name: K, " + fields + "}]")).stages[0].steps[0].kpis[0]
    return found.value, found.target, found.unit, found.direction, found.met


@pytest.mark.parametrize(("fields", "expected"), [
    ("value: 42%, target: 60%", (42, 60, "%", "higher", False)),
    ("value: 0.42, target: 0.4", (0.42, 0.4, None, "higher", True)),
    ("value: 14, target: <= 10 min", (14, 10, "min", "lower", False)),
    ("value: 7 min, target: '< 8'", (7, 8, "min", "lower", True)),
    ("value: 9, target: 10, direction: lower", (9, 10, None, "lower", True)),
    ("value: 4 min, target: at least 20 min", (4, 20, "min", "higher", False)),
    ("value: 3", (3, None, None, "higher", None)),
    ("target: 15%", (None, 15, "%", "higher", None)),
])
def test_kpi_short_forms_and_whether_the_target_is_met(fields: str, expected: tuple[object, ...]) -> None:
    assert kpi(fields) == expected


@pytest.mark.parametrize("text", ["42%", "42 %", ">= 60%", "< 1 s", "at most 4 min", "-3", "0.42", "1.5 EUR"])
def test_measure_texts_the_schema_and_the_parser_accept(text: str) -> None:
    read_measure(text, "target")
    assert re.fullmatch(MEASURE_PATTERN, text)


@pytest.mark.parametrize("text", ["about half", "3 of 10", "", "%", ">= ", "ten"])
def test_measure_texts_the_schema_and_the_parser_refuse(text: str) -> None:
    with pytest.raises(MeasureError):
        read_measure(text, "target")
    assert not re.fullmatch(MEASURE_PATTERN, text)


def test_a_unit_written_twice_differently_is_located_at_the_number() -> None:
    assert problems(one_step("kpis: [{name: K, value: 42%, unit: ratio}]")) == [
        (9, 50, "V023", "the value says '%' but the unit is 'ratio'", "write one unit, or leave it out of the numbers",
         "/stages/id=s/steps/id=t/kpis/0/value")]


def test_a_target_direction_contradicting_direction_is_located_at_the_target() -> None:
    assert problems(one_step("kpis: [{name: K, target: <= 4, direction: higher}]")) == [
        (9, 51, "V023", "the target says lower is better, but direction is 'higher'",
         "keep the comparison in the target or `direction:`, not both", "/stages/id=s/steps/id=t/kpis/0/target")]


def test_a_huge_number_in_a_measure_text_is_out_of_range_not_a_crash() -> None:
    [(line, column, code, message, _, _)] = problems(one_step("kpis: [{name: K, value: " + "9" * 5000 + "%}]"))
    assert (line, column, code) == (9, 50, "V023") and message.endswith("KPI numbers lie within ±1,000,000,000,000,000")


# --- scores and scales -----------------------------------------------------------------------------------

def test_decimal_scores_are_allowed_and_scored_as_written() -> None:
    journey = journey_of(HEAD + "stages:\n  - id: s\n    name: S\n    steps:\n"
                         "      - {id: a, name: A, emotion: 3.7}\n      - {id: b, name: B, emotion: 2.25}\n")
    assert [step.emotion.score for _, step in journey.steps() if step.emotion] == [3.7, 2.25]
    assert [point.value for point in score_map(journey).points] == [3.7, 2.25]


def test_a_label_named_neutral_sets_the_neutral_of_a_1_to_10_scale() -> None:
    scale = "scale: {min: 1, max: 10, labels: {1: furious, 5: neutral, 10: delighted}}\n"
    result = validate_bytes(one_step("emotion: {score: 5, label: neutral}", scale).encode(), "m.yaml", Path("."))
    assert result.valid and result.journey is not None and result.document is not None
    assert result.journey.scale.neutral == 5
    context = LintContext(journey=result.journey, document=result.document, today=datetime.date(2026, 1, 1))
    assert list(low_emotion_without_pain_point.check(context, {})) == []
    assert list(emotion_label_mismatch.check(context, {})) == []


def test_the_1_to_10_preset_keeps_the_midpoint_without_labels() -> None:
    assert journey_of(one_step("emotion: 5", "scale: 1..10\n")).scale.neutral == 5.5


def test_a_neutral_label_away_from_a_written_neutral_is_located_at_the_label() -> None:
    scale = "scale:\n  min: 1\n  max: 10\n  neutral: 6\n  labels: {5: Neutral}\n"
    assert problems(HEAD + scale + "stages: []\n") == [
        (9, 12, "V023", "the label 'neutral' is on 5, but the scale's neutral is 6",
         "remove `neutral:` (neutral then follows the label), or move the label", "/scale/labels/5")]
