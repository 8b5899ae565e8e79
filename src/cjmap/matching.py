"""The one matcher: which items of two lists, and which stages and steps of two maps, are the same.

``cjmap diff`` matches stages, steps, catalogue entries, pain points, opportunities and KPIs with it;
``cjmap score --compare``, the emotion section of ``cjmap diff`` and the baseline curve of ``cjmap render``
pair the steps of two maps with it; so no two commands disagree about which step is which. Stages and steps
pair by id alone (:func:`pairing_key`): a step taken to another stage is the same step, moved. An id derived
from the position (a name with no letter or digit, see :mod:`cjmap.ids`) pairs with nothing, since
``step-5`` of one map and ``step-5`` of another are unrelated. Keys are hashable values, unique within one
list (validation reports duplicate ids, V030); matching runs in linear time.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, NamedTuple, TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, kw_only=True)
class Matching(Generic[T]):
    """Two lists paired by key: the pairs (in the new list's order), and what only one side has."""

    pairs: tuple[tuple[T, T], ...]
    removed: tuple[T, ...]
    """Only in the old list, in its order."""
    added: tuple[T, ...]
    """Only in the new list, in its order."""


def match(old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable],
          new_key: Callable[[T], Hashable] | None = None) -> Matching[T]:
    """Pair ``old`` and ``new`` items with equal keys (``new_key`` for the new side when it differs); the first
    of equal keys wins on either side."""
    by_key: dict[Hashable, T] = {}
    for item in old:
        by_key.setdefault(key(item), item)
    pairs: list[tuple[T, T]] = []
    added: list[T] = []
    seen: set[Hashable] = set()
    for item in new:
        k = (new_key or key)(item)
        if k in seen:
            continue
        seen.add(k)
        if k in by_key:
            pairs.append((by_key[k], item))
        else:
            added.append(item)
    removed = tuple(item for k, item in by_key.items() if k not in seen)
    return Matching(pairs=tuple(pairs), removed=removed, added=tuple(added))


Side = Literal["old", "new"]


class Unpaired(NamedTuple):
    """The key of a stage or step whose id came from its position: bound to its side, it pairs with nothing."""

    side: Side
    id: str


class Ident(NamedTuple):
    """What pairing needs of a stage or step: its id and whether that id came from its position."""

    id: str
    positional: bool


def pairing_key(ident: Ident, side: Side) -> Hashable:
    """How a stage or step of one map finds itself in another: by its id, whatever its stage; by nothing
    when the id came from its position."""
    return Unpaired(side, ident.id) if ident.positional else ident.id


def match_entities(old: Sequence[T], new: Sequence[T], ident: Callable[[T], Ident]) -> Matching[T]:
    """Pair the stages (or steps) of two maps: :func:`match` by :func:`pairing_key`."""
    return match(old, new, key=lambda item: pairing_key(ident(item), "old"),
                 new_key=lambda item: pairing_key(ident(item), "new"))


def merged_steps(old: Sequence[str], new: Sequence[str], old_positional: Collection[str] = frozenset(),
                 new_positional: Collection[str] = frozenset()) -> list[tuple[str | None, str | None]]:
    """Every step of two maps (their step ids in journey order, and which of them are positional) once, as
    (id in ``old``, id in ``new``), ``None`` on the side without it, in :func:`merged_order` (a step only in
    ``old`` right after its predecessor there). Pairs exactly as :func:`match_entities` does."""
    old_keys = _keys(old, old_positional, "old")
    new_keys = _keys(new, new_positional, "new")
    old_id = dict(zip(old_keys, old))
    new_id = dict(zip(new_keys, new))
    return [(old_id.get(k), new_id.get(k)) for k in merged_order(old_keys, new_keys)]


def _keys(ids: Sequence[str], positional: Collection[str], side: Side) -> list[Hashable]:
    """:func:`pairing_key` of every id, in one pass (a comparison may hold tens of thousands of steps)."""
    if not positional:
        return list(ids)
    return [pairing_key(Ident(i, i in positional), side) for i in ids]


def merged_order(old: Sequence[K], new: Sequence[K]) -> list[K]:
    """Every key of both lists once: the new order, each key only in ``old`` right after its predecessor
    there (the first ones at the start), so a removed step keeps its place on a before/after chart."""
    present = set(new)
    follower: dict[K | None, K] = {}
    for index, k in enumerate(old):
        if k not in present:
            # Each old key has one successor in ``old``, so a chain of removed keys hangs off one anchor.
            follower[old[index - 1] if index else None] = k
    merged: list[K] = []

    def emit_chain(anchor: K | None) -> None:
        while anchor in follower:
            anchor = follower[anchor]
            merged.append(anchor)

    emit_chain(None)
    for k in new:
        merged.append(k)
        emit_chain(k)
    return merged


def kept_in_order(sequence: Sequence[int]) -> set[int]:
    """Positions of a longest increasing subsequence of ``sequence`` (O(n log n)): the items that kept their
    relative order; the others are the ones that moved."""
    tails: list[int] = []  # tails[length - 1]: the smallest last value of an increasing run of that length
    tail_at: list[int] = []  # ... and its position
    previous: list[int] = [-1] * len(sequence)
    for position, value in enumerate(sequence):
        length = bisect.bisect_left(tails, value)
        if length == len(tails):
            tails.append(value)
            tail_at.append(position)
        else:
            tails[length] = value
            tail_at[length] = position
        previous[position] = tail_at[length - 1] if length else -1
    kept: set[int] = set()
    position = tail_at[-1] if tail_at else -1
    while position != -1:
        kept.add(position)
        position = previous[position]
    return kept
