"""``cjmap render`` against hostile input: templates that reach outside their folder or never end, names that
make links run scripts, pages that overwrite each other, a browser that runs a template's scripts, a site cut
short by a signal, invalid maps among valid ones (issue 21)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_support import browser, chromium_missing, click_every_link

REPO = Path(__file__).parents[1]
EXAMPLES = REPO / "examples"
CJMAP = Path(sys.executable).parent / "cjmap"
MAP = EXAMPLES / "commuter-day.yaml"


def cjmap(*args: str | Path, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CJMAP), *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "NO_COLOR": "1"}, cwd=cwd, check=False)


def small_map(name: str, *, baseline: str | None = None, type_: str = "current-state") -> str:
    extra = f"baseline: {baseline!r}\n" if baseline is not None else ""
    return (f"cjmap: 1\nid: {name.lower().replace(' ', '-') or 'x'}\ntitle: {name!r}\ntype: {type_}\n{extra}"
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
    assert (done.returncode, done.stdout) == (0, "A commuter's workday\n"), done.stderr


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
    from cjmap.render.environment import environment
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
    environment.cache_clear()


def test_bounds_leave_ordinary_user_templates_alone(tmp_path: Path) -> None:
    (tmp_path / "map.mmd.j2").write_text(
        '{% for step in map.steps %}{{ step.name ~ "!" }} {{ "-" * 3 }} {{ range(3)|list|length }}\n{% endfor %}',
        encoding="utf-8")
    done = cjmap("render", MAP, "-f", "mermaid", "--template-dir", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Leaves home! --- 3"
