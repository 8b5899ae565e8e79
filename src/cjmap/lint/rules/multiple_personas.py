"""The map follows more than one persona.

A journey map follows one persona through one scenario. With two, every emotion score and pain point
is an average of two people, which is nobody's experience: the new customer's confusion and the
regular's impatience blur into "mildly unhappy". Make one map per persona (they can share stages and
be compared with `cjmap diff`); put other people who take part in the `actors` catalogue.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    persona:
      - {name: "Ana, the first-time buyer"}
      - {name: "Ben, the returning customer"}
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
    persona:
      name: Ana, the first-time buyer
    actors:
      ben: Ben, her partner
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, emotion: 2, actors: [ben]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.model import Persona
from cjmap.problem import Severity

CODE = "R004"
NAME = "multiple-personas"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Maps whose ``persona`` list holds more than one entry."""
    personas = context.journey.persona
    if len(personas) > 1:
        names = _helpers.quoted([entry.name if isinstance(entry, Persona) else entry for entry in personas])
        yield Violation(
            ("persona",),
            f"the map follows {len(personas)} personas ({names})",
            "make one map per persona; put other people who take part under `actors:`",
            at_key=True,
        )
