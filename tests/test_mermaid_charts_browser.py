"""The Mermaid charts of Markdown pages, drawn by the real Mermaid in Chromium.

- ``xychart-beta`` (``render -f markdown`` and ``diff -f markdown``): the x-axis labels never overlap (their
  bounding boxes are compared), from 1 to 150 steps; the before and after lines of a diff are drawn in the
  colours the legend under the chart names.
- ``journey`` (``render -f markdown``): every task name fits its box whole, or is cut with "…" on purpose.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import browser, load_mermaid, mermaid_missing, watched_page
from test_markdown_gfm import NAMES, stress_map

from cjmap.diff.sides import diff_files
from cjmap.model import JourneyMap
from cjmap.render import mermaid
from cjmap.reporters.diff import DIFF_REPORTER_BY_NAME

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.yaml"))
DIFF_MAPS = Path(__file__).parent / "golden" / "diff" / "maps"

DRAW = """async (source) => {
  const {svg} = await mermaid.render('c' + Math.random().toString(36).slice(2), source);
  const holder = document.createElement('div');
  holder.innerHTML = svg;
  document.body.appendChild(holder);
  const box = (node) => { const r = node.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; };
  const result = {
    ticks: [...holder.querySelectorAll('g.bottom-axis g.label text')].map((t) => ({text: t.textContent, ...box(t)})),
    lines: [...holder.querySelectorAll('g[class^="line-plot-"] path')].map((p) => p.getAttribute('stroke')),
    tasks: [...holder.querySelectorAll('foreignObject')]
      .filter((fo) => !fo.querySelector('div').classList.contains('journey-section'))
      .map((fo) => { const cell = fo.querySelector('div');
                     return {text: fo.textContent, width: cell.offsetWidth, height: cell.offsetHeight,
                             boxWidth: +fo.getAttribute('width'), boxHeight: +fo.getAttribute('height')}; }),
  };
  holder.remove();
  return result;
}"""


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    if reason := mermaid_missing():
        pytest.skip(reason)
    with browser() as instance, watched_page(instance, width=900) as opened:
        load_mermaid(opened)
        yield opened


def draw(page: Any, source: str) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(DRAW, source)
    return result


def assert_apart(ticks: list[dict[str, Any]]) -> None:
    """No two x-axis labels share a pixel column: each ends before the next begins."""
    ordered = sorted(ticks, key=lambda tick: tick["x"])
    for left, right in zip(ordered, ordered[1:]):
        assert left["x"] + left["w"] <= right["x"], (left, right)


def model(data: dict[str, Any]) -> JourneyMap:
    return JourneyMap.model_validate(data)


@pytest.mark.parametrize("steps", [1, 6, 12, 24, 40, 60, 99, 150])
def test_render_chart_labels_never_overlap(page: Any, steps: int) -> None:
    journey = model(stress_map(steps, "long", "current-state"))
    scored = [str(number) for number, (_, step) in enumerate(journey.steps(), 1) if step.emotion is not None]
    result = draw(page, mermaid.xychart(journey))
    assert [tick["text"] for tick in result["ticks"]] == scored  # the step numbers the score table names
    assert_apart(result["ticks"])
    assert result["lines"] == [mermaid.AFTER.hex]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_chart_labels_stand_apart(page: Any, example: Path) -> None:
    from cjmap.loader import load

    result = draw(page, mermaid.xychart(model(load(example.read_bytes(), str(example)).data)))
    assert result["ticks"] and all(tick["text"].isdigit() for tick in result["ticks"])
    assert_apart(result["ticks"])


def _diff_chart() -> str:
    stream = io.StringIO()
    DIFF_REPORTER_BY_NAME["markdown"](stream, diff_files(str(DIFF_MAPS / "old.yaml"), str(DIFF_MAPS / "new.yaml")),
                                      False)
    comment = stream.getvalue()
    (chart,) = [block.split("```", 1)[0] for block in comment.split("```mermaid\n")[1:]]
    assert f"{mermaid.BEFORE.legend('before')} · {mermaid.AFTER.legend('after')}" in comment
    return chart


def test_diff_chart_draws_before_and_after_in_the_legends_colours(page: Any) -> None:
    result = draw(page, _diff_chart())
    assert result["lines"] == [mermaid.BEFORE.hex, mermaid.AFTER.hex]
    assert [tick["text"] for tick in result["ticks"]] == ["1", "2", "3", "4", "5", "6"]
    assert_apart(result["ticks"])


@pytest.mark.parametrize("text", sorted(NAMES))
def test_journey_task_names_fit_their_boxes(page: Any, text: str) -> None:
    journey = model(stress_map(12, text, "current-state"))
    result = draw(page, mermaid.to_mermaid(journey, fit=True))
    names = [mermaid.task_name(step.name) for _, step in journey.steps()]
    assert [task["text"] for task in result["tasks"]] == names
    for task in result["tasks"]:
        assert task["width"] <= task["boxWidth"] and task["height"] <= task["boxHeight"], task
    cut = [name for name, (_, step) in zip(names, journey.steps()) if name != step.name]
    assert all(name.endswith("…") for name in cut)
    assert bool(cut) == (text != "plain")


@pytest.mark.parametrize("name", [
    "Примеряет платье для свадьбы подруги", "ШШШШ ЩЩЩЩ ЖЖЖЖ ШШШШ ЩЩЩЩ ЖЖЖЖ ШШШШ ЩЩЩЩ",
    "Donaudampfschifffahrtsgesellschaftskapitän kommt", "MMMM WWWW mmmm wwww MMMM WWWW mmmm",
    "日本語の駅で電車を待っている間に地図を確認する", "Ελληνικά: α;β#γ δοκιμή με πολλές λέξεις εδώ",
    "Gets a delay notification on the way to the station", "Waits on a crowded platform",
])
def test_a_cut_name_fits_and_a_whole_one_was_whole_already(page: Any, name: str) -> None:
    """The width model behind the cut, against the browser: what it keeps fits, and what it keeps whole
    (with the browser's own wrapping) fits too."""
    shown = mermaid.task_name(name)
    source = f"journey\n  section S\n    {mermaid.escape(shown)}: 3\n"
    (task,) = draw(page, source)["tasks"]
    assert task["text"] == shown
    assert task["width"] <= task["boxWidth"] and task["height"] <= task["boxHeight"], task


def _history_chart(revisions: int) -> str:
    from cjmap.history.report import MapVersion, Snapshot, build
    from cjmap.history.revisions import Revision
    from cjmap.reporters.history import mermaid_chart

    snapshots = [Snapshot(revision=Revision(commit=f"{index:040x}", time=index, subject="s", label=f"r{index}"),
                          maps={"a.yaml": MapVersion(title="A", metrics=(index / revisions, -0.5, 0.5, 0.0, 1.0),
                                                     pains=(), kpis_met=0, kpis=0)}, invalid={})
                 for index in range(revisions)]
    return mermaid_chart(build(snapshots))


@pytest.mark.parametrize("revisions", [1, 12, 200])
def test_history_chart_draws_mean_and_end_in_the_legends_colours(page: Any, revisions: int) -> None:
    result = draw(page, _history_chart(revisions))
    assert result["lines"] == [mermaid.AFTER.hex, mermaid.BEFORE.hex]
    assert [tick["text"] for tick in result["ticks"]] == [str(index) for index in range(1, revisions + 1)]
    assert_apart(result["ticks"])
