"""Output formats for ``cjmap backlog``: each writes a :class:`~cjmap.portfolio.backlog.Backlog`.

Text for a terminal, JSON for scripts (versioned shape), Markdown for a wiki or a pull-request comment,
``issues`` (JSON for ``gh issue create`` or GitLab, one object per item with a stable fingerprint and a marker
in the body, so a script updates an item's issue instead of filing it twice), CSV and XLSX for a spreadsheet
(cells guarded against formulas, as every export is).
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Console

from cjmap import __version__
from cjmap.language import N_, Language, N_plural
from cjmap.language import language as load_language
from cjmap.portfolio.backlog import Backlog, BacklogItem
from cjmap.problem import Problem
from cjmap.render.context import PRIORITY_LEVELS, SEVERITY_LABELS
from cjmap.reporters.escape import guard_lines, json_text, markdown_code, markdown_text
from cjmap.reporters.scorecard import escape
from cjmap.streams import OUTPUT_ERRORS

SCHEMA = 1
"""The version of the JSON shape."""
MARKER = "<!-- cjmap-opportunity: {fingerprint} -->"
"""The line every exported issue body carries, to find the issue of an item again."""
COLUMNS = ("Rank", "Fingerprint", "Id", "Opportunity", "Owner", "Priority", "Customer value", "Business value",
           "Effort", "Computed priority", "Issue", "Maps", "Where", "Addresses", "Conflicts")

BacklogWriter = Callable[[Backlog, Sequence[Problem], bool], bytes]
"""Writes a backlog (and the problems of the maps left out) as bytes; the flag says whether to colour."""


def _score(item: BacklogItem) -> str:
    return "" if item.score is None else f"{item.score:.2f}"


def _where(item: BacklogItem) -> list[str]:
    return [f"{served.file}: {served.place.stage_name} / {served.place.name}" for served in item.served]


def _addresses(item: BacklogItem) -> list[str]:
    return list(dict.fromkeys(f"{pain} ({severity})" for served in item.served for pain, severity in served.addresses))


# --- JSON -----------------------------------------------------------------------------------------------------

def item_dict(item: BacklogItem, rank: int) -> dict[str, Any]:
    return {"rank": rank, "fingerprint": item.fingerprint, "id": item.id, "text": item.text, "owner": item.owner,
            "priority": item.priority, "customer_value": item.customer_value, "business_value": item.business_value,
            "effort": item.effort, "score": None if item.score is None else round(item.score, 4), "issue": item.issue,
            "severity": item.severity, "maps": list(item.maps),
            "served": [{"file": s.file, "stage": s.place.stage, "stage_name": s.place.stage_name, "step": s.place.step,
                        "step_name": s.place.name, "addresses": [{"id": pain, "severity": severity}
                                                                  for pain, severity in s.addresses]}
                       for s in item.served],
            "conflicts": list(item.conflicts)}


def write_json(backlog: Backlog, problems: Sequence[Problem], colored: bool) -> bytes:
    document = {
        "tool": "cjmap", "version": __version__, "command": "backlog", "schema": SCHEMA, "maps": backlog.maps,
        "items": [item_dict(item, rank) for rank, item in enumerate(backlog.items, 1)],
        "unticketed": [{"file": u.file, "id": u.id, "text": u.text, "severity": u.severity, "stage": u.place.stage,
                        "step": u.place.step, "step_name": u.place.name} for u in backlog.unticketed],
        "problems": [problem.as_dict() for problem in problems],
    }
    return (json_text(document) + "\n").encode("utf-8")


def write_issues(backlog: Backlog, problems: Sequence[Problem], colored: bool) -> bytes:
    """One object per item for an issue tracker: title, body (with the marker), labels, fingerprint."""
    issues = []
    for item in backlog.items:
        lines = [item.text, "", f"Serves {len(item.maps)} map{'s' if len(item.maps) != 1 else ''}:"]
        lines += [f"- {line}" for line in _where(item)]
        if _addresses(item):
            lines += ["", "Addresses: " + ", ".join(_addresses(item))]
        facts = [f"{label}: {value}" for label, value in (
            ("owner", item.owner), ("priority", item.priority), ("customer value", item.customer_value),
            ("business value", item.business_value), ("effort", item.effort), ("computed priority", _score(item)))
            if value not in (None, "")]
        if facts:
            lines += ["", "; ".join(facts)]
        lines += ["", MARKER.format(fingerprint=item.fingerprint)]
        issues.append({"fingerprint": item.fingerprint, "title": item.text, "body": "\n".join(lines),
                       "labels": ["cjmap", *([f"priority: {item.priority}"] if item.priority else [])],
                       "assignee": item.owner, "issue": item.issue})
    return (json_text(issues) + "\n").encode("utf-8")


# --- spreadsheets ---------------------------------------------------------------------------------------------

def _rows(backlog: Backlog) -> list[list[str | int | float | None]]:
    return [[rank, item.fingerprint, item.id, item.text, item.owner, item.priority, item.customer_value,
             item.business_value, item.effort, round(item.score, 2) if item.score is not None else None, item.issue,
             len(item.maps), "\n".join(_where(item)), "\n".join(_addresses(item)), "\n".join(item.conflicts)]
            for rank, item in enumerate(backlog.items, 1)]


def write_csv(backlog: Backlog, problems: Sequence[Problem], colored: bool) -> bytes:
    from cjmap.interop.csv_io import write_csv as csv_bytes

    return csv_bytes(COLUMNS, _rows(backlog))


def write_xlsx(backlog: Backlog, problems: Sequence[Problem], colored: bool) -> bytes:
    from cjmap.interop.sheet import Column
    from cjmap.interop.xlsx_io import write_xlsx as xlsx_bytes
    from cjmap.model import DEFAULT_SCALE

    columns = [Column(key=name.casefold().replace(" ", "_"), header=name, multi=name in ("Where", "Addresses"))
               for name in COLUMNS]
    return xlsx_bytes(columns, _rows(backlog), [("tool", f"cjmap {__version__}"), ("maps", str(backlog.maps))],
                      DEFAULT_SCALE, sheets=("backlog", "about"), frozen="E2")


# --- Markdown -------------------------------------------------------------------------------------------------

TITLE = N_("Backlog: %(opportunities)s %(maps)s")
OPPORTUNITIES = N_plural("%(num)s opportunity", "%(num)s opportunities")
FROM_MAPS = N_plural("from %(num)s map", "from %(num)s maps")


def write_markdown(backlog: Backlog, problems: Sequence[Problem], colored: bool, words: Language | None = None) -> bytes:
    """The backlog for a wiki page or a pull-request comment, in the language of ``words`` (default English)."""
    words = words or load_language()
    _ = words.gettext
    lines = ["## " + _(TITLE) % {"opportunities": words.counted(*OPPORTUNITIES, len(backlog.items)),
                                 "maps": words.counted(*FROM_MAPS, backlog.maps)}, ""]
    if backlog.items:
        header = ("#", _(N_("opportunity")), _(N_("owner")), _(N_("priority")), _(N_("value ÷ effort")), _("maps"),
                  _("where"))
        lines += ["| " + " | ".join(header) + " |", "|---:|---|---|---|---:|---:|---|"]
        for rank, item in enumerate(backlog.items, 1):
            text = markdown_text(item.text) + (f" ({markdown_code(item.id, in_table=True)})" if item.id else "")
            if item.issue:
                text += f" [{_('ticket')}](<{item.issue}>)"
            if item.conflicts:
                text += " ⚠ " + markdown_text("; ".join(item.conflicts))
            priority = _(PRIORITY_LEVELS[item.priority]) if item.priority in PRIORITY_LEVELS else item.priority or ""
            lines.append(f"| {rank} | {text} | {markdown_text(item.owner or '')} | {priority} "
                         f"| {words.decimal(_score(item))} | {len(item.maps)} | "
                         + "<br>".join(markdown_text(line) for line in _where(item)) + " |")
    else:
        lines.append(_(N_("No opportunities.")))
    if backlog.unticketed:
        lines += ["", "### " + _(N_("High and critical pain points without a ticket")), ""]
        lines += [f"- {markdown_text(u.text)} ({_(SEVERITY_LABELS[u.severity])}; {markdown_code(u.file)}, "
                  f"{markdown_text(u.place.name)})" for u in backlog.unticketed]
    if problems:
        lines += ["", "### " + _("Maps left out (not valid)"), ""] + [
            f"- {markdown_code(f'{p.file}:{p.location.line}:{p.location.column}')} {p.code} {markdown_text(p.message)}"
            for p in problems]
    return ("\n".join(lines) + "\n").encode("utf-8", OUTPUT_ERRORS)


# --- terminal -------------------------------------------------------------------------------------------------

def write_text(backlog: Backlog, problems: Sequence[Problem], colored: bool) -> bytes:
    buffer = io.StringIO()
    console = Console(file=buffer, highlight=False, soft_wrap=True, emoji=False, force_terminal=colored,
                      no_color=not colored, width=shutil.get_terminal_size((160, 24)).columns)
    console.print(f"[bold]Backlog[/]: {len(backlog.items)} opportunities from {backlog.maps} maps "
                  "(ranked by value ÷ effort, then priority, pain severity and maps served)")
    for rank, item in enumerate(backlog.items, 1):
        facts = ", ".join(fact for fact in (item.priority or "", f"owner {escape(item.owner)}" if item.owner else "",
                                            f"value ÷ effort {_score(item)}" if item.score is not None else "",
                                            f"{len(item.maps)} map{'s' if len(item.maps) != 1 else ''}") if fact)
        label = f" [dim]({escape(item.id)})[/]" if item.id else ""
        console.print(f"  {rank:>3}. {escape(item.text)}{label} [dim]{facts}[/]")
        for line in _where(item):
            console.print(f"        {escape(line)}")
        if item.issue:
            console.print(f"        ticket: {escape(item.issue)}")
        for conflict in item.conflicts:
            console.print(f"        [yellow]conflict:[/] {escape(conflict)}")
    if backlog.unticketed:
        console.print("[bold]high and critical pain points without a ticket[/]:")
        for u in backlog.unticketed:
            console.print(f"  {u.severity}: {escape(u.text)} [dim]({escape(u.file)}: {escape(u.place.name)})[/]")
    for problem in problems:
        console.print(f"[red]left out:[/] {escape(problem.file)}:{problem.location.line}:{problem.location.column}: "
                      f"{problem.code} {escape(problem.message)}")
    text = "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
    return guard_lines(text).encode("utf-8", OUTPUT_ERRORS)


BACKLOG_REPORTER_BY_NAME: dict[str, BacklogWriter] = {
    "text": write_text,
    "json": write_json,
    "markdown": write_markdown,
    "issues": write_issues,
    "csv": write_csv,
    "xlsx": write_xlsx,
}
BINARY = frozenset({"xlsx"})

__all__ = ["BACKLOG_REPORTER_BY_NAME", "BINARY", "BacklogWriter", "MARKER", "item_dict"]
