"""Run validation over the paths a user named and gather one report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cjmap.problem import Problem
from cjmap.report import Report
from cjmap.run import run
from cjmap.source import Source
from cjmap.validation.validator import FileResult, validate_file

if TYPE_CHECKING:
    from cjmap.score.metrics import ScoreReport


def _problems_only(source: Source) -> list[Problem]:
    """Validate one file and keep only its problems (cheap to send between processes)."""
    return validate_file(source).problems


def validate_paths(paths: list[str], jobs: int | None = None) -> tuple[Report, list[str], bool]:
    """The validation report, the missing paths, and whether some file could not be read."""
    done = run(paths, _problems_only, jobs)
    report = Report("validate", done.names)
    for outcome in done.outcomes:
        report.add([outcome.problem] if outcome.problem is not None else outcome.value or [])
    return report, done.missing, done.unreadable


def _score_one(source: Source) -> tuple[ScoreReport | None, list[Problem]]:
    """Validate and score one file: its report (None for persona files and invalid maps), and its problems."""
    from cjmap.score.metrics import score_map

    result: FileResult = validate_file(source)
    if result.valid and result.journey is not None:
        return score_map(result.journey, result.name), []
    return None, result.problems


def score_paths(paths: list[str], jobs: int | None = None) -> tuple[list[ScoreReport], list[Problem], list[str], bool]:
    """Score every valid map under ``paths``; also the problems of maps that are not valid, the missing
    paths, and whether some file could not be read. Persona files are skipped."""
    done = run(paths, _score_one, jobs)
    reports = [outcome.value[0] for outcome in done.outcomes if outcome.value is not None and outcome.value[0] is not None]
    found = [problem for outcome in done.outcomes
             for problem in (outcome.value[1] if outcome.value is not None else [outcome.problem])]
    problems = list(dict.fromkeys(problem for problem in found if problem is not None))
    return reports, problems, done.missing, done.unreadable


def baseline_of(report: ScoreReport) -> str | None:
    """The file of a future-state map's baseline, relative to where cjmap runs; None when there is none, or
    when it is not a file inside the project (validation reports why)."""
    from cjmap import references

    if report.baseline is None:
        return None
    found = references.locate(report.baseline, references.base_dir_of(report.file), references.BASELINE)
    return found.shown if isinstance(found, references.Target) else None
