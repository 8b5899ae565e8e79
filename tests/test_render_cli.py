"""``cjmap render`` as a user runs it (a subprocess): formats, -o, the site, exit codes 0/1/2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import chromium_missing

REPO = Path(__file__).parents[1]
EXAMPLES = REPO / "examples"
GOLDEN = Path(__file__).parent / "golden" / "render"


def cjmap(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cjmap", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_COLOR": "1", **(env or {})}, cwd=cwd, check=False)


def test_mermaid_to_stdout() -> None:
    done = cjmap("render", str(EXAMPLES / "commuter-day.yaml"), "--format", "mermaid")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (GOLDEN / "commuter-day.mmd").read_text(encoding="utf-8")


def test_markdown_to_a_file_and_into_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "map.md"
    done = cjmap("render", str(EXAMPLES / "cafe-order.blueprint.yaml"), "-f", "markdown", "-o", str(target))
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr.splitlines()[-1] == f"cjmap: wrote {target}"
    assert [line.split("'")[1] for line in done.stderr.splitlines()[:-1]] == [  # cut in the journey diagram
        "Gets the drink with the right name on it", "Orders ahead in the app the next morning"]
    assert target.read_text(encoding="utf-8").startswith("# Ordering a coffee to go\n")
    done = cjmap("render", str(EXAMPLES / "cafe-order.blueprint.yaml"), "-f", "html", "-o", str(tmp_path))
    assert done.returncode == 0
    assert (tmp_path / "cafe-order.blueprint.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_invalid_map_is_not_rendered(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("cjmap: 1\nid: x\ntitle: T\ntype: nope\nstages: []\n", encoding="utf-8")
    done = cjmap("render", str(bad), "-o", str(tmp_path / "out.html"))
    assert done.returncode == 1 and done.stdout == ""
    assert f"{bad}:4:7: V023 [invalid-value]" in done.stderr
    assert not (tmp_path / "out.html").exists()


def test_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = cjmap("render", str(EXAMPLES), "-o", str(site))
    assert (done.returncode, done.stderr) == (0, f"cjmap: wrote 5 pages to {site} (open {site / 'index.html'})\n")
    names = sorted(p.name for p in (tmp_path / "site").iterdir())
    assert names == ["cafe-order.blueprint.html", "commuter-day.html", "index.html",
                     "trial-onboarding.current.html", "trial-onboarding.future.html"]
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'improved by <a href="./trial-onboarding.future.html">' in index
    future = (tmp_path / "site" / "trial-onboarding.future.html").read_text(encoding="utf-8")
    assert '<a href="./trial-onboarding.current.html">Free trial to first invoice (as-is)</a>' in future
    assert '<a href="./index.html">← All maps</a>' in future


@pytest.mark.parametrize("args,message", [
    (["missing.yaml"], "no such file or directory: missing.yaml"),
    ([str(EXAMPLES)], "a folder or several maps render as a site: give the folder with -o DIR"),
    ([str(EXAMPLES), "-f", "markdown", "-o", "x"], "a folder or several maps render as an HTML site"),
    ([str(EXAMPLES / "commuter-day.yaml"), "-f", "pdf"], "--format pdf writes a file: give it with -o FILE"),
    ([str(EXAMPLES / "commuter-day.yaml"), "--template-dir", "nowhere"], "--template-dir nowhere: not a directory"),
    ([str(EXAMPLES / "personas" / "solo-accountant.yaml")], "is a persona file: there is no map to render"),
])
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    done = cjmap("render", *args)
    assert done.returncode == 2 and done.stdout == ""
    assert message in done.stderr and "Traceback" not in done.stderr


def test_broken_user_template_exits_2(tmp_path: Path) -> None:
    (tmp_path / "map.mmd.j2").write_text("{{ map.title.__class__.__mro__ }}", encoding="utf-8")
    done = cjmap("render", str(EXAMPLES / "commuter-day.yaml"), "-f", "mermaid", "--template-dir", str(tmp_path))
    assert done.returncode == 2 and "cjmap: error: template error:" in done.stderr


def test_no_browser_exits_2(tmp_path: Path) -> None:
    done = cjmap("render", str(EXAMPLES / "commuter-day.yaml"), "-f", "pdf", "-o", str(tmp_path / "m.pdf"),
                 env={"PATH": str(tmp_path)})
    assert done.returncode == 2
    assert "pdf and png need a local Chromium or Chrome, and none was found on PATH" in done.stderr
    done = cjmap("render", str(EXAMPLES / "commuter-day.yaml"), "-f", "png", "-o", str(tmp_path / "m.png"),
                 "--browser", "no-such-browser")
    assert done.returncode == 2 and "--browser no-such-browser: no such executable" in done.stderr


@pytest.mark.parametrize("fmt,magic", [("pdf", b"%PDF-"), ("png", b"\x89PNG")])
def test_pdf_and_png_through_chromium(tmp_path: Path, fmt: str, magic: bytes) -> None:
    if reason := chromium_missing():
        pytest.skip(reason)
    target = tmp_path / f"map.{fmt}"
    done = cjmap("render", str(EXAMPLES / "trial-onboarding.future.yaml"), "-f", fmt, "-o", str(target),
                 "--browser", "/usr/bin/chromium")
    assert (done.returncode, done.stderr) == (0, f"cjmap: wrote {target}\n")
    assert target.read_bytes().startswith(magic)
