"""How a KPI reads on a rendered map: value and target with their unit, and whether the target is met.

The verdict is the model's (:attr:`cjmap.model.Kpi.met`: the value on the better side of the target, the
side given by ``direction`` or by a target written ``'<= 4 min'``), so lint, score and render agree.
"""

from __future__ import annotations

from cjmap.model import Kpi
from cjmap.render.views import KpiView, Link

STATUS_TEXT = {"met": "✓ target met", "missed": "✗ target missed", "unknown": "no value yet"}


def status(kpi: Kpi) -> str:
    """``met``, ``missed`` or ``unknown`` (no value, or no target)."""
    met = kpi.met
    return "unknown" if met is None else "met" if met else "missed"


GLUED_UNITS = frozenset({"%", "‰"})
"""Units written against the number, as people write them: 42%, not 42 %."""


def _measure(value: float | None, unit: str | None) -> str:
    if value is None:
        return ""
    # repr gives the shortest text that reads back as the same float (what the author wrote, 0.42 or
    # 1234567.5), where :g would round to six digits and switch to exponents (1.23457e+06).
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    if not unit:
        return text
    return f"{text}{unit}" if unit in GLUED_UNITS else f"{text} {unit}"


def view(kpi: Kpi, *, links: tuple[Link, ...], step: str, step_anchor: str) -> KpiView:
    """The KPI as shown: value and target with their unit (and the better side), and the verdict in words."""
    verdict = status(kpi)
    text = "no target" if verdict == "unknown" and kpi.value is not None else STATUS_TEXT[verdict]
    target = _measure(kpi.target, kpi.unit)
    if target:
        target = f"{'≥' if kpi.direction == 'higher' else '≤'} {target}"
    return KpiView(name=kpi.name, value=_measure(kpi.value, kpi.unit), target=target,
                   status=verdict, status_text=text, addresses=links, step=step, step_anchor=step_anchor)
