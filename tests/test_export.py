"""``cjmap export csv|xlsx`` through the installed console script, and map → sheet → map round trips."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLES

from cjmap.validation.validator import validate_file

PLAIN_ENV = {"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
"""A bare environment; PYTHONPATH kept so that a checkout's own code runs."""
CJMAP = Path(sys.executable).parent / "cjmap"
INJECTION = '=HYPERLINK("http://evil.example","click")'


def cjmap(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CJMAP), *args], capture_output=True, text=True, timeout=120, check=False,
                          env=PLAIN_ENV)


def model_dump(path: Path) -> dict[str, object]:
    result = validate_file(str(path))
    assert result.journey is not None, result.problems
    return result.journey.model_dump()


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.name)
def test_map_to_xlsx_to_map_gives_the_same_model(example: Path, tmp_path: Path) -> None:
    workbook, again = tmp_path / "map.xlsx", EXAMPLES / f".roundtrip-{example.stem}.yaml"
    assert cjmap("export", "xlsx", str(example), "-o", str(workbook)).returncode == 0
    try:
        # Written beside the examples so the persona and baseline paths resolve as in the original.
        result = cjmap("import", "xlsx", str(workbook), "-o", str(again))
        assert (result.returncode, result.stderr) == (0, "")
        assert model_dump(again) == model_dump(example)
    finally:
        again.unlink(missing_ok=True)


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.name)
def test_map_to_csv_to_map_keeps_the_stages(example: Path, tmp_path: Path) -> None:
    sheet, again = tmp_path / "map.csv", tmp_path / "again.yaml"
    assert cjmap("export", "csv", str(example), "-o", str(sheet)).returncode == 0
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf")
    assert cjmap("import", "csv", str(sheet), "-o", str(again)).returncode == 0
    assert model_dump(again)["stages"] == model_dump(example)["stages"]


MAP = f"""cjmap: 1
id: evil
title: Evil
type: current-state
scale: -2..2
channels:
  web: Website
stages:
  - name: Sign up
    goals: [Get in]
    steps:
      - name: '{INJECTION}'
        channel: web
        emotion: -2
        actions: ['@SUM(A1)', '+cmd', plain]
        pain_points:
          - {{id: vat, text: '-VAT asked first', severity: high}}
        kpis:
          - {{name: completion, value: 42%, target: '>= 60%'}}
      - name: Pays
        emotion: {{score: 2, label: glad}}
"""


def test_csv_export_neutralises_formulas_and_lays_out_the_row(tmp_path: Path) -> None:
    # Only a cell's start can make a formula, so only the start is guarded (not '+cmd' on its second line).
    # 'web' is written as its id: import derives 'website' from the name 'Website', so the id would change.
    source = tmp_path / "evil.yaml"
    source.write_text(MAP, encoding="utf-8")
    result = cjmap("export", "csv", str(source))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "Stage,Step,Touchpoint,Channel,Actions,Thoughts,Emotion,Emotion label,Pain points,Opportunities,KPIs,Owner,"
        "Research,Stage goals\n"
        "Sign up,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",,web,\"'@SUM(A1)\n+cmd\nplain\",,"
        "-2,,\"[high, #vat] -VAT asked first\",,42% of target 60% — completion,,,Get in\n"
        "Sign up,Pays,,,,,2,glad,,,,,,\n")


def test_formula_text_survives_both_ways_and_is_never_a_formula_in_xlsx(tmp_path: Path) -> None:
    source, workbook, again = tmp_path / "evil.yaml", tmp_path / "evil.xlsx", tmp_path / "again.yaml"
    source.write_text(MAP, encoding="utf-8")
    assert cjmap("export", "xlsx", str(source), "-o", str(workbook)).returncode == 0
    sheet = openpyxl.load_workbook(workbook)["steps"]
    step = sheet["B2"]
    assert (step.value, step.data_type) == ("'" + INJECTION, "s")
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert cjmap("import", "xlsx", str(workbook), "-o", str(again)).returncode == 0
    assert model_dump(again) == model_dump(source)
    assert model_dump(again)["stages"][0]["steps"][0]["name"] == INJECTION  # type: ignore[index]


def test_the_xlsx_is_a_sheet_people_can_edit(tmp_path: Path) -> None:
    source, workbook = tmp_path / "evil.yaml", tmp_path / "evil.xlsx"
    source.write_text(MAP, encoding="utf-8")
    assert cjmap("export", "xlsx", str(source), "-o", str(workbook)).returncode == 0
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["steps", "map"]
    steps = book["steps"]
    assert steps.freeze_panes == "C2"
    assert steps["A1"].font.bold and steps["A1"].value == "Stage"
    assert steps["E2"].alignment.wrap_text
    assert steps.column_dimensions["B"].width == 30
    # -2 is the bottom of -2..2: red; 2 the top: green (Excel's own colour scale).
    assert (steps["G2"].value, steps["G2"].fill.fgColor.rgb) == (-2, "00F8696B")
    assert (steps["G3"].value, steps["G3"].fill.fgColor.rgb) == (2, "0063BE7B")
    assert [[cell.value for cell in row] for row in book["map"].iter_rows()] == [
        ["key", "value"], ["id", "evil"], ["title", "Evil"], ["type", "current-state"],
        ["scale", '{"min": -2, "max": 2, "neutral": 0}'], ["channels", '{"web": {"name": "Website"}}']]


def test_import_reads_the_sheet_named_by_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.title = "notes"
    second = book.create_sheet("Journey")
    for row in (["Phase", "Step", "Feeling"], ["A", "one", 4]):
        second.append(row)
    book.save(tmp_path / "two.xlsx")
    result = cjmap("import", "xlsx", str(tmp_path / "two.xlsx"), "--sheet", "Journey")
    assert result.returncode == 0 and "      - name: one\n        emotion: 4\n" in result.stdout
    missing = cjmap("import", "xlsx", str(tmp_path / "two.xlsx"), "--sheet", "Nope")
    assert (missing.returncode, missing.stderr) == (2, "cjmap: error: --sheet Nope: the workbook has no such sheet; "
                                                       "it has 'notes', 'Journey'\n")


def test_export_refuses_invalid_maps_and_overwrites(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("cjmap: 1\nid: b\ntitle: B\ntype: nope\nstages: []\n", encoding="utf-8")
    result = cjmap("export", "csv", str(bad))
    assert result.returncode == 1 and f"{bad}:4:7: V023" in result.stderr and result.stdout == ""
    good = EXAMPLES / "commuter-day.yaml"
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"keep")
    refused = cjmap("export", "xlsx", str(good), "-o", str(target))
    assert (refused.returncode, refused.stderr) == (2, f"cjmap: error: {target} already exists; use --force to "
                                                       "overwrite it\n")
    assert cjmap("export", "xlsx", str(good), "-o", str(target), "--force").returncode == 0
    assert target.read_bytes().startswith(b"PK")
    no_output = cjmap("export", "xlsx", str(good))
    assert (no_output.returncode, no_output.stderr) == (2, "cjmap: error: an .xlsx workbook is written to a file: "
                                                           "give it with -o FILE (or -o - for stdout)\n")
    missing = cjmap("export", "csv", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_semicolon_export_reads_back(tmp_path: Path) -> None:
    sheet, again = tmp_path / "m.csv", tmp_path / "m.yaml"
    example = EXAMPLES / "cafe-order.blueprint.yaml"
    assert cjmap("export", "csv", str(example), "-d", ";", "-o", str(sheet)).returncode == 0
    assert sheet.read_text(encoding="utf-8-sig").startswith("Stage;Step;")
    assert cjmap("import", "csv", str(sheet), "-o", str(again)).returncode == 0
    assert model_dump(again)["stages"] == model_dump(example)["stages"]
