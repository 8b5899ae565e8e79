"""YAML syntax errors at the line a person must fix, with a hint where the cause is clear.

A parser reports where it gave up, which is often a line or more after the mistake: a key without its
colon is only noticed on the next line, an unclosed quote where the quoted text finally ends. This module
looks at the lines around the parser's marks and, for the common causes (a missing colon, a key indented
unlike its siblings, ': ' inside [ ] or { }, an unclosed bracket or quote, a tab), moves the location to
the line to fix and says what to do. When the cause is not clear it keeps the parser's place and gives no
hint: a wrong hint costs more than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from cjmap.problem import Location


@dataclass(frozen=True, slots=True, kw_only=True)
class Fault:
    """A parser's syntax error: its message parts and 0-based marks (``context`` where it started looking)."""

    context: str | None
    problem: str | None
    line: int
    column: int
    context_line: int | None = None
    context_column: int | None = None
    yaml11_breaks: bool = False
    """libyaml also breaks lines at NEL, LS and PS (YAML 1.1); YAML 1.2 parsers only at CR and LF."""

    def after(self, other: Fault) -> bool:
        """Whether this parser read lines further into the text than ``other`` before refusing it.

        Lines, not columns: on one line the two parsers' marks differ by a character for the same error.
        """
        return self.line > other.line


@dataclass(frozen=True, slots=True, kw_only=True)
class Explained:
    """A syntax error as reported: where, what, and what to do."""

    location: Location
    message: str
    hint: str | None = None


# ruamel's pure-Python parser words some errors differently from libyaml: say them one way, whichever
# parser's error is reported.
_PURE_WORDING = (
    (re.compile(r"^expected <block end>, but found .*$"), None),
    (re.compile(r"^expected ',' or ']', but got .*$"), "did not find expected ',' or ']'"),
    (re.compile(r"^expected ',' or '}', but got .*$"), "did not find expected ',' or '}'"),
    (re.compile(r"^mapping values are not allowed here$"), "mapping values are not allowed in this context"),
    (re.compile(r"^found character '\\t' that cannot start any token$"),
     "found character that cannot start any token"),
)
_BREAK = re.compile("\r\n|[\r\n]")
_BREAK_1_1 = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_KEY = re.compile(r"(?P<key>[A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]|$)")
_PLAIN_START = re.compile(r"[^\s#'\"\[\]{},&*!|>%@`?:-]")
QUOTE_HINT = "add the closing quote where the text ends"
TAB_HINT = "indent with spaces; YAML does not allow tabs for indentation"


def explain(text: str, fault: Fault) -> Explained:
    """Where ``fault`` must be fixed in ``text``, in words, with a hint when the cause is clear."""
    problem = _libyaml_wording(fault)
    fault = replace(fault, problem=problem)
    message = " ".join(part for part in (fault.context, problem) if part) or "invalid YAML"
    lines = (_BREAK_1_1 if fault.yaml11_breaks else _BREAK).split(text)
    lines += [""] * (max(fault.line, fault.context_line or 0) + 2 - len(lines))  # marks may point past the end
    where = Location(fault.line + 1, fault.column + 1)
    found = _quote(lines, fault) or _runaway_quote(text, lines, fault) or _missing_colon(lines, fault)
    found = found or _indentation(lines, fault, problem or "") or _flow(lines, fault)
    if found is not None:
        return Explained(location=found[0], message=f"invalid YAML: {found[1] or message}", hint=found[2])
    line = lines[fault.line]
    hint = None
    if "tab" in message or "\t" in line[fault.column:fault.column + 1] + line[:len(line) - len(line.lstrip(" \t-"))]:
        hint = TAB_HINT
    elif "mapping values are not allowed" in message and ": " in line[:fault.column]:
        hint = "a value containing ': ' must be quoted"
    return Explained(location=where, message=f"invalid YAML: {message}", hint=hint)


Found = tuple[Location, str | None, str | None]
"""A refined error: location, message (``None``: the parser's), hint."""


def _libyaml_wording(fault: Fault) -> str | None:
    problem = fault.problem
    for pattern, wording in _PURE_WORDING:
        if problem and pattern.match(problem):
            if wording is None:  # libyaml's words depend on what was being parsed
                return "did not find expected '-' indicator" if "collection" in (fault.context or "") \
                    else "did not find expected key"
            return wording
    return problem


def _missing_colon(lines: list[str], fault: Fault) -> Found | None:
    """A plain line without ':' among keys: the parser notices only at the next line."""
    if "could not find expected ':'" in (fault.problem or "") and fault.context_line is not None:
        number, column = fault.context_line, fault.context_column or 0
    elif "mapping values are not allowed" in (fault.problem or "") and _key_at(lines, fault.line, fault.column):
        # 'id reads-pricing' then 'name: …' one line below at the same column: libyaml reads the two lines as
        # one text 'id reads-pricing name' and stumbles on the colon.
        above = _previous(lines, fault.line)
        if above is None or _content_column(lines[above]) != _content_column(lines[fault.line]):
            return None
        number = above
        column = _content_column(lines[number])
        first = lines[number][column:].split(" ", 1)[0]
        if not _used_as_key(lines, first):  # else it may be text going on over lines, not a key
            return None
    else:
        return None
    words = _plain_words(lines[number][column:])
    if words is None:
        return None
    key, _, rest = words.partition(" ")
    fixed = f"{key}: {rest.strip()}" if rest.strip() else f"{key}:"
    hint = f"a key needs a colon: `{fixed}`"
    if not _used_as_key(lines, key):  # it may be text that goes on from the line above instead
        hint += "; or, if this line goes on with the text above, indent it further"
    return Location(number + 1, column + 1), "while scanning a simple key could not find expected ':'", hint


def _indentation(lines: list[str], fault: Fault, problem: str) -> Found | None:
    """A key indented unlike the keys above it."""
    if fault.line >= len(lines):
        return None
    line = lines[fault.line]
    indent = _content_column(line)
    key = _KEY.match(line, indent)
    previous = _previous(lines, fault.line)
    if key is None or previous is None or line.lstrip(" ").startswith("-") or "\t" in line[:indent]:
        return None
    above = _content_column(lines[previous])
    if "mapping values are not allowed" in problem and key.end("key") <= fault.column <= key.end():
        # Deeper than a 'key: value' line above: libyaml reads the line as more of that value.
        value = _KEY.match(lines[previous], above)
        if value is None or indent <= above or not _plain_words(lines[previous][value.end():]):
            return None
        hint = f"indent this key like the keys above it ({above} spaces)"
        if indent - above > 1 and not _used_as_key(lines, key["key"], above):
            hint += ", or quote the text above if it goes on here"
        return Location(fault.line + 1, indent + 1), None, hint
    if problem in ("did not find expected key", "did not find expected '-' indicator") and fault.column == indent:
        if _KEY.match(lines[previous], above) is None:  # no key above to line up with
            return None
        levels = _levels(lines, previous)
        if indent in levels or not levels:
            return None
        nearest = min(levels, key=lambda level: (abs(level - indent), -level))
        return Location(fault.line + 1, indent + 1), None, f"indent this key like the keys above it ({nearest} spaces)"
    return None


def _flow(lines: list[str], fault: Fault) -> Found | None:
    """Inside [ ] or { }: text with ': ' that needs quotes, or a bracket never closed."""
    problem = fault.problem or ""
    if fault.context_line is None or "did not find expected ','" not in problem:
        return None
    closing = "]" if "]" in problem else "}"
    brackets = "[ ]" if closing == "]" else "{ }"
    opened = lines[fault.context_line]
    line = lines[fault.line] if fault.line < len(lines) else ""
    # Stopped at the end of the text, or at a key or list item no deeper than the line the bracket is on.
    starts_block = fault.line > fault.context_line and (
        not line.strip() or _looks_like_structure(line, _content_column(opened)))
    if starts_block:
        return (Location(fault.line + 1, fault.column + 1), None,
                (f"the '{opened[fault.context_column or 0:][:1] or closing}' at line {fault.context_line + 1}, column "
                f"{(fault.context_column or 0) + 1} is never closed: add '{closing}' where it ends"))
    if line[fault.column:fault.column + 1] != ":" or not line[fault.column - 1:fault.column].strip():
        return None  # not a colon that ends a word: the cause is not clear
    where = Location(fault.line + 1, fault.column + 1)
    if fault.line > fault.context_line and _KEY.fullmatch(line[:fault.column + 1].strip()):
        # A key that starts the line: the item on the line above has no ',' after it.
        return where, None, f"end the line above with ','; items inside {brackets} are separated by commas"
    return where, None, f"quote text that contains ': ' inside {brackets}"


def _quote(lines: list[str], fault: Fault) -> Found | None:
    """A quote never closed: reported where it opens."""
    if "quoted scalar" not in (fault.context or "") or "end of stream" not in (fault.problem or "") \
            or fault.context_line is None:
        return None
    column = fault.context_column or 0
    return Location(fault.context_line + 1, column + 1), "this quote is never closed", QUOTE_HINT


def _runaway_quote(text: str, lines: list[str], fault: Fault) -> Found | None:
    """A quote closed only lines later, by the next quote: the text between runs over keys and list items."""
    if len(text) > MAX_SCAN_CHARS:
        return None
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        for token in YAML(typ="safe", pure=True).scan(text):
            start, end = token.start_mark, token.end_mark
            if (end.line, end.column) > (fault.line, fault.column):
                return None
            if getattr(token, "style", None) not in ("'", '"') or end.line == start.line:
                continue
            # A quoted text may go on over lines, but not over lines shaped like keys or list items that
            # are no deeper than the line it started on.
            floor = _content_column(lines[start.line])
            if any(_looks_like_structure(lines[number], floor) for number in range(start.line + 1, end.line + 1)):
                return (Location(start.line + 1, start.column + 1),
                        f"this quote is closed only at line {end.line + 1}, column {end.column}", QUOTE_HINT)
    except YAMLError:  # the scanner stops at the error; whatever it read is checked
        pass
    return None


MAX_SCAN_CHARS = 1024 * 1024
"""Largest text scanned again for a runaway quote (the loader's second-parser limit too)."""


def _looks_like_structure(line: str, floor: int) -> bool:
    """Whether ``line`` is a key or list item starting at or left of column ``floor``."""
    stripped = line.lstrip(" ")
    if not stripped or len(line) - len(stripped) > floor:
        return False
    return stripped.startswith("- ") or _KEY.match(stripped) is not None


def _key_at(lines: list[str], number: int, column: int) -> bool:
    """Whether the colon at ``column`` ends a plain key that starts line ``number``."""
    if number >= len(lines):
        return False
    key = _KEY.match(lines[number], _content_column(lines[number]))
    return key is not None and key.end("key") <= column < key.end()


def _plain_words(text: str) -> str | None:
    """``text`` when it is plain words without ':' (a comment aside), else ``None``."""
    text = re.split(r"\s#", text, maxsplit=1)[0].strip()
    if not text or not _PLAIN_START.match(text) or ":" in text:
        return None
    return text


def _used_as_key(lines: list[str], key: str, column: int | None = None) -> bool:
    for line in lines:
        start = _content_column(line)
        found = _KEY.match(line, start)
        if found and found["key"] == key and (column is None or start == column):
            return True
    return False


def _levels(lines: list[str], number: int) -> list[int]:
    """The columns a key may start at after line ``number``: its own and its parents'."""
    levels: list[int] = []
    for line in reversed(lines[:number + 1]):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        column = _content_column(line)
        if _KEY.match(line, column) and (not levels or column < levels[-1]):
            levels.append(column)
    return levels


def _previous(lines: list[str], number: int) -> int | None:
    """The nearest line above ``number`` with content (not blank, not only a comment)."""
    for index in range(min(number, len(lines)) - 1, -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index
    return None


def _content_column(line: str) -> int:
    """Where a line's content starts, past its indentation and any '- ' list markers."""
    column = len(line) - len(line.lstrip(" "))
    while line[column:column + 2] == "- " or line[column:] == "-":
        column += 1
        while line[column:column + 1] == " ":
            column += 1
    return column
