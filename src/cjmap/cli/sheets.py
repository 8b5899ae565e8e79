"""``cjmap import csv`` and ``cjmap import xlsx``: a spreadsheet with one row per step becomes a map.

Registered on the ``import`` group in :mod:`cjmap.cli.interop`, whose writer they share (stdout or ``-o``,
atomic, never over a file without ``--force``). Problems are reported as ``file:row:column`` on stderr.
"""

from __future__ import annotations

import enum
import sys
from typing import Annotated

import typer

from cjmap.cli.common import EXIT_OK, EXIT_PROBLEMS, ColorOption, exit_with, fail, warn


class MapTypeChoice(str, enum.Enum):
    """The map types ``--type`` accepts."""

    current_state = "current-state"
    future_state = "future-state"
    day_in_the_life = "day-in-the-life"
    service_blueprint = "service-blueprint"


def _read(file: str, limit: int) -> bytes:
    """The bytes of ``file`` (``-`` is stdin), at most one past ``limit``; a file that cannot be read exits 2."""
    from cjmap.source import STDIN, read_head

    try:
        if file == STDIN:
            return sys.stdin.buffer.read(limit + 1)
        return read_head(file, limit + 1)
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}")


def import_sheet(kind: str, file: str, *, sheet: str | None = None, map_id: str | None = None,
                 title: str | None = None, map_type: str | None = None, scale: str | None = None,
                 output: str | None = None, force: bool = False, color: bool | None = None) -> int:
    """Import the CSV or .xlsx (``kind``) spreadsheet ``file`` as a map; return the exit code."""
    from pathlib import Path

    from cjmap import codes
    from cjmap.cli.interop import report_problems, write_maps
    from cjmap.interop.csv_io import MAX_CSV_BYTES, SheetInputError, read_csv
    from cjmap.interop.emit import write_map
    from cjmap.interop.journey import Imported
    from cjmap.interop.sheet_import import MapOptions, convert
    from cjmap.interop.xlsx_io import MAX_XLSX_BYTES, SheetNotFound, read_xlsx
    from cjmap.loader import MAX_BYTES
    from cjmap.problem import Location, Problem

    display = "<stdin>" if file == "-" else file
    if kind == "xlsx" and file == "-":
        fail("an .xlsx workbook is read from a file, not stdin")
    content = _read(file, MAX_CSV_BYTES if kind == "csv" else MAX_XLSX_BYTES)
    try:
        table = read_csv(content, display) if kind == "csv" else read_xlsx(content, display, sheet)
    except SheetInputError as exc:
        report_problems([exc.problem], [display], color)
        return EXIT_PROBLEMS
    except SheetNotFound as exc:
        fail(str(exc))
    stem = Path(file).stem if file != "-" else "journey"
    converted = convert(table, MapOptions(stem=stem, id=map_id, title=title, type=map_type, scale=scale))
    for note in converted.notes:
        warn(f"note: {note}")
    problems = list(converted.problems)
    text = ""
    if converted.data is not None:
        origin = Path(file).name if file != "-" else "stdin"
        header = (f"Imported by `cjmap import {kind}` from {origin}: one row per step.",)
        text = write_map(converted.data, header=header)
        if len(text.encode("utf-8")) > MAX_BYTES:
            problems.append(Problem.of(codes.SHEET_LIMIT, display, Location(), "the map would be over the "
                                       f"{MAX_BYTES:,}-byte limit of a map file", hint="split the journey"))
    if problems:
        report_problems(problems, [display], color)
    if converted.data is None or len(text.encode("utf-8")) > MAX_BYTES:
        return EXIT_PROBLEMS
    imported = Imported(data=converted.data, header=header, stem=str(converted.data["id"]))
    write_maps([imported], output, force=force)
    return EXIT_OK


# Hidden, and described in each command's help: typer would print the argument's Python type beside it.
FileArgument = Annotated[str, typer.Argument(metavar="FILE", show_default=False, hidden=True)]
IdOption = Annotated[str | None, typer.Option("--id", metavar="ID", show_default=False,
                                              help="The map's id (default: the slug of the title).")]
TitleOption = Annotated[str | None, typer.Option("--title", metavar="TEXT", show_default=False,
                                                 help="The map's title (default: from the file name).")]
TypeOption = Annotated[MapTypeChoice | None, typer.Option(
    "--type", metavar="TYPE", show_default=False,
    help="current-state, future-state, day-in-the-life or service-blueprint (default: service-blueprint when a "
         "blueprint lane has values, else current-state).")]
ScaleOption = Annotated[str | None, typer.Option(
    "--scale", metavar="MIN..MAX", show_default=False,
    help="The emotion scale (default: 1..5 when every score fits, else the smallest usual scale that holds them).")]
OutputOption = Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", show_default=False,
                                                  help="File to write (default: stdout; '-' is stdout too).")]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite a file that exists.")]

_LAYOUT = """Columns (headers matched whatever their case and spacing, and by synonyms such as Phase for
Stage or Feeling for Emotion): Stage, Step, Touchpoint, Channel, Actions, Thoughts, Emotion, Emotion label,
Pain points, Opportunities, KPIs, Owner, Research; blueprint lanes Physical evidence, Frontstage, Backstage,
Support processes; and Description, Time, Duration, Moment of truth, Actors, People, Policies, Technologies,
Processes, Resources had, Resources needed, Stage id, Step id; and the map's own lanes, a column each headed
'Title (lane:id)', 'Title (lane:id, list)' or 'Title (lane:id, score 1..5)', which declares the lane.
Multi-value cells hold one value per line.
Pain points '[high] VAT asked first'; opportunities '[high, owner: Growth, addresses: vat-first] Ask later';
KPIs '42% of target 60% — sign-up completion'.

Exit codes: 0 imported (warnings allowed), 1 the sheet has problems (file:row:column; nothing written),
2 usage or environment error."""

CSV_HELP = f"""Import a CSV spreadsheet (one row per step) as a map; '-' reads stdin.

UTF-8 with or without BOM; commas, semicolons or tabs (sniffed from the header row); quoted multi-line cells.

{_LAYOUT}

FILE: the CSV file to read ('-' reads stdin).
"""

XLSX_HELP = f"""Import an Excel workbook (.xlsx) as a map: the first sheet, or --sheet NAME.

A sheet named "map" (written by `cjmap export xlsx`) gives the map's id, title, type, scale, persona, scope
and catalogues; the options win over it.

{_LAYOUT}

FILE: the .xlsx workbook to read.
"""


def csv_command(file: FileArgument, map_id: IdOption = None, title: TitleOption = None,
                map_type: TypeOption = None, scale: ScaleOption = None, output: OutputOption = None,
                force: ForceOption = False, color: ColorOption = None) -> None:
    exit_with(import_sheet, "csv", file, map_id=map_id, title=title,
              map_type=map_type.value if map_type else None, scale=scale, output=output, force=force, color=color)


def xlsx_command(file: FileArgument,
                 sheet: Annotated[str | None, typer.Option("--sheet", metavar="NAME", show_default=False,
                                                           help="The sheet to read (default: the first).")] = None,
                 map_id: IdOption = None, title: TitleOption = None, map_type: TypeOption = None,
                 scale: ScaleOption = None, output: OutputOption = None, force: ForceOption = False,
                 color: ColorOption = None) -> None:
    exit_with(import_sheet, "xlsx", file, sheet=sheet, map_id=map_id, title=title,
              map_type=map_type.value if map_type else None, scale=scale, output=output, force=force, color=color)


__all__ = ["CSV_HELP", "XLSX_HELP", "csv_command", "import_sheet", "xlsx_command"]
