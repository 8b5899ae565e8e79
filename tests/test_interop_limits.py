"""Hostile imports stay bounded and clear (issue 21): a CSV with thousands of headerless columns, Mermaid text
full of unclosed ``%%{``, entities a map cannot hold, too many tasks, and workbooks that declare a DTD."""

from __future__ import annotations

import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from tests.conftest import CliRunner

CJMAP = Path(sys.executable).parent / "cjmap"


def _cpu(action: object) -> float:
    assert callable(action)
    start = time.process_time()
    action()
    return time.process_time() - start


# --- CSV ---------------------------------------------------------------------------------------------------

def test_headerless_columns_are_one_problem_and_cost_little_memory() -> None:
    from cjmap.interop.csv_io import read_csv
    from cjmap.interop.sheet_import import MapOptions, convert

    columns, rows = 1_500, 200
    content = ("Stage,Step\n" + "".join(f"S,step {row}," + ",".join("x" * columns) + "\n"
                                        for row in range(rows))).encode()
    tracemalloc.start()
    try:
        converted = convert(read_csv(content, "wide.csv"), MapOptions(stem="wide"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # One problem for 300,000 stray cells (it was one per cell: 150 MB of problems for this 600 kB file).
    assert [(problem.code, problem.location.line, problem.location.column, problem.message)
            for problem in converted.problems] == [
        ("E002", 2, 3, "values in 1,500 columns that have no header (columns 3, 4, 5, 6, 7, …); the first is here")]
    assert peak < 20 * len(content), f"{peak:,} bytes at peak for a {len(content):,}-byte file"


def test_problems_are_capped_per_sheet_with_a_closing_count(cli: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("Stage,Step,Emotion\n" + "".join(f"S,step {row},happy\n" for row in range(2, 302)),
                     encoding="utf-8")
    result = cli("import", "csv", str(sheet))
    assert result.code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    # 49 cell problems, the closing count, the summary: no 'use --format json' (import has no such option).
    assert len([line for line in lines if line.startswith(str(sheet))]) == 50
    assert lines[-3:] == [
        f"{sheet}:50:3: E003 [sheet-limit] and 251 more problems (300 in all; at most 50 are listed per sheet)",
        "  hint: fix these and import again",
        "Found 50 errors in 1 of 1 file."]


def test_one_stray_value_keeps_its_own_message(cli: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "stray.csv"
    sheet.write_text("Stage,Step,,Emotion\nA,one,,3\nA,two,stray,4\nA,three,again,4\n", encoding="utf-8")
    result = cli("import", "csv", str(sheet))
    assert (result.code, result.stderr) == (1, f"{sheet}:3:3: E002 [sheet-cell] a value in column 3, which has "
                                               "no header\n  hint: name the column in the header row, or move the "
                                               "value\nFound 1 error in 1 of 1 file.\n")


def test_a_row_wider_than_a_spreadsheet_stops_the_read(cli: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "wide.csv"
    sheet.write_text("Stage,Step\nA,one\n" + "," * 20_000 + "\nB,two\n", encoding="utf-8")
    result = cli("import", "csv", str(sheet))
    assert result.code == 1
    assert result.stderr.startswith(f"{sheet}:3:1: E003 [sheet-limit] the row has 20,001 columns, over the 16,384 "
                                    "of a spreadsheet; the rest is not read\n")


# --- Mermaid -----------------------------------------------------------------------------------------------

def _unclosed(count: int) -> str:
    return "journey\n  section A\n    Task: 3\n" + "%%{ " * count + "\n"


def test_unclosed_directives_are_scanned_once() -> None:
    from cjmap.interop.mermaid import parse

    small, large = 2_000, 40_000  # the large one took 16 s; 600 kB of them over 120 s
    parse(_unclosed(small), "d.mmd")
    per_small = _cpu(lambda: parse(_unclosed(small), "d.mmd")) / small
    per_large = _cpu(lambda: parse(_unclosed(large), "d.mmd")) / large
    # Linear: about the same per opening (quadratic: 20 times more); 5 leaves room for a busy machine.
    assert per_large < 5 * per_small + 2e-6, (per_small, per_large)


def test_closed_directives_are_all_cut_out() -> None:
    from cjmap.interop.mermaid import parse

    text = "%%{init: {}}%%\njourney\n%%{a}%% %%{b\n}%%\n  section A\n    Task: 3\n"
    diagram, problems = parse(text, "d.mmd")
    assert diagram is not None and [task.name for task in diagram.sections[0].tasks] == ["Task"]
    assert [(problem.code, problem.location.line, problem.location.column) for problem in problems] == [
        ("M002", 1, 1), ("M002", 3, 1), ("M002", 3, 9)]


def test_an_entity_no_map_can_hold_is_kept_as_written_with_a_warning(cli: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "s.mmd"
    source.write_text("journey\ntitle T\n  section A\n    Task #55296; x: 3\n    Other #1; #9731;: 4\n",
                      encoding="utf-8")
    result = cli("import", "mermaid", str(source))
    assert result.code == 0, result.stderr
    assert "name: 'Task #55296; x'\n" in result.stdout and "name: 'Other #1; ☃'\n" in result.stdout
    hint = "  hint: write the character itself, or a named entity such as #amp;\n"
    what = "names no character a map can hold (a control character, a UTF-16 surrogate half or a number past " \
           "U+10FFFF); it is kept as written\n"
    assert result.stderr == (f"{source}:4:10: M003 [mermaid-changed] the entity #55296; {what}{hint}"
                             f"{source}:5:11: M003 [mermaid-changed] the entity #1; {what}{hint}"
                             "Found 2 warnings in 1 of 1 file.\n")
    assert "bug in cjmap" not in result.stderr


def test_too_many_tasks_is_a_clear_error(cli: CliRunner, tmp_path: Path) -> None:
    from cjmap.interop.mermaid import MAX_TASKS

    source = tmp_path / "many.mmd"
    source.write_text("journey\n  section A\n" + "".join(f"    T{n}: 3\n" for n in range(MAX_TASKS + 5)),
                      encoding="utf-8")
    result = cli("import", "mermaid", str(source))
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == (f"{source}:{MAX_TASKS + 3}:5: M001 [mermaid-syntax] the diagram has more than 10,000 "
                             "tasks, the most one import reads; this is the first one past the limit\n"
                             "  hint: split the journey into several diagrams\nFound 1 error in 1 of 1 file.\n")


def test_a_map_over_the_size_limit_is_no_bug(cli: CliRunner, tmp_path: Path) -> None:
    # Each Mermaid comment becomes a header line '# Mermaid comment (line N): x' of 30 bytes or more: enough of
    # them make a map over the size limit, which used to be reported as 'a bug in cjmap import'.
    from cjmap.loader import MAX_BYTES

    source = tmp_path / "comments.mmd"
    source.write_text("journey\ntitle T\n  section A\n    T: 3\n" + "%%x\n" * (MAX_BYTES // 30), encoding="utf-8")
    result = cli("import", "mermaid", str(source))
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == (f"{source}:1:1: M001 [mermaid-syntax] the imported map would be over the {MAX_BYTES:,}-"
                             "byte limit of a map file\n  hint: split the journey\nFound 1 error in 1 of 1 file.\n")


# --- .xlsx -------------------------------------------------------------------------------------------------

def _workbook_with(tmp_path: Path, prolog: str, cell: str) -> Path:
    import openpyxl

    plain, hostile = tmp_path / "plain.xlsx", tmp_path / "hostile.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["Stage", "Step"], ["A", "one"]):
        sheet.append(row)
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(hostile, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = data.decode("utf-8").split("?>", 1)[-1]
                data = (f'<?xml version="1.0"?>{prolog}{body}').replace("<t>one</t>", f"<t>{cell}</t>").encode()
            target.writestr(item, data)
    return hostile


LAUGHS = "<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">" + "".join(
    f"<!ENTITY lol{level} \"{f'&lol{level - 1};' * 10}\">" for level in range(1, 10)) + "]>"


@pytest.mark.parametrize(("prolog", "cell"), [
    (LAUGHS, "&lol9;"),  # billion laughs: expat's amplification limit raised ParseError, exit 3
    ("<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>", "&xxe;"),  # XXE
    ("<!DOCTYPE x [<!ENTITY small \"two\">]>", "&small;"),  # harmless, yet read as 'two' before
], ids=["billion-laughs", "xxe", "internal-entity"])
def test_a_workbook_declaring_a_dtd_is_refused_unread(tmp_path: Path, prolog: str, cell: str) -> None:
    import subprocess

    hostile = _workbook_with(tmp_path, prolog, cell)
    result = subprocess.run([str(CJMAP), "import", "xlsx", str(hostile)], capture_output=True, text=True,
                            timeout=120)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"{hostile}:1:1: E001 [sheet-layout] the part 'xl/worksheets/sheet1.xml' declares a "
                             "DTD (<!DOCTYPE>), which no workbook needs: refused unread, as DTDs carry XML entity "
                             "attacks (XXE, billion laughs)\n  hint: save the workbook again from Excel or "
                             "LibreOffice\nFound 1 error in 1 of 1 file.\n")


def test_a_dtd_in_utf16_is_found_too(tmp_path: Path) -> None:
    from cjmap.interop.csv_io import SheetInputError
    from cjmap.interop.xlsx_io import check_archive

    packed = tmp_path / "u16.xlsx"
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("[Content_Types].xml", '\ufeff<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x []><x/>'
                         .encode("utf-16-le"))
    with pytest.raises(SheetInputError, match="declares a DTD"):
        check_archive(packed.read_bytes(), "u16.xlsx")


# --- Mermaid output ----------------------------------------------------------------------------------------

def _one_step_map(tmp_path: Path, name_length: int) -> Path:
    path = tmp_path / "big.yaml"
    path.write_text("cjmap: 1\nid: big\ntitle: Big\ntype: current-state\nstages:\n  - id: a\n    name: A\n"
                    f"    steps:\n      - {{id: s1, name: {'x' * name_length}, emotion: 3}}\n", encoding="utf-8")
    return path


def test_a_diagram_past_mermaids_max_text_size_is_warned_about(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("render", "-f", "mermaid", str(_one_step_map(tmp_path, 60_000)))
    assert result.code == 0 and "x" * 60_000 in result.stdout
    assert result.stderr == (
        "cjmap: warning: the Mermaid journey diagram is 60,126 characters long, over Mermaid's default maxTextSize "
        "of 50,000: Mermaid draws no diagram from it (shorten the names, split the map, or raise maxTextSize where "
        "the diagram is shown)\n")
    within = cli("render", "-f", "mermaid", str(_one_step_map(tmp_path, 49_000)))
    assert (within.code, within.stderr) == (0, "")


def test_the_limit_is_mermaids_own() -> None:
    from cjmap.render.mermaid import MAX_TEXT_SIZE, text_size

    bundle = Path(__file__).parent / "node" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    if not bundle.is_file():
        pytest.skip("Mermaid is not installed in tests/node")
    assert f"maxTextSize:{MAX_TEXT_SIZE:.0e}".replace("e+0", "e") in bundle.read_text(encoding="utf-8")
    assert text_size("a😀") == 3  # JavaScript's length: an emoji is two UTF-16 code units
