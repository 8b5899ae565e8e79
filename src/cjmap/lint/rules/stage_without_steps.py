"""A stage has no steps.

A stage is a phase of the journey; without steps it is a heading with nothing under it, and the
emotion curve skips it as if the persona never went through it. Either map what happens in that
phase, or remove the stage until the research covers it.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: browse
        name: Browse
        steps:
          - {id: search, name: Searches for shoes, emotion: 3}
      - id: pay
        name: Pay
        steps: []

Passes:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: browse
        name: Browse
        steps:
          - {id: search, name: Searches for shoes, emotion: 3}
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

CODE = "S001"
NAME = "stage-without-steps"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Stages whose step list is empty."""
    for s, stage in enumerate(context.journey.stages):
        if not stage.steps:
            yield Violation(
                ("stages", s),
                f"stage '{stage.id}' has no steps",
                "add the steps the persona takes in this phase under `steps:`, or remove the stage",
            )
