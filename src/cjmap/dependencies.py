"""The files a result depends on beyond its own: noted while it is computed, so a result cache can check them.

:func:`cjmap.references.locate` notes every file a map's references lead to (found or not); work that is
done once per process and reused (a persona file checked for every map that names it) goes through
:func:`through`, which notes again, on each reuse, the files the first computation noted.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Iterator
from typing import TypeVar

T = TypeVar("T")

_ACTIVE: list[set[str]] = []
"""The sets being filled, innermost last (one per recording in progress)."""
_REMEMBERED: dict[Hashable, frozenset[str]] = {}


def note(path: str) -> None:
    """Record that the result being computed depends on the file ``path`` (its bytes, or its absence)."""
    for noted in _ACTIVE:
        noted.add(path)


@contextlib.contextmanager
def recording() -> Iterator[set[str]]:
    """Collect the paths noted inside the block."""
    noted: set[str] = set()
    _ACTIVE.append(noted)
    try:
        yield noted
    finally:
        _ACTIVE.remove(noted)


def through(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, noting the files it depends on even when it returns a value cached under ``key``."""
    remembered = _REMEMBERED.get(key)
    if remembered is not None:
        for path in remembered:
            note(path)
        return compute()
    with recording() as noted:
        value = compute()
    _REMEMBERED[key] = frozenset(noted)
    for path in noted:
        note(path)
    return value
