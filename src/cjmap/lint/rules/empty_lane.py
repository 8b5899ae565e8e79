"""A lane of a step is present but empty.

A key such as `frontstage: []` or `backstage:` with nothing after it is a placeholder: someone meant
to fill the lane in and did not. Readers cannot tell "nothing happens here" from "not researched yet".
Fill the lane in, or remove the key; when nothing really happens in a lane, say so in words ("No
staff involved").

Lanes are the list-valued rows of a step: `actions`, `thoughts`, `research`, `pain_points`,
`opportunities`, `kpis`, the blueprint lanes `physical_evidence`, `frontstage`, `backstage`, `support`,
and `people`, `policies`, `technologies`, `processes`.

Fails:
    cjmap: 1
    id: cafe
    title: Ordering a coffee
    type: service-blueprint
    stages:
      - id: order
        name: Order
        steps:
          - id: counter
            name: Orders at the counter
            emotion: 4
            frontstage: [Cashier takes the order]
            backstage: []

Passes:
    cjmap: 1
    id: cafe
    title: Ordering a coffee
    type: service-blueprint
    stages:
      - id: order
        name: Order
        steps:
          - id: counter
            name: Orders at the counter
            emotion: 4
            frontstage: [Cashier takes the order]
            backstage: [Kitchen screen shows the ticket]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.model import Step
from cjmap.problem import Severity

CODE = "S007"
NAME = "empty-lane"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}

STEP_LANES: tuple[str, ...] = (
    "actions", "thoughts", "research", "pain_points", "opportunities", "kpis",
    *_helpers.LANES, "people", "policies", "technologies", "processes",
)


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Lanes written as ``[]`` or left without a value."""
    for ref in _helpers.steps(context.journey):
        written = ref.step.model_fields_set
        data = _helpers.node_at(context.document.data, ref.path)
        for lane in STEP_LANES:
            if lane in written and not getattr(ref.step, lane):
                key = _written_key(data, lane)
                yield Violation(
                    (*ref.path, key),
                    f"lane '{key}' of step '{ref.step.id}' is empty",
                    "fill it in, or remove the key until there is something to say",
                    at_key=True,
                )


_OLD_NAMES: dict[str, str] = {new: old for old, new in Step.RENAMED.items()}


def _written_key(data: Any, lane: str) -> str:
    """The key the lane is written under: its name, or the old name (``evidence``) an older map still uses."""
    old = _OLD_NAMES.get(lane)
    if old is not None and isinstance(data, Mapping) and lane not in data and old in data:
        return old
    return lane
