"""A stage or step has no written id.

Stages and steps may leave out `id`: it is derived from the name ("Fills in the form" gets
`fills-in-the-form`), so a first draft written Mermaid-style, names and scores only, is a valid map.
But a derived id changes when the name does: renaming a step then looks like one step removed and
another added to `cjmap diff` and `score --compare`, and links to it break. Writing the ids down
keeps them stable once the map is shared.

The fix writes the derived id as the first key of the stage or step, so nothing changes but that it
is now written.

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

from cjmap import ids
from cjmap.document import Path
from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import Fix, LintContext, RoundTripData, Violation
from cjmap.problem import Severity

CODE = "R007"
NAME = "unwritten-id"
SEVERITY = Severity.INFO
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Stages and steps whose id is derived from their name."""
    for s, stage in enumerate(context.journey.stages):
        if not stage.id_written:
            yield _violation("stage", stage.name, stage.id, ("stages", s))
        for t, step in enumerate(stage.steps):
            if not step.id_written:
                yield _violation("step", step.name, step.id, ("stages", s, "steps", t))


def _violation(kind: str, name: str, derived: str, path: Path) -> Violation:
    source = "name" if ids.slugify(name) else "position"  # a name in another script gives no slug
    return Violation(
        path,
        f"{kind} '{name}' has no written id (it is '{derived}', from its {source})",
        f"write `id: {derived}` so that renaming the {kind} keeps diffs, comparisons and links",
        Fix(f"add `id: {derived}`", _insert_id(path, derived)),
    )


def _insert_id(path: Path, new_id: str) -> Callable[[RoundTripData], None]:
    def apply(data: RoundTripData) -> None:
        item = _helpers.node_at(data, path)
        if isinstance(item, Mapping) and "id" not in item:
            item.insert(0, "id", new_id)  # type: ignore[attr-defined]

    return apply
