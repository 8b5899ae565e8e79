"""``--output-file FORMAT:PATH``: a reporting command (validate, lint, score, diff) writes its report in more
formats in the same run, as ruff and sqlfluff do, while the terminal gets the ``--format`` output.

Every ``--output-file`` is checked before any map is read (its format name, its path: see
:func:`cjmap.cli.common.output_target`), so a typo costs nothing; the files are written through the one writer
(:mod:`cjmap.writer`, atomically), without colour, once the report is complete.
"""

from __future__ import annotations

import enum
import io
import os
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


def output_files(values: Sequence[str], formats: type[enum.Enum], inputs: Sequence[str] = ()) -> list[OutputFile]:
    """Parse and check every ``--output-file FORMAT:PATH``; a bad format, a path cjmap cannot write, one path
    given twice or one of the files named in ``inputs`` stops the command (exit 2) before any work is done."""
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
    _refuse_inputs(outputs, inputs)
    return outputs


def _refuse_inputs(outputs: Sequence[OutputFile], inputs: Sequence[str]) -> None:
    """Stop the command (exit 2) when an output file is one of the maps it reads: a report must not replace a map."""
    from cjmap.source import STDIN, STDIN_DISPLAY

    real = {os.path.realpath(name): name for name in inputs if name not in (STDIN, STDIN_DISPLAY)}
    for output in outputs:
        if not output.target.special and output.target.real in real:
            fail(f"--output-file {shown(output.target.name)} is the map {shown(real[output.target.real])}; "
                 "give another file name")


def write_output_files(outputs: Sequence[OutputFile], write: ReportWriter, inputs: Sequence[str] = ()) -> None:
    """Write each output file in its format; an output that is one of the files in ``inputs`` (a map found in
    a folder) or cannot be written stops the command (exit 2), the former before any file is written."""
    from cjmap.streams import OUTPUT_ERRORS

    _refuse_inputs(outputs, inputs)
    for output in outputs:
        buffer = io.StringIO()
        write(output.format, buffer)
        write_target(output.target, buffer.getvalue().encode("utf-8", OUTPUT_ERRORS))


__all__ = ["OutputFile", "OutputFileOption", "ReportWriter", "output_files", "write_output_files"]
