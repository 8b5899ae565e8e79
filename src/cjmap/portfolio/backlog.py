"""The opportunities of many maps as one backlog, ranked, each with every map and step it serves.

- **Merged** by id across maps: the same opportunity written on steps of several maps is one item. One
  without an id is merged with others of the same text (ignoring case, spacing and final punctuation).
  Written twice with a different owner or text, an item carries a **conflict**.
- **Ranked** by its computed priority ``value ÷ effort``, where value is the mean of the ``customer_value``
  and ``business_value`` written (1..5) and effort the ``effort`` (1..5): 4 and 2 at effort 2 gives 1.50.
  Items without a value or an effort have no computed priority and come after those that have one, ordered by
  the ``priority`` written (high, medium, low, none), then by the severity of the pain points they address,
  then by how many maps they serve.
- Each item has a **fingerprint**: 16 hex digits of the SHA-256 of its key (``id:ask-later`` or the text
  key), stable across runs and edits of anything but the key, so an exported issue can be found and updated
  instead of filed twice.
- **Pain points without a ticket**: every high or critical pain point that no opportunity with an ``issue:``
  addresses, on its map.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from cjmap.portfolio.digest import SEVERITY_WEIGHT, MapDigest, OpportunityOccurrence, Place, text_key

PRIORITY_RANK = {"high": 3, "medium": 2, "low": 1}
URGENT = ("high", "critical")
"""The severities of pain points that should have a ticketed opportunity."""


@dataclass(frozen=True, kw_only=True)
class Served:
    """A step an opportunity is written on, and its map."""

    file: str
    title: str
    place: Place
    addresses: tuple[tuple[str, str], ...]


@dataclass(frozen=True, kw_only=True)
class BacklogItem:
    """One opportunity of the backlog."""

    key: str
    fingerprint: str
    id: str | None
    text: str
    owner: str | None
    priority: str | None
    customer_value: int | None
    business_value: int | None
    effort: int | None
    score: float | None
    """The computed priority, value ÷ effort; ``None`` without a value or an effort."""
    issue: str | None
    served: tuple[Served, ...]
    conflicts: tuple[str, ...]
    """What differs where the item is written more than once (owners, texts, ratings, tickets)."""

    @property
    def maps(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(served.file for served in self.served))

    @property
    def severity(self) -> str | None:
        """The highest severity of the pain points it addresses."""
        found = [severity for served in self.served for _, severity in served.addresses]
        return max(found, key=SEVERITY_WEIGHT.__getitem__) if found else None


@dataclass(frozen=True, kw_only=True)
class Unticketed:
    """A high or critical pain point that no opportunity with a ticket addresses."""

    file: str
    title: str
    id: str | None
    text: str
    severity: str
    place: Place


@dataclass(frozen=True, kw_only=True)
class Backlog:
    items: tuple[BacklogItem, ...]
    unticketed: tuple[Unticketed, ...]
    maps: int


def fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def build_backlog(digests: Sequence[MapDigest]) -> Backlog:
    """The backlog of the opportunities in ``digests`` (valid maps, in a stable order)."""
    maps = sorted(digests, key=lambda digest: digest.file)
    groups: dict[str, list[tuple[MapDigest, OpportunityOccurrence]]] = {}
    for map_ in maps:
        for item in map_.opportunities:
            key = f"id:{item.id}" if item.id else f"text:{text_key(item.text)}"
            groups.setdefault(key, []).append((map_, item))
    items = [_item(key, found) for key, found in groups.items()]
    items.sort(key=_rank)
    return Backlog(items=tuple(items), unticketed=tuple(_unticketed(maps)), maps=len(maps))


def _first(values: Sequence[int | None]) -> int | None:
    """The first rating written, where an item is written more than once."""
    return next((value for value in values if value is not None), None)


def _item(key: str, found: list[tuple[MapDigest, OpportunityOccurrence]]) -> BacklogItem:
    written = [item for _, item in found]
    conflicts = []
    for label, written_values in (("owner", [item.owner for item in written]), ("text", [item.text for item in written]),
                          ("customer value", [item.customer_value for item in written]),
                          ("business value", [item.business_value for item in written]),
                          ("effort", [item.effort for item in written]), ("issue", [item.issue for item in written])):
        distinct = list(dict.fromkeys(str(value) for value in written_values if value is not None))
        if len(distinct) > 1:
            conflicts.append(f"{label}: " + " / ".join(distinct))
    customer = _first([item.customer_value for item in written])
    business = _first([item.business_value for item in written])
    effort = _first([item.effort for item in written])
    ratings = [value for value in (customer, business) if value is not None]
    score = sum(ratings) / len(ratings) / effort if ratings and effort is not None else None
    priorities = [item.priority for item in written if item.priority is not None]
    return BacklogItem(
        key=key, fingerprint=fingerprint(key), id=written[0].id, text=written[0].text,
        owner=next((item.owner for item in written if item.owner), None),
        priority=max(priorities, key=PRIORITY_RANK.__getitem__) if priorities else None,
        customer_value=customer, business_value=business, effort=effort, score=score,
        issue=next((item.issue for item in written if item.issue), None),
        served=tuple(Served(file=map_.file, title=map_.title, place=item.place, addresses=item.addresses)
                     for map_, item in found),
        conflicts=tuple(conflicts),
    )


def _rank(item: BacklogItem) -> tuple[float, int, int, int, str]:
    severity = item.severity
    return (-(item.score if item.score is not None else -1.0), -PRIORITY_RANK.get(item.priority or "", 0),
            -(SEVERITY_WEIGHT[severity] if severity else 0), -len(item.maps), item.text.casefold())


def _unticketed(maps: Sequence[MapDigest]) -> list[Unticketed]:
    found = []
    for map_ in maps:
        ticketed = {pain for item in map_.opportunities if item.issue for pain, _ in item.addresses}
        for pain in map_.pain_points:
            if pain.severity in URGENT and (pain.id is None or pain.id not in ticketed):
                found.append(Unticketed(file=map_.file, title=map_.title, id=pain.id, text=pain.text,
                                        severity=pain.severity, place=pain.place))
    return found
