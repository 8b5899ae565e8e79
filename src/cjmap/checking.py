"""Run validation over the paths a user named and gather one report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cjmap.discovery import select
from cjmap.problem import Problem
from cjmap.report import Report
from cjmap.validation import FileResult, validate_file

if TYPE_CHECKING:
    from cjmap.scoring import ScoreReport


def validate_results(paths: list[str]) -> tuple[list[FileResult], list[str]]:
    """Validate every selected file; returns the per-file results and the named paths that do not exist."""
    selection = select(paths)
    return [validate_file(name) for name in selection.files], selection.missing


def validate_paths(paths: list[str]) -> tuple[Report, list[str], bool]:
    """The validation report, the missing paths, and whether some file could not be read."""
    results, missing = validate_results(paths)
    report = Report("validate", [result.name for result in results])
    seen: set[object] = set()
    for result in results:
        for problem in result.problems:
            if problem not in seen:  # a shared persona file is checked once per map that uses it
                seen.add(problem)
                report.problems.append(problem)
    return report, missing, any(result.unreadable for result in results)


def score_paths(paths: list[str]) -> tuple[list[ScoreReport], list[Problem], list[str], bool]:
    """Score every valid map under ``paths``; also the problems of maps that are not valid, the missing
    paths, and whether some file could not be read. Persona files are skipped."""
    from cjmap.scoring import score_map

    results, missing = validate_results(paths)
    reports: list[ScoreReport] = []
    problems: list[Problem] = []
    for result in results:
        if result.valid and result.journey is not None:
            reports.append(score_map(result.journey, result.name))
        elif result.journey is not None or result.problems:
            if result.document is not None and "cjmap-persona" in result.document.data and not result.problems:
                continue
            problems += result.problems
    return reports, problems, missing, any(result.unreadable for result in results)


def baseline_of(report: ScoreReport) -> str | None:
    """The file of a future-state map's baseline, relative to where cjmap runs."""
    if report.baseline is None:
        return None
    return str(Path(report.file).parent / report.baseline)
