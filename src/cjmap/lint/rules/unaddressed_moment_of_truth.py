"""A moment of truth scores below neutral and no opportunity addresses it.

A moment of truth (`moment_of_truth: true`) is a step that decides how the customer judges the whole
service: the first bill, the delivery that does not come, the call to cancel. When such a moment goes
badly, it is where an improvement pays off most, so a map that marks it and scores it below neutral
should also say what the team will do about it. An opportunity counts when it stands on the step
itself, or anywhere in the map when it addresses one of the step's pain points by id.

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
            emotion: 1
            moment_of_truth: true
            pain_points:
              - {id: estimated, text: The bill is an estimate twice the quote, severity: high}

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
            emotion: 1
            moment_of_truth: true
            pain_points:
              - {id: estimated, text: The bill is an estimate twice the quote, severity: high}
            opportunities:
              - {id: read-meter, text: Ask for a meter reading before the first bill, addresses: [estimated]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "I006"
NAME = "unaddressed-moment-of-truth"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Moments of truth below the scale's neutral with no opportunity on the step or addressing its pains."""
    scale = context.journey.scale
    addressed = _helpers.pain_point_ids(context.journey, "opportunities")
    for ref in _helpers.steps(context.journey):
        step, emotion = ref.step, ref.step.emotion
        if not step.moment_of_truth or emotion is None or not emotion.score < scale.neutral:  # type: ignore[operator]
            continue
        if step.opportunities or any(pain.id in addressed for pain in step.pain_points if pain.id is not None):
            continue
        yield Violation(
            (*ref.path, "moment_of_truth"),
            f"moment of truth '{step.id}' scores {emotion.score}, below neutral ({scale.neutral}), "
            "and no opportunity addresses it",
            "add an opportunity under `opportunities` saying what would turn this moment around, with an owner",
            at_key=True,
        )
