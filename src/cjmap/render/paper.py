"""Paper for PDF and PNG: which sheet, at what scale, and which steps go on each printed page.

A printed grid is never cut. It is fitted to the sheet's width while its smallest text stays readable
(:data:`MIN_POINTS`); a map too wide for that is paged: a page of steps at a time, the lane column and stage
headers repeated, broken between stages where that wastes little room. Pure arithmetic, no markup.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

SHEETS: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0), "A3": (297.0, 420.0), "A2": (420.0, 594.0), "A1": (594.0, 841.0),
    "letter": (215.9, 279.4), "tabloid": (279.4, 431.8),
}
"""Paper sizes in millimetres, portrait (width, height)."""
ORIENTATIONS = ("landscape", "portrait")
DEFAULT_CHOICES = ("A4", "A3", "A2", "A1")
"""Without ``--paper``, the first of these on which the whole grid fits one page's width; else :data:`PAGED`."""
PAGED = "A3"
"""The sheet of a map too wide for any of :data:`DEFAULT_CHOICES`: paged on paper an office printer takes."""
MARGIN_MM = 10.0
PX_PER_MM = 96 / 25.4
"""CSS pixels per millimetre (CSS fixes 96 px to the inch)."""

GRID_FONT_PX = 13.5
"""The grid's text size at full scale; every size in the grid is a multiple of one unit (CSS ``--u``), so one
number scales it all."""
SMALLEST_FONT_PX = 11.0
"""The smallest text in the grid at full scale (step numbers, chips, axis numbers)."""
MIN_POINTS = 7.0
"""The smallest printed text allowed, in points: below it the grid is paged instead of shrunk."""
LANE_PX = 168.0
"""The lane header column, at full scale (CSS ``--lane``)."""
COLUMN_PX = 200.0
"""A step column on screen, at full scale (CSS ``--col``); the chart's unit column too."""
PRINT_COLUMN_PX = 170.0
"""A step column on paper, at full scale: a little narrower than on screen, so more steps share a page."""
GRID_CHROME_PX = 4.0
"""Borders around the grid."""


@dataclass(frozen=True, kw_only=True)
class Paper:
    """A sheet in an orientation."""

    name: str
    orientation: str

    @property
    def size_mm(self) -> tuple[float, float]:
        """(width, height) in millimetres, as the sheet lies."""
        short, long = SHEETS[self.name]
        return (long, short) if self.orientation == "landscape" else (short, long)

    @property
    def css_size(self) -> str:
        """The CSS ``@page`` size (millimetres: CSS has no keyword for A2 or A1)."""
        width, height = self.size_mm
        return f"{width:g}mm {height:g}mm"

    @property
    def printable_px(self) -> tuple[float, float]:
        """The area inside the margins, in CSS pixels."""
        width, height = self.size_mm
        return (width - 2 * MARGIN_MM) * PX_PER_MM, (height - 2 * MARGIN_MM) * PX_PER_MM


@dataclass(frozen=True, kw_only=True)
class PageLayout:
    """The printed grid: the sheet, the scale of the grid's text, and the steps of each page as index ranges."""

    paper: Paper
    scale: float
    pages: tuple[range, ...]


def min_scale() -> float:
    """The smallest scale at which the grid's smallest text still prints at :data:`MIN_POINTS`."""
    return MIN_POINTS / (SMALLEST_FONT_PX * 0.75)


def capacity(paper: Paper) -> int:
    """How many step columns fit one page's width at the smallest readable scale (at least one)."""
    width = paper.printable_px[0] / min_scale() - LANE_PX - GRID_CHROME_PX
    return max(1, int(width // PRINT_COLUMN_PX))


def choose_paper(steps: int, name: str | None = None, orientation: str | None = None) -> Paper:
    """The sheet asked for, or the first default on which ``steps`` columns fit one page's width."""
    turn = orientation or "landscape"
    if name is not None:
        return Paper(name=name, orientation=turn)
    for candidate in DEFAULT_CHOICES:
        paper = Paper(name=candidate, orientation=turn)
        if capacity(paper) >= steps:
            return paper
    return Paper(name=PAGED, orientation=turn)


def split(stage_sizes: Sequence[int], per_page: int) -> tuple[range, ...]:
    """Step index ranges of at most ``per_page`` steps, broken between stages unless that leaves a page less
    than two thirds full (then the stage is split, and its header says it continues)."""
    pages: list[range] = []
    start = end = 0
    for size in stage_sizes:
        remaining = size
        while remaining:
            room = per_page - (end - start)
            if remaining <= room:
                end += remaining
                remaining = 0
            elif end - start >= math.ceil(per_page * 2 / 3):
                pages.append(range(start, end))
                start = end
            else:
                end += room
                remaining -= room
                pages.append(range(start, end))
                start = end
    if end > start:
        pages.append(range(start, end))
    return tuple(pages)


def layout(stage_sizes: Sequence[int], name: str | None = None, orientation: str | None = None) -> PageLayout:
    """Where the grid of a map with stages of ``stage_sizes`` steps goes on paper."""
    steps = sum(stage_sizes)
    paper = choose_paper(steps, name, orientation)
    per_page = capacity(paper)
    pages = split(stage_sizes, per_page) if steps else ()
    widest = max((len(page) for page in pages), default=1)
    natural = LANE_PX + GRID_CHROME_PX + widest * PRINT_COLUMN_PX
    scale = min(1.0, paper.printable_px[0] / natural)
    return PageLayout(paper=paper, scale=scale, pages=pages)
