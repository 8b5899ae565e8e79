"""Small helpers shared by lint rules: walking the map with data paths, ids, and round-trip edits."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from cjmap.document import Path
from cjmap.model import JourneyMap, Kpi, Opportunity, PainPoint, Stage, Step

SEVERITY_ORDER: dict[str, int] = {"low": 1, "medium": 2, "high": 3, "critical": 4}
"""Pain-point severities from mildest to worst, for ``min-severity`` options."""

LANES: tuple[str, ...] = ("physical_evidence", "frontstage", "backstage", "support")
"""The service-blueprint lanes of a step, top to bottom."""


@dataclass(frozen=True, slots=True)
class StepRef:
    """A step with its stage and the data path to it."""

    stage: Stage
    step: Step
    path: Path


def scored_steps(journey: JourneyMap) -> list[tuple[StepRef, float]]:
    """The steps that have an emotion, in journey order, with their score normalised to -1..+1."""
    scale = journey.scale
    return [(ref, scale.normalise(ref.step.emotion.score)) for ref in steps(journey) if ref.step.emotion is not None]


def steps(journey: JourneyMap) -> Iterator[StepRef]:
    """Every step in journey order, with its stage and data path."""
    for s, stage in enumerate(journey.stages):
        for t, step in enumerate(stage.steps):
            yield StepRef(stage, step, ("stages", s, "steps", t))


def severity_floor(value: Any) -> int:
    """The rank of a ``min-severity`` option value; a clear error when it is not a severity."""
    try:
        return SEVERITY_ORDER[str(value)]
    except KeyError:
        raise ValueError(f"min-severity must be one of {', '.join(SEVERITY_ORDER)}, not {value!r}") from None


def merged(defaults: Mapping[str, Any], options: Mapping[str, Any]) -> dict[str, Any]:
    """A rule's options: its defaults overridden by what the configuration gives."""
    return {**defaults, **options}


def pain_point_ids(journey: JourneyMap, of: str) -> set[str]:
    """The pain-point ids named in ``addresses`` of every opportunity (``of="opportunities"``) or KPI."""
    found: set[str] = set()
    for ref in steps(journey):
        for item in getattr(ref.step, of):
            found.update(item.addresses)
    return found


def all_ids(journey: JourneyMap) -> set[str]:
    """Every id used in the map, of whatever kind, so generated ids clash with none."""
    taken: set[str] = {journey.id}
    for stage in journey.stages:
        taken.add(stage.id)
        for step in stage.steps:
            taken.add(step.id)
            items: list[PainPoint | Opportunity | Kpi] = [*step.pain_points, *step.opportunities, *step.kpis]
            for item in items:
                if item.id is not None:
                    taken.add(item.id)
    return taken


def describe(item: Any) -> str:
    """How a message names a pain point, opportunity or KPI: its id, or the start of its text."""
    if getattr(item, "id", None):
        return f"'{item.id}'"
    text = str(getattr(item, "text", None) or getattr(item, "name", ""))
    return f'"{text[:37]}..."' if len(text) > 40 else f'"{text}"'


def quoted(items: list[str]) -> str:
    """Items as a readable list, in their order: 'a', 'b' and 'c'."""
    names = [f"'{item}'" for item in items]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def node_at(data: Any, path: Path) -> Any:
    """The round-trip node at ``path``, or ``None`` when the path no longer leads anywhere."""
    node = data
    for step in path:
        if isinstance(node, Mapping) and step in node:
            node = node[step]
        elif isinstance(node, list) and type(step) is int and 0 <= step < len(node):
            node = node[step]
        else:
            return None
    return node


def research(step: Step) -> list[str]:
    """The research a step cites (its ``research``, written ``evidence`` in older maps); every rule reads it
    here, so a rename is one line."""
    return step.research
