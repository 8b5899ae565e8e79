"""``cjmap diff --format json``: the stable, documented shape (see docs/commands/diff.md)."""

from __future__ import annotations

from typing import Any, TextIO

from cjmap.diff.model import DiffReport, MapDiff
from cjmap.reporters.escape import json_text

VERSION = 1
"""The shape's version: bumped only when a key changes meaning or goes away."""


def as_dict(report: DiffReport) -> dict[str, Any]:
    """The whole report as JSON data."""
    return {
        "cjmap_diff": VERSION,
        "differs": report.differs,
        "summary": {"maps": len(report.maps), **report.counts()},
        "maps": [_map(item) for item in report.maps],
    }


def _map(item: MapDiff) -> dict[str, Any]:
    return {
        "old": item.old_name,
        "new": item.new_name,
        "file": item.new_file,
        "title": item.title,
        "status": item.status,
        "scale_changed": item.scale_changed,
        "counts": item.counts(),
        "changes": [change.as_dict() for change in item.changes],
        "emotions": [delta.as_dict() for delta in item.emotions],
        "curve": [metric.as_dict() for metric in item.curve],
        # Only an invalid map has problems: why it was not compared (the shape of `cjmap validate -f json`'s).
        **({"problems": [problem.as_dict() for problem in item.problems]} if item.problems else {}),
    }


def write(stream: TextIO, report: DiffReport, color: bool | None) -> None:
    """Write ``report`` as indented JSON (never coloured)."""
    stream.write(json_text(as_dict(report), stream.encoding) + "\n")
