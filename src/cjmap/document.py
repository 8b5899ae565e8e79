"""A located document: the data read from a YAML file and where each key and value stands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cjmap.problem import Location, Problem

if TYPE_CHECKING:
    from cjmap.source import Source

Path = tuple[Any, ...]
"""A path into the data: mapping keys and list indices, e.g. ``("stages", 0, "steps", 2, "emotion")``."""


@dataclass
class Document:
    """The data of one YAML file plus the location of every key and value in it."""

    name: str
    data: dict[Any, Any]
    values: dict[Path, Location] = field(default_factory=dict)
    keys: dict[Path, Location] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    """Problems found while loading that did not stop it (duplicate keys)."""
    flow: set[Path] = field(default_factory=set)
    """The mappings written in flow style, ``{a: 1, b: 2}``, where a comma in plain text ends the value."""
    source: Source | None = field(default=None, repr=False, compare=False)
    """What the document was read from (name, bytes, text), so nothing reads the file again; set by
    :func:`cjmap.validation.validator.validate_file`."""
    _derived_ids: dict[tuple[int, int | None], str] | None = field(default=None, repr=False, compare=False)
    """Ids derived from the names of stages and steps written without one (computed once, on demand)."""

    def resolve(self, loc: Sequence[Any]) -> Path:
        """Follow ``loc`` through the data as far as it goes, skipping steps that are not data keys.

        Validation errors carry paths with extra steps (union members, normalised short forms);
        this turns them into the longest real path.
        """
        node: Any = self.data
        path: list[Any] = []
        for step in loc:
            if isinstance(node, dict) and _has_key(node, step):
                node = node[step]
                path.append(step)
            elif isinstance(node, list) and type(step) is int and 0 <= step < len(node):
                node = node[step]
                path.append(step)
        return tuple(path)

    def value_location(self, path: Path) -> Location:
        """Where the value at ``path`` starts, or its nearest located ancestor."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return Location()

    def key_location(self, path: Path) -> Location:
        """Where the key of ``path`` stands, falling back to the value's location."""
        return self.keys.get(path) or self.value_location(path)

    def pointer(self, path: Path) -> str:
        """A readable path like ``/stages/id=pay/steps/id=card/emotion``: list items by id when they have one."""
        parts: list[str] = []
        node: Any = self.data
        for step in path:
            if isinstance(node, list) and type(step) is int and 0 <= step < len(node):
                item = node[step]
                item_id = item.get("id") if isinstance(item, dict) else None
                item_id = item_id if isinstance(item_id, str) and item_id else self._derived_id(path, len(parts))
                parts.append(f"id={item_id}" if item_id else str(step))
                node = item
            elif isinstance(node, dict) and _has_key(node, step):
                parts.append(str(step))
                node = node[step]
            else:
                parts.append(str(step))
                node = None
        return "/" + "/".join(parts)


    def _derived_id(self, path: Path, end: int) -> str | None:
        """The derived id of the stage or step that ``path[:end + 1]`` leads to, if it is one without an id."""
        if path[:1] != ("stages",) or end not in (1, 3) or (end == 3 and path[2] != "steps"):
            return None
        if self._derived_ids is None:
            from cjmap.ids import derive_ids  # the same derivation as the model's, on the data as written

            self._derived_ids = {position: derived.id for position, derived in derive_ids(self.data).items()}
        return self._derived_ids.get((path[1], path[3] if end == 3 else None))


def _has_key(mapping: dict[Any, Any], key: Any) -> bool:
    try:
        return key in mapping
    except TypeError:
        return False
