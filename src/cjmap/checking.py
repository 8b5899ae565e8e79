"""Run validation over the paths a user named and gather one report."""

from __future__ import annotations

from cjmap.discovery import select
from cjmap.report import Report
from cjmap.validation import FileResult, validate_file


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
