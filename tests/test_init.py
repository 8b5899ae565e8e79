"""cjmap init: every scaffold validates and lints without errors; --schema; refusing to overwrite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cjmap.schema import render_schema

CJMAP = Path(sys.executable).parent / "cjmap"
TYPES = ("current-state", "future-state", "day-in-the-life", "service-blueprint")


def cjmap(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CJMAP), *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("map_type", TYPES)
def test_scaffold_validates_lints_and_is_formatted(tmp_path: Path, map_type: str) -> None:
    (tmp_path / ".git").mkdir()
    made = cjmap("init", "maps/new.yaml", "--type", map_type, "--persona", "Maya", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    text = (tmp_path / "maps" / "new.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/cjmap.schema.json\n")
    assert f"type: {map_type}\n" in text and "  - id: loyalty\n" in text
    assert cjmap("validate", "maps", cwd=tmp_path).returncode == 0
    assert cjmap("lint", "maps", cwd=tmp_path).returncode == 0
    assert cjmap("fmt", "--check", "maps", cwd=tmp_path).returncode == 0


def test_schema_stages_scale_persona_file_and_baseline(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert cjmap("init", "--schema", cwd=tmp_path).returncode == 0
    assert (tmp_path / "schemas" / "cjmap.schema.json").read_text(encoding="utf-8") == render_schema("map")
    assert (tmp_path / "schemas" / "cjmap-persona.schema.json").read_text(encoding="utf-8") == render_schema("persona")
    assert cjmap("init", "maps/now.yaml", "-t", "current-state", cwd=tmp_path).returncode == 0
    made = cjmap("init", "maps/next.yaml", "-t", "future-state", "--baseline", "maps/now.yaml", "--stages",
                 "Find, Buy", "--scale", "-2..2", "--persona-file", "personas/maya.yaml", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    text = (tmp_path / "maps" / "next.yaml").read_text(encoding="utf-8")
    assert "baseline: now.yaml  #" in text and "persona: ../personas/maya.yaml  #" in text
    assert "scale: -2..2  #" in text and "  - id: find\n" in text and "  - id: buy\n" in text
    assert "emotion: 0  #" in text
    persona = (tmp_path / "personas" / "maya.yaml").read_text(encoding="utf-8")
    assert "cjmap-persona: 1\nid: maya\nname: Maya\n" in persona
    assert persona.startswith("# yaml-language-server: $schema=../schemas/cjmap-persona.schema.json\n")
    assert cjmap("lint", ".", cwd=tmp_path).returncode == 0


def test_refuses_to_overwrite_and_bad_input(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert cjmap("init", "m.yaml", "-t", "current-state", cwd=tmp_path).returncode == 0
    again = cjmap("init", "m.yaml", "-t", "current-state", cwd=tmp_path)
    assert (again.returncode, again.stderr) == (
        2, "cjmap: error: m.yaml already exists; use --force to overwrite it\n")
    assert cjmap("init", "m.yaml", "-t", "day-in-the-life", "--force", cwd=tmp_path).returncode == 0
    assert "type: day-in-the-life" in (tmp_path / "m.yaml").read_text(encoding="utf-8")
    assert cjmap("init", "n.yaml", cwd=tmp_path).returncode == 2
    assert cjmap("init", "n.yaml", "-t", "future-state", "--baseline", "none.yaml", cwd=tmp_path).returncode == 2
    assert cjmap("init", "n.yaml", "-t", "current-state", "--stages", "A,,B", cwd=tmp_path).returncode == 2
    assert cjmap("init", "--schema", cwd=tmp_path).returncode == 0
    assert cjmap("init", "--schema", cwd=tmp_path).returncode == 2
    assert not (tmp_path / "n.yaml").exists()
