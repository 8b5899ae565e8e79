""".xlsx in and out through openpyxl, with the zip checked before openpyxl sees it.

Reading: the archive's declared sizes are checked first (:func:`check_archive`): more than 100 MiB unpacked,
a member packed more than 100 to 1, or over 10,000 members is refused before anything is unpacked, so a zip
bomb costs a directory listing. Then a part that declares a DTD (``<!DOCTYPE``: the carrier of XML entity
attacks, which no workbook needs) is refused before any XML parser sees it. Python's zipfile never unpacks past a member's declared size (and fails on a
CRC mismatch), so the declared sizes bound the real work. The workbook is opened ``read_only`` (streamed
rows) with formulas' cached values, never their text; the sheet's declared dimensions are ignored, so a sheet
claiming a million columns is not padded out to them.

Writing: a sheet a person can open and edit — the header bold and frozen with the Stage and Step columns,
wrapped text, column widths, emotion cells coloured from red through yellow to green on the map's scale,
every text cell typed as text (never a formula) and guarded with a leading ``'`` like the CSV. A second
sheet, "map", holds the map's own keys (id, title, type, scale, persona, scope, catalogues ...), which
import reads back.
"""

from __future__ import annotations

import datetime
import io
import warnings
import zipfile
from collections.abc import Sequence
from typing import Any

from cjmap import codes
from cjmap.interop.csv_io import MAX_ROWS, refuse
from cjmap.interop.sheet import Cell, Column
from cjmap.interop.sheet_cells import neutralise, number_text
from cjmap.interop.sheet_import import MAX_COLUMNS, Rows, Table
from cjmap.model import Scale
from cjmap.problem import Location, Problem

MAX_XLSX_BYTES = 50 * 1024 * 1024
"""Bytes read from an .xlsx file (packed)."""
MAX_UNPACKED = 100 * 1024 * 1024
"""Declared unpacked size of all members together."""
MAX_RATIO = 100
"""Largest packing ratio of a member over 1 MiB unpacked (real sheets pack about 10 to 1)."""
MAX_MEMBERS = 10_000
MAP_SHEET = "map"
"""The name of the sheet that holds the map's own keys."""
MAX_MAP_ROWS = 1_000
_WIDTHS = {"stage": 18, "name": 30, "emotion": 9, "emotion_label": 14, "owner": 16, "channel": 16,
           "touchpoint": 20, "time": 8, "duration": 10, "moment_of_truth": 10, "stage_id": 16, "step_id": 20}
_MULTI_WIDTH = 40
_RED, _YELLOW, _GREEN = (0xF8, 0x69, 0x6B), (0xFF, 0xEB, 0x84), (0x63, 0xBE, 0x7B)
"""Excel's own three-colour scale."""


class SheetNotFound(Exception):
    """``--sheet NAME`` names no sheet of the workbook (a usage error)."""


def check_archive(content: bytes, file: str) -> None:
    """Refuse bytes that are no zip archive, or whose declared sizes make a zip bomb."""
    if len(content) > MAX_XLSX_BYTES:
        raise refuse(file, codes.SHEET_LIMIT, f"the file is over the {MAX_XLSX_BYTES // (1024 * 1024)} MiB limit")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        hint = ("this looks like CSV: use `cjmap import csv`" if content[:1] not in (b"\xd0", b"P")
                else "save it as an Excel workbook (.xlsx)")
        raise refuse(file, codes.SHEET_LAYOUT, "not an .xlsx workbook (no zip archive)", hint=hint) from None
    if len(members) > MAX_MEMBERS:
        raise refuse(file, codes.SHEET_LIMIT, f"the archive has {len(members):,} members, over {MAX_MEMBERS:,}")
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED:
        raise refuse(file, codes.SHEET_LIMIT, f"the workbook unpacks to {total:,} bytes, over the "
                     f"{MAX_UNPACKED // (1024 * 1024)} MiB limit", hint="a zip bomb, or a workbook to split")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise refuse(file, codes.SHEET_LIMIT, f"{member.filename!r} is packed {ratio:,.0f} to 1, over "
                         f"{MAX_RATIO} to 1", hint="a zip bomb; real sheets pack about 10 to 1")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for member in members:
            if _declares_dtd(archive, member):
                raise refuse(file, codes.SHEET_LAYOUT, f"the part {member.filename!r} declares a DTD (<!DOCTYPE>), "
                             "which no workbook needs: refused unread, as DTDs carry XML entity attacks (XXE, "
                             "billion laughs)", hint="save the workbook again from Excel or LibreOffice")


_DOCTYPES = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))
"""A DTD's start in every encoding the XML parser reads (UTF-8 and its ASCII-compatible kin, UTF-16)."""


def _declares_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Whether ``member`` holds a ``<!DOCTYPE``: read in chunks (its declared size is already bounded), every
    member whatever its name, since a workbook's relations may name any part as XML."""
    overlap = max(len(doctype) for doctype in _DOCTYPES) - 1
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(1024 * 1024):
                window = tail + chunk
                if any(doctype in window for doctype in _DOCTYPES):
                    return True
                tail = window[-overlap:]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return False  # an unreadable member is openpyxl's to report, as a broken part
    return False


def read_xlsx(content: bytes, file: str, sheet: str | None = None) -> Table:
    """The table on the first sheet (or ``sheet``) and the "map" sheet's keys; raises
    :class:`~cjmap.interop.csv_io.SheetInputError` or :class:`SheetNotFound`."""
    check_archive(content, file)
    import openpyxl  # type: ignore[import-untyped, unused-ignore]  # types-openpyxl is optional

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it skips; they do not matter here
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds (KeyError, XML errors) for a bad file
        # The exception's text may quote the file's XML: name only its kind.
        raise refuse(file, codes.SHEET_LAYOUT, "cannot be read as an .xlsx workbook: a part is missing or broken "
                     f"({type(exc).__name__})", hint="save it again from Excel or LibreOffice as .xlsx") from None
    try:
        names = list(workbook.sheetnames)
        if sheet is not None and sheet not in names:
            raise SheetNotFound(f"--sheet {sheet}: the workbook has no such sheet; it has "
                                + ", ".join(repr(name) for name in names))
        chosen = sheet if sheet is not None else names[0]
        header, header_row, rows, problems = _rows(workbook[chosen], file)
        metadata = next((_metadata(workbook[name]) for name in names
                         if name.casefold() == MAP_SHEET and name != chosen), {})
    except (SheetNotFound, ValueError, KeyError, SyntaxError) as exc:  # SyntaxError: XML's ParseError
        if isinstance(exc, SheetNotFound):
            raise
        raise refuse(file, codes.SHEET_LAYOUT, f"cannot be read as an .xlsx workbook: {type(exc).__name__}") from None
    finally:
        workbook.close()
    if header is None and not problems:
        raise refuse(file, codes.SHEET_LAYOUT, f"the sheet {chosen!r} is empty: no header row",
                     hint="the first row names the columns: Stage, Step, Emotion, …")
    return Table(file=file, header_row=header_row, header=header or [], rows=rows.rows if rows else [],
                 headerless=rows.headerless if rows else {}, metadata=metadata, problems=problems)


def _rows(worksheet: Any, file: str) -> tuple[list[Cell] | None, int, Rows | None, list[Problem]]:
    worksheet.reset_dimensions()  # never pad rows to the dimensions the file claims
    header: list[Cell] | None = None
    header_row = 1
    rows: Rows | None = None
    problems: list[Problem] = []
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if len(values) > MAX_COLUMNS:
            problems.append(Problem.of(codes.SHEET_LIMIT, file, Location(line=number, column=1),
                                       f"the row has {len(values):,} columns, over the {MAX_COLUMNS:,} of a "
                                       "spreadsheet; the rest is not read"))
            break
        cells = [cell_value(value) for value in values]
        if rows is None:
            if any(cell is not None and str(cell).strip() for cell in cells):
                header, header_row, rows = cells, number, Rows(cells)
            elif number > MAX_ROWS:
                break
            continue
        if number - header_row > MAX_ROWS:
            problems.append(Problem.of(codes.SHEET_LIMIT, file, Location(line=number, column=1),
                                       f"the sheet has more than {MAX_ROWS:,} rows; the rest is not read",
                                       hint="split the journey into several maps"))
            break
        rows.add(number, cells)
    return header, header_row, rows, problems


def cell_value(value: Any) -> Cell:
    """An .xlsx value as a cell: text and numbers as they are, dates, times and yes/no as text."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M") if not value.second else value.strftime("%H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 60} min" if seconds % 60 == 0 else f"{seconds}s"
    return str(value)


def _metadata(worksheet: Any) -> dict[str, str]:
    worksheet.reset_dimensions()
    found: dict[str, str] = {}
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number > MAX_MAP_ROWS:
            break
        cells = [cell_value(value) for value in values[:2]]
        if len(cells) == 2 and isinstance(cells[0], str) and cells[1] is not None and number > 1:
            key = cells[0].strip()
            found[key] = cells[1] if isinstance(cells[1], str) else number_text(cells[1])
    return {key: _restored(value) for key, value in found.items()}


def _restored(text: str) -> str:
    from cjmap.interop.sheet_cells import restore

    return restore(text)


def write_xlsx(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], metadata: Sequence[tuple[str, str]],
               scale: Scale, *, sheets: tuple[str, str] = ("steps", MAP_SHEET), frozen: str = "C2") -> bytes:
    """The workbook: the rows' sheet (styled, frozen at ``frozen``, wrapped, emotions coloured) and the
    metadata's; ``sheets`` names them (a map's: "steps" and "map")."""
    # Typed when types-openpyxl is installed, Any otherwise: the ignores cover both.
    from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

    workbook = Workbook()
    steps = workbook.active
    assert steps is not None  # a new workbook always has its first sheet
    steps.title = sheets[0]
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="305496")
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(columns, start=1):
        cell = steps.cell(row=1, column=index)
        _set_text(cell, column.header)
        cell.font, cell.fill, cell.alignment = header_font, header_fill, wrap
        width = _WIDTHS.get(column.key, _MULTI_WIDTH if column.multi else 24)
        steps.column_dimensions[get_column_letter(index)].width = width
    for number, row in enumerate(rows, start=2):
        for index, (column, value) in enumerate(zip(columns, row), start=1):
            cell = steps.cell(row=number, column=index)
            if isinstance(value, (int, float)):
                cell.value = value
                if column.key == "emotion":
                    cell.fill = PatternFill("solid", fgColor=emotion_colour(scale, float(value)))
            elif value is not None:
                _set_text(cell, value)
            cell.alignment = wrap
    steps.freeze_panes = frozen
    steps.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{max(len(rows) + 1, 1)}"
    sheet = workbook.create_sheet(sheets[1])
    for number, (key, value) in enumerate([("key", "value"), *metadata], start=1):
        _set_text(sheet.cell(row=number, column=1), key)
        _set_text(sheet.cell(row=number, column=2), value)
        sheet.cell(row=number, column=2).alignment = wrap
        if number == 1:
            for index in (1, 2):
                sheet.cell(row=1, column=index).font = header_font
                sheet.cell(row=1, column=index).fill = header_fill
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 16, 80
    sheet.freeze_panes = "A2"
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _set_text(cell: Any, text: str) -> None:
    """Text typed as text: openpyxl would read a leading ``=`` as a formula, so the type is set after."""
    cell.value = neutralise(text)
    cell.data_type = "s"


def emotion_colour(scale: Scale, score: float) -> str:
    """The fill of an emotion cell: red at the scale's bottom, yellow at neutral, green at the top (RRGGBB)."""
    position = max(-1.0, min(1.0, scale.normalise(score)))
    low, high = (_YELLOW, _GREEN) if position >= 0 else (_YELLOW, _RED)
    share = abs(position)
    return "".join(f"{round(a + (b - a) * share):02X}" for a, b in zip(low, high))
