"""Ids derived from names, for stages and steps written without ``id``: one function, used everywhere.

Validation (the model and the paths in problems), lint, score, diff and render anchors all read ids through
:func:`derive_ids`, so a map written Mermaid-style (names and scores only) has the same ids wherever it is
looked at. A derived id is a slug of the name, made unique within the map in document order; ids written in
the map always win, so a derived id never collides with one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

MAX_ID = 80
"""The longest id the format allows (see ``cjmap.model.Id``)."""

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_WRITTEN_KINDS = ("pain_points", "opportunities", "kpis")

Position = tuple[int, int | None]
"""A stage's position ``(stage, None)`` or a step's ``(stage, step)``, both counted from 0."""


def slugify(name: str) -> str:
    """A slug of ``name``: 'Fills in the sign-up form' -> 'fills-in-the-sign-up-form', 'Café' -> 'cafe'.

    Lowercase ASCII letters and digits joined by '-', at most :data:`MAX_ID` characters, cut at a word
    boundary; empty when the name has no Latin letter or digit (emoji, another script).
    """
    # NFKD splits 'é' into 'e' and a combining accent, which the ASCII encoding then drops.
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", folded.lower()).strip("-")
    return _cut(slug, MAX_ID)


def _cut(slug: str, limit: int) -> str:
    """``slug`` shortened to ``limit`` characters, at the last '-' when there is one (no half words)."""
    if len(slug) <= limit:
        return slug
    head = slug[:limit]
    if slug[limit] != "-" and "-" in head:
        head = head.rsplit("-", 1)[0]
    return head.strip("-")


def derive_ids(journey: Any) -> dict[Position, str]:
    """The derived id of every stage and step that has no written id, by position.

    ``journey`` is either the raw data of a map (mappings and lists, as loaded) or a validated
    :class:`~cjmap.model.JourneyMap` whose stages and steps have ``id`` ``None`` where none was written: the
    same map gives the same ids either way, so the located document and the model agree.
    """
    stages = _list(_get(journey, "stages"))
    if all(_written(stage) and all(_written(step) for step in _list(_get(stage, "steps"))) for stage in stages):
        return {}  # the common case in maintained maps: nothing to derive, so no need to gather every id
    taken = set(_written_ids(stages))
    next_number: dict[str, int] = {}
    derived: dict[Position, str] = {}
    step_number = 0
    for s, stage in enumerate(stages):
        if not _written(stage):
            derived[(s, None)] = _unique(_base(stage, f"stage-{s + 1}"), taken, next_number)
        for t, step in enumerate(_list(_get(stage, "steps"))):
            step_number += 1
            if not _written(step):
                derived[(s, t)] = _unique(_base(step, f"step-{step_number}"), taken, next_number)
    return derived


def _base(entity: Any, fallback: str) -> str:
    """The slug of the entity's name, or the positional ``fallback`` when the name gives no slug."""
    name = _get(entity, "name")
    return (slugify(name) if isinstance(name, str) else "") or fallback


def _unique(slug: str, taken: set[str], next_number: dict[str, int]) -> str:
    """``slug``, or ``slug-2``, ``slug-3`` ... : the first that no id in ``taken`` has; it joins ``taken``.

    ``next_number`` remembers where each slug's count stopped, so a thousand steps of one name cost a
    thousand tries, not half a million.
    """
    unique, number = slug, next_number.get(slug, 2)
    while unique in taken:
        suffix = f"-{number}"
        unique = _cut(slug, MAX_ID - len(suffix)) + suffix
        number += 1
    next_number[slug] = number
    taken.add(unique)
    return unique


def _written_ids(stages: list[Any]) -> Iterator[str]:
    """Every id written on a stage, step, pain point, opportunity or KPI."""
    for stage in stages:
        yield from _id_of(stage)
        for step in _list(_get(stage, "steps")):
            yield from _id_of(step)
            for kind in _WRITTEN_KINDS:
                for item in _list(_get(step, kind)):
                    yield from _id_of(item)


def _written(entity: Any) -> bool:
    """Whether the entity has an id of its own, even a malformed one (which validation reports as written);
    an item that is no stage or step at all (a text where a mapping belongs) needs none either."""
    is_entity = isinstance(entity, Mapping) or hasattr(entity, "name")
    return not is_entity or _get(entity, "id") is not None


def _id_of(entity: Any) -> Iterator[str]:
    value = _get(entity, "id")
    if isinstance(value, str) and value:
        yield value


def _get(node: Any, key: str) -> Any:
    """A key of raw data or an attribute of a model; ``None`` when absent (or the node is neither)."""
    if isinstance(node, Mapping):
        try:
            return node.get(key)
        except TypeError:  # a mapping with unhashable keys cannot hold the key anyway
            return None
    if isinstance(node, (str, int, float, list)) or node is None:
        return None
    return getattr(node, key, None)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
