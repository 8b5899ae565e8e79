"""Writing score reports: a terminal report with the curve drawn, a portfolio table, JSON and Markdown."""

from __future__ import annotations

import io
import shutil
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.markup import escape as markup_escape
from rich.table import Table

from cjmap import __version__
from cjmap.problem import Problem
from cjmap.reporters import score_sections as sections
from cjmap.reporters.base import use_color
from cjmap.reporters.escape import guard_lines, json_text, markdown_code, markdown_text, visible
from cjmap.reporters.score_sections import number as _num
from cjmap.reporters.score_sections import on_scale
from cjmap.score.metrics import METRICS, Comparison, Curve, Point, ScoreReport

if TYPE_CHECKING:
    from cjmap.language import Language

BARS = "▁▂▃▄▅▆▇█"
GAP = "·"


def sparkline(points: Sequence[Point | None]) -> str:
    """One character per step: bar height by normalised emotion (-1 lowest, +1 highest), ``·`` for no emotion."""
    chars = []
    for point in points:
        if point is None:
            chars.append(GAP)
        else:
            index = round((point.normalised + 1) / 2 * (len(BARS) - 1))
            chars.append(BARS[max(0, min(len(BARS) - 1, index))])
    return "".join(chars)


def curve_line(report: ScoreReport, steps: Sequence[tuple[str, str] | None] | None = None) -> str:
    """The sparkline of ``report`` over ``steps`` (stage id, step id, or ``None`` for a step it lacks; default:
    all its steps), ``·`` where unscored or absent."""
    by_step = {(p.stage, p.step): p for p in report.points}
    return sparkline([by_step.get(key) if key else None for key in (report.order if steps is None else steps)])


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# --- JSON -------------------------------------------------------------------------------------------------

def _point(point: Point | None) -> dict[str, Any] | None:
    if point is None:
        return None
    return {"stage": point.stage, "step": point.step, "name": point.name,
            "value": _round(point.value), "normalised": _round(point.normalised)}


def _curve_metrics(scale: Curve | None, normalised: Curve | None) -> dict[str, Any]:
    names = ("mean", "median", "min", "max", "end", "peak_end", "volatility", "below_neutral_area", "trend")
    return {name.replace("_", "-"): {"scale": _round(getattr(scale, name)) if scale else None,
                                     "normalised": _round(getattr(normalised, name)) if normalised else None}
            for name in names}


def report_dict(report: ScoreReport) -> dict[str, Any]:
    """The stable JSON shape of one map's score (documented in docs/commands/score.md)."""
    metrics = _curve_metrics(report.on_scale, report.normalised)
    for change_name, change in (("largest-drop", report.largest_drop), ("largest-rise", report.largest_rise)):
        metrics[change_name] = {
            "scale": _round(abs(change.value)) if change else (0.0 if report.points else None),
            "normalised": _round(abs(change.normalised)) if change else (0.0 if report.points else None),
            "from": _point(change.start) if change else None,
            "to": _point(change.end) if change else None,
        }
    metrics["below-neutral-share"] = {"value": _round(report.below_neutral_share)}
    metrics["valleys"] = {"value": len(report.valleys)}
    metrics["coverage"] = {"value": _round(report.coverage)}
    return {
        "file": report.file,
        "id": report.map_id,
        "title": report.title,
        "type": report.type,
        "baseline": report.baseline,
        "scale": {"min": report.scale.min, "max": report.scale.max, "neutral": report.scale.neutral},
        "steps": report.steps,
        "scored": len(report.points),
        "sparkline": curve_line(report),
        "metrics": {name: metrics[name] for name in METRICS},
        "min_at": _point(report.min_at),
        "max_at": _point(report.max_at),
        "peak": _point(report.peak),
        "valleys": [_point(p) for p in report.valleys],
        "stages": [{"stage": s.stage, "name": s.name, "steps": s.steps, "scored": s.scored,
                    "mean": _round(s.mean), "normalised": _round(s.normalised)} for s in report.stages],
        "curve": [_point(p) for p in report.points],
        "actors": [{"actor": a.actor, "metrics": _curve_metrics(a.scale, a.normalised),
                    "curve": [_point(p) for p in a.points]} for a in report.actors],
        "moments": sections.moments_json(report),
        "time": sections.time_json(report.timing),
        "kpis": sections.kpis_json(report.kpis),
    }


def comparison_dict(comparison: Comparison) -> dict[str, Any]:
    """Before/after metrics (normalised) and per-step deltas."""
    return {
        "before": comparison.before.file,
        "after": comparison.after.file,
        "metrics": {name: {"before": _round(comparison.before.metric(name)),
                           "after": _round(comparison.after.metric(name)),
                           "delta": _round(comparison.metric_delta(name))} for name in METRICS},
        "steps": [{"stage": d.stage, "step": d.step, "before": _round(d.before), "after": _round(d.after),
                   "delta": _round(d.delta), "before_stage": d.before_stage, "after_stage": d.after_stage}
                  for d in comparison.steps],
    }


def write_json(stream: TextIO, reports: Sequence[ScoreReport],
               comparison: Comparison | None, gates: Sequence[dict[str, Any]], invalid: Sequence[Problem]) -> None:
    """The whole score run as one JSON object, printed plainly."""
    document = {
        "tool": "cjmap",
        "version": __version__,
        "command": "score",
        "maps": [report_dict(report) for report in reports],
        "ranking": [report.file for report in ranked(reports)],
        "comparison": comparison_dict(comparison) if comparison else None,
        "gates": list(gates),
        "problems": [problem.as_dict() for problem in invalid],
    }
    stream.write(json_text(document, stream.encoding) + "\n")


def ranked(reports: Sequence[ScoreReport]) -> list[ScoreReport]:
    """Best first: by normalised mean (maps without emotions last), then end value, then file."""
    def key(report: ScoreReport) -> tuple[float, float, str]:
        mean = report.metric("mean")
        end = report.metric("end")
        return (-(mean if mean is not None else -9.0), -(end if end is not None else -9.0), report.file)
    return sorted(reports, key=key)


# --- Markdown ---------------------------------------------------------------------------------------------

def _md(text: str) -> str:
    return markdown_text(text)


def write_markdown(stream: TextIO, reports: Sequence[ScoreReport], comparison: Comparison | None,
                   gate_messages: Sequence[str], invalid: Sequence[Problem], words: Language | None = None) -> None:
    """A summary for CI (e.g. ``$GITHUB_STEP_SUMMARY``): portfolio table, valleys, moments of truth, time, KPIs,
    comparison, gates; its words in the language of ``words`` (default English). The comparison names each
    metric as the gates spell it (```peak-end```); gate messages and problems stay English, as in the terminal."""
    from cjmap.language import language

    words = words or language()
    _, dec = words.gettext, words.decimal
    lines = ["## " + _("Emotion curves"), "",
             _("Values are normalised: 0 is neutral, ±1 the end of the scale farther from neutral "
               "(both ends when neutral is the midpoint)."), "",
             "| " + " | ".join((_("map"), _("curve"), _("steps"), _("coverage"), _("mean"), _("min"), _("end"),
                                _("peak-end"), _("valleys"))) + " |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for report in ranked(reports):
        lines.append(
            f"| {_md(report.title)} ({markdown_code(report.file, in_table=True)}) | `{curve_line(report)}` "
            f"| {words.number(report.steps)} | {words.percent(round(report.coverage, 2))} "
            f"| {dec(_num(report.metric('mean'), True))} "
            f"| {dec(_num(report.metric('min'), True))} | {dec(_num(report.metric('end'), True))} "
            f"| {dec(_num(report.metric('peak-end'), True))} | {words.number(len(report.valleys))} |")
    for report in ranked(reports):
        if report.valleys:
            lines += ["", "**" + _("Valleys in %(map)s:") % {"map": _md(report.title)} + "** " + "; ".join(
                f"{_md(p.name)} ({markdown_code(p.step)}, {dec(sections.score(report.scale, p.value))})"
                for p in report.valleys)]
        lines += sections.markdown_sections(report, words)
    if comparison is not None:
        lines += ["", "### " + _("%(after)s against %(before)s") % {"after": _md(comparison.after.title),
                                                                    "before": _md(comparison.before.title)}, "",
                  "| " + " | ".join((_("metric"), _("before"), _("after"), _("change"))) + " |",
                  "|---|---:|---:|---:|"]
        for name in METRICS:
            lines.append(f"| {markdown_code(name, in_table=True)} "
                         f"| {dec(sections.metric(name, comparison.before.metric(name)))} "
                         f"| {dec(sections.metric(name, comparison.after.metric(name)))} "
                         f"| {dec(sections.metric_delta(name, comparison.metric_delta(name)))} |")
    if gate_messages:
        lines += ["", "### " + _("Failed gates"), ""] + [f"- {_md(message)}" for message in gate_messages]
    if invalid:
        lines += ["", "### " + _("Maps that could not be scored"), ""] + [
            f"- {markdown_code(f'{p.file}:{p.location.line}:{p.location.column}')} {p.code} {_md(p.message)}"
            for p in invalid]
    stream.write("\n".join(lines) + "\n")


# --- terminal ---------------------------------------------------------------------------------------------

def write_text(stream: TextIO, reports: Sequence[ScoreReport],
               comparison: Comparison | None, gate_messages: Sequence[str], invalid: Sequence[Problem],
               color: bool | None) -> None:
    """A readable report: one map in detail, several as a ranked portfolio, a comparison side by side."""
    # Piped: wide enough that tables never truncate map names. Rendered into a buffer so that every line can
    # be checked before it is written: none may start a GitHub workflow command ('::').
    width = shutil.get_terminal_size((160, 24)).columns if stream.isatty() else 160
    colored = use_color(color, stream)
    buffer = io.StringIO()
    # emoji=False: ':x:' in a title stays ':x:'; force_terminal=False writes no escape codes at all (no_color
    # alone would still write bold).
    console = Console(file=buffer, highlight=False, soft_wrap=True, emoji=False, force_terminal=colored,
                      no_color=not colored, width=width)
    if comparison is not None:
        _comparison_text(console, comparison)
    elif len(reports) == 1:
        _map_text(console, reports[0])
    elif reports:
        _portfolio_text(console, reports)
    elif not invalid:
        console.print("No maps to score (persona files are not scored).")
    for problem in invalid:
        console.print(f"[red]not scored:[/] {escape(problem.file)}:{problem.location.line}:{problem.location.column}: "
                      f"{problem.code} {escape(problem.message)}")
    for message in gate_messages:
        console.print(f"[bold red]gate failed:[/] {escape(message)}")
    stream.write(guard_lines(buffer.getvalue()))


def escape(text: str) -> str:
    """Map text for rich markup: control characters shown as escapes, brackets printed literally."""
    return markup_escape(visible(text))


def _map_text(console: Console, report: ScoreReport) -> None:
    console.print(f"[bold]{escape(report.title)}[/] ({escape(report.file)})")
    ends = sections.normalised_ends(report.scale)
    console.print(f"scale {escape(report.scale.describe())}"
                  + (f", normalised {ends}" if ends else "")
                  + f"; {len(report.points)} of {report.steps} steps have an emotion (coverage {report.coverage:.0%})")
    if report.points:
        _curve_text(console, report)
    else:
        console.print("No step has an emotion: nothing to measure.")
        _moments_text(console, report)
    if report.timing is not None:
        for line in sections.time_lines(report.timing):
            console.print(escape(line))
    if report.kpis.items:
        console.print(f"[bold]KPIs[/]: {sections.kpi_counts(report.kpis)}")
        for item in report.kpis.missed:
            console.print(f"  missed: {escape(sections.kpi_line(item))}")


def _moments_text(console: Console, report: ScoreReport) -> None:
    if report.moments:
        console.print("[bold]moments of truth[/]:")
        for moment in report.moments:
            console.print(f"  • {escape(sections.moment_line(report, moment))}")


def _curve_text(console: Console, report: ScoreReport) -> None:
    console.print(f"curve  {curve_line(report)}   (one mark per step, {GAP} = no emotion)")
    if report.moments:
        console.print(f"       {sections.moment_marks(report)}   ({sections.MOMENT_MARK} = moment of truth)")
    _moments_text(console, report)
    table = Table(show_edge=False, pad_edge=False, box=None)
    table.add_column("metric")
    table.add_column("on scale", justify="right")
    table.add_column("normalised", justify="right")
    table.add_column("where")
    scale, norm = report.on_scale, report.normalised
    assert scale is not None and norm is not None
    # Positions on the scale are signed only on scales with negative values; changes always; sizes never.
    def position(value: float) -> str:
        return on_scale(report.scale, value)

    def change(value: float) -> str:
        return _num(value, True)

    size = _num2
    rows = [
        ("mean", position(scale.mean), norm.mean, ""),
        ("median", position(scale.median), norm.median, ""),
        ("min", position(scale.min), norm.min, _where(report.min_at)),
        ("max", position(scale.max), norm.max, _where(report.max_at)),
        ("end", position(scale.end), norm.end, _where(report.points[-1])),
        ("peak-end", position(scale.peak_end), norm.peak_end, f"peak {_where(report.peak)}"),
        ("volatility", size(scale.volatility), norm.volatility, ""),
        ("trend (per step)", change(scale.trend), norm.trend, ""),
        ("below-neutral area", size(scale.below_neutral_area), norm.below_neutral_area, ""),
    ]
    for label, moved in (("largest drop", report.largest_drop), ("largest rise", report.largest_rise)):
        if moved is not None:
            rows.append((label, change(moved.value), moved.normalised, f"{_where(moved.start)} → {_where(moved.end)}"))
    for label, shown, normalised, where in rows:
        table.add_row(label, shown, _num(normalised, True), escape(where))
    console.print(table)
    share = report.below_neutral_share or 0.0
    console.print(f"below neutral: {share:.0%} of scored steps")
    if report.valleys:
        console.print("[bold]valleys[/] (pain moments):")
        for point in report.valleys:
            console.print(f"  • {escape(point.name)} [dim]({escape(point.stage)}/{escape(point.step)})[/] "
                          f"{sections.score(report.scale, point.value)}")
    else:
        console.print("valleys: none")
    console.print("[bold]stages[/]:")
    for stage in report.stages:
        mean = ("no emotion" if stage.mean is None
                else f"{on_scale(report.scale, stage.mean)} ({_num(stage.normalised, True)})")
        console.print(f"  {escape(stage.name)}: {mean} [dim]{stage.scored}/{stage.steps} steps scored[/]")
    if report.actors:
        console.print("[bold]actors[/] (their own scores):")
        for actor in report.actors:
            assert actor.scale is not None
            console.print(f"  {escape(actor.actor)}: {sparkline(actor.points)} "
                          f"mean {on_scale(report.scale, actor.scale.mean)}, "
                          f"min {on_scale(report.scale, actor.scale.min)}, end {on_scale(report.scale, actor.scale.end)}")


def _num2(value: float) -> str:
    """A size (never negative) with two decimals and no sign."""
    return f"{value:.2f}"


def _where(point: Point | None) -> str:
    return "" if point is None else f"{point.name} ({point.step})"


def _portfolio_text(console: Console, reports: Sequence[ScoreReport]) -> None:
    table = Table(title="Portfolio, best first (normalised -1..+1)", show_edge=False, box=None, pad_edge=False)
    for column, justify in (("#", "right"), ("map", "left"), ("curve", "left"), ("coverage", "right"),
                            ("mean", "right"), ("min", "right"), ("end", "right"), ("peak-end", "right"),
                            ("valleys", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for rank, report in enumerate(ranked(reports), 1):
        table.add_row(str(rank), escape(report.map_id), curve_line(report), f"{report.coverage:.0%}",
                      _num(report.metric("mean"), True), _num(report.metric("min"), True),
                      _num(report.metric("end"), True), _num(report.metric("peak-end"), True), str(len(report.valleys)))
    console.print(table)


def _comparison_text(console: Console, comparison: Comparison) -> None:
    before, after = comparison.before, comparison.after
    console.print(f"[bold]{escape(after.title)}[/] ({escape(after.file)}) against "
                  f"[bold]{escape(before.title)}[/] ({escape(before.file)}), normalised -1..+1")
    before_steps = [(d.before_stage, d.step) if d.before_stage else None for d in comparison.steps]
    after_steps = [(d.after_stage, d.step) if d.after_stage else None for d in comparison.steps]
    console.print(f"before {curve_line(before, before_steps)}")
    console.print(f"after  {curve_line(after, after_steps)}")
    table = Table(show_edge=False, box=None, pad_edge=False)
    for column in ("metric", "before", "after", "change"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for name in METRICS:
        table.add_row(name, sections.metric(name, before.metric(name)), sections.metric(name, after.metric(name)),
                      sections.metric_delta(name, comparison.metric_delta(name)))
    console.print(table)
    console.print("[bold]steps[/] (matched by id):")
    for delta in comparison.steps:
        change = ("only before" if delta.after_stage is None else "only after" if delta.before_stage is None
                  else "not scored" if delta.delta is None else _num(delta.delta, True))
        if delta.moved:
            change += f", moved from {escape(delta.before_stage or '')}"
        console.print(f"  {escape(delta.stage)}/{escape(delta.step)}: {_num(delta.before, True)} → "
                      f"{_num(delta.after, True)} ({change})")
