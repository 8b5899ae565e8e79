"""The layout of rendered maps without a browser: paper, pages of steps, label placement, render's messages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import chromium_missing
from stress_maps import TEXTS, step_label, write_stress_map

from cjmap.render import paper, svg
from cjmap.render.context import build_context
from cjmap.render.pages import load_map, render_map, render_page

CJMAP = Path(sys.executable).parent / "cjmap"
EXAMPLES = Path(__file__).parents[1] / "examples"


def _loaded(path: Path):  # type: ignore[no-untyped-def]
    loaded, problems = load_map(str(path))
    assert loaded is not None and not problems, problems
    return loaded


def test_the_default_paper_is_the_smallest_that_fits_else_a3_paged() -> None:
    assert paper.min_scale() * paper.SMALLEST_FONT_PX * 0.75 == pytest.approx(paper.MIN_POINTS)
    chosen = {steps: paper.layout([steps]) for steps in (1, 6, 7, 12, 20, 21, 60)}
    assert {steps: (p.paper.name, len(p.pages)) for steps, p in chosen.items()} == {
        1: ("A4", 1), 6: ("A4", 1), 7: ("A3", 1), 12: ("A2", 1), 20: ("A1", 1), 21: ("A3", 3), 60: ("A3", 7)}
    for plan in chosen.values():
        assert plan.scale >= paper.min_scale()  # the smallest text stays at 7 pt or more
        assert [i for page in plan.pages for i in page] == list(range(sum(len(p) for p in plan.pages)))
    portrait = paper.layout([12], "A4", "portrait")
    assert portrait.paper.css_size == "210mm 297mm" and max(len(p) for p in portrait.pages) == 3
    assert paper.layout([3], "A2", "landscape").paper.css_size == "594mm 420mm"


def test_pages_break_between_stages_unless_that_wastes_a_third_of_a_page() -> None:
    assert paper.split([3, 4, 5, 3], 9) == (range(0, 7), range(7, 15))
    assert paper.split([2, 9], 9) == (range(0, 9), range(9, 11))  # 2 of 9 is too empty: the stage is split
    assert paper.split([20], 9) == (range(0, 9), range(9, 18), range(18, 20))


def test_text_width_is_never_narrower_than_dejavu_sans_bold() -> None:
    # Advances of DejaVu Sans Bold (the widest common system sans), in em, measured in Chromium.
    measured = {"W": 1.10, "m": 1.04, "Щ": 1.33, "Ж": 1.22, "ю": 0.97, "д": 0.81, "i": 0.34, "0": 0.70,
                "−": 0.84, "★": 0.90, "…": 1.0, "ș": 0.60, "A": 0.77, "a": 0.67, "я": 0.64}
    for char, width in measured.items():
        assert svg.text_width(char, 100) >= width * 100, char
    assert svg.shorten("foarte stresată pentru că întârzie", 120).endswith("…")
    assert svg.text_width(svg.shorten("foarte stresată pentru că întârzie", 120)) <= 120
    lines, cut = svg.wrap("очень расстроена из-за задержки рейса на три часа", 190, 2)
    assert len(lines) == 2 and cut and lines[-1].endswith("…")
    assert all(svg.text_width(line) <= 190 for line in lines)


@pytest.mark.parametrize("steps", [1, 12, 24, 40, 60])
@pytest.mark.parametrize("text", TEXTS)
def test_labels_stay_in_their_column_inside_the_chart_and_off_every_point(tmp_path: Path, steps: int,
                                                                           text: str) -> None:
    loaded = _loaded(write_stress_map(tmp_path, steps, text=text, kind="future-state"))
    chart = build_context(loaded.journey, baseline=loaded.baseline).chart
    assert chart is not None
    width, height = svg.COLUMN_WIDTH, float(chart.height)
    circles = [(float(p.x), float(p.y)) for curve in chart.curves for p in curve.points]
    for point in (p for curve in chart.curves if curve.css == "main" for p in curve.points):
        assert point.label_lines, point
        x, first = float(point.label_x), float(point.label_y)
        line_widths = [svg.text_width(("★ " if i == 0 and point.moment_of_truth else "") + line)
                       for i, line in enumerate(point.label_lines)]
        half = max(line_widths) / 2
        top, bottom = first - svg.LABEL_ASCENT, first - svg.LABEL_ASCENT + svg.LABEL_LINE * len(point.label_lines)
        assert point.column * width < x - half and x + half < (point.column + 1) * width
        assert 0 <= top and bottom <= height
        box = svg.Box(x - half, top, x + half, bottom)
        assert not any(box.near_circle(cx, cy, 4) for cx, cy in circles)
        assert point.title.endswith(point.label) if point.label else True


def test_a_shortened_label_keeps_its_whole_text_and_render_says_so(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    label = "extremely frustrated because the parcel went to the wrong address for the third time this month"
    path.write_text(f"cjmap: 1\nid: m\ntitle: T\ntype: current-state\nscale: -2..2\nstages:\n- name: A\n  steps:\n"
                    f"  - name: Waits at home\n    emotion: {{score: -2, label: {label}}}\n", encoding="utf-8")
    rendered = render_page(_loaded(path), "html")
    assert [(s.step, s.where) for s in rendered.context.shortened] == [("Waits at home", "chart")]
    assert f"<title>Waits at home: −2 · {label}</title>" in rendered.text
    assert "…</tspan></text>" in rendered.text
    assert f"<td>{label}</td>" in rendered.text  # the scores table keeps the whole text
    done = subprocess.run([str(CJMAP), "render", str(path), "-o", str(tmp_path / "m.html")], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0
    assert done.stderr.splitlines() == [
        f"cjmap: warning: {path}: step 'Waits at home': emotion label shortened on the curve (whole text in the "
        f"scores table and the point's tooltip): '−2 · {label}'",
        f"cjmap: wrote {tmp_path / 'm.html'}"]


def test_render_warns_when_the_extension_does_not_match_the_format(tmp_path: Path) -> None:
    done = subprocess.run([str(CJMAP), "render", str(EXAMPLES / "commuter-day.yaml"), "-f", "mermaid", "-o",
                           str(tmp_path / "x.pdf")], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stderr.splitlines() == [
        f"cjmap: warning: -o {tmp_path / 'x.pdf'}: --format mermaid writes .mmd content, and the name says "
        "otherwise", f"cjmap: wrote {tmp_path / 'x.pdf'}"]


def test_html_holds_a_printed_copy_only_when_the_grid_needs_pages(tmp_path: Path) -> None:
    small = render_map(_loaded(write_stress_map(tmp_path, 12)), "html")
    assert 'class="print-grid' not in small and "@page { size: 594mm 420mm" in small
    wide = render_map(_loaded(write_stress_map(tmp_path, 40)), "html")
    assert wide.count('class="grid-page') == 5 and "@page { size: 420mm 297mm" in wide
    assert "Steps 1–7 of 40<" in wide and "Steps 8–15 of 40 · continued<" in wide
    # Only the screen's copy carries ids: every id on the page is unique.
    ids = re.findall(r' id="([^"]+)"', wide)
    assert len(ids) == len(set(ids))
    a4 = render_map(_loaded(write_stress_map(tmp_path, 12)), "html", paper="A4", orientation="portrait")
    assert "@page { size: 210mm 297mm" in a4 and a4.count('class="grid-page') == 4


def _pdf_text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


@pytest.mark.parametrize("steps,text,kind", [
    (1, "plain", "current-state"), (12, "plain", "current-state"), (24, "cyrillic", "day-in-the-life"),
    (40, "long", "service-blueprint"), (60, "plain", "future-state"), (24, "long", "future-state"),
])
def test_pdf_holds_every_step(tmp_path: Path, steps: int, text: str, kind: str) -> None:
    if reason := chromium_missing():
        pytest.skip(reason)
    if subprocess.run(["which", "pdftotext"], capture_output=True, check=False).returncode:
        pytest.skip("pdftotext is missing (apt-get install poppler-utils)")
    path = write_stress_map(tmp_path, steps, text=text, kind=kind)
    target = tmp_path / "map.pdf"
    done = subprocess.run([str(CJMAP), "render", str(path), "-f", "pdf", "-o", str(target)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    content = _pdf_text(target)
    grid = content[:content.index("SUMMARY")] if "SUMMARY" in content else content
    for number in range(1, steps + 1):
        assert step_label(number) in grid, number  # in the grid, not only in the scores table
    if steps > 20:
        assert "continued" in grid
