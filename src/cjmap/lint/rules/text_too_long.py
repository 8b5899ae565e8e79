"""A text is long enough to be clipped when the map is rendered.

Rendered maps put names and texts in fixed-width cells: the HTML grid, Mermaid task boxes, slide
exports. A step name of a hundred characters is clipped or wraps into an unreadable column, and the
key words are often at the end. Keep names short and move detail into `description`.

Names are the map title, stage and step names, KPI names and emotion labels; texts are pain points,
opportunities, actions, thoughts, touchpoints and the blueprint lanes. Descriptions and research
are rendered as running text and are not checked.

Options:
- `max-name-length` (default `60`): the longest name, in characters.
- `max-text-length` (default `160`): the longest text, in characters.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - id: card
            name: Enters her card details into the payment form, which rejects spaces and dashes
            emotion: 2

Passes:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - id: card
            name: Enters her card details
            description: The payment form rejects spaces and dashes in the card number.
            emotion: 2
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from cjmap.document import Path
from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.model import Opportunity, PainPoint
from cjmap.problem import Severity

CODE = "H002"
NAME = "text-too-long"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"max-name-length": 60, "max-text-length": 160}

TEXT_LISTS: tuple[str, ...] = ("actions", "thoughts", *_helpers.LANES)


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Names and texts longer than the configured limits, in map order."""
    settings = _helpers.merged(OPTIONS, options)
    limits = {True: int(settings["max-name-length"]), False: int(settings["max-text-length"])}
    for path, what, text, is_name in _texts(context):
        limit = limits[is_name]
        if len(text) > limit:
            yield Violation(
                path,
                f"{what} is {len(text)} characters long; renderings clip it after {limit}",
                "move the detail into `description`" if is_name else "shorten it; split it if it says two things",
            )


def _texts(context: LintContext) -> Iterator[tuple[Path, str, str, bool]]:
    """(path, what it is, text, whether it is a name) for every checked text, in map order."""
    journey, data = context.journey, context.document.data
    yield ("title",), "the title", journey.title, True
    for s, stage in enumerate(journey.stages):
        yield ("stages", s, "name"), f"the name of stage '{stage.id}'", stage.name, True
        for t, step in enumerate(stage.steps):
            base: Path = ("stages", s, "steps", t)
            at = f"at step '{step.id}'"
            yield (*base, "name"), f"the name of step '{step.id}'", step.name, True
            if step.touchpoint:
                yield (*base, "touchpoint"), f"the touchpoint {at}", step.touchpoint, False
            if step.emotion is not None and step.emotion.label is not None:
                yield (*base, "emotion", "label"), f"the emotion label {at}", step.emotion.label, True
            for field in TEXT_LISTS:
                # `actions: Reads the page` is short for a list of one
                single = isinstance(_helpers.node_at(data, (*base, field)), str)
                for i, text in enumerate(getattr(step, field) or []):
                    path = (*base, field) if single else (*base, field, i)
                    yield path, f"an entry of {field} {at}", text, False
            entities: tuple[tuple[str, str, Sequence[PainPoint | Opportunity]], ...] = (
                ("pain_points", "a pain point", step.pain_points),
                ("opportunities", "an opportunity", step.opportunities))
            for field, kind, items in entities:
                for i, item in enumerate(items):
                    path = (*base, field, i)
                    if isinstance(_helpers.node_at(data, path), Mapping):
                        path = (*path, "text")  # not the short form `- Slow page`
                    yield path, f"{kind} {at}", item.text, False
            for i, kpi in enumerate(step.kpis):
                yield (*base, "kpis", i, "name"), f"a KPI name {at}", kpi.name, True
