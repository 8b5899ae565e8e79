"""The map has not been reviewed within its review cadence.

A journey map describes a service that keeps changing; a map nobody has looked at for a year is
trusted long after it stopped being true. `reviewed:` records when the team last checked the map
against reality and `review_every:` how often it must (`monthly`, `quarterly`, `half-yearly`,
`yearly`; quarterly when not given). The rule also reports a `reviewed:` date in the future (a typo),
and a map that is `in-review` or `approved` without any `reviewed:` date. Drafts without a date and
archived maps are left alone.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    status: approved
    reviewed: 2020-01-15
    review_every: quarterly
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
    status: draft
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
from cjmap.model import CADENCE_DAYS, DEFAULT_CADENCE, days_overdue
from cjmap.problem import Severity

CODE = "H001"
NAME = "stale-review"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Reviews older than the cadence, in the future, or missing on maps past the draft stage."""
    journey = context.journey
    if journey.status == "archived":
        return
    cadence = journey.review_every or DEFAULT_CADENCE
    reviewed = journey.reviewed
    if reviewed is None:
        if journey.status != "draft":
            yield Violation(
                ("status",),
                f"the map is {journey.status} but has no `reviewed:` date",
                f"review it with the team and add `reviewed: {context.today.isoformat()}`",
            )
        return
    age = (context.today - reviewed).days
    if age < 0:
        yield Violation(
            ("reviewed",),
            f"the review date {reviewed.isoformat()} lies in the future",
            f"write the date of the last review (today is {context.today.isoformat()})",
        )
    elif days_overdue(reviewed, cadence, context.today) > 0:
        yield Violation(
            ("reviewed",),
            f"last reviewed {reviewed.isoformat()}, {age} days ago; the map's cadence is {cadence} "
            f"({CADENCE_DAYS[cadence]} days)",
            "check the map against the live service with the team, then update `reviewed:`",
        )
