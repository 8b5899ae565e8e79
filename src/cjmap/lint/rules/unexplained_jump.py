"""The emotion curve jumps between adjacent steps with no evidence behind the jump.

Real journeys do swing: a declined card turns a calm checkout into panic. But a large swing is
exactly the kind of claim a reader should be able to check, and a sudden jump on a map without
research is usually a guess, or a missing step in between. The rule compares each scored step with
the previous scored step (steps without an emotion are skipped) and asks for `research` on the step
where the curve lands.

Options:
- `threshold` (default `1.0`): the largest change allowed without evidence, in normalised units:
  the scale's neutral is 0, its minimum -1 and its maximum +1, so maps on different scales share one
  setting. A jump must be larger than the threshold to be reported. With the default, on a 1..5 or
  -2..2 scale a change of more than 2 points is reported (1 to 4, -2 to 1); on a 1..10 scale
  (neutral 5.5), more than 4.5 points. One scale point is 2 / (max - min) normalised units on an
  evenly split scale: 0.5 on 1..5 and -2..2, about 0.22 on 1..10.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, emotion: 4, research: [Usability test 2026-10]}
          - {id: declined, name: Sees the card declined, emotion: 1}

Passes:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, emotion: 4, research: [Usability test 2026-10]}
          - {id: declined, name: Sees the card declined, emotion: 1, research: [Payment logs 2026-10]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "C001"
NAME = "unexplained-jump"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"threshold": 1.0}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Adjacent scored steps whose normalised scores differ by more than ``threshold``, without evidence."""
    threshold = float(_helpers.merged(OPTIONS, options)["threshold"])
    scored = _helpers.scored_steps(context.journey)
    for (before, was), (after, now) in zip(scored, scored[1:]):
        change = now - was
        if abs(change) > threshold and not _helpers.research(after.step):
            direction = "rises" if change > 0 else "drops"
            yield Violation(
                (*after.path, "emotion"),
                f"the curve {direction} from {before.step.emotion.score} at step '{before.step.id}' to "  # type: ignore[union-attr]
                f"{after.step.emotion.score} at step '{after.step.id}' ({abs(change):.2f} normalised, "  # type: ignore[union-attr]
                f"more than the threshold {threshold:g}) with no evidence",
                f"add `research:` to step '{after.step.id}' (the interview, test or data that shows the change), "
                "check the score, or map the moment in between",
            )
