"""Markdown as GitHub shows it: parse with cmark-gfm (GitHub's own parser) and check the structure it built.

``gfm(text)`` parses Markdown the way GitHub does (the table, strikethrough, autolink and tagfilter extensions,
raw HTML kept so a test sees what reaches GitHub's sanitiser) and returns what it found: the tables with their
rows, the paragraphs, the HTML elements and attributes. ``assert_gfm(text, tables=…)`` is the check every
Markdown output in the suite goes through: the expected number of tables, every table's row count, and no
paragraph that starts with ``|`` (a table the parser did not see). cmark-gfm is Debian's ``cmark-gfm``
package (installed by ``.ci/run``); ``cmark_missing()`` says why a test skips without it.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser

CMARK = "cmark-gfm"
EXTENSIONS = ("table", "strikethrough", "autolink", "tagfilter")
"""GitHub's extensions (https://github.github.com/gfm/)."""


def cmark_missing() -> str | None:
    """Why the Markdown checks cannot run, or None."""
    return None if shutil.which(CMARK) else f"{CMARK} is not on PATH (apt-get install cmark-gfm)"


@dataclass
class Table:
    """One ``<table>`` the parser built: its header cells and body rows (cell texts)."""

    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Parsed:
    """What cmark-gfm made of a Markdown text."""

    html: str
    tables: list[Table] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    elements: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    """Every HTML element in the output, raw HTML included, with its attributes."""

    def tags(self, name: str) -> list[dict[str, str | None]]:
        """The attributes of every ``name`` element."""
        return [attributes for tag, attributes in self.elements if tag == name]


class _Reader(HTMLParser):
    def __init__(self, parsed: Parsed) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = parsed
        self.cell: list[str] | None = None
        self.row: list[str] | None = None
        self.in_head = False
        self.paragraph: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parsed.elements.append((tag, dict(attrs)))
        if tag == "table":
            self.parsed.tables.append(Table())
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "p":
            self.paragraph = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self.in_head = False
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None and self.parsed.tables:
            table = self.parsed.tables[-1]
            if self.in_head:
                table.header = self.row
            else:
                table.rows.append(self.row)
            self.row = None
        elif tag == "p" and self.paragraph is not None:
            self.parsed.paragraphs.append("".join(self.paragraph))
            self.paragraph = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        if self.paragraph is not None:
            self.paragraph.append(data)


def to_html(text: str) -> str:
    """``text`` as GitHub's parser turns it into HTML (before GitHub's sanitiser)."""
    command = [CMARK, "--unsafe", *(arg for name in EXTENSIONS for arg in ("-e", name))]
    return subprocess.run(command, input=text, capture_output=True, text=True, check=True).stdout


def gfm(text: str) -> Parsed:
    """Parse ``text`` with cmark-gfm and read back its tables, paragraphs and elements."""
    parsed = Parsed(html=to_html(text))
    reader = _Reader(parsed)
    reader.feed(parsed.html)
    reader.close()
    return parsed


def assert_gfm(text: str, *, tables: int | None = None, rows: list[int] | None = None) -> Parsed:
    """Check that GitHub shows ``text`` as written: ``tables`` tables with ``rows`` body rows each, and no
    paragraph that starts with ``|`` (table rows the parser read as text). Returns the parse for more checks."""
    parsed = gfm(text)
    stray = [p for p in parsed.paragraphs if p.lstrip().startswith("|")]
    assert not stray, f"table rows GitHub shows as text: {stray[:3]}"
    if tables is not None:
        assert len(parsed.tables) == tables, f"{len(parsed.tables)} tables, expected {tables}"
    if rows is not None:
        assert [len(table.rows) for table in parsed.tables] == rows
    return parsed


def pipe_tables(text: str) -> int:
    """How many pipe tables ``text`` writes outside code fences: a delimiter row (``|---|``) starts each."""
    count, fence = 0, False
    for line in text.splitlines():
        if line.startswith("```"):
            fence = not fence
        elif not fence and line.startswith("|") and set(line) <= set("|-: "):
            count += 1
    return count
