"""Run validation over the paths a user named and gather one report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cjmap.discovery import select
from cjmap.parallel import map_files
from cjmap.problem import Problem
from cjmap.report import Report
from cjmap.validation.validator import FileResult, validate_file

if TYPE_CHECKING:
    from cjmap.score.metrics import ScoreReport


def _problems_only(name: str) -> FileResult:
    """Validate one file and keep only what a validation report needs (cheap to send between processes)."""
    result = validate_file(name)
    return FileResult(result.name, result.problems, unreadable=result.unreadable)


def validate_paths(paths: list[str], jobs: int | None = None) -> tuple[Report, list[str], bool]:
    """The validation report, the missing paths, and whether some file could not be read."""
    selection = select(paths)
    results, missing = map_files(_problems_only, selection.files, jobs), selection.missing
    report = Report("validate", [result.name for result in results])
    for result in results:
        report.add(result.problems)
    return report, missing, any(result.unreadable for result in results)


def _score_one(name: str) -> tuple[ScoreReport | None, list[Problem], bool]:
    """Validate and score one file: its report (None for persona files and invalid maps), problems, unreadable."""
    from cjmap.score.metrics import score_map

    result = validate_file(name)
    if result.valid and result.journey is not None:
        return score_map(result.journey, result.name), [], False
    return None, result.problems, result.unreadable


def score_paths(paths: list[str], jobs: int | None = None) -> tuple[list[ScoreReport], list[Problem], list[str], bool]:
    """Score every valid map under ``paths``; also the problems of maps that are not valid, the missing
    paths, and whether some file could not be read. Persona files are skipped."""
    selection = select(paths)
    outcomes = map_files(_score_one, selection.files, jobs)
    reports = [report for report, _, _ in outcomes if report is not None]
    problems = list(dict.fromkeys(problem for _, found, _ in outcomes for problem in found))
    return reports, problems, selection.missing, any(unreadable for _, _, unreadable in outcomes)


def baseline_of(report: ScoreReport) -> str | None:
    """The file of a future-state map's baseline, relative to where cjmap runs."""
    if report.baseline is None:
        return None
    return str(Path(report.file).parent / report.baseline)
