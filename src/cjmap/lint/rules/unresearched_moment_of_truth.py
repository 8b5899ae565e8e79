"""A moment of truth cites no research evidence.

Marking a step `moment_of_truth: true` claims that it decides how the customer judges the whole
service, and that claim steers where the team spends its effort. It should rest on research (the
interviews where customers named it, the churn or complaint data that shows it), not on the team's
hunch; a moment of truth without `research` is the most expensive assumption on the map. Unlike
`step-without-evidence` (T004), which reports once per map and leaves moments of truth to this rule,
each one is reported, and future-state maps are checked too: a moment the redesign centres on needs
the research that found it.

Options:
- `types` (default `[current-state, future-state, day-in-the-life, service-blueprint]`): the map types
  checked.

Fails:
    cjmap: 1
    id: energy
    title: Switching energy supplier
    type: current-state
    stages:
      - id: bill
        name: First bill
        steps:
          - id: first-bill
            name: Reads the first bill
            emotion: 2
            moment_of_truth: true

Passes:
    cjmap: 1
    id: energy
    title: Switching energy supplier
    type: current-state
    stages:
      - id: bill
        name: First bill
        steps:
          - id: first-bill
            name: Reads the first bill
            emotion: 2
            moment_of_truth: true
            research: [12 of 15 churn interviews name the first bill]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "I007"
NAME = "unresearched-moment-of-truth"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"types": ["current-state", "future-state", "day-in-the-life", "service-blueprint"]}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Steps marked as moments of truth without research evidence, on maps of the configured types."""
    if context.journey.type not in _helpers.merged(OPTIONS, options)["types"]:
        return
    for ref in _helpers.steps(context.journey):
        if ref.step.moment_of_truth and not _helpers.research(ref.step):
            yield Violation(
                ref.path,
                f"moment of truth '{ref.step.id}' cites no research evidence",
                "add `research:` naming the research that shows this moment decides the journey "
                "(interviews, churn or complaint data)",
            )
