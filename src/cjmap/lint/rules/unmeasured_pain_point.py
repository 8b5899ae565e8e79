"""A severe pain point has no KPI measuring it.

Without a measure, nobody will know whether the fix for a severe pain point worked. A KPI measures a
pain point by listing its id in `addresses` (`{name: sign-up completion, value: 0.42, target: 0.6,
addresses: [vat-first]}`), anywhere in the map. A pain point without an id cannot be measured yet:
`missing-id` (R006) reports it, and this rule stays silent about it until it has an id.

Options:
- `min-severity` (default `high`): pain points at least this severe need a KPI (`low`, `medium`,
  `high`, `critical`).

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
            emotion: 1
            pain_points:
              - {id: card-declined, text: The card is declined without a reason, severity: critical}

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
            emotion: 1
            pain_points:
              - {id: card-declined, text: The card is declined without a reason, severity: critical}
            kpis:
              - {id: decline-rate, name: card decline rate, value: 0.08, target: 0.03, addresses: [card-declined]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "I004"
NAME = "unmeasured-pain-point"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"min-severity": "high"}
OPTION_CHOICES: dict[str, tuple[str, ...]] = {"min-severity": tuple(_helpers.SEVERITY_ORDER)}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Pain points at or above ``min-severity`` that no KPI's ``addresses`` names."""
    floor = _helpers.severity_floor(_helpers.merged(OPTIONS, options)["min-severity"])
    measured = _helpers.pain_point_ids(context.journey, "kpis")
    for ref in _helpers.steps(context.journey):
        for i, pain in enumerate(ref.step.pain_points):
            # Without an id nothing can measure it: that is R006's finding, not a second one here.
            if pain.id is None or pain.id in measured or _helpers.SEVERITY_ORDER[pain.severity] < floor:
                continue
            yield Violation(
                (*ref.path, "pain_points", i),
                f"{pain.severity} pain point {_helpers.describe(pain)} at step '{ref.step.id}' "
                "has no KPI measuring it",
                f"add a KPI under `kpis` with its current value, a target and `addresses: [{pain.id}]`",
            )
