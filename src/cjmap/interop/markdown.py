"""The ```` ```mermaid ```` blocks of a Markdown file that hold a ``journey``, with the line each starts on."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*mermaid\b[^\n]*$", re.IGNORECASE)
_JOURNEY = re.compile(r"^\s*journey\b", re.IGNORECASE)
_SKIPPED_LINE = re.compile(r"^\s*(%%[^\n]*)?$")


@dataclass(frozen=True, kw_only=True)
class Block:
    """One Mermaid block: its text and the file line its first line is on (counted from 1)."""

    number: int
    """Counted from 1 over the journey blocks only, as ``--block N`` counts them."""
    first_line: int
    text: str


def is_markdown(name: str, text: str) -> bool:
    """Whether to read ``text`` as Markdown: a ``.md``/``.markdown`` file, or (stdin) text with a mermaid fence."""
    if name.lower().endswith((".md", ".markdown", ".mdx")):
        return True
    return name == "-" and any(_FENCE.match(line) for line in text.splitlines())


def journey_blocks(text: str) -> list[Block]:
    """Every fenced ``mermaid`` block whose diagram is a ``journey``, in order."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        index += 1
        if opening is None:
            continue
        indent, fence = len(opening[1]), opening[2]
        start = index
        while index < len(lines) and not re.match(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$",
                                                   lines[index]):
            index += 1
        # CommonMark removes the fence's own indentation from each line of the block.
        body = [line[min(indent, len(line) - len(line.lstrip(" "))):] for line in lines[start:index]]
        index += 1
        if _is_journey(body):
            blocks.append(Block(number=len(blocks) + 1, first_line=start + 1, text="\n".join(body) + "\n"))
    return blocks


def _is_journey(body: list[str]) -> bool:
    """Whether the block's diagram is a journey: its first line past front matter, directives and comments."""
    lines = iter(body)
    for line in lines:
        if line.strip() == "---":  # front matter: skip to its end
            for inner in lines:
                if inner.strip() == "---":
                    break
            continue
        if _SKIPPED_LINE.match(line):
            continue
        return bool(_JOURNEY.match(line))
    return False
