"""Emotion-curve analytics: pure functions from a map to a :class:`ScoreReport`.

Every metric is computed twice, on the map's own scale and on the normalised curve (neutral at 0, one unit
per half-span: see :meth:`cjmap.model.Scale.normalise`), so maps on different scales compare. Steps without an
emotion are skipped, never counted as zero. Beside the curve the report carries the moments of truth, the
time per stage (:mod:`cjmap.score.timing`) and the KPI verdicts (:mod:`cjmap.score.kpis`).
docs/commands/score.md defines each metric; the definitions here are the reference.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from cjmap.matching import merged_steps
from cjmap.model import JourneyMap, Scale, Step
from cjmap.score.kpis import KpiSummary, check_kpis
from cjmap.score.timing import Timing, time_map

METRICS: tuple[str, ...] = (
    "mean", "median", "min", "max", "end", "peak-end", "volatility", "largest-drop", "largest-rise",
    "below-neutral-share", "below-neutral-area", "valleys", "trend", "coverage",
)
"""Every metric name, in report order (the names gates and JSON use)."""

HIGHER_IS_BETTER: tuple[str, ...] = ("mean", "median", "min", "max", "end", "peak-end", "trend", "coverage")
"""Metrics that ``--fail-under`` accepts; the others (volatility, drops, shares) take ``--fail-over``."""


@dataclass(frozen=True)
class Point:
    """One scored step of the curve."""

    stage: str
    step: str
    name: str
    value: float
    normalised: float


@dataclass(frozen=True, kw_only=True)
class Moment:
    """A moment of truth (``moment_of_truth: true``) and where it stands on the curve (``None``: no emotion)."""

    stage: str
    step: str
    name: str
    value: float | None
    normalised: float | None


@dataclass(frozen=True)
class Change:
    """The change between two adjacent scored steps."""

    start: Point
    end: Point

    @property
    def value(self) -> float:
        return self.end.value - self.start.value

    @property
    def normalised(self) -> float:
        return self.end.normalised - self.start.normalised


@dataclass(frozen=True)
class Curve:
    """The metrics of one curve, on one axis (the scale, or normalised)."""

    mean: float
    median: float
    min: float
    max: float
    end: float
    peak_end: float
    volatility: float
    below_neutral_area: float
    trend: float


@dataclass(frozen=True)
class StageAverage:
    """The mean emotion of one stage's scored steps (``None`` when it has none)."""

    stage: str
    name: str
    steps: int
    scored: int
    mean: float | None
    normalised: float | None


@dataclass(frozen=True)
class ActorCurve:
    """One actor's own scores across the steps they take part in."""

    actor: str
    points: tuple[Point, ...]
    scale: Curve | None
    normalised: Curve | None


@dataclass(frozen=True)
class ScoreReport:
    """Everything ``cjmap score`` says about one map."""

    map_id: str
    title: str
    file: str
    type: str
    scale: Scale
    steps: int
    points: tuple[Point, ...]
    on_scale: Curve | None
    normalised: Curve | None
    min_at: Point | None
    max_at: Point | None
    peak: Point | None
    largest_drop: Change | None
    largest_rise: Change | None
    valleys: tuple[Point, ...]
    stages: tuple[StageAverage, ...]
    actors: tuple[ActorCurve, ...] = field(default=())
    baseline: str | None = None
    order: tuple[tuple[str, str], ...] = field(default=())
    """Every step as (stage id, step id), scored or not, in journey order."""
    positional: frozenset[str] = field(default=frozenset())
    """The steps whose id came from their position (a name with no letter or digit): they pair with no step
    of another map."""
    moments: tuple[Moment, ...] = field(default=())
    timing: Timing | None = None
    kpis: KpiSummary = field(default=KpiSummary())

    @property
    def coverage(self) -> float:
        return len(self.points) / self.steps if self.steps else 0.0

    @property
    def below_neutral_share(self) -> float | None:
        if not self.points:
            return None
        return sum(1 for point in self.points if point.normalised < 0) / len(self.points)

    def metric(self, name: str) -> float | None:
        """A metric by its public name, normalised (-1..+1) where it is a curve value; ``None`` without data.

        ``coverage`` and ``below-neutral-share`` are shares (0..1); ``valleys`` is a count.
        """
        if name == "coverage":
            return self.coverage
        if name == "below-neutral-share":
            return self.below_neutral_share
        if name == "valleys":
            return float(len(self.valleys))
        if name == "largest-drop":  # as a size: a fall of 0.5 is 0.5
            return -self.largest_drop.normalised if self.largest_drop else 0.0 if self.points else None
        if name == "largest-rise":
            return self.largest_rise.normalised if self.largest_rise else 0.0 if self.points else None
        if self.normalised is None:
            return None
        return float(getattr(self.normalised, name.replace("-", "_")))


def step_value(step: Step) -> float | None:
    """A step's point on the curve: its own emotion, else the mean of its actors' scores, else none."""
    if step.emotion is not None:
        return float(step.emotion.score)
    scores = [float(emotion.score) for emotion in step.actors.values() if emotion is not None]
    return statistics.fmean(scores) if scores else None


def score_map(journey: JourneyMap, file: str = "") -> ScoreReport:
    """Measure the emotion curve of ``journey``."""
    scale = journey.scale
    points: list[Point] = []
    stages: list[StageAverage] = []
    for stage in journey.stages:
        stage_points = []
        for step in stage.steps:
            value = step_value(step)
            if value is not None:
                stage_points.append(Point(stage.id, step.id, step.name, value, scale.normalise(value)))
        points += stage_points
        stages.append(StageAverage(
            stage.id, stage.name, len(stage.steps), len(stage_points),
            statistics.fmean(p.value for p in stage_points) if stage_points else None,
            statistics.fmean(p.normalised for p in stage_points) if stage_points else None,
        ))
    changes = [Change(a, b) for a, b in itertools.pairwise(points)]
    drops = [change for change in changes if change.value < 0]
    rises = [change for change in changes if change.value > 0]
    return ScoreReport(
        map_id=journey.id,
        title=journey.title,
        file=file,
        type=journey.type,
        scale=scale,
        steps=sum(len(stage.steps) for stage in journey.stages),
        points=tuple(points),
        on_scale=curve([p.value for p in points], float(scale.neutral), [p.value for p in _peak(points)]),  # type: ignore[arg-type]
        normalised=curve([p.normalised for p in points], 0.0, [p.normalised for p in _peak(points)]),
        min_at=min(points, key=lambda p: p.value) if points else None,
        max_at=max(points, key=lambda p: p.value) if points else None,
        peak=_peak(points)[0] if points else None,
        largest_drop=min(drops, key=lambda c: c.value) if drops else None,
        largest_rise=max(rises, key=lambda c: c.value) if rises else None,
        valleys=tuple(valleys(points)),
        stages=tuple(stages),
        actors=tuple(_actor_curves(journey)),
        baseline=journey.baseline,
        order=tuple((stage.id, step.id) for stage, step in journey.steps()),
        positional=frozenset(step.id for _, step in journey.steps() if step.id_positional),
        moments=tuple(_moments(journey)),
        timing=time_map(journey),
        kpis=check_kpis(journey),
    )


def _peak(points: Sequence[Point]) -> list[Point]:
    """The most intense moment: the point farthest from neutral; on a tie the more negative, then the later.

    Why: equally intense bad moments weigh more in memory than good ones ("bad is stronger than good"), and a
    tie broken towards the bad side never flatters a map in a CI gate; among equal values the later one is
    named, as memory favours recency. The normalisation is linear, so the peak is the same on both axes.
    """
    if not points:
        return []

    def intensity(indexed: tuple[int, Point]) -> tuple[float, float, int]:
        index, point = indexed
        value = round(point.normalised, 9)  # 0.1 + 0.2 and 0.3 are the same distance from neutral
        return abs(value), -value, index

    return [max(enumerate(points), key=intensity)[1]]


def _moments(journey: JourneyMap) -> list[Moment]:
    scale = journey.scale
    found = []
    for stage, step in journey.steps():
        if step.moment_of_truth:
            value = step_value(step)
            found.append(Moment(stage=stage.id, step=step.id, name=step.name, value=value,
                                normalised=None if value is None else scale.normalise(value)))
    return found


def curve(values: Sequence[float], neutral: float, peak: Sequence[float]) -> Curve | None:
    """The metrics of a series of values around ``neutral``; ``None`` for an empty series."""
    if not values:
        return None
    n = len(values)
    steps = [abs(b - a) for a, b in itertools.pairwise(values)]
    return Curve(
        mean=statistics.fmean(values),
        median=statistics.median(values),
        min=min(values),
        max=max(values),
        end=values[-1],
        peak_end=(peak[0] + values[-1]) / 2,
        volatility=statistics.fmean(steps) if steps else 0.0,
        below_neutral_area=sum(max(0.0, neutral - v) for v in values) / n,
        trend=slope(values),
    )


def slope(values: Sequence[float]) -> float:
    """Least-squares slope of ``values`` against their position (0, 1, 2 …); 0 for fewer than two."""
    n = len(values)
    if n < 2:
        return 0.0
    mean_x = (n - 1) / 2
    mean_y = statistics.fmean(values)
    numerator = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values))
    denominator = sum((x - mean_x) ** 2 for x in range(n))
    return numerator / denominator


def valleys(points: Sequence[Point]) -> list[Point]:
    """Local minima below neutral: a step (or a flat run of equal steps, named by its first step) whose
    neighbours on both sides are higher; the start and the end of the curve count as higher."""
    found = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1].value == points[i].value:
            j += 1
        lower_than_before = i == 0 or points[i - 1].value > points[i].value
        lower_than_after = j == len(points) - 1 or points[j + 1].value > points[i].value
        if points[i].normalised < 0 and lower_than_before and lower_than_after:
            found.append(points[i])
        i = j + 1
    return found


def _actor_curves(journey: JourneyMap) -> list[ActorCurve]:
    scale = journey.scale
    series: dict[str, list[Point]] = {}
    for stage, step in journey.steps():
        for actor, emotion in step.actors.items():
            if emotion is not None:
                value = float(emotion.score)
                series.setdefault(actor, []).append(Point(stage.id, step.id, step.name, value, scale.normalise(value)))
    return [
        ActorCurve(
            actor,
            tuple(points),
            curve([p.value for p in points], float(scale.neutral), [p.value for p in _peak(points)]),  # type: ignore[arg-type]
            curve([p.normalised for p in points], 0.0, [p.normalised for p in _peak(points)]),
        )
        for actor, points in sorted(series.items())
    ]


class StepDelta(NamedTuple):  # a tuple: a comparison of 40,000 steps builds 40,000 of them
    """One step's change between two maps, paired by the one matcher (:mod:`cjmap.matching`): by step id,
    whatever its stage. ``before_stage`` / ``after_stage`` are ``None`` on the side that lacks the step."""

    step: str
    before: float | None
    after: float | None
    before_stage: str | None
    after_stage: str | None

    @property
    def stage(self) -> str:
        """The stage the step is in now (or was in, when only the old map has it)."""
        stage = self.after_stage or self.before_stage
        assert stage is not None
        return stage

    @property
    def moved(self) -> bool:
        """Whether the step moved to another stage."""
        return None not in (self.before_stage, self.after_stage) and self.before_stage != self.after_stage

    @property
    def delta(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class Comparison:
    """Two curves side by side (before, after), their metric deltas and per-step deltas, all normalised."""

    before: ScoreReport
    after: ScoreReport
    steps: tuple[StepDelta, ...]

    def metric_delta(self, name: str) -> float | None:
        a, b = self.before.metric(name), self.after.metric(name)
        return None if a is None or b is None else b - a


def compare(before: ScoreReport, after: ScoreReport) -> Comparison:
    """Pair steps with the one matcher (by step id, across stages; a positional id pairs with nothing); steps
    only in ``before`` keep their place after their predecessor."""
    old = {p.step: p.normalised for p in before.points}
    new = {p.step: p.normalised for p in after.points}
    old_stage = {step: stage for stage, step in before.order}
    new_stage = {step: stage for stage, step in after.order}
    merged = merged_steps(list(old_stage), list(new_stage), before.positional, after.positional)
    return Comparison(before, after, tuple(
        StepDelta(b or a or "", old.get(a) if a else None, new.get(b) if b else None,
                  old_stage[a] if a else None, new_stage[b] if b else None) for a, b in merged))
