"""The official YAML test suite (from ../shared/corpus): never a traceback, every problem located."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cjmap.validation.validator import validate_bytes

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus" / "yaml-test-suite"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside this clone")


def corpus(kind: str) -> list[Path]:
    return sorted((CORPUS / kind).glob("*")) if CORPUS.is_dir() else []


@pytest.mark.parametrize("kind", ["valid", "error"])
def test_every_file_gives_located_problems_or_none(kind: str) -> None:
    files = [path for path in corpus(kind) if path.suffix in (".yaml", ".json")]
    assert files, f"no {kind} files in {CORPUS}"
    for path in files:
        result = validate_bytes(path.read_bytes(), str(path), path.parent)
        for problem in result.problems:
            assert problem.location.line >= 1 and problem.location.column >= 1, (path, problem)
            assert problem.code.startswith("V") and problem.message, (path, problem)
        if kind == "error":
            assert result.problems, f"{path.name} is invalid YAML but no problem was reported"
        # Valid files are rarely maps, so they get problems too; some are syntax errors on purpose (custom
        # tags, complex keys) or because libyaml is stricter than YAML 1.2 (see docs/format.md, "YAML rules").


def test_through_the_real_cli() -> None:
    files = [str(path) for path in (corpus("error")[:20] + corpus("valid")[:20]) if path.suffix == ".yaml"]
    result = subprocess.run([sys.executable, "-m", "cjmap", "validate", "-f", "json", *files],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr == ""
    problems = json.loads(result.stdout)["problems"]
    assert {p["file"] for p in problems} >= {f for f in files if "/error/" in f}
