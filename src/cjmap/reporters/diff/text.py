"""``cjmap diff`` for people at a terminal: changes grouped by stage, emotion deltas, the curve summary.

Each change is a sentence in the map's own names (:mod:`~cjmap.reporters.diff.words`), names in “quotes”;
map text is printed as written, control characters shown as escapes; colour only when
:func:`~cjmap.reporters.base.use_color` says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from cjmap.diff.model import (
    ADDED,
    MODIFIED,
    MOVED,
    ORDER_CHANGED,
    REMOVED,
    RENAMED,
    Change,
    DiffReport,
    MapDiff,
)
from cjmap.reporters.base import use_color
from cjmap.reporters.diff.values import (
    ARROWS,
    emotion_line,
    grouped,
    names,
    number,
    signed,
    summary,
)
from cjmap.reporters.diff.words import Sentence, sentence
from cjmap.reporters.escape import line_start, visible

_STYLE = {ADDED: "32", REMOVED: "31", MODIFIED: "33", MOVED: "36", RENAMED: "36", ORDER_CHANGED: "35"}
_Paint = Callable[[str, str], str]
_SYMBOL = {ADDED: "+", REMOVED: "-", MODIFIED: "~", MOVED: ">", RENAMED: "*", ORDER_CHANGED: "^"}


def write(stream: TextIO, report: DiffReport, color: bool | None) -> None:
    """Write ``report`` as text."""
    paint = _paint if use_color(color, stream) else _plain
    lines: list[str] = []
    for item in report.maps:
        lines += _map_lines(item, paint)
    lines.append(summary(report.counts(), len(report.maps)))
    stream.write("\n".join(lines) + "\n")


def _map_lines(item: MapDiff, paint: _Paint) -> list[str]:
    lines = [paint("1", line_start(f"diff {names(item)}")) + (f"  {visible(item.title)}" if item.title else "")]
    if item.problems:
        lines.append("  not compared: does not validate")
        for problem in item.problems:
            lines.append(f"    {visible(problem.file)}:{problem.location.line}:{problem.location.column}: "
                         f"{paint('1;31', problem.code)} [{problem.name}] {visible(problem.message)}")
            if problem.hint:
                lines.append(f"      hint: {visible(problem.hint)}")
        return [*lines, ""]
    if not item.differs:
        return [*lines, "  no semantic changes", ""]
    for stage, changes in grouped(item):
        if stage is None:
            lines.append("  map")
        else:
            lines.append(f"  stage {visible(item.stage_names.get(stage, stage))}")
        lines += [f"    {_change(change, paint)}" for change in changes]
    if item.emotions:
        lines.append("  emotions" + (" (scale changed: deltas normalised -1..+1)" if item.scale_changed
                                     else " (deltas normalised -1..+1)"))
        for delta in item.emotions:
            lines.append(f"    {ARROWS[delta.direction]} “{visible(delta.name)}”: {emotion_line(delta)} "
                         f"({signed(delta.delta)})")
    if item.curve and any(metric.delta for metric in item.curve if metric.delta is not None) or (
            item.curve and item.status != MODIFIED):
        lines.append("  curve (normalised)")
        lines += [f"    {metric.metric}: {number(metric.before)} → {number(metric.after)} ({signed(metric.delta)})"
                  for metric in item.curve]
    return [*lines, ""]


def _change(change: Change, paint: _Paint) -> str:
    """``+ step “Sees the confirmation” added (emotion 5)``: the kind's mark, then the sentence."""
    return f"{paint(_STYLE[change.kind], _SYMBOL[change.kind])} {_said(sentence(change, with_stage=False))}"


def _said(parts: Sentence) -> str:
    return "".join(part if isinstance(part, str) else f"“{visible(part.text)}”" if part.strong
                   else visible(part.text) for part in parts)


def _paint(style: str, text: str) -> str:
    return f"\x1b[{style}m{text}\x1b[0m"


def _plain(style: str, text: str) -> str:
    return text
