"""One check of an editor's text: the validate and lint findings, and where each key and value stands.

The text is checked as ``cjmap lint`` checks a file (validation first, then the rules in force for the file's
folder, suppression comments honoured), under the file's own name, so persona and baseline files are followed
from its folder as ``cjmap validate`` follows them. Findings carry only where they start; :func:`token_span`
finds where the key or value written there ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cjmap.problem import Location, Problem

if TYPE_CHECKING:
    from cjmap.document import Document, Path
    from cjmap.lint.rules.base import Fix
    from cjmap.model import JourneyMap
    from cjmap.source import Source

@dataclass(frozen=True, kw_only=True)
class Span:
    """A stretch of one line: 0-based line, start and end columns in code points (end exclusive)."""

    line: int
    start: int
    end: int

    def holds(self, line: int, column: int) -> bool:
        """Whether the cursor at ``line``:``column`` stands on the span (its end included, as editors do)."""
        return line == self.line and self.start <= column <= self.end


@dataclass(frozen=True, kw_only=True)
class Entry:
    """A key or value of the document, where it stands."""

    path: Path
    key: bool
    span: Span


@dataclass(kw_only=True)
class Analysis:
    """What one check of a text found, and what the position features read."""

    name: str
    """The name findings are reported under (the file's path, or ``<stdin>`` for an unsaved buffer)."""
    text: str
    problems: list[Problem] = field(default_factory=list)
    """This file's findings (problems inside persona files it names are reported in those files)."""
    fixes: list[tuple[Problem, Fix]] = field(default_factory=list)
    """The safe fixes on offer, each with the finding it fixes."""
    document: Document | None = None
    journey: JourneyMap | None = None
    config_error: str | None = None
    """Why the lint configuration that applies cannot be read (then only validation's findings are given)."""

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines() or [""]

    def span(self, location: Location) -> Span:
        """The token written at ``location``."""
        return token_span(self.lines, location)

    @cached_property
    def _located(self) -> dict[int, list[tuple[Location, Path, bool]]]:
        """The document's keys and values by line (spans are found only for the line a question is about)."""
        by_line: dict[int, list[tuple[Location, Path, bool]]] = {}
        if self.document is None:
            return by_line
        for located, is_key in ((self.document.values, False), (self.document.keys, True)):
            for path, location in located.items():
                if path:
                    by_line.setdefault(location.line - 1, []).append((location, path, is_key))
        return by_line

    def entry_at(self, line: int, column: int) -> Entry | None:
        """The key or scalar value the cursor stands on (the innermost, when several start there)."""
        entries = [Entry(path=path, key=is_key, span=self.span(location))
                   for location, path, is_key in self._located.get(line, [])]
        holding = [entry for entry in entries if entry.span.holds(line, column)]
        return max(holding, key=lambda entry: (entry.span.start, entry.key, len(entry.path)), default=None)

    def key_span(self, path: Path) -> Span | None:
        """Where the key of ``path`` is written."""
        location = self.document.keys.get(path) if self.document is not None else None
        return self.span(location) if location is not None else None

    def value_span(self, path: Path) -> Span | None:
        """Where the value at ``path`` is written."""
        location = self.document.values.get(path) if self.document is not None else None
        return self.span(location) if location is not None else None


def analyse(text: str, name: str) -> Analysis:
    """Validate and lint ``text`` as file ``name`` (``-`` for a buffer without a file); never raises for the
    text's sake (a configuration that cannot be read is said in :attr:`Analysis.config_error`)."""
    from cjmap.roundtrip import encode
    from cjmap.source import Source

    source = Source.of(name, encode(text, False))
    try:
        return _analyse(source, text)
    except Exception as exc:  # noqa: BLE001 - a bug is one finding, as the commands report it, not a dead server
        from cjmap.run import internal_error

        return Analysis(name=source.display, text=text, problems=[internal_error(source.display, exc)])


def _analyse(source: Source, text: str) -> Analysis:
    from cjmap.config import ConfigError
    from cjmap.lint.engine import Linter, LintSettings
    from cjmap.validation.validator import validate_file

    result = validate_file(source)
    analysis = Analysis(name=source.display, text=text, document=result.document, journey=result.journey)
    try:
        linted = Linter(LintSettings()).lint(result, text)
    except ConfigError as exc:
        analysis.problems = [problem for problem in result.problems if problem.file == source.display]
        analysis.config_error = str(exc)
        return analysis
    analysis.problems = [problem for problem in linted.problems if problem.file == source.display]
    analysis.fixes = linted.fixes
    return analysis




_CLOSERS = {"[": "]", "{": "}"}


def token_span(lines: list[str], location: Location) -> Span:
    """The key or value written at 1-based ``location``: a quoted scalar to its closing quote, a flow
    collection to its closing bracket (on that line), a plain scalar to the ``:`` or `` #`` or (in flow
    style) ``,``/``]``/``}`` that ends it; the rest of the line when nothing is written there."""
    line = min(max(location.line - 1, 0), len(lines) - 1)
    text = lines[line]
    start = min(max(location.column - 1, 0), len(text))
    end = _token_end(text, start)
    if end == start:
        stripped = text.rstrip()
        first = len(text) - len(text.lstrip())
        return Span(line=line, start=first, end=max(first, len(stripped))) if start >= len(stripped) else \
            Span(line=line, start=start, end=start)
    return Span(line=line, start=start, end=end)


def _token_end(text: str, start: int) -> int:
    if start >= len(text):
        return start
    first = text[start]
    if first in "\"'":
        index = start + 1
        while index < len(text):
            if first == "\"" and text[index] == "\\":
                index += 2
                continue
            if text[index] == first:
                if first == "'" and text[index + 1:index + 2] == "'":
                    index += 2
                    continue
                return index + 1
            index += 1
        return len(text.rstrip())
    if first in _CLOSERS:
        depth = 0
        for index in range(start, len(text)):
            if text[index] in _CLOSERS:
                depth += 1
            elif text[index] in _CLOSERS.values():
                depth -= 1
                if depth == 0:
                    return index + 1
        return len(text.rstrip())
    in_flow = _depth(text[:start]) > 0
    index = start
    while index < len(text):
        char = text[index]
        following = text[index + 1:index + 2]
        if (char == ":" and following in ("", " ", "\t")) or (char == "#" and text[index - 1:index] in (" ", "\t")):
            break
        if in_flow and char in ",]}" or char == ":" and in_flow and following in (",", "]", "}"):
            break
        index += 1
    return max(len(text[:index].rstrip()), start)


def _depth(text: str) -> int:
    """How many flow collections are open at the end of ``text`` (quotes ignored: a rough but safe guess)."""
    depth = 0
    for char in text:
        depth += char in _CLOSERS
        depth -= char in _CLOSERS.values()
    return depth


def any_value(data: Any, path: Path) -> Any:
    """The value at ``path`` in loaded data, or None when the path leads nowhere."""
    node = data
    for step in path:
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            return None
    return node
