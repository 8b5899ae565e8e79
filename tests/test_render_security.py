"""``cjmap render`` against hostile input: templates that reach outside their folder or never end, names that
make links run scripts, pages that overwrite each other, a browser that runs a template's scripts, a site cut
short by a signal, invalid maps among valid ones (issue 21)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from browser_support import CHROMIUM, chromium_missing, click_every_link

REPO = Path(__file__).parents[1]
EXAMPLES = REPO / "examples"
CJMAP = Path(sys.executable).parent / "cjmap"
MAP = EXAMPLES / "commuter-day.yaml"


def cjmap(*args: str | Path, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CJMAP), *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "NO_COLOR": "1"}, cwd=cwd, check=False)


def small_map(title: str, *, baseline: str | None = None, type_: str = "current-state") -> str:
    """A valid one-step map (JSON strings are YAML strings, so any title and baseline can be written)."""
    extra = f"baseline: {json.dumps(baseline)}\n" if baseline is not None else ""
    return (f"cjmap: 1\nid: m\ntitle: {json.dumps(title)}\ntype: {type_}\n{extra}"
            "stages:\n  - id: s\n    name: S\n    steps:\n      - {id: a, name: A, emotion: 2}\n")


# 1. Templates stay inside their folder --------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["include", "top"])
def test_template_symlinked_outside_the_folder_is_refused(tmp_path: Path, how: str) -> None:
    templates = tmp_path / "t"
    templates.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE\n", encoding="utf-8")
    (templates / "leak.txt").symlink_to(secret)
    (templates / "env.txt").symlink_to("/proc/self/environ")
    if how == "include":
        (templates / "map.html.j2").write_text('{% include "leak.txt" %}{% include "env.txt" %}', encoding="utf-8")
    else:
        (templates / "map.html.j2").symlink_to(secret)
    done = cjmap("render", MAP, "--template-dir", templates)
    assert done.returncode == 2, done.stderr
    assert "TOP-SECRET-VALUE" not in done.stdout + done.stderr and "PATH=" not in done.stdout
    name = "leak.txt" if how == "include" else "map.html.j2"
    assert f"template {name}: its real path is outside the template folder" in done.stderr
    assert "Traceback" not in done.stderr


def test_symlink_inside_the_folder_is_fine(tmp_path: Path) -> None:
    templates = tmp_path / "t"
    (templates / "parts").mkdir(parents=True)
    (templates / "parts" / "title.j2").write_text("{{ map.title }}", encoding="utf-8")
    (templates / "title.j2").symlink_to(templates / "parts" / "title.j2")
    (templates / "map.mmd.j2").write_text('{% include "title.j2" %}\n', encoding="utf-8")
    done = cjmap("render", MAP, "-f", "mermaid", "--template-dir", templates)
    assert (done.returncode, done.stdout.strip()) == (0, "A weekday of a hybrid commuter"), done.stderr


# 6. Templates are bounded in time and size ----------------------------------------------------------------------

@pytest.mark.parametrize(("body", "message"), [
    ("{{ map.title * 200000000 }}", "builds a value of more than 100,000,000 items"),
    ("{{ range(10**9)|list|length }}", "range of 1,000,000,000 numbers (at most 100,000)"),
    ('{% include "map.html.j2" %}', "recursion too deep"),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}", "recursion too deep"),
    ('{% for i in range(100000) %}{{ "x" * 100000 }}{% endfor %}', "writes more than 100,000,000 characters"),
    ('{{ "x"|center(3000000000) }}', "MiB of memory"),
    ("{% set ns = namespace(s='xx') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
     "builds a value of more than"),
])
def test_runaway_template_is_a_template_error(tmp_path: Path, body: str, message: str) -> None:
    templates = tmp_path / "t"
    templates.mkdir()
    (templates / "map.html.j2").write_text(body, encoding="utf-8")
    started = time.monotonic()
    done = cjmap("render", MAP, "--template-dir", templates, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("cjmap: error: template error: template map.html.j2: ")
    assert message in done.stderr and "bug in cjmap" not in done.stderr
    assert time.monotonic() - started < 60


def test_a_template_that_never_ends_is_stopped(tmp_path: Path) -> None:
    from cjmap.render.environment import clear_environments, environment
    from cjmap.render.pages import load_map, render_map
    from cjmap.render.sandbox import TemplateLimitError

    (tmp_path / "map.html.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", encoding="utf-8")
    loaded, _ = load_map(str(MAP))
    assert loaded is not None
    env = environment(tmp_path)
    env.time_limit = 1.0  # type: ignore[attr-defined]
    started = time.monotonic()
    with pytest.raises(TemplateLimitError, match=r"^template map.html.j2: took longer than 1 s$"):
        render_map(loaded, "html", template_dir=tmp_path)
    assert time.monotonic() - started < 10
    clear_environments()


def test_bounds_leave_ordinary_user_templates_alone(tmp_path: Path) -> None:
    (tmp_path / "map.mmd.j2").write_text(
        '{% for step in map.steps %}{{ step.name ~ "!" }} {{ "-" * 3 }} {{ range(3)|list|length }}\n{% endfor %}',
        encoding="utf-8")
    done = cjmap("render", MAP, "-f", "mermaid", "--template-dir", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Wakes up and checks the app! --- 3"


# 2. Links: percent-encoded, relative, only to rendered pages -----------------------------------------------------

HOSTILE_NAMES = ("javascript:alert('x')", "a#b", "c?d=1", "e%20f", "g h", "'quote\"", "<i>", "ünï")


def hostile_site(root: Path) -> Path:
    """Maps in folders and files with hostile names, a future map whose baseline is ``javascript:alert(1)``."""
    maps = root / "maps"
    for name in HOSTILE_NAMES:
        (maps / name).mkdir(parents=True)
        (maps / name / f"{name}.yaml").write_text(small_map(name), encoding="utf-8")
    (maps / "javascript:alert(1).yaml").write_text(small_map("Old"), encoding="utf-8")
    (maps / "future#1.yaml").write_text(small_map("New", baseline="javascript:alert(1).yaml",
                                                  type_="future-state"), encoding="utf-8")
    for example in EXAMPLES.glob("*.yaml"):
        shutil.copy(example, maps / example.name)
    shutil.copytree(EXAMPLES / "personas", maps / "personas")
    return maps


def test_hrefs_are_encoded_and_relative(tmp_path: Path) -> None:
    from cjmap.render import links

    assert links.relative("javascript:alert(1).html") == "./javascript%3Aalert%281%29.html"
    assert links.relative("a b/c#1?.html") == "./a%20b/c%231%3F.html"
    assert links.between("x/y/page.html", "index.html") == "../../index.html"
    assert links.between("index.html", "x/p%.html") == "./x/p%25.html"
    assert links.relative("/etc/passwd") == ""



def test_a_file_name_that_is_not_utf8_gets_its_page(tmp_path: Path) -> None:
    """A name the OS hands over with surrogate escapes (Latin-1 ``café.yaml``) is linked by its bytes."""
    maps = tmp_path / "maps"
    maps.mkdir()
    try:
        (maps / os.fsdecode(b"caf\xe9.yaml")).write_text(small_map("Latin-1 name"), encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes UTF-8 names only")
    (maps / "plain.yaml").write_text(small_map("Plain"), encoding="utf-8")
    site = tmp_path / "site"
    done = cjmap("render", maps, "-o", site)
    assert (done.returncode, done.stderr) == (0, f"cjmap: wrote 3 pages to {site} (open {site / 'index.html'})\n")
    assert sorted(os.listdir(os.fsencode(site))) == [b"caf\xe9.html", b"index.html", b"plain.html"]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="./caf%E9.html"' in index and "Latin-1 name" in index
    assert "maps/caf\N{REPLACEMENT CHARACTER}.yaml" in index  # the portfolio's tooltip shows the file, readable
    # an invalid map with such a name is listed on the index, not a crash
    (maps / os.fsdecode(b"draft\xe9.yaml")).write_text("cjmap: 2\n", encoding="utf-8")
    again = subprocess.run([str(CJMAP), "render", str(maps), "-o", str(site)], capture_output=True, timeout=300,
                           env={**os.environ, "NO_COLOR": "1"}, check=False)
    # stderr names the file by its own bytes, as the terminal shows other file names
    assert again.returncode == 1 and b"Traceback" not in again.stderr and b"draft\xe9.yaml:1:1: V021" in again.stderr
    assert "draft\N{REPLACEMENT CHARACTER}.yaml" in (site / "index.html").read_text(encoding="utf-8")


def test_every_link_of_a_hostile_site_leads_to_a_page(tmp_path: Path, chromium: Any) -> None:
    site = tmp_path / "site"
    done = cjmap("render", hostile_site(tmp_path), "-o", site)
    assert (done.returncode, done.stderr) == (0, f"cjmap: wrote 15 pages to {site} (open {site / 'index.html'})\n")
    html = "".join(page.read_text(encoding="utf-8") for page in site.rglob("*.html"))
    assert 'href="javascript' not in html and "href=\"#" in html
    clicked, failures = click_every_link(chromium, site / "index.html")
    assert failures == []
    assert clicked == html.count("<a href=") >= 40  # every link of every page: the site is connected


def test_a_page_alone_links_no_baseline(tmp_path: Path, chromium: Any) -> None:
    (tmp_path / "javascript:alert(1)").write_text(small_map("Old"), encoding="utf-8")
    future = tmp_path / "future.yaml"
    future.write_text(small_map("New", baseline="javascript:alert(1)", type_="future-state"), encoding="utf-8")
    done = cjmap("render", future, "-o", tmp_path / "future.html")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "future.html").read_text(encoding="utf-8")
    assert "<dt>Baseline</dt><dd>Old</dd>" in page
    clicked, failures = click_every_link(chromium, tmp_path / "future.html")
    assert failures == []


def test_markdown_baseline_link_is_encoded(tmp_path: Path) -> None:
    if shutil.which("cmark-gfm") is None:
        pytest.skip("cmark-gfm is not installed (apt-get install cmark-gfm)")
    (tmp_path / "javascript:alert(1)>x").write_text(small_map("Old"), encoding="utf-8")
    future = tmp_path / "future.yaml"
    future.write_text(small_map("New", baseline="javascript:alert(1)>x", type_="future-state"), encoding="utf-8")
    done = cjmap("render", future, "-f", "markdown")
    assert done.returncode == 0, done.stderr
    assert "baseline: [Old](<./javascript%3Aalert%281%29%3Ex>)" in done.stdout
    html = subprocess.run(["cmark-gfm", "-e", "table"], input=done.stdout, capture_output=True, text=True,
                          check=True).stdout
    assert 'baseline: <a href="./javascript%3Aalert%281%29%3Ex">Old</a>' in html
    assert "<!-- raw HTML omitted -->" not in html


# 4. The browser that prints PDF and PNG runs no script and reads no file ------------------------------------------

HOSTILE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>t</title></head><body>
<h1>{{ map.title }}</h1><p id="out">static text</p>
<script>document.getElementById('out').textContent = 'SCRIPT-' + 'RAN';</script>
<iframe src="file://SECRET" width="800" height="300"></iframe>
<object data="file://SECRET" width="800" height="300"></object>
</body></html>
"""


def test_pdf_of_a_hostile_template_holds_no_script_output_and_no_file(tmp_path: Path) -> None:
    if chromium_missing() or shutil.which("pdftotext") is None:
        pytest.skip("needs Chromium and pdftotext (apt-get install chromium poppler-utils)")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE\n", encoding="utf-8")
    templates = tmp_path / "t"
    templates.mkdir()
    (templates / "map.html.j2").write_text(HOSTILE_PAGE.replace("SECRET", str(secret)), encoding="utf-8")
    done = cjmap("render", MAP, "-f", "pdf", "-o", tmp_path / "map.pdf", "--template-dir", templates,
                 "--browser", os.environ.get("CJMAP_CHROMIUM", "/usr/bin/chromium"))
    assert done.returncode == 0, done.stderr
    text = subprocess.run(["pdftotext", str(tmp_path / "map.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "A weekday of a hybrid commuter" in text and "static text" in text
    assert "SCRIPT-RAN" not in text and "TOP-SECRET-VALUE" not in text


def test_the_policy_comes_before_anything_in_the_page() -> None:
    from cjmap.render.browser import POLICY, fenced

    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
    assert fenced("<!DOCTYPE html>\n<html><script>x</script>") == f"<!DOCTYPE html>{meta}\n<html><script>x</script>"
    assert fenced("<script>x</script>") == f"{meta}<script>x</script>"
    assert "script-src" not in POLICY and "default-src 'none'" in POLICY




def _sends_stun(flags: list[str]) -> bool:
    """Whether a page's WebRTC script reaches a STUN listener on 127.0.0.1 in a Chromium started with ``flags``
    (tests/webrtc_probe.py, in a process of its own: Playwright's sync API cannot nest in the module's browser)."""
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("webrtc_probe.py")), CHROMIUM, *flags],
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0 and done.stdout.strip() in ("sent", "quiet"), done.stderr
    return done.stdout.strip() == "sent"

def test_webrtc_sends_no_udp_around_the_proxy() -> None:
    """Even with scripts running (a policy bypass, a browser bug), the browser's flags keep WebRTC off UDP. The
    same page without the two WebRTC flags does reach the local STUN listener, so the check can fail."""
    if reason := chromium_missing():
        pytest.skip(reason)
    from cjmap.render.browser import FLAGS

    policy = ("--webrtc-ip-handling-policy=disable_non_proxied_udp", "--force-webrtc-ip-handling-policy")
    assert set(policy) <= set(FLAGS)
    assert _sends_stun([flag for flag in FLAGS if flag not in policy])
    assert not _sends_stun(list(FLAGS))

# 5. Every map gets its own page -----------------------------------------------------------------------------------

def test_site_pages_never_overwrite_each_other(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    for name, title in (("index.yaml", "Index map"), ("x.yaml", "X yaml"), ("x.yml", "X yml"), ("y.yaml", "Y")):
        (maps / name).write_text(small_map(title), encoding="utf-8")
    site = tmp_path / "site"
    done = cjmap("render", maps, "-o", site)
    assert (done.returncode, done.stderr) == (0, f"cjmap: wrote 5 pages to {site} (open {site / 'index.html'})\n")
    pages = sorted(p.name for p in (tmp_path / "site").iterdir())
    assert pages == ["index.html", "index.yaml.html", "x.yaml.html", "x.yml.html", "y.html"]
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    for href, title in (("./index.yaml.html", "Index map"), ("./x.yaml.html", "X yaml"),
                        ("./x.yml.html", "X yml"), ("./y.html", "Y")):
        assert f'<a href="{href}">{title}</a>' in index


def test_names_that_still_collide_are_refused(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    for name in ("x.yaml", "x.yml", "x.yaml.yaml"):
        (maps / name).write_text(small_map(name), encoding="utf-8")
    done = cjmap("render", maps, "-o", tmp_path / "site")
    assert done.returncode == 2
    assert "would both become the page x.yaml.html: rename one of them" in done.stderr
    assert not (tmp_path / "site").exists()


# 8. An invalid map is listed on the index, the others are rendered --------------------------------------------

def test_invalid_draft_is_listed_on_the_index(tmp_path: Path, chromium: Any) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    for example in EXAMPLES.glob("*.yaml"):
        shutil.copy(example, maps / example.name)
    shutil.copytree(EXAMPLES / "personas", maps / "personas")
    (maps / "draft.yaml").write_text("cjmap: 1\nid: d\ntitle: Draft\ntype: nope\nstages: []\n", encoding="utf-8")
    site = tmp_path / "site"
    done = cjmap("render", maps, "-o", site)
    assert done.returncode == 1
    assert "draft.yaml:4:7: V023 [invalid-value]" in done.stderr
    assert sorted(p.name for p in site.iterdir()) == [
        "cafe-order.blueprint.html", "commuter-day.html", "index.html", "trial-onboarding.current.html",
        "trial-onboarding.future.html"]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "4 maps · 1 not valid" in index
    assert f"<li><strong>{maps / 'draft.yaml'}</strong><ul><li>line 4: V023 " in index
    assert click_every_link(chromium, site / "index.html")[1] == []


# 7. The site moves into place whole --------------------------------------------------------------------------------

def test_site_replaces_the_old_one_and_keeps_other_files(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "notes.txt").write_text("mine", encoding="utf-8")
    (site / "commuter-day.html").write_text("old", encoding="utf-8")
    os.chmod(site / "commuter-day.html", 0o640)
    done = cjmap("render", EXAMPLES, "-o", site)
    assert done.returncode == 0, done.stderr
    assert (site / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (site / "commuter-day.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert os.stat(site / "commuter-day.html").st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary folder left


def test_an_error_while_writing_leaves_the_old_site(tmp_path: Path) -> None:
    from cjmap.writer import write_folder

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old index", encoding="utf-8")
    with pytest.raises(OSError):
        write_folder(site, {"a.html": b"new", "x" * 300 + ".html": b"too long a name", "index.html": b"new index"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "old index"


@pytest.mark.parametrize("when", ["rendering", "writing"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_leaves_no_half_site_and_no_temporary_folder(tmp_path: Path, signum: int, when: str) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    for number in range(100):
        (maps / f"m{number}.yaml").write_text(small_map(f"Map {number}"), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    site = out / "site"
    process = subprocess.Popen([str(CJMAP), "render", str(maps), "-o", str(site), "-j", "1"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "NO_COLOR": "1"})
    started = time.monotonic()
    while process.poll() is None and time.monotonic() - started < 120:
        if when == "rendering" and time.monotonic() - started > 1.5 or when == "writing" and any(out.iterdir()):
            process.send_signal(signum)
            break
        time.sleep(0.002)
    _, stderr = process.communicate(timeout=120)
    left = sorted(p.name for p in out.iterdir())
    if process.returncode == 0:  # it finished before the signal: the whole site is there
        assert left == ["site"] and len(list(site.iterdir())) == 101
    else:
        assert process.returncode == (130 if signum == signal.SIGINT else 143), stderr
        assert "Traceback" not in stderr
        assert left == [] or (left == ["site"] and len(list(site.iterdir())) == 101)


def test_the_render_page_states_the_bounds() -> None:
    from cjmap.render import sandbox

    page = (REPO / "docs" / "commands" / "render.md").read_text(encoding="utf-8")
    assert f"A render is bounded: {sandbox.TIME_LIMIT:g} s, at most {sandbox.SIZE_LIMIT // 10**6} million" in page
    assert f"ranges of at most {sandbox.RANGE_LIMIT:,} numbers, {sandbox.MEMORY_LIMIT // 2**30} GiB" in page
