"""The visual language of a rendered map: stage colours, channel icons, faces on the curve, a persona picture.

Contrast is computed, not trusted: every palette colour is checked in both themes. Pages are rendered through
the CLI as a user would, and the styled page is opened in Chromium (nothing fetched, no errors, the picture
shown under the print policy) and checked by the Nu HTML checker. Pictures are refused by the reference rules
and by their bytes, each with a located problem and exit 1.
"""

from __future__ import annotations

import base64
import json
import re
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any, get_args

import pytest
from browser_support import PAYLOADS, VNU_JAR, chromium_missing, vnu_missing, watched_page, write_hostile_map
from conftest import CliRunner
from markdown_support import assert_gfm, cmark_missing
from stress_maps import write_stress_map

from cjmap import colours, references
from cjmap.model import Channel, PaletteName
from cjmap.render import icons

STYLESHEET = Path(__file__).parents[1] / "src" / "cjmap" / "render" / "templates" / "_style.css.j2"
ICON_FOLDER = Path(icons.__file__).parent


def png(width: int = 4, height: int = 4) -> bytes:
    """A small valid PNG (orange pixels)."""
    raw = b"".join(b"\x00" + bytes([200, 120, 80]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


STYLED_MAP = """\
cjmap: 1
id: visit
title: Visiting the shop
type: current-state
persona: {name: Giulia, role: Commuter, picture: people/giulia.png}
style: {palette: calm, faces: true, icons: true}
channels:
  web: Website
  shop: {name: Our store}
  wa: WhatsApp
  post: {name: Paper, icon: letter}
  partner: Partner desk
stages:
  - name: Discover
    steps:
      - {name: Sees an advert, channel: [web], emotion: 4}
      - {name: Reads reviews, channel: [web, wa], emotion: {score: 3, label: unsure}}
  - name: Buy
    colour: "#1F4E79"
    steps:
      - {name: Visits the shop, channel: [shop, partner], emotion: 5}
      - {name: Pays, emotion: 1}
  - name: After
    steps:
      - {name: Gets a letter, channel: post, emotion: 2}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project (it has .git) with the styled map and its persona picture."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "giulia.png").write_bytes(png())
    (tmp_path / "map.yaml").write_text(STYLED_MAP, encoding="utf-8")
    return tmp_path


# Contrast --------------------------------------------------------------------------------------------------


def test_contrast_matches_the_wcag_reference_values() -> None:
    assert colours.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert colours.contrast("#777", "#fff") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey
    assert colours.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the classic passing one
    assert colours.contrast("#1f77b4", "#1f77b4") == pytest.approx(1.0)


@pytest.mark.parametrize("theme", colours.THEMES)
@pytest.mark.parametrize("name", colours.PALETTE_NAMES)
def test_every_palette_colour_reads_in_both_themes(name: str, theme: colours.Theme) -> None:
    shades = getattr(colours.PALETTES[name], theme)
    assert shades
    for shade in shades:
        best = max(colours.contrast(shade, text) for text in colours.TEXTS[theme])
        assert best >= colours.AA, (name, theme, shade, best)
        assert colours.swatch(shade, theme).ratio == pytest.approx(best)


def test_the_text_colours_are_the_stylesheets_ink_and_paper() -> None:
    css = STYLESHEET.read_text(encoding="utf-8")
    light, dark = css.split("@media (prefers-color-scheme: dark)", 1)
    for theme, block in (("light", light), ("dark", dark)):
        ink = re.search(r"--ink: (#[0-9a-f]{6})", block)
        paper = re.search(r"--paper: (#[0-9a-f]{6})", block)
        assert ink and paper
        assert set(colours.TEXTS[theme]) == {ink[1], paper[1]}, theme


def test_palette_names_agree_everywhere() -> None:
    from cjmap.cli.render import PaletteChoice

    assert get_args(PaletteName) == colours.PALETTE_NAMES == tuple(choice.value for choice in PaletteChoice)


def test_unreadable_colour_names_the_theme_and_ratio() -> None:
    assert colours.unreadable_themes("#1f4e79") == []
    failing = colours.unreadable_themes("#1f77b4")
    assert [theme for theme, _ in failing] == ["dark"]
    assert failing[0][1].ratio == pytest.approx(4.03, abs=0.01)


def test_lint_names_the_ratio_of_a_stage_colour(tmp_path: Path, cli: CliRunner) -> None:
    (tmp_path / ".git").mkdir()
    target = tmp_path / "map.yaml"
    target.write_text(STYLED_MAP.replace('"#1F4E79"', '"#777"').replace("people/giulia.png", "x.png"),
                      encoding="utf-8")
    (tmp_path / "x.png").write_bytes(png())
    done = cli("lint", "--select", "H006", str(target))
    assert done.code == 0  # a warning: lint fails only on errors unless told otherwise
    assert done.stdout.splitlines()[0] == (
        f"{target}:19:13: H006 [low-contrast-colour] stage 'buy' colour #777777 leaves its text at a contrast of "
        "4.48:1 in the light theme and 3.74:1 in the dark theme, below the 4.5:1 of WCAG AA")


@pytest.mark.parametrize("written, at, message, hint", [
    ("blue", "19:13", "'blue' is not a colour", "write a colour as #rrggbb or #rgb, in quotes (YAML reads an "
                                                "unquoted # as a comment): \"#1f4e79\""),
    ('"#1f4e7"', "19:13", "'#1f4e7' is not a colour", None),
    ("#1f4e79", "19:12", "the colour is empty: YAML reads an unquoted # as the start of a comment",
     'quote the colour: colour: "#1f4e79"'),
])
def test_a_malformed_colour_is_a_located_error(tmp_path: Path, cli: CliRunner, written: str, at: str,
                                               message: str, hint: str | None) -> None:
    (tmp_path / ".git").mkdir()
    target = tmp_path / "map.yaml"
    target.write_text(STYLED_MAP.replace('"#1F4E79"', written).replace(", picture: people/giulia.png", ""),
                      encoding="utf-8")
    done = cli("validate", str(target))
    assert done.code == 1
    assert done.stdout.splitlines()[0] == f"{target}:{at}: V023 [invalid-value] {message}"
    if hint:
        assert done.stdout.splitlines()[1] == f"  hint: {hint}"


# Icons -----------------------------------------------------------------------------------------------------


def test_the_icons_and_their_licence_are_shipped() -> None:
    licence = (ICON_FOLDER / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("ISC License") and "Lucide Icons and Contributors" in licence
    assert set(icons.FILES) == set(get_args(get_args(Channel.model_fields["icon"].annotation)[0]))
    for kind, name in icons.FILES.items():
        text = (ICON_FOLDER / f"{name}.svg").read_text(encoding="utf-8")
        assert text.startswith(f"<!-- @license lucide-static v{icons.LUCIDE_VERSION} - ISC -->"), name
        shapes = str(icons.shapes(kind))
        assert shapes.startswith("<") and "script" not in shapes and "on" not in re.findall(r" (\w+)=", shapes)
    assert f"version {icons.LUCIDE_VERSION}" in (ICON_FOLDER / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("channel_id, name, expected", [
    ("web", "Website", "web"), ("shop", "Our store", "store"), ("wa", "WhatsApp", "chat"), ("sms", "SMS", "sms"),
    ("news", "E-mail newsletter", "email"), ("cc", "Call centre", "phone"), ("agent", "Sales agent", "human"),
    ("ig", "Instagram", "social"), ("ios", "iPhone", "app"), ("partner", "Partner desk", None),
    ("webinar", "Webinar", None),  # a whole word only: 'webinar' is not 'web'
])
def test_icons_are_guessed_from_the_channel_id_and_name(channel_id: str, name: str, expected: str | None) -> None:
    assert icons.guess(channel_id, Channel(name=name)) == expected


def test_a_written_icon_wins_over_the_guess() -> None:
    assert icons.guess("web", Channel(name="Website", icon="letter")) == "letter"


# The rendered page -----------------------------------------------------------------------------------------


def _render(cli: CliRunner, project: Path, *options: str, fmt: str = "html") -> str:
    out = project / f"out.{fmt}"
    done = cli("render", str(project / "map.yaml"), "-f", fmt, "-o", str(out), *options)
    assert done.code == 0, done.stderr
    return out.read_text(encoding="utf-8")


def test_the_styled_page_holds_colours_icons_faces_and_the_picture(cli: CliRunner, project: Path) -> None:
    html = _render(cli, project)
    bands = re.findall(r'class="coloured" style="([^"]*)"', html)
    calm = colours.PALETTES["calm"]
    assert bands == [
        f"--stage-bg: {calm.light[0]}; --stage-ink: #ffffff; --stage-bg-dark: {calm.dark[0]}; --stage-ink-dark: #1c2026",
        "--stage-bg: #1f4e79; --stage-ink: #ffffff; --stage-bg-dark: #1f4e79; --stage-ink-dark: #e8ebef",
        f"--stage-bg: {calm.light[2]}; --stage-ink: #ffffff; --stage-bg-dark: {calm.dark[2]}; --stage-ink-dark: #1c2026",
    ]
    assert re.findall(r'<symbol id="icon-(\w+)"', html) == ["web", "chat", "store", "letter"]
    uses = re.findall(r'<use href="#icon-(\w+)"/></svg> ([^<]+)</li>', html)
    assert uses == [("web", "Website"), ("web", "Website"), ("chat", "WhatsApp"), ("store", "Our store"),
                    ("letter", "Paper")]
    assert '<li class="no-icon">Partner desk</li>' in html  # no icon for it, its name all the same
    assert '<li class="face"><svg' in html  # the legend says what the faces mean
    assert len(re.findall(r'<g class="face" aria-hidden="true">', html)) == 5
    picture = "data:image/png;base64," + base64.b64encode(png()).decode("ascii")
    assert f'<img class="persona-picture" src="{picture}" alt=""' in html


def test_faces_follow_the_score(cli: CliRunner, project: Path) -> None:
    html = _render(cli, project)
    mouths = re.findall(r'<g class="face" aria-hidden="true">(?:<circle [^>]*/>){2}<path d="M[\d.]+ ([\d.]+) '
                        r'Q[\d.]+ ([\d.]+) ', html)
    bends = [float(control) - float(end) for end, control in mouths]
    scores = [4, 3, 5, 1, 2]  # on 1..5: above neutral smiles (control below the ends), below frowns
    assert [bend > 0 for bend in bends] == [score > 3 for score in scores]
    assert [bend < 0 for bend in bends] == [score < 3 for score in scores]
    assert bends[2] > bends[0] > bends[1] == 0 > bends[4] > bends[3]


def test_the_command_line_overrides_the_maps_style(cli: CliRunner, project: Path) -> None:
    html = _render(cli, project, "--palette", "mono", "--no-faces", "--no-icons")
    assert '<g class="face"' not in html and "<symbol" not in html and "<use" not in html
    mono = colours.PALETTES["mono"]
    assert re.findall(r"--stage-bg: (#\w+);", html) == [mono.light[0], "#1f4e79", mono.light[2]]


def test_a_map_without_style_looks_as_before(cli: CliRunner, project: Path) -> None:
    plain = STYLED_MAP.replace("style: {palette: calm, faces: true, icons: true}\n", "").replace(
        '    colour: "#1F4E79"\n', "").replace(", picture: people/giulia.png", "")
    (project / "map.yaml").write_text(plain, encoding="utf-8")
    html = _render(cli, project)
    for marker in ('class="coloured"', "<symbol", "<use", '<g class="face"', '<img class="persona-picture"'):
        assert marker not in html
    assert "<li>Website, WhatsApp</li>" in html
    styled = _render(cli, project, "--faces", "--icons", "--palette", "vivid")
    assert '<g class="face"' in styled and '<use href="#icon-web"/>' in styled and 'class="coloured"' in styled


@pytest.mark.parametrize("config_name, config", [
    (".cjmap.yaml", "style: {palette: vivid, faces: false}\n"),
    ("pyproject.toml", '[tool.cjmap]\nstyle = {palette = "vivid", faces = false}\n'),
])
def test_the_project_configuration_gives_defaults(cli: CliRunner, project: Path, config_name: str,
                                                   config: str) -> None:
    (project / config_name).write_text(config, encoding="utf-8")
    styled = _render(cli, project)  # the map says calm and faces: it wins setting by setting
    assert re.findall(r"--stage-bg: (#\w+);", styled)[0] == colours.PALETTES["calm"].light[0]
    assert '<g class="face"' in styled
    plain = STYLED_MAP.replace("style: {palette: calm, faces: true, icons: true}\n", "")
    (project / "map.yaml").write_text(plain, encoding="utf-8")
    html = _render(cli, project)  # no style of its own: the configuration's
    assert re.findall(r"--stage-bg: (#\w+);", html)[0] == colours.PALETTES["vivid"].light[0]
    assert '<g class="face"' not in html and "<symbol" not in html
    html = _render(cli, project, "--palette", "mono", "--faces")  # the command line wins over both
    assert re.findall(r"--stage-bg: (#\w+);", html)[0] == colours.PALETTES["mono"].light[0]
    assert '<g class="face"' in html


def test_a_broken_style_in_the_configuration_stops_render(cli: CliRunner, project: Path) -> None:
    (project / ".cjmap.yaml").write_text("style: {faces: sometimes}\n", encoding="utf-8")
    done = cli("render", str(project / "map.yaml"), "-o", str(project / "out.html"))
    assert done.code == 2
    assert done.stderr.startswith(f"cjmap: error: {project}/.cjmap.yaml:1:9: style.faces: Input should be a "
                                  "valid boolean")
    assert not (project / "out.html").exists()


@pytest.mark.parametrize("sheet", ["csv", "xlsx"])
def test_stage_colours_and_style_survive_a_spreadsheet(cli: CliRunner, project: Path, sheet: str) -> None:
    from cjmap.validation.validator import validate_file

    exported, again = project / f"map.{sheet}", project / "again.yaml"
    assert cli("export", sheet, str(project / "map.yaml"), "-o", str(exported)).code == 0
    assert cli("import", sheet, str(exported), "-o", str(again)).code == 0
    before, after = validate_file(str(project / "map.yaml")).journey, validate_file(str(again)).journey
    assert before is not None and after is not None
    assert [stage.colour for stage in after.stages] == [None, "#1f4e79", None]
    if sheet == "xlsx":  # the workbook's "map" sheet carries the map's own keys; a CSV holds the steps only
        assert after.style == before.style and after.persona == before.persona


def test_markdown_names_the_channels_without_html(cli: CliRunner, project: Path) -> None:
    text = _render(cli, project, fmt="markdown")
    assert "Website, WhatsApp" in text and "Our store, Partner desk" in text
    assert "<svg" not in text and "data:" not in text and "#1f4e79" not in text.lower()
    if not cmark_missing():
        assert_gfm(text)


# Picture safety --------------------------------------------------------------------------------------------


def _svg(path: Path) -> None:
    path.write_bytes(b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')


@pytest.mark.parametrize("written, prepare, code, message", [
    ("{outside}/face.png", None, "V034", "persona picture '{outside}/face.png' is an absolute path"),
    ("../face.png", None, "V034", "persona picture '../face.png' leads outside the project"),
    ("people/link.png", "link", "V034", "persona picture 'people/link.png' leads through a symbolic link outside "
                                        "the project"),
    ("people/big.png", "big", "V038", "persona picture 'people/big.png' is larger than 2 MiB"),
    ("people/text.png", "text", "V038", "persona picture 'people/text.png' is not a PNG, JPEG, WebP or GIF image "
                                        "(judged by its bytes)"),
    ("people/face.svg", "svg", "V038", "persona picture 'people/face.svg' is an SVG image"),
    ("people/none.png", None, "V032", "persona picture 'people/none.png' not found"),
    ("people", None, "V032", "persona picture 'people' is not a regular file"),
])
def test_a_picture_that_cannot_be_used_is_a_located_error(
        tmp_path: Path, cli: CliRunner, written: str, prepare: str | None, code: str, message: str) -> None:
    project, outside = tmp_path / "project", tmp_path / "outside"
    (project / ".git").mkdir(parents=True)
    (project / "people").mkdir()
    outside.mkdir()
    (outside / "face.png").write_bytes(png())
    (tmp_path / "face.png").write_bytes(png())
    people = project / "people"
    if prepare == "link":
        (people / "link.png").symlink_to(outside / "face.png")
    elif prepare == "big":
        (people / "big.png").write_bytes(png() + b"\0" * references.MAX_PICTURE_BYTES)
    elif prepare == "text":
        (people / "text.png").write_bytes(b"SECRET=hunter2\n")
    elif prepare == "svg":
        _svg(people / "face.svg")
    written = written.format(outside=outside)
    target = project / "map.yaml"
    target.write_text(STYLED_MAP.replace("people/giulia.png", json.dumps(written)), encoding="utf-8")
    for command in ("validate", "render"):
        done = cli(command, str(target), *(["-o", str(tmp_path / "out.html")] if command == "render" else []))
        assert done.code == 1, (command, done.stdout, done.stderr)
        report = done.stdout if command == "validate" else done.stderr
        assert f"{target}:5:50: {code} " in report and message.format(outside=outside) in report, report
        assert "hunter2" not in report and "alert" not in report
    assert not (tmp_path / "out.html").exists()


def test_a_persona_files_picture_is_relative_to_that_file(tmp_path: Path, cli: CliRunner) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "giulia.png").write_bytes(png())
    persona = tmp_path / "people" / "giulia.yaml"
    persona.write_text("cjmap-persona: 1\nname: Giulia\npicture: giulia.png\n", encoding="utf-8")
    target = tmp_path / "map.yaml"
    target.write_text(STYLED_MAP.replace("persona: {name: Giulia, role: Commuter, picture: people/giulia.png}",
                                         "persona: people/giulia.yaml"), encoding="utf-8")
    done = cli("render", str(target), "-o", str(tmp_path / "out.html"))
    assert done.code == 0, done.stderr
    assert 'src="data:image/png;base64,' in (tmp_path / "out.html").read_text(encoding="utf-8")
    _svg(tmp_path / "people" / "giulia.png")  # an SVG under a .png name: judged by its bytes
    references.clear_caches()
    for args in (("validate", str(target)), ("validate", str(persona))):
        done = cli(*args)
        assert done.code == 1
        assert f"{persona}:3:10: V038 [bad-picture] persona picture 'giulia.png' is an SVG image" in done.stdout


# In the browser and the Nu checker -------------------------------------------------------------------------


FACES = """() => [...document.querySelectorAll('.screen-grid svg.chart g.face')].map((face) => {
  const r = face.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; })"""
LABELS = """() => [...document.querySelectorAll('.screen-grid svg.chart text.value')].map((text) => {
  const r = text.getBoundingClientRect();
  return {text: text.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom}; })"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] - 0.5 and b["left"] < a["right"] - 0.5 and a["top"] < b["bottom"] - 0.5 \
        and b["top"] < a["bottom"] - 0.5


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_styled_page_in_chromium(chromium: Any, cli: CliRunner, project: Path, dark: bool) -> None:
    from cjmap.render.browser import fenced

    html = _render(cli, project)
    with watched_page(chromium, width=1400, height=900, dark=dark) as page:
        page.set_content(fenced(html))  # under the print policy: the picture is a data: image, nothing else
        assert page.events["console"] == [] and page.events["pageerror"] == []
        assert [url for url in page.events["request"] if not url.startswith(("about:", "data:"))] == []
        assert page.evaluate("() => document.querySelector('img.persona-picture').naturalWidth") == 4
        bands = page.evaluate("""() => [...document.querySelectorAll('tr.stages th.coloured')].map((th) => {
            const s = getComputedStyle(th); return [s.backgroundColor, s.color]; })""")
        calm = colours.PALETTES["calm"]
        expected = [(calm.dark[0], "#1c2026"), ("#1f4e79", "#e8ebef"), (calm.dark[2], "#1c2026")] if dark else \
            [(calm.light[0], "#ffffff"), ("#1f4e79", "#ffffff"), (calm.light[2], "#ffffff")]
        assert bands == [[_rgb(background), _rgb(text)] for background, text in expected]
        icon = page.evaluate("""() => { const r = document.querySelector('ul.channels svg.icon')
            .getBoundingClientRect(); return [r.width, r.height]; }""")
        assert icon[0] > 8 and icon[1] > 8
        assert len(page.evaluate(FACES)) == 5
        page.screenshot(path=str(project / f"styled-{'dark' if dark else 'light'}.png"), full_page=True)


def _rgb(colour: str) -> str:
    value = colours.normalise(colour)
    return "rgb({}, {}, {})".format(*(int(value[i:i + 2], 16) for i in (1, 3, 5)))


@pytest.mark.parametrize("steps", [12, 40])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_faces_never_sit_under_a_label(chromium: Any, tmp_path: Path, cli: CliRunner, steps: int,
                                       dark: bool) -> None:
    path = write_stress_map(tmp_path, steps, text="long")
    out = tmp_path / "out.html"
    assert cli("render", str(path), "-o", str(out), "--faces", "--icons", "--palette", "vivid").code == 0
    with watched_page(chromium, width=1400, height=900, dark=dark) as page:
        page.set_content(out.read_text(encoding="utf-8"))
        faces, labels = page.evaluate(FACES), page.evaluate(LABELS)
        assert faces and labels
        for label in labels:
            assert not any(_overlap(face, label) for face in faces), label
        for index, first in enumerate(labels):
            assert not any(_overlap(first, second) for second in labels[index + 1:]), first


def test_the_styled_page_passes_the_nu_checker(cli: CliRunner, project: Path) -> None:
    if reason := vnu_missing():
        pytest.skip(reason)
    page = project / "out.html"
    _render(cli, project)
    done = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", "--also-check-svg", str(page)],
                          capture_output=True, text=True, timeout=180, check=False)
    messages = json.loads(done.stderr or "{}").get("messages", [])
    assert [m for m in messages if m.get("type") == "error"] == []



def test_a_hostile_map_with_every_style_on_fires_nothing(chromium: Any, tmp_path: Path, cli: CliRunner) -> None:
    (tmp_path / ".git").mkdir()
    out = tmp_path / "out.html"
    done = cli("render", str(write_hostile_map(tmp_path)), "-o", str(out), "--icons", "--faces", "--palette", "vivid")
    assert done.code == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert '<use href="#icon-web"/>' in html  # guessed from the channel's id, whatever its name holds
    with watched_page(chromium) as page:
        page.set_content(html)
        page.wait_for_timeout(200)
        assert page.events["dialog"] == [] and page.events["pageerror"] == []
        assert [url for url in page.events["request"] if not url.startswith(("about:", "data:"))] == []
        assert page.evaluate("document.querySelectorAll('script, iframe, img, a[href^=\"javascript\"]').length") == 0
        assert page.inner_text("ul.channels li").split(" ", 1)[1] == " ".join(PAYLOADS)
        assert len(page.query_selector_all("g.face")) == 2


def test_the_pdf_carries_the_picture(cli: CliRunner, project: Path) -> None:
    import shutil

    if chromium_missing() or shutil.which("pdfimages") is None:
        pytest.skip("needs Chromium and pdfimages (apt-get install chromium poppler-utils)")
    target = project / "map.pdf"
    assert cli("render", str(project / "map.yaml"), "-f", "pdf", "-o", str(target)).code == 0
    listed = subprocess.run(["pdfimages", "-list", str(target)], capture_output=True, text=True, check=True).stdout
    images = [line.split() for line in listed.splitlines()[2:]]
    assert [(row[3], row[4]) for row in images] == [("4", "4")]  # the persona picture, and nothing else
