"""The journey ends below neutral.

People judge an experience largely by its most intense moment and by how it ends (the peak-end
rule): a journey that ends unhappy is remembered as unhappy, whatever came before. A current-state
map that ends below neutral marks the ending as a priority; a future-state map that still does
should explain why. The last step with an emotion counts.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, emotion: 3}
          - {id: wait, name: Waits for the confirmation email, emotion: 2}

Passes:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, emotion: 2}
          - {id: confirm, name: Gets the confirmation at once, emotion: 4}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "C003"
NAME = "ends-below-neutral"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Maps whose last scored step lies below the scale's neutral."""
    scored = _helpers.scored_steps(context.journey)
    if scored and scored[-1][1] < 0:
        last = scored[-1][0]
        yield Violation(
            (*last.path, "emotion"),
            f"the journey ends below neutral: step '{last.step.id}' scores {last.step.emotion.score} "  # type: ignore[union-attr]
            f"(neutral {context.journey.scale.neutral})",
            "people remember how an experience ends; find an opportunity for the ending, or map "
            "the steps that follow",
        )
