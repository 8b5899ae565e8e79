"""``cjmap export csv|xlsx``: a map as a spreadsheet people can open and edit, one row per step.

A sub-app registered as ``export``. The map is validated first: an invalid map is reported (exit 1) and
nothing is written. Cells that a spreadsheet would run as a formula get a leading ``'`` (OWASP), which
``cjmap import`` removes again.
"""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from cjmap.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    ColorOption,
    exit_with,
    fail,
    output_target,
    write_stdout,
    write_target,
)

app = typer.Typer(
    name="export",
    help="Write a map as a spreadsheet (one row per step): CSV or an Excel workbook.\n\n"
    "Exit codes: 0 written, 1 the map is invalid (nothing written), 2 usage or environment error.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    rich_markup_mode=None,
)
HELP = app.info.help


class Delimiter(str, enum.Enum):
    """Cell separators ``--delimiter`` accepts."""

    comma = ","
    semicolon = ";"


def export_sheet(kind: str, file: str, *, output: str | None = None, force: bool = False,
                 delimiter: str = ",", color: bool | None = None) -> int:
    """Write the map ``file`` as CSV or .xlsx (``kind``); return the exit code."""
    from cjmap.cli.interop import report_problems
    from cjmap.interop.csv_io import write_csv
    from cjmap.interop.sheet import metadata_rows, step_rows
    from cjmap.interop.xlsx_io import write_xlsx
    from cjmap.validation.validator import validate_file
    from cjmap.writer import STDOUT

    if kind == "xlsx" and output is None:
        fail("an .xlsx workbook is written to a file: give it with -o FILE (or -o - for stdout)")
    to_stdout = output is None or output == STDOUT
    place = None if output is None or to_stdout else output_target(output, force=force)
    result = validate_file(file)
    if result.unreadable:
        fail(result.problems[0].message.replace("cannot read file", f"cannot read {file}"))
    if not result.valid:
        report_problems(result.problems, [result.name], color)
        return EXIT_PROBLEMS
    journey = result.journey
    if journey is None:
        fail(f"{file} is a persona file: there is no map to export")
    columns, rows = step_rows(journey)
    if kind == "csv":
        content = write_csv([column.header for column in columns], rows, delimiter=delimiter)
        if to_stdout:
            content = content.removeprefix(b"\xef\xbb\xbf")  # no BOM inside a pipe
    else:
        content = write_xlsx(columns, rows, metadata_rows(journey), journey.scale)
    if place is None:
        write_stdout(content, binary=kind == "xlsx")
    else:
        write_target(place, content)
    return EXIT_OK


# Hidden, and described in each command's help: typer would print the argument's Python type beside it.
MapArgument = Annotated[str, typer.Argument(metavar="MAP", show_default=False, hidden=True)]
MAP_HELP = "MAP: the map file to export ('-' reads stdin)."
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite a file that exists.")]


def csv_command(file: MapArgument,
                output: Annotated[str | None, typer.Option(
                    "--output", "-o", metavar="FILE", show_default=False,
                    help="File to write (default: stdout, without the byte-order mark; '-' is stdout too).")] = None,
                delimiter: Annotated[Delimiter, typer.Option(
                    "--delimiter", "-d", metavar=",|;", help="Cell separator (';' for spreadsheets set to a "
                                                             "decimal comma).")] = Delimiter.comma,
                force: ForceOption = False, color: ColorOption = None) -> None:
    exit_with(export_sheet, "csv", file, output=output, force=force, delimiter=delimiter.value, color=color)


def xlsx_command(file: MapArgument,
                 output: Annotated[str | None, typer.Option(
                     "--output", "-o", metavar="FILE", show_default=False,
                     help="The .xlsx file to write ('-': stdout, when it is not a terminal).")] = None,
                 force: ForceOption = False, color: ColorOption = None) -> None:
    exit_with(export_sheet, "xlsx", file, output=output, force=force, color=color)


CSV_HELP = f"""Export a map as CSV: one row per step, UTF-8 with a byte-order mark (so Excel reads accents),
multi-value cells one value per line. The map's own keys (persona, scope, catalogues) have no place in
CSV: use xlsx to keep them. Channels are written by name where import finds the same id again.

{MAP_HELP}"""
XLSX_HELP = f"""Export a map as an Excel workbook: the "steps" sheet (header styled and frozen, wrapped text,
column widths, emotion cells coloured on the map's scale) and a "map" sheet with the map's own keys, which
`cjmap import xlsx` reads back.

{MAP_HELP}"""
app.command("csv", help=CSV_HELP)(csv_command)
app.command("xlsx", help=XLSX_HELP)(xlsx_command)
