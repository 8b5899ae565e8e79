"""Lanes of the team's own (``lanes:``): every command through the CLI, as a user runs it.

The map declares a text, a list and a score lane; steps fill them under ``lanes:``. Invalid declarations and
values are in ``tests/maps/invalid/custom-lanes.yaml`` (located to the column, with test_invalid_maps.py).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    TODAY,
    VNU_JAR,
    browser_or_skip,
    load_mermaid,
    mermaid_missing,
    vnu_missing,
    watched_page,
)
from conftest import CliRunner
from markdown_support import assert_gfm, cmark_missing

from cjmap.model import JourneyMap
from cjmap.render import mermaid
from cjmap.validation.validator import validate_file

MAPS = Path(__file__).parent / "maps"
LANES_MAP = MAPS / "valid" / "custom-lanes.yaml"
INVALID = MAPS / "invalid" / "custom-lanes.yaml"


def journey_of(path: Path) -> JourneyMap:
    result = validate_file(str(path))
    assert result.valid and result.journey is not None, result.problems
    return result.journey


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# validate -------------------------------------------------------------------------------------------------

def test_validate_accepts_declared_lanes(cli: CliRunner) -> None:
    result = cli("validate", str(LANES_MAP))
    assert (result.code, result.stdout) == (0, "All good! 1 file checked.\n")
    journey = journey_of(LANES_MAP)
    assert [(lane.id, lane.kind) for lane in journey.lanes] == [("quotes", "text"), ("data", "list"),
                                                                ("engagement", "score")]
    assert journey.stages[0].steps[0].lanes == {"quotes": "I just want a time that works",
                                                "data": ["CRM record", "call log"], "engagement": 4}


def test_validate_locates_every_lane_problem(cli: CliRunner) -> None:
    result = cli("validate", "--format", "json", str(INVALID))
    assert result.code == 1
    found = [(p["code"], p["line"], p["column"]) for p in json.loads(result.stdout)["problems"]]
    assert found == [("V037", 18, 9), ("V037", 20, 9), ("V037", 24, 10), ("V037", 27, 10), ("V023", 30, 11),
                     ("V036", 44, 19), ("V036", 45, 17), ("V036", 46, 23), ("V035", 47, 11), ("V035", 49, 11),
                     ("V022", 49, 19)]


def test_an_undeclared_lane_suggests_the_declared_one(cli: CliRunner) -> None:
    result = cli("validate", str(INVALID))
    assert f"{INVALID}:47:11: V035 [unknown-lane] unknown lane 'engagment'\n  hint: did you mean 'engagement'?" \
        in result.stdout


def test_a_map_without_lanes_may_not_fill_one(cli: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "m.yaml", "cjmap: 1\nid: m\ntitle: M\ntype: current-state\nstages:\n  - name: A\n"
                                     "    steps:\n      - {name: S, lanes: {quotes: hi}}\n")
    result = cli("validate", str(path))
    assert result.code == 1
    assert result.stdout.startswith(f"{path}:8:27: V035 [unknown-lane] unknown lane 'quotes'\n"
                                    "  hint: declare it under the map's 'lanes:' (or the project configuration's)\n")


def test_a_list_lane_takes_one_text_as_a_list_of_one(tmp_path: Path) -> None:
    text = LANES_MAP.read_text(encoding="utf-8")
    assert "data: Booking system" in text  # the short form, as pain points and actions take it
    assert journey_of(LANES_MAP).stages[0].steps[1].lanes["data"] == "Booking system"


# lint -----------------------------------------------------------------------------------------------------

def test_lint_reports_a_lane_no_step_fills(cli: CliRunner, tmp_path: Path) -> None:
    text = LANES_MAP.read_text(encoding="utf-8").replace("    max: 5\n", "    max: 5\n  - id: compliance\n"
                                                                            "    title: Compliance\n")
    path = write(tmp_path, "lanes.yaml", text)
    result = cli("lint", "--select", "R009", str(path))
    assert (result.code, result.stdout) == (0, (
        f"{path}:19:9: R009 [unused-lane] lane 'compliance' (Compliance) is declared but no step fills it\n"
        "  hint: fill it on the steps (`lanes: {compliance: ...}`), or remove it from `lanes:`\n"
        "Found 1 info in 1 of 1 file.\n"))
    assert cli("lint", "--select", "R009", str(LANES_MAP)).stdout.startswith("All good!")


# render ---------------------------------------------------------------------------------------------------

def rows_of(html: str) -> list[str]:
    """The grid's lane rows, top to bottom (the screen's table)."""
    grid = html.split('<table class="grid">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr class="(lane-[^"]+)"', grid)


def test_html_shows_the_lanes_after_the_customers_in_declared_order(cli: CliRunner, tmp_path: Path) -> None:
    text = LANES_MAP.read_text(encoding="utf-8").replace(
        "        emotion: 2\n", "        emotion: 2\n        research: [Call recordings]\n", 1)
    path = write(tmp_path, "lanes.yaml", text)
    output = tmp_path / "lanes.html"
    assert cli("render", "--format", "html", "-o", str(output), str(path)).code == 0
    html = output.read_text(encoding="utf-8")
    assert rows_of(html) == ["lane-emotion", "lane-research", "lane-custom-quotes", "lane-custom-data",
                             "lane-custom-engagement"]
    assert '<th scope="row">Customer quotes</th>' in html
    assert "<li>CRM record</li><li>call log</li>" in html
    # the score lane's own curve: its points at the lane's scores, a legend entry, a column in the score table
    curve = html.split('data-curve="score-lane score-lane-1">', 1)[1].split("</g>", 1)[0]
    assert re.findall(r'data-step="([^"]+)" data-value="([^"]+)"', curve) == [("call", "4"), ("confirm", "2.5")]
    assert "Engagement (1..5, stretched onto the emotion scale)" in html
    assert '<th scope="col" class="num">Engagement</th>' in html


def test_a_score_lane_is_stretched_onto_the_emotion_scale(cli: CliRunner, tmp_path: Path) -> None:
    text = LANES_MAP.read_text(encoding="utf-8").replace("    min: 1\n    max: 5\n", "    min: 0\n    max: 10\n")
    text = text.replace("engagement: 4", "engagement: 10").replace("engagement: 2.5", "engagement: 0")
    path = write(tmp_path, "lanes.yaml", text)
    html = cli("render", "--format", "html", str(path)).stdout
    curve = html.split('data-curve="score-lane score-lane-1">', 1)[1].split("</g>", 1)[0]
    main = html.split('data-curve="main">', 1)[1].split("</g>\n</g>", 1)[0]
    lane_y = [float(y) for y in re.findall(r' cy="([^"]+)"', curve)]
    # 10 of 0..10 is the top of the 1..5 emotion scale (where a 5 would be), 0 the bottom (a 1)
    journey = journey_of(path)
    assert journey.lanes[2].on_scale(journey.scale, 10) == 5 and journey.lanes[2].on_scale(journey.scale, 0) == 1
    assert lane_y[0] < min(float(y) for y in re.findall(r'class="point [a-z]+" data-step="[^"]+" data-value="[^"]+" '
                                                        r'cx="[^"]+" cy="([^"]+)"', main))
    assert lane_y[1] > lane_y[0]


@pytest.mark.skipif(cmark_missing() is not None, reason=str(cmark_missing()))
def test_markdown_shows_the_lanes_and_a_second_chart_line(cli: CliRunner) -> None:
    result = cli("render", "--format", "markdown", str(LANES_MAP))
    assert result.code == 0
    text = result.stdout
    assert ("| Emotion | 2 (−) · valley |\n| Customer quotes | I just want a time that works |\n"
            "| Data | CRM record<br>call log |\n| Engagement | 4 |\n") in text
    assert "  line [2, 4]\n  line [4, 2.5]\n" in text
    assert "🟦 emotion (blue) · 🟩 Engagement 1..5, stretched onto the emotion scale (green)" in text
    parsed = assert_gfm(text)
    scores = next(table for table in parsed.tables if table.header[:3] == ["#", "Stage", "Step"])
    assert scores.header[-1] == "Engagement" and [row[-1] for row in scores.rows] == ["4", "2.5"]


def test_the_chart_line_is_left_out_when_the_lane_scores_other_steps() -> None:
    journey = journey_of(LANES_MAP)
    journey.stages[0].steps[1].lanes.pop("engagement")
    assert mermaid.xychart(journey).count("  line [") == 1 and mermaid.xychart_legend(journey) == ""


def test_a_score_lane_alone_is_charted_without_an_empty_mermaid_chart(cli: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "m.yaml", "cjmap: 1\nid: n\ntitle: N\ntype: current-state\nlanes:\n"
                                     "  - {id: engagement, title: Engagement, kind: score}\nstages:\n  - name: A\n"
                                     "    steps:\n      - {name: S1, lanes: {engagement: 2}}\n"
                                     "      - {name: S2, lanes: {engagement: 5}}\n")
    html = cli("render", "--format", "html", str(path)).stdout
    assert 'data-curve="score-lane score-lane-1"' in html
    markdown = cli("render", "--format", "markdown", str(path)).stdout
    assert "xychart-beta" not in markdown
    assert "| 1 | A | S1 | — |  | 2 |\n| 2 | A | S2 | — |  | 5 |\n" in markdown


def test_mermaid_journey_leaves_the_lanes_out_with_one_warning(cli: CliRunner) -> None:
    result = cli("render", "--format", "mermaid", str(LANES_MAP))
    assert result.code == 0
    assert result.stdout == mermaid.to_mermaid(journey_of(LANES_MAP))
    assert result.stderr.count("warning:") == 1
    assert ("warning: tests/maps/valid/custom-lanes.yaml" in result.stderr or str(LANES_MAP) in result.stderr)
    assert "own lanes (Customer quotes, Data, Engagement) are left out of the Mermaid journey" in result.stderr


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    yield from browser_or_skip()


def test_html_lanes_in_chromium(chromium: Any) -> None:
    from cjmap.render.pages import load_map, render_map

    loaded, problems = load_map(str(LANES_MAP))
    assert loaded is not None and not problems
    with watched_page(chromium, width=1400) as page:
        page.set_content(render_map(loaded, "html", today=TODAY))
        assert page.events["console"] == [] and page.events["pageerror"] == []
        headers = page.evaluate("() => [...document.querySelectorAll('table.grid')[0].querySelectorAll("
                                "'tbody th[scope=row]')].map((th) => th.innerText.trim())")
        assert headers[-3:] == ["CUSTOMER QUOTES", "DATA", "ENGAGEMENT"] or \
            headers[-3:] == ["Customer quotes", "Data", "Engagement"]
        points = page.evaluate("() => [...document.querySelectorAll('g[data-curve^=\"score-lane\"] circle')]"
                               ".map((c) => { const r = c.getBoundingClientRect(); return {w: r.width, "
                               "stroke: getComputedStyle(c).fill}; })")
        assert len(points) == 2 and all(point["w"] > 0 for point in points)
        main = page.evaluate("() => getComputedStyle(document.querySelector('g[data-curve=\"main\"] path.solid'))"
                             ".stroke")
        lane = page.evaluate("() => getComputedStyle(document.querySelector('g[data-curve^=\"score-lane\"] "
                             "path.solid')).stroke")
        assert lane != main  # a colour of its own


STROKES = """async (source) => { const {svg} = await mermaid.render('lanes', source);
  const holder = document.createElement('div'); holder.innerHTML = svg;
  return [...holder.querySelectorAll('g[class^="line-plot-"] path')].map((p) => p.getAttribute('stroke')); }"""


def test_real_mermaid_draws_the_score_lane_as_a_second_line(chromium: Any) -> None:
    if reason := mermaid_missing():
        pytest.skip(reason)
    journey = journey_of(LANES_MAP)
    with watched_page(chromium) as page:
        load_mermaid(page)
        assert page.evaluate(STROKES, mermaid.xychart(journey)) == [mermaid.AFTER.hex, mermaid.LANE_COLOURS[0].hex]
        assert page.events["pageerror"] == []


def test_html_with_lanes_passes_the_nu_checker(tmp_path: Path, cli: CliRunner) -> None:
    if reason := vnu_missing():
        pytest.skip(reason)
    page = tmp_path / "page.html"
    assert cli("render", "--format", "html", "-o", str(page), str(LANES_MAP)).code == 0
    done = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", "--also-check-svg", str(page)],
                          capture_output=True, text=True, timeout=180, check=False)
    messages = json.loads(done.stderr or "{}").get("messages", [])
    assert [m for m in messages if m.get("type") == "error"] == []


# diff -----------------------------------------------------------------------------------------------------

def test_diff_reports_lane_declarations_and_values(cli: CliRunner, tmp_path: Path) -> None:
    text = LANES_MAP.read_text(encoding="utf-8")
    new = text.replace("    description: Systems the step leaves a trace in.\n", "") \
        .replace("    title: Engagement\n", "    title: Engagement arc\n") \
        .replace("          engagement: 2.5", "          engagement: 3\n          quotes: Finally") \
        .replace("    max: 5\n", "    max: 5\n  - id: compliance\n    title: Compliance\n")
    old_path, new_path = write(tmp_path, "old.yaml", text), write(tmp_path, "new.yaml", new)
    result = cli("diff", "--exit-code", "--format", "json", str(old_path), str(new_path))
    assert result.code == 1
    changes = [(c["kind"], c["path"], c["before"], c["after"]) for c in json.loads(result.stdout)["maps"][0]["changes"]]
    assert changes == [
        ("removed", "/lanes/id=data/description", "Systems the step leaves a trace in.", None),
        ("renamed", "/lanes/id=engagement", "Engagement", "Engagement arc"),
        ("added", "/lanes/id=compliance", None, {"id": "compliance", "title": "Compliance"}),
        ("modified", "/stages/id=booking/steps/id=confirm/lanes/engagement", 2.5, 3),
        ("added", "/stages/id=booking/steps/id=confirm/lanes/quotes", None, "Finally"),
    ]
    text_report = cli("diff", str(old_path), str(new_path)).stdout
    assert "* lane “Engagement” renamed to “Engagement arc”" in text_report
    assert "+ lane “Compliance” added" in text_report
    assert "~ lane engagement of step “Gets a confirmation” changed from 2.5 to 3" in text_report
    assert "+ lane quotes of step “Gets a confirmation” set to “Finally”" in text_report


# spreadsheets ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_sheets_round_trip_the_lanes(cli: CliRunner, tmp_path: Path, kind: str) -> None:
    sheet, back = tmp_path / f"lanes.{kind}", tmp_path / "back.yaml"
    assert cli("export", kind, str(LANES_MAP), "-o", str(sheet)).code == 0
    assert cli("import", kind, str(sheet), "-o", str(back)).code == 0
    before, after = journey_of(LANES_MAP), journey_of(back)
    described = [(lane.id, lane.title, lane.kind, lane.low, lane.high) for lane in after.lanes]
    assert described == [(lane.id, lane.title, lane.kind, lane.low, lane.high) for lane in before.lanes]
    assert [step.lanes for _, step in after.steps()] == [
        {"quotes": "I just want a time that works", "data": ["CRM record", "call log"], "engagement": 4},
        {"data": ["Booking system"], "engagement": 2.5}]
    # xlsx keeps the map sheet, descriptions included; CSV declares the lanes in its headers
    assert (after.lanes[1].description is not None) == (kind == "xlsx")


def test_csv_headers_declare_the_lanes_and_cells_are_guarded(cli: CliRunner, tmp_path: Path) -> None:
    text = LANES_MAP.read_text(encoding="utf-8").replace('"I just want a time that works"', '"=HYPERLINK(1)"')
    path = write(tmp_path, "lanes.yaml", text)
    out = cli("export", "csv", str(path)).stdout
    header = out.splitlines()[0]
    assert header.endswith('Research,Customer quotes (lane:quotes),"Data (lane:data, list)",'
                           '"Engagement (lane:engagement, score 1..5)",Stage id,Step id')
    assert ",'=HYPERLINK(1),\"CRM record\ncall log\",4," in out
    back = tmp_path / "back.yaml"
    assert cli("import", "csv", "-", "-o", str(back), stdin=out.encode()).code == 0
    assert journey_of(back).stages[0].steps[0].lanes["quotes"] == "=HYPERLINK(1)"


def test_import_reports_a_lane_cell_that_is_no_score(cli: CliRunner, tmp_path: Path) -> None:
    sheet = write(tmp_path, "s.csv", "Stage,Step,\"Engagement (lane:engagement, score)\"\nA,S,high\n")
    result = cli("import", "csv", str(sheet))
    assert result.code == 1
    assert f"{sheet}:2:3: E002 [sheet-cell] expected a number such as 3 or 3.5, got 'high'" in result.stderr


# fmt, init, schema ----------------------------------------------------------------------------------------

def test_fmt_places_lanes_and_keeps_comments(cli: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, "f.yaml", """\
cjmap: 1
id: f
title: F
type: current-state
stages:
  - name: A
    steps:
      - lanes:  # what the team adds
          quotes: hi
          engagement: 3
        name: S
        emotion: 3
# the team's lanes
lanes:
  - kind: score  # the arc
    title: Engagement
    id: engagement
  - {title: Quotes, id: quotes}
channels:
  web: Website
""")
    assert cli("fmt", str(path)).code == 0
    assert path.read_text(encoding="utf-8") == """\
cjmap: 1
id: f
title: F
type: current-state
channels:
  web: Website
# the team's lanes
lanes:
  - id: engagement
    title: Engagement
    kind: score  # the arc
  - {id: quotes, title: Quotes}
stages:
  - name: A
    steps:
      - name: S
        emotion: 3
        lanes:  # what the team adds
          engagement: 3
          quotes: hi
"""
    assert cli("fmt", "--check", str(path)).code == 0


def test_init_hints_at_a_lane_that_validates_once_uncommented(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "journey.yaml"
    assert cli("init", "--type", "current-state", str(path)).code == 0
    text = path.read_text(encoding="utf-8")
    assert "# lanes:  # lanes of your own" in text and "        # lanes: {quotes: what they said}" in text
    opened = text.replace("# lanes:  # lanes", "lanes:  # lanes").replace("#   - {id: quotes", "  - {id: quotes") \
        .replace("        # lanes: {quotes", "        lanes: {quotes", 1)
    path.write_text(opened, encoding="utf-8")
    assert cli("validate", str(path)).code == 0
    assert journey_of(path).stages[0].steps[0].lanes == {"quotes": "what they said"}


def test_the_json_schema_describes_lanes(cli: CliRunner) -> None:
    schema = json.loads(cli("schema").stdout)
    lane = schema["$defs"]["CustomLane"]
    assert lane["required"] == ["id", "title"]
    assert lane["properties"]["kind"]["enum"] == ["text", "list", "score"]
    (values,) = schema["$defs"]["Step"]["properties"]["lanes"]["patternProperties"].values()
    values = values["anyOf"]
    assert [value["type"] for value in values] == ["string", "array", "number"]


# lanes shared by the project configuration ----------------------------------------------------------------

SHARED_MAP = """\
cjmap: 1
id: m
title: M
type: current-state
lanes:
  - id: engagement
    title: Engagement 0..10
    kind: score
    min: 0
    max: 10
  - id: data
    title: Data
    kind: list
stages:
  - id: a
    name: A
    steps:
      - id: s
        name: S
        emotion: 3
        lanes: {quotes: hi, engagement: 8, data: [x]}
"""


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    from cjmap.validation import project as shared

    (tmp_path / "maps").mkdir()
    write(tmp_path / "maps", "m.yaml", SHARED_MAP)
    shared.clear_caches()
    yield tmp_path
    shared.clear_caches()


def test_the_project_configuration_shares_lanes_with_every_map(cli: CliRunner, project: Path) -> None:
    write(project, ".cjmap.yaml", "select: [R009]\nlanes:\n  - {id: quotes, title: Customer quotes}\n"
                                  "  - {id: engagement, title: Engagement, kind: score}\n  - {id: spare, title: Spare}\n")
    path = project / "maps" / "m.yaml"
    assert cli("validate", str(path)).code == 0
    journey = journey_of(path)
    # shared first, in the configuration's order, the map's own declaration of a shared id winning
    assert [(lane.id, lane.title, lane.high) for lane in journey.lanes] == [
        ("quotes", "Customer quotes", 5), ("engagement", "Engagement 0..10", 10), ("spare", "Spare", 5),
        ("data", "Data", 5)]
    markdown = cli("render", "--format", "markdown", str(path)).stdout
    assert "| Customer quotes | hi |\n| Engagement 0..10 | 8 |\n| Data | x |\n" in markdown
    # a shared lane no step of this map fills is not this map's to fix
    assert cli("lint", str(path)).stdout.startswith("All good!")


def test_pyproject_shares_lanes_too(cli: CliRunner, project: Path) -> None:
    write(project, "pyproject.toml", '[tool.cjmap]\nlanes = [{id = "quotes", title = "Quotes"}]\n')
    assert cli("validate", str(project / "maps" / "m.yaml")).code == 0


def test_broken_shared_lanes_are_reported_in_the_configuration(cli: CliRunner, project: Path) -> None:
    config = write(project, ".cjmap.yaml", "lanes:\n  - id: quotes\n    title: Quotes\n    kind: essay\n"
                                           "  - id: actions\n    title: Actions again\n")
    result = cli("validate", str(project / "maps" / "m.yaml"))
    assert (result.code, result.stdout) == (1, (
        f"{config}:4:11: V023 [invalid-value] the text 'essay' is not allowed here\n"
        "  hint: expected one of: text, list, score\n"
        f"{config}:5:9: V037 [lane-declaration] the lane id 'actions' is a built-in step key\n"
        "  hint: write the built-in `actions:` on the steps, or give the lane another id\n"
        "Found 2 errors in 1 of 2 files (1 file checked, 1 configuration it uses).\n"))
    # the map fills the broken 'quotes' lane: not judged, and not called unknown


def test_without_a_shared_declaration_the_lane_is_unknown(cli: CliRunner, project: Path) -> None:
    result = cli("validate", str(project / "maps" / "m.yaml"))
    assert result.code == 1 and "V035 [unknown-lane] unknown lane 'quotes'" in result.stdout
