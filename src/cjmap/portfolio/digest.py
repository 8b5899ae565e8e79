"""What one map brings to the portfolio: the few facts of the map and of its curve the portfolio reads.

A digest is made where the map is validated (in a worker process, when the run is parallel) and is small
to send back: plain values, only the steps that can rank among the worst, never the model or the whole score
report (a portfolio of 1,000 maps holds 1,000 digests at once). Its many small parts are named tuples, which
pickle several times faster than dataclasses (a digest of a 100-step map: 27 KB, 5.7 ms as dataclasses).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import NamedTuple

from cjmap import references
from cjmap.model import JourneyMap
from cjmap.score.kpis import KpiResult
from cjmap.score.metrics import ScoreReport, score_map

SEVERITY_WEIGHT: dict[str, int] = {"low": 1, "medium": 2, "high": 3, "critical": 4}
"""How much a pain point's severity counts in its rank."""

FIX_FIRST_SHARE = 2 / 3
"""A score lane's value at or above this share of its range (1..5: 3.67 and up) counts as high."""


class Place(NamedTuple):
    """A step of one map: its stage (id and name) and its own id and name."""

    stage: str
    stage_name: str
    step: str
    name: str


class LowStep(NamedTuple):
    """A step whose emotion stands below neutral."""

    place: Place
    normalised: float
    moment_of_truth: bool
    high_lanes: tuple[tuple[str, float], ...] = ()
    """The score lanes (title, value as written) that rate this step high: a step to fix first."""


class PainOccurrence(NamedTuple):
    """One pain point as written on one step."""

    id: str | None
    text: str
    severity: str
    place: Place
    normalised: float | None
    """Where the step stands on the curve (-1..+1); ``None`` when it has no emotion."""


class OpportunityOccurrence(NamedTuple):
    """One opportunity as written on one step."""

    id: str | None
    text: str
    owner: str | None
    priority: str | None
    customer_value: int | None
    business_value: int | None
    effort: int | None
    issue: str | None
    place: Place
    addresses: tuple[tuple[str, str], ...]
    """The pain points it addresses on its map, as (id, severity); ids the map does not declare are left out."""


class StageMean(NamedTuple):
    """A stage's name and its mean emotion, normalised (``None`` when no step of it has one)."""

    name: str
    normalised: float | None


@dataclass(frozen=True, kw_only=True)
class MapDigest:
    """One valid map, as the portfolio sees it."""

    file: str
    id: str
    title: str
    type: str
    status: str
    owner: str | None
    persona: str | None
    """The persona's name (inline or from its persona file; the file's path as written when it cannot be
    read); ``None`` without one."""
    reviewed: datetime.date | None
    review_every: str | None
    baseline: str | None
    """The ``baseline:`` as written."""
    lifecycle: str | None
    """The ``lifecycle:`` as written: the framework stage the map names."""
    steps: int
    scored: int
    mean: float | None
    """The mean emotion, normalised."""
    stages: tuple[StageMean, ...]
    low_steps: tuple[LowStep, ...]
    pain_points: tuple[PainOccurrence, ...]
    opportunities: tuple[OpportunityOccurrence, ...]
    missed_kpis: tuple[KpiResult, ...]


def text_key(text: str) -> str:
    """Text compared ignoring case, spacing and final punctuation."""
    return re.sub(r"\s+", " ", text).strip().rstrip(".!?;:…").strip().casefold()


def digest(journey: JourneyMap, file: str, score: ScoreReport | None = None) -> MapDigest:
    """The digest of a valid map read from ``file`` (``score``: its score report, when already made)."""
    report = score or score_map(journey, file)
    places = {(stage.id, step.id): Place(stage=stage.id, stage_name=stage.name, step=step.id, name=step.name)
              for stage, step in journey.steps()}
    normalised = {(point.stage, point.step): point.normalised for point in report.points}
    truths = {(moment.stage, moment.step) for moment in report.moments}
    lanes = [lane for lane in journey.lanes if lane.kind == "score"]
    severity = {pain.id: pain.severity for _, step in journey.steps() for pain in step.pain_points if pain.id}
    low = []
    for stage, step in journey.steps():
        value = normalised.get((stage.id, step.id))
        if value is not None and value < 0:
            high = tuple((lane.title, float(written)) for lane in lanes
                         if isinstance(written := step.lanes.get(lane.id), (int, float))
                         and (written - lane.low) / (lane.high - lane.low) >= FIX_FIRST_SHARE)
            low.append(LowStep(place=places[(stage.id, step.id)], normalised=value,
                               moment_of_truth=(stage.id, step.id) in truths, high_lanes=high))
    return MapDigest(
        file=file, id=journey.id, title=journey.title, type=journey.type, status=journey.status, owner=journey.owner,
        persona=_persona_name(journey, file), reviewed=journey.reviewed, review_every=journey.review_every,
        baseline=journey.baseline, lifecycle=journey.lifecycle, steps=report.steps, scored=len(report.points), mean=report.metric("mean"),
        stages=tuple(StageMean(name=stage.name, normalised=stage.normalised) for stage in report.stages),
        low_steps=tuple(low),
        pain_points=tuple(
            PainOccurrence(id=pain.id, text=pain.text, severity=pain.severity, place=places[(stage.id, step.id)],
                           normalised=normalised.get((stage.id, step.id)))
            for stage, step in journey.steps() for pain in step.pain_points),
        opportunities=tuple(
            OpportunityOccurrence(id=item.id, text=item.text, owner=item.owner, priority=item.priority,
                                  customer_value=item.customer_value, business_value=item.business_value,
                                  effort=item.effort, issue=item.issue, place=places[(stage.id, step.id)],
                                  addresses=tuple((pain, severity[pain]) for pain in item.addresses if pain in severity))
            for stage, step in journey.steps() for item in step.opportunities),
        missed_kpis=report.kpis.missed,
    )


def _persona_name(journey: JourneyMap, file: str) -> str | None:
    """The name of the map's (first) persona."""
    if not journey.persona:
        return None
    entry = journey.persona[0]
    if not isinstance(entry, str):
        return entry.name
    target = references.locate(entry, references.base_dir_of(file), references.PERSONA)
    # The check validation made of the file, cached per process: a persona shared by many maps is read once.
    name = references.inspect_persona(target).name if isinstance(target, references.Target) else None
    return name or entry
