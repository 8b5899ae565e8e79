"""A key is written under its old name.

Some keys were renamed so that one word never means two things: `scope.goals` became
`scope.business_goals` (plain `goals` are the customer's, on the persona and on stages), and a
step's `evidence` became `research` (the blueprint lane `physical_evidence` is something else). The
old names still validate, so no map breaks, but they read as the thing they no longer mean, editors
mark them deprecated, and a later format version may drop them.

The fix renames the key where it stands, keeping its value, its comments and its place, in block
and flow mappings alike.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    scope:
      goals: [Raise mobile conversion to 60%]
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, emotion: 2, evidence: [Usability test 2026-10]}

Passes:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    scope:
      business_goals: [Raise mobile conversion to 60%]
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, emotion: 2, research: [Usability test 2026-10]}
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from cjmap.document import Path
from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import Fix, LintContext, RoundTripData, Violation
from cjmap.model import JourneyMap, Scope, Step, Strict
from cjmap.problem import Severity

CODE = "H005"
NAME = "deprecated-key"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def _places(journey: JourneyMap) -> Iterator[tuple[type[Strict], Path]]:
    """Every mapping of the map whose model renamed keys, with its data path."""
    if journey.scope is not None:
        yield Scope, ("scope",)
    for ref in _helpers.steps(journey):
        yield Step, ref.path


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Keys written under an old name (``Strict.RENAMED`` of each model)."""
    for model, path in _places(context.journey):
        written = _helpers.node_at(context.document.data, path)
        if not isinstance(written, Mapping):
            continue
        for old, new in model.RENAMED.items():
            if old in written:
                yield Violation(
                    (*path, old),
                    f"'{old}' is the old name of '{new}'",
                    f"rename it to '{new}'; the old name still works but reads as something else",
                    Fix(f"rename '{old}' to '{new}'", _rename(path, old, new)),
                    at_key=True,
                )


def _rename(path: Path, old: str, new: str) -> Callable[[RoundTripData], None]:
    def apply(data: RoundTripData) -> None:
        mapping = _helpers.node_at(data, path)
        if not isinstance(mapping, Mapping) or old not in mapping or new in mapping:
            return
        position = list(mapping).index(old)
        comment = mapping.ca.items.pop(old, None)  # type: ignore[attr-defined] # the comment after the value
        value = mapping.pop(old)  # type: ignore[attr-defined]
        mapping.insert(position, new, value)  # type: ignore[attr-defined]
        if comment is not None:
            mapping.ca.items[new] = comment  # type: ignore[attr-defined]

    return apply
