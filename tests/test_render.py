"""cjmap render, in process: golden Markdown and Mermaid for every example, escaping, the context, templates."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from browser_support import PAYLOADS, TODAY, write_hostile_map
from jinja2 import TemplateError
from jinja2.exceptions import SecurityError, UndefinedError

from cjmap.language import language
from cjmap.model import Scale
from cjmap.render import kpi, mermaid, svg
from cjmap.render.environment import escape_markdown
from cjmap.render.pages import load_map, render_map

REPO = Path(__file__).parents[1]
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
GOLDEN = Path(__file__).parent / "golden" / "render"
UPDATE = os.environ.get("CJMAP_UPDATE_GOLDEN") == "1"
"""``CJMAP_UPDATE_GOLDEN=1 pytest tests/test_render.py`` rewrites the golden files; review the diff."""


def _render(path: Path, fmt: str) -> str:
    loaded, problems = load_map(str(path))
    assert loaded is not None and not problems, problems
    return render_map(loaded, fmt, today=TODAY)


@pytest.mark.parametrize("fmt,suffix", [("markdown", ".md"), ("mermaid", ".mmd")])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_golden_output(example: Path, fmt: str, suffix: str) -> None:
    text = _render(example, fmt)
    golden = GOLDEN / (example.stem + suffix)
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_format_is_deterministic(example: Path) -> None:
    for fmt in ("markdown", "html", "mermaid"):
        assert _render(example, fmt) == _render(example, fmt)


def test_mermaid_escapes_every_breaking_character_and_round_trips() -> None:
    name = "Call at 08:00; #1 % done, R&D `x` <b> section"
    escaped = mermaid.escape(name)
    assert escaped == "Call at 08#58;00#59; #35;1 #37; done#44; R#38;D #96;x#96; #60;b#62; section"
    assert mermaid.unescape(escaped) == name
    assert mermaid.escape("section: two\nlines") == "#115;ection#58; two lines"
    assert mermaid.escape("Journey start") == "#74;ourney start"


def test_mermaid_scale_maps_linearly_onto_one_to_five() -> None:
    scale = Scale(min=1, max=10)
    assert [mermaid.number(mermaid.to_mermaid_score(scale, v)) for v in (1, 5.5, 10)] == ["1", "3", "5"]
    assert mermaid.from_mermaid_score(scale, mermaid.to_mermaid_score(scale, 7)) == pytest.approx(7)
    assert mermaid.parse_scale_comment(mermaid.scale_comment(Scale(min=-2, max=2))) == (-2.0, 2.0)


def test_markdown_escaping() -> None:
    assert escape_markdown("a | b `c` <b>x</b> *y* _z_ [l](u)") == \
        r"a \| b \`c\` &lt;b&gt;x&lt;/b&gt; \*y\* \_z\_ \[l\](u)"
    assert escape_markdown("# title\n- item\n1. first\n1.5 stays") == r"\# title<br>\- item<br>1\. first<br>1.5 stays"
    assert escape_markdown("{{ 7*7 }}") == r"{{ 7\*7 }}"


def test_kpi_status_follows_the_model() -> None:
    from cjmap.model import Kpi

    def shown(**fields: object) -> tuple[str, str, str]:
        view = kpi.view(Kpi.model_validate({"name": "k", **fields}), links=(), step="", step_anchor="",
                        words=language("en"))
        return view.value, view.target, view.status_text

    assert shown(value=0.42, target=0.6, unit="ratio") == ("0.42 ratio", "≥ 0.6 ratio", "✗ target missed")
    assert shown(value=7, target="<= 4 min") == ("7 min", "≤ 4 min", "✗ target missed")
    assert shown(value=3, target="<= 4 min") == ("3 min", "≤ 4 min", "✓ target met")
    assert shown(target=10) == ("", "≥ 10", "no value yet")
    assert shown(value=10) == ("10", "", "no target")
    assert shown(value="42%", target=">= 60%") == ("42%", "≥ 60%", "✗ target missed")
    assert shown(value=1234567.5, target=2e6, unit="EUR") == ("1234567.5 EUR", "≥ 2000000 EUR", "✗ target missed")
    assert shown(value=12, target=10, direction="lower", unit="min") == ("12 min", "≤ 10 min", "✗ target missed")


def test_curve_geometry() -> None:
    frame = svg.Frame(columns=3, minimum=-2, maximum=2, column_width=100, height=100, pad_top=10, pad_bottom=10)
    assert (frame.x(0), frame.x(2)) == (50, 250)
    assert (frame.y(2), frame.y(0), frame.y(-2), frame.y(9)) == (10, 50, 90, 10)
    paths = svg.paths(frame, [(0, 2), (1, 0), (3, -2)])
    assert paths.solid == "M50,10 L150,50"
    assert paths.bridge == "M150,50 L350,90"
    assert svg.sparkline([1, 3], 1, 3, width=10, height=10) == "0,7 10,3"


def test_html_chart_has_one_point_per_scored_step_at_its_height() -> None:
    html = _render(REPO / "examples" / "trial-onboarding.future.yaml", "html")
    main = html[html.index('data-curve="main"'):]
    values = re.findall(r'class="point [a-z]+" data-step="([^"]+)" data-value="([^"]+)" cx="([\d.]+)" cy="([\d.]+)"',
                        main)
    assert [(step, value) for step, value, _, _ in values] == [
        ("sees-ad", "0"), ("reads-pricing", "1"), ("fills-form", "1"), ("creates-invoice", "2"),
        ("trial-ends", "1"), ("subscribes", "2")]
    frame = svg.Frame(columns=6, minimum=-2, maximum=2)
    assert [float(cy) for *_, cy in values] == [round(frame.y(v), 2) for v in (0, 1, 1, 2, 1, 2)]
    assert 'data-curve="baseline"' in html  # the as-is curve overlaid, matched by step id
    assert "Baseline: Free trial to first invoice (as-is)" in html


def test_hostile_text_is_data_in_every_format(tmp_path: Path) -> None:
    loaded, problems = load_map(str(write_hostile_map(tmp_path)))
    assert loaded is not None and not problems, problems
    html = render_map(loaded, "html")
    assert "<script" not in html.lower() and "<img" not in html and "<iframe" not in html and "<a href=\"javascript" not in html
    assert "&lt;script&gt;alert(&#39;s&#39;)&lt;/script&gt;" in html
    assert "{{ 7*7 }} {% raw %}raw{% endraw %}" in html
    markdown = render_map(loaded, "markdown")
    assert "<script" not in markdown and "<img" not in markdown
    assert r"&lt;script&gt;alert('s')&lt;/script&gt;" in markdown
    assert "{{ 7\\*7 }} {% raw %}raw{% endraw %}" in markdown
    text = render_map(loaded, "mermaid")
    assert "<" not in text and ">" not in text.replace("-->", "")
    for payload in PAYLOADS:
        assert mermaid.unescape(mermaid.escape(payload)) == payload


def test_user_templates_come_first_and_run_sandboxed(tmp_path: Path) -> None:
    loaded, _ = load_map(str(REPO / "examples" / "commuter-day.yaml"))
    assert loaded is not None
    (tmp_path / "map.mmd.j2").write_text("custom {{ map.title }}\n")
    assert render_map(loaded, "mermaid", template_dir=tmp_path) == "custom A weekday of a hybrid commuter\n"
    (tmp_path / "map.mmd.j2").write_text("{{ map.nothing }}")
    with pytest.raises(UndefinedError):
        render_map(loaded, "mermaid", template_dir=tmp_path)
    (tmp_path / "map.mmd.j2").write_text("{{ map.title.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(SecurityError):
        render_map(loaded, "mermaid", template_dir=tmp_path)
    # The built-in partials stay available to a user's page template.
    (tmp_path / "map.html.j2").write_text("<style>{% include '_style.css.j2' %}</style>{{ map.title }}")
    assert render_map(loaded, "html", template_dir=tmp_path).endswith("A weekday of a hybrid commuter")
    assert issubclass(SecurityError, TemplateError)


def test_html_shows_stage_goals_and_expectations_in_the_band_and_out_of_scope_in_the_scope_strip() -> None:
    html = _render(REPO / "examples" / "trial-onboarding.current.yaml", "html")
    band = html[html.index('id="stage-signup"'):]
    band = band[:band.index("</th>")]
    assert band.endswith(
        '<div class="stage-facet"><span class="facet-title">Customer goals</span>'
        "<ul><li>Know whether the Solo plan covers her two VAT regimes</li></ul></div>"
        '<div class="stage-facet"><span class="facet-title">Expects</span>'
        "<ul><li>Try the product before giving company details</li></ul></div></div>")
    assert ("<div><h4>Out of scope</h4><ul><li>Migrating from another invoicing tool</li>"
            "<li>Accountants who work for a firm</li></ul></div>") in html
    assert "<div><h4>Business goals</h4><ul><li>Raise trial-to-paid conversion from 9% to 15%</li></ul></div>" in html


def test_research_under_either_name_and_durations_as_written(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("cjmap: 1\nid: m\ntitle: M\ntype: current-state\nscale: -2..2\n"
                    "scope: {goals: [Old-named goal]}\nstages:\n"
                    "  - name: Pay\n    steps:\n"
                    "      - {name: Enters card, duration: 1 h 30 min, emotion: 2, research: [Diary study]}\n"
                    "      - {name: Waits, duration: PT10M, emotion: 1, evidence: [Call logs]}\n", encoding="utf-8")
    markdown = _render(path, "markdown")
    assert "| Touchpoint & channel | 1 h 30 min |\n| Emotion | 2 (+) |\n| Research evidence | Diary study |" in markdown
    assert "| Touchpoint & channel | PT10M |\n| Emotion | 1 (+) |\n| Research evidence | Call logs |" in markdown
    assert "- **Business goals:** Old-named goal\n" in markdown
