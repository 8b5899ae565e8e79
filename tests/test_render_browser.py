"""cjmap render checked with real components: Chromium (Playwright), Mermaid and the Nu HTML checker.

Skipped, with the reason, when Chromium, Playwright, tests/node/node_modules or java is missing; ``.ci/run``
installs them so CI runs these.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    PAYLOADS,
    TODAY,
    VNU_JAR,
    load_mermaid,
    mermaid_missing,
    render_mermaid,
    vnu_missing,
    watched_page,
    write_hostile_map,
)

from cjmap.render import mermaid, svg
from cjmap.render.pages import load_map, render_map
from cjmap.score.metrics import step_value

REPO = Path(__file__).parents[1]
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))


def _loaded(path: Path) -> Any:
    loaded, problems = load_map(str(path))
    assert loaded is not None and not problems, problems
    return loaded


@pytest.fixture(scope="module")
def mermaid_page(chromium: Any) -> Iterator[Any]:
    if reason := mermaid_missing():
        pytest.skip(reason)
    with watched_page(chromium) as page:
        load_mermaid(page)
        yield page


OVERFLOW = """() => [...document.querySelectorAll('table.grid td, table.grid th, .card, .metrics div')]
  .filter((cell) => cell.scrollWidth > cell.clientWidth + 1 || cell.scrollHeight > cell.clientHeight + 1)
  .map((cell) => cell.className + ': ' + cell.textContent.slice(0, 60))"""
POINTS = """() => [...document.querySelectorAll('g[data-curve="main"] circle.point')].map((c) => ({
  step: c.dataset.step, cy: c.cy.baseVal.value,
  column: document.getElementById('step-' + c.dataset.step).getBoundingClientRect(),
  point: c.getBoundingClientRect()}))"""


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_html_in_chromium(chromium: Any, example: Path, dark: bool) -> None:
    loaded = _loaded(example)
    html = render_map(loaded, "html", today=TODAY)
    with watched_page(chromium, width=1400, dark=dark) as page:
        page.set_content(html)
        events = page.events
        assert events["console"] == [] and events["pageerror"] == []
        assert [url for url in events["request"] if not url.startswith(("about:", "data:"))] == []
        assert page.evaluate(OVERFLOW) == []
        points = page.evaluate(POINTS)
        scale = loaded.journey.scale
        scored = [(step.id, value) for _, step in loaded.journey.steps() if (value := step_value(step)) is not None]
        assert [p["step"] for p in points] == [step for step, _ in scored]
        top, bottom = svg.CHART_PAD_TOP, svg.CHART_HEIGHT - svg.CHART_PAD_BOTTOM
        for point, (_, value) in zip(points, scored):
            expected = top + (scale.max - value) / (scale.max - scale.min) * (bottom - top)
            assert point["cy"] == pytest.approx(expected, abs=0.01)
            # the point sits over the centre of its step's column
            centre = point["column"]["x"] + point["column"]["width"] / 2
            assert point["point"]["x"] + point["point"]["width"] / 2 == pytest.approx(centre, abs=1.5)


def test_hostile_map_fires_nothing_and_shows_text(chromium: Any, tmp_path: Path) -> None:
    loaded = _loaded(write_hostile_map(tmp_path))
    with watched_page(chromium) as page:
        page.set_content(render_map(loaded, "html"))
        page.wait_for_timeout(200)
        assert page.events["dialog"] == [] and page.events["pageerror"] == []
        assert [url for url in page.events["request"] if not url.startswith(("about:", "data:"))] == []
        assert page.evaluate("document.querySelectorAll('script, iframe, img, a[href^=\"javascript\"]').length") == 0
        text = page.inner_text("h1")
        assert text.split(" ", 1)[1] == " ".join(PAYLOADS)  # after the field's own "fN" marker


def test_hostile_map_in_mermaid_fires_nothing(mermaid_page: Any, tmp_path: Path) -> None:
    loaded = _loaded(write_hostile_map(tmp_path))
    for source in (mermaid.to_mermaid(loaded.journey), mermaid.xychart(loaded.journey)):
        result = render_mermaid(mermaid_page, source)
        assert "error" not in result, result
    assert render_mermaid(mermaid_page, mermaid.to_mermaid(loaded.journey))["tasks"] == 2
    assert mermaid_page.events["dialog"] == [] and mermaid_page.events["pageerror"] == []


def _fenced(markdown: str) -> list[str]:
    blocks = markdown.split("```mermaid\n")[1:]
    return [block.split("```", 1)[0] for block in blocks]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_mermaid_parses_and_renders_every_example(mermaid_page: Any, example: Path) -> None:
    loaded = _loaded(example)
    journey = loaded.journey
    stages = [stage for stage in journey.stages if stage.steps]  # Mermaid draws no band for an empty section
    steps = journey.steps()
    blocks = _fenced(render_map(loaded, "markdown", today=TODAY))
    assert blocks[0] == mermaid.to_mermaid(journey, fit=True)  # names cut to their task boxes, said with "…"
    result = render_mermaid(mermaid_page, blocks[0])
    assert "error" not in result, result
    assert (result["sections"], result["tasks"]) == (len(stages), len(steps))
    assert all(mermaid.task_name(step.name) in result["texts"] for _, step in steps)
    chart = render_mermaid(mermaid_page, blocks[1])
    assert "error" not in chart, chart


NAMES = ["Call at 08:00: 4: Me", "#hash; semi;colon", "100% done %% not a comment", "section two",
         "journey", "title case", "\"quoted\" and 'single'", "😀 emoji 🚆", "日本語の駅", "Ελληνικά: α;β#γ",
         "عربي", "a, b, c", "&amp; &#58; #58;", "`tick` <b>tag</b>"]


def test_mermaid_keeps_names_full_of_special_characters(mermaid_page: Any) -> None:
    from cjmap.model import JourneyMap

    steps = [{"id": f"s{i}", "name": name, "emotion": i % 5 + 1, "actors": ["a"]} for i, name in enumerate(NAMES)]
    journey = JourneyMap.model_validate({
        "cjmap": 1, "id": "m", "title": "Title: #1; 100%", "type": "current-state",
        "actors": {"a": "Me: you; #1, two"},
        "stages": [{"id": "x", "name": "Stage: one; #1 %", "steps": steps[:7]},
                   {"id": "y", "name": "日本 😀 \"q\"", "steps": steps[7:]}],
    })
    result = render_mermaid(mermaid_page, mermaid.to_mermaid(journey))
    assert "error" not in result, result
    assert (result["sections"], result["tasks"]) == (2, len(NAMES))
    # Mermaid wraps the actor legend at a width its font metrics decide ("Me: you;" / "#1, two" with the
    # DejaVu fonts): a wrapped text still counts when its lines, joined, give it back whole.
    joined = " ".join(result["texts"])
    for text in [*NAMES, "Stage: one; #1 %", "日本 😀 \"q\"", "Title: #1; 100%", "Me: you; #1, two"]:
        assert text in result["texts"] or text in joined, text
    assert "error" not in render_mermaid(mermaid_page, mermaid.xychart(journey))


@pytest.mark.parametrize("example", [*EXAMPLES, None], ids=lambda p: p.stem if p else "hostile")
def test_html_passes_the_nu_checker(example: Path | None, tmp_path: Path) -> None:
    if reason := vnu_missing():
        pytest.skip(reason)
    loaded = _loaded(example if example else write_hostile_map(tmp_path))
    page = tmp_path / "page.html"
    page.write_text(render_map(loaded, "html", today=TODAY), encoding="utf-8")
    done = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", "--also-check-svg", str(page)],
                          capture_output=True, text=True, timeout=180, check=False)
    messages = json.loads(done.stderr or "{}").get("messages", [])
    assert [m for m in messages if m.get("type") == "error"] == []


def test_site_index_passes_the_nu_checker(tmp_path: Path) -> None:
    if reason := vnu_missing():
        pytest.skip(reason)
    from cjmap.render.site import build_site

    written, problems = build_site([str(p) for p in EXAMPLES], tmp_path / "site", today=TODAY, jobs=1)
    assert not problems
    done = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", *written],
                          capture_output=True, text=True, timeout=180, check=False)
    messages = json.loads(done.stderr or "{}").get("messages", [])
    assert [m for m in messages if m.get("type") == "error"] == []
