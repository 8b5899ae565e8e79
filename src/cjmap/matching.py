"""The one id matcher: pair the items of two lists by an identifying key, in linear time.

``cjmap diff`` matches stages, steps, catalogue entries, pain points, opportunities and KPIs with it, and
``cjmap score --compare`` matches the steps of two curves with it, so the two commands never disagree about
which step is which. Keys are any hashable values (an id, or a ``(stage id, step id)`` pair); within one
list they are unique (validation reports duplicate ids, V030).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

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


def match(old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable]) -> Matching[T]:
    """Pair ``old`` and ``new`` items with equal keys; the first of equal keys wins on either side."""
    by_key: dict[Hashable, T] = {}
    for item in old:
        by_key.setdefault(key(item), item)
    pairs: list[tuple[T, T]] = []
    added: list[T] = []
    seen: set[Hashable] = set()
    for item in new:
        k = key(item)
        if k in seen:
            continue
        seen.add(k)
        if k in by_key:
            pairs.append((by_key[k], item))
        else:
            added.append(item)
    removed = tuple(item for k, item in by_key.items() if k not in seen)
    return Matching(pairs=tuple(pairs), removed=removed, added=tuple(added))


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
