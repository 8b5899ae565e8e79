"""Safe fixes, applied round-trip: everything the fix does not touch stays byte for byte as it was.

The text is loaded with ruamel.yaml's round-trip mode (comments, key order, quoting and flow style are
kept) and first dumped back *unchanged* under a few indentation settings; only a setting that reproduces
the file exactly is used. When none does (unusual spacing inside ``{ }``, odd indentation, long lines
ruamel would fold ...), the file is not fixed and the reason says which line ruamel would rewrite, rather
than reformatting it silently. Then the fixes edit the data and the result is dumped with that setting.
Writing is atomic: a temporary file in the same folder, with the file's mode, moved over the original.
"""

from __future__ import annotations

import difflib
import io
import os
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cjmap.lint.rules.base import Fix

WIDTH = 1_000_000
"""Line width for dumping: wide enough that ruamel never folds a line the author wrote."""
INDENTS: tuple[tuple[int, int, int], ...] = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 2, 0), (4, 6, 4), (2, 6, 4))
"""(mapping, sequence, offset) settings to try: '- ' indented under its key, flush with it, and so on."""
BOM = "\ufeff"


@dataclass(frozen=True)
class FixOutcome:
    """The text after fixing (the original when refused), the fixes applied, and why it was refused."""

    text: str
    applied: tuple[str, ...] = ()
    refused: str | None = None


def apply_fixes(text: str, fixes: Sequence[Fix]) -> FixOutcome:
    """Apply ``fixes`` to the YAML ``text`` round-trip; refuse rather than change anything else."""
    if not fixes:
        return FixOutcome(text)
    from ruamel.yaml.error import YAMLError

    newline = "\r\n" if "\r\n" in text else "\n"
    plain = text.replace("\r\n", "\n") if newline == "\r\n" else text
    if newline == "\r\n" and text.count("\n") != text.count("\r\n"):
        return FixOutcome(text, refused="the file mixes line endings (CRLF and LF); fixing would change them")
    if "\r" in plain:
        return FixOutcome(text, refused="the file has lone carriage returns; fixing would change them")
    try:
        data = _yaml(None).load(plain)
        indent = _layout(data, plain)
    except YAMLError as exc:
        return FixOutcome(text, refused=f"ruamel.yaml cannot read the file for fixing: {exc}")
    if isinstance(indent, str):
        return FixOutcome(text, refused=indent)
    applied = []
    for fix in fixes:
        try:
            fix.apply(data)
        except Exception as exc:  # noqa: BLE001 - a broken fix must not half-edit a file
            return FixOutcome(text, refused=f"the fix '{fix.description}' failed ({type(exc).__name__}: {exc}); "
                                            "nothing was changed (this is a bug in cjmap; please report it)")
        applied.append(fix.description)
    try:
        fixed = _dump(data, indent)
    except YAMLError as exc:
        return FixOutcome(text, refused=f"ruamel.yaml cannot write the fixed map: {exc}")
    return FixOutcome(fixed.replace("\n", newline) if newline != "\n" else fixed, tuple(applied))


def _yaml(indent: tuple[int, int, int] | None) -> Any:
    """A round-trip ruamel.yaml instance that keeps quotes and never folds lines."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    if indent is not None:
        mapping, sequence, offset = indent
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(data: Any, indent: tuple[int, int, int]) -> str:
    stream = io.StringIO()
    _yaml(indent).dump(data, stream)
    return stream.getvalue()


def _layout(data: Any, text: str) -> tuple[int, int, int] | str:
    """The indentation under which ruamel writes ``data`` back exactly as ``text``, or why there is none."""
    first_difference = ""
    guess = _guess(text)
    for indent in (guess, *(candidate for candidate in INDENTS if candidate != guess)):
        dumped = _dump(data, indent)
        if dumped == text:
            return indent
        if not first_difference:
            first_difference = _first_difference(text, dumped)
    return ("ruamel.yaml cannot write this file back unchanged, so fixing it could reformat lines the fixes "
            f"do not touch ({first_difference}); apply the fixes by hand, or rewrite that line as shown")


def _guess(text: str) -> tuple[int, int, int]:
    """A cheap guess of the indentation: the first nested mapping's step, the first block list's offset."""
    mapping: int | None = None
    offset: int | None = None
    lines = [line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")]
    for before, line in zip(lines, lines[1:]):
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


def unified_diff(name: str, before: str, after: str) -> str:
    """A unified diff of a fix, headed by the file name (apply with ``patch -p0``)."""
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=name, tofile=name)
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def encode(text: str, bom: bool = False) -> bytes:
    """The bytes to write for ``text``: UTF-8, with the byte-order mark the original had."""
    return ((BOM if bom else "") + text).encode("utf-8")


def write_atomic(name: str, content: bytes) -> None:
    """Replace file ``name`` with ``content`` atomically, keeping its mode (and writing through symlinks)."""
    target = os.path.realpath(name)
    directory = os.path.dirname(target) or "."
    mode = stat.S_IMODE(os.stat(target).st_mode)
    handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
