"""Ids made from names and texts: one slug policy and one allocator, used everywhere an id is made.

Validation (the model and the paths in problems), lint, score, diff and render anchors all read the ids of
stages and steps written without ``id`` through :func:`derive_ids`, so a map written Mermaid-style (names
and scores only) has the same ids wherever it is looked at. A derived id is a slug of the name, made unique
within the map in document order; ids written in the map always win, so a derived id never collides with
one. ``lint --fix`` (short ids for pain points, opportunities and KPIs), ``cjmap diff`` (items without
ids), ``cjmap import`` and ``cjmap init`` make their ids with :func:`slugify` and :class:`Allocator` too.

Names in any script give meaningful ids: letters are transliterated to ASCII with ``anyascii``
("Примеряет платье дома" -> ``primeryaet-plate-doma``, "Café" -> ``cafe``). Only a name without a letter
or digit in any script (emoji, punctuation) gives no slug: its derived id is *positional*
(``stage-N``, ``step-N``), which lint warns about (R008) and which never pairs steps across two maps.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

MAX_ID = 80
"""The longest id the format allows (see ``cjmap.model.Id``)."""

MAX_SHORT = 40
MAX_SHORT_WORDS = 5
_STOPWORDS = frozenset("a an and are as at be before by for from has have her his in is it its of on or "
                       "our the their then there this to was when with".split())
"""English words a short id leaves out ('The form asks for a VAT number' -> 'form-asks-vat-number')."""

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_WRITTEN_KINDS = ("pain_points", "opportunities", "kpis")

Position = tuple[int, int | None]
"""A stage's position ``(stage, None)`` or a step's ``(stage, step)``, both counted from 0."""


class Derived(NamedTuple):
    """A derived id, and whether it comes from the position because the name gives no slug."""

    id: str
    positional: bool


def slugify(name: str, *, short: bool = False) -> str:
    """A slug of ``name``: 'Fills in the sign-up form' -> 'fills-in-the-sign-up-form', 'Café' -> 'cafe',
    'Примеряет платье дома' -> 'primeryaet-plate-doma'.

    Lowercase ASCII letters and digits joined by '-', at most :data:`MAX_ID` characters, cut at a word
    boundary; empty when the name has no letter or digit in any script (emoji, punctuation). ``short``
    gives a shorter id for a sentence: up to :data:`MAX_SHORT_WORDS` words but English stopwords, within
    :data:`MAX_SHORT` characters ('The form asks for a VAT number' -> 'form-asks-vat-number').
    """
    words = _words(name)
    if not short:
        return _cut("-".join(words), MAX_ID)
    kept = [word for word in words if word not in _STOPWORDS] or words
    slug = ""
    for word in kept[:MAX_SHORT_WORDS]:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SHORT:
            break
        slug = candidate
    return slug or (kept[0][:MAX_SHORT] if kept else "")


def _words(text: str) -> list[str]:
    """The lowercase ASCII words of ``text``: letters and digits of every script transliterated, anything
    else (spaces, punctuation, symbols, emoji) a separator."""
    return [word for word in _NOT_SLUG.split("".join(map(_ascii, text)).lower()) if word]


@functools.lru_cache(maxsize=4096)
def _ascii(char: str) -> str:
    """One character in ASCII: itself when ASCII; a letter, mark or digit of another script transliterated
    ('é' -> 'e', 'ß' -> 'ss', 'ж' -> 'zh', 'λ' -> 'l'); anything else a space, so an emoji is no word (anyascii
    would spell it ':tada:')."""
    if char.isascii():
        return char
    if unicodedata.category(char)[0] not in "LMN":
        return " "
    from anyascii import anyascii  # imported on first use: `cjmap --help` stays light

    # The soft and hard signs (ь, ъ) transliterate to an apostrophe, which belongs inside the word:
    # 'платье' -> 'plate', not 'plat-e'.
    return anyascii(char).replace("'", "")


def _cut(slug: str, limit: int) -> str:
    """``slug`` shortened to ``limit`` characters, at the last '-' when there is one (no half words)."""
    if len(slug) <= limit:
        return slug
    head = slug[:limit]
    if slug[limit] != "-" and "-" in head:
        head = head.rsplit("-", 1)[0]
    return head.strip("-")


class Allocator:
    """Hands out ids unique within a map: ``taken`` holds every id in use, and each new id joins it.

    'Slow page' (taken) -> 'slow-page-2', then 'slow-page-3'.
    """

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)
        # The next suffix to try per base slug. Every smaller suffix was found taken (and ids are never given
        # back), so a thousand steps of one name cost a thousand tries, not half a million.
        self._next_number: dict[str, int] = {}

    def new(self, text: str, fallback: str, *, short: bool = False) -> str:
        """A unique id from the slug of ``text``, or from ``fallback`` when ``text`` gives no slug."""
        return self.unique(slugify(text, short=short) or fallback)

    def unique(self, slug: str) -> str:
        """``slug``, or ``slug-2``, ``slug-3`` ...: the first not taken, cut so that it stays an id."""
        unique, number = slug, self._next_number.get(slug, 2)
        while unique in self.taken:
            suffix = f"-{number}"
            unique = _cut(slug, MAX_ID - len(suffix)) + suffix
            number += 1
        self._next_number[slug] = number
        self.taken.add(unique)
        return unique


def derive_ids(journey: Any) -> dict[Position, Derived]:
    """The derived id of every stage and step that has no written id, by position.

    ``journey`` is either the raw data of a map (mappings and lists, as loaded) or a validated
    :class:`~cjmap.model.JourneyMap` whose stages and steps have ``id`` ``None`` where none was written: the
    same map gives the same ids either way, so the located document and the model agree.
    """
    stages = _list(_get(journey, "stages"))
    if all(_written(stage) and all(_written(step) for step in _list(_get(stage, "steps"))) for stage in stages):
        return {}  # the common case in maintained maps: nothing to derive, so no need to gather every id
    allocator = Allocator(_written_ids(stages))
    derived: dict[Position, Derived] = {}
    step_number = 0
    for s, stage in enumerate(stages):
        if not _written(stage):
            derived[(s, None)] = _derive(stage, f"stage-{s + 1}", allocator)
        for t, step in enumerate(_list(_get(stage, "steps"))):
            step_number += 1
            if not _written(step):
                derived[(s, t)] = _derive(step, f"step-{step_number}", allocator)
    return derived


def _derive(entity: Any, fallback: str, allocator: Allocator) -> Derived:
    """The entity's id from the slug of its name, or from the positional ``fallback`` when there is none."""
    name = _get(entity, "name")
    slug = slugify(name) if isinstance(name, str) else ""
    return Derived(allocator.unique(slug or fallback), positional=not slug)


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
