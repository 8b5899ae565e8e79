"""Run validation over the paths a user named and gather one report."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from cjmap import cache, collector
from cjmap.discovery import Exclusion
from cjmap.problem import Problem
from cjmap.report import Report
from cjmap.run import run
from cjmap.source import Source
from cjmap.validation.validator import FileResult, validate_file

if TYPE_CHECKING:
    from cjmap.model import JourneyMap
    from cjmap.score.metrics import ScoreReport

T = TypeVar("T")


def _problems_only(source: Source) -> list[Problem]:
    """Validate one file and keep only its problems (cheap to send between processes)."""
    return validate_file(source).problems


def _same(problems: list[Problem]) -> list[Problem]:
    return problems


VALIDATE = cache.Keeping(command="validate", shape=lambda name: "", to_problems=_same, from_problems=_same)
"""Validation's result is its problems; nothing but the file and its references shapes it."""


def validate_paths(paths: list[str], jobs: int | None = None, *, exclusion: Exclusion | None = None,
                   store: cache.Store | None = None) -> tuple[Report, list[str], bool]:
    """The validation report, the missing paths, and whether some file could not be read (folders searched
    under ``exclusion``, results kept in ``store``; see :func:`cjmap.run.run`)."""
    done = run(paths, _problems_only, jobs, exclusion=exclusion, keeping=VALIDATE, store=store)
    report = Report("validate", done.names)
    for outcome in done.outcomes:
        report.add([outcome.problem] if outcome.problem is not None else outcome.value or [])
    return report, done.missing, done.unreadable


def _each_valid(make: Callable[[JourneyMap, str], T], source: Source) -> tuple[T | None, list[Problem]]:
    """Validate one file and ``make`` a value of it when it is a valid map; else its problems (none for a
    persona file, which is skipped)."""
    # The model is dropped inside the pause too: otherwise what ``make`` allocates wakes the collector to scan
    # the whole model, about to be freed (a third of a portfolio's time).
    with collector.paused():
        result: FileResult = validate_file(source)
        if result.valid and result.journey is not None:
            return make(result.journey, result.name), []
        return None, result.problems


def valid_maps(paths: list[str], make: Callable[[JourneyMap, str], T], jobs: int | None = None, *,
               exclusion: Exclusion | None = None) -> tuple[list[T], list[Problem], list[str], bool]:
    """``make(journey, file)`` for every valid map under ``paths`` (a module-level function: it may run in a
    worker process); also the problems of the files that are not valid maps, the missing paths, and whether
    some file could not be read. Persona files are skipped; folders are searched under ``exclusion``."""
    done = run(paths, functools.partial(_each_valid, make), jobs, exclusion=exclusion)
    values = [outcome.value[0] for outcome in done.outcomes if outcome.value is not None and outcome.value[0] is not None]
    found = [problem for outcome in done.outcomes
             for problem in (outcome.value[1] if outcome.value is not None else [outcome.problem])]
    problems = list(dict.fromkeys(problem for problem in found if problem is not None))
    return values, problems, done.missing, done.unreadable


def score_paths(paths: list[str], jobs: int | None = None, *, exclusion: Exclusion | None = None,
                ) -> tuple[list[ScoreReport], list[Problem], list[str], bool]:
    """Score every valid map under ``paths`` (see :func:`valid_maps`)."""
    from cjmap.score.metrics import score_map

    return valid_maps(paths, score_map, jobs, exclusion=exclusion)


def baseline_of(report: ScoreReport) -> str | None:
    """The file of a future-state map's baseline (see :func:`baseline_file`)."""
    return baseline_file(report.baseline, report.file)


def baseline_file(baseline: str | None, file: str) -> str | None:
    """The file a ``baseline:`` written in map ``file`` names, relative to where cjmap runs; None when there is
    none, or when it is not a file inside the project (validation reports why)."""
    from cjmap import references

    if baseline is None:
        return None
    found = references.locate(baseline, references.base_dir_of(file), references.BASELINE)
    return found.shown if isinstance(found, references.Target) else None
