"""A step scores below neutral but records no pain point.

A dip in the curve says the persona is unhappy; the pain point says why. Without it, the team sees
that something hurts but not what to fix, and the low score cannot be checked against research.
Record what goes wrong at the step under `pain_points`.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, emotion: 1}

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
              - {id: card-declined, text: The card is declined without a reason, severity: high}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "I003"
NAME = "low-emotion-without-pain-point"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Steps scored below the scale's neutral with no ``pain_points``."""
    scale = context.journey.scale
    for ref in _helpers.steps(context.journey):
        emotion = ref.step.emotion
        if emotion is not None and emotion.score < scale.neutral and not ref.step.pain_points:  # type: ignore[operator]
            yield Violation(
                (*ref.path, "emotion"),
                f"step '{ref.step.id}' scores {emotion.score}, below neutral ({scale.neutral}), "
                "but records no pain point",
                "add what goes wrong under `pain_points`, with a severity",
            )
