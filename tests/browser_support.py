"""Real components for the render tests: headless Chromium through Playwright, Mermaid and the Nu checker.

Nothing is downloaded: Chromium is Debian's (``/usr/bin/chromium``), Mermaid and vnu-jar come from
``tests/node/node_modules`` (installed by ``.ci/run``). Each ``*_missing()`` function says why a component is
absent, so tests skip with a clear reason.

Also a script: ``python -m tests.browser_support screenshots docs/`` writes a full-page PNG of every example
(rendered as HTML) into ``docs/``, so a person can look at what ``cjmap render`` draws.
"""

from __future__ import annotations

import datetime
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).parents[1]
NODE_MODULES = REPO / "tests" / "node" / "node_modules"
MERMAID_JS = NODE_MODULES / "mermaid" / "dist" / "mermaid.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = os.environ.get("CJMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TODAY = datetime.date(2026, 12, 1)
"""The date renders in tests and screenshots use, so 'review overdue' does not change with the calendar."""


def chromium_missing() -> str | None:
    """Why the browser tests cannot run, or None."""
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium; or set CJMAP_CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install playwright; never 'playwright install')"
    return None


def mermaid_missing() -> str | None:
    return chromium_missing() or (None if MERMAID_JS.exists() else
                                  f"{MERMAID_JS} is missing (cd tests/node && npm ci)")


def vnu_missing() -> str | None:
    if shutil.which("java") is None:
        return "java is not on PATH (apt-get install default-jre-headless)"
    return None if VNU_JAR.exists() else f"{VNU_JAR} is missing (cd tests/node && npm ci)"


@contextmanager
def browser() -> Iterator[Any]:
    """A headless Chromium driven by Playwright (Debian's binary: Playwright never downloads one here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def browser_or_skip() -> Iterator[Any]:
    """A module fixture's Chromium (``yield from browser_or_skip()``), or the test skipped, saying why."""
    import pytest

    if reason := chromium_missing():
        pytest.skip(reason)
    with browser() as instance:
        yield instance


@contextmanager
def watched_page(instance: Any, width: int = 1600, height: int = 1000, dark: bool = False) -> Iterator[Any]:
    """A page that records console errors, page errors, dialogs and every network request in ``page.events``."""
    page = instance.new_page(viewport={"width": width, "height": height},
                             color_scheme="dark" if dark else "light")
    events: dict[str, list[str]] = {"console": [], "pageerror": [], "dialog": [], "request": []}
    page.on("console", lambda message: events["console"].append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: events["pageerror"].append(str(error)))

    def dialog(d: Any) -> None:
        events["dialog"].append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.on("request", lambda request: events["request"].append(request.url))
    page.events = events
    try:
        yield page
    finally:
        page.close()


LINKS = """() => [...document.querySelectorAll('a[href]')].map((a) => ({
  href: a.getAttribute('href'), url: new URL(a.getAttribute('href'), document.baseURI).href}))"""
"""Every link of the page, HTML or SVG (an SVG ``<a>``'s ``href`` is no string), with the URL it leads to."""


def _file_of(url: str) -> Path | None:
    """The local file a ``file:`` URL names (without its fragment), or None for any other URL."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    return Path(unquote(parts.path)) if parts.scheme == "file" else None


def click_every_link(instance: Any, start: Path) -> tuple[int, list[str]]:
    """Click every link of page ``start`` and of every page it leads to, with the mouse, as a reader would.

    A real click follows a ``javascript:`` link (a dispatched ``click`` event does not), so a script in an
    href shows up as a dialog. Returns the number of links clicked and what went wrong: a dialog, a link that
    leads nowhere but to an existing local file, an anchor with no element of that id, a page with errors.
    """
    from urllib.parse import unquote, urlsplit

    failures: list[str] = []
    clicked = 0
    queue, seen = [start.resolve().as_uri()], set()
    with watched_page(instance, width=1400) as page:
        while queue:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            page.goto(url)
            name = unquote(urlsplit(url).path).rsplit("/", 1)[-1]
            for number, link in enumerate(page.evaluate(LINKS)):
                if page.url.split("#")[0] != url:
                    page.goto(url)
                page.locator("a[href]").nth(number).click(timeout=5000)
                page.wait_for_load_state()
                clicked += 1
                where = f"{name}: link {number} {link['href']!r}"
                if page.events["dialog"]:
                    failures.append(f"{where} opened a dialog: {page.events['dialog']}")
                    page.events["dialog"].clear()
                target = _file_of(page.url)
                if target is None or not target.is_file() or page.url != link["url"]:
                    failures.append(f"{where} went to {page.url}, not to an existing file ({link['url']})")
                    continue
                fragment = unquote(urlsplit(page.url).fragment)
                if fragment and not page.evaluate("(id) => document.getElementById(id) !== null", fragment):
                    failures.append(f"{where}: no element with id {fragment!r}")
                if target.suffix == ".html":
                    queue.append(page.url.split("#")[0])
            if page.events["pageerror"] or page.events["console"]:
                failures.append(f"{name}: errors {page.events['pageerror'] + page.events['console']}")
    return clicked, failures


def load_mermaid(page: Any) -> None:
    """Put Mermaid into an empty page from node_modules (no network)."""
    page.set_content("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body></body></html>")
    page.add_script_tag(content=MERMAID_JS.read_text(encoding="utf-8"))
    page.evaluate("mermaid.initialize({startOnLoad: false, securityLevel: 'strict'})")


MERMAID_RENDER = """async (source) => {
  try { await mermaid.parse(source); } catch (error) { return {error: String(error.message || error)}; }
  const {svg} = await mermaid.render('d' + Math.random().toString(36).slice(2), source);
  const holder = document.createElement('div');
  holder.innerHTML = svg;
  document.body.appendChild(holder);
  const texts = [...holder.querySelectorAll('text, foreignObject div')].map((node) => node.textContent);
  const result = {sections: holder.querySelectorAll('rect.journey-section').length,
                  tasks: holder.querySelectorAll('line.task-line').length,
                  lines: holder.querySelectorAll('.line-plot-0 path, path.line-plot').length,
                  texts: texts, svg: svg.length};
  holder.remove();
  return result;
}"""


def render_mermaid(page: Any, source: str) -> dict[str, Any]:
    """Parse and render ``source`` with the real Mermaid; ``{"error": …}`` when it does not parse."""
    result: dict[str, Any] = page.evaluate(MERMAID_RENDER, source)
    return result


def screenshots(folder: Path) -> list[Path]:
    """Render every example as HTML and write a full-page screenshot of each into ``folder``."""
    from cjmap.render.pages import load_map, render_map

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with browser() as instance:
        for example in sorted((REPO / "examples").glob("*.yaml")):
            loaded, problems = load_map(str(example))
            if loaded is None:
                raise SystemExit(f"{example} does not validate: {problems}")
            html = render_map(loaded, "html", today=TODAY)
            # Wide enough that the whole grid shows: page padding + lane headers + one column per step.
            width = max(1280, 64 + 170 + 200 * len(loaded.journey.steps()) + 4)
            for dark in (False, True):
                with watched_page(instance, width=width, height=900, dark=dark) as page:
                    page.set_content(html)
                    target = folder / f"render-{example.stem.replace('.', '-')}{'-dark' if dark else ''}.png"
                    page.screenshot(path=str(target), full_page=True)
                    written.append(target)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "screenshots":
        raise SystemExit("usage: python -m tests.browser_support screenshots FOLDER")
    if reason := chromium_missing():
        raise SystemExit(reason)
    for path in screenshots(Path(sys.argv[2])):
        print(path)


PAYLOADS = (
    "<script>alert('s')</script>",
    "<img src=x onerror=alert('i')>",
    "\"><svg onload=alert('v')>",
    "'><a href=\"javascript:alert('j')\">x</a>",
    "</textarea><script>alert('t')</script>",
    "<svg><script>alert('g')</script></svg>",
    "<iframe src=\"javascript:alert('f')\"></iframe>",
    "{{ 7*7 }} {% raw %}raw{% endraw %} {{ ''.__class__ }}",
    "%%{init: {'securityLevel': 'loose'}}%% click A call alert('m')",
    "| pipe # hash ; semi : colon `tick` *star* _under_ [link](javascript:alert('l'))",
)
"""OWASP filter-evasion style payloads (script tags, event handlers, javascript: URLs, attribute break-outs,
</textarea>, SVG, Jinja syntax) plus the characters Markdown and Mermaid treat specially."""


def payload(index: int) -> str:
    """A text field full of payloads, different per field so each can be found on the page."""
    return f"f{index} " + " ".join(PAYLOADS)


def hostile_map() -> dict[str, Any]:
    """A valid map whose every text field carries :data:`PAYLOADS` (ids must be slugs, so they do not)."""
    counter = iter(range(1, 10_000))

    def text() -> str:
        return payload(next(counter))

    step = {
        "id": "s1", "name": text(), "description": text(), "touchpoint": text(), "channel": ["web"],
        "time": text(), "duration": "10 min", "actions": [text()], "thoughts": [text()],
        "emotion": {"score": -1, "label": text()}, "actors": {"cat": {"score": 1, "label": text()}},
        "pain_points": [{"id": "p1", "text": text(), "severity": "high"}],
        "opportunities": [{"id": "o1", "text": text(), "owner": text(), "priority": "high", "addresses": ["p1"]}],
        "kpis": [{"id": "k1", "name": text(), "value": 42, "target": "<= 40", "unit": text(), "addresses": ["p1"]}],
        "owner": text(), "research": [text()], "moment_of_truth": True,
        "physical_evidence": [text()], "frontstage": [text()], "backstage": [text()], "support": [text()],
        "people": [text()], "policies": [text()], "technologies": [text()], "processes": [text()],
        "resources": {"had": [text()], "needed": [text()]},
    }
    second = {"id": "s2", "name": text(), "emotion": 2}
    return {
        "cjmap": 1, "id": "hostile", "title": text(), "description": text(), "type": "service-blueprint",
        "owner": text(), "tags": [text()], "reviewed": "2026-11-01",
        "persona": {"name": text(), "role": text(), "description": text(), "quote": text(), "goals": [text()],
                    "needs": [text()], "motivations": [text()], "frustrations": [text()]},
        "scope": {"scenario": text(), "learning_goals": [text()], "business_goals": [text()],
                  "expectations": [text()], "channels": ["web"], "out_of_scope": [text()]},
        "scale": {"min": -2, "max": 2, "labels": {"2": text()}},
        "channels": {"web": text()}, "actors": {"cat": text()},
        "stages": [{"id": "a", "name": text(), "description": text(), "goals": [text()], "expectations": [text()],
                    "steps": [step]},
                   {"id": "b", "name": text(), "steps": [second]}],
    }


def write_hostile_map(folder: Path) -> Path:
    """The hostile map as a file (JSON is YAML)."""
    import json

    path = folder / "hostile.yaml"
    path.write_text(json.dumps(hostile_map(), ensure_ascii=False, indent=1), encoding="utf-8")
    return path
