"""The official YAML test suite (``../shared/corpus/yaml-test-suite``): never a traceback, every problem located.

The files are generic YAML, not maps, so nearly all of them get problems; what matters is that each
run ends in a located problem or none, and that every file the suite calls an error gets at least one.
Real parsers disagree with the suite at the edges, so exact accept/reject is not asserted.
Skipped cleanly when ``../shared`` is not beside this clone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHARED

from cjmap.validation.validator import validate_bytes

CORPUS = SHARED / "corpus" / "yaml-test-suite"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the YAML test suite is not at {CORPUS}")


def corpus(kind: str) -> list[Path]:
    """The ``.yaml`` inputs of one kind (``valid`` also holds the suite's expected ``.json``)."""
    return sorted((CORPUS / kind).glob("*.yaml")) if CORPUS.is_dir() else []


def test_the_corpus_is_complete() -> None:
    index = (CORPUS / "INDEX.tsv").read_text(encoding="utf-8").splitlines()[1:]
    listed = {(line.split("\t")[0], line.split("\t")[1]) for line in index}
    on_disk = {(kind, path.stem) for kind in ("valid", "error") for path in corpus(kind)}
    assert listed == on_disk
    assert (len(corpus("valid")), len(corpus("error"))) == (100, 94)


@pytest.mark.parametrize("kind", ["valid", "error"])
def test_every_file_ends_in_located_problems_or_none(kind: str) -> None:
    unlocated, silent = [], []
    for path in corpus(kind):
        result = validate_bytes(path.read_bytes(), str(path), path.parent)
        for problem in result.problems:
            if not (problem.location.line >= 1 and problem.location.column >= 1 and problem.message
                    and problem.code.startswith("V") and problem.code != "V001"):
                unlocated.append((path.name, problem))
        if kind == "error" and not result.problems:
            silent.append(path.name)
    assert unlocated == []
    assert silent == [], "the suite says these are invalid YAML, yet nothing was reported"


def test_error_files_are_mostly_syntax_errors() -> None:
    # Not every error file fails in libyaml's place, but most must be reported as YAML problems.
    codes = [validate_bytes(path.read_bytes(), str(path), path.parent).problems[0].code for path in corpus("error")]
    assert sum(code in ("V010", "V011", "V013") for code in codes) >= 70, codes


@pytest.mark.parametrize("kind", ["valid", "error"])
def test_a_handful_through_the_real_cli(kind: str) -> None:
    files = [str(path) for path in corpus(kind)[::10]]
    result = subprocess.run([sys.executable, "-m", "cjmap", "validate", "-f", "json", "--jobs", "1", *files],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["files"] == sorted(files)
    assert all(p["line"] >= 1 and p["column"] >= 1 for p in report["problems"])
    if kind == "error":
        assert {p["file"] for p in report["problems"]} == set(files)
