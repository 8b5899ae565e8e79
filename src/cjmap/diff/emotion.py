"""Emotion changes: each step's delta, and the change in the curve's summary, from the score module.

Both maps are scored once with :func:`cjmap.score.metrics.score_map`, so a step's normalised value and the
curve metrics are exactly what ``cjmap score`` reports. Steps are paired by the one matcher
(:func:`cjmap.matching.merged_steps`, also behind ``cjmap score --compare`` and the rendered
baseline). Deltas are taken on the
normalised curve, so a map whose scale changed (1..5 to -2..2) still compares step for step.
"""

from __future__ import annotations

from dataclasses import dataclass

from cjmap.diff.model import CURVE_METRICS, CurvePoint, EmotionDelta, MetricDelta
from cjmap.matching import merged_steps
from cjmap.model import JourneyMap, Step
from cjmap.score.metrics import ScoreReport, score_map, step_value


def value_of(step: Step) -> float | None:
    """A step's point on the curve (its emotion, else the mean of its actors' scores), as score reads it."""
    return step_value(step)


@dataclass(frozen=True, kw_only=True)
class Emotions:
    """The emotion side of a diff: per-step deltas, the chart's points, the curve summary."""

    deltas: tuple[EmotionDelta, ...]
    chart: tuple[CurvePoint, ...]
    curve: tuple[MetricDelta, ...]


def compare_emotions(old: JourneyMap | None, new: JourneyMap | None) -> Emotions:
    """What changed in the emotions from ``old`` to ``new`` (either may be None: a map added or removed)."""
    before = score_map(old) if old is not None else None
    after = score_map(new) if new is not None else None
    deltas: list[EmotionDelta] = []
    chart: list[CurvePoint] = []
    old_points = {point.step: point for point in before.points} if before else {}
    new_points = {point.step: point for point in after.points} if after else {}
    old_order = [step for _, step in before.order] if before else []
    new_order = [step for _, step in after.order] if after else []
    for old_id, new_id in merged_steps(old_order, new_order, before.positional if before else (),
                                       after.positional if after else ()):
        a = old_points.get(old_id) if old_id else None
        b = new_points.get(new_id) if new_id else None
        if a is None and b is None:
            continue
        shown = b or a
        assert shown is not None
        key = shown.step
        chart.append(CurvePoint(step=key, name=shown.name, before=a.normalised if a else None,
                                after=b.normalised if b else None))
        if a is None or b is None or a.value != b.value or a.normalised != b.normalised:
            deltas.append(EmotionDelta(stage=shown.stage, step=key, name=shown.name,
                                       before=a.value if a else None, after=b.value if b else None,
                                       before_normalised=a.normalised if a else None,
                                       after_normalised=b.normalised if b else None))
    return Emotions(deltas=tuple(deltas), chart=tuple(chart), curve=tuple(_curve(before, after)))


def _curve(before: ScoreReport | None, after: ScoreReport | None) -> list[MetricDelta]:
    """The curve summary (mean, min, end, peak-end, valleys) of each side, normalised; empty without scores."""
    scored_before = before if before is not None and before.points else None
    scored_after = after if after is not None and after.points else None
    if scored_before is None and scored_after is None:
        return []
    return [MetricDelta(metric=name, before=scored_before.metric(name) if scored_before else None,
                        after=scored_after.metric(name) if scored_after else None) for name in CURVE_METRICS]
