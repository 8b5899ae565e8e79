"""An actor is declared in the catalogue but takes part in no step.

The `actors` catalogue lists the other people in the persona's journey (a partner, a colleague, the
children). An actor who appears in no step is either left over or a sign that their moments were not
mapped, such as the partner who actually makes the purchase decision.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    actors:
      partner: Partner
      kids: Children
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, emotion: 2, actors: [partner]}

Passes:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    actors:
      partner: Partner
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, emotion: 2, actors: [partner]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "R005"
NAME = "unused-actor"
SEVERITY = Severity.INFO
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Catalogue actors that no step names."""
    used = {actor for ref in _helpers.steps(context.journey) for actor in ref.step.actors}
    for actor_id in context.journey.actors:
        if actor_id not in used:
            yield Violation(
                ("actors", actor_id),
                f"actor '{actor_id}' is declared but takes part in no step",
                f"add `actors: [{actor_id}]` to the steps they take part in, or remove them from `actors:`",
                at_key=True,
            )
