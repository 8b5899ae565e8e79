"""Numbers and the sections beside the curve in score reports: moments of truth, time per stage, KPIs.

Signs: a ``+`` is printed only where it says something. Scores on the map's scale are signed only when the
scale has negative values (``-2..2`` shows ``+1.00``, ``1..10`` shows ``5.43``); normalised values and
changes are signed by nature (``+0.25``); sizes on the scale (volatility, area), shares and counts never are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cjmap.model import Scale
from cjmap.reporters.escape import markdown_code, markdown_text
from cjmap.score.gates import COUNTS, shown
from cjmap.score.kpis import KpiResult, KpiSummary, describe
from cjmap.score.metrics import Moment, ScoreReport
from cjmap.score.timing import StageTime, StepTime, Timing, format_seconds

if TYPE_CHECKING:
    from cjmap.language import Language

MOMENT_MARK = "^"


def number(value: float | None, signed: bool = False) -> str:
    """Two decimals (``–`` for no value); unsigned ones drop trailing zeros (``-2``, ``3.5``)."""
    if value is None:
        return "–"
    text = f"{value:+.2f}" if signed else f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text and not signed else text


def signed_scale(scale: Scale) -> bool:
    """Whether scores on ``scale`` carry a sign: only when the scale has negative values."""
    return scale.min < 0


def on_scale(scale: Scale, value: float | None) -> str:
    """A value on the map's scale with two decimals, signed only on scales with negative values."""
    if value is None:
        return "–"
    return f"{value:+.2f}" if signed_scale(scale) else f"{value:.2f}"


def score(scale: Scale, value: float | None) -> str:
    """A score as written, without trailing zeros (``-2``, ``3.5``), ``+`` only on scales with negative values."""
    if value is None:
        return "–"
    text = number(value)
    return f"+{text}" if signed_scale(scale) and value > 0 else text


def metric(name: str, value: float | None) -> str:
    """A metric as gates and comparisons use it: counts whole, shares unsigned, normalised values signed."""
    return "–" if value is None else shown(name, value)


def metric_delta(name: str, value: float | None) -> str:
    """The change of a metric between two maps: always signed (``+1`` for a count)."""
    if value is None:
        return "–"
    return f"{value:+g}" if name in COUNTS else f"{value:+.2f}"


def normalised_ends(scale: Scale) -> str | None:
    """``'-0.80..+1.00'`` when neutral is off centre (the shorter side stops short of 1), else ``None``."""
    low, high = scale.normalise(float(scale.min)), scale.normalise(float(scale.max))
    if low == -1.0 and high == 1.0:
        return None
    return f"{low:+.2f}..{high:+.2f} (one unit = {number(scale.half_span())} points)"


# --- text ---------------------------------------------------------------------------------------------------

def moment_marks(report: ScoreReport) -> str:
    """One character per step under the curve: ``^`` at a moment of truth, a space elsewhere."""
    moments = {(m.stage, m.step) for m in report.moments}
    return "".join(MOMENT_MARK if key in moments else " " for key in report.order)


def moment_line(report: ScoreReport, moment: Moment) -> str:
    """'Name (stage/step) -2 (-1.00)', or '... no emotion'."""
    where = f"{moment.name} ({moment.stage}/{moment.step})"
    if moment.value is None:
        return f"{where} no emotion"
    return f"{where} {score(report.scale, moment.value)} ({number(moment.normalised, True)})"


def _stage_time(stage: StageTime) -> str:
    time = "no duration" if stage.seconds is None else format_seconds(stage.seconds)
    return f"{stage.name}: {time} ({stage.timed}/{stage.steps} steps timed)"


def _step_time(step: StepTime) -> str:
    return f"{step.name} ({step.stage}/{step.step}, {format_seconds(step.seconds)})"


def time_lines(timing: Timing) -> list[str]:
    """The time section: the total, each stage, and the bottleneck (lines without markup)."""
    untimed = f" ({timing.untimed} without a duration)" if timing.untimed else ""
    stage = timing.bottleneck_stage
    total = f"{format_seconds(timing.seconds)} over {timing.timed} of {timing.timed + timing.untimed} steps"
    bottleneck = (f"stage {stage.name} ({format_seconds(stage.seconds or 0.0)}); "
                  f"step {_step_time(timing.bottleneck_step)}")
    return [f"time: {total}{untimed}", *(f"  {_stage_time(s)}" for s in timing.stages), f"bottleneck: {bottleneck}"]


def kpi_counts(kpis: KpiSummary) -> str:
    return f"{kpis.count('met')} met, {kpis.count('missed')} missed, {kpis.count('unknown')} unknown"


def kpi_line(item: KpiResult, words: Language | None = None) -> str:
    """'name (stage/step): 42 % against ≥ 60 %', in the language of ``words`` when given."""
    return f"{item.name} ({item.stage}/{item.step}): {describe(item) if words is None else _described(item, words)}"


# --- Markdown -----------------------------------------------------------------------------------------------

def markdown_sections(report: ScoreReport, words: Language) -> list[str]:
    """The moments of truth, time and KPI paragraphs of one map (nothing for a map that has none of them), in
    the language of ``words``."""
    _, dec, duration = words.gettext, words.decimal, words.duration
    lines: list[str] = []
    title = markdown_text(report.title)
    if report.moments:
        lines += ["", "**" + _("Moments of truth in %(map)s:") % {"map": title} + "** " + "; ".join(
            f"{markdown_text(m.name)} ({markdown_code(m.step)}, "
            + (_("no emotion") + ")" if m.value is None else f"{dec(score(report.scale, m.value))}, "
                                                             f"{dec(number(m.normalised, True))})")
            for m in report.moments)]
    timing = report.timing
    if timing is not None:
        stage, step = timing.bottleneck_stage, timing.bottleneck_step
        untimed = " " + words.counted("(%(num)s step without a duration)", "(%(num)s steps without a duration)",
                                      timing.untimed) if timing.untimed else ""
        total = words.counted("%(time)s over %(timed)s of %(num)s step", "%(time)s over %(timed)s of %(num)s steps",
                              timing.timed + timing.untimed, time=duration(timing.seconds),
                              timed=words.number(timing.timed))
        by_stage = "; ".join(
            f"{markdown_text(s.name)} {_('no duration') if s.seconds is None else duration(s.seconds)} "
            + _("(%(timed)s/%(steps)s timed)") % {"timed": words.number(s.timed), "steps": words.number(s.steps)}
            for s in timing.stages)
        lines += ["", "**" + _("Time in %(map)s:") % {"map": title} + "** " + total + untimed + ". "
                  + _("By stage: %(stages)s.") % {"stages": by_stage} + " "
                  + _("Bottleneck: stage %(stage)s (%(time)s), step %(step)s (%(id)s, %(step_time)s).") % {
                      "stage": markdown_text(stage.name), "time": duration(stage.seconds or 0.0),
                      "step": markdown_text(step.name), "id": markdown_code(step.step),
                      "step_time": duration(step.seconds)}]
    if report.kpis.items:
        missed = report.kpis.missed
        counts = _("%(met)s met, %(missed)s missed, %(unknown)s unknown") % {
            "met": words.number(report.kpis.count("met")), "missed": words.number(report.kpis.count("missed")),
            "unknown": words.number(report.kpis.count("unknown"))}
        lines += ["", "**" + _("KPIs in %(map)s:") % {"map": title} + "** " + counts + (
            ". " + _("Missed: %(kpis)s") % {"kpis": "; ".join(
                f"{markdown_text(k.name)} ({markdown_code(k.step)}): {markdown_text(_described(k, words))}"
                for k in missed)} if missed else "") + "."]
    return lines


def _described(item: KpiResult, words: Language) -> str:
    """The value against the target, in the language of ``words`` ('42 % against ≥ 60 %')."""
    def measure(value: float | None) -> str:
        if value is None:
            return ""
        text = words.decimal(f"{value:g}")
        return f"{text} {item.unit}" if item.unit else text

    value = measure(item.value) or words.gettext("no value")
    target = f"{'≥' if item.direction == 'higher' else '≤'} {measure(item.target)}" if item.target is not None \
        else words.gettext("no target")
    return words.gettext("%(value)s against %(target)s") % {"value": value, "target": target}


# --- JSON ---------------------------------------------------------------------------------------------------

def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def moments_json(report: ScoreReport) -> list[dict[str, Any]]:
    return [{"stage": m.stage, "step": m.step, "name": m.name, "value": _round(m.value),
             "normalised": _round(m.normalised)} for m in report.moments]


def time_json(timing: Timing | None) -> dict[str, Any] | None:
    if timing is None:
        return None
    stage, step = timing.bottleneck_stage, timing.bottleneck_step
    return {
        "seconds": _round(timing.seconds), "timed": timing.timed, "untimed": timing.untimed,
        "stages": [{"stage": s.stage, "name": s.name, "steps": s.steps, "timed": s.timed,
                    "seconds": _round(s.seconds)} for s in timing.stages],
        "bottleneck": {
            "stage": {"stage": stage.stage, "name": stage.name, "seconds": _round(stage.seconds)},
            "step": {"stage": step.stage, "step": step.step, "name": step.name, "duration": step.duration,
                     "seconds": _round(step.seconds)},
        },
    }


def kpis_json(kpis: KpiSummary) -> dict[str, Any]:
    return {"met": kpis.count("met"), "missed": kpis.count("missed"), "unknown": kpis.count("unknown"),
            "items": [{"stage": k.stage, "step": k.step, "id": k.id, "name": k.name, "value": k.value,
                       "target": k.target, "unit": k.unit, "direction": k.direction, "status": k.status}
                      for k in kpis.items]}
