"""An opportunity has no owner.

An idea nobody owns is an idea nobody builds. Naming the team that will take an opportunity forward
(`owner: onboarding-squad`) turns the map into a plan, and lets each team filter the map for its own
work.

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
            opportunities:
              - {id: wallets, text: Offer Apple Pay and Google Pay}

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
            opportunities:
              - {id: wallets, text: Offer Apple Pay and Google Pay, owner: payments-team}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "I002"
NAME = "opportunity-without-owner"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Opportunities without ``owner``."""
    for ref in _helpers.steps(context.journey):
        for i, opportunity in enumerate(ref.step.opportunities):
            if not (opportunity.owner or "").strip():
                yield Violation(
                    (*ref.path, "opportunities", i),
                    f"opportunity {_helpers.describe(opportunity)} at step '{ref.step.id}' has no owner",
                    "add `owner:` naming the team that will take it forward",
                )
