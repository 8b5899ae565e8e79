"""A stage or step has an id that could only come from its position.

A stage or step written without `id` gets one derived from its name, in any script (`Pays by card`
gives `pays-by-card`, «Оплачивает картой» `oplachivaet-kartoy`, «Πληρώνει» `plironei`). A name with
no letter or digit at all, such as an emoji or punctuation only, gives nothing to derive from, so the
id falls back to the position: `stage-2`, `step-7`. Such an id says nothing, changes as soon as a step
is added above it, and would pair unrelated steps of two maps; so `cjmap score --compare`, `cjmap
diff` and the baseline curve of `cjmap render` never pair a positional id with a step of another map.

Write an id that says what the stage or step is. There is no automatic fix: only you know what the
emoji stands for (`unwritten-id` (R007) writes the ids derived from names, not these).

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
          - {name: 🎉, emotion: 5}

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
          - {id: paid, name: 🎉, emotion: 5}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.document import Path
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.model import Stage, Step
from cjmap.problem import Severity

CODE = "R008"
NAME = "positional-id"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Stages and steps whose derived id comes from their position, their name giving no slug."""
    for s, stage in enumerate(context.journey.stages):
        if stage.id_positional:
            yield _violation("stage", stage, ("stages", s))
        for t, step in enumerate(stage.steps):
            if step.id_positional:
                yield _violation("step", step, ("stages", s, "steps", t))


def _violation(kind: str, entity: Stage | Step, path: Path) -> Violation:
    return Violation(
        path,
        f"{kind} '{entity.name}' has the id '{entity.id}' from its position: its name has no letter or digit",
        f"write an id that says what the {kind} is, e.g. `id: paid`; a positional id changes when {kind}s are "
        "added and is never paired with another map's (score --compare, diff, baseline curve)",
    )
