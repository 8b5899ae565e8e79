"""Two steps of one stage have the same name.

Step names are what readers see in the grid, in the curve and in a Mermaid export; two steps called
"Fills in the form" in one stage cannot be told apart there, even though their ids differ. Usually
the second one is a copy that was never renamed, or a repeated attempt that deserves a name saying
so ("Fills in the form again after the error"). Names are compared ignoring case and spacing.

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
          - {id: card-retry, name: Enters card details, emotion: 1}

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
          - {id: card-retry, name: Enters card details again after a decline, emotion: 1}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "R003"
NAME = "duplicate-step-name"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Steps whose name repeats an earlier step's name in the same stage."""
    for s, stage in enumerate(context.journey.stages):
        first: dict[str, str] = {}
        for t, step in enumerate(stage.steps):
            key = " ".join(step.name.split()).casefold()
            if key in first:
                yield Violation(
                    ("stages", s, "steps", t, "name"),
                    f"step '{step.id}' has the same name as step '{first[key]}' in stage '{stage.id}'",
                    "rename one so readers can tell them apart, e.g. say what differs the second time",
                )
            else:
                first[key] = step.id
