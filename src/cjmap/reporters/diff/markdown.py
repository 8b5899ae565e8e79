"""``cjmap diff --format markdown``: a pull-request comment.

A summary line, a table of emotion changes with arrows, a before/after Mermaid line chart of the curve (steps
numbered on its axis, named in a table, the two lines in colours a legend names), and the changes of each stage
in a ``<details>`` block, one sentence per change in the map's own names. Map text is escaped for where it
stands: Markdown inline (:func:`~cjmap.reporters.escape.markdown_text`) in prose, lists and tables, HTML
(:func:`~cjmap.reporters.escape.html_block_text`) inside ``<summary>``, where Markdown is not parsed. GitHub
refuses comments over 65,536 characters, so the comment stops before :data:`LIMIT` with a note saying how much
was left out and how to see it all.
"""

from __future__ import annotations

from typing import TextIO

from cjmap.diff.model import Change, CurvePoint, DiffReport, MapDiff
from cjmap.render.mermaid import AFTER, BEFORE, line_chart
from cjmap.reporters.diff.values import (
    ARROWS,
    KIND_WORDS,
    grouped,
    names,
    number,
    signed,
    summary,
)
from cjmap.reporters.diff.words import Sentence, sentence
from cjmap.reporters.escape import html_block_text, markdown_code, markdown_text

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
    counts = ", ".join(f"{n} {KIND_WORDS[kind]}" for kind, n in item.counts().items() if n) or "no semantic changes"
    if item.problems:
        return [[f"\n### {markdown_code(names(item))}{title}\n\nNot compared: does not validate.\n\n",
                 *(f"- {markdown_code(f'{p.file}:{p.location.line}:{p.location.column}')} {p.code} "
                   f"{markdown_text(p.message)}\n" for p in item.problems), ""]]
    blocks = [[f"\n### {markdown_code(names(item))}{title}\n\n{counts}\n"]]
    if item.emotions:
        note = " (the scale changed: compared normalised, -1..+1)" if item.scale_changed else ""
        blocks.append([(f"\n#### Emotion changes{note}\n\n| | step | stage | before | after | change |\n"
                       "|---|---|---|--:|--:|--:|\n"),
                       *(f"| {ARROWS[d.direction]} | {markdown_text(d.name)} "
                         f"| {markdown_text(item.stage_names.get(d.stage, d.stage))} | {number(d.before)} "
                         f"| {number(d.after)} | {signed(d.delta)} |\n" for d in item.emotions), ""])
    if item.curve and (item.emotions or item.status != "modified"):
        blocks.append(["\n| curve (normalised) | before | after | change |\n|---|--:|--:|--:|\n",
                       *(f"| {m.metric} | {number(m.before)} | {number(m.after)} | {signed(m.delta)} |\n"
                         for m in item.curve), ""])
    chart = [point for point in item.chart if point.before is not None and point.after is not None]
    if item.emotions and len(chart) > 1:
        blocks.append(_chart(chart))
        blocks.append(["\n<details><summary>Steps on the chart</summary>\n\n| # | step | before | after |\n"
                       "|--:|---|--:|--:|\n",
                       *(f"| {index} | {markdown_text(point.name)} | {number(point.before)} | {number(point.after)} |\n"
                         for index, point in enumerate(chart, 1)), "\n</details>\n"])
    for stage, changes in grouped(item):
        label = "Map" if stage is None else f"Stage {html_block_text(item.stage_names.get(stage, stage))}"
        blocks.append([(f"\n<details><summary>{label} — {len(changes)} change{'s' if len(changes) != 1 else ''}"
                       "</summary>\n\n"), *(_row(change) for change in changes), "\n</details>\n"])
    return blocks


def _chart(chart: list[CurvePoint]) -> list[str]:
    """The curve before and after, normalised, over the steps both sides score: numbered on the axis (the
    table below names them), each line in its colour, and a legend that says which is which."""
    source = line_chart(title="Emotion curve before and after (normalised)",
                        labels=[str(index) for index in range(1, len(chart) + 1)], y_title="emotion",
                        y_range=(-1.0, 1.0),
                        lines=[(BEFORE, [point.before or 0.0 for point in chart]),
                               (AFTER, [point.after or 0.0 for point in chart])])
    return [f"\n```mermaid\n{source}```\n",
            f"\n{BEFORE.legend('before')} · {AFTER.legend('after')}: where only blue shows, the two lines meet and "
            "nothing changed. Steps scored on one side only are in the table of emotion changes.\n"]


def _row(change: Change) -> str:
    """One change as a list item: a sentence with the map's names in italics."""
    return f"- {_said(sentence(change, with_stage=False))}\n"


def _said(parts: Sentence) -> str:
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif not part.strong:
            out.append(markdown_text(part.text))
        elif part.text.strip():
            out.append(f"*{markdown_text(part.text.strip())}*")
        else:
            out.append("“”")
    return "".join(out)
