"""A change as a sentence for designers: ``step “Calls to book” renamed to “Books by phone” (stage Booking)``.

The text and Markdown formats (and the GitHub notices) say what changed in the map's own names; the JSON keeps
the ids and paths. A sentence is a tuple of parts: cjmap's own words as plain strings, map text as
:class:`Name`, which each format quotes and escapes its own way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cjmap.diff.model import ADDED, MODIFIED, MOVED, ORDER_CHANGED, REMOVED, RENAMED, Change, Subject
from cjmap.matching import kept_in_order

MAX_VALUE = 200
"""A value longer than this is cut with '…' (JSON keeps it whole)."""

KIND_WORDS = {"pain_point": "pain point", "kpi": "KPI", "stages": "stages", "steps": "steps"}
"""What a subject's kind is called, where it is not the kind itself."""
FIELD_WORDS = {"emotion/score": "emotion", "emotion/label": "emotion label", "moment_of_truth": "moment of truth"}
"""What a field is called, where its path with spaces for ``/`` and ``_`` would read badly."""


@dataclass(frozen=True)
class Name:
    """Map text in a sentence: a name (``strong``: quoted or emphasised) or a context name said plainly."""

    text: str
    strong: bool = True


Part = str | Name
Sentence = tuple[Part, ...]


def sentence(change: Change, *, with_stage: bool = True) -> Sentence:
    """What ``change`` did, in the map's names; ``with_stage`` adds the stage it happened in (formats that
    group changes by stage leave it out)."""
    subject = change.subject
    if subject is None:  # a change built without names: its path says what it is
        return (change.kind, " ", change.entity, " ", Name(change.path, strong=False))
    words: list[Part]
    if change.entity == "field":
        words = _field(change, subject)
    elif change.kind == ORDER_CHANGED:
        words = _order(change, subject)
    elif change.kind == RENAMED:
        words = [_kind(subject.kind), " ", Name(_text(change.before)), " renamed to ", Name(_text(change.after))]
    elif change.kind == MOVED:
        place = "stage" if subject.kind == "step" else "step"
        words = [*_named(subject), f" moved from {place} ", Name(subject.before[0], strong=False),
                 f" to {place} ", Name(subject.after[0], strong=False)]
        return tuple(words + _context(subject, with_stage=with_stage and subject.kind != "step", step=False))
    elif change.kind == ADDED:
        words = [*_named(subject), " added", *_details(change.after)]
    elif change.kind == REMOVED:
        words = [*_named(subject), " removed", *_details(change.before)]
    else:  # the scale as a whole, described in cjmap's words ("1..5 (neutral 3)")
        words = [_kind(subject.kind), " changed from ", Name(_text(change.before), strong=False), " to ",
                 Name(_text(change.after), strong=False)]
    return tuple(words + _context(subject, with_stage=with_stage))


def plain(parts: Sentence) -> str:
    """A sentence as plain text, names in “quotes” (for tests and places that take a string)."""
    return "".join(part if isinstance(part, str) else f"“{part.text}”" if part.strong else part.text
                   for part in parts)


def _kind(kind: str) -> str:
    return KIND_WORDS.get(kind, kind)


def _named(subject: Subject) -> list[Part]:
    """``step “Pays”``; the map by its title."""
    return [_kind(subject.kind), " ", Name(subject.name)] if subject.name else [_kind(subject.kind)]


def _context(subject: Subject, *, with_stage: bool, step: bool = True) -> list[Part]:
    """`` (step Pays, stage Buy)``: where an item or step is, said plainly after the sentence."""
    places: list[list[Part]] = []
    if step and subject.step:
        places.append(["step ", Name(subject.step, strong=False)])
    if with_stage and subject.stage:
        places.append(["stage ", Name(subject.stage, strong=False)])
    if not places:
        return []
    out: list[Part] = [" ("]
    for index, place in enumerate(places):
        out += ([", "] if index else []) + place
    return [*out, ")"]


def _field(change: Change, subject: Subject) -> list[Part]:
    """``emotion of step “Pays” changed from 2 to 4``; map fields by their name alone (``title changed …``)."""
    lane = subject.field.removeprefix("lanes/") if subject.field.startswith("lanes/") else None
    field: list[Part] = (["lane ", Name(lane, strong=False)] if lane is not None
                         else [FIELD_WORDS.get(subject.field) or subject.field.replace("/", " ").replace("_", " ")])
    owner: list[Part] = field if subject.kind == "map" else [*field, " of ", *_named(subject)]
    if change.kind == ADDED:
        return [*owner, " set to ", *_value(change.after)]
    if change.kind == REMOVED:
        return [*owner, " removed (was ", *_value(change.before), ")"]
    assert change.kind == MODIFIED
    return [*owner, " changed from ", *_value(change.before), " to ", *_value(change.after)]


def _order(change: Change, subject: Subject) -> list[Part]:
    """Two items that changed places are a swap; one item taken elsewhere a move; anything else the new order."""
    old_ids: Sequence[str] = change.before
    new_ids: Sequence[str] = change.after
    names = dict(zip(old_ids, subject.before)) | dict(zip(new_ids, subject.after))
    one = _kind(subject.kind)[:-1]
    differ = [index for index, (old, new) in enumerate(zip(old_ids, new_ids)) if old != new]
    if len(differ) == 2 and old_ids[differ[0]] == new_ids[differ[1]] and old_ids[differ[1]] == new_ids[differ[0]]:
        return [f"{one}s ", Name(names[old_ids[differ[0]]]), " and ", Name(names[old_ids[differ[1]]]), " swapped"]
    position = {item: index for index, item in enumerate(old_ids)}
    kept = set(kept_in_order([position[item] for item in new_ids]))
    moved = [index for index in range(len(new_ids)) if index not in kept]
    if len(moved) == 1:
        item = new_ids[moved[0]]
        return [f"{one} ", Name(names[item]), f" moved from position {position[item] + 1} to {moved[0] + 1}"]
    return [f"{one}s reordered: ", *_listed([names[item] for item in new_ids]), " (was ",
            *_listed([names[item] for item in old_ids]), ")"]


def _listed(names: Sequence[str]) -> list[Part]:
    out: list[Part] = []
    for index, name in enumerate(names):
        out += ([", "] if index else []) + [Name(name)]
    return out


def _details(data: Any) -> list[Part]:
    """What an added or removed stage or step held, in brief: ``(emotion 5)``, ``(2 steps)``."""
    if not isinstance(data, dict):
        return []
    if isinstance(data.get("steps"), list):
        count = len(data["steps"])
        return [f" ({count} step{'s' if count != 1 else ''})"]
    if data.get("emotion") is not None:
        return [f" (emotion {_number(data['emotion'])})"]
    return []


def _value(data: Any) -> list[Part]:
    """A field's value for people: text quoted, numbers and yes/no plain, lists item by item, none as "none"."""
    if data is None or data == [] or data == {}:
        return ["none"]
    if isinstance(data, bool):
        return ["yes" if data else "no"]
    if isinstance(data, (int, float)):
        return [_number(data)]
    if isinstance(data, str):
        return [Name(_cut(data))]
    if isinstance(data, list):
        out: list[Part] = []
        for index, item in enumerate(data):
            out += ([", "] if index else []) + _value(item)
        return out
    if isinstance(data, dict):
        out = []
        for index, (key, item) in enumerate((key, item) for key, item in data.items() if item not in (None, [], {})):
            out += ([", "] if index else []) + [f"{str(key).replace('_', ' ')} ", *_value(item)]
        return out or ["none"]
    return [Name(_cut(str(data)))]


def _text(data: Any) -> str:
    return _cut(data if isinstance(data, str) else str(data))


def _cut(text: str) -> str:
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
