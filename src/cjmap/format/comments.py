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

from bisect import bisect_right
from collections.abc import Iterable, Iterator
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


def lift(data: CommentedMap, text: str, events: Iterable[Any]) -> Comments:
    """Read every comment and blank line of ``data`` (loaded from ``text`` through the parser ``events``) and
    clear ruamel's comment slots."""
    lines = text.split("\n")
    found = sorted(_comment_lines(events, lines))
    entries = list(_entries(data))
    starts = [entry.line for entry in entries]  # in document order, so sorted: found by bisection
    comments = Comments()
    first = entries[0].line if entries else len(lines)
    for line, column, is_eol in found:
        body = lines[line][column:].rstrip() if column >= 0 else ""
        below = bisect_right(starts, line)
        if is_eol and below > 0:
            owner = entries[below - 1]  # the innermost entry starting on this line, or the last above it
            slot = (id(owner.container), owner.key)
            comments.eol[slot] = f"{comments.eol[slot]} {body}" if slot in comments.eol else body
            continue
        following = entries[below] if below < len(entries) else None
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


def _comment_lines(events: Iterable[Any], lines: list[str]) -> set[tuple[int, int, bool]]:
    """(line, column, end-of-line?) of every comment; blank lines have column -1.

    The parser's events say where every value ends; a line inside a multi-line text (a block scalar, a
    folded quoted text) is content, and on any other line a ``#`` after the last value is a comment. The
    comment tokens ruamel keeps do not say reliably which line they stand on, so they are not used.
    """
    inside: set[int] = set()
    value_end: dict[int, int] = {}
    for event in events:
        begin, finish = getattr(event, "start_mark", None), getattr(event, "end_mark", None)
        if begin is None or finish is None:
            continue
        kind = type(event).__name__
        if kind == "ScalarEvent" and finish.line > begin.line:
            last = finish.line if finish.column > 0 else finish.line - 1
            inside.update(range(begin.line + 1, last + 1))
        if kind in _VALUE_EVENTS:
            value_end[finish.line] = max(value_end.get(finish.line, 0), finish.column)
    found: set[tuple[int, int, bool]] = set()
    for number, source in enumerate(lines):
        if number in inside:
            continue
        if not source.strip():
            found.add((number, -1, False))
            continue
        at = _comment_start(source, value_end.get(number, 0))
        if at is not None:
            found.add((number, at, bool(source[:at].strip())))
    return found


def _comment_start(source: str, after: int) -> int | None:
    """Where the comment of line ``source`` starts: the first ``#`` from column ``after`` on that begins the
    line or follows a space or tab."""
    at = source.find("#", after)
    while at >= 0:
        if at == 0 or source[at - 1] in _SPACE:
            return at
        at = source.find("#", at + 1)
    return None


_VALUE_EVENTS = frozenset({"ScalarEvent", "AliasEvent", "MappingStartEvent", "MappingEndEvent",
                           "SequenceStartEvent", "SequenceEndEvent"})
_SPACE = " \t"


def _entries(node: Any, seen: set[int] | None = None) -> Iterator[_Entry]:
    """Block-collection entries in document order, with the line each starts on (so the lines never go
    down: an alias's collection is listed once, where its anchor stands)."""
    seen = set() if seen is None else seen
    if not isinstance(node, (CommentedMap, CommentedSeq)) or node.fa.flow_style() or id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            yield _Entry(node.lc.key(key)[0], node, key)
            yield from _entries(value, seen)
    else:
        for index, value in enumerate(node):
            yield _Entry(node.lc.item(index)[0], node, index)
            yield from _entries(value, seen)


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
