"""Every Markdown cjmap writes, parsed by cmark-gfm (GitHub's parser): tables that stay tables, no HTML from a map.

``render -f markdown`` of every example and of stress maps (1 to 60 steps, long and Cyrillic names, every map
type), ``score -f markdown`` and ``diff -f markdown``: each must give GitHub as many tables as it writes, with
every row, and no paragraph that starts with ``|``. Map text must never become an HTML element there.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from browser_support import PAYLOADS, write_hostile_map
from conftest import EXAMPLES, CliRunner
from markdown_support import assert_gfm, cmark_missing, gfm, pipe_tables

from cjmap.render.mermaid import task_name

pytestmark = pytest.mark.skipif(cmark_missing() is not None, reason=str(cmark_missing()))

MAPS = sorted(EXAMPLES.glob("*.yaml"))
DIFF_PAIRS = Path(__file__).parent / "golden" / "diff" / "maps"
KINDS = ("current-state", "future-state", "day-in-the-life", "service-blueprint")
NAMES = {
    "plain": ("Opens the app", "Compares plans", "Calls support", "Pays online", "Waits for the parcel"),
    "long": ("Opens the app again because the notification promised a discount that is nowhere to be seen",
             "Compares three plans side by side, reading every footnote about cancellation fees twice",
             "Calls support and waits on hold for twenty-five minutes while the music loops"),
    "cyrillic": ("Примеряет платье для свадьбы подруги", "Сравнивает тарифы и читает примечания",
                 "Звонит в поддержку и долго ждёт ответа", "Оплачивает заказ картой"),
}


def stress_map(steps: int, text: str, kind: str) -> dict[str, Any]:
    """A valid map of ``steps`` steps in stages of four, every lane the Markdown page shows filled."""
    names = NAMES[text]
    body = [{"id": f"s{n}", "name": f"{names[n % len(names)]} {n}", "channel": ["web"],
             "actions": [names[(n + 1) % len(names)]], "emotion": {"score": n % 5 - 2, "label": names[n % 2]},
             "pain_points": [{"id": f"p{n}", "text": names[(n + 2) % len(names)], "severity": "high"}],
             "opportunities": [{"id": f"o{n}", "text": "Call back | later", "addresses": [f"p{n}"]}],
             "kpis": [{"id": f"k{n}", "name": "wait", "value": n, "target": "<= 4 min"}],
             "moment_of_truth": n % 7 == 3}
            for n in range(1, steps + 1)]
    for step in body[4::5]:
        del step["emotion"]  # a gap in the curve
    journey: dict[str, Any] = {
        "cjmap": 1, "id": f"stress-{steps}", "title": f"{steps} steps", "type": kind, "scale": "-2..2",
        "channels": {"web": "Website"},
        "stages": [{"id": f"st{i}", "name": f"{names[i % len(names)]} stage", "steps": body[i:i + 4]}
                   for i in range(0, steps, 4)],
    }
    if kind == "future-state":
        journey["baseline"] = "baseline.yaml"
    return journey


def write_stress_map(folder: Path, steps: int, text: str, kind: str) -> Path:
    if kind == "future-state":
        baseline = stress_map(steps, text, "current-state") | {"id": "baseline"}
        (folder / "baseline.yaml").write_text(json.dumps(baseline, ensure_ascii=False), encoding="utf-8")
    path = folder / f"stress-{steps}-{text}-{kind}.yaml"
    path.write_text(json.dumps(stress_map(steps, text, kind), ensure_ascii=False), encoding="utf-8")
    return path


def _check_page(markdown: str, steps: list[str]) -> None:
    """A rendered map as GitHub shows it: every table a table, the score table naming every step in order."""
    parsed = assert_gfm(markdown, tables=pipe_tables(markdown))
    (scores,) = [table for table in parsed.tables if table.header[:3] == ["#", "Stage", "Step"]]
    assert [row[2] for row in scores.rows] == steps
    assert [row[0] for row in scores.rows] == [str(n) for n in range(1, len(steps) + 1)]


@pytest.mark.parametrize("example", MAPS, ids=lambda p: p.stem)
def test_every_example_renders_markdown_github_shows_as_written(cli: CliRunner, example: Path) -> None:
    from cjmap.loader import load

    result = cli("render", "-f", "markdown", str(example))
    assert result.code == 0, result.stderr
    steps = [step["name"] for stage in load(example.read_bytes(), str(example)).data["stages"]
             for step in stage["steps"]]
    _check_page(result.stdout, steps)


@pytest.mark.parametrize("steps", [1, 12, 24, 40, 60])
@pytest.mark.parametrize("text", sorted(NAMES))
def test_stress_maps_render_markdown_github_shows_as_written(cli: CliRunner, tmp_path: Path, steps: int,
                                                            text: str) -> None:
    for kind in KINDS if steps in (12, 60) else KINDS[:1]:
        path = write_stress_map(tmp_path, steps, text, kind)
        result = cli("render", "-f", "markdown", str(path))
        assert result.code == 0, result.stderr
        names = [step["name"] for stage in stress_map(steps, text, kind)["stages"] for step in stage["steps"]]
        _check_page(result.stdout, names)
        # every step has its lane table; pain points, opportunities and KPIs each their own
        assert pipe_tables(result.stdout) == 1 + steps + 3
        # the journey diagram cuts long names with "…", and the render says which
        cut = [name for name in names if task_name(name) != name]
        assert [line for line in result.stderr.splitlines() if "shortened" in line] == [
            line for line in result.stderr.splitlines() if line.startswith("cjmap: warning: step")]
        assert len([line for line in result.stderr.splitlines() if "shortened" in line]) == len(cut)
        assert bool(cut) == (text != "plain")


def test_a_render_that_shortens_nothing_says_nothing(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("render", "-f", "markdown", str(write_stress_map(tmp_path, 3, "plain", "current-state")))
    assert result.code == 0 and result.stderr == ""


def test_the_shortening_warning_names_the_step_and_what_is_shown(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("render", "-f", "markdown", str(write_stress_map(tmp_path, 1, "cyrillic", "current-state")))
    assert result.stderr == (
        "cjmap: warning: step 1 'Сравнивает тарифы и читает примечания 1' is shortened to 'Сравнивает тарифы и…' "
        "in the Mermaid journey diagram, whose task boxes clip longer names (the page names it in full)\n")
    assert "Сравнивает тарифы и…: " in result.stdout


def test_render_mermaid_keeps_every_name_whole(cli: CliRunner, tmp_path: Path) -> None:
    """``render -f mermaid`` goes back to a map with ``import mermaid``: nothing is cut, nothing is warned."""
    result = cli("render", "-f", "mermaid", str(write_stress_map(tmp_path, 4, "long", "current-state")))
    assert result.code == 0 and result.stderr == "" and "…" not in result.stdout


def test_score_markdown_tables(cli: CliRunner) -> None:
    one = cli("score", "-f", "markdown", str(MAPS[0]))
    assert_gfm(one.stdout, tables=pipe_tables(one.stdout))
    assert pipe_tables(one.stdout) >= 1
    many = cli("score", "-f", "markdown", *map(str, MAPS))
    parsed = assert_gfm(many.stdout, tables=pipe_tables(many.stdout))
    assert len(parsed.tables[0].rows) == len(MAPS)


@pytest.mark.parametrize("old, new", [("old.yaml", "new.yaml"), ("scale-old.yaml", "scale-new.yaml"),
                                      ("old.yaml", "old.yaml")])
def test_diff_markdown_tables(cli: CliRunner, old: str, new: str) -> None:
    result = cli("diff", "-f", "markdown", str(DIFF_PAIRS / old), str(DIFF_PAIRS / new))
    assert result.code == 0, result.stderr
    parsed = assert_gfm(result.stdout, tables=pipe_tables(result.stdout))
    assert len(parsed.tags("details")) == result.stdout.count("<details>")


def _hostile_pair(tmp_path: Path) -> tuple[Path, Path]:
    """A plain map and the same map with every name and text replaced by payloads."""
    new = write_hostile_map(tmp_path)
    hostile = json.loads(new.read_text(encoding="utf-8"))
    old = tmp_path / "old.yaml"
    plain = {**hostile, "title": "Plain", "stages": [
        {"id": "a", "name": "Stage A", "steps": [{"id": "s1", "name": "Step one", "emotion": 1}]},
        {"id": "b", "name": "Stage B", "steps": [{"id": "s2", "name": "Step two", "emotion": -2}]}]}
    old.write_text(json.dumps(plain, ensure_ascii=False), encoding="utf-8")
    return old, new


def _no_markup_from_the_map(markdown: str) -> None:
    """No element a payload would make: only cjmap's own anchors and links within the page."""
    parsed = gfm(markdown)
    elements = {tag for tag, _ in parsed.elements}
    assert not elements & {"img", "script", "svg", "iframe", "textarea"}, elements
    assert not [attributes for _, attributes in parsed.elements if any(name.startswith("on") for name in attributes)]
    assert all(set(link) == {"id"} or set(link) == {"href"} and str(link["href"]).startswith("#")
               for link in parsed.tags("a")), parsed.tags("a")


def test_diff_markdown_writes_no_html_from_the_map(cli: CliRunner, tmp_path: Path) -> None:
    """Issue 21 (5a): inside ``<details><summary>`` backslash escapes do not apply; names are HTML-escaped."""
    old, new = _hostile_pair(tmp_path)
    result = cli("diff", "-f", "markdown", str(old), str(new))
    assert result.code == 0, result.stderr
    _no_markup_from_the_map(result.stdout)
    parsed = assert_gfm(result.stdout, tables=pipe_tables(result.stdout))
    summaries = [tag for tag, _ in parsed.elements if tag == "summary"]
    assert len(summaries) == result.stdout.count("<summary>") >= 2
    assert PAYLOADS[1] in parsed.html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"') \
        .replace("&#39;", "'").replace("&amp;", "&")  # the text is still there, as text


def test_the_summary_of_a_stage_named_like_a_tag_is_text(cli: CliRunner, tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text("cjmap: 1\nid: m\ntitle: M\ntype: current-state\nstages:\n"
                   "  - {id: a, name: A, steps: [{id: s, name: S, emotion: 2}]}\n", encoding="utf-8")
    new.write_text("cjmap: 1\nid: m\ntitle: M\ntype: current-state\nstages:\n"
                   "  - {id: a, name: '<img src=x onerror=alert(1)//>', steps: [{id: s, name: S, emotion: 2}]}\n",
                   encoding="utf-8")
    result = cli("diff", "-f", "markdown", str(old), str(new))
    parsed = gfm(result.stdout)
    assert parsed.tags("img") == [] and "onerror" not in "".join(str(a) for _, a in parsed.elements)
    assert "Stage &lt;img src=x onerror=alert(1)//&gt;" in parsed.html


def test_render_markdown_writes_no_html_from_the_map(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("render", "-f", "markdown", str(write_hostile_map(tmp_path)))
    assert result.code == 0, result.stderr
    _no_markup_from_the_map(result.stdout)
    assert_gfm(result.stdout, tables=pipe_tables(result.stdout))


def test_the_checker_catches_the_old_broken_score_table() -> None:
    """A blank line after each row (what the template wrote) ends the table: the checker must say so."""
    broken = "| # | Step |\n\n|--:|---|\n\n| 1 | Pays |\n\n| 2 | Leaves |\n"
    with pytest.raises(AssertionError, match="table rows GitHub shows as text"):
        assert_gfm(broken, tables=1)
    with pytest.raises(AssertionError, match="0 tables, expected 1"):
        assert_gfm("A table:\n\n```\n| # | Step |\n```\n", tables=1)
    assert len(assert_gfm("| # | Step |\n|--:|---|\n| 1 | Pays |\n| 2 | Leaves |\n", tables=1).tables[0].rows) == 2


def test_ci_installs_cmark_gfm() -> None:
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "cmark-gfm" in ci and shutil.which("cmark-gfm")


@pytest.mark.parametrize("file_name", ["javascript:alert(1)", "a>b) [x](javascript:alert(2)", "back\\slash<.yaml"])
def test_a_baseline_file_name_stays_one_relative_link(cli: CliRunner, tmp_path: Path, file_name: str) -> None:
    """Issue 21 (5a): the baseline's file name was written raw into ``[…](<…>)``."""
    baseline = stress_map(2, "plain", "current-state") | {"id": "base", "title": "Today"}
    (tmp_path / file_name).write_text(json.dumps(baseline), encoding="utf-8")
    future = stress_map(2, "plain", "future-state") | {"baseline": file_name}
    path = tmp_path / "future.yaml"
    path.write_text(json.dumps(future), encoding="utf-8")
    result = cli("render", "-f", "markdown", str(path))
    assert result.code == 0, result.stderr
    parsed = assert_gfm(result.stdout, tables=pipe_tables(result.stdout))
    (link,) = [a for a in parsed.tags("a") if not str(a.get("href", "#")).startswith("#") and "href" in a]
    assert not str(link["href"]).lower().startswith("javascript")
    from urllib.parse import unquote

    assert unquote(str(link["href"])).removeprefix("./") == file_name
    assert "baseline: Today" in parsed.paragraphs[0]
