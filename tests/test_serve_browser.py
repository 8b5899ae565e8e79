"""``cjmap serve`` in real Chromium: the open page follows saves by itself, shows problems, and recovers.

Nothing here reloads or navigates the page after opening it: every change the page shows came from the
served script, reloading on the server's event. Console errors would include a Content Security Policy
violation, so none also means the served script is allowed and nothing else tried to run.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import VNU_JAR, vnu_missing, watched_page
from serve_support import BROKEN_MAP, Served, a_map, get, port_of, serving, wait_for

pytest.importorskip("watchfiles")

SAVE_MS = 5000
"""How long the page may take to show a save (the server announces it within a second; a loaded machine)."""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    (root / "maps").mkdir()
    (root / "maps" / "cafe.yaml").write_text(a_map("Cafe visit"), encoding="utf-8")
    (root / "maps" / "train.yaml").write_text(a_map("Train ride"), encoding="utf-8")
    return root


@pytest.fixture
def site(project: Path) -> Iterator[Served]:
    with serving("maps", cwd=project) as served:
        yield served


def shows(page: Any, text: str) -> None:
    """Wait until the page shows ``text`` (a locator wait: the page's policy forbids the eval a predicate needs)."""
    page.locator("body", has_text=text).wait_for(timeout=SAVE_MS)


def _loads(page: Any) -> list[str]:
    """Count the page's loads in the test (a reload by the served script is one more)."""
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))
    return loads


def test_the_open_page_follows_saves_problems_and_fixes(chromium: Any, project: Path, site: Served) -> None:
    cafe = project / "maps" / "cafe.yaml"
    with watched_page(chromium) as page:
        page.goto(site.url + "cafe.html")
        loads = _loads(page)
        assert "Orders a coffee" in page.inner_text("body")

        cafe.write_text(a_map("Cafe visit", step="Pays by phone"), encoding="utf-8")
        shows(page, "Pays by phone")
        assert "Orders a coffee" not in page.inner_text("body")

        cafe.write_text(BROKEN_MAP, encoding="utf-8")
        shows(page, "has problems")
        text = page.inner_text("body")
        assert "maps/cafe.yaml:8:5" in text and "stepz" in text and "Pays by phone" not in text

        cafe.write_text(a_map("Cafe visit", step="Pays by card"), encoding="utf-8")
        shows(page, "Pays by card")
        assert "has problems" not in page.inner_text("body")

        assert page.url == site.url + "cafe.html" and len(loads) == 3  # three saves, three reloads by the script
        assert page.events["console"] == [] and page.events["pageerror"] == [] and page.events["dialog"] == []
        requested = {url.split("#")[0] for url in page.events["request"]}
        assert requested <= {site.url + "cafe.html", site.url + "__cjmap__/events"}


def test_a_script_in_the_map_does_not_run(chromium: Any, project: Path, site: Served) -> None:
    (project / "maps" / "cafe.yaml").write_text(
        a_map("<script>alert('map')</script>", step="<img src=x onerror=alert('step')>"), encoding="utf-8")
    with watched_page(chromium) as page:
        page.goto(site.url + "cafe.html")
        shows(page, "<script>")
        assert page.evaluate("document.scripts.length") == 1
        assert page.events["dialog"] == [] and page.events["pageerror"] == []


def test_the_index_follows_a_new_map(chromium: Any, project: Path, site: Served) -> None:
    with watched_page(chromium) as page:
        page.goto(site.url)
        assert "Train ride" in page.inner_text("body")
        (project / "maps" / "bank.yaml").write_text(a_map("Bank visit"), encoding="utf-8")
        shows(page, "Bank visit")
        page.get_by_role("link", name="Bank visit", exact=True).first.click()
        page.wait_for_url(site.url + "bank.html")
        assert page.events["console"] == [] and page.events["pageerror"] == []


def test_served_pages_are_valid_html(project: Path, site: Served, tmp_path: Path) -> None:
    """The map's page with the script added, and the problems page, pass the Nu HTML checker."""
    (project / "maps" / "train.yaml").write_text(BROKEN_MAP, encoding="utf-8")
    problems = wait_for(site, "/train.html", "has problems", SAVE_MS / 1000)
    page = get(site, "/cafe.html")[2]
    assert page.count("<script nonce=") == 1
    if reason := vnu_missing():
        pytest.skip(reason)
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (tmp_path / "problems.html").write_text(problems, encoding="utf-8")
    done = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", "--also-check-svg",
                           str(tmp_path / "page.html"), str(tmp_path / "problems.html")],
                          capture_output=True, text=True, timeout=180, check=False)
    messages = json.loads(done.stderr or "{}").get("messages", [])
    assert [m for m in messages if m.get("type") == "error"] == []


def test_a_page_left_open_catches_up_with_a_restarted_server(chromium: Any, project: Path) -> None:
    with watched_page(chromium) as page:
        with serving("maps", cwd=project) as first:
            page.goto(first.url + "cafe.html")
            shows(page, "Orders a coffee")
            port = str(port_of(first))
        (project / "maps" / "cafe.yaml").write_text(a_map("Cafe visit", step="Saved while stopped"), encoding="utf-8")
        with serving("maps", "--port", port, cwd=project) as second:
            shows(page, "Saved while stopped")  # the page reconnected and reloaded by itself
            assert page.url == second.url + "cafe.html"
