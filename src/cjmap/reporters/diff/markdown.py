"""``cjmap diff --format markdown``: a pull-request comment.

A summary line, a table of emotion changes with arrows, a before/after Mermaid line chart of the curve, and
the changes of each stage in a ``<details>`` block. GitHub refuses comments over 65,536 characters, so the
comment stops before :data:`LIMIT` with a note saying how much was left out and how to see it all.
"""

from __future__ import annotations

from typing import TextIO

from cjmap.diff.model import ADDED, REMOVED, Change, DiffReport, MapDiff
from cjmap.reporters.diff.values import (
    ARROWS,
    grouped,
    names,
    number,
    signed,
    summary,
    value,
)
from cjmap.reporters.escape import markdown_code, markdown_text

LIMIT = 65_536
"""GitHub's limit on a comment's length."""
_MARGIN = 600
"""Room kept for the truncation note and the blocks closed after it."""


def write(stream: TextIO, report: DiffReport, color: bool | None) -> None:
    """Write ``report`` as one Markdown comment (never coloured)."""
    stream.write(render(report))


def render(report: DiffReport, limit: int = LIMIT) -> str:
    """The comment, at most ``limit`` characters."""
    blocks: list[list[str]] = [[f"## cjmap diff\n\n**{summary(report.counts(), len(report.maps))}**\n"]]
    for item in report.maps:
        blocks += _map_blocks(item)
    out: list[str] = []
    size = 0
    budget = limit - _MARGIN
    shown = total = 0
    for block in blocks:
        # A block is a head, rows and a tail (the tail closes a table, a fence or <details>): rows that no
        # longer fit are left out, and the block is still closed, so the Markdown stays well formed.
        head, *rows, tail = block if len(block) > 1 else [block[0], ""]
        total += len(rows)
        if size + len(head) + len(tail) > budget:
            continue
        kept = [head]
        size += len(head) + len(tail)
        for row in rows:
            if size + len(row) > budget:
                break
            kept.append(row)
            size += len(row)
        shown += len(kept) - 1
        out += [*kept, tail]
    if shown < total:
        out.append(f"\n> **Truncated:** {total - shown:,} of {total:,} lines are not shown: this comment keeps under "
                   f"GitHub's {LIMIT:,}-character limit. Run `cjmap diff --format json` for every change.\n")
    return "".join(out)


def _map_blocks(item: MapDiff) -> list[list[str]]:
    title = f" — {markdown_text(item.title)}" if item.title else ""
    counts = ", ".join(f"{n} {kind}" for kind, n in item.counts().items() if n) or "no semantic changes"
    if item.problems:
        return [[f"\n### {markdown_code(names(item))}{title}\n\nNot compared: does not validate.\n\n",
                 *(f"- {markdown_code(f'{p.file}:{p.location.line}:{p.location.column}')} {p.code} "
                   f"{markdown_text(p.message)}\n" for p in item.problems), ""]]
    blocks = [[f"\n### {markdown_code(names(item))}{title}\n\n{counts}\n"]]
    if item.emotions:
        note = " (the scale changed: compared normalised, -1..+1)" if item.scale_changed else ""
        blocks.append([(f"\n#### Emotion changes{note}\n\n| | step | stage | before | after | change |\n"
                       "|---|---|---|---|---|---|\n"),
                       *(f"| {ARROWS[d.direction]} | {markdown_text(d.name)} ({markdown_code(d.step, in_table=True)}) "
                         f"| {markdown_code(d.stage, in_table=True)} | {number(d.before)} | {number(d.after)} "
                         f"| {signed(d.delta)} |\n" for d in item.emotions), ""])
    if item.curve and (item.emotions or item.status != "modified"):
        blocks.append(["\n| curve (normalised) | before | after | change |\n|---|---|---|---|\n",
                       *(f"| {m.metric} | {number(m.before)} | {number(m.after)} | {signed(m.delta)} |\n"
                         for m in item.curve), ""])
    chart = [point for point in item.chart if point.before is not None and point.after is not None]
    if item.emotions and len(chart) > 1:
        axis = ", ".join(f'"{point.step}"' for point in chart)  # ids: letters, digits, '.', '_', '-' only
        blocks.append([
            ("\n```mermaid\nxychart-beta\n    title \"Emotion curve, before and after (normalised)\"\n"
            f"    x-axis [{axis}]\n    y-axis \"emotion\" -1 --> 1\n"
            f"    line [{', '.join(number(point.before) for point in chart)}]\n"
            f"    line [{', '.join(number(point.after) for point in chart)}]\n```\n"),
            "\nThe first line is before, the second after; steps scored on one side only are in the table.\n"])
    for stage, changes in grouped(item):
        label = "Map" if stage is None else f"Stage {markdown_text(item.stage_names.get(stage, stage))}"
        blocks.append([(f"\n<details><summary>{label} — {len(changes)} change{'s' if len(changes) != 1 else ''}"
                       "</summary>\n\n| change | path | before | after |\n|---|---|---|---|\n"),
                       *(_row(change) for change in changes), "\n</details>\n"])
    return blocks


def _row(change: Change) -> str:
    path = markdown_code(change.path, in_table=True) + (" (derived id)" if change.derived_id else "")
    before = "" if change.kind == ADDED else markdown_code(value(change.before), in_table=True)
    after = "" if change.kind == REMOVED else markdown_code(value(change.after), in_table=True)
    return f"| {change.kind} {change.entity} | {path} | {before} | {after} |\n"
