"""A step of a map that describes today cites no evidence.

A current-state map, a day in the life or a blueprint claims to show what really happens. A step
with no `evidence` (an interview, an observation, analytics, a support ticket) is an assumption that
looks like a finding, and its emotion score is a guess. Future-state maps are exempt by default: they
describe what the team intends.

Options:
- `types` (default `[current-state, day-in-the-life, service-blueprint]`): the map types checked.

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
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, emotion: 2, evidence: [Usability test 2026-10]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.problem import Severity
from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation

CODE = "T004"
NAME = "step-without-evidence"
SEVERITY = Severity.INFO
OPTIONS: dict[str, Any] = {"types": ["current-state", "day-in-the-life", "service-blueprint"]}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Steps without ``evidence`` on maps of the configured types."""
    if context.journey.type not in _helpers.merged(OPTIONS, options)["types"]:
        return
    for ref in _helpers.steps(context.journey):
        if not ref.step.evidence:
            yield Violation(
                ref.path,
                f"step '{ref.step.id}' cites no evidence",
                "add `evidence:` naming the research behind it (interview, observation, analytics, tickets)",
            )
