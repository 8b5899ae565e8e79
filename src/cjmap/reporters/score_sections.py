"""Numbers and the sections beside the curve in score reports: moments of truth, time per stage, KPIs.

Signs: a ``+`` is printed only where it says something. Scores on the map's scale are signed only when the
scale has negative values (``-2..2`` shows ``+1.00``, ``1..10`` shows ``5.43``); normalised values and
changes are signed by nature (``+0.25``); sizes on the scale (volatility, area), shares and counts never are.
"""

from __future__ import annotations

from typing import Any

from cjmap.model import Scale
from cjmap.reporters.escape import markdown_code, markdown_text
from cjmap.score.gates import COUNTS, shown
from cjmap.score.kpis import KpiResult, KpiSummary, describe
from cjmap.score.metrics import Moment, ScoreReport
from cjmap.score.timing import StageTime, StepTime, Timing, format_seconds

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


def kpi_line(item: KpiResult) -> str:
    """'name (stage/step): 42 % against ≥ 60 %'."""
    return f"{item.name} ({item.stage}/{item.step}): {describe(item)}"


# --- Markdown -----------------------------------------------------------------------------------------------

def markdown_sections(report: ScoreReport) -> list[str]:
    """The moments of truth, time and KPI paragraphs of one map (nothing for a map that has none of them)."""
    lines: list[str] = []
    title = markdown_text(report.title)
    if report.moments:
        lines += ["", f"**Moments of truth in {title}:** " + "; ".join(
            f"{markdown_text(m.name)} ({markdown_code(m.step)}, "
            + ("no emotion)" if m.value is None else f"{score(report.scale, m.value)}, "
                                                     f"{number(m.normalised, True)})")
            for m in report.moments)]
    timing = report.timing
    if timing is not None:
        stage, step = timing.bottleneck_stage, timing.bottleneck_step
        untimed = f" ({timing.untimed} without a duration)" if timing.untimed else ""
        lines += ["", f"**Time in {title}:** {format_seconds(timing.seconds)} over {timing.timed} of "
                      f"{timing.timed + timing.untimed} steps{untimed}. By stage: " + "; ".join(
                          f"{markdown_text(s.name)} "
                          f"{'no duration' if s.seconds is None else format_seconds(s.seconds)} "
                          f"({s.timed}/{s.steps} timed)" for s in timing.stages)
                  + f". Bottleneck: stage {markdown_text(stage.name)} ({format_seconds(stage.seconds or 0.0)}), "
                    f"step {markdown_text(step.name)} ({markdown_code(step.step)}, {format_seconds(step.seconds)})."]
    if report.kpis.items:
        missed = report.kpis.missed
        lines += ["", f"**KPIs in {title}:** {kpi_counts(report.kpis)}" + (". Missed: " + "; ".join(
            f"{markdown_text(k.name)} ({markdown_code(k.step)}): {markdown_text(describe(k))}" for k in missed)
            if missed else "") + "."]
    return lines


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
