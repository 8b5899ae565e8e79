"""A step of a service blueprint lacks a frontstage or backstage lane.

A service blueprint exists to show what it takes to deliver each moment: what staff and systems do in
view of the customer (`frontstage`, above the line of visibility) and out of view (`backstage`). A
step without them is a journey-map step on a blueprint, and the hand-offs where services usually fail
stay hidden. The fix adds the missing lane as an empty placeholder (`backstage: []`) in lane order,
for you to fill in; `empty-lane` then reminds you until you do.

Options:
- `lanes` (default `[frontstage, backstage]`): the lanes every step must have; add
  `physical_evidence` and `support` for a complete blueprint.

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

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from cjmap.document import Path
from cjmap.problem import Severity
from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import Fix, LintContext, RoundTripData, Violation

CODE = "T002"
NAME = "missing-blueprint-lane"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"lanes": ["frontstage", "backstage"]}

MEANING: dict[str, str] = {
    "physical_evidence": "what the customer sees and touches",
    "frontstage": "what staff or systems do in view of the customer",
    "backstage": "what happens out of the customer's view",
    "support": "the support processes behind the step",
}
ANCHORS: tuple[str, ...] = ("emotion", "channel", "touchpoint", "description", "name", "id")
"""Keys after which a lane goes when the step has no other lane (first found wins)."""


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Steps of a service blueprint without one of the required lanes."""
    if context.journey.type != "service-blueprint":
        return
    required = [lane for lane in _helpers.LANES if lane in _helpers.merged(OPTIONS, options)["lanes"]]
    for ref in _helpers.steps(context.journey):
        for lane in required:
            if lane not in ref.step.model_fields_set:
                yield Violation(
                    ref.path,
                    f"blueprint step '{ref.step.id}' has no {lane} lane",
                    f"add `{lane}:` listing {MEANING[lane]}",
                    Fix(f"add an empty `{lane}: []` to fill in", _add_lane(ref.path, lane)),
                )


def _position(keys: list[Any], lane: str) -> int:
    """Where ``lane`` goes among a step's keys: in lane order, else after the step's headline keys."""
    order = _helpers.LANES.index(lane)
    before = [keys.index(other) for other in _helpers.LANES[:order] if other in keys]
    if before:
        return max(before) + 1
    after = [keys.index(other) for other in _helpers.LANES[order + 1:] if other in keys]
    if after:
        return min(after)
    for anchor in ANCHORS:
        if anchor in keys:
            return keys.index(anchor) + 1
    return len(keys)


def _add_lane(path: Path, lane: str) -> Callable[[RoundTripData], None]:
    def apply(data: RoundTripData) -> None:
        from ruamel.yaml.comments import CommentedSeq

        step = _helpers.node_at(data, path)
        if isinstance(step, Mapping) and lane not in step:
            _helpers.insert_key(step, lane, CommentedSeq(), _position(list(step), lane))

    return apply
