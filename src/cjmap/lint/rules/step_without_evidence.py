"""A step of a map that describes today cites no evidence.

A current-state map, a day in the life or a blueprint claims to show what really happens. A step
with no `research` (an interview, an observation, analytics, a support ticket) is an assumption that
looks like a finding, and its emotion score is a guess. Future-state maps are exempt by default: they
describe what the team intends.

A draft often has no evidence on most steps, so the rule reports once per map, not once per step: at
the first step without evidence, with how many there are and the first few of them. Moments of truth
are left out: `unresearched-moment-of-truth` (I007) reports each of them as a warning.

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
          - {id: card, name: Enters card details, emotion: 2, research: [Usability test 2026-10]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "T004"
NAME = "step-without-evidence"
SEVERITY = Severity.INFO
OPTIONS: dict[str, Any] = {"types": ["current-state", "day-in-the-life", "service-blueprint"]}

SHOWN = 3
"""How many of the steps without evidence a message names."""


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """One finding per map of the configured types, at its first step without evidence."""
    if context.journey.type not in _helpers.merged(OPTIONS, options)["types"]:
        return
    # Moments of truth are I007's, one warning each; counting them here too would report them twice.
    every = list(_helpers.steps(context.journey))
    steps = [ref for ref in every if not ref.step.moment_of_truth]
    bare = [ref for ref in steps if not _helpers.research(ref.step)]
    aside = " (moments of truth aside)" if len(steps) < len(every) else ""
    if not bare:
        return
    names = [ref.step.id for ref in bare[:SHOWN]]
    if len(bare) > SHOWN:
        listed = ", ".join(f"'{name}'" for name in names) + f" and {len(bare) - SHOWN} more"
    else:
        listed = _helpers.quoted(names)
    yield Violation(
        bare[0].path,
        f"{len(bare)} of {len(steps)} step{'' if len(steps) == 1 else 's'}{aside} "
        f"{'cites' if len(bare) == 1 else 'cite'} no evidence: {listed}",
        "add `research:` to each, naming the research behind it (interview, observation, analytics, tickets)",
    )
