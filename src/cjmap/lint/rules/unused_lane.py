"""A lane of the map's own is declared but no step fills it.

A map may declare lanes of the team's own (`lanes:` at the top: customer quotes, data, engagement). A
declared lane that no step fills shows nowhere on the rendered map: it is either left over, or research
still to be done. Info only: a lane may be declared before the research that fills it. Lanes the project
configuration declares for every map are not judged per map.

Fails:
    cjmap: 1
    id: booking
    title: Booking a repair
    type: current-state
    lanes:
      - {id: quotes, title: Customer quotes}
      - {id: engagement, title: Engagement, kind: score}
    stages:
      - id: book
        name: Booking
        steps:
          - {id: call, name: Calls to book, emotion: 2, lanes: {quotes: I just want a time that works}}

Passes:
    cjmap: 1
    id: booking
    title: Booking a repair
    type: current-state
    lanes:
      - {id: quotes, title: Customer quotes}
      - {id: engagement, title: Engagement, kind: score}
    stages:
      - id: book
        name: Booking
        steps:
          - {id: call, name: Calls to book, emotion: 2, lanes: {quotes: I just want a time that works}}
          - {id: confirm, name: Gets a confirmation, emotion: 4, lanes: {engagement: 2}}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "R009"
NAME = "unused-lane"
SEVERITY = Severity.INFO
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Lanes the map itself declares that no step fills (a lane the project configuration shares with every
    map is not judged per map)."""
    filled = {lane for ref in _helpers.steps(context.journey) for lane in ref.step.lanes}
    written = context.document.data.get("lanes")
    for index, entry in enumerate(written if isinstance(written, list) else []):
        lane = context.journey.lane(entry["id"]) if isinstance(entry, dict) else None
        if lane is not None and lane.id not in filled:
            yield Violation(
                ("lanes", index, "id"),
                f"lane '{lane.id}' ({lane.title}) is declared but no step fills it",
                f"fill it on the steps (`lanes: {{{lane.id}: ...}}`), or remove it from `lanes:`",
            )
