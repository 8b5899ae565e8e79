"""CSV in and out: UTF-8 with or without BOM, commas or semicolons (or tabs) sniffed from the header row,
quoted multi-line cells; bounded in bytes, rows and cell size so hostile files fail fast with a located error.

Rows are counted as a spreadsheet shows them (the header is row 1), not as lines of text: a quoted cell that
spans three lines is still one row.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
from collections.abc import Iterator, Sequence

from cjmap import codes
from cjmap.interop.sheet import Cell
from cjmap.interop.sheet_cells import neutralise, number_text
from cjmap.interop.sheet_import import MAX_CELL, MAX_COLUMNS, Rows, Table
from cjmap.problem import Location, Problem

MAX_CSV_BYTES = 50 * 1024 * 1024
"""Bytes read from a CSV file: 50,000 rows of long cells fit; a multi-gigabyte file is refused unread."""
MAX_ROWS = 50_000
"""Data rows read from a sheet (a 100-step map is large); more is refused."""
DELIMITERS = (",", ";", "\t")


class SheetInputError(Exception):
    """A sheet that cannot be read at all; ``problem`` says why and where (exit 1)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def refuse(file: str, code: codes.Code, message: str, hint: str | None = None,
           where: Location = Location()) -> SheetInputError:
    """The error for a sheet that cannot be read."""
    return SheetInputError(Problem.of(code, file, where, message, hint=hint))


def decode(content: bytes, file: str) -> str:
    """The text of a CSV file: UTF-8, a BOM dropped; anything else is refused with the fix."""
    if len(content) > MAX_CSV_BYTES:
        raise refuse(file, codes.SHEET_LIMIT, f"the file is over the {MAX_CSV_BYTES // (1024 * 1024)} MiB limit "
                     "for CSV", hint="split the sheet, or check that this is the file you meant")
    if content.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise refuse(file, codes.SHEET_LAYOUT, "this is a spreadsheet workbook, not CSV",
                     hint="use `cjmap import xlsx` (legacy .xls: save it as .xlsx first)")
    if b"\x00" in content[:8192] and not content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise refuse(file, codes.SHEET_LAYOUT, "binary data, not CSV text")
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16").replace("\x00", "")
        except UnicodeDecodeError as exc:
            raise refuse(file, codes.SHEET_LAYOUT, f"the file is not valid UTF-16 ({exc.reason})") from None
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[:exc.start].count(b"\n") + 1
        raise refuse(file, codes.SHEET_LAYOUT, f"the file is not UTF-8 (byte {exc.start + 1})",
                     hint="save it as 'CSV UTF-8' (Excel) or 'Unicode (UTF-8)' (LibreOffice)",
                     where=Location(line=line, column=1)) from None


def sniff(text: str) -> str:
    """The delimiter: whichever of comma, semicolon and tab the header line holds most of (comma on a tie)."""
    first = text.lstrip("\r\n").split("\n", 1)[0]
    counts = {delimiter: _outside_quotes(first).count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _outside_quotes(line: str) -> str:
    return "".join(part for index, part in enumerate(line.split('"')) if index % 2 == 0)


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    # The csv module's limit is process-wide: set for this read only.
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def read_csv(content: bytes, file: str) -> Table:
    """The table in a CSV file's bytes; raises :class:`SheetInputError` when it cannot be read at all."""
    text = decode(content, file)
    reader = csv.reader(_lines(text), delimiter=sniff(text), strict=True)
    header: list[Cell] | None = None
    header_row = 1
    rows: Rows | None = None
    read = 0
    problems: list[Problem] = []
    number = 0
    with _field_limit(MAX_CELL + 1):
        while True:
            number += 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                problems.append(_unreadable(file, number, str(exc)))
                break  # the reader cannot resynchronise after a broken quote
            if len(record) > MAX_COLUMNS:
                problems.append(Problem.of(codes.SHEET_LIMIT, file, Location(line=number, column=1),
                                           f"the row has {len(record):,} columns, over the {MAX_COLUMNS:,} of a "
                                           "spreadsheet; the rest is not read"))
                break
            if rows is None:
                if any(cell.strip() for cell in record):
                    header, header_row, rows = list(record), number, Rows(record)
                continue
            if read >= MAX_ROWS:
                problems.append(Problem.of(codes.SHEET_LIMIT, file, Location(line=number, column=1),
                                           f"the sheet has more than {MAX_ROWS:,} rows; the rest is not read",
                                           hint="split the journey into several maps"))
                break
            read += 1
            rows.add(number, record)
    if header is None and not problems:
        raise refuse(file, codes.SHEET_LAYOUT, "the file is empty: no header row",
                     hint="the first row names the columns: Stage, Step, Emotion, …")
    return Table(file=file, header_row=header_row, header=header or [], rows=rows.rows if rows else [],
                 headerless=rows.headerless if rows else {}, problems=problems)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their ends, as the csv module reads them: a line at a time, where a
    ``StringIO`` would hold a second copy of the whole file at four bytes a character."""
    return (match.group() for match in _LINE.finditer(text))


def _unreadable(file: str, number: int, message: str) -> Problem:
    """The problem of a row the csv module cannot read: a cell over the limit, or broken quotes."""
    if "field larger than field limit" in message:
        return Problem.of(codes.SHEET_LIMIT, file, Location(line=number, column=1),
                          f"a cell is over the {MAX_CELL:,}-character limit (Excel's own)")
    return Problem.of(codes.SHEET_CELL, file, Location(line=number, column=1),
                      f"the row cannot be read as CSV: {message}",
                      hint="check the quotes: a cell with quotes inside is written \"like \"\"this\"\"\"")


def write_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]], *, delimiter: str = ",") -> bytes:
    """A CSV file: UTF-8 with a BOM (so Excel reads accents right), CRLF rows, cells guarded against formulas."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([_cell_text(cell) for cell in row])
    return codecs.BOM_UTF8 + stream.getvalue().encode("utf-8")


def _cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, (int, float)):
        return number_text(cell)
    return neutralise(cell)
