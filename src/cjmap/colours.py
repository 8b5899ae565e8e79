"""Stage colours: the named palettes, and the WCAG contrast check every stage colour must pass.

A stage colour fills the stage's band at the top of the grid, under the stage's name and goals. The page has a
light and a dark theme (``prefers-color-scheme``), and in each the band's text is whichever of that theme's
two text colours (:data:`TEXTS`) stands out more on the band. A colour is readable in a theme when that text
reaches WCAG AA for normal text, :data:`AA` (4.5:1); lint's ``low-contrast-colour`` rule names the ratio of a
stage ``colour:`` that does not, and a test checks every palette colour in both themes.

Palettes give each theme its own shade (a light band on the dark page would glare); a stage's own ``colour:``
is used in both themes as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Theme = Literal["light", "dark"]
THEMES: tuple[Theme, ...] = ("light", "dark")
AA = 4.5
"""WCAG 2 level AA contrast for normal text."""
COLOUR_PATTERN = r"^#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$"
"""A stage colour as written: ``#1f77b4`` or its short form ``#17b``."""
_COLOUR = re.compile(COLOUR_PATTERN)

TEXTS: dict[Theme, tuple[str, str]] = {"light": ("#1b1f24", "#ffffff"), "dark": ("#1c2026", "#e8ebef")}
"""The text colours a band may carry in each theme: the page's ink and paper (``--ink`` and ``--paper`` in
``render/templates/_style.css.j2``; a test keeps the two in step)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Swatch:
    """A stage colour in one theme: the band's background and the text drawn on it."""

    background: str
    text: str
    ratio: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Palette:
    """A named set of stage colours, given to the stages in turn; one shade per theme."""

    name: str
    light: tuple[str, ...]
    dark: tuple[str, ...]


PALETTES: dict[str, Palette] = {palette.name: palette for palette in (
    Palette(name="default", light=("#2a3f5f",), dark=("#b8cbe6",)),
    Palette(name="calm",
            light=("#2f5d8a", "#3f6f5a", "#6a4f8a", "#7a5230", "#35707a", "#8a3f5a"),
            dark=("#a9c8ea", "#a8d5bd", "#cdb8ea", "#e6c29c", "#a3d9df", "#eab0c4")),
    Palette(name="vivid",
            light=("#1565c0", "#c2185b", "#2e7d32", "#6a1b9a", "#b34700", "#00695c"),
            dark=("#7fb5ff", "#ff8fbf", "#86d98c", "#d7a6ff", "#ffb070", "#5fd3c3")),
    Palette(name="mono",
            light=("#1f2933", "#3e4c59", "#52606d"),
            dark=("#e4e7eb", "#cbd2d9", "#9aa5b1")),
)}
"""Every palette by name: ``default`` is the page's own accent for every stage."""
PALETTE_NAMES = tuple(PALETTES)


def normalise(colour: str) -> str:
    """``colour`` (``#RGB`` or ``#RRGGBB``, either case) as lower-case ``#rrggbb``."""
    if not _COLOUR.match(colour):
        raise ValueError(f"{colour!r} is not a colour like #1f77b4")
    digits = colour[1:].lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def luminance(colour: str) -> float:
    """The relative luminance of ``colour`` (WCAG 2: sRGB channels linearised, weighted)."""
    value = normalise(colour)
    channels = [int(value[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def swatch(background: str, theme: Theme) -> Swatch:
    """``background`` in ``theme``, with the theme's text colour that stands out more on it."""
    background = normalise(background)
    text = max(TEXTS[theme], key=lambda candidate: contrast(background, candidate))
    return Swatch(background=background, text=text, ratio=contrast(background, text))


def palette_colour(name: str, index: int, theme: Theme) -> str:
    """The colour palette ``name`` gives the stage at ``index`` (0-based) in ``theme``."""
    shades = getattr(PALETTES[name], theme)
    return str(shades[index % len(shades)])


def unreadable_themes(colour: str) -> list[tuple[Theme, Swatch]]:
    """The themes in which ``colour`` as a band leaves its text below :data:`AA`, with the best it reaches."""
    return [(theme, found) for theme in THEMES if (found := swatch(colour, theme)).ratio < AA]
