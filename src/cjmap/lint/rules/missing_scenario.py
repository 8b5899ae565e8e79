"""The map states no scenario.

A journey map tells one story: who wants what, in which situation ("Maya starts a trial to send her
first invoice"). Without `scope.scenario`, the same steps are read as different stories by different
people, and future-state maps cannot say which situation they improve.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    scope:
      business_goals: [Raise checkout conversion to 60%]
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
      business_goals: [Raise checkout conversion to 60%]
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

CODE = "S005"
NAME = "missing-scenario"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Maps without ``scope.scenario``."""
    scope = context.journey.scope
    if scope is None or not (scope.scenario or "").strip():
        yield Violation(
            ("scope",) if scope is not None else (),
            "the map states no scenario",
            "add `scenario:` under `scope:`, one sentence on who does what in which situation",
            at_key=scope is not None,
        )
