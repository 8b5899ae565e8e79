"""One run reports everything: consistency problems beside structural ones, and a summary that adds up.

The fixtures ``fixtures/invalid/complete-*.yaml`` hold both kinds of problem at exact places (checked by
``test_validation``); these tests pin what the fixtures cannot: that the checks on the data as written agree
with the model, that a structural error takes no consistency problem away, and the summary line.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, FIXTURES, REPO, example_files

from cjmap.problem import Location, Problem
from cjmap.report import Report
from cjmap.reporters.text import TextReporter
from cjmap.validation import consistency
from cjmap.validation.validator import validate_bytes, validate_file

CONSISTENCY = {"V030", "V031", "V032", "V033", "V034"}
CONSISTENT_FIXTURES = ["duplicate-ids.yaml", "unknown-references.yaml", "emotion-out-of-scale.yaml",
                       "missing-files.yaml", "default-scale.yaml", "no-catalogue.yaml"]
"""Maps whose structure is valid and whose only problems are consistency problems."""
SMALL, LARGE, MARGIN = 1_000, 10_000, 3.0
"""Map sizes and the largest per-step time ratio that still counts as linear (as in test_scaling)."""


def _load_scaling() -> object:
    """benchmarks/scaling.py (its lean map generator and CPU timer), loaded by path."""
    spec = importlib.util.spec_from_file_location("cjmap_bench_scaling", REPO / "benchmarks" / "scaling.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _rows(problems: list[Problem]) -> list[tuple[str, int, int, str, str, str | None, str]]:
    return [(p.file, p.location.line, p.location.column, p.code, p.message, p.hint, p.path) for p in problems]


@pytest.mark.parametrize("name", CONSISTENT_FIXTURES)
def test_the_fixtures_for_consistency_have_a_valid_structure(name: str) -> None:
    result = validate_file(str(FIXTURES / "invalid" / name))
    assert result.journey is not None
    assert result.problems and {p.code for p in result.problems} <= CONSISTENCY


@pytest.mark.parametrize("path", [*example_files(), *(FIXTURES / "invalid" / name for name in CONSISTENT_FIXTURES)],
                         ids=lambda p: p.name)
def test_the_checks_of_a_valid_map_find_the_same_without_trusting_it(path: Path) -> None:
    # A valid map skips the per-value checks (well_formed=True) for speed; they must change nothing there.
    result = validate_file(str(path))
    if result.journey is None:
        pytest.skip("a persona file")
    assert result.document is not None
    trusted = consistency.check(result.document, path.parent, result.journey.scale, well_formed=True)
    checked = consistency.check(result.document, path.parent, consistency.scale_of(result.document.data))
    assert _rows(checked) == _rows(trusted)


@pytest.mark.parametrize("name", CONSISTENT_FIXTURES)
def test_a_structural_error_hides_no_consistency_problem(name: str, tmp_path: Path) -> None:
    # The same map with one unknown key at its end: the same consistency problems, plus that key's V020.
    source = FIXTURES / "invalid" / name
    before = validate_file(str(source)).problems
    content = source.read_bytes() + b"colour: red\n"
    lines = content.count(b"\n")
    after = validate_bytes(content, str(source), source.parent)
    assert after.journey is None
    assert _rows(after.problems) == _rows(before) + [
        (str(source), lines, 1, "V020", "unknown key 'colour'", after.problems[-1].hint, "/colour")]


def test_a_structurally_broken_map_gets_every_consistency_code(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "m.yaml").write_text(
        "cjmap: 1\nid: m\ntitle: M\ntype: current-state\npersona: nobody.yaml\n"
        "channels: {web: Website}\n"
        "stages:\n"
        "  - {id: a, name: A, size: 3}\n"
        "  - {id: a, name: B, steps: [{name: Pays, channel: post, emotion: 6}]}\n", encoding="utf-8")
    result = validate_file(str(tmp_path / "m.yaml"))
    assert [(p.location.line, p.location.column, p.code, p.message, p.path) for p in result.problems] == [
        (5, 10, "V032", "persona file 'nobody.yaml' not found", "/persona"),
        (8, 22, "V020", "unknown key 'size'", "/stages/id=a/size"),
        (9, 10, "V030", "duplicate stage id 'a': first used at line 8, column 10", "/stages/id=a/id"),
        (9, 52, "V031", "unknown channel 'post'", "/stages/id=a/steps/id=pays/channel"),
        (9, 67, "V033", "emotion 6 lies outside the scale 1..5", "/stages/id=a/steps/id=pays/emotion"),
    ]


def test_a_broken_map_uses_its_written_scale_when_that_validates() -> None:
    assert consistency.scale_of({"scale": "-2..2"}) is not None
    assert consistency.scale_of({"scale": "-2..2"}).describe() == "-2..2 (neutral 0)"  # type: ignore[union-attr]
    assert consistency.scale_of({}) is not None and consistency.scale_of({}).describe() == "1..5 (neutral 3)"  # type: ignore[union-attr]
    assert consistency.scale_of({"scale": "1.."}) is None
    assert consistency.scale_of({"scale": None}) is None


def test_broken_structure_with_broken_references_stays_linear() -> None:
    # The checks on the data as written run on every broken map: they must not be quadratic either.
    scaling: Any = _load_scaling()

    def broken(steps: int) -> bytes:
        text: str = scaling.generate_lean_map(steps, broken=True)
        return text.replace("owner: growth", "ownr: growth").encode()

    def per_step(steps: int) -> float:
        content = broken(steps)
        result = validate_bytes(content, "lean.yaml", Path.cwd())
        assert result.journey is None and len(result.problems) > steps  # the V020 and every reference
        seconds: float = scaling.best_seconds(lambda: validate_bytes(content, "lean.yaml", Path.cwd()), 2)
        return seconds / steps

    small, large = per_step(SMALL), per_step(LARGE)
    assert large / small <= MARGIN, f"{small * 1e6:.1f} us/step at {SMALL:,} steps, {large * 1e6:.1f} at {LARGE:,}"


# The summary line.

def _problem(file: str) -> Problem:
    from cjmap import codes

    return Problem.of(codes.UNKNOWN_KEY, file, Location(line=1, column=1), "unknown key 'x'")


@pytest.mark.parametrize(("files", "problem_files", "summary", "listed"), [
    (["m.yaml"], [], "All good! 1 file checked.", 1),
    (["m.yaml", "n.yaml"], [], "All good! 2 files checked.", 2),
    (["m.yaml"], ["m.yaml"], "Found 1 error in 1 of 1 file.", 1),
    (["m.yaml", "n.yaml"], ["m.yaml", "n.yaml"], "Found 2 errors in 2 of 2 files.", 2),
    (["m.yaml"], ["p.yaml"], "Found 1 error in 1 of 2 files (1 file checked, 1 persona file it uses).", 2),
    (["m.yaml"], ["m.yaml", "p.yaml", "p.yaml"],
     "Found 3 errors in 2 of 2 files (1 file checked, 1 persona file it uses).", 2),
    (["m.yaml", "n.yaml", "o.yaml"], ["p.yaml", "q.yaml"],
     "Found 2 errors in 2 of 5 files (3 files checked, 2 persona files they use).", 5),
])
def test_the_summary_counts_every_file_it_reports(files: list[str], problem_files: list[str], summary: str,
                                                  listed: int) -> None:
    report = Report("validate", files)
    report.problems = [_problem(file) for file in problem_files]  # add() would merge the repeated problem
    assert TextReporter.summary(report) == summary
    assert len(report.all_files()) == listed  # what --format json lists and counts


def _cjmap(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "FORCE_COLOR"}
    return subprocess.run([sys.executable, "-m", "cjmap", *args], check=False, cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, env={**env, "NO_COLOR": "1"})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A map with an unknown key and a missing persona name in the persona file it uses."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "p.yaml").write_text("cjmap-persona: 1\nnam: Maya\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text(
        "cjmap: 1\nid: m\ntitle: M\ntype: current-state\npersona: p.yaml\ncolour: red\n"
        "channels: {web: Website}\nstages: [{id: a, name: A, steps: [{id: s, name: S, channel: post}]}]\n",
        encoding="utf-8")
    return tmp_path


def test_the_summary_counts_the_persona_file_of_a_broken_map(project: Path) -> None:
    result = _cjmap("validate", "m.yaml", cwd=project)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert result.stdout == (
        "m.yaml:6:1: V020 [unknown-key] unknown key 'colour'\n"
        "  hint: allowed keys here: cjmap, id, title, description, type, status, owner, language, tags, reviewed, "
        "review_every, baseline, lifecycle, persona, scope, scale, style, channels, actors, lanes, stages\n"
        "m.yaml:8:61: V031 [unknown-reference] unknown channel 'post'\n"
        "  hint: known channels: web\n"
        "p.yaml:1:1: V021 [missing-key] missing required key 'name'\n"
        "p.yaml:2:1: V020 [unknown-key] unknown key 'nam'\n"
        "  hint: did you mean 'name'?\n"
        "Found 4 errors in 2 of 2 files (1 file checked, 1 persona file it uses).\n")


def test_text_and_json_count_the_same_files(project: Path) -> None:
    result = _cjmap("validate", "m.yaml", "-f", "json", cwd=project)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["files"] == ["m.yaml", "p.yaml"]
    assert report["summary"] == {"files": 2, "errors": 4, "warnings": 0, "infos": 0}


def test_naming_the_persona_file_too_counts_it_as_checked(project: Path) -> None:
    result = _cjmap("validate", "m.yaml", "p.yaml", cwd=project)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[-1] == "Found 4 errors in 2 of 2 files."


def test_examples_still_read_all_good() -> None:
    result = _cjmap("validate", str(EXAMPLES), cwd=EXAMPLES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("All good! ") and result.stdout.endswith(" files checked.\n")
