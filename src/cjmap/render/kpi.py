"""How a KPI reads on a rendered map: value and target with their unit, and whether the target is met.

The verdict is the model's (:attr:`cjmap.model.Kpi.met`: the value on the better side of the target, the
side given by ``direction`` or by a target written ``'<= 4 min'``), so lint, score and render agree.
"""

from __future__ import annotations

from cjmap.language import N_, Language
from cjmap.model import Kpi
from cjmap.render.views import KpiView, Link

STATUS_TEXT = {"met": ("✓ ", N_("target met")), "missed": ("✗ ", N_("target missed")),
               "unknown": ("", N_("no value yet"))}
"""Each verdict's mark and words (translated where shown)."""


def _translated_status(verdict: str, words: Language) -> str:
    mark, message = STATUS_TEXT[verdict]
    return mark + words.gettext(message)


def status(kpi: Kpi) -> str:
    """``met``, ``missed`` or ``unknown`` (no value, or no target)."""
    met = kpi.met
    return "unknown" if met is None else "met" if met else "missed"


GLUED_UNITS = frozenset({"%", "‰"})
"""Units written against the number, as people write them: 42%, not 42 %."""


def _measure(value: float | None, unit: str | None, words: Language) -> str:
    if value is None:
        return ""
    # The number as the author wrote it (0.42, 1234567.5: repr is the shortest text that reads back as the
    # same float, where :g rounds to six digits), with the page language's decimal sign.
    text = str(int(value)) if float(value).is_integer() else repr(float(value)).replace(".", words.decimal_sign)
    if not unit:
        return text
    return f"{text}{unit}" if unit in GLUED_UNITS else f"{text} {unit}"


def view(kpi: Kpi, *, links: tuple[Link, ...], step: str, step_anchor: str, words: Language) -> KpiView:
    """The KPI as shown in the page's language: value and target with their unit (and the better side), and
    the verdict in words."""
    verdict = status(kpi)
    text = words.gettext("no target") if verdict == "unknown" and kpi.value is not None \
        else _translated_status(verdict, words)
    target = _measure(kpi.target, kpi.unit, words)
    if target:
        target = f"{'≥' if kpi.direction == 'higher' else '≤'} {target}"
    return KpiView(name=kpi.name, value=_measure(kpi.value, kpi.unit, words), target=target,
                   status=verdict, status_text=text, addresses=links, step=step, step_anchor=step_anchor)
