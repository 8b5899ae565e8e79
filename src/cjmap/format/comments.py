"""Comments and blank lines, lifted off a round-trip document and put back where canonical formatting wants them.

ruamel.yaml hangs a comment on the value *before* it: a comment line above a key belongs, to ruamel, to the
last scalar of whatever precedes it, so reordering keys would carry it away from the key it describes.
Here every comment is read back to the line it stands on and attached to what it describes:

- a comment after a value on its line (end-of-line) to the innermost block entry (key or list item) that
  starts on that line, or the last one above it;
- comment lines and blank lines to the next block entry below them, so a comment above a key moves with
  the key;
- comments above the first key are the file's head and stay first; comments after the last entry stay last.

Then ruamel's own comment slots are cleared and filled again, at the column of the entry they precede.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

Slot = tuple[int, Any]
"""(id of the collection, key or index): one entry of a block collection."""


@dataclass(kw_only=True)
class Comments:
    """Every comment and blank line of a document, by what it belongs to."""

    head: list[str] = field(default_factory=list)
    """Comment and blank lines above the first key, as written (without indentation)."""
    before: dict[Slot, list[str]] = field(default_factory=dict)
    """Comment lines ('# ...') and blank lines ('') above an entry."""
    eol: dict[Slot, str] = field(default_factory=dict)
    """The comment after an entry's value on its line."""
    end: list[tuple[int, str]] = field(default_factory=list)
    """(column, line) of the comments after the last entry."""

    def holders(self) -> set[int]:
        """Ids of the collections a comment is attached to (they must not be shortened away)."""
        return {container for container, _ in (*self.before, *self.eol)}


@dataclass(frozen=True)
class _Entry:
    line: int
    container: Any
    key: Any


def lift(data: CommentedMap, text: str) -> Comments:
    """Read every comment and blank line of ``data`` (loaded from ``text``) and clear ruamel's comment slots."""
    lines = text.split("\n")
    found = sorted(_comment_lines(text, lines))
    entries = list(_entries(data))
    comments = Comments()
    first = entries[0].line if entries else len(lines)
    for line, column, is_eol in found:
        body = lines[line][column:].rstrip() if column >= 0 else ""
        if is_eol:
            owner = _owner_of_eol(entries, line)
            if owner is not None:
                slot = (id(owner.container), owner.key)
                comments.eol[slot] = f"{comments.eol[slot]} {body}" if slot in comments.eol else body
                continue
        following = next((entry for entry in entries if entry.line > line), None)
        if line < first:
            comments.head.append(body)
        elif following is None:
            if body:
                comments.end.append((column, body))
        else:
            comments.before.setdefault((id(following.container), following.key), []).append(body)
    _clear(data)
    comments.head = _tidy(comments.head, keep_end=True, keep_start=False)
    comments.before = {slot: tidy for slot, body in comments.before.items() if (tidy := _tidy(body, keep_end=True))}
    return comments


def attach(data: CommentedMap, comments: Comments) -> None:
    """Put ``comments`` back on ``data`` (in canonical shape) for ruamel to write them."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    def token(body: str, column: int) -> Any:
        return CommentToken(f"{body}\n" if body else "\n", CommentMark(column))

    for container, key, column in _block_entries(data, 0):
        slot = (id(container), key)
        size = 4 if isinstance(container, CommentedMap) else 2
        if slot in comments.before:
            container.ca.items.setdefault(key, [None] * size)[1] = [token(body, column)
                                                                   for body in comments.before[slot]]
        if slot in comments.eol:
            where = 2 if isinstance(container, CommentedMap) else 0
            container.ca.items.setdefault(key, [None] * size)[where] = CommentToken(
                f" {comments.eol[slot]}\n", CommentMark(0))
    if comments.head:
        data.ca.comment = [None, [token(body, 0) for body in comments.head]]
    if comments.end:
        data.ca.end = [token(body, column) for column, body in comments.end]


def _tidy(bodies: list[str], *, keep_end: bool = False, keep_start: bool = True) -> list[str]:
    """Blank lines: runs shortened to one; none at the very start of the file, none closing the head."""
    tidy: list[str] = []
    for body in bodies:
        if body or (tidy and tidy[-1]) or (keep_start and not tidy):
            tidy.append(body)
    while not keep_end and tidy and not tidy[-1]:
        tidy.pop()
    return tidy


def _comment_lines(text: str, lines: list[str]) -> set[tuple[int, int, bool]]:
    """(line, column, end-of-line?) of every comment; blank lines have column -1.

    The parser's events say where every value ends; a line inside a multi-line text (a block scalar, a
    folded quoted text) is content, and on any other line a ``#`` after the last value is a comment. The
    comment tokens ruamel keeps do not say reliably which line they stand on, so they are not used.
    """
    from cjmap import roundtrip

    inside: set[int] = set()
    value_end: dict[int, int] = {}
    for event in roundtrip.yaml_for(None).parse(text):
        begin, finish = getattr(event, "start_mark", None), getattr(event, "end_mark", None)
        if begin is None or finish is None:
            continue
        if type(event).__name__ == "ScalarEvent" and finish.line > begin.line:
            last = finish.line if finish.column > 0 else finish.line - 1
            inside.update(range(begin.line + 1, last + 1))
        if type(event).__name__ in _VALUE_EVENTS:
            value_end[finish.line] = max(value_end.get(finish.line, 0), finish.column)
    found: set[tuple[int, int, bool]] = set()
    for number, source in enumerate(lines):
        if number in inside:
            continue
        if not source.strip():
            found.add((number, -1, False))
            continue
        after = value_end.get(number, 0)
        at = next((index for index in range(after, len(source))
                   if source[index] == "#" and (index == 0 or source[index - 1] in _SPACE)), None)
        if at is not None:
            found.add((number, at, bool(source[:at].strip())))
    return found


_VALUE_EVENTS = frozenset({"ScalarEvent", "AliasEvent", "MappingStartEvent", "MappingEndEvent",
                           "SequenceStartEvent", "SequenceEndEvent"})
_SPACE = " \t"


def _entries(node: Any) -> Iterator[_Entry]:
    """Block-collection entries in document order, with the line each starts on."""
    if not isinstance(node, (CommentedMap, CommentedSeq)) or node.fa.flow_style():
        return
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            yield _Entry(node.lc.key(key)[0], node, key)
            yield from _entries(value)
    else:
        for index, value in enumerate(node):
            yield _Entry(node.lc.item(index)[0], node, index)
            yield from _entries(value)


def _owner_of_eol(entries: list[_Entry], line: int) -> _Entry | None:
    owner = None
    for entry in entries:
        if entry.line > line:
            break
        owner = entry
    return owner


def _block_entries(node: Any, column: int) -> Iterator[tuple[Any, Any, int]]:
    """(collection, key, column) of every block entry as ruamel writes it: keys two columns under their parent,
    '- ' two columns under its key."""
    if not isinstance(node, (CommentedMap, CommentedSeq)) or node.fa.flow_style():
        return
    items = node.items() if isinstance(node, CommentedMap) else enumerate(node)
    for key, value in items:
        yield node, key, column
        yield from _block_entries(value, column + 2)


def _clear(node: Any) -> None:
    if isinstance(node, (CommentedMap, CommentedSeq)):
        node.ca.comment = None
        node.ca.items.clear()
        node.ca.end = []
        for value in node.values() if isinstance(node, CommentedMap) else node:
            _clear(value)
