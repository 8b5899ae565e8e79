"""The history as a self-contained HTML page (``cjmap history -f html``): an SVG trend chart of the
portfolio's mean and end emotion over the revisions, then the tables every format shows.

Every coordinate and every word is computed here (the words by :mod:`cjmap.history.table`); the template
only places what it is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from cjmap.history import table
from cjmap.history.report import History
from cjmap.render import sandbox, svg
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


def _chart(history: History) -> ChartView | None:
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
                       title=f"{index + 1}. {history.revisions[index].label} — {metric} {table.value(metric, value)}")
            for index, value in values[metric])))
    return ChartView(
        width=svg.fmt(frame.width), outer_width=svg.fmt(frame.width + AXIS), axis=svg.fmt(-AXIS),
        height=svg.fmt(HEIGHT + AXIS_LABELS),
        label_y=svg.fmt(HEIGHT + AXIS_LABELS - 10), lines=tuple(lines),
        ticks=tuple(Tick(y=svg.fmt(frame.y(tick)), text=f"{tick:+.1f}" if tick else "0", neutral=tick == 0)
                    for tick in TICKS),
        columns=tuple((svg.fmt(frame.x(index)), str(index + 1)) for index in range(len(history.revisions))),
        description=f"The portfolio's mean and end emotion (normalised, -1 to +1) over {len(history.revisions)} "
                    "revisions, numbered as in the tables below.")


def history_view(history: History) -> HistoryView:
    """The view of ``history`` the template lays out."""
    count = len(history.revisions)
    return HistoryView(
        title="Journey history",
        summary=(f"{count} revision{'s' if count != 1 else ''} · {len(history.maps)} "
                 f"map{'s' if len(history.maps) != 1 else ''}"
                 + (f" · {history.revisions[0].label} → {history.revisions[-1].label}" if count else "")),
        chart=_chart(history), header=("#", *table.HEADER),
        tables=tuple(TableView(title=title, rows=tuple((str(index), *row) for index, row in
                                                       enumerate(table.rows(history, points), 1)))
                     for title, points in table.sections(history)),
        lifetimes=tuple((item.file, item.severity, item.text, table.lasted(item)) for item in history.lifetimes),
        invalid=tuple(table.invalid_line(item.file, item.revision, [p.message for p in item.problems])
                      for item in history.invalid),
        gate=tuple(table.gate_lines(history)), failed=bool(history.failures))


def render_history(history: History) -> str:
    """The history as a self-contained HTML page."""
    return sandbox.render(environment(), "history.html.j2", history=history_view(history))


__all__ = ["HistoryView", "history_view", "render_history"]
