"""Safe fixes, applied round-trip: everything the fix does not touch stays byte for byte as it was.

The text is loaded with ruamel.yaml's round-trip mode (comments, key order, quoting and flow style are
kept) and first dumped back *unchanged* under a few indentation settings; only a setting that reproduces
the file exactly is used. When none does (unusual spacing inside ``{ }``, odd indentation, long lines
ruamel would fold ...), the file is not fixed and the reason says which line ruamel would rewrite, rather
than reformatting it silently. Then the fixes edit the data and the result is dumped with that setting.
Writing goes through :mod:`cjmap.writer` (atomic, read-only files and links out of the project refused): see :func:`write_fixes`.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from cjmap import interrupts, roundtrip, writer
from cjmap.lint.rules.base import Fix


@dataclass(frozen=True)
class FixOutcome:
    """The text after fixing (the original when refused), the fixes applied, and why it was refused."""

    text: str
    applied: tuple[str, ...] = ()
    refused: str | None = None



@dataclass
class FileFix:
    """What fixing did to one file: the text before and after, what was applied, and any refusal."""

    name: str
    before: str
    after: str
    applied: list[str] = field(default_factory=list)
    refused: str | None = None
    bom: bool = False

    @property
    def changed(self) -> bool:
        return self.after != self.before

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
        data = roundtrip.load(plain)
        shape = roundtrip.layout(data, plain)
    except YAMLError as exc:
        return FixOutcome(text, refused=f"ruamel.yaml cannot read the file for fixing: {exc}")
    if isinstance(shape, str):
        return FixOutcome(text, refused=shape)
    applied = []
    for fix in fixes:
        try:
            fix.apply(data)
        except Exception as exc:  # noqa: BLE001 - a broken fix must not half-edit a file
            return FixOutcome(text, refused=f"the fix '{fix.description}' failed ({type(exc).__name__}: {exc}); "
                                            "nothing was changed (this is a bug in cjmap; please report it)")
        applied.append(fix.description)
    try:
        dumped = roundtrip.dump(data, shape.indent)
        fixed = roundtrip.restyle(dumped, shape, plain)
        if fixed != dumped and roundtrip.load(fixed) != roundtrip.load(dumped):
            return FixOutcome(text, refused="the fixed lines could not keep the file's own spacing; apply the "
                                            "fixes by hand (this is a bug in cjmap; please report it)")
    except YAMLError as exc:
        return FixOutcome(text, refused=f"ruamel.yaml cannot write the fixed map: {exc}")
    return FixOutcome(fixed.replace("\n", newline) if newline != "\n" else fixed, tuple(applied))


def unified_diff(name: str, before: str, after: str) -> str:
    """A unified diff of a fix, headed by the file name (apply with ``patch -p0``)."""
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=name, tofile=name)
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


@dataclass(frozen=True, kw_only=True)
class Written:
    """What writing one fixed file came to: done, or the reason it was not written."""

    name: str
    fixes: int
    error: str | None = None

    @property
    def message(self) -> str:
        """The line for stderr, without the ``cjmap:`` prefix."""
        if self.error is not None:
            return f"cannot fix {self.name}: {self.error}"
        return f"fixed {self.name}: {self.fixes} fix{'es' if self.fixes != 1 else ''} applied"


def write_fixes(fixes: Sequence[FileFix]) -> list[Written]:
    """Write every changed file; a file that cannot be written is reported and the others still written."""
    written = []
    with interrupts.handled():  # SIGTERM mid-write removes the temporary file and exits 143
        for file_fix in fixes:
            if file_fix.changed:
                try:
                    writer.write_file(file_fix.name, roundtrip.encode(file_fix.after, file_fix.bom), sync=True)
                    error = None
                except writer.OutputError as exc:
                    error = str(exc)
                written.append(Written(name=file_fix.name, fixes=len(file_fix.applied), error=error))
    return written
