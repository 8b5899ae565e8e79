"""Stages and steps have no written id.

Stages and steps may leave out `id`: it is derived from the name ("Fills in the form" gets
`fills-in-the-form`, «Примеряет платье дома» `primeryaet-plate-doma`), so a first draft written
Mermaid-style, names and scores only, is a valid map. But a derived id changes when the name does:
renaming a step then looks like one step removed and another added to `cjmap diff` and
`score --compare`, and links to it break. Writing the ids down keeps them stable once the map is
shared.

Ids are optional, so the rule reports once per map, not once per stage and step: at the first stage
or step without a written id, with how many there are and the first few of them. The fix writes every
derived id as the first key of its stage or step, so nothing changes but that the ids are now
written. A stage or step whose name has no letter or digit (emoji only) is left out: its id could
only come from its position, and `positional-id` (R008) asks for a meaningful one instead.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - name: Pay
        steps:
          - {name: Enters card details, emotion: 2}

Passes:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: enters-card-details, name: Enters card details, emotion: 2}
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from cjmap.document import Path
from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import Fix, LintContext, RoundTripData, Violation
from cjmap.model import Stage, Step
from cjmap.problem import Severity

CODE = "R007"
NAME = "unwritten-id"
SEVERITY = Severity.INFO
OPTIONS: dict[str, Any] = {}

SHOWN = 3
"""How many of the stages and steps without a written id a message names."""


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """One finding per map, at its first stage or step whose id is derived from its name."""
    unwritten: list[tuple[Path, Stage | Step]] = []
    for s, stage in enumerate(context.journey.stages):
        unwritten += [(("stages", s), stage)] if _derived_from_name(stage) else []
        unwritten += [(("stages", s, "steps", t), step) for t, step in enumerate(stage.steps)
                      if _derived_from_name(step)]
    if not unwritten:
        return
    count = len(unwritten)
    listed = ", ".join(f"'{entity.id}'" for _, entity in unwritten[:SHOWN])
    if count > SHOWN:
        listed += f" and {count - SHOWN} more"
    them = "it" if count == 1 else f"all {count}"
    yield Violation(
        unwritten[0][0],
        f"{_counted(unwritten)} {'has' if count == 1 else 'have'} no written id (derived from the name): {listed}",
        f"write the ids down (`cjmap lint --fix` writes {them}) so that renaming keeps diffs, comparisons and "
        "links",
        Fix(f"write {count} derived id{'' if count == 1 else 's'}", _insert_ids(unwritten)),
    )


def _derived_from_name(entity: Stage | Step) -> bool:
    return not entity.id_written and not entity.id_positional


def _counted(unwritten: list[tuple[Path, Stage | Step]]) -> str:
    """'1 step', '2 stages and 11 steps' …: what the list holds."""
    stages = sum(1 for _, entity in unwritten if isinstance(entity, Stage))
    steps = len(unwritten) - stages
    counts = [(stages, "stage"), (steps, "step")]
    return " and ".join(f"{n} {kind}{'' if n == 1 else 's'}" for n, kind in counts if n)


def _insert_ids(unwritten: list[tuple[Path, Stage | Step]]) -> Callable[[RoundTripData], None]:
    def apply(data: RoundTripData) -> None:
        for path, entity in unwritten:
            item = _helpers.node_at(data, path)
            if isinstance(item, Mapping) and "id" not in item:
                item.insert(0, "id", entity.id)  # type: ignore[attr-defined]

    return apply
