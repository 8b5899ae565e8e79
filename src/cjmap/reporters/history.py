"""Output formats for ``cjmap history``, picked by name: each writes a :class:`~cjmap.history.report.History`.

Text: a table per map and for the portfolio, with a sparkline of the mean; JSON for scripts (``"schema": 1``);
Markdown: the same tables and a Mermaid ``xychart-beta`` line chart of the portfolio's mean and end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TextIO

from cjmap import __version__
from cjmap.diff.model import CURVE_METRICS
from cjmap.history import table
from cjmap.history.report import SEVERITIES, History, Point
from cjmap.history.revisions import Revision
from cjmap.language import N_, Language
from cjmap.language import language as load_language
from cjmap.render.context import SEVERITY_LABELS
from cjmap.render.mermaid import AFTER, BEFORE, line_chart
from cjmap.reporters.diff.markdown import LIMIT
from cjmap.reporters.escape import json_text, markdown_text, visible

SCHEMA = 1
"""The version of the JSON shape; raised when a field changes meaning or goes away (new fields do not)."""

HistoryWriter = Callable[[TextIO, History, bool | None], None]
"""Writes a history to a stream; the flag is ``--color/--no-color`` (plain output: unused)."""

SPARKS = "▁▂▃▄▅▆▇█"
_MARGIN = 400
"""Room kept for the truncation note."""


def sparkline(values: Sequence[float | None]) -> str:
    """One character per value on the -1..+1 axis; a space where there is none."""
    return "".join(" " if value is None else SPARKS[min(len(SPARKS) - 1, int((value + 1) / 2 * len(SPARKS)))]
                   for value in values)


def write_text(stream: TextIO, history: History, color: bool | None) -> None:
    """Plain lines; map text (titles, pain points, tag names) with control characters made visible."""
    if not history.revisions:
        stream.write("no revisions in the range touch a map\n")
        return
    lines: list[str] = []
    for title, points in table.sections(history):
        means = [point.metric("mean") if point else None for point in points]
        lines.append(f"{title}  mean {sparkline(means)}")
        rows = [list(table.HEADER), *([visible(cell) for cell in row] for row in table.rows(history, points))]
        widths = [max(len(row[index]) for row in rows) for index in range(len(table.HEADER))]
        lines += ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
                  for row in rows]
        lines.append("")
    if history.lifetimes:
        lines.append("pain points")
        lines += [f"  {lifetime.file}: [{lifetime.severity}] {lifetime.text}  ({table.lasted(lifetime)})"
                  for lifetime in history.lifetimes]
        lines.append("")
    lines += [table.invalid_line(invalid.file, invalid.revision, [p.message for p in invalid.problems])
              for invalid in history.invalid]
    lines += table.gate_lines(history)
    stream.write("".join(visible(line) + "\n" for line in lines))


def _point_dict(point: Point | None) -> dict[str, Any] | None:
    if point is None:
        return None
    return {"metrics": {metric: _round(point.metric(metric)) for metric in CURVE_METRICS},
            "pain_points": dict(zip(SEVERITIES, point.pains, strict=True)),
            "kpis": {"met": point.kpis_met, "total": point.kpis}}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _revision_dict(revision: Revision) -> dict[str, Any]:
    return {"commit": revision.commit, "label": revision.label, "time": revision.time, "subject": revision.subject}


def history_dict(history: History) -> dict[str, Any]:
    """The JSON shape of a history."""
    return {
        "schema": SCHEMA, "cjmap": __version__,
        "revisions": [_revision_dict(revision) for revision in history.revisions],
        "portfolio": [_point_dict(point) for point in history.portfolio],
        "maps": [{"file": series.file, "title": series.title, "points": [_point_dict(p) for p in series.points]}
                 for series in history.maps],
        "pain_points": [{"file": item.file, "key": item.key, "text": item.text, "severity": item.severity,
                         "opened": item.opened.commit, "open_at_start": item.from_start, "closed": item.closed.commit if item.closed else None,
                         "revisions": item.revisions, "days": round(item.days, 2)} for item in history.lifetimes],
        "invalid": [{"file": item.file, "revision": item.revision.commit,
                     "problems": [problem.as_dict() for problem in item.problems]} for item in history.invalid],
        "gate": None if history.base is None else {
            "base": _revision_dict(history.base), "metrics": list(history.gate),
            "failures": [{"file": item.file, "metric": item.metric, "base": _round(item.base),
                          "value": _round(item.value)} for item in history.failures]},
    }


def write_json(stream: TextIO, history: History, color: bool | None) -> None:
    stream.write(json_text(history_dict(history), getattr(stream, "encoding", None)) + "\n")


def mermaid_chart(history: History, words: Language | None = None) -> str:
    """A Mermaid ``xychart-beta`` of the portfolio's mean (blue) and end (orange), normalised, over the
    revisions where it has them (a Mermaid line has no gaps); the x-axis numbers them as the tables do. Its
    titles speak the language of ``words``; its numbers stay data (decimal points)."""
    _ = (words or load_language()).gettext
    shown_points = [(index, point) for index, point in enumerate(history.portfolio, 1)
                    if point is not None and point.metric("mean") is not None]
    return line_chart(title=_(N_("Portfolio: mean and end emotion (normalised)")),
                      labels=[str(index) for index, _ in shown_points], x_title=_(N_("Revision")),
                      y_title=_("emotion"), y_range=(-1.0, 1.0),
                      lines=[(AFTER, [point.metric("mean") or 0.0 for _, point in shown_points]),
                             (BEFORE, [point.metric("end") or 0.0 for _, point in shown_points])])


def render_markdown(history: History, limit: int = LIMIT, words: Language | None = None) -> str:
    """The history as Markdown in the language of ``words`` (default English), at most ``limit`` characters:
    the heading, the gate and the chart first, then whole sections (the portfolio's table, each map's, the pain
    points, the invalid versions) while they fit, and a note naming what was left out."""
    words = words or load_language()
    _ = words.gettext
    head = ["# " + _(TITLE) + "\n\n"]
    if not history.revisions:
        return head[0] + _(N_("No revisions in the range touch a map.")) + "\n"
    head += [f"{markdown_text(line)}\n\n" for line in table.gate_lines(history, words)]
    if any(point is not None and point.metric("mean") is not None for point in history.portfolio):
        head.append(f"```mermaid\n{mermaid_chart(history, words)}```\n\n"
                    + _(N_("%(mean)s · %(end)s; the x-axis numbers the revisions as the # column below does.")) % {
                        "mean": AFTER.legend(_("mean"), words), "end": BEFORE.legend(_("end"), words)} + "\n\n")
    sections = [_table_section(history, title, points, words) for title, points in table.sections(history, words)]
    if history.lifetimes:
        columns = (_("map"), _("severity"), _("pain point"), _(N_("open")))
        sections.append(f"## {_('Pain points')}\n\n| {' | '.join(columns)} |\n|---|---|---|---|\n" + "".join(
            f"| {markdown_text(item.file)} | {_(SEVERITY_LABELS[item.severity])} | {markdown_text(item.text)} | "
            f"{markdown_text(table.lasted(item, words))} |\n" for item in history.lifetimes) + "\n")
    if history.invalid:
        sections.append(f"## {_(INVALID_TITLE)}\n\n" + "".join(
            f"- {markdown_text(table.invalid_line(item.file, item.revision, [p.message for p in item.problems], words))}\n"
            for item in history.invalid) + "\n")
    out = "".join(head)
    for index, section in enumerate(sections):
        if len(out) + len(section) > limit - _MARGIN:
            from babel.numbers import format_decimal

            return out + _(TRUNCATED) % {"left": len(sections) - index, "num": len(sections),
                                         "limit": format_decimal(LIMIT, locale=words.locale)} + "\n"
        out += section
    return out


TITLE = N_("Experience history")
INVALID_TITLE = N_("Maps that do not validate")
TRUNCATED = N_("> **Truncated:** %(left)s of %(num)s sections are not shown: this comment keeps under GitHub's "
               "%(limit)s-character limit. Run `cjmap history --format json` (or `--format html`) for all of it.")


def _table_section(history: History, title: str, points: Sequence[Point | None], words: Language) -> str:
    rows = "".join(f"| {index} | " + " | ".join(markdown_text(cell) for cell in row) + " |\n"
                   for index, row in enumerate(table.rows(history, points, words), 1))
    header = table.header(words)
    return (f"## {markdown_text(title)}\n\n| # | {' | '.join(header)} |\n|{'---|' * (len(header) + 1)}\n"
            f"{rows}\n")


def write_markdown(stream: TextIO, history: History, color: bool | None, words: Language | None = None) -> None:
    stream.write(render_markdown(history, words=words))


HISTORY_REPORTER_BY_NAME: dict[str, HistoryWriter] = {
    "text": write_text,
    "json": write_json,
    "markdown": write_markdown,
}

__all__ = ["HISTORY_REPORTER_BY_NAME", "HistoryWriter", "history_dict", "mermaid_chart", "sparkline"]
