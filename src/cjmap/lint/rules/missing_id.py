"""A pain point, opportunity or KPI has no id.

The format lets pain points, opportunities and KPIs omit `id` so that a first draft is quick to
write, but every list entity of a finished map should have a stable id: opportunities and KPIs point
at pain points by id (`addresses: [vat-first]`), `cjmap diff` follows an entity across renames and
reordering by its id, and tickets and dashboards can link to it.

A pain point without an id gets this one finding: `unaddressed-pain-point` (I001) and
`unmeasured-pain-point` (I004) cannot tell whether anything addresses it, so they wait until it has an
id. This finding is the one to act on first, and the fix gives the id; those rules may then speak up.

The fix generates a short id from the text or name, by the same rule as the ids derived for stages
and steps (other scripts transliterated, accents dropped) but with at most five words and without
English stopwords ("The form asks for a VAT number" becomes `form-asks-vat-number`, "Café opens late"
`cafe-opens-late`, «Долго ждёт курьера» `dolgo-zhdet-kurera`), unique within the map, and inserts it as the first key. A pain point or
opportunity written in the short form (`- Slow page`) becomes `- {id: slow-page, text: Slow page}`
on the same line; multi-line texts are left for you to change.

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
            name: Enters card details
            emotion: 2
            pain_points:
              - The card form rejects spaces

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
            name: Enters card details
            emotion: 2
            pain_points:
              - {id: card-spaces, text: The card form rejects spaces}
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from cjmap import ids
from cjmap.document import Path
from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import Fix, LintContext, RoundTripData, Violation
from cjmap.problem import Severity

CODE = "R006"
NAME = "missing-id"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}

KINDS: tuple[tuple[str, str, str], ...] = (
    ("pain_points", "pain point", "pain-point"),
    ("opportunities", "opportunity", "opportunity"),
    ("kpis", "KPI", "kpi"),
)


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Pain points, opportunities and KPIs without ``id``."""
    fresh = ids.Allocator(_helpers.all_ids(context.journey))
    for ref in _helpers.steps(context.journey):
        for field, kind, fallback in KINDS:
            for i, item in enumerate(getattr(ref.step, field)):
                if item.id is not None:
                    continue
                path = (*ref.path, field, i)
                new_id = fresh.new(getattr(item, "text", None) or item.name, fallback, short=True)
                written = _helpers.node_at(context.document.data, path)
                fix = None
                if isinstance(written, Mapping):
                    fix = Fix(f"add `id: {new_id}`", _insert_id(path, new_id))
                elif isinstance(written, str) and "\n" not in written:
                    fix = Fix(f"write it as `{{id: {new_id}, text: ...}}`", _expand(path, new_id))
                why = ("opportunities and KPIs can only address it by id" if field == "pain_points"
                       else "references and diffs rely on ids")
                yield Violation(
                    path,
                    f"{kind} {_helpers.describe(item)} of step '{ref.step.id}' has no id",
                    f"give it a stable slug id such as `id: {new_id}`; {why}",
                    fix,
                )


def _insert_id(path: Path, new_id: str) -> Callable[[RoundTripData], None]:
    def apply(data: RoundTripData) -> None:
        item = _helpers.node_at(data, path)
        if isinstance(item, Mapping) and "id" not in item:
            item.insert(0, "id", new_id)  # type: ignore[attr-defined]

    return apply


def _expand(path: Path, new_id: str) -> Callable[[RoundTripData], None]:
    def apply(data: RoundTripData) -> None:
        from ruamel.yaml.comments import CommentedMap

        items = _helpers.node_at(data, path[:-1])
        index = path[-1]
        if isinstance(items, list) and 0 <= index < len(items) and isinstance(items[index], str):
            entity = CommentedMap()
            entity["id"] = new_id
            entity["text"] = items[index]  # keeps its quoting style
            entity.fa.set_flow_style()  # one line stays one line, end-of-line comment included
            items[index] = entity

    return apply
