"""The rendered page's layout in Chromium (Playwright): labels that never collide, the grid fitted to the window,
sticky headers, the full-size toggle, nothing fetched. One browser for the module; skipped without Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import TODAY, watched_page
from stress_maps import KINDS, write_stress_map

from cjmap.render.pages import load_map, render_map

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.yaml"))

TEXT_BOXES = """() => [...document.querySelectorAll('.screen-grid svg.chart')].map((chart) => {
  const box = chart.getBoundingClientRect();
  return {chart: {left: box.left, top: box.top, right: box.right, bottom: box.bottom},
          texts: [...chart.querySelectorAll('text:not(.halo)')].map((text) => {
            const r = text.getBoundingClientRect();
            return {text: text.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom};
          })};
})"""
COLUMNS = """() => [...document.querySelectorAll('.screen-grid thead th.step')].map((th) => {
  const r = th.getBoundingClientRect(); return {left: r.left, right: r.right}; })"""


def _html(path: Path) -> str:
    loaded, problems = load_map(str(path))
    assert loaded is not None and not problems, problems
    return render_map(loaded, "html", today=TODAY)


def _overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] - 0.5 and b["left"] < a["right"] - 0.5 and a["top"] < b["bottom"] - 0.5 \
        and b["top"] < a["bottom"] - 0.5


def _check_page(page: Any, steps: int) -> None:
    events = page.events
    assert events["console"] == [] and events["pageerror"] == []
    assert [url for url in events["request"] if not url.startswith(("about:", "data:"))] == []
    for chart in page.evaluate(TEXT_BOXES):
        box, texts = chart["chart"], chart["texts"]
        for text in texts:
            assert box["left"] - 0.5 <= text["left"] and text["right"] <= box["right"] + 0.5, text
            assert box["top"] - 0.5 <= text["top"] and text["bottom"] <= box["bottom"] + 0.5, text
        for index, first in enumerate(texts):
            for second in texts[index + 1:]:
                assert not _overlaps(first, second), (first, second)
    if steps <= 24:  # the fitted view shows every step column inside the window
        width = page.viewport_size["width"]
        columns = page.evaluate(COLUMNS)
        assert len(columns) == steps
        assert all(0 <= column["left"] and column["right"] <= width for column in columns), columns


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("text", ["long", "cyrillic"])
@pytest.mark.parametrize("steps", [1, 12, 24, 40, 60])
def test_stress_maps_in_chromium(chromium: Any, tmp_path: Path, steps: int, text: str, dark: bool) -> None:
    kind = KINDS[steps % len(KINDS)]  # every map type comes round across the step counts
    html = _html(write_stress_map(tmp_path, steps, text=text, kind=kind))
    with watched_page(chromium, width=1400, height=900, dark=dark) as page:
        page.set_content(html)
        _check_page(page, steps)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_examples_in_chromium(chromium: Any, example: Path) -> None:
    with watched_page(chromium, width=1400, height=900) as page:
        page.set_content(_html(example))
        _check_page(page, len(page.query_selector_all(".screen-grid thead th.step")))


def test_full_size_toggle_and_sticky_headers(chromium: Any, tmp_path: Path) -> None:
    html = _html(write_stress_map(tmp_path, 24, text="cyrillic"))
    with watched_page(chromium, width=1400, height=900) as page:
        page.set_content(html)
        fitted = page.evaluate("document.querySelector('.screen-grid table.grid').getBoundingClientRect().width")
        assert fitted <= 1400
        page.click("label[for=full-size]")
        full = page.evaluate("document.querySelector('.screen-grid table.grid').getBoundingClientRect().width")
        assert full == pytest.approx(168 + 4 + 24 * 200, abs=30)
        wrap = page.query_selector(".screen-grid")
        wrap.evaluate("(node) => { node.scrollLeft = 2500; node.scrollTop = 400; }")
        page.wait_for_timeout(50)
        wrap_box = wrap.bounding_box()
        # The lane column, the y-axis and the stage name stay in view while the grid scrolls both ways.
        lane = page.query_selector(".screen-grid tr.lane-emotion th").bounding_box()
        assert lane["x"] == pytest.approx(wrap_box["x"] + 1, abs=2)
        axis = page.query_selector(".screen-grid svg.axis").bounding_box()
        assert wrap_box["x"] <= axis["x"] < wrap_box["x"] + 200
        stage_names = page.query_selector_all(".screen-grid .stage-name")
        visible = [name.bounding_box() for name in stage_names]
        assert any(wrap_box["x"] + 160 <= box["x"] <= wrap_box["x"] + 200 for box in visible if box)
        head = page.query_selector(".screen-grid thead").bounding_box()
        assert head["y"] == pytest.approx(wrap_box["y"] + 1, abs=2)
        assert page.events["console"] == [] and page.events["request"] == []
    assert "onclick" not in html and "<script" not in html


@pytest.mark.parametrize("steps,kind", [(12, "current-state"), (40, "service-blueprint"), (60, "future-state")])
def test_the_png_window_holds_every_step(chromium: Any, tmp_path: Path, steps: int, kind: str) -> None:
    from cjmap.render.grid import screenshot_size
    from cjmap.render.pages import render_page

    loaded, _ = load_map(str(write_stress_map(tmp_path, steps, text="long", kind=kind)))
    assert loaded is not None
    rendered = render_page(loaded, "png", today=TODAY)
    width, height = screenshot_size(rendered.context)
    with watched_page(chromium, width=width, height=height) as page:
        page.set_content(rendered.text)
        # The browser photographs the window only: every step's header must lie inside it, nothing wider.
        headers = page.evaluate("""() => [...document.querySelectorAll('.print-grid thead th.step')].map((th) => {
          const r = th.getBoundingClientRect(); return {step: th.dataset.step, right: r.right, bottom: r.bottom}; })""")
        assert {h["step"] for h in headers} == {f"s{n}" for n in range(1, steps + 1)}
        assert all(h["right"] <= width and h["bottom"] <= height for h in headers)
        assert page.evaluate("document.documentElement.scrollHeight") <= height
        assert page.evaluate("document.documentElement.scrollWidth") <= width
