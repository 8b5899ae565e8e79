"""The words of a history's tables, shared by every format (text, Markdown, HTML): a row per revision, how
long a pain point lasted, what the gate found. Each takes the report's :class:`~cjmap.language.Language`
(Markdown and HTML speak ``--lang``; the terminal's is English)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from cjmap.diff.model import CURVE_METRICS
from cjmap.history.report import SEVERITIES, History, Lifetime, Point
from cjmap.history.revisions import Revision
from cjmap.language import N_, Language, N_plural
from cjmap.language import language as load_language
from cjmap.score.gates import shown

HEADER: tuple[str, ...] = (N_("revision"), N_("date"), *CURVE_METRICS, N_("pain points"), N_("KPIs met"))
"""The columns of a table (the metrics as ``cjmap score`` names them, in the catalogue already)."""
PORTFOLIO = N_("portfolio (mean of maps)")
STILL_OPEN = N_("still open")
LASTED = N_plural("%(opened)s → %(until)s: %(num)s revision, %(days)s days",
                  "%(opened)s → %(until)s: %(num)s revisions, %(days)s days")
GATE_PASSED = N_("gate: %(metrics)s no worse than at %(base)s: passed")
GATE_FAILED = N_("gate failed: %(file)s: %(metric)s is %(value)s, worse than %(before)s at %(base)s")
INVALID = N_("%(revision)s:%(file)s does not validate: %(message)s")
MORE = N_("(+%(num)s more)")


def header(words: Language | None = None) -> tuple[str, ...]:
    """:data:`HEADER` in the language of ``words``."""
    words = words or load_language()
    return tuple(words.gettext(cell) for cell in HEADER)


def date(revision: Revision) -> str:
    """The revision's commit date (UTC)."""
    return datetime.datetime.fromtimestamp(revision.time, datetime.UTC).date().isoformat()


def value(metric: str, number: float | None, words: Language | None = None) -> str:
    """A metric as ``cjmap score`` shows it, with the decimal sign of ``words``; ``-`` without one."""
    if number is None:
        return "-"
    return shown(metric, number) if words is None else words.decimal(shown(metric, number))


def _pains(point: Point, words: Language | None) -> str:
    from cjmap.render.context import SEVERITY_LABELS

    named = (severity if words is None else words.gettext(SEVERITY_LABELS[severity]) for severity in SEVERITIES)
    return ", ".join(f"{count} {name}" for name, count in zip(named, point.pains, strict=True) if count) or "0"


def rows(history: History, points: Sequence[Point | None], words: Language | None = None) -> list[list[str]]:
    """A row of cells (as :data:`HEADER` names them) per revision; ``-`` where there is no point."""
    found = []
    for revision, point in zip(history.revisions, points, strict=True):
        head = [revision.label, date(revision)]
        if point is None:
            found.append([*head, *("-" for _ in HEADER[2:])])
        else:
            found.append([*head, *(value(metric, point.metric(metric), words) for metric in CURVE_METRICS),
                          _pains(point, words),
                          f"{point.kpis_met}/{point.kpis}" if point.kpis else "-"])
    return found


def sections(history: History, words: Language | None = None) -> list[tuple[str, Sequence[Point | None]]]:
    """The portfolio's series, then each map's, with their titles."""
    return [((words or load_language()).gettext(PORTFOLIO), history.portfolio),
            *((f"{series.title} ({series.file})", series.points) for series in history.maps)]


def lasted(lifetime: Lifetime, words: Language | None = None) -> str:
    """``a1b2c3d → e4f5a6b: 3 revisions, 5.0 days``; ``≤`` when open already at the first revision."""
    words = words or load_language()
    until = lifetime.closed.label if lifetime.closed else words.gettext(STILL_OPEN)
    said = words.counted(*LASTED, lifetime.revisions, opened=lifetime.opened.label, until=until,
                         days=words.decimal(f"{lifetime.days:.1f}"))
    return ("≤ " if lifetime.from_start else "") + said


def gate_lines(history: History, words: Language | None = None) -> list[str]:
    """What ``--fail-if-worse`` found: one line per failure, or one that it passed; none without a gate."""
    if not history.gate or history.base is None:
        return []
    words = words or load_language()
    if not history.failures:
        return [words.gettext(GATE_PASSED) % {"metrics": ", ".join(history.gate), "base": history.base.label}]
    return [words.gettext(GATE_FAILED) % {
        "file": failure.file, "metric": failure.metric, "value": value(failure.metric, failure.value, words),
        "before": value(failure.metric, failure.base, words), "base": history.base.label}
        for failure in history.failures]


def invalid_line(file: str, revision: Revision, messages: Sequence[str], words: Language | None = None) -> str:
    """A map version that does not validate, with its first problem (problems stay English)."""
    words = words or load_language()
    more = " " + words.gettext(MORE) % {"num": len(messages) - 1} if len(messages) > 1 else ""
    return words.gettext(INVALID) % {"revision": revision.label, "file": file,
                                     "message": messages[0] if messages else ""} + more
