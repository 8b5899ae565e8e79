"""Typing: the package passes ``mypy --strict``, run the way CI runs it (plain ``python -m mypy``)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import REPO


def test_the_mypy_configuration_is_strict_over_the_whole_package() -> None:
    # The run below reads this section, so weakening it would quietly weaken the check.
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True
    assert config["files"] == ["src/cjmap", "action", "tools"]


def test_the_package_passes_mypy_strict(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is not installed: pip install -e '.[test]' to type-check")
    # The cache goes to tmp_path: a run never writes into the tree, nor trips over a stale cache.
    result = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache")],
                            cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"mypy --strict failed (exit {result.returncode}):\n{output}"
    assert output.startswith("Success: no issues found"), output
