"""A high or critical pain point has no opportunity with a ticket (opt-in).

A map that lists a severe pain point and an idea against it still leaves the work undone until someone owns it
in the delivery backlog. This rule asks that every high or critical pain point be addressed by an opportunity
that carries an `issue:` link to its ticket (`cjmap backlog -f issues` helps file them). Teams that track
delivery elsewhere leave it off: it is **opt-in**, run only when a selector names it
(`--select I008`, `select: [ALL, I008]` or `select: [urgent-pain-without-ticket]`; `ALL` alone does not).

Options:
- `min-severity` (default `high`): the least severe pain point that needs a ticket (`low`, `medium`, `high`,
  `critical`).

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
              - {id: card-spaces, text: The card form rejects spaces, severity: high}
            opportunities:
              - {id: strip-spaces, text: Accept spaces, owner: payments-team, addresses: [card-spaces]}

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
              - {id: card-spaces, text: The card form rejects spaces, severity: high}
            opportunities:
              - id: strip-spaces
                text: Accept spaces
                owner: payments-team
                addresses: [card-spaces]
                issue: https://tracker.example.com/browse/PAY-12
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "I008"
NAME = "urgent-pain-without-ticket"
SEVERITY = Severity.INFO
OPT_IN = True
OPTIONS: dict[str, Any] = {"min-severity": "high"}
OPTION_CHOICES: dict[str, tuple[str, ...]] = {"min-severity": tuple(_helpers.SEVERITY_ORDER)}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Pain points at or above ``min-severity`` that no opportunity with an ``issue:`` addresses."""
    floor = _helpers.severity_floor(_helpers.merged(OPTIONS, options)["min-severity"])
    ticketed = {pain for _, step in context.journey.steps() for item in step.opportunities if item.issue
                for pain in item.addresses}
    for ref in _helpers.steps(context.journey):
        for i, pain in enumerate(ref.step.pain_points):
            if _helpers.SEVERITY_ORDER[pain.severity] < floor or (pain.id is not None and pain.id in ticketed):
                continue
            yield Violation(
                (*ref.path, "pain_points", i),
                f"{pain.severity} pain point {_helpers.describe(pain)} at step '{ref.step.id}' "
                "has no opportunity with a ticket",
                "address it with an opportunity that links its ticket: `issue: https://…`"
                + ("" if pain.id else "; give the pain point an id first, so an opportunity can address it"),
            )
