"""The map names no owner.

A map without an owner is nobody's job to review, update or act on; it is the first to go stale.
Name the team that keeps it true (`owner: growth-team`), so reviewers know whom to ask and the
portfolio view can show who owns which journeys.

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

Passes:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    owner: payments-team
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
from cjmap.problem import Severity

CODE = "H004"
NAME = "map-without-owner"
SEVERITY = Severity.INFO
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Maps without ``owner``."""
    if not (context.journey.owner or "").strip():
        yield Violation(
            (),
            "the map names no owner",
            "add `owner:` with the team that keeps the map true and acts on it",
        )
