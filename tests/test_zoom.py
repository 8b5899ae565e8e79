"""Maps that link to each other: a step's ``zoom:`` names a more detailed map, checked by validate (located,
inside the project, a map, no cycle) and followed by render (links in a site and in Markdown, breadcrumbs back)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from browser_support import click_every_link
from conftest import CliRunner
from markdown_support import cmark_missing, gfm


def _map(map_id: str, title: str, *zooms: str) -> str:
    steps = "".join(f"      - {{id: s{i}, name: Step {i}, emotion: 2, zoom: {json.dumps(zoom)}}}\n"
                    for i, zoom in enumerate(zooms)) or "      - {id: s0, name: Step 0, emotion: 2}\n"
    return f"cjmap: 1\nid: {map_id}\ntitle: {title}\ntype: current-state\nstages:\n  - name: Stage\n    steps:\n{steps}"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    maps = tmp_path / "maps"
    (maps / "checkout").mkdir(parents=True)
    (maps / "buying.yaml").write_text(_map("buying", "Buying online", "checkout/payment.yaml"), encoding="utf-8")
    (maps / "checkout" / "payment.yaml").write_text(_map("payment", "Paying"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _problems(cli: CliRunner, *paths: str) -> list[tuple[str, int, str, str]]:
    result = cli("validate", "-f", "json", *paths)
    return [(Path(p["file"]).name, p["line"], p["code"], p["message"]) for p in json.loads(result.stdout)["problems"]]


def test_a_valid_zoom_link_validates(cli: CliRunner, project: Path) -> None:
    assert cli("validate", "maps").code == 0


@pytest.mark.parametrize("zoom, code, message", [
    ("nowhere.yaml", "V032", "zoomed map 'nowhere.yaml' not found"),
    ("../../outside.yaml", "V034", "zoomed map '../../outside.yaml' leads outside the project"),
    ("/etc/passwd", "V034", "zoomed map '/etc/passwd'"),
    ("../README.md", "V032", "zoomed map '../README.md' is no cjmap map"),
])
def test_a_broken_zoom_link_is_a_located_problem(cli: CliRunner, project: Path, zoom: str, code: str,
                                                 message: str) -> None:
    (project / "README.md").write_text("# not a map\n", encoding="utf-8")
    (project / "maps" / "buying.yaml").write_text(_map("buying", "Buying", zoom), encoding="utf-8")
    [(name, line, found_code, found)] = _problems(cli, "maps/buying.yaml")
    assert (name, line, found_code) == ("buying.yaml", 8, code)
    assert found.startswith(message)


def test_zoom_links_that_lead_back_are_a_cycle(cli: CliRunner, project: Path) -> None:
    (project / "maps" / "checkout" / "payment.yaml").write_text(_map("payment", "Paying", "../buying.yaml"),
                                                                 encoding="utf-8")
    assert _problems(cli, "maps") == [
        ("buying.yaml", 8, "V039", "zoom links lead back to this map: buying.yaml → checkout/payment.yaml → buying.yaml"),
        ("payment.yaml", 8, "V039", "zoom links lead back to this map: payment.yaml → ../buying.yaml → payment.yaml"),
    ]
    (project / "maps" / "self.yaml").write_text(_map("self", "Self", "self.yaml"), encoding="utf-8")
    assert _problems(cli, "maps/self.yaml") == [
        ("self.yaml", 8, "V039", "zoom links lead back to this map: self.yaml → self.yaml")]


def test_markdown_links_the_detailed_map_file(cli: CliRunner, project: Path) -> None:
    result = cli("render", "-f", "markdown", "maps/buying.yaml")
    assert "Detailed map: [checkout/payment.yaml](<./checkout/payment.yaml>)" in result.stdout
    if cmark_missing() is None:
        assert [a["href"] for a in gfm(result.stdout).tags("a")] == ["./checkout/payment.yaml"]


def test_a_page_alone_names_the_detailed_map_without_a_link(cli: CliRunner, project: Path) -> None:
    html = cli("render", "maps/buying.yaml").stdout
    assert "⤵ detailed map: checkout/payment.yaml" in html


def test_a_site_links_down_to_the_detailed_map_and_back(cli: CliRunner, project: Path, chromium: Any) -> None:
    assert cli("render", "maps", "-o", "site").code == 0
    top = (project / "site" / "buying.html").read_text(encoding="utf-8")
    child = (project / "site" / "checkout" / "payment.html").read_text(encoding="utf-8")
    assert '<a href="./checkout/payment.html">⤵ detailed map</a>' in top
    assert '<span class="crumb">↑ <a href="../buying.html">Buying online › Step 0</a></span>' in child
    clicked, failures = click_every_link(chromium, project / "site" / "index.html")
    assert failures == [] and clicked > 4


def test_diff_of_revisions_checks_zoom_links_in_the_revision(cli: CliRunner, project: Path) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)

    (project / ".git").rmdir()
    git("init", "-q")
    git("-c", "user.email=a@b", "-c", "user.name=a", "add", ".")
    git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "one")
    (project / "maps" / "buying.yaml").write_text(_map("buying", "Buying online, v2", "checkout/payment.yaml"),
                                                   encoding="utf-8")
    result = cli("diff", "--rev", "HEAD", "maps/buying.yaml")
    assert result.code == 0 and "Traceback" not in result.stderr


def test_a_detailed_map_saved_with_a_byte_order_mark_is_a_map(cli: CliRunner, project: Path) -> None:
    payment = project / "maps" / "checkout" / "payment.yaml"
    payment.write_bytes(b"\xef\xbb\xbf" + payment.read_bytes())  # as Windows editors save it
    assert cli("validate", "maps/buying.yaml").code == 0
