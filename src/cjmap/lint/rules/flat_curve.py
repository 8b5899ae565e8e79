"""Every scored step has the same emotion.

No real journey feels the same from start to finish. A perfectly flat curve usually means the scores
were filled in as a placeholder ("3 everywhere") rather than researched, and every analysis built on
the curve (lowest moment, peak-end, valleys) then reports nothing. Score the steps from research.

Options:
- `min-steps` (default `3`): only curves with at least this many scored steps are judged; two equal
  scores in a row are no evidence of anything.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: basket, name: Reviews the basket, emotion: 3}
          - {id: card, name: Enters card details, emotion: 3}
          - {id: confirm, name: Reads the confirmation, emotion: 3}

Passes:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: basket, name: Reviews the basket, emotion: 3}
          - {id: card, name: Enters card details, emotion: 2}
          - {id: confirm, name: Reads the confirmation, emotion: 4}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "C002"
NAME = "flat-curve"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"min-steps": 3}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Maps whose scored steps (at least ``min-steps`` of them) all share one score."""
    minimum = int(_helpers.merged(OPTIONS, options)["min-steps"])
    scored = _helpers.scored_steps(context.journey)
    if len(scored) >= max(minimum, 2) and len({value for _, value in scored}) == 1:
        first = scored[0][0]
        yield Violation(
            ("stages",),
            f"all {len(scored)} scored steps have the same emotion ({first.step.emotion.score}): "  # type: ignore[union-attr]
            "the curve is flat",
            "score each step from research; a flat curve usually means placeholder scores",
            at_key=True,
        )
