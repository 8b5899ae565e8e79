"""The map states neither business goals nor learning goals.

A map is made to decide something. Business goals (`scope.business_goals`, "raise trial-to-paid
conversion to 15%") tell the team which pain points matter most; learning goals
(`scope.learning_goals`, "where do trials stall?") tell a research map what it must answer. A map
with neither tends to become a poster nobody acts on.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    scope:
      scenario: Ana buys running shoes on her phone during her lunch break.
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
    scope:
      scenario: Ana buys running shoes on her phone during her lunch break.
      learning_goals: ["Where do mobile buyers abandon the checkout?"]
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

CODE = "S006"
NAME = "missing-goals"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Maps without ``scope.business_goals`` and without ``scope.learning_goals``."""
    scope = context.journey.scope
    if scope is None or not (scope.business_goals or scope.learning_goals):
        yield Violation(
            ("scope",) if scope is not None else (),
            "the map states neither business goals nor learning goals",
            "add `business_goals:` (what the business wants) or `learning_goals:` (what the team wants to learn) "
            "under `scope:`",
            at_key=scope is not None,
        )
