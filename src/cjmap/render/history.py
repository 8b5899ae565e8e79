"""The history as a self-contained HTML page (``cjmap history -f html``): an SVG trend chart of the
portfolio's mean and end emotion over the revisions, then the tables every format shows.

Every coordinate and every word is computed here (the words by :mod:`cjmap.history.table`); the template
only places what it is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from cjmap.history import table
from cjmap.history.report import History
from cjmap.language import MINUS, N_, Language, N_plural
from cjmap.language import language as load_language
from cjmap.render import sandbox, svg
from cjmap.render.context import SEVERITY_LABELS
from cjmap.render.environment import environment

COLUMN = 40.0
"""Width of one revision on the chart, in CSS pixels: room for a three-digit revision number."""
HEIGHT = 260.0
PAD = 18.0
AXIS_LABELS = 30.0
"""Room under the plot for the revision numbers."""
TICKS: tuple[float, ...] = (1.0, 0.5, 0.0, -0.5, -1.0)
AXIS = 36.0
"""Room left of the first revision for the tick labels (the chart's view box starts at ``-AXIS``)."""


@dataclass(frozen=True, kw_only=True)
class ChartPoint:
    x: str
    y: str
    title: str


@dataclass(frozen=True, kw_only=True)
class ChartLine:
    css: str
    name: str
    solid: str
    bridge: str
    """Dashed segments across revisions without a value (no valid map there)."""
    points: tuple[ChartPoint, ...]


@dataclass(frozen=True, kw_only=True)
class Tick:
    y: str
    text: str
    neutral: bool


@dataclass(frozen=True, kw_only=True)
class ChartView:
    width: str
    """Of the plot; the SVG is :data:`AXIS` wider."""
    outer_width: str
    axis: str
    height: str
    label_y: str
    lines: tuple[ChartLine, ...]
    ticks: tuple[Tick, ...]
    columns: tuple[tuple[str, str], ...]
    """(x, revision number) under each revision."""
    description: str


@dataclass(frozen=True, kw_only=True)
class TableView:
    title: str
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, kw_only=True)
class HistoryView:
    lang: str
    """The page's language tag (``<html lang>``) and its direction."""
    dir: str
    title: str
    summary: str
    chart: ChartView | None
    header: tuple[str, ...]
    tables: tuple[TableView, ...]
    lifetimes: tuple[tuple[str, str, str, str], ...]
    """(map, severity, text, how long it was open)."""
    invalid: tuple[str, ...]
    gate: tuple[str, ...]
    failed: bool


def _chart(history: History, words: Language) -> ChartView | None:
    values = {metric: [(index, value) for index, point in enumerate(history.portfolio)
                       if point is not None and (value := point.metric(metric)) is not None]
              for metric in ("mean", "end")}
    if not values["mean"]:
        return None
    frame = svg.Frame(columns=len(history.revisions), minimum=-1.0, maximum=1.0, column_width=COLUMN,
                      height=HEIGHT, pad_top=PAD, pad_bottom=PAD)
    lines = []
    for metric, css in (("mean", "mean"), ("end", "end")):
        drawn = svg.paths(frame, values[metric])
        lines.append(ChartLine(css=css, name=metric, solid=drawn.solid, bridge=drawn.bridge, points=tuple(
            ChartPoint(x=svg.fmt(frame.x(index)), y=svg.fmt(frame.y(value)),
                       title=f"{index + 1}. {history.revisions[index].label} — {words.gettext(metric)} "
                             f"{table.value(metric, value, words)}")
            for index, value in values[metric])))
    return ChartView(
        width=svg.fmt(frame.width), outer_width=svg.fmt(frame.width + AXIS), axis=svg.fmt(-AXIS),
        height=svg.fmt(HEIGHT + AXIS_LABELS),
        label_y=svg.fmt(HEIGHT + AXIS_LABELS - 10), lines=tuple(lines),
        ticks=tuple(Tick(y=svg.fmt(frame.y(tick)), text=words.decimal(f"{tick:+.1f}").replace("-", MINUS) if tick
                         else "0", neutral=tick == 0)
                    for tick in TICKS),
        columns=tuple((svg.fmt(frame.x(index)), str(index + 1)) for index in range(len(history.revisions))),
        description=words.counted(*DESCRIPTION, len(history.revisions)))


DESCRIPTION = N_plural("The portfolio's mean and end emotion (normalised, −1 to +1) over %(num)s revision, "
                       "numbered as in the tables below.",
                       "The portfolio's mean and end emotion (normalised, −1 to +1) over %(num)s revisions, "
                       "numbered as in the tables below.")
REVISIONS = N_plural("%(num)s revision", "%(num)s revisions")
MAPS = N_plural("%(num)s map", "%(num)s maps")


def history_view(history: History, words: Language | None = None) -> HistoryView:
    """The view of ``history`` the template lays out, in the language of ``words`` (default English)."""
    words = words or load_language()
    count = len(history.revisions)
    return HistoryView(
        lang=words.tag, dir=words.direction,
        title=words.gettext(N_("Journey history")),
        summary=(f"{words.counted(*REVISIONS, count)} · {words.counted(*MAPS, len(history.maps))}"
                 + (f" · {history.revisions[0].label} → {history.revisions[-1].label}" if count else "")),
        chart=_chart(history, words), header=("#", *table.header(words)),
        tables=tuple(TableView(title=title, rows=tuple((str(index), *row) for index, row in
                                                       enumerate(table.rows(history, points, words), 1)))
                     for title, points in table.sections(history, words)),
        lifetimes=tuple((item.file, words.gettext(SEVERITY_LABELS[item.severity]), item.text, table.lasted(item, words))
                        for item in history.lifetimes),
        invalid=tuple(table.invalid_line(item.file, item.revision, [p.message for p in item.problems], words)
                      for item in history.invalid),
        gate=tuple(table.gate_lines(history, words)), failed=bool(history.failures))


def render_history(history: History, language: str | None = None) -> str:
    """The history as a self-contained HTML page in ``language`` (a BCP 47 tag, default English)."""
    words = load_language(language)
    return sandbox.render(environment(None, words.tag), "history.html.j2", history=history_view(history, words))


__all__ = ["HistoryView", "history_view", "render_history"]
