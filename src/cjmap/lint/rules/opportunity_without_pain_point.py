"""An opportunity addresses no pain point.

An idea tied to a pain point has a reason to exist and a way to be judged: did the pain go away?
An idea tied to none may still be good (a delight to add, a new service), but it competes for the
same roadmap without evidence behind it. Link it with `addresses: [<pain point id>]` when it fixes
something on the map.

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
              - {id: card-spaces, text: The card form rejects spaces}
            opportunities:
              - {id: strip-spaces, text: Accept card numbers with spaces, owner: payments-team}

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
              - {id: card-spaces, text: The card form rejects spaces}
            opportunities:
              - {id: strip-spaces, text: Accept card numbers with spaces, owner: payments-team, addresses: [card-spaces]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "I005"
NAME = "opportunity-without-pain-point"
SEVERITY = Severity.INFO
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Opportunities with an empty ``addresses``."""
    for ref in _helpers.steps(context.journey):
        for i, opportunity in enumerate(ref.step.opportunities):
            if not opportunity.addresses:
                yield Violation(
                    (*ref.path, "opportunities", i),
                    f"opportunity {_helpers.describe(opportunity)} at step '{ref.step.id}' "
                    "addresses no pain point",
                    "list the pain points it fixes in `addresses: [...]`",
                )
