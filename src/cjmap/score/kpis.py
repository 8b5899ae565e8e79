"""Whether each KPI meets its target: a count per map of met, missed and unknown, and every KPI's verdict.

The verdict is the model's (:attr:`cjmap.model.Kpi.met`), so lint, score and render agree: ``met`` when the
value lies on the better side of the target (or on it), ``missed`` when not, ``unknown`` while the value or
the target is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cjmap.measures import Direction
from cjmap.model import JourneyMap

Status = Literal["met", "missed", "unknown"]


@dataclass(frozen=True, kw_only=True)
class KpiResult:
    """One KPI of one step and its verdict."""

    stage: str
    step: str
    id: str | None
    name: str
    value: float | None
    target: float | None
    unit: str | None
    direction: Direction
    status: Status


@dataclass(frozen=True, kw_only=True)
class KpiSummary:
    """Every KPI of a map, in journey order, and how many meet their target."""

    items: tuple[KpiResult, ...] = ()

    def count(self, status: Status) -> int:
        return sum(1 for item in self.items if item.status == status)

    @property
    def missed(self) -> tuple[KpiResult, ...]:
        return tuple(item for item in self.items if item.status == "missed")


def check_kpis(journey: JourneyMap) -> KpiSummary:
    """The verdict of every KPI in ``journey``."""
    items = []
    for stage, step in journey.steps():
        for kpi in step.kpis:
            met = kpi.met
            items.append(KpiResult(
                stage=stage.id, step=step.id, id=kpi.id, name=kpi.name,
                value=kpi.value, target=kpi.target,  # as written: 42 stays 42 in JSON, not 42.0
                unit=kpi.unit, direction=kpi.direction,
                status="unknown" if met is None else "met" if met else "missed"))
    return KpiSummary(items=tuple(items))


def describe(item: KpiResult) -> str:
    """The value against the target, for people: '42 % against ≥ 60 %' ('no value' / 'no target' when missing)."""
    def measure(number: float | None) -> str:
        if number is None:
            return ""
        return f"{number:g} {item.unit}" if item.unit else f"{number:g}"

    value = measure(item.value) or "no value"
    target = f"{'≥' if item.direction == 'higher' else '≤'} {measure(item.target)}" if item.target is not None \
        else "no target"
    return f"{value} against {target}"
