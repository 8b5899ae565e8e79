"""An opportunity id is written in several maps with a different owner or text.

An opportunity id names one piece of work, and `cjmap backlog` merges every step that writes it into one
backlog item, wherever it stands. When two maps give the id a different owner, or a different text, the
backlog cannot tell which is right: the item shows a conflict, and two teams may each think the work is theirs
(or the other's). Agree on one owner and one text, or give the two opportunities different ids.

This is a project rule: it compares the opportunities of every map of a lint run (found in each map where the
id is written), so it needs the other maps too, e.g. `cjmap lint --select P004 .`. It is opt-in. Texts are
compared ignoring case, spacing and final punctuation; an owner written in one map only is no conflict. Another
map of the run, for the example:

    opportunities: [{id: wallet, text: Offer Apple Pay, owner: payments-team}]

Fails:
    cjmap: 1
    id: checkout
    title: Checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - id: card
            name: Types the card number
            emotion: 2
            opportunities: [{id: wallet, text: Offer Apple Pay, owner: web-team}]

Passes:
    cjmap: 1
    id: checkout
    title: Checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - id: card
            name: Types the card number
            emotion: 2
            opportunities: [{id: wallet, text: Offer Apple Pay, owner: payments-team}]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from cjmap.document import Document
from cjmap.document import Path as DataPath
from cjmap.lint.rules.base import LintContext, ProjectContext, ProjectViolation, Violation
from cjmap.portfolio.digest import text_key
from cjmap.problem import Severity

CODE = "P004"
NAME = "opportunity-conflict"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}
PROJECT = True
OPT_IN = True


@dataclass(frozen=True, kw_only=True)
class _Written:
    file: str
    document: Document
    path: DataPath
    text: str
    owner: str | None


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Nothing on one map: see :func:`check_project`."""
    return iter(())


def applies(context: ProjectContext) -> bool:
    """Whether the run can hold a finding (asked before any map is read): always."""
    return True


def check_project(context: ProjectContext, options: Mapping[str, Any]) -> Iterator[ProjectViolation]:
    """Every place an opportunity id is written whose owner or text another map writes differently."""
    by_id: dict[str, list[_Written]] = {}
    for map_ in context.maps:
        for written_id, found in _opportunities(map_.file, map_.document):
            by_id.setdefault(written_id, []).append(found)
    for written_id, places in by_id.items():
        if len({place.file for place in places}) < 2:
            continue  # within one map, validation reports a duplicate id
        for place in places:
            others = [other for other in places if other.file != place.file]
            differ = [other for other in others
                      if text_key(other.text) != text_key(place.text)
                      or (other.owner and place.owner and other.owner != place.owner)]
            if not differ:
                continue
            other = differ[0]
            what = ("owner" if other.owner and place.owner and other.owner != place.owner else "text")
            said = other.owner if what == "owner" else other.text
            yield ProjectViolation(
                file=place.file, location=place.document.value_location(place.path),
                pointer=place.document.pointer(place.path),
                message=f"opportunity '{written_id}' has another {what} in {other.file}: {said!r}",
                hint="give the opportunity one owner and one text in every map, or give different work "
                     "different ids")


def _opportunities(file: str, document: Document) -> Iterator[tuple[str, _Written]]:
    """Each opportunity with an id, as written (the document may hold anything: every value is checked)."""
    stages = document.data.get("stages")
    for s, stage in enumerate(stages if isinstance(stages, list) else []):
        steps = stage.get("steps") if isinstance(stage, dict) else None
        for i, step in enumerate(steps if isinstance(steps, list) else []):
            items = step.get("opportunities") if isinstance(step, dict) else None
            for o, item in enumerate(items if isinstance(items, list) else []):
                if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                    continue
                text, owner = item.get("text"), item.get("owner")
                yield item["id"], _Written(file=file, document=document,
                                           path=("stages", s, "steps", i, "opportunities", o, "id"),
                                           text=text if isinstance(text, str) else "",
                                           owner=owner if isinstance(owner, str) and owner else None)
