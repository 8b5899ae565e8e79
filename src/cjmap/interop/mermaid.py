"""Mermaid ``journey`` text read the way Mermaid 12 reads it, into a :class:`Diagram` and located problems.

The tokens are Mermaid's own (``journey.jison``, tried in the same order, case-insensitive), after Mermaid's
own preprocessing: front matter and ``%%{init}%%`` directives are cut out (blanked, so every position still
points into the file) and ``#NN;`` entity escapes are hidden from the lexer, as Mermaid's ``encodeEntities``
does, then decoded in names. So the first ``:`` ends a task name, ``#`` starts a comment, ``%`` starts one
where a token begins, and a task's data ``: SCORE: ACTOR, ACTOR`` is split on ``:`` and ``,`` as Mermaid
splits it. Two departures, each reported: ``;`` ends a statement (Mermaid 12's parser rejects it although
its lexer stops names there), and a task without a score is an error (Mermaid silently scores it 0).

Comments written by ``cjmap render --format mermaid`` are read back: the ``%% cjmap scale A..B`` line gives
the map's own scale, and ``%% ID has no emotion`` before a task marks a step that had no score.
"""

from __future__ import annotations

import html
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from cjmap import codes
from cjmap.model.base import SCALE_LIMIT
from cjmap.problem import Location, Problem, Severity
from cjmap.render.mermaid import parse_scale_comment

_FLAGS = re.IGNORECASE
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(pattern, _FLAGS)) for kind, pattern in (
    ("comment", r"%(?!\{)[^\n]*"),
    ("comment", r"[^}]%%[^\n]*"),
    ("newline", r"\n+"),
    ("space", r"\s+"),
    ("comment", r"#[^\n]*"),
    ("journey", r"journey\b"),
    ("title", r"title\s[^#\n;]+"),
    ("acc_title", r"accTitle\s*:\s*"),
    ("acc_descr", r"accDescr\s*:\s*"),
    ("acc_descr_block", r"accDescr\s*\{\s*"),
    ("section", r"section\s[^#:\n;]+"),
    ("name", r"[^#:\n;]+"),
    ("data", r":[^#\n;]+"),
    ("colon", r":"),
    ("semicolon", r";"),
    ("invalid", r"."),
))
_LINE_VALUE = re.compile(r"[^\n]*")
_BLOCK_VALUE = re.compile(r"[^}]*")
_ENTITY = re.compile(r"#([A-Za-z0-9_]+);")
_HIDDEN_ENTITY = re.compile("\ue000([A-Za-z0-9_]+)\ue001")
_NO_EMOTION = re.compile(r"^%%\s*\S+ has no emotion; drawn at neutral\s*$")
_DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$", re.IGNORECASE)
_RADIX = {"0x": 16, "0o": 8, "0b": 2}
TASK_HINT = "write a task as `NAME: SCORE` or `NAME: SCORE: ACTOR, ACTOR`"
MAX_TASKS = 10_000
"""Tasks read from one diagram: far past what Mermaid draws (its default ``maxTextSize`` of 50,000 characters
holds a few thousand), and a map of 10,000 steps is still checked in seconds; more is an error."""


@dataclass(frozen=True, kw_only=True)
class Task:
    """One task: its name, score (``None`` when no number a map can hold was written) and actors."""

    name: str
    score: float | None
    actors: tuple[str, ...]
    location: Location


@dataclass(kw_only=True)
class Section:
    """A section and its tasks; ``name`` is ``None`` for the tasks written before any section."""

    name: str | None
    location: Location
    tasks: list[Task] = field(default_factory=list)


@dataclass(kw_only=True)
class Diagram:
    """What a ``journey`` diagram says, each part with where it was written."""

    location: Location
    title: str | None = None
    title_location: Location | None = None
    front_title: str | None = None
    acc_title: str | None = None
    acc_title_location: Location | None = None
    description: str | None = None
    sections: list[Section] = field(default_factory=list)
    comments: list[tuple[Location, str]] = field(default_factory=list)
    scale: tuple[float, float] | None = None
    """The map's own scale, from a ``%% cjmap scale`` comment: scores were mapped onto 1..5 from it."""


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int


class _Reader:
    """The state of one parse: the text, where its lines start, and the problems found so far."""

    def __init__(self, text: str, file: str, first_line: int) -> None:
        self.text = text
        self.file = file
        self.first_line = first_line
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.problems: list[Problem] = []
        self.tasks = 0

    def location(self, offset: int) -> Location:
        line = bisect_right(self.line_starts, offset) - 1
        return Location(self.first_line + line, offset - self.line_starts[line] + 1)

    def report(self, code: codes.Code, offset: int, message: str, *, hint: str | None = None) -> None:
        severity = Severity.ERROR if code is codes.MERMAID_SYNTAX else Severity.WARNING
        self.problems.append(Problem.of(code, self.file, self.location(offset), message, hint=hint,
                                        severity=severity))

    def blank(self, start: int, end: int) -> None:
        """Cut ``start:end`` out of the text the lexer sees, keeping its line breaks (so positions hold)."""
        self.blank_all([(start, end)])

    def blank_all(self, spans: list[tuple[int, int]]) -> None:
        """Cut every ``(start, end)`` span (in order, not overlapping) out of the text, in one pass."""
        if not spans:
            return
        pieces, position = [], 0
        for start, end in spans:
            pieces += [self.text[position:start], re.sub(r"[^\n]", " ", self.text[start:end])]
            position = end
        self.text = "".join([*pieces, self.text[position:]])


def parse(text: str, file: str, *, first_line: int = 1) -> tuple[Diagram | None, list[Problem]]:
    """Read Mermaid ``journey`` text (its first line is line ``first_line`` of ``file``); errors mean no diagram."""
    reader = _Reader(text.replace("\r\n", "\n").replace("\r", "\n"), file, first_line)
    front_title = _front_matter(reader)
    if any(problem.severity == Severity.ERROR for problem in reader.problems):
        return None, reader.problems  # unreadable front matter: the rest would only repeat it
    directives = _directives(reader.text)
    for start, _ in directives:
        reader.report(codes.MERMAID_DROPPED, start, "the %%{init}%% directive is dropped: a map has no "
                      "Mermaid configuration or theme")
    reader.blank_all(directives)
    # encodeEntities: '#58;' hides from the lexer as '\ue00058\ue001', the same length, so positions hold.
    reader.text = _ENTITY.sub(lambda match: _hidden(reader, match), reader.text)
    diagram = _statements(reader, _tokens(reader))
    if diagram is not None:
        diagram.front_title = front_title
    errors = any(problem.severity == Severity.ERROR for problem in reader.problems)
    return (None if errors else diagram), reader.problems


def _directives(text: str) -> list[tuple[int, int]]:
    """Where each ``%%{ ... }%%`` directive stands, as ``%%{.*?}%%`` finds them, in one pass: once no
    ``}%%`` follows an opening, none follows a later one either (a regular expression would look again from
    every later opening, quadratic in the number of unclosed ones)."""
    found: list[tuple[int, int]] = []
    position = 0
    while (start := text.find("%%{", position)) >= 0:
        end = text.find("}%%", start + 3)
        if end < 0:
            break
        found.append((start, end + 3))
        position = end + 3
    return found


def _hidden(reader: _Reader, match: re.Match[str]) -> str:
    """An entity hidden from the lexer; a numeric one that names no character a map can hold is reported."""
    code = match[1]
    if code.lstrip("+").isdigit() and not _holdable(int(code)):
        reader.report(codes.MERMAID_CHANGED, match.start(), f"the entity {match[0]} names no character a map "
                      "can hold (a control character, a UTF-16 surrogate half or a number past U+10FFFF); it is "
                      "kept as written", hint="write the character itself, or a named entity such as #amp;")
    return f"\ue000{code}\ue001"


def _holdable(number: int) -> bool:
    """Whether character ``number`` may stand in a map: YAML's printable characters (tab and line break too)."""
    return (number in (0x9, 0xA, 0x85) or 0x20 <= number <= 0x7E or 0xA0 <= number <= 0xD7FF
            or 0xE000 <= number <= 0xFFFD or 0x10000 <= number <= 0x10FFFF)


def decode(text: str) -> str:
    """A name as written, its entity escapes decoded (``#58;`` is ``:``, ``#amp;`` is ``&``), trimmed; a
    numeric escape of a character a map cannot hold (``#55296;``, a surrogate half) stays as written."""
    def entity(match: re.Match[str]) -> str:
        code = match[1]
        if code.lstrip("+").isdigit():
            number = int(code)
            return chr(number) if _holdable(number) else f"#{code};"
        decoded = html.unescape(f"&{code};")
        return f"#{code};" if decoded == f"&{code};" else decoded

    return _HIDDEN_ENTITY.sub(entity, text).strip()


def score_of(text: str) -> float | None:
    """A score as JavaScript's ``Number()`` reads it (decimals, exponents, 0x/0o/0b), or None for NaN."""
    text = text.strip()
    if _DECIMAL.match(text):
        value = float(text)
    elif text[:2].lower() in _RADIX and re.fullmatch(r"[0-9a-f]+", text[2:], re.IGNORECASE):
        try:
            value = float(int(text[2:], _RADIX[text[:2].lower()]))
        except ValueError:
            return None
    elif text.lstrip("+-") == "Infinity":
        value = -math.inf if text.startswith("-") else math.inf
    else:
        return None
    return int(value) if value.is_integer() and abs(value) <= SCALE_LIMIT else value


def _front_matter(reader: _Reader) -> str | None:
    """Read and blank the ``---`` front matter; its title, and a warning for everything else in it."""
    lines = reader.text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    number = next((number for number, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if number is None:
        reader.report(codes.MERMAID_SYNTAX, 0, "the front matter opened here is never closed with `---`")
        return None
    end = reader.line_starts[number] + len(lines[number])
    body = "\n".join(lines[1:number])
    reader.blank(0, end)
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data: Any = YAML(typ="safe", pure=True).load(body)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        offset = reader.line_starts[1 + mark.line] + mark.column if mark is not None else 0
        reader.report(codes.MERMAID_SYNTAX, offset, f"the front matter is not YAML: {getattr(exc, 'problem', exc)}")
        return None
    if not isinstance(data, dict):
        return None
    title = data.get("title")
    for key in data:
        if key != "title":
            offset = next((reader.line_starts[index] for index in range(1, number)
                           if lines[index].lstrip().startswith(f"{key}:")), 0)
            reader.report(codes.MERMAID_DROPPED, offset, f"front matter `{key}` is dropped: a map has no "
                          "Mermaid configuration")
    return str(title).strip() or None if title is not None else None


def _tokens(reader: _Reader) -> list[_Token]:
    """Mermaid's tokens, whitespace dropped and comments kept (they are carried into the map's header)."""
    text, position, tokens = reader.text, 0, []
    while position < len(text):
        kind, match = next((kind, found) for kind, pattern in _RULES if (found := pattern.match(text, position)))
        token = _Token(kind, match[0], position)
        position = match.end()
        if kind in ("acc_title", "acc_descr"):
            value = _LINE_VALUE.match(text, position)
            assert value is not None  # matches the empty string at worst
            tokens += [token, _Token("value", value[0], position)]
            position = value.end()
        elif kind == "acc_descr_block":
            value = _BLOCK_VALUE.match(text, position)
            assert value is not None
            if value.end() >= len(text):
                reader.report(codes.MERMAID_SYNTAX, token.start, "this `accDescr {` is never closed with `}`")
            tokens += [token, _Token("value", value[0], position)]
            position = value.end() + 1
        elif kind != "space":
            tokens.append(token)
    return tokens


def _statements(reader: _Reader, tokens: list[_Token]) -> Diagram | None:
    """The statements after the ``journey`` header; problems for everything that is none."""
    significant = [token for token in tokens if token.kind not in ("newline", "comment")]
    if not significant or significant[0].kind != "journey":
        found = f"found {significant[0].text.strip()[:40]!r}" if significant else "the text is empty"
        reader.report(codes.MERMAID_SYNTAX, significant[0].start if significant else 0,
                      f"not a Mermaid journey: it must start with `journey`; {found}")
        return None
    diagram = Diagram(location=reader.location(significant[0].start))
    unscored_next = False
    header, index = significant[0], 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        kind = "newline" if token is header else token.kind
        if kind == "comment":
            body = token.text[token.text.index("%"):] if "%" in token.text[:2] else token.text
            unscored_next = bool(_NO_EMOTION.match(body))
            scale = parse_scale_comment(body)
            if scale is not None:
                diagram.scale = scale
            elif not unscored_next:
                stripped = body.lstrip("%#").strip()
                if stripped:
                    diagram.comments.append((reader.location(token.start + (token.text != body)), stripped))
            continue
        if kind == "newline":
            continue
        if kind == "title":
            diagram.title = decode(token.text[6:]) or None
            diagram.title_location = reader.location(token.start)
        elif kind in ("acc_title", "acc_descr", "acc_descr_block"):
            value = decode(tokens[index].text)
            index += 1
            if kind == "acc_title":
                diagram.acc_title, diagram.acc_title_location = value or None, reader.location(token.start)
            else:
                diagram.description = "\n".join(line.strip() for line in value.split("\n")) or None
        elif kind == "section":
            diagram.sections.append(Section(name=decode(token.text[8:]) or None,
                                            location=reader.location(token.start)))
        elif kind == "name":
            follower = tokens[index] if index < len(tokens) else None
            if follower is not None and follower.kind == "data":
                index += 1
                _task(reader, diagram, token, follower, unscored=unscored_next)
            elif follower is not None and follower.kind == "colon":
                index += 1
                reader.report(codes.MERMAID_SYNTAX, follower.start, f"the task {decode(token.text)!r} has no "
                              "score", hint=TASK_HINT)
            else:
                reader.report(codes.MERMAID_SYNTAX, token.start, f"{decode(token.text)!r} is not a statement: no "
                              "`:` follows it", hint=TASK_HINT)
        elif kind == "semicolon":
            reader.report(codes.MERMAID_CHANGED, token.start, "`;` is read as the end of a statement, but Mermaid "
                          "12 rejects it here; the rendered diagram puts one statement per line",
                          hint="write #59; for a semicolon inside a name")
        elif kind in ("data", "colon"):
            reader.report(codes.MERMAID_SYNTAX, token.start, "a score without a task name", hint=TASK_HINT)
        elif kind == "journey":
            reader.report(codes.MERMAID_SYNTAX, token.start, "a second `journey` header")
        else:
            reader.report(codes.MERMAID_SYNTAX, token.start, f"unexpected {token.text!r}")
        unscored_next = False
    return diagram


def _task(reader: _Reader, diagram: Diagram, name: _Token, data: _Token, *, unscored: bool) -> None:
    """Add one task (``name`` then ``data``: ``: SCORE: ACTOR, ACTOR``), as Mermaid's ``addTask`` splits it."""
    pieces = data.text[1:].split(":")
    score_offset = data.start + 1 + len(pieces[0]) - len(pieces[0].lstrip())
    task_name = decode(name.text)
    if not pieces[0].strip():
        reader.report(codes.MERMAID_SYNTAX, data.start, f"the task {task_name!r} has no score", hint=TASK_HINT)
        return
    score = score_of(pieces[0])
    if score is None or not math.isfinite(score) or abs(score) > SCALE_LIMIT:
        what = "is not a number" if score is None else f"lies beyond ±{SCALE_LIMIT:,}"
        reader.report(codes.MERMAID_DROPPED, score_offset, f"the score {pieces[0].strip()!r} of {task_name!r} "
                      f"{what} (Mermaid draws the task off the chart); the step is imported without an emotion")
        score = None
    if unscored:
        score = None
    actors: list[str] = []
    if len(pieces) > 1:
        offset = data.start + 2 + len(pieces[0])
        for actor in pieces[1].split(","):
            if decode(actor):
                actors.append(decode(actor))
            else:
                reader.report(codes.MERMAID_DROPPED, offset, f"an empty actor name on {task_name!r} is dropped")
            offset += len(actor) + 1
    if len(pieces) > 2:
        extra_offset = data.start + 3 + len(pieces[0]) + len(pieces[1])
        reader.report(codes.MERMAID_DROPPED, extra_offset - 1, f"text after the actors of {task_name!r} is dropped "
                      f"(Mermaid ignores it too): {':'.join(pieces[2:]).strip()!r}")
    reader.tasks += 1
    if reader.tasks > MAX_TASKS:
        if reader.tasks == MAX_TASKS + 1:
            reader.report(codes.MERMAID_SYNTAX, name.start, f"the diagram has more than {MAX_TASKS:,} tasks, the "
                          "most one import reads; this is the first one past the limit",
                          hint="split the journey into several diagrams")
        return
    if not diagram.sections:
        diagram.sections.append(Section(name=None, location=reader.location(name.start)))
    diagram.sections[-1].tasks.append(Task(name=task_name, score=score, actors=tuple(dict.fromkeys(actors)),
                                           location=reader.location(name.start)))
