"""The README's generated blocks: the table of problem codes and the lint rules reference.

Each block stands between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``. Regenerate them with
``python -m cjmap.readme README.md``; ``--check`` exits 1 when one is out of date (a test runs it).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path


def _codes() -> str:
    from cjmap.codes import render_table

    return render_table()


def _rules() -> str:
    from cjmap.lint.docs import render_markdown
    from cjmap.lint.rules import RULES

    return render_markdown(RULES)


BLOCKS: dict[str, Callable[[], str]] = {"codes": _codes, "rules": _rules}


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def _span(readme: str, name: str) -> tuple[int, int]:
    start_marker, end_marker = markers(name)
    start, end = readme.find(start_marker), readme.find(end_marker)
    if start < 0 or end < start:
        raise ValueError(f"the README has no '{start_marker}' ... '{end_marker}' block")
    return start + len(start_marker) + 1, end


def block(readme: str, name: str) -> str:
    """The text of block ``name`` in ``readme``."""
    start, end = _span(readme, name)
    return readme[start:end]


def replace_block(readme: str, name: str, text: str) -> str:
    """``readme`` with block ``name`` replaced by ``text``; nothing else changes."""
    start, end = _span(readme, name)
    return readme[:start] + text + readme[end:]


def regenerate(readme: str) -> str:
    """``readme`` with every generated block up to date."""
    for name, render in BLOCKS.items():
        readme = replace_block(readme, name, render())
    return readme


def main(argv: list[str]) -> int:
    """``python -m cjmap.readme [--check] README.md``."""
    check = "--check" in argv
    paths = [arg for arg in argv if arg != "--check"]
    if len(paths) != 1:
        sys.stderr.write("usage: python -m cjmap.readme [--check] README.md\n")
        return 2
    path = Path(paths[0])
    text = path.read_text(encoding="utf-8")
    updated = regenerate(text)
    if updated == text:
        sys.stdout.write(f"{path}: generated blocks up to date\n")
        return 0
    if check:
        sys.stdout.write(f"{path}: generated blocks out of date; run python -m cjmap.readme {path}\n")
        return 1
    path.write_text(updated, encoding="utf-8")
    sys.stdout.write(f"{path}: generated blocks updated\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
