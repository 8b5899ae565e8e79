"""``--output-file FORMAT:PATH``: a reporting command (validate, lint, score, diff) writes its report in more
formats in the same run, as ruff and sqlfluff do, while the terminal gets the ``--format`` output.

Every ``--output-file`` is checked before any map is read (its format name, its path: see
:func:`cjmap.cli.common.output_target`), so a typo costs nothing; the files are written through the one writer
(:mod:`cjmap.writer`, atomically), without colour, once the report is complete.
"""

from __future__ import annotations

import enum
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from cjmap.cli.common import fail, output_target, shown, write_target

if TYPE_CHECKING:
    from cjmap.writer import Target

OutputFileOption = Annotated[list[str] | None, typer.Option(
    "--output-file", metavar="FORMAT:PATH", show_default=False,
    help="Also write the report in FORMAT to the file PATH (e.g. sarif:cjmap.sarif), besides --format on "
         "stdout. Repeatable.")]

ReportWriter = Callable[[str, TextIO], None]
"""Writes the command's report in the named format to a stream, without colour."""


@dataclass(frozen=True, kw_only=True)
class OutputFile:
    """One ``--output-file``: a format name of the command and the checked place to write it."""

    format: str
    target: Target


def output_files(values: Sequence[str], formats: type[enum.Enum]) -> list[OutputFile]:
    """Parse and check every ``--output-file FORMAT:PATH``; a bad format, a path cjmap cannot write or one path
    given twice stops the command (exit 2) before any work is done."""
    names = [str(member.value) for member in formats]
    outputs: list[OutputFile] = []
    seen: set[str] = set()
    for value in values:
        kind, colon, path = value.partition(":")
        if not colon or not kind or not path:
            fail(f"--output-file {shown(value)!r}: expected FORMAT:PATH, e.g. json:report.json")
        if kind not in names:
            from cjmap.suggestions import did_you_mean

            hint = did_you_mean(kind, names)
            fail(f"--output-file {shown(value)!r}: unknown format {shown(kind)!r}"
                 f"{f' ({hint})' if hint else ''}; expected one of: {', '.join(names)}")
        if path == "-":
            fail(f"--output-file {shown(value)!r}: standard output gets --format; give a file name")
        target = output_target(path)
        if not target.special:
            if target.real in seen:
                fail(f"--output-file: {shown(path)} is given twice")
            seen.add(target.real)
        outputs.append(OutputFile(format=kind, target=target))
    return outputs


def write_output_files(outputs: Sequence[OutputFile], write: ReportWriter) -> None:
    """Write each output file in its format; a file that cannot be written stops the command (exit 2)."""
    from cjmap.streams import OUTPUT_ERRORS

    for output in outputs:
        buffer = io.StringIO()
        write(output.format, buffer)
        write_target(output.target, buffer.getvalue().encode("utf-8", OUTPUT_ERRORS))


__all__ = ["OutputFile", "OutputFileOption", "ReportWriter", "output_files", "write_output_files"]
