"""Curve geometry for the inline SVG charts: pure arithmetic from scores to coordinates, no markup.

The emotion lane spans every step column of the grid, so a point's x is the centre of its column and its y is
the score placed linearly on the map's own scale (maximum at the top). The template only draws what is here.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

COLUMN_WIDTH = 200
"""Width of one step column in the HTML grid, in CSS pixels; the chart uses the same unit so x lines up."""
CHART_HEIGHT = 250
CHART_PAD_TOP = 46  # room for a two-line label above a point at the top of the scale
CHART_PAD_BOTTOM = 44  # and below a point at the bottom
AXIS_WIDTH = 44
"""Width of the y-axis, drawn in the emotion lane's header cell so it stays in view while the grid scrolls."""


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


# --- Curve labels: measured conservatively, placed so that none overlaps another or leaves the chart ---------

LABEL_SIZE = 12.5
"""Font size of a point's label, in chart units (the CSS of ``text.value`` says the same)."""
LABEL_ASCENT = 1.07 * LABEL_SIZE
LABEL_DESCENT = 0.3 * LABEL_SIZE
LABEL_LINE = LABEL_ASCENT + LABEL_DESCENT
"""A line of label text from the top of its tallest glyph to the bottom of its deepest, with the ascent and
descent of the tallest common sans fonts (Noto Sans), so a real box is never taller than the one placed."""
LABEL_GAP = 10.0
"""Horizontal room kept free between the labels of neighbouring columns."""
LABEL_LINES = 3
STAR = "★ "
ELLIPSIS = "…"

_NARROW = frozenset(" !'(),-./:;I[\\]`fijlrt|·іїјІЇЈ")
_SYMBOL = frozenset("\"#$&*+<=>?^_{}~−★«»“”")
_WIDE = frozenset("MWmw@%…—ЖШЩЮЫЉЊФжшщюыљњфм")


@functools.cache
def _char_width(char: str) -> float:
    """An upper bound of one character's advance, in em, for bold sans text in Latin or Cyrillic script.

    The bounds are those of DejaVu Sans Bold (the widest of the common system sans fonts) rounded up, so the
    estimate is never narrower than the real text in Segoe UI, San Francisco, Roboto, Noto or DejaVu.
    """
    if char in _NARROW:
        return 0.5
    if char in _WIDE:
        return 1.35
    if char in _SYMBOL:
        return 0.92
    if char.isdigit():
        return 0.72
    if "\u0300" <= char <= "\u036f":  # combining accents take no room of their own
        return 0.0
    if char.isupper():
        return 0.96
    if char < "\u0250":
        return 0.76
    if "\u0400" <= char < "\u0530":
        return 0.84
    return 1.6  # other scripts, symbols and emoji: as wide as anything gets


def text_width(text: str, size: float = LABEL_SIZE) -> float:
    """A width that ``text`` set in bold sans at ``size`` never exceeds (Latin and Cyrillic)."""
    return size * sum(map(_char_width, text))


def shorten(text: str, width: float, size: float = LABEL_SIZE) -> str:
    """``text`` cut at a word or character boundary and ended with "…" so it fits ``width``; whole if it fits."""
    if text_width(text, size) <= width:
        return text
    room = width - text_width(ELLIPSIS, size)
    kept, used = [], 0.0
    for char in text:
        used += size * _char_width(char)
        if used > room:
            break
        kept.append(char)
    cut = "".join(kept).rstrip(" ·,;:-–—")
    return cut + ELLIPSIS if cut else ELLIPSIS


def wrap(text: str, width: float, lines: int, size: float = LABEL_SIZE, first_indent: float = 0.0
         ) -> tuple[tuple[str, ...], bool]:
    """``text`` broken at spaces into at most ``lines`` lines of ``width``; the last one shortened with "…"
    when the text does not fit. Returns the lines and whether anything was cut."""
    if lines <= 1:
        line = shorten(" ".join(text.split()), width - first_indent, size)
        return (line,), line != " ".join(text.split())
    words = text.split()
    out: list[str] = []
    current = ""
    for index, word in enumerate(words):
        room = width - (first_indent if not out else 0.0)
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size) <= room or not current:
            current = candidate
            continue
        out.append(current)
        current = word
        if len(out) == lines - 1:  # the last line takes the rest, shortened if need be
            current = " ".join(words[index:])
            break
    out.append(current)
    cut = False
    for number, line in enumerate(out):
        room = width - (first_indent if number == 0 else 0.0)
        shortened = shorten(line, room, size)
        cut = cut or shortened != line
        out[number] = shortened
    return tuple(out), cut


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in chart units."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return self.left < other.right and other.left < self.right and self.top < other.bottom and \
            other.top < self.bottom

    def near_circle(self, x: float, y: float, radius: float) -> bool:
        """Whether the circle at (x, y) reaches into the box."""
        dx = max(self.left - x, 0.0, x - self.right)
        dy = max(self.top - y, 0.0, y - self.bottom)
        return dx * dx + dy * dy < radius * radius

    def crosses(self, start: tuple[float, float], end: tuple[float, float]) -> bool:
        """Whether the segment from ``start`` to ``end`` passes through the box (Liang–Barsky clipping)."""
        (x1, y1), (x2, y2) = start, end
        dx, dy = x2 - x1, y2 - y1
        low, high = 0.0, 1.0
        for p, q in ((-dx, x1 - self.left), (dx, self.right - x1), (-dy, y1 - self.top), (dy, self.bottom - y1)):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                low = max(low, t)
            else:
                high = min(high, t)
            if low > high:
                return False
        return True


@dataclass(frozen=True, kw_only=True)
class LabelRequest:
    """What a point wants written beside it: its score ``value``, an optional ``text``, a star for a moment of
    truth; ``radius`` is the room its own marker takes around (x, y)."""

    column: int
    y: float
    value: str
    text: str
    star: bool
    radius: float
    above: bool
    """The preferred side: away from the neutral line (above a positive point, below a negative one)."""


@dataclass(frozen=True, kw_only=True)
class Label:
    """A placed label: its lines (the first starts after the star), the x of its centre, the baseline of its
    first line, its box, and whether the text had to be shortened (the whole text then goes into a title)."""

    lines: tuple[str, ...]
    x: float
    y: float
    box: Box
    shortened: bool


@dataclass(frozen=True, kw_only=True)
class Obstacles:
    """What labels keep off: every curve's point markers (x, y, radius) and its segments, bucketed by column."""

    circles: dict[int, list[tuple[float, float, float]]]
    segments: dict[int, list[tuple[tuple[float, float], tuple[float, float]]]]


def obstacles(frame: Frame, curves: Sequence[Sequence[tuple[int, float, float]]], neutral: float) -> Obstacles:
    """The markers and lines of ``curves``, each a sequence of (column, value, marker radius), and the dashed
    neutral line (which shows between a label's words)."""
    circles: dict[int, list[tuple[float, float, float]]] = {}
    segments: dict[int, list[tuple[tuple[float, float], tuple[float, float]]]] = {
        column: [((column * frame.column_width, frame.y(neutral)), ((column + 1) * frame.column_width,
                                                                    frame.y(neutral)))]
        for column in range(frame.columns)}
    for curve in curves:
        ordered = sorted(curve)
        for column, value, radius in ordered:
            circles.setdefault(column, []).append((frame.x(column), frame.y(value), radius))
        for (a, va, _), (b, vb, _) in zip(ordered, ordered[1:]):
            segment = ((frame.x(a), frame.y(va)), (frame.x(b), frame.y(vb)))
            for column in range(a, b + 1):
                segments.setdefault(column, []).append(segment)
    return Obstacles(circles=circles, segments=segments)


def _candidates(request: LabelRequest, width: float) -> list[tuple[int, tuple[str, ...], bool]]:
    """The forms a label may take, best first: (tier, lines, shortened). Tier 0 is the whole text, on as few
    lines as it needs (up to :data:`LABEL_LINES`); then two lines shortened, one line shortened, the score."""
    star = text_width(STAR) if request.star else 0.0
    if not request.text:
        return [(0, (request.value,), False)]
    full = f"{request.value} · {request.text}"
    forms: list[tuple[int, tuple[str, ...], bool]] = []
    whole, cut = wrap(full, width, LABEL_LINES, first_indent=star)
    if not cut:
        forms.append((0, whole, False))
    if cut or len(whole) > 2:
        forms.append((1, *wrap(full, width, 2, first_indent=star)))
    if cut or len(whole) > 1:
        forms.append((2, *wrap(full, width, 1, first_indent=star)))
    forms.append((3, (request.value,), True))
    return forms


def place_labels(frame: Frame, requests: Sequence[LabelRequest], keep_off: Obstacles) -> list[Label | None]:
    """A place for every label, or None when even the bare score has no free room (its title still says it).

    Each label stays inside its own column (so neighbours never touch), inside the chart's height, and off every
    point marker; among the places left it takes the one with the most text, crossing the fewest curve lines,
    closest to its point, on its preferred side.
    """
    width = frame.column_width - LABEL_GAP
    placed: list[Label | None] = []
    for request in requests:
        x = frame.x(request.column)
        y = request.y
        circles = [c for column in (request.column - 1, request.column, request.column + 1)
                   for c in keep_off.circles.get(column, ())]
        segments = keep_off.segments.get(request.column, [])
        best: tuple[float, Label] | None = None
        for tier, lines, shortened in _candidates(request, width):
            star = text_width(STAR) if request.star else 0.0
            half = max(text_width(line) + (star if i == 0 else 0.0) for i, line in enumerate(lines)) / 2
            height = LABEL_LINE * len(lines)
            for above in (request.above, not request.above):
                for level in range(3):
                    shift = level * (LABEL_LINE + 2)
                    if above:
                        bottom = y - request.radius - 2 - shift
                        top = bottom - height
                    else:
                        top = y + request.radius + 2 + shift
                        bottom = top + height
                    floor = tier * 1000 + level * 6 + (above != request.above) * 4 + len(lines) * 2
                    if top < 0 or bottom > frame.height or (best is not None and floor >= best[0]):
                        continue
                    box = Box(x - half, top, x + half, bottom)
                    if any(box.near_circle(cx, cy, r) for cx, cy, r in circles):
                        continue
                    crossings = sum(1 for start, end in segments if box.crosses(start, end))
                    cost = floor + crossings * 20
                    if best is None or cost < best[0]:
                        best = (cost, Label(lines=lines, x=x, y=top + LABEL_ASCENT, box=box, shortened=shortened))
        placed.append(best[1] if best is not None else None)
    return placed
