"""The map follows no persona.

A journey map follows one customer through one scenario. Without a persona, readers fill in their
own idea of "the user", usually themselves, and the emotions and pain points lose the person they
belong to. Add an inline persona, or point to a shared persona file.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, emotion: 2}

Passes:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    persona:
      name: Ana, the first-time buyer
      goals: [Buy running shoes in one go]
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, emotion: 2}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "S004"
NAME = "missing-persona"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Maps with no ``persona``."""
    if not context.journey.persona:
        yield Violation(
            ("persona",) if "persona" in context.document.data else (),
            "the map follows no persona",
            "add `persona:` with at least a `name` (and goals), or the path of a shared persona file",
            at_key="persona" in context.document.data,
        )
