"""A stage colour on which the stage's name is hard to read, in the light or the dark page.

A stage's `colour:` fills its band at the top of the grid, under the stage's name, goals and mean emotion.
The page draws that text in whichever of the theme's two text colours stands out more on the band; when
even the better one stays below WCAG AA for normal text (a contrast ratio of 4.5:1) in the light or the dark
theme, people with low vision, a projector in a bright room or a grey print cannot read it. The message names
the ratio reached. Pick a darker or lighter shade, or a named `style: {palette: ...}`, whose colours all pass
in both themes.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        colour: "#1f77b4"
        steps:
          - {id: card, name: Enters card details, emotion: 2}

Passes:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        colour: "#1f4e79"
        steps:
          - {id: card, name: Enters card details, emotion: 2}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap import colours
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "H006"
NAME = "low-contrast-colour"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Stage colours whose band text stays below WCAG AA in a theme."""
    for s, stage in enumerate(context.journey.stages):
        if stage.colour is None:
            continue
        failing = colours.unreadable_themes(stage.colour)
        if failing:
            reached = " and ".join(f"{found.ratio:.2f}:1 in the {theme} theme" for theme, found in failing)
            yield Violation(
                ("stages", s, "colour"),
                f"stage '{stage.id}' colour {stage.colour} leaves its text at a contrast of {reached}, "
                f"below the {colours.AA:g}:1 of WCAG AA",
                "pick a darker or lighter shade, or drop `colour:` and use a palette "
                f"(`style: {{palette: calm}}`; palettes: {', '.join(colours.PALETTE_NAMES)})",
            )
