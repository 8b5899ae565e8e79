"""A step has no emotion score.

The emotion curve is what makes a journey map more than a process diagram: it shows where the
persona struggles and where they are delighted. A step without a score leaves a hole in the curve,
and analytics (lowest moment, peak-end, time below neutral) silently skip it. Score every step on the
map's scale, from research rather than guesswork.

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
          - {id: confirm, name: Reads the confirmation}

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
          - {id: confirm, name: Reads the confirmation, emotion: 4}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "S003"
NAME = "step-without-emotion"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Steps without ``emotion``."""
    hint = f"add `emotion:` with a score on the map's scale, {context.journey.scale.describe()}"
    for ref in _helpers.steps(context.journey):
        if ref.step.emotion is None:
            yield Violation(ref.path, f"step '{ref.step.id}' has no emotion score", hint)
