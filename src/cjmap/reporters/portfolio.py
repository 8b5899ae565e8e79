"""Output formats for ``cjmap portfolio``, picked by name: each writes a :class:`~cjmap.portfolio.report.Portfolio`.

Text for a terminal, JSON for scripts (a versioned shape, documented in docs/commands/portfolio.md), Markdown
for a wiki or a pull-request comment (tables GitHub shows; the heat grid's cells carry a coloured square, since
Markdown has no colour of its own).
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from cjmap import __version__
from cjmap.framework import Placement
from cjmap.language import MINUS, N_, Language, N_plural
from cjmap.language import language as load_language
from cjmap.model import MAP_TYPES
from cjmap.portfolio.report import BANDS, Moment, Portfolio, band, persona_label
from cjmap.render.context import CADENCE_LABELS, SEVERITY_LABELS, TYPE_LABELS
from cjmap.reporters.base import use_color
from cjmap.reporters.escape import guard_lines, json_text, markdown_code, markdown_text
from cjmap.reporters.score_sections import kpi_line, number
from cjmap.reporters.scorecard import escape

SCHEMA = 1
"""The version of the JSON shape; raised when a field changes meaning or goes away (new fields do not)."""

PortfolioWriter = Callable[[TextIO, Portfolio, bool | None], None]
"""Writes a portfolio to a stream; the flag is ``--color/--no-color`` (None: decide from the stream)."""

COLOUR = {"low": "red", "below": "yellow", "neutral": "default", "high": "green"}
"""The terminal colour of each band of the heat grid."""
SQUARE = {"low": "🟥", "below": "🟧", "neutral": "⬜", "high": "🟩"}
"""The Markdown square of each band (Markdown has no colour of its own)."""


# --- JSON -----------------------------------------------------------------------------------------------------

def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _moment(moment: Moment) -> dict[str, Any]:
    return {"file": moment.file, "title": moment.title, "stage": moment.stage, "stage_name": moment.stage_name,
            "step": moment.step, "name": moment.name, "normalised": _round(moment.normalised),
            "moment_of_truth": moment.moment_of_truth,
            "high_lanes": [{"lane": title, "value": value} for title, value in moment.high_lanes]}


def _placement(place: Placement | None) -> dict[str, str] | None:
    return None if place is None else {"framework": place.framework, "stage": place.stage, "name": place.name}


def portfolio_dict(portfolio: Portfolio) -> dict[str, Any]:
    """The stable JSON shape of a portfolio (documented in docs/commands/portfolio.md)."""
    coverage = portfolio.coverage
    return {
        "tool": "cjmap",
        "version": __version__,
        "command": "portfolio",
        "schema": SCHEMA,
        "today": portfolio.today.isoformat(),
        "maps": [{"file": m.file, "id": m.id, "title": m.title, "type": m.type,
                  "status": m.status, "owner": m.owner, "persona": m.persona, "steps": m.steps,
                  "scored": m.scored, "mean": _round(m.mean),
                  "reviewed": m.reviewed.isoformat() if m.reviewed else None, "review_every": m.review_every,
                  "lifecycle": m.lifecycle}
                 for m in portfolio.maps],
        "heat": {"stages": list(portfolio.heat.stages), "framework": portfolio.heat.framework,
                 "rows": [{"file": row.file, "title": row.title, "persona": row.persona or None, "type": row.type,
                           "mean": _round(row.mean), "cells": [_round(cell) for cell in row.cells],
                           "lifecycle": _placement(row.lifecycle)}
                          for row in portfolio.heat.rows]},
        "worst": [_moment(moment) for moment in portfolio.worst],
        "moments_below_neutral": [_moment(moment) for moment in portfolio.moments],
        "fix_first": [_moment(moment) for moment in portfolio.fix_first],
        "pain_points": [{"id": pain.id, "text": pain.text, "severity": pain.severity, "score": _round(pain.score),
                         "depth": _round(pain.depth), "maps": list(pain.maps),
                         "occurrences": [{"file": o.file, "stage": o.pain.place.stage, "stage_name": o.pain.place.stage_name,
                                          "step": o.pain.place.step,
                                          "step_name": o.pain.place.name, "severity": o.pain.severity,
                                          "normalised": _round(o.pain.normalised)} for o in pain.occurrences]}
                        for pain in portfolio.pain_points],
        "coverage": {
            "personas": [{"persona": persona or None,
                          "types": {kind: coverage.counts.get((persona, kind), 0) for kind in MAP_TYPES}}
                         for persona in coverage.personas],
            "current_without_future": list(coverage.without_future),
            "future_without_baseline": list(coverage.without_baseline),
            "overdue": [{"file": o.file, "reviewed": o.reviewed.isoformat() if o.reviewed else None,
                         "cadence": o.cadence, "days_overdue": o.days} for o in coverage.overdue],
            "without_owner": list(coverage.unowned),
            "framework_stages_without_map": list(coverage.unplaced_stages),
            "kpis_missed": [{"file": k.file, "stage": k.kpi.stage, "step": k.kpi.step, "id": k.kpi.id,
                             "name": k.kpi.name, "value": k.kpi.value, "target": k.kpi.target, "unit": k.kpi.unit,
                             "direction": k.kpi.direction} for k in coverage.missed_kpis],
        },
        "problems": [problem.as_dict() for problem in portfolio.problems],
    }


def write_json(stream: TextIO, portfolio: Portfolio, color: bool | None) -> None:
    stream.write(json_text(portfolio_dict(portfolio), stream.encoding) + "\n")


# --- Markdown -------------------------------------------------------------------------------------------------

def _md(text: str) -> str:
    return markdown_text(text)


def _cell(value: float | None, words: Language) -> str:
    return "" if value is None else f"{SQUARE[band(value)]} {words.decimal(number(value, True))}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    align = ["---:" if index in right else "---" for index in range(len(header))]
    return ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |",
            *("| " + " | ".join(row) + " |" for row in rows)]


def _where(file: str, stage: str, step: str) -> str:
    return f"{markdown_code(file, in_table=True)} {_md(stage)} / {markdown_code(step, in_table=True)}"


def write_markdown(stream: TextIO, portfolio: Portfolio, color: bool | None, words: Language | None = None) -> None:
    """The portfolio for a wiki page or a pull-request comment, in the language of ``words`` (default English)."""
    words = words or load_language()
    _, dec = words.gettext, words.decimal
    heat = portfolio.heat
    edges = {"low": dec(number(BANDS[0][0], True)).replace("-", MINUS), "high": dec(number(BANDS[2][0], True))}
    lines = ["## " + words.counted(*TITLE, len(portfolio.maps)), "", _(LEGEND) % edges, "",
             "### " + (_(N_("Heat grid: maps on the lifecycle framework")) if heat.framework else _(N_("Heat grid"))),
             ""]
    if heat.rows:
        lines += _table([_("map"), _(N_("persona")), _(N_("type")), _("mean"), *(_md(stage) for stage in heat.stages)],
                        [[f"{_md(row.title)} ({markdown_code(row.file, in_table=True)})",
                          _md(row.persona or _(persona_label(row.persona))), _(TYPE_LABELS[row.type]),
                          _cell(row.mean, words), *(_cell(cell, words) for cell in row.cells)] for row in heat.rows],
                        right=range(3, 4 + len(heat.stages)))
    else:
        lines.append(_("No valid maps."))
    lines += ["", "### " + _("Worst moments"), ""]
    if portfolio.worst:
        lines += _table([_(N_("step")), _(N_("where")), _("emotion"), _("moment of truth")],
                        [[_md(m.name), _where(m.file, m.stage_name, m.step), dec(number(m.normalised, True)),
                          "★" if m.moment_of_truth else ""] for m in portfolio.worst], right=(2,))
    else:
        lines.append(_(N_("No step has an emotion.")))
    if portfolio.moments:
        lines += ["", "**" + _(N_("Moments of truth below neutral:")) + "** " + "; ".join(
            f"{_md(m.name)} ({markdown_code(m.file)}, {dec(number(m.normalised, True))})" for m in portfolio.moments)]
    if portfolio.fix_first:
        lines += ["", _(N_("**Fix first** (below neutral, rated high by a score lane):")) + " " + "; ".join(
            f"{_md(m.name)} ({markdown_code(m.file)}, {dec(number(m.normalised, True))}; {_md(m.lanes_text)})"
            for m in portfolio.fix_first)]
    lines += ["", "### " + _("Pain points, ranked"), ""]
    if portfolio.pain_points:
        lines += _table([_(N_("pain point")), _(N_("severity")), _(N_("score")), _(N_("maps")), _(N_("where"))],
                        [[_md(pain.text) + (f" ({markdown_code(pain.id, in_table=True)})" if pain.id else ""),
                          _(SEVERITY_LABELS[pain.severity]), dec(f"{pain.score:.2f}"), str(len(pain.maps)),
                          "; ".join(_where(o.file, o.pain.place.stage_name, o.pain.place.step) for o in pain.occurrences)]
                         for pain in portfolio.pain_points], right=(2, 3))
    else:
        lines.append(_("No pain points."))
    lines += ["", "### " + _("Coverage"), ""]
    coverage = portfolio.coverage
    if coverage.personas:
        lines += _table([_(N_("persona")), *(_(TYPE_LABELS[kind]) for kind in MAP_TYPES)],
                        [[_md(persona or _(persona_label(persona))),
                          *(str(coverage.counts.get((persona, kind), 0)) for kind in MAP_TYPES)]
                         for persona in coverage.personas], right=range(1, 1 + len(MAP_TYPES)))
    gaps = [(_("Current-state maps without a future state"), [markdown_code(f) for f in coverage.without_future]),
            (_("Future-state maps without a baseline"), [markdown_code(f) for f in coverage.without_baseline]),
            (_("Reviews overdue"),
             [f"{markdown_code(o.file)} ({_overdue(o.days, o.cadence, words)})" for o in coverage.overdue]),
            (_("Maps without an owner"), [markdown_code(f) for f in coverage.unowned]),
            (_("KPIs that miss their target"),
             [f"{markdown_code(k.file)}: {_md(kpi_line(k.kpi, words))}" for k in coverage.missed_kpis])]
    if heat.framework:
        gaps.append((_("Framework stages without a map"), [_md(stage) for stage in coverage.unplaced_stages]))
    for title, items in gaps:
        lines += ["", f"**{title}:** " + ("; ".join(items) if items else _("none"))]
    if portfolio.problems:
        lines += ["", "### " + _("Maps left out (not valid)"), ""] + [
            f"- {markdown_code(f'{p.file}:{p.location.line}:{p.location.column}')} {p.code} {_md(p.message)}"
            for p in portfolio.problems]
    stream.write("\n".join(lines) + "\n")


TITLE = N_plural("Portfolio: %(num)s map", "Portfolio: %(num)s maps")
LEGEND = N_("Values are mean emotions, normalised: 0 is neutral, ±1 the ends of the scale. 🟥 below %(low)s, "
            "🟧 below neutral, ⬜ up to %(high)s, 🟩 above.")
NEVER_REVIEWED = N_("never reviewed, %(cadence)s")
DAYS_OVERDUE = N_plural("%(num)s day overdue, %(cadence)s", "%(num)s days overdue, %(cadence)s")


def _overdue(days: int | None, cadence: str, words: Language | None = None) -> str:
    """How late a review is, in the language of ``words`` (the terminal's English without)."""
    words = words or load_language()
    every = words.gettext(CADENCE_LABELS[cadence]) if cadence in CADENCE_LABELS else cadence
    if days is None:
        return words.gettext(NEVER_REVIEWED) % {"cadence": every}
    return words.counted(*DAYS_OVERDUE, days, cadence=every)


# --- terminal -------------------------------------------------------------------------------------------------

def write_text(stream: TextIO, portfolio: Portfolio, color: bool | None) -> None:
    """The portfolio for a person at a terminal."""
    width = shutil.get_terminal_size((160, 24)).columns if stream.isatty() else 160
    colored = use_color(color, stream)
    buffer = io.StringIO()
    console = Console(file=buffer, highlight=False, soft_wrap=True, emoji=False, force_terminal=colored,
                      no_color=not colored, width=width)
    console.print(f"[bold]Portfolio[/]: {len(portfolio.maps)} maps (emotions normalised -1..+1, 0 neutral)")
    heat = portfolio.heat
    if heat.rows:
        title = "heat grid: mean emotion per " + ("map, on the lifecycle framework" if heat.framework else "stage")
        table = Table(title=title, show_edge=False, box=None, pad_edge=False)
        table.add_column("map", no_wrap=True)
        table.add_column("type", no_wrap=True)
        table.add_column("mean", justify="right")
        for stage in heat.stages:
            table.add_column(escape(stage), justify="right")
        persona = None
        for row in heat.rows:
            if row.persona != persona:
                persona = row.persona
                table.add_row(f"[bold]{escape(persona_label(persona))}[/]")
            table.add_row(f"  {escape(row.file)}", row.type, _painted(row.mean), *(_painted(cell) for cell in row.cells))
        console.print(table)
    # The lists below print in one call: rich spends ~0.1 ms a call, and a portfolio of 1,000 maps lists a
    # pain point shared by every map once per step it stands on.
    lines = ["[bold]worst moments[/]:" if portfolio.worst else "worst moments: no step has an emotion"]
    for moment in portfolio.worst:
        mark = " ★ moment of truth" if moment.moment_of_truth else ""
        lines.append(f"  {_painted(moment.normalised)}  {escape(moment.name)} "
                     f"[dim]({escape(moment.file)}: {escape(moment.stage_name)} / {escape(moment.step)})[/]{mark}")
    if portfolio.moments:
        lines.append("[bold]moments of truth below neutral[/]:")
        lines += [f"  {_painted(moment.normalised)}  {escape(moment.name)} [dim]({escape(moment.file)})[/]"
                  for moment in portfolio.moments]
    if portfolio.fix_first:
        lines.append("[bold]fix first[/] (below neutral, rated high by a score lane):")
        lines += [f"  {_painted(moment.normalised)}  {escape(moment.name)} "
                  f"[dim]({escape(moment.file)})[/] {escape(moment.lanes_text)}" for moment in portfolio.fix_first]
    lines.append("[bold]pain points, ranked[/] (severity × depth × maps):" if portfolio.pain_points
                 else "pain points: none")
    for rank, pain in enumerate(portfolio.pain_points, 1):
        label = f" [dim]({escape(pain.id)})[/]" if pain.id else ""
        lines.append(f"  {rank:>2}. {pain.score:5.2f}  {escape(pain.text)}{label} [dim]{pain.severity}, "
                     f"{len(pain.maps)} map{'s' if len(pain.maps) != 1 else ''}[/]")
        lines += [f"        {number(occurrence.pain.normalised, True)}  {escape(occurrence.file)}: "
                  f"{escape(occurrence.pain.place.stage_name)} / {escape(occurrence.pain.place.step)}"
                  for occurrence in pain.occurrences]
    lines += _coverage_text(portfolio)
    lines += [f"[red]left out:[/] {escape(problem.file)}:{problem.location.line}:{problem.location.column}: "
              f"{problem.code} {escape(problem.message)}" for problem in portfolio.problems]
    console.print("\n".join(lines))
    stream.write(guard_lines("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())))


def _painted(value: float | None) -> str:
    if value is None:
        return "·"
    colour = COLOUR[band(value)]
    shown = number(value, True)
    return shown if colour == "default" else f"[{colour}]{shown}[/]"


def _coverage_text(portfolio: Portfolio) -> list[str]:
    coverage = portfolio.coverage
    lines = ["[bold]coverage[/] (maps per persona and type):"]
    for persona in coverage.personas:
        counts = ", ".join(f"{kind} {coverage.counts[(persona, kind)]}" for kind in MAP_TYPES
                           if (persona, kind) in coverage.counts)
        lines.append(f"  {escape(persona_label(persona))}: {counts}")
    for title, items in (
            ("current-state maps without a future state", [escape(f) for f in coverage.without_future]),
            ("future-state maps without a baseline", [escape(f) for f in coverage.without_baseline]),
            ("reviews overdue", [f"{escape(o.file)} ({_overdue(o.days, o.cadence)})" for o in coverage.overdue]),
            ("maps without an owner", [escape(f) for f in coverage.unowned]),
            ("KPIs that miss their target", [f"{escape(k.file)}: {escape(kpi_line(k.kpi))}"
                                             for k in coverage.missed_kpis]),
            *((("framework stages without a map", [escape(stage) for stage in coverage.unplaced_stages]),)
              if portfolio.heat.framework else ())):
        lines.append(f"{title}: none" if not items else f"{title}:")
        lines += [f"  {item}" for item in items]
    return lines


PORTFOLIO_REPORTER_BY_NAME: dict[str, PortfolioWriter] = {
    "text": write_text,
    "json": write_json,
    "markdown": write_markdown,
}

__all__ = ["PORTFOLIO_REPORTER_BY_NAME", "PortfolioWriter", "portfolio_dict"]
