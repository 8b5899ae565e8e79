"""Emotion-curve metrics, checked against values computed by hand, and their invariants."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjmap.model import JourneyMap
from cjmap.score.gates import parse_gate
from cjmap.score.metrics import compare, score_map, slope


def journey(scores: list[Any], scale: Any = "-2..2", stages: int = 1, actors: list[dict[str, Any]] | None = None,
            ) -> JourneyMap:
    """A map whose steps carry ``scores`` in order (``None`` = no emotion), spread over ``stages`` stages."""
    per_stage = math.ceil(len(scores) / stages) if scores else 0
    data: dict[str, Any] = {"cjmap": 1, "id": "m", "title": "M", "type": "current-state", "scale": scale,
                            "stages": []}
    for s in range(stages):
        steps = []
        for i in range(s * per_stage, min(len(scores), (s + 1) * per_stage)):
            step: dict[str, Any] = {"id": f"s{i}", "name": f"Step {i}"}
            if scores[i] is not None:
                step["emotion"] = scores[i]
            if actors and actors[i]:
                step["actors"] = actors[i]
            steps.append(step)
        data["stages"].append({"id": f"st{s}", "name": f"Stage {s}", "steps": steps})
    return JourneyMap.model_validate(data)


def test_hand_computed_metrics_on_minus_two_to_two() -> None:
    # Curve: 1, -1, -2, 0, 2 on -2..2 (neutral 0); normalised: 0.5, -0.5, -1, 0, 1.
    report = score_map(journey([1, -1, -2, 0, 2]))
    scale, norm = report.on_scale, report.normalised
    assert scale is not None and norm is not None
    assert scale.mean == 0.0
    assert scale.median == 0
    assert (scale.min, report.min_at and report.min_at.step) == (-2, "s2")
    assert (scale.max, report.max_at and report.max_at.step) == (2, "s4")
    assert scale.end == 2
    # The most intense moment: |-2| and |2| tie, the more negative (-2 at s2) wins; peak-end = (-2 + 2) / 2.
    assert report.peak is not None and report.peak.step == "s2"
    assert scale.peak_end == 0.0
    # Changes: -2, -1, +2, +2 -> volatility (2 + 1 + 2 + 2) / 4.
    assert scale.volatility == pytest.approx(1.75)
    assert norm.volatility == pytest.approx(0.875)
    assert report.largest_drop is not None and report.largest_drop.value == -2
    assert (report.largest_drop.start.step, report.largest_drop.end.step) == ("s0", "s1")
    assert report.largest_rise is not None and report.largest_rise.value == 2
    assert (report.largest_rise.start.step, report.largest_rise.end.step) == ("s2", "s3")  # first of the equal rises
    assert report.below_neutral_share == pytest.approx(2 / 5)
    assert scale.below_neutral_area == pytest.approx((1 + 2) / 5)
    assert norm.below_neutral_area == pytest.approx((0.5 + 1) / 5)
    # Slope of 1, -1, -2, 0, 2 against 0..4: sum((x-2)(y-0)) / sum((x-2)^2) = (-2 + 1 + 0 + 0 + 4) / 10.
    assert scale.trend == pytest.approx(0.3)
    assert [p.step for p in report.valleys] == ["s2"]
    assert report.coverage == 1.0
    assert report.metric("mean") == 0.0
    assert report.metric("largest-drop") == pytest.approx(1.0)  # a size on the normalised axis
    assert report.metric("valleys") == 1.0


def test_one_step() -> None:
    report = score_map(journey([4], scale="1..5"))
    scale, norm = report.on_scale, report.normalised
    assert scale is not None and norm is not None
    assert (scale.mean, scale.median, scale.min, scale.max, scale.end) == (4, 4, 4, 4, 4)
    assert scale.peak_end == 4
    assert (scale.volatility, scale.trend) == (0.0, 0.0)
    assert norm.mean == 0.5
    assert report.largest_drop is None and report.largest_rise is None
    assert report.metric("largest-drop") == 0.0
    assert report.valleys == ()


def test_one_step_below_neutral_is_a_valley() -> None:
    report = score_map(journey([1], scale="1..5"))
    assert [p.step for p in report.valleys] == ["s0"]
    assert report.normalised is not None and report.normalised.min == -1.0


def test_all_equal() -> None:
    report = score_map(journey([-1, -1, -1]))
    scale = report.on_scale
    assert scale is not None
    assert (scale.mean, scale.volatility, scale.trend, scale.peak_end) == (-1, 0.0, 0.0, -1)
    assert [p.step for p in report.valleys] == ["s0"]  # a flat run counts once, at its first step
    assert report.below_neutral_share == 1.0


def test_flat_bottom_that_keeps_falling_is_not_a_valley() -> None:
    report = score_map(journey([1, -1, -1, -2, 0]))
    assert [p.step for p in report.valleys] == ["s3"]


def test_missing_emotions_are_skipped_not_zero() -> None:
    report = score_map(journey([2, None, -2, None]))
    scale = report.on_scale
    assert scale is not None
    assert report.coverage == 0.5
    assert scale.mean == 0.0
    assert scale.volatility == 4.0  # the change from 2 to -2 spans the unscored step
    assert scale.end == -2  # the last scored step, not the last step
    assert [p.step for p in report.points] == ["s0", "s2"]


def test_no_emotions_at_all() -> None:
    report = score_map(journey([None, None]))
    assert report.on_scale is None and report.normalised is None
    assert report.coverage == 0.0
    assert report.metric("mean") is None
    assert report.metric("coverage") == 0.0
    assert "no step has an emotion" in (parse_gate("mean=0", True).check(report) or "")


def test_custom_scale_with_off_centre_neutral() -> None:
    # 0..10 with neutral 7: one unit is the larger half-span, 7, on both sides: 10 -> 3/7, 7 -> 0, 0 -> -1,
    # 3.5 -> -0.5; the normalised mean is the normalised scale mean: (5.125 - 7) / 7.
    report = score_map(journey([10, 7, 0, 3.5], scale={"min": 0, "max": 10, "neutral": 7}))
    assert [p.normalised for p in report.points] == [3 / 7, 0.0, -1.0, -0.5]
    assert report.on_scale is not None and report.on_scale.below_neutral_area == pytest.approx((7 + 3.5) / 4)
    assert report.on_scale.mean == 5.125
    assert report.normalised is not None and report.normalised.mean == pytest.approx((5.125 - 7) / 7)


def test_negative_scale() -> None:
    report = score_map(journey([-10, -5, -1], scale="-10..-1"))
    scale, norm = report.on_scale, report.normalised
    assert scale is not None and norm is not None
    assert report.scale.neutral == -5.5
    assert scale.mean == pytest.approx(-16 / 3)
    assert [round(p.normalised, 4) for p in report.points] == [-1.0, round(0.5 / 4.5, 4), 1.0]
    assert [p.step for p in report.valleys] == ["s0"]
    assert scale.trend == pytest.approx(4.5)


def test_one_to_ten_scale_matches_mermaid_scale_when_normalised() -> None:
    ten = score_map(journey([1, 10], scale="1..10"))
    five = score_map(journey([1, 5], scale="1..5"))
    assert ten.metric("mean") == five.metric("mean") == 0.0
    assert ten.metric("min") == five.metric("min") == -1.0


def test_per_stage_averages() -> None:
    report = score_map(journey([2, 0, -2, None], stages=2))
    assert [(s.stage, s.steps, s.scored, s.mean) for s in report.stages] == [
        ("st0", 2, 2, 1.0), ("st1", 2, 1, -2.0)]
    empty = score_map(journey([None, None, 1, 1], stages=2))
    assert empty.stages[0].mean is None and empty.stages[0].normalised is None


def test_actors_fill_in_a_missing_step_emotion_and_have_their_own_curves() -> None:
    actors = [{"partner": 2}, {"partner": -2, "kid": 0}, {"kid": 1}]
    report = score_map(journey([1, None, None], actors=actors))
    # step 0 keeps its own score; step 1 takes the mean of -2 and 0; step 2 the kid's 1.
    assert [p.value for p in report.points] == [1.0, -1.0, 1.0]
    curves = {a.actor: [p.value for p in a.points] for a in report.actors}
    assert curves == {"kid": [0.0, 1.0], "partner": [2.0, -2.0]}
    kid = next(a for a in report.actors if a.actor == "kid")
    assert kid.scale is not None and kid.scale.mean == 0.5


def test_slope_of_a_line() -> None:
    assert slope([1, 3, 5, 7]) == pytest.approx(2.0)
    assert slope([5]) == 0.0


def test_compare_matches_steps_by_id_and_keeps_removed_steps_in_place() -> None:
    before = score_map(journey([-2, -1, 0]))
    after_data = journey([1, None, 2])
    after = score_map(after_data)
    comparison = compare(before, after)
    assert [(d.step, d.before, d.after) for d in comparison.steps] == [
        ("s0", -1.0, 0.5), ("s1", -0.5, None), ("s2", 0.0, 1.0)]
    assert comparison.metric_delta("mean") == pytest.approx(0.75 - (-0.5))
    assert comparison.steps[0].delta == pytest.approx(1.5)


@pytest.mark.parametrize(("text", "under", "message"), [
    ("mean", True, "expects METRIC=VALUE"),
    ("bogus=1", True, "unknown metric 'bogus'"),
    ("volatility=1", True, "use --fail-over for volatility"),
    ("mean=0", False, "use --fail-under for mean"),
    ("mean=abc", True, "'abc' is not a number"),
    ("mean=nan", True, "not a finite number"),
])
def test_bad_gates(text: str, under: bool, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_gate(text, under)


def test_gates_compare_normalised_values_and_name_map_and_metric() -> None:
    report = score_map(journey([2, -1]), file="maps/a.yaml")
    assert parse_gate("mean=0", True).check(report) is None  # (1 - 0.5) / 2 = 0.25
    assert parse_gate("end=0", True).check(report) == "maps/a.yaml: end is -0.50, under the minimum +0.00"
    assert parse_gate("peak_end=-0.5", True).check(report) is None  # underscores work too
    assert parse_gate("largest-drop=1", False).check(report) == (
        "maps/a.yaml: largest-drop is +1.50, over the maximum +1.00")


def test_examples_score_without_surprises() -> None:
    from cjmap.validation.validator import validate_file

    root = Path(__file__).parents[1] / "examples"
    result = validate_file(str(root / "trial-onboarding.current.yaml"))
    assert result.journey is not None
    report = score_map(result.journey)
    assert [p.step for p in report.valleys] == ["creates-invoice"]
    assert report.min_at is not None and report.min_at.step == "creates-invoice"


scores = st.lists(st.one_of(st.none(), st.integers(min_value=-3, max_value=7),
                            st.floats(min_value=-3, max_value=7, allow_nan=False)), min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(values=scores, neutral=st.floats(min_value=-3, max_value=7, allow_nan=False))
def test_invariants(values: list[float | None], neutral: float) -> None:
    report = score_map(journey(values, scale={"min": -3, "max": 7, "neutral": neutral}))
    for point in report.points:
        assert -1.0 <= point.normalised <= 1.0
    assert 0.0 <= report.coverage <= 1.0
    for curve in (report.on_scale, report.normalised):
        if curve is None:
            assert not report.points
            continue
        assert curve.min <= curve.mean + 1e-9 and curve.mean <= curve.max + 1e-9
        assert curve.min <= curve.median <= curve.max
        assert curve.min <= curve.peak_end <= curve.max
        assert curve.volatility >= 0 and curve.below_neutral_area >= 0
    for valley in report.valleys:
        assert valley.normalised < 0
