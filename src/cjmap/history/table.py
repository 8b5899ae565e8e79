"""The words of a history's tables, shared by every format (text, Markdown, HTML): a row per revision, how
long a pain point lasted, what the gate found."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from cjmap.diff.model import CURVE_METRICS
from cjmap.history.report import SEVERITIES, History, Lifetime, Point
from cjmap.history.revisions import Revision
from cjmap.score.gates import shown

HEADER: tuple[str, ...] = ("revision", "date", *CURVE_METRICS, "pain points", "KPIs met")
PORTFOLIO = "portfolio (mean of maps)"


def date(revision: Revision) -> str:
    """The revision's commit date (UTC)."""
    return datetime.datetime.fromtimestamp(revision.time, datetime.UTC).date().isoformat()


def value(metric: str, number: float | None) -> str:
    """A metric as ``cjmap score`` shows it; ``-`` without one."""
    return "-" if number is None else shown(metric, number)


def _pains(point: Point) -> str:
    return ", ".join(f"{count} {severity}" for severity, count in zip(SEVERITIES, point.pains, strict=True)
                     if count) or "0"


def rows(history: History, points: Sequence[Point | None]) -> list[list[str]]:
    """A row of cells (as :data:`HEADER` names them) per revision; ``-`` where there is no point."""
    found = []
    for revision, point in zip(history.revisions, points, strict=True):
        head = [revision.label, date(revision)]
        if point is None:
            found.append([*head, *("-" for _ in HEADER[2:])])
        else:
            found.append([*head, *(value(metric, point.metric(metric)) for metric in CURVE_METRICS), _pains(point),
                          f"{point.kpis_met}/{point.kpis}" if point.kpis else "-"])
    return found


def sections(history: History) -> list[tuple[str, Sequence[Point | None]]]:
    """The portfolio's series, then each map's, with their titles."""
    return [(PORTFOLIO, history.portfolio),
            *((f"{series.title} ({series.file})", series.points) for series in history.maps)]


def lasted(lifetime: Lifetime) -> str:
    """``a1b2c3d → e4f5a6b: 3 revisions, 5.0 days``; ``≤`` when open already at the first revision."""
    until = lifetime.closed.label if lifetime.closed else "still open"
    plural = "s" if lifetime.revisions != 1 else ""
    return (f"{'≤ ' if lifetime.from_start else ''}{lifetime.opened.label} → {until}: {lifetime.revisions} "
            f"revision{plural}, {lifetime.days:.1f} days")


def gate_lines(history: History) -> list[str]:
    """What ``--fail-if-worse`` found: one line per failure, or one that it passed; none without a gate."""
    if not history.gate or history.base is None:
        return []
    if not history.failures:
        return [f"gate: {', '.join(history.gate)} no worse than at {history.base.label}: passed"]
    return [f"gate failed: {failure.file}: {failure.metric} is {value(failure.metric, failure.value)}, worse "
            f"than {value(failure.metric, failure.base)} at {history.base.label}" for failure in history.failures]


def invalid_line(file: str, revision: Revision, messages: Sequence[str]) -> str:
    """A map version that does not validate, with its first problem."""
    more = f" (+{len(messages) - 1} more)" if len(messages) > 1 else ""
    return f"{revision.label}:{file} does not validate: {messages[0] if messages else ''}{more}"
