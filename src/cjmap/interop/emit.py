"""A map's data written as canonical, commented YAML: what importers (Mermaid, spreadsheets) hand to users.

Usage: ``write_map(data, header=["Imported from x.mmd"])`` returns the text of a map file. ``data`` is plain
mappings, lists and scalars in the order the keys should appear (write ``cjmap``, ``id``, ``title`` first);
``header`` lines become ``#`` comments above it. Texts that YAML would read as something else (``yes``,
``3``, ``a: b``) are quoted, lines are never folded, non-Latin text and emoji are written as they are, and a
list of ids (``actors: [me, cat]``) is written on one line; every other list one item per line.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

from cjmap.model.base import ID_PATTERN
from cjmap.roundtrip import WIDTH

_ID = re.compile(ID_PATTERN)


def write_map(data: Mapping[str, Any], *, header: Sequence[str] = ()) -> str:
    """``data`` as the text of a YAML map file, ``header`` lines as comments on top; ends in a newline."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = WIDTH
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(_node(data), stream)
    comments = "".join(f"# {_printable(line)}".rstrip() + "\n" for line in header)
    return comments + stream.getvalue()


def _node(value: Any) -> Any:
    """Plain data as ruamel's round-trip nodes: lists of ids in flow style, everything else in block style."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, Mapping):
        return CommentedMap((key, _node(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        sequence = CommentedSeq(_node(item) for item in value)
        if value and all(isinstance(item, str) and _ID.match(item) for item in value):
            sequence.fa.set_flow_style()
        return sequence
    return value


def _printable(text: str) -> str:
    """One comment line: line breaks and other control characters (which a map file may not hold) as spaces."""
    return "".join(char if char.isprintable() or char == "\t" else " " for char in text)
