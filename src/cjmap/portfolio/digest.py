"""What one map brings to the portfolio: its score, and the few facts of the map the portfolio reads.

A digest is made where the map is validated (in a worker process, when the run is parallel) and is small
to send back: the score report and plain values, never the model.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cjmap import references
from cjmap.model import JourneyMap
from cjmap.score.metrics import ScoreReport, score_map


@dataclass(frozen=True, kw_only=True)
class PainOccurrence:
    """One pain point as written on one step."""

    id: str | None
    text: str
    severity: str
    stage: str
    stage_name: str
    step: str
    step_name: str
    normalised: float | None
    """Where the step stands on the curve (-1..+1); ``None`` when it has no emotion."""


@dataclass(frozen=True, kw_only=True)
class MapDigest:
    """One valid map, as the portfolio sees it."""

    score: ScoreReport
    status: str
    owner: str | None
    persona: str | None
    """The persona's name (inline or from its persona file; the file's path as written when it cannot be
    read); ``None`` without one."""
    reviewed: datetime.date | None
    review_every: str | None
    stage_names: tuple[tuple[str, str], ...]
    """Every stage as (id, name), in journey order."""
    pain_points: tuple[PainOccurrence, ...]

    @property
    def file(self) -> str:
        return self.score.file

    @property
    def mean(self) -> float | None:
        return self.score.metric("mean")


def digest(journey: JourneyMap, file: str) -> MapDigest:
    """The digest of a valid map read from ``file``."""
    score = score_map(journey, file)
    normalised = {(point.stage, point.step): point.normalised for point in score.points}
    return MapDigest(
        score=score,
        status=journey.status,
        owner=journey.owner,
        persona=_persona_name(journey, file),
        reviewed=journey.reviewed,
        review_every=journey.review_every,
        stage_names=tuple((stage.id, stage.name) for stage in journey.stages),
        pain_points=tuple(
            PainOccurrence(id=pain.id, text=pain.text, severity=pain.severity, stage=stage.id,
                           stage_name=stage.name, step=step.id,
                           step_name=step.name, normalised=normalised.get((stage.id, step.id)))
            for stage, step in journey.steps() for pain in step.pain_points),
    )


def _persona_name(journey: JourneyMap, file: str) -> str | None:
    """The name of the map's (first) persona."""
    if not journey.persona:
        return None
    entry = journey.persona[0]
    if not isinstance(entry, str):
        return entry.name
    target = references.locate(entry, references.base_dir_of(file), references.PERSONA)
    persona = references.read_persona(target) if isinstance(target, references.Target) else None
    return persona.name if persona is not None else entry
