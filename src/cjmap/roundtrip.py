"""Round-trip YAML editing, shared by everything that rewrites a user's map (fix, fmt).

ruamel.yaml's round-trip mode keeps comments, key order, quoting and flow style. Before any edit,
:func:`layout` finds the indentation under which ruamel writes the file back *unchanged*; a file for which
none does is refused rather than reformatted. The edited text is written by :mod:`cjmap.writer`.
"""

from __future__ import annotations

import bisect
import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

WIDTH = 1_000_000
"""Line width for dumping: wide enough that ruamel never folds a line the author wrote."""
INDENTS: tuple[tuple[int, int, int], ...] = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 2, 0), (4, 6, 4), (2, 6, 4))
"""(mapping, sequence, offset) settings to try: '- ' indented under its key, flush with it, and so on."""
BOM = "\ufeff"


def load(text: str) -> Any:
    """Round-trip data for ``text``; raises ruamel's YAMLError."""
    return yaml_for(None).load(text)


def yaml_for(indent: tuple[int, int, int] | None) -> Any:
    """A round-trip ruamel.yaml instance that keeps quotes and never folds lines."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    if indent is not None:
        mapping, sequence, offset = indent
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def dump(data: Any, indent: tuple[int, int, int]) -> str:
    stream = io.StringIO()
    yaml_for(indent).dump(data, stream)
    return stream.getvalue()


@dataclass(frozen=True, kw_only=True)
class Layout:
    """How ruamel writes a file back: the indentation, and its unchanged dump (``restyle`` maps the dump's
    lines back to the file's own, which differ from them at most in spaces)."""

    indent: tuple[int, int, int]
    dumped: str


def layout(data: Any, text: str) -> Layout | str:
    """The indentation under which ruamel writes ``data`` back as ``text`` — exactly, or line for line with
    differences only in spaces (``{ name: Elena }`` as ``{name: Elena}``, a comment's column), which
    :func:`restyle` undoes — or why there is none."""
    first_difference = ""
    spaced: Layout | None = None
    guess = _guess(text)
    for indent in (guess, *(candidate for candidate in INDENTS if candidate != guess)):
        dumped = dump(data, indent)
        if dumped == text:
            return Layout(indent=indent, dumped=dumped)
        if spaced is None and _only_spacing_differs(text, dumped):
            spaced = Layout(indent=indent, dumped=dumped)
        if not first_difference:
            first_difference = _first_difference(text, dumped)
    if spaced is not None:
        return spaced
    return ("ruamel.yaml cannot write this file back unchanged, so fixing it could reformat lines the fixes "
            f"do not touch ({first_difference}); apply the fixes by hand, or rewrite that line as shown")


def _only_spacing_differs(text: str, dumped: str) -> bool:
    old, new = text.split("\n"), dumped.split("\n")
    return len(old) == len(new) and all(a == b or a.split() == b.split() or _squeezed(a) == _squeezed(b)
                                        for a, b in zip(old, new))


def _squeezed(line: str) -> str:
    return "".join(line.split())


def restyle(fixed: str, shape: Layout, text: str) -> str:
    """``fixed`` (ruamel's dump of the fixed data) with every line the fixes left alone spelled as in
    ``text``, and each line they changed given back the original's spacing inside ``{ }`` and its comment
    column. The caller checks that the result still reads as ``fixed`` does."""
    original, dumped, lines = text.split("\n"), shape.dumped.split("\n"), fixed.split("\n")
    out: list[str] = []
    for tag, i1, i2, j1, j2 in line_opcodes(dumped, lines):
        if tag == "equal":
            out += original[i1:i2]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            out += [_like(new, old) for new, old in zip(lines[j1:j2], original[i1:i2])]
        else:
            out += lines[j1:j2]
    return "\n".join(out)


Opcode = tuple[str, int, int, int, int]
"""difflib's (tag, i1, i2, j1, j2): lines ``a[i1:i2]`` are ``equal`` to, or ``replace``d, ``delete``d or
``insert``ed as, lines ``b[j1:j2]``."""


def line_opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    """How lines ``a`` became lines ``b``, as difflib's opcodes, in time linear in the lines for a map.

    The lines that occur once in each list (a step's ``id:`` line) are matched first, as patience diff
    does, and difflib compares only the stretches between them: on its own it compares every repeated line
    (``channel: web`` on each step) with every other, which took minutes for a 10,000-step map."""
    import difflib

    count_a, count_b = Counter(a), Counter(b)
    where_b = {line: j for j, line in enumerate(b) if count_b[line] == 1}
    anchors = _increasing([(i, where_b[line]) for i, line in enumerate(a)
                           if count_a[line] == 1 and line in where_b])
    opcodes: list[Opcode] = []
    i0 = j0 = 0
    for i, j in [*anchors, (len(a), len(b))]:
        opcodes += [(tag, i0 + i1, i0 + i2, j0 + j1, j0 + j2) for tag, i1, i2, j1, j2
                    in difflib.SequenceMatcher(None, a[i0:i], b[j0:j], autojunk=False).get_opcodes()
                    if (i1, i2, j1, j2) != (0, 0, 0, 0)]
        if i < len(a):
            opcodes.append(("equal", i, i + 1, j, j + 1))
        i0, j0 = i + 1, j + 1
    return opcodes


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of ``pairs`` (sorted by their first item) whose second items increase too."""
    ends: list[int] = []  # ends[k]: the smallest second item that ends a run of k + 1 pairs so far
    tails: list[int] = []  # tails[k]: the index in pairs of that pair
    before: list[int] = []  # before[index]: the pair ahead of pairs[index] in its run (-1: none)
    for index, (_, j) in enumerate(pairs):
        length = bisect.bisect_left(ends, j)
        before.append(tails[length - 1] if length else -1)
        if length == len(ends):
            ends.append(j)
            tails.append(index)
        else:
            ends[length], tails[length] = j, index
    run: list[tuple[int, int]] = []
    index = tails[-1] if tails else -1
    while index >= 0:
        run.append(pairs[index])
        index = before[index]
    return run[::-1]


def _like(new: str, old: str) -> str:
    """``new`` with ``old``'s habit of spaces inside flow braces, and its comment at ``old``'s column."""
    if "{ " in old and " }" in old:
        new = re.sub(r"\{(?=[^ }])", "{ ", new)
        new = re.sub(r"(?<=[^ {])\}", " }", new)
    old_hash, new_hash = old.find(" #") + 1, new.find(" #") + 1
    if old_hash > 0 and new_hash > 0:
        content = new[:new_hash].rstrip()
        new = content + " " * max(1, old_hash - len(content)) + new[new_hash:]
    return new


def _guess(text: str) -> tuple[int, int, int]:
    """A cheap guess of the indentation: the first nested mapping's step, the first block list's offset."""
    mapping: int | None = None
    offset: int | None = None
    lines = [line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")]
    for before, line in itertools.pairwise(lines):
        stripped = before.rstrip()
        if not stripped.endswith(":"):
            continue
        body = before.lstrip(" ")
        parent = len(before) - len(body) + (2 if body.startswith("- ") else 0)
        child = len(line) - len(line.lstrip(" "))
        if line.lstrip().startswith("- "):
            offset = child - parent if offset is None and child >= parent else offset
        elif mapping is None and child > parent:
            mapping = child - parent
        if mapping is not None and offset is not None:
            break
    offset = 2 if offset is None else offset
    return (mapping or 2, offset + 2, offset)


def _first_difference(text: str, dumped: str) -> str:
    """Where ``dumped`` first departs from ``text``, as 'line N: ... would become ...'."""
    old, new = text.split("\n"), dumped.split("\n")
    for number, (left, right) in enumerate(zip(old, new), start=1):
        if left != right:
            return f"line {number}: {left.rstrip()!r} would become {right.rstrip()!r}"
    return f"line {min(len(old), len(new))}: the end of the file would change"


def encode(text: str, bom: bool = False) -> bytes:
    """The bytes to write for ``text``: UTF-8, with the byte-order mark the original had."""
    return ((BOM if bom else "") + text).encode("utf-8")
