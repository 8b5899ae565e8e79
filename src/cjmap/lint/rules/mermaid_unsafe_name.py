"""A stage or step name holds a character that Mermaid reads as syntax.

In a Mermaid `journey`, the first `:` ends a task name (so `Call at 08:00: 4: Me` breaks the score),
section names cannot hold `:`, `#` starts a comment and `;` ends a statement. a Mermaid export
has to write them as the entity escapes `#58;`, `#35;` and `#59;`, which renderers that do not decode them
show literally. Rewording the name ("Calls at 8 am", "Order no. 12") keeps every rendering clean.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: "Step 2: enters card details", emotion: 2}

Passes:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, emotion: 2}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.document import Path
from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.model import JourneyMap
from cjmap.problem import Severity

CODE = "H003"
NAME = "mermaid-unsafe-name"
SEVERITY = Severity.INFO
OPTIONS: dict[str, Any] = {}

UNSAFE: dict[str, str] = {":": "#58;", "#": "#35;", ";": "#59;"}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Stage and step names containing ``:``, ``#`` or ``;``."""
    for path, what, name in _names(context.journey):
        found = [char for char in UNSAFE if char in name]
        if found:
            shown = _helpers.quoted(found)
            escapes = ", ".join(f"'{char}' as {UNSAFE[char]}" for char in found)
            yield Violation(
                path,
                f"the name of {what} holds {shown}, which Mermaid reads as syntax",
                f"reword it without {shown}; a Mermaid export has to escape {escapes}",
            )


def _names(journey: JourneyMap) -> Iterator[tuple[Path, str, str]]:
    """Each stage's name, then its steps' names, in map order."""
    for s, stage in enumerate(journey.stages):
        yield ("stages", s, "name"), f"stage '{stage.id}'", stage.name
        for t, step in enumerate(stage.steps):
            yield ("stages", s, "steps", t, "name"), f"step '{step.id}'", step.name
