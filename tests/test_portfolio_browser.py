"""The portfolio page in a real browser and through the Nu checker: ``cjmap portfolio -f html`` and the site's home.

A stress portfolio (40 maps, long Cyrillic and Latin titles, 30 stage names, some very long) and a hostile one
(every text a script payload): no console error, no request, no dialog, no two texts of the heat grid
overlapping and none outside it, in light and dark mode; valid HTML.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from browser_support import PAYLOADS, VNU_JAR, vnu_missing, watched_page
from conftest import CliRunner

STAGES = [f"Этап {n} — очень длинное название стадии пути клиента" if n % 7 == 0 else f"Stage {n}"
          for n in range(30)]
TEXTS = """(selector) => {
  const svg = document.querySelector(selector).getBoundingClientRect();
  const texts = [...document.querySelectorAll(selector + ' text')].map((t) => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  });
  return {svg: {left: svg.left, right: svg.right, top: svg.top, bottom: svg.bottom}, texts};
}"""


def _stress(folder: Path) -> None:
    for number in range(40):
        stages = "".join(
            f"  - name: \"{STAGES[(number + offset) % len(STAGES)]}\"\n    steps:\n"
            f"      - {{id: s{offset}, name: \"Шаг {offset}\", emotion: {(number + offset) % 5 + 1},"
            f" pain_points: [{{text: \"Долгое ожидание на линии {offset % 3}\", severity: high}}],"
            f" opportunities: [{{id: o{(number + offset) % 23}, text: \"Идея {(number + offset) % 23}\","
            f" customer_value: {(number + offset) % 5 + 1}, effort: {offset % 5 + 1}}}]}}\n"
            for offset in range(6))
        title = ("Клиент оформляет возврат товара через мобильное приложение и ждёт деньги" if number % 2
                 else f"Customer journey number {number} with a long descriptive title")
        (folder / f"map-{number:02}.yaml").write_text(
            f"cjmap: 1\nid: m{number}\ntitle: \"{title}\"\ntype: current-state\n"
            f"persona: {{name: \"Persona {number % 4}\"}}\nstages:\n{stages}", encoding="utf-8")


def _overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] - 0.5 and b["left"] < a["right"] - 0.5 and a["top"] < b["bottom"] - 0.5 \
        and b["top"] < a["bottom"] - 0.5


def _check(page: Any, selectors: tuple[str, ...] = ("svg.heat",)) -> None:
    events = page.events
    assert events["console"] == [] and events["pageerror"] == [] and events["dialog"] == []
    assert [url for url in events["request"] if not url.startswith("file:")] == []
    for selector in selectors:
        _check_texts(page.evaluate(TEXTS, selector))


def _check_texts(found: dict[str, Any]) -> None:
    frame, texts = found["svg"], found["texts"]
    assert texts
    for text in texts:
        assert frame["left"] - 0.5 <= text["left"] and text["right"] <= frame["right"] + 0.5, text
        assert frame["top"] - 0.5 <= text["top"] and text["bottom"] <= frame["bottom"] + 0.5, text
    texts.sort(key=lambda box: box["left"])
    for index, first in enumerate(texts):  # a sweep along x: only boxes that start before this one ends
        for second in texts[index + 1:]:
            if second["left"] >= first["right"]:
                break
            assert not _overlaps(first, second), (first, second)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_stress_portfolio_page_has_no_overlapping_label(chromium: Any, cli: CliRunner, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch, dark: bool) -> None:
    monkeypatch.chdir(tmp_path)
    _stress(tmp_path)
    result = cli("portfolio", "-f", "html", "-o", "portfolio.html", ".")
    assert result.code == 0, result.stderr
    with watched_page(chromium, width=1400, dark=dark) as page:
        page.goto((tmp_path / "portfolio.html").as_uri())
        _check(page, ("svg.heat", "svg.matrix"))
        assert page.locator("svg.heat g.cell").count() == 40 * 6
        assert page.locator("svg.matrix g.dot").count() >= 5  # 23 opportunities, some cells holding many ("+N")
        # every shortened label keeps its whole text in its title
        titles = page.evaluate("() => [...document.querySelectorAll('svg.heat text.column title')].map((t) => t.textContent)")
        assert sorted(titles) == sorted(STAGES)
        assert "…" in page.evaluate("() => document.querySelector('svg.heat').textContent")


def test_the_hostile_portfolio_page_stays_inert_and_valid(chromium: Any, cli: CliRunner, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = " ".join(PAYLOADS)
    for number in range(2):
        (tmp_path / f"h{number}.yaml").write_text(json.dumps({
            "cjmap": 1, "id": f"h{number}", "title": f"{number} {text}", "type": "current-state",
            "persona": {"name": text}, "stages": [{"name": text, "steps": [
                {"id": "s", "name": text, "emotion": 1, "moment_of_truth": True,
                 "pain_points": [{"text": text, "severity": "critical"}]}]}]}), encoding="utf-8")
    assert cli("portfolio", "-f", "html", "-o", "p.html", "h0.yaml", "h1.yaml").code == 0
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "<script" not in html and "onerror=" not in html.replace("onerror=alert", "")
    with watched_page(chromium, width=1400) as page:
        page.goto((tmp_path / "p.html").as_uri())
        _check(page)
        assert page.evaluate("() => document.querySelectorAll('script, iframe, img').length") == 0
    if vnu_missing():
        return
    done = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", "--also-check-svg", str(tmp_path / "p.html")],
                          capture_output=True, text=True, timeout=180, check=False)
    messages = json.loads(done.stderr or "{}").get("messages", [])
    assert [m for m in messages if m.get("type") == "error"] == []


def test_the_site_opens_with_the_portfolio_linked_to_its_pages(chromium: Any, cli: CliRunner, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    maps = tmp_path / "maps"
    maps.mkdir()
    _stress(maps)
    assert cli("render", "maps", "-o", "site").code == 0
    with watched_page(chromium, width=1400) as page:
        page.goto((tmp_path / "site" / "index.html").as_uri())
        _check(page)
        hrefs = page.evaluate("() => [...document.querySelectorAll('svg.heat a')].map((a) => a.getAttribute('href'))")
        assert sorted(hrefs) == [f"./map-{n:02}.html" for n in range(40)]
        assert all((tmp_path / "site" / href).is_file() for href in hrefs)
