"""The rules behind the score's numbers, on hand-computed cases: the peak and its ties, symmetric
normalisation, time per stage and the bottleneck, KPI verdicts, where a sign is printed, linear comparison."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjmap.model import JourneyMap, Scale
from cjmap.reporters import score_sections as sections
from cjmap.score.kpis import check_kpis, describe
from cjmap.score.metrics import compare, score_map
from cjmap.score.timing import format_seconds, time_map


def journey(steps: list[dict[str, Any]] | list[list[dict[str, Any]]], scale: Any = "-2..2") -> JourneyMap:
    """A map of the given steps (one stage, or a list of stages); step ids s0, s1 ... in order."""
    stages = steps if steps and isinstance(steps[0], list) else [steps]
    number = 0
    data: dict[str, Any] = {"cjmap": 1, "id": "m", "title": "M", "type": "current-state", "scale": scale,
                            "stages": []}
    for s, stage in enumerate(stages):
        written = []
        for step in stage:
            written.append({"id": f"s{number}", "name": f"Step {number}", **step})  # type: ignore[dict-item]
            number += 1
        data["stages"].append({"id": f"st{s}", "name": f"Stage {s}", "steps": written})
    return JourneyMap.model_validate(data)


def scored(*scores: float, scale: Any = "-2..2") -> JourneyMap:
    return journey([{"emotion": score} for score in scores], scale)


# --- the peak -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("scores", "peak", "peak_end"), [
    # |+1| = |-1|: the more negative wins, wherever it stands; peak-end = (-1 + vₙ) / 2.
    ((1, -1), "s1", -1.0),
    ((-1, 1), "s0", 0.0),
    # Equal values: the later one is named (recency); the value, and so peak-end, is the same.
    ((2, 2, 0), "s1", 1.0),
    ((-2, 2, -2, 1), "s2", -0.5),
    # No tie: the farthest from neutral wins, whatever its sign.
    ((-1, 2, 0), "s1", 1.0),
    # 0.1 + 0.2 is 0.30000000000000004: no farther from neutral than -0.3, so the tie goes to the negative.
    ((0.1 + 0.2, -0.3), "s1", -0.3),
])
def test_peak_is_the_most_intense_moment_ties_to_the_negative_then_the_later(
        scores: tuple[float, ...], peak: str, peak_end: float) -> None:
    report = score_map(scored(*scores, scale="-2..2"))
    assert report.peak is not None and report.peak.step == peak
    assert report.on_scale is not None and report.on_scale.peak_end == pytest.approx(peak_end)
    assert report.normalised is not None and report.normalised.peak_end == pytest.approx(peak_end / 2)


def test_an_actors_peak_follows_the_same_rule() -> None:
    report = score_map(journey([{"actors": {"kid": 2}}, {"actors": {"kid": -2}}, {"actors": {"kid": 1}}]))
    (kid,) = report.actors
    assert kid.scale is not None and kid.scale.peak_end == pytest.approx((-2 + 1) / 2)


def test_off_centre_neutral_no_longer_ties_unequal_distances() -> None:
    # 0..10, neutral 7: 10 is 3 points above neutral, 0 is 7 below. Stretching each side on its own made both
    # ±1 (a tie); with one unit (7) they are 3/7 and -1, so the peak is the 0, on both axes.
    report = score_map(scored(10, 0, 8, scale={"min": 0, "max": 10, "neutral": 7}))
    assert report.peak is not None and report.peak.step == "s1"
    assert report.on_scale is not None and report.on_scale.peak_end == (0 + 8) / 2


# --- normalisation --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("scale", "score", "expected"), [
    ("1..5", 1, -1.0), ("1..5", 3, 0.0), ("1..5", 5, 1.0), ("1..5", 4, 0.5),
    ("-2..2", -1, -0.5),
    ("1..10", 1, -1.0), ("1..10", 10, 1.0), ("1..10", 7, 1.5 / 4.5),  # neutral 5.5, the midpoint
    ({"min": 1, "max": 10, "neutral": 5}, 7, 0.4),  # the case: one unit = max(5, 4) = 5
    ({"min": 1, "max": 10, "neutral": 5}, 3, -0.4),
    ({"min": 1, "max": 10, "neutral": 5}, 1, -0.8),  # the shorter side stops short of -1
    ({"min": 1, "max": 5, "neutral": 5}, 1, -1.0),  # neutral at the top: everything is at or below 0
    ({"min": 1, "max": 5, "neutral": 5}, 3, -0.5),
    ("-10..-1", -1, 1.0),
])
def test_normalise_hand_computed(scale: Any, score: float, expected: float) -> None:
    assert Scale.model_validate(scale).normalise(score) == pytest.approx(expected)


def test_a_stage_averaging_to_neutral_is_zero_normalised() -> None:
    # The issue: 7 and 3 on 1..10 with neutral 5 showed 5.00 on the scale but -0.05 normalised.
    report = score_map(scored(7, 3, scale={"min": 1, "max": 10, "labels": {5: "neutral"}}))
    (stage,) = report.stages
    assert (stage.mean, stage.normalised) == (5.0, 0.0)
    assert report.scale.half_span() == 5.0


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.floats(min_value=-3, max_value=7, allow_nan=False), min_size=1, max_size=20),
       neutral=st.floats(min_value=-3, max_value=7, allow_nan=False))
def test_normalisation_is_linear_so_both_axes_agree(values: list[float], neutral: float) -> None:
    report = score_map(scored(*values, scale={"min": -3, "max": 7, "neutral": neutral}))
    scale, norm = report.on_scale, report.normalised
    assert scale is not None and norm is not None
    for name in ("mean", "median", "min", "max", "end", "peak_end"):
        assert getattr(norm, name) == pytest.approx(report.scale.normalise(getattr(scale, name)), abs=1e-9)
    for name in ("volatility", "below_neutral_area", "trend"):  # sizes and slopes scale by the one unit
        assert getattr(norm, name) == pytest.approx(getattr(scale, name) / report.scale.half_span(), abs=1e-9)
    assert all(-1.0 <= p.normalised <= 1.0 for p in report.points)


def test_the_text_report_explains_an_off_centre_normalisation() -> None:
    assert sections.normalised_ends(Scale.model_validate({"min": 1, "max": 10, "neutral": 5})) == (
        "-0.80..+1.00 (one unit = 5 points)")
    assert sections.normalised_ends(Scale.model_validate("1..10")) is None


# --- signs ----------------------------------------------------------------------------------------------------

def test_signs_only_on_scales_with_negative_values() -> None:
    one_to_ten, minus_two = Scale.model_validate("1..10"), Scale.model_validate("-2..2")
    assert (sections.on_scale(one_to_ten, 5.4321), sections.on_scale(minus_two, 1.5)) == ("5.43", "+1.50")
    assert (sections.score(one_to_ten, 7.0), sections.score(minus_two, 2.0), sections.score(minus_two, -2.0)) == (
        "7", "+2", "-2")
    assert sections.on_scale(Scale.model_validate("-10..-1"), -5.5) == "-5.50"
    assert (sections.metric("mean", 0.25), sections.metric("valleys", 2.0), sections.metric("coverage", 0.5)) == (
        "+0.25", "2", "0.50")
    assert (sections.metric_delta("valleys", -1.0), sections.metric_delta("coverage", 0.0)) == ("-1", "+0.00")


# --- time -----------------------------------------------------------------------------------------------------

def test_time_per_stage_and_the_bottleneck() -> None:
    stages: list[list[dict[str, Any]]] = [[{"duration": "10 min"}, {}, {"duration": "PT1H"}],
                                           [{"duration": "90s"}], [{}]]
    timing = time_map(journey(stages))
    assert timing is not None
    assert [(s.stage, s.timed, s.steps, s.seconds) for s in timing.stages] == [
        ("st0", 2, 3, 600 + 3600), ("st1", 1, 1, 90), ("st2", 0, 1, None)]
    assert (timing.seconds, timing.timed, timing.untimed) == (4290, 3, 2)
    assert timing.bottleneck_stage.stage == "st0"
    assert (timing.bottleneck_step.step, timing.bottleneck_step.duration) == ("s2", "PT1H")


def test_time_ties_go_to_the_earlier_stage_and_step() -> None:
    timing = time_map(journey([[{"duration": "5 min"}, {"duration": "10 min"}], [{"duration": "15 min"}]]))
    assert timing is not None
    assert (timing.bottleneck_stage.stage, timing.bottleneck_step.step) == ("st0", "s2")
    timing = time_map(journey([[{"duration": "10 min"}], [{"duration": "600 s"}]]))
    assert timing is not None
    assert (timing.bottleneck_stage.stage, timing.bottleneck_step.step) == ("st0", "s0")


def test_no_duration_means_no_timing() -> None:
    assert time_map(scored(1, 2)) is None
    assert score_map(scored(1, 2)).timing is None


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "0 s"), (0.5, "0.5 s"), (45, "45 s"), (90, "1 min 30 s"), (600, "10 min"), (5400, "1 h 30 min"),
    (7140, "1 h 59 min"), (7170, "2 h"),  # 1 h 59.5 min: the minutes round up into a whole hour
    (3 * 86400 + 4 * 3600 + 600, "3 d 4 h"), (2 * 604800 + 3 * 86400, "2 w 3 d"), (86400, "1 d"),
])
def test_format_seconds(seconds: float, text: str) -> None:
    assert format_seconds(seconds) == text


# --- KPIs -----------------------------------------------------------------------------------------------------

def test_kpi_verdicts_follow_the_model() -> None:
    kpis = check_kpis(journey([{"kpis": [
        {"name": "a", "value": 5, "target": 5},  # on the target is met
        {"name": "b", "value": "4 min", "target": "<= 3 min"},
        {"name": "c", "value": 2, "target": 3, "direction": "lower"},
        {"name": "d", "value": 1},
        {"name": "e", "target": "60%"},
    ]}]))
    assert [(k.name, k.status) for k in kpis.items] == [
        ("a", "met"), ("b", "missed"), ("c", "met"), ("d", "unknown"), ("e", "unknown")]
    assert (kpis.count("met"), kpis.count("missed"), kpis.count("unknown")) == (2, 1, 2)
    assert [describe(k) for k in kpis.items] == [
        "5 against ≥ 5", "4 min against ≤ 3 min", "2 against ≤ 3", "1 against no target", "no value against ≥ 60 %"]


# --- comparison -----------------------------------------------------------------------------------------------

def test_compare_is_linear_in_the_number_of_steps() -> None:
    # 40,000 steps, every other one removed: inserting into a list (the old way) took minutes; one pass takes
    # well under a second.
    report = score_map(scored(1))
    before = dataclasses.replace(report, order=tuple(("a", f"s{i}") for i in range(40_000)))
    after = dataclasses.replace(report, order=tuple(("a", f"s{i}") for i in range(0, 40_000, 2)))
    started = time.perf_counter()
    comparison = compare(before, after)
    assert time.perf_counter() - started < 2.0
    assert [d.step for d in comparison.steps[:4]] == ["s0", "s1", "s2", "s3"]
    assert len(comparison.steps) == 40_000
