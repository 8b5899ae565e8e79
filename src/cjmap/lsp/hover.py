"""What hovering over a place in a map shows, as Markdown.

- a rule named in a suppression comment, or a finding under the cursor: the rule's documentation (what
  ``cjmap lint --explain`` prints), or what a validation code finds;
- an id reference (a pain point in ``addresses``, a channel, an actor) or declaration: what it stands for;
- an emotion score: its label on the map's scale.
"""

from __future__ import annotations

import re
from typing import Any

from cjmap import codes
from cjmap.lsp import navigation
from cjmap.lsp.analysis import Analysis, any_value

_DIRECTIVE = re.compile(r"(?:^|[ \t])#[ \t]*cjmap:[ \t]*(?:dis|en)able[\w-]*[ \t]*=?(.*)$")
_WORD = re.compile(r"[\w.-]+")


def hover(analysis: Analysis, line: int, column: int) -> str | None:
    """The Markdown to show for the cursor at ``line``:``column``, or None for nothing."""
    parts = [*_findings(analysis, line, column)]
    if (rule := _suppressed_rule(analysis, line, column)) is not None:
        parts.append(rule)
    parts += [text for text in (_occurrence(analysis, line, column), _emotion(analysis, line, column)) if text]
    return "\n\n---\n\n".join(dict.fromkeys(parts)) or None


def explain(code: str) -> str | None:
    """The documentation of a rule (by code or name) or a validation code, as Markdown."""
    from cjmap.lint.docs import render_explain
    from cjmap.lint.rules import RULES
    from cjmap.lint.selection import find_rule

    rule = find_rule(code, RULES)
    if rule is not None:
        return "```text\n" + render_explain(rule).rstrip("\n") + "\n```"
    known = codes.CODE_BY_ID.get(code.upper())
    return f"**{known.code} {known.name}**: {known.summary}" if known is not None else None


def _findings(analysis: Analysis, line: int, column: int) -> list[str]:
    last = len(analysis.lines) - 1
    found = [problem.code for problem in analysis.problems
             if min(problem.location.line - 1, last) == line and analysis.span(problem.location).holds(line, column)]
    return [text for code in dict.fromkeys(found) if (text := explain(code)) is not None]


def _suppressed_rule(analysis: Analysis, line: int, column: int) -> str | None:
    """The rule named under the cursor in a suppression comment."""
    text = analysis.lines[line] if line < len(analysis.lines) else ""
    directive = _DIRECTIVE.search(text)
    if directive is None or column < directive.start(1):
        return None
    for word in _WORD.finditer(text, directive.start(1)):
        if word.start() <= column <= word.end():
            return explain(word.group())
    return None


def _occurrence(analysis: Analysis, line: int, column: int) -> str | None:
    found = navigation.at(analysis, line, column)
    if found is None or analysis.document is None:
        return None
    data = analysis.document.data
    declarations = [other for other in navigation.same_id(analysis, found) if other.declaration]
    if not declarations:
        return f"unknown {found.kind} `{found.id}`"
    declared = declarations[0]
    uses = sum(not other.declaration for other in navigation.same_id(analysis, found))
    used = f"\n\nnamed {uses} time{'s' if uses != 1 else ''} in this map"
    if declared.kind in ("channel", "actor"):
        entry = any_value(data, declared.path)
        if isinstance(entry, dict):
            details = ", ".join(str(entry[key]) for key in ("name", "kind") if isinstance(entry.get(key), str))
        else:
            details = str(entry) if entry is not None else ""
        return f"{declared.kind} `{found.id}`" + (f": {details}" if details else "") + used
    node = any_value(data, declared.path[:-1])
    node = node if isinstance(node, dict) else {}
    text = node.get("text") or node.get("name") or ""
    extra = ", ".join(f"{key} {node[key]}" for key in ("severity", "priority", "owner") if isinstance(node.get(key), str))
    where = _step_name(data, declared.path)
    out = f"{declared.kind} `{found.id}`" + (f" ({extra})" if extra else "") + (f": {text}" if text else "")
    return out + (f"\n\nin step *{where}*" if where and declared.kind != "step" else "") + used


def _step_name(data: Any, path: tuple[Any, ...]) -> str | None:
    if len(path) < 4 or path[0] != "stages" or path[2] != "steps":
        return None
    step = any_value(data, path[:4])
    return str(step.get("name") or step.get("id")) if isinstance(step, dict) else None


def _emotion(analysis: Analysis, line: int, column: int) -> str | None:
    """A score's place on the scale, for the ``emotion`` of a step (or its ``score``) and an actor's score."""
    entry = analysis.entry_at(line, column)
    if entry is None or entry.key or analysis.document is None:
        return None
    path = entry.path
    scored = (len(path) >= 5 and path[-1] == "emotion") or path[-2:] == ("emotion", "score") or \
        (len(path) == 6 and path[-2] == "actors")
    score = any_value(analysis.document.data, path)
    if not scored or isinstance(score, bool) or not isinstance(score, (int, float)):
        return None
    from cjmap.model import DEFAULT_SCALE
    from cjmap.validation.consistency import scale_of

    scale = analysis.journey.scale if analysis.journey is not None else scale_of(analysis.document.data)
    scale = scale or DEFAULT_SCALE
    label = scale.labels.get(int(score)) if float(score).is_integer() else None
    neutral = float(scale.neutral) if scale.neutral is not None else (scale.min + scale.max) / 2
    side = "neutral" if score == neutral else "above neutral" if score > neutral else "below neutral"
    where = "outside the scale" if not scale.contains(score) else side
    return f"emotion {score}" + (f": **{label}**" if label else "") + f" ({where}; scale {scale.describe()})"
