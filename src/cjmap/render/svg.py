"""Curve geometry for the inline SVG charts: pure arithmetic from scores to coordinates, no markup.

The emotion lane spans every step column of the grid, so a point's x is the centre of its column and its y is
the score placed linearly on the map's own scale (maximum at the top). The template only draws what is here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

COLUMN_WIDTH = 200
"""Width of one step column in the HTML grid, in CSS pixels; the chart uses the same unit so x lines up."""
CHART_HEIGHT = 220
CHART_PAD_TOP = 34  # room for the label of a point at the top of the scale
CHART_PAD_BOTTOM = 30  # room for the label of a point at the bottom


@dataclass(frozen=True, kw_only=True)
class Frame:
    """Where the plot sits: ``columns`` step columns of ``column_width``, the scale between top and bottom."""

    columns: int
    minimum: float
    maximum: float
    column_width: float = COLUMN_WIDTH
    height: float = CHART_HEIGHT
    pad_top: float = CHART_PAD_TOP
    pad_bottom: float = CHART_PAD_BOTTOM

    @property
    def width(self) -> float:
        return self.columns * self.column_width

    def x(self, column: int) -> float:
        """The centre of step column ``column`` (0-based)."""
        return (column + 0.5) * self.column_width

    def y(self, value: float) -> float:
        """The height of ``value`` on the scale; values outside it are clamped to the frame."""
        share = (self.maximum - value) / (self.maximum - self.minimum)
        share = min(1.0, max(0.0, share))
        return self.pad_top + share * (self.height - self.pad_top - self.pad_bottom)


def fmt(value: float) -> str:
    """A coordinate written short and stable (two decimals at most), so output diffs cleanly."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True, kw_only=True)
class Paths:
    """The SVG path data of one curve: ``solid`` joins adjacent scored columns, ``bridge`` spans unscored ones."""

    solid: str
    bridge: str


def paths(frame: Frame, points: Sequence[tuple[int, float]]) -> Paths:
    """Path data joining ``points`` (column, value) in column order: runs of adjacent columns as one solid
    polyline each, and a separate segment across every gap of unscored columns."""
    solid: list[str] = []
    bridge: list[str] = []
    previous: tuple[int, float] | None = None
    run: list[str] = []
    for column, value in sorted(points):
        here = f"{fmt(frame.x(column))},{fmt(frame.y(value))}"
        if previous is not None and column != previous[0] + 1:
            bridge.append(f"M{fmt(frame.x(previous[0]))},{fmt(frame.y(previous[1]))} L{here}")
            if len(run) > 1:
                solid.append("M" + " L".join(run))
            run = []
        run.append(here)
        previous = (column, value)
    if len(run) > 1:
        solid.append("M" + " L".join(run))
    return Paths(solid=" ".join(solid), bridge=" ".join(bridge))


def sparkline(values: Sequence[float], minimum: float, maximum: float, width: float = 120,
              height: float = 28) -> str:
    """The ``points`` attribute of a small polyline of ``values`` (for the site index); empty without data."""
    if not values:
        return ""
    step = width / max(1, len(values) - 1)
    frame = Frame(columns=1, minimum=minimum, maximum=maximum, height=height, pad_top=3, pad_bottom=3)
    if len(values) == 1:
        y = fmt(frame.y(values[0]))
        return f"0,{y} {fmt(width)},{y}"
    return " ".join(f"{fmt(i * step)},{fmt(frame.y(v))}" for i, v in enumerate(values))
