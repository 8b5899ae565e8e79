"""A pain point has no opportunity addressing it.

Recording pain is half the job; a journey map earns its keep when every pain point worth fixing has
an idea against it, with an owner. An opportunity addresses a pain point by listing its id in
`addresses`, anywhere in the map (the fix for a pain point at checkout may live at sign-up).
A pain point without an id cannot be addressed at all; `missing-id` (R006) reports it, with a fix that
gives it one, and this rule stays silent about it until it has an id, so the line carries one finding
rather than two saying the same thing.

Options:
- `min-severity` (default `medium`): only pain points at least this severe are reported (`low`,
  `medium`, `high`, `critical`); low-severity pains are often recorded for completeness only.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - id: card
            name: Enters card details
            emotion: 2
            pain_points:
              - {id: card-spaces, text: The card form rejects spaces, severity: high}

Passes:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - id: card
            name: Enters card details
            emotion: 2
            pain_points:
              - {id: card-spaces, text: The card form rejects spaces, severity: high}
            opportunities:
              - id: strip-spaces
                text: Accept card numbers with spaces
                owner: payments-team
                addresses: [card-spaces]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "I001"
NAME = "unaddressed-pain-point"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"min-severity": "medium"}
OPTION_CHOICES: dict[str, tuple[str, ...]] = {"min-severity": tuple(_helpers.SEVERITY_ORDER)}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Pain points at or above ``min-severity`` that no opportunity's ``addresses`` names."""
    floor = _helpers.severity_floor(_helpers.merged(OPTIONS, options)["min-severity"])
    addressed = _helpers.pain_point_ids(context.journey, "opportunities")
    for ref in _helpers.steps(context.journey):
        for i, pain in enumerate(ref.step.pain_points):
            # Without an id nothing can address it: that is R006's finding, not a second one here.
            if pain.id is None or pain.id in addressed or _helpers.SEVERITY_ORDER[pain.severity] < floor:
                continue
            yield Violation(
                (*ref.path, "pain_points", i),
                f"{pain.severity} pain point {_helpers.describe(pain)} at step '{ref.step.id}' "
                "has no opportunity addressing it",
                f"add one under `opportunities` with `addresses: [{pain.id}]`, and an owner",
            )
