"""How diff reporters show numbers, directions and counts (shared by text, Markdown and GitHub output)."""

from __future__ import annotations

from typing import Any

from cjmap.diff.model import EmotionDelta, MapDiff

ARROWS = {"up": "↑", "down": "↓", "same": "→", "added": "+", "removed": "−"}
KIND_WORDS = {"added": "added", "removed": "removed", "modified": "modified", "moved": "moved", "renamed": "renamed",
              "order-changed": "reordered"}
"""Each kind of change as summaries say it (JSON keeps the kind)."""


def number(data: float | None) -> str:
    """A score or metric: whole numbers without decimals, others to two places; '–' for none."""
    if data is None:
        return "–"
    rounded = round(data, 2) + 0.0
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:.2f}"


def signed(data: float | None) -> str:
    """A delta with its sign (+0.50, −1); '–' for none."""
    if data is None:
        return "–"
    shown = number(abs(data))
    return ("+" if data > 0 else "−" if data < 0 else "±") + shown


def names(item: MapDiff) -> str:
    """``old → new``, or the one side there is."""
    if item.old_name is None:
        return f"{item.new_name} (new map)"
    if item.new_name is None:
        return f"{item.old_name} (removed map)"
    return f"{item.old_name} → {item.new_name}"


def grouped(item: MapDiff) -> list[tuple[str | None, list[Any]]]:
    """The changes grouped by stage: map-level changes first (None), then each stage in first-seen order."""
    groups: dict[str | None, list[Any]] = {}
    for change in item.changes:
        groups.setdefault(change.stage, []).append(change)
    return sorted(groups.items(), key=lambda entry: entry[0] is not None)


def emotion_line(delta: EmotionDelta) -> str:
    """``-1 → 1 (+1 normalised)`` for a step's emotion change."""
    return f"{number(delta.before)} → {number(delta.after)}"


def summary(counts: dict[str, int], maps: int) -> str:
    """``3 changes in 1 map: 1 added, 2 modified`` (only the kinds present)."""
    total = sum(counts.values())
    if not total:
        return f"No differences in {maps} map{'s' if maps != 1 else ''}."
    parts = ", ".join(f"{number} {KIND_WORDS[kind]}" for kind, number in counts.items() if number)
    return f"{total} change{'s' if total != 1 else ''} in {maps} map{'s' if maps != 1 else ''}: {parts}."
