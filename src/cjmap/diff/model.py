"""The values of a semantic diff: a :class:`DiffReport` of :class:`MapDiff`, each a list of :class:`Change`.

Modelled on dyff: every change has a path that reads like ``/stages/id=pay/steps/id=card/emotion/score`` and a
kind. Computing (:mod:`cjmap.diff.compute`) and writing (:mod:`cjmap.reporters.diff`) are separate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cjmap.problem import Problem

ADDED = "added"
REMOVED = "removed"
MODIFIED = "modified"
MOVED = "moved"
RENAMED = "renamed"
ORDER_CHANGED = "order-changed"
INVALID = "invalid"
"""The status of a map a side of which does not validate: its problems are reported instead of changes."""
KINDS: tuple[str, ...] = (ADDED, REMOVED, MODIFIED, MOVED, RENAMED, ORDER_CHANGED)
"""Every kind of change, in the order summaries count them."""

CURVE_METRICS: tuple[str, ...] = ("mean", "min", "end", "peak-end", "valleys")
"""The curve summary a diff compares (normalised -1..+1; valleys a count), named as ``cjmap score`` names them."""


@dataclass(frozen=True, kw_only=True)
class Subject:
    """What a change is about, as people name it: text and Markdown say these names, JSON keeps ids and paths."""

    kind: str
    """map, file, scale, stage, step, channel, actor, lane, pain_point, opportunity or kpi; stages or steps for an
    order change."""
    name: str = ""
    """Its name (a pain point's or opportunity's text); the new one when both sides have it."""
    stage: str = ""
    """The name of the stage it is in (a step, or a step's pain point, opportunity or KPI)."""
    step: str = ""
    """The name of the step it is in (a pain point, opportunity or KPI)."""
    field: str = ""
    """For a field change: the field's key path under it (``emotion/score``); empty otherwise."""
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    """A move to another stage or step: the old and the new one's name; an order change: the names in the old
    and the new order."""


@dataclass(frozen=True, kw_only=True)
class Change:
    """One difference between two maps.

    ``entity`` says what changed (map, stage, step, channel, actor, lane, pain_point, opportunity, kpi, field, scale,
    file); ``before``/``after`` are JSON values (None on the side that has nothing). ``stage`` is the stage the
    change belongs to (for grouping), ``derived_id`` tells that the item has no written id, and ``line`` and
    ``column`` point into the new file (for annotations), or are 0 when there is no place there. ``subject``
    names what the path points at, for people.
    """

    kind: str
    path: str
    entity: str
    before: Any = None
    after: Any = None
    stage: str | None = None
    derived_id: bool = False
    line: int = 0
    column: int = 0
    subject: Subject | None = None
    """Who the change is about, by name (None: only the path says it)."""

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON shape of a change."""
        return {"kind": self.kind, "path": self.path, "entity": self.entity, "before": self.before,
                "after": self.after, "stage": self.stage, "derived_id": self.derived_id,
                "line": self.line or None, "column": self.column or None}


@dataclass(frozen=True, kw_only=True)
class EmotionDelta:
    """One step's emotion before and after: on each map's scale and normalised (-1..+1, neutral 0)."""

    stage: str
    step: str
    name: str
    before: float | None
    after: float | None
    before_normalised: float | None
    after_normalised: float | None

    @property
    def delta(self) -> float | None:
        """The change of the normalised value (comparable when the scale changed too)."""
        if self.before_normalised is None or self.after_normalised is None:
            return None
        return self.after_normalised - self.before_normalised

    @property
    def direction(self) -> str:
        """up, down, same, added (scored only after) or removed (scored only before)."""
        if self.before is None:
            return ADDED
        if self.after is None:
            return REMOVED
        delta = self.delta or 0.0
        return "up" if delta > 1e-12 else "down" if delta < -1e-12 else "same"

    def as_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "step": self.step, "name": self.name, "before": self.before,
                "after": self.after, "before_normalised": _round(self.before_normalised),
                "after_normalised": _round(self.after_normalised), "delta": _round(self.delta),
                "direction": self.direction}


@dataclass(frozen=True, kw_only=True)
class MetricDelta:
    """One curve metric before and after (normalised; ``valleys`` is a count)."""

    metric: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before

    def as_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "before": _round(self.before), "after": _round(self.after),
                "delta": _round(self.delta)}


@dataclass(frozen=True, kw_only=True)
class CurvePoint:
    """A step on the before/after chart, in merged order: its normalised value on each side."""

    step: str
    name: str
    before: float | None
    after: float | None


@dataclass(frozen=True, kw_only=True)
class MapDiff:
    """The differences between two versions of one map (or a map added or removed)."""

    old_name: str | None
    """Where the old version came from (``HEAD:maps/a.yaml``, a file), None for an added map."""
    new_name: str | None
    """Where the new version came from, None for a removed map."""
    new_file: str | None = None
    """The new version's file in the working tree or repository (for annotations), when there is one."""
    title: str = ""
    status: str = MODIFIED
    """added, removed or modified (a map whose versions do not differ has no changes), or invalid."""
    changes: tuple[Change, ...] = ()
    emotions: tuple[EmotionDelta, ...] = ()
    curve: tuple[MetricDelta, ...] = ()
    chart: tuple[CurvePoint, ...] = ()
    stage_names: dict[str, str] = field(default_factory=dict)
    """Stage id -> name (the new name, else the old), for grouping."""
    scale_changed: bool = False
    problems: tuple[Problem, ...] = ()
    """Why an invalid map cannot be compared: the located problems of the side (or sides) that do not validate."""

    @property
    def differs(self) -> bool:
        return bool(self.changes) or self.status != MODIFIED

    def counts(self) -> dict[str, int]:
        """How many changes of each kind (every kind present, zeros included)."""
        counts = dict.fromkeys(KINDS, 0)
        for change in self.changes:
            counts[change.kind] += 1
        return counts


@dataclass(frozen=True, kw_only=True)
class DiffReport:
    """Every map compared in one run."""

    maps: tuple[MapDiff, ...]

    @property
    def differs(self) -> bool:
        return any(item.differs for item in self.maps)

    @property
    def invalid(self) -> tuple[MapDiff, ...]:
        """The maps that could not be compared because a side does not validate."""
        return tuple(item for item in self.maps if item.status == INVALID)

    def counts(self) -> dict[str, int]:
        total = dict.fromkeys(KINDS, 0)
        for item in self.maps:
            for kind, number in item.counts().items():
                total[kind] += number
        return total


def _round(value: float | None) -> float | None:
    """Six decimals: stable JSON without float noise (0.30000000000000004)."""
    return None if value is None else round(value, 6) + 0.0  # + 0.0 turns -0.0 into 0.0
