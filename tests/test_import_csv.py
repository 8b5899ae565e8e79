"""``cjmap import csv|xlsx`` through the installed console script: outputs, located errors, hostile sheets."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES

PLAIN_ENV = {"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
"""A bare environment; PYTHONPATH kept so that a checkout's own code runs."""
CJMAP = Path(sys.executable).parent / "cjmap"
SHEETS = FIXTURES / "sheets"


def cjmap(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CJMAP), *args], capture_output=True, text=True, timeout=120, check=False, cwd=cwd,
                          input=stdin.decode() if stdin is not None else None,
                          env=PLAIN_ENV)


def test_a_designers_semicolon_csv_with_bom_and_synonyms_imports() -> None:
    result = cjmap("import", "csv", str(SHEETS / "designer.csv"))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "# Imported by `cjmap import csv` from designer.csv: one row per step.\n"
        "cjmap: 1\nid: designer\ntitle: Designer\ntype: current-state\nscale: 1..5\nchannels:\n  website: Website\n"
        "stages:\n  - name: Discover\n    steps:\n      - name: Sees an ad\n        channel: [website]\n"
        "        emotion: 3\n        pain_points:\n          - text: VAT asked first\n            severity: high\n"
        "          - text: Slow page\n        kpis:\n          - name: sign-up completion\n            value: 42%\n"
        "            target: 60%\n      - name: Reads pricing\n        channel: [website]\n        emotion: 4.5\n"
        "  - name: Pay\n    steps:\n      - name: =HYPERLINK(\"http://x\")\n        emotion: 2\n")


def test_the_imported_map_validates_lints_and_renders(tmp_path: Path) -> None:
    target = tmp_path / "designer.yaml"
    assert cjmap("import", "csv", str(SHEETS / "designer.csv"), "-o", str(target)).returncode == 0
    assert cjmap("validate", str(target)).returncode == 0
    assert cjmap("lint", str(target)).returncode in (0, 1)
    rendered = cjmap("render", str(target), "--format", "markdown")
    assert rendered.returncode == 0 and "Sees an ad" in rendered.stdout


def test_options_set_what_a_sheet_cannot_hold() -> None:
    result = cjmap("import", "csv", str(SHEETS / "designer.csv"), "--id", "coffee", "--title", "Coffee",
                   "--type", "future-state", "--scale", "-2..2")
    assert result.returncode == 1  # 3 and 4.5 are off -2..2, located at their cells
    hint = "  hint: the map's scale is -2..2 (neutral 0); change the score or declare another 'scale:'\n"
    assert result.stderr == (
        f"{SHEETS / 'designer.csv'}:2:3: V033 [emotion-out-of-scale] emotion 3 lies outside the scale -2..2\n{hint}"
        f"{SHEETS / 'designer.csv'}:3:3: V033 [emotion-out-of-scale] emotion 4.5 lies outside the scale -2..2\n"
        f"{hint}Found 2 errors in 1 of 1 file.\n")
    good = cjmap("import", "csv", str(SHEETS / "designer.csv"), "--id", "coffee", "--title", "Coffee",
                 "--type", "future-state", "--scale", "1..10")
    assert good.returncode == 0
    assert "id: coffee\ntitle: Coffee\ntype: future-state\nscale: 1..10\n" in good.stdout
    assert result.stdout == ""


def test_bad_cells_get_row_and_column(tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("Stage,Step,Emotion,Pain points,Colour\nA,one,happy,,red\n,two,3,[huge] x,\n"
                     "B,,2,,\nC,three,3,,,extra\n", encoding="utf-8")
    result = cjmap("import", "csv", str(sheet))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        f"{sheet}:1:5: E001 [sheet-layout] the column 'Colour' is not part of the layout and is left out\n"
        "  hint: see `cjmap import csv --help` for the columns read\n"
        f"{sheet}:2:3: E002 [sheet-cell] expected a number such as 3 or 3.5, got 'happy'\n"
        f"{sheet}:3:4: E002 [sheet-cell] 'huge' in [huge] is no severity (low, medium, high, critical), #id or "
        "attribute\n"
        "  hint: write e.g. '[high] VAT asked first' or '[critical, #vat-first] VAT asked first'\n"
        f"{sheet}:4:2: E002 [sheet-cell] the step has no name\n  hint: write the step's name in this cell\n"
        f"{sheet}:5:6: E002 [sheet-cell] a value in column 6, which has no header\n"
        "  hint: name the column in the header row, or move the value\n"
        "Found 4 errors, 1 warning in 1 of 1 file.\n")


def test_model_problems_are_placed_on_their_cells(tmp_path: Path) -> None:
    sheet = tmp_path / "ids.csv"
    sheet.write_text("Stage,Step,Step id,KPIs\nA,one,same,about half — x\nA,two,same,\n", encoding="utf-8")
    result = cjmap("import", "csv", str(sheet))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{sheet}:2:4: V023 [invalid-value]") for line in lines), result.stderr
    assert any(line.startswith(f"{sheet}:3:3: V030 [duplicate-id]") for line in lines), result.stderr


def test_a_missing_step_column_is_a_layout_error(tmp_path: Path) -> None:
    sheet = tmp_path / "no-step.csv"
    sheet.write_text("Phase,Feeling\nA,3\n", encoding="utf-8")
    result = cjmap("import", "csv", str(sheet))
    assert (result.returncode, result.stderr) == (1, (
        f"{sheet}:1:1: E001 [sheet-layout] the header row has no 'Step' column\n"
        "  hint: the first row names the columns: at least 'Step'\nFound 1 error in 1 of 1 file.\n"))


def test_stdin_and_overwrite_rules(tmp_path: Path) -> None:
    result = cjmap("import", "csv", "-", stdin=b"Stage,Step\nA,one\n")
    assert result.returncode == 0 and "id: journey" in result.stdout
    target = tmp_path / "out.yaml"
    target.write_text("keep", encoding="utf-8")
    refused = cjmap("import", "csv", "-", "-o", str(target), stdin=b"Stage,Step\nA,one\n")
    assert (refused.returncode, refused.stderr) == (2, f"cjmap: error: {target} already exists; use --force to "
                                                       "overwrite it\n")
    assert target.read_text(encoding="utf-8") == "keep"
    forced = cjmap("import", "csv", "-", "-o", str(target), "--force", stdin=b"Stage,Step\nA,one\n")
    assert forced.returncode == 0 and target.read_text(encoding="utf-8").startswith("# Imported")


def test_environment_errors_exit_2(tmp_path: Path) -> None:
    missing = cjmap("import", "csv", str(tmp_path / "nope.csv"))
    assert (missing.returncode, missing.stderr) == (2, f"cjmap: error: cannot read {tmp_path / 'nope.csv'}: No "
                                                       "such file or directory\n")
    assert cjmap("import", "csv", "x.csv", "--type", "nonsense").returncode == 2


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty: no header row"),
    (b"Stage,Step\n\xff\xfe\xfa,x\n", "the file is not UTF-8 (byte 12)"),
    (b"PK\x03\x04rest", "this is a spreadsheet workbook, not CSV"),
    (b'Stage,Step\nA,"one"two\n', "the row cannot be read as CSV: ',' expected after '\"'"),
])
def test_unreadable_csv_is_one_located_error(tmp_path: Path, content: bytes, message: str) -> None:
    sheet = tmp_path / "x.csv"
    sheet.write_bytes(content)
    result = cjmap("import", "csv", str(sheet))
    assert result.returncode == 1 and result.stdout == ""
    assert message in result.stderr.splitlines()[0], result.stderr
    assert "Traceback" not in result.stderr


def test_a_huge_cell_is_refused_at_its_row(tmp_path: Path) -> None:
    sheet = tmp_path / "huge.csv"
    sheet.write_text("Stage,Step\nA,one\nA," + "x" * 40_000 + "\n", encoding="utf-8")
    result = cjmap("import", "csv", str(sheet))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (f"{sheet}:3:1: E003 [sheet-limit] a cell is over the 32,767-character "
                                             "limit (Excel's own)")


def test_100000_rows_are_refused_quickly(tmp_path: Path) -> None:
    sheet = tmp_path / "rows.csv"
    sheet.write_text("Stage,Step,Emotion\n" + "A,step,3\n" * 100_000, encoding="utf-8")
    started = time.monotonic()
    result = cjmap("import", "csv", str(sheet))
    assert time.monotonic() - started < 60
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (f"{sheet}:50002:1: E003 [sheet-limit] the sheet has more than 50,000 "
                                             "rows; the rest is not read")


def test_a_csv_over_50_mib_is_refused_unread(tmp_path: Path) -> None:
    sheet = tmp_path / "big.csv"
    with sheet.open("wb") as stream:
        stream.write(b"Stage,Step\n")
        stream.seek(51 * 1024 * 1024)
        stream.write(b"\n")
    result = cjmap("import", "csv", str(sheet))
    assert result.returncode == 1
    assert "E003 [sheet-limit] the file is over the 50 MiB limit for CSV" in result.stderr


def zip_bomb() -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * 1024 * 1024))
    return stream.getvalue()


def test_a_zip_bomb_disguised_as_xlsx_is_refused_before_unpacking(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(zip_bomb())
    assert bomb.stat().st_size < 1024 * 1024
    started = time.monotonic()
    result = cjmap("import", "xlsx", str(bomb))
    assert time.monotonic() - started < 10
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"{bomb}:1:1: E003 [sheet-limit] the workbook unpacks to 209,715,208 bytes, over the "
                             "100 MiB limit\n  hint: a zip bomb, or a workbook to split\nFound 1 error in 1 of 1 "
                             "file.\n")


def test_a_dense_member_is_refused_by_its_ratio(tmp_path: Path) -> None:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (20 * 1024 * 1024))
    (tmp_path / "dense.xlsx").write_bytes(stream.getvalue())
    result = cjmap("import", "xlsx", str(tmp_path / "dense.xlsx"))
    assert result.returncode == 1
    assert "'xl/worksheets/sheet1.xml' is packed" in result.stderr and "over 100 to 1" in result.stderr


@pytest.mark.parametrize("content, message", [
    (b"Stage,Step\nA,b\n", "not an .xlsx workbook (no zip archive)"),
    (b"PK\x05\x06" + b"\0" * 18, "cannot be read as an .xlsx workbook"),
])
def test_files_that_are_no_workbook_are_one_error(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "x.xlsx").write_bytes(content)
    result = cjmap("import", "xlsx", str(tmp_path / "x.xlsx"))
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_an_xlsx_over_50000_rows_is_refused_at_the_row(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("steps")
    sheet.append(["Stage", "Step", "Emotion"])
    for _ in range(60_000):
        sheet.append(["A", "step", 3])
    book.save(tmp_path / "rows.xlsx")
    result = cjmap("import", "xlsx", str(tmp_path / "rows.xlsx"))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (f"{tmp_path / 'rows.xlsx'}:50002:1: E003 [sheet-limit] the sheet has "
                                             "more than 50,000 rows; the rest is not read")


def test_xlsx_cells_past_the_header_are_located(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["Stage", "Step"], ["A", "one", "stray"], ["A", "two"]):
        sheet.append(row)
    book.save(tmp_path / "bad.xlsx")
    result = cjmap("import", "xlsx", str(tmp_path / "bad.xlsx"))
    file = tmp_path / "bad.xlsx"
    assert (result.returncode, result.stderr) == (1, (
        f"{file}:2:3: E002 [sheet-cell] a value in column 3, which has no header\n"
        "  hint: name the column in the header row, or move the value\n"
        "Found 1 error in 1 of 1 file.\n"))
