"""A step of a service blueprint lacks a frontstage or backstage lane.

A service blueprint exists to show what it takes to deliver each moment: what staff and systems do in
view of the customer (`frontstage`, above the line of visibility) and out of view (`backstage`). A
step without them is a journey-map step on a blueprint, and the hand-offs where services usually fail
stay hidden.

There is no automatic fix: only the people who run the service know what happens in a lane, and an
empty placeholder (`backstage: []`) would only trade this finding for an `empty-lane` one.

Options:
- `lanes` (default `[frontstage, backstage]`): the lanes every step must have; add
  `physical_evidence` and `support` for a complete blueprint.

Fails:
    cjmap: 1
    id: cafe
    title: Ordering a coffee
    type: service-blueprint
    stages:
      - id: order
        name: Order
        steps:
          - id: counter
            name: Orders at the counter
            emotion: 4
            frontstage: [Cashier takes the order]

Passes:
    cjmap: 1
    id: cafe
    title: Ordering a coffee
    type: service-blueprint
    stages:
      - id: order
        name: Order
        steps:
          - id: counter
            name: Orders at the counter
            emotion: 4
            frontstage: [Cashier takes the order]
            backstage: [Kitchen screen shows the ticket]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "T002"
NAME = "missing-blueprint-lane"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"lanes": ["frontstage", "backstage"]}

MEANING: dict[str, str] = {
    "physical_evidence": "what the customer sees and touches",
    "frontstage": "what staff or systems do in view of the customer",
    "backstage": "what happens out of the customer's view",
    "support": "the support processes behind the step",
}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Steps of a service blueprint without one of the required lanes."""
    if context.journey.type != "service-blueprint":
        return
    required = [lane for lane in _helpers.LANES if lane in _helpers.merged(OPTIONS, options)["lanes"]]
    for ref in _helpers.steps(context.journey):
        for lane in required:
            if lane not in ref.step.model_fields_set:
                yield Violation(
                    ref.path,
                    f"blueprint step '{ref.step.id}' has no {lane} lane",
                    f"add `{lane}:` listing {MEANING[lane]}",
                )
