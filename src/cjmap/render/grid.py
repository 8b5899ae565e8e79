"""The grid's tables: the whole journey on screen, and the pages of steps that print it without cutting a column.

Each printed page is its own table with the lane column, the stage bands and the step headers, so nothing on
paper depends on how the browser breaks a wide table (it cuts it). A page after the first says it continues,
and a stage split across pages says so in its band. A service blueprint page too tall for the sheet is printed
as two tables, the customer's lanes and then the blueprint's, the second marked as continuing the first.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from cjmap.render import paper as sheets
from cjmap.render import svg
from cjmap.render.views import ChartView, GridView, LaneView, LayoutView, MapContext, StagePart, StageView, StepView

LINE_PX = sheets.GRID_FONT_PX * 1.45
"""One line of cell text at full scale (CSS ``line-height: 1.45``)."""
CELL_PAD_PX = 17.0
"""A cell's padding and border, top and bottom."""
WIDEST_COLUMN_PX = 260.0
"""The widest a printed step column grows on a sheet with room to spare."""
FIT_GUTTER_PX = 90
"""Room the fitted grid leaves in the window: the page's padding, the grid's border, a scrollbar."""


def _parts(stages: Sequence[StageView], pages: Sequence[range]) -> list[tuple[StagePart, ...]]:
    """Each page's stage bands: the part of each stage that falls on it."""
    spans: list[tuple[StageView, int, int]] = []
    start = 0
    for stage in stages:
        spans.append((stage, start, start + len(stage.steps)))
        start += len(stage.steps)
    result = []
    for page in pages:
        parts = []
        for stage, first, stop in spans:
            low, high = max(first, page.start), min(stop, page.stop)
            if low < high:
                parts.append(StagePart(stage=stage, span=high - low, continued=low > first, continues=high < stop))
        result.append(tuple(parts))
    return result


def window(chart: ChartView, columns: range) -> ChartView:
    """The part of ``chart`` over ``columns``: the same drawing, its view box moved, other points left out."""
    width = svg.COLUMN_WIDTH * len(columns)
    left = svg.COLUMN_WIDTH * columns.start
    guides = tuple(x for x in chart.columns if left < float(x) < left + width)
    curves = tuple(dataclasses.replace(curve, points=tuple(p for p in curve.points if p.column in columns))
                   for curve in chart.curves)
    return dataclasses.replace(chart, x=svg.fmt(left), width=svg.fmt(width), right=svg.fmt(left + width),
                               columns=guides, curves=curves)


def _lines(text: str, width: float) -> int:
    # Regular text is narrower than the bold bound of svg.text_width: 0.8 of it still errs on the tall side.
    return max(1, math.ceil(svg.text_width(text, sheets.GRID_FONT_PX) * 0.8 / width))


def _lane_height(steps: Sequence[StepView], lane: LaneView) -> float:
    """A generous guess of one lane's printed height at full scale, in CSS px."""
    if lane.kind == "line":
        return 28.0
    if lane.kind == "emotion":
        return svg.CHART_HEIGHT * sheets.PRINT_COLUMN_PX / svg.COLUMN_WIDTH
    inner = sheets.PRINT_COLUMN_PX - 20
    tallest = 0.0
    for step in steps:
        if lane.kind == "touchpoint":
            items = list(step.touchpoint)
        elif lane.kind == "pain":
            items = [f"{p.severity.upper()} {p.text}" for p in step.pain_points]
        elif lane.kind == "opportunity":
            items = [f"{o.text} {o.priority} {o.owner} {' '.join(a.text for a in o.addresses)}"
                     for o in step.opportunities]
        elif lane.kind == "kpi":
            items = [f"{k.name} {k.value} {k.target} {k.status_text}" for k in step.kpis]
        else:
            items = list(step.texts.get(lane.key, ()))
        tallest = max(tallest, sum(_lines(item, inner) * LINE_PX + 5 for item in items))
    return tallest + CELL_PAD_PX


def _head_height(steps: Sequence[StepView]) -> float:
    """The stage band and the step row, repeated over every printed table."""
    inner = sheets.PRINT_COLUMN_PX - 20
    heads = max((_lines(step.name, inner) + 1 + (_lines(step.description, inner) if step.description else 0))
                for step in steps) if steps else 1
    return heads * LINE_PX + CELL_PAD_PX + 90


def estimated_height(steps: Sequence[StepView], lanes: Sequence[LaneView]) -> float:
    """A generous guess of a printed table's height at full scale, in CSS px (to decide where to split it)."""
    return _head_height(steps) + sum(_lane_height(steps, lane) for lane in lanes)


def _groups(steps: Sequence[StepView], lanes: Sequence[LaneView], limit: float) -> list[tuple[LaneView, ...]]:
    """The lanes in tables that each fit ``limit`` (a sheet's height at full scale): the blueprint's lanes apart
    from the customer's when the whole does not fit, then as many lanes per table as fit. A blueprint line is
    never the last row of a table (it belongs with the lanes below it)."""
    if estimated_height(steps, lanes) <= limit:
        return [tuple(lanes)]
    head = _head_height(steps)
    groups: list[tuple[LaneView, ...]] = []
    for segment in _split_lanes(lanes):
        current: list[LaneView] = []
        height = head
        for lane in segment:
            tall = _lane_height(steps, lane)
            if current and height + tall > limit and current[-1].kind != "line":
                groups.append(tuple(current))
                current, height = [], head
            current.append(lane)
            height += tall
        if current:
            groups.append(tuple(current))
    return groups


def _split_lanes(lanes: Sequence[LaneView]) -> tuple[tuple[LaneView, ...], ...]:
    """The customer's lanes and the blueprint's (from the line of interaction down), whichever there are."""
    keys = [lane.key for lane in lanes]
    cut = keys.index("line_of_interaction") if "line_of_interaction" in keys else len(lanes)
    return tuple(part for part in (tuple(lanes[:cut]), tuple(lanes[cut:])) if part)


def _plan(stage_sizes: Sequence[int], steps: Sequence[StepView], lanes: Sequence[LaneView], paper: str | None,
          orientation: str | None) -> sheets.PageLayout:
    """The sheet asked for; else the smallest default on which the grid fits one page's width and its lanes at
    most one table each for the customer's and the blueprint's (so a short blueprint is not cut in four)."""
    plan = sheets.layout(stage_sizes, paper, orientation)
    if paper is not None or len(plan.pages) > 1:
        return plan
    for name in sheets.DEFAULT_CHOICES[sheets.DEFAULT_CHOICES.index(plan.paper.name):]:
        candidate = sheets.layout(stage_sizes, name, orientation)
        if len(_groups(steps, lanes, candidate.paper.printable_px[1] / candidate.scale)) <= len(_split_lanes(lanes)):
            return candidate
    return plan


def build_layout(stages: Sequence[StageView], steps: Sequence[StepView], lanes: Sequence[LaneView],
                 chart: ChartView | None, *, paper: str | None, orientation: str | None, paged: bool,
                 labels: dict[str, str]) -> LayoutView:
    """The screen's grid and the printed pages of a map; ``paged`` for PDF and PNG (pages only, with anchors).

    ``labels`` holds the words the captions use, in the page's language: ``steps`` (a %-format naming the
    ``first`` and ``last`` step of a page and the ``total``), ``continued``, and ``lanes`` (naming the ``first``
    and ``last`` lane of a table that continues the lanes of the page before).
    """
    plan = _plan([len(stage.steps) for stage in stages], steps, lanes, paper, orientation)
    screen = GridView(steps=tuple(steps), stages=_parts(stages, [range(len(steps))])[0], lanes=tuple(lanes),
                      chart=chart, caption="", anchors=not paged, continued=False)
    page_width, page_height = plan.paper.printable_px
    pages: list[GridView] = []
    if paged or len(plan.pages) > 1:
        for number, (columns, parts) in enumerate(zip(plan.pages, _parts(stages, plan.pages))):
            chosen = tuple(steps[columns.start:columns.stop])
            heading = [labels["steps"] % {"first": chosen[0].number, "last": chosen[-1].number, "total": len(steps)}] \
                if len(plan.pages) > 1 else []
            view = window(chart, columns) if chart is not None else None
            for index, group in enumerate(_groups(chosen, lanes, page_height / plan.scale)):
                words = heading + ([labels["continued"]] if number and not index else [])
                if index:
                    words.append(labels["lanes"] % {"first": group[0].title, "last": group[-1].title})
                pages.append(GridView(steps=chosen, stages=parts, lanes=group,
                                      chart=view if any(lane.kind == "emotion" for lane in group) else None,
                                      caption=" · ".join(words), anchors=paged and index == 0,
                                      continued=number > 0 or index > 0))
    full = sheets.LANE_PX + sheets.GRID_CHROME_PX + len(steps) * sheets.COLUMN_PX
    # A grid narrower than the sheet gets wider columns (up to WIDEST_COLUMN_PX), so it fills the page.
    widest = max((len(page) for page in plan.pages), default=1)
    room = (page_width / plan.scale - sheets.LANE_PX - sheets.GRID_CHROME_PX) / widest
    column = min(WIDEST_COLUMN_PX, max(sheets.PRINT_COLUMN_PX, math.floor(room)))
    return LayoutView(
        grid=screen, pages=tuple(pages), paged=paged, paper=plan.paper.css_size,
        paper_name=f"{plan.paper.name} {plan.paper.orientation}",
        print_unit=f"{plan.scale:.4f}", print_column=svg.fmt(column), page_width=svg.fmt(page_width),
        fit=f"{1 / full:.7f}", zoomable=full > 1400 - FIT_GUTTER_PX, full_width=svg.fmt(full))


PAGE_PADDING_PX = 64
"""The page's own padding left and right (CSS ``main``)."""
SURROUNDINGS_PX = 1400
"""Header, persona and scope cards, summary and legend, above and below the grid (a generous guess)."""
SCORE_ROW_PX = 30
METRIC_WIDTH_PX = 130
"""The text width of a summary metric's note (its card is 150 px wide at least)."""
MARGIN = 1.2
"""Room for error: too tall a window only leaves a margin of background below the footer; too short cuts."""


def screenshot_size(context: MapContext) -> tuple[int, int]:
    """The window a PNG is taken in: the sheet's width, and tall enough for every page of steps (the browser
    photographs only the window, so the height is estimated, on the generous side)."""
    layout = context.layout
    if layout is None:
        return 1280, SURROUNDINGS_PX
    scale = float(layout.print_unit)
    grids = sum(estimated_height(page.steps, page.lanes) * scale + 60 for page in layout.pages)
    width = float(layout.page_width) + PAGE_PADDING_PX + 16
    notes = max((_lines(metric.note, METRIC_WIDTH_PX) for metric in context.metrics), default=0) * 17
    rows = sum(max(_lines(row.step, width / 3), _lines(row.label, width / 4)) for row in context.scores)
    height = SURROUNDINGS_PX + grids + notes + SCORE_ROW_PX * rows
    return math.ceil(width), math.ceil(height * MARGIN)
