"""Bytes to a located document, once, on the fast path, and safely.

The C-backed libyaml parser (ruamel.yaml.clib) produces events; this module composes them into plain
Python data itself, iteratively, so that it can enforce YAML 1.2 scalar rules, find duplicate keys,
and stop alias bombs, recursive aliases and deep nesting before anything expensive happens.
Rewriting commands use ruamel.yaml's round-trip mode instead (see ``cjmap.lint.fix``).
"""

from __future__ import annotations

import codecs
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cjmap import codes
from cjmap.codes import Code
from cjmap.document import Document, Path
from cjmap.problem import Location, Problem
from cjmap.scalars import LoneSurrogate, NamedFloat, join_surrogates, resolve_plain, resolve_tagged
from cjmap.syntax import Fault, explain

MAX_DEPTH = 64
"""Deepest nesting of mappings and lists: a map needs about ten levels."""
ALIAS_FLOOR = 1_000
"""The values a file counts as written, at least, when its aliases are judged: a small file may use aliases."""


@dataclass(frozen=True, kw_only=True)
class Limits:
    """How much input the loader accepts; ``limits:`` in the project configuration changes them (see
    :mod:`cjmap.limits`), and both scale with the input rather than with the format."""

    file_size: int = 16 * 1024 * 1024
    """Largest file, in bytes: a 100-step map is about 60 KB, a full 10,000-step one about 6.4 MB."""
    alias_ratio: float = 10.0
    """Most values aliases (``*name``) may add, per value written in the file (at least :data:`ALIAS_FLOOR`
    counted): a map that reuses a few blocks stays far under it, an alias bomb (a few lines that expand to
    billions of values) crosses it within a line or two."""


DEFAULT_LIMITS = Limits()
MAX_BYTES = DEFAULT_LIMITS.file_size
"""Largest file cjmap reads where no project configuration applies (a git revision, an import)."""


class LoadError(Exception):
    """The file cannot become a document; ``problems`` say why and where."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message if problems else "cannot load")
        self.problems = problems


def load(content: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Decode, parse and compose ``content`` into a :class:`Document`, or raise :class:`LoadError`."""
    text = decode(content, name, limits)
    return compose(text, name, limits)


def decode(content: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """Bytes to text: UTF-8 (with or without BOM), or UTF-16/32 when a BOM says so."""
    check_size(len(content), name, limits.file_size)
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if content.startswith(bom):
            try:
                return _check_text(content.decode(encoding), name)
            except UnicodeDecodeError as exc:
                raise _error(name, Location(), codes.ENCODING,
                             f"file starts with a {encoding.upper()} byte-order mark but is not valid "
                             f"{encoding.upper()} ({exc.reason})") from None
    if b"\x00" in content[:8192]:
        raise _error(name, Location(), codes.ENCODING,
                     "this looks like a binary file, not YAML text",
                     "cjmap reads YAML maps saved as UTF-8 text")
    # Strip the UTF-8 BOM by hand: decoding with "utf-8-sig" would report error offsets that skip it.
    body = content.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        line_start = body.rfind(b"\n", 0, exc.start) + 1
        # Columns count characters everywhere else, so count the valid text before the bad byte the same way.
        column = len(body[line_start:exc.start].decode("utf-8")) + 1
        raise _error(name, Location(line, column), codes.ENCODING,
                     f"byte 0x{body[exc.start]:02x} is not valid UTF-8",
                     "save the file as UTF-8 (most editors have an 'encoding' menu)") from None
    return _check_text(text, name)


def check_size(size: int, name: str, limit: int = MAX_BYTES) -> None:
    """Raise :class:`LoadError` when a file of ``size`` bytes is over the ``limit`` (asked before reading it
    whole)."""
    if size > limit:
        raise _error(name, Location(), codes.FILE_TOO_LARGE, f"file is over the {limit:,}-byte limit",
                     "split the map, raise limits: file-size in the cjmap configuration, or check that this is "
                     "the file you meant")


def _check_text(text: str, name: str) -> str:
    if "\x00" in text:
        raise _error(name, Location(), codes.ENCODING, "this looks like a binary file, not YAML text")
    return text


def compose(text: str, name: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse ``text`` and build the located document.

    libyaml (C) does the parsing. It follows YAML 1.1 in places and refuses some valid YAML 1.2, such
    as ``[Who?]`` or ``[at 9:00]``; when it reports a syntax error, ruamel.yaml's pure-Python parser gets a
    second look, and only when both refuse is the file an error. The error of the parser that read further
    is reported (libyaml's on a tie): an earlier error from the other one is at text YAML 1.2 allows.
    """
    from ruamel.yaml import YAML

    try:
        libyaml = YAML(typ="safe", pure=False).Parser(text)
        return _compose(iter(libyaml.get_event, None), text, name, limits, utf8_offsets=True)
    except _ParserRefused as refused:
        if len(text) > MAX_FALLBACK_CHARS:
            raise refused.error from None
        try:
            return _compose(YAML(typ="safe", pure=True).parse(text), text, name, limits)
        except _ParserRefused as second:
            chosen = second if refused.fault and second.fault and second.fault.after(refused.fault) else refused
            raise chosen.error from None
        except LoadError:
            raise
        except Exception:  # noqa: BLE001 - the second opinion stumbled: libyaml's error stands
            raise refused.error from None


MAX_FALLBACK_CHARS = 1024 * 1024
"""Largest text the slower pure-Python parser re-reads after libyaml refuses it."""


class _ParserRefused(Exception):
    """The parser itself (not the composer) found a syntax error."""

    def __init__(self, error: LoadError, fault: Fault | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.fault = fault


def _compose(events: Iterable[Any], text: str, name: str, limits: Limits, utf8_offsets: bool = False) -> Document:
    """Compose parser events; ``utf8_offsets``: the parser counts reader positions in UTF-8 bytes (libyaml)."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    composer = _Composer(name, limits)
    try:
        for event in events:
            composer.feed(event)
    except MarkedYAMLError as exc:
        mark, context = exc.problem_mark or exc.context_mark, exc.context_mark
        if mark is None:
            raise _ParserRefused(_error(name, Location(), codes.YAML_SYNTAX, f"invalid YAML: {exc}")) from None
        fault = Fault(context=exc.context, problem=exc.problem, line=mark.line, column=mark.column,
                      context_line=context.line if context else None,
                      context_column=context.column if context else None, yaml11_breaks=utf8_offsets)
        found = explain(text, fault)
        raise _ParserRefused(_error(name, found.location, codes.YAML_SYNTAX, found.message, found.hint),
                             fault) from None
    except ReaderError as exc:
        offset = exc.position
        if utf8_offsets:  # libyaml reads the text encoded as UTF-8: turn its byte offset into a character one
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
        where = _offset_location(text, offset)
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise _error(name, where, codes.ENCODING,
                     f"control character U+{code:04X} is not allowed in YAML", "remove the character") from None
    except YAMLError as exc:
        raise _ParserRefused(_error(name, Location(), codes.YAML_SYNTAX, f"invalid YAML: {exc}")) from None
    except RecursionError:
        raise _error(name, Location(), codes.YAML_LIMIT, "document is nested too deeply") from None
    return composer.document()


def _offset_location(text: str, offset: int) -> Location:
    line = text.count("\n", 0, offset) + 1
    return Location(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _error(name: str, where: Location, code: Code, message: str, hint: str | None = None) -> LoadError:
    return LoadError([Problem.of(code, name, where, message, hint=hint)])


_CORE = "tag:yaml.org,2002:"


@dataclass
class _Frame:
    """An open mapping or list while composing."""

    value: Any
    path: Path
    anchor: str | None
    size: int = 1
    pending_key: Any = None
    pending_key_location: Location | None = None
    has_key: bool = False
    seen: dict[Any, Location] | None = None


_NO_KEY = object()


class _Composer:
    """Builds data and locations from parser events with explicit stacks: no recursion, bounded work."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name = name
        self.limits = limits
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.values: dict[Path, Location] = {}
        self.keys: dict[Path, Location] = {}
        self.flow: set[Path] = set()
        self.problems: list[Problem] = []
        self.written = 0
        """Values written in the file so far (scalars, mappings and lists)."""
        self.repeated = 0
        """Values aliases added so far: each alias counts the size of what it repeats, never expanded here."""
        self.documents = 0
        self.root: Any = _NO_KEY
        self.root_location = Location()

    def fail(self, where: Location, code: Code, message: str, hint: str | None = None) -> LoadError:
        return _error(self.name, where, code, message, hint)

    def feed(self, event: Any) -> None:
        kind = event.__class__.__name__
        mark = event.start_mark
        where = Location(mark.line + 1, mark.column + 1)
        if kind == "ScalarEvent":
            self.add_scalar(event, where)
        elif kind == "MappingStartEvent":
            self.open(event, where, True)
        elif kind == "SequenceStartEvent":
            self.open(event, where, False)
        elif kind == "MappingEndEvent" or kind == "SequenceEndEvent":
            self.close()
        elif kind == "AliasEvent":
            self.add_alias(event.anchor, where)
        elif kind == "DocumentStartEvent":
            self.documents += 1
            if self.documents > 1:
                raise self.fail(where, codes.MULTI_DOCUMENT,
                                "file holds more than one YAML document; a map file holds exactly one",
                                "remove the '---' line, or split the documents into separate files")

    def close(self) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.value, frame.size)
        self.attach(frame.value, frame.size, None)

    def count_repeated(self, amount: int, where: Location) -> None:
        """Count the values an alias adds; too many for the values written so far is an alias bomb."""
        self.repeated += amount
        budget = int(self.limits.alias_ratio * max(self.written, ALIAS_FLOOR))
        if self.repeated > budget:
            raise self.fail(where, codes.YAML_LIMIT,
                            f"aliases repeat more than {budget:,} values, {self.limits.alias_ratio:g} times the "
                            f"{max(self.written, ALIAS_FLOOR):,} written (an alias bomb?)",
                            "aliases (*name) repeat whole subtrees; use fewer of them (or raise limits: "
                            "alias-ratio in the cjmap configuration)")

    def add_scalar(self, event: Any, where: Location) -> None:
        value = self.scalar_value(event, where)
        self.written += 1
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        self.attach(value, 1, where, is_scalar=True)

    def scalar_value(self, event: Any, where: Location) -> Any:
        tag, text = event.tag, event.value
        if event.style == '"':  # only double-quoted scalars have escapes, and so surrogates
            text = self.joined(text, where)
        if tag is None:
            return resolve_plain(text) if event.style in ("", None) else text
        if tag in ("!", _CORE + "str"):
            return text
        if tag in (_CORE + "int", _CORE + "float", _CORE + "bool", _CORE + "null"):
            try:
                return resolve_tagged(tag[len(_CORE):], text)
            except ValueError as exc:
                raise self.fail(where, codes.YAML_SYNTAX, str(exc)) from None
        raise self.fail(where, codes.YAML_SYNTAX, f"tag {tag!r} is not supported",
                        "cjmap maps use plain YAML: remove the tag")

    def joined(self, text: str, where: Location) -> str:
        """``text`` with escaped surrogate pairs joined; a lone surrogate is recorded (and replaced by U+FFFD,
        so that the rest of the file is still checked and nothing downstream meets it)."""
        try:
            return join_surrogates(text)
        except LoneSurrogate as lone:
            high = lone.code_point < 0xDC00
            self.problems.append(Problem.of(
                codes.LONE_SURROGATE, self.name, where,
                f"escape \\u{lone.code_point:04X} is the {'first' if high else 'second'} half of a UTF-16 "
                f"surrogate pair, and alone it is no character",
                hint="write the character itself, or its code point as \\U and eight hex digits "
                     "(\"\\U0001F600\" for 😀); as a pair, follow \\uD800-\\uDBFF with \\uDC00-\\uDFFF"))
            return lone.replaced

    def open(self, event: Any, where: Location, is_mapping: bool) -> None:
        tag = event.tag
        if tag not in (None, "!", _CORE + ("map" if is_mapping else "seq")):
            raise self.fail(where, codes.YAML_SYNTAX, f"tag {tag!r} is not supported",
                            "cjmap maps use plain YAML: remove the tag")
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(where, codes.YAML_LIMIT, f"nesting is deeper than {MAX_DEPTH} levels",
                            "a journey map needs about ten levels; check the indentation")
        self.written += 1
        path = self.child_path(where, is_container=True)
        self.values[path] = where
        if is_mapping and getattr(event, "flow_style", False):
            self.flow.add(path)
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        frame = _Frame({} if is_mapping else [], path, event.anchor, seen={} if is_mapping else None)
        self.stack.append(frame)

    def add_alias(self, anchor: str, where: Location) -> None:
        if anchor in self.open_anchors:
            raise self.fail(where, codes.YAML_LIMIT, f"alias *{anchor} refers to a node that contains it",
                            "a recursive alias has no end; copy the content instead")
        if anchor not in self.anchors:
            raise self.fail(where, codes.YAML_SYNTAX, f"alias *{anchor} has no matching anchor &{anchor}")
        value, size = self.anchors[anchor]
        self.count_repeated(size, where)
        self.attach(value, size, where, is_scalar=not isinstance(value, (dict, list)))

    def child_path(self, where: Location, is_container: bool) -> Path:
        """The path of the value about to be attached (keys of mappings have no path of their own)."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            return (*frame.path, len(frame.value))
        if frame.has_key:
            return (*frame.path, frame.pending_key)
        if is_container:
            raise self.fail(where, codes.YAML_SYNTAX, "a key must be plain text, not a mapping or list")
        return frame.path

    def attach(self, value: Any, size: int, where: Location | None, is_scalar: bool = False) -> None:
        if not self.stack:
            if self.root is not _NO_KEY:
                return
            self.root = value
            if where is not None:
                self.root_location = where
            return
        frame = self.stack[-1]
        frame.size += size
        if isinstance(frame.value, list):
            if where is not None:
                self.values[(*frame.path, len(frame.value))] = where
            frame.value.append(value)
            return
        if not frame.has_key:
            if not is_scalar:
                raise self.fail(where or Location(), codes.YAML_SYNTAX,
                                "a key must be plain text, not a mapping or list")
            self.set_key(frame, value, where or Location())
            return
        key = frame.pending_key
        if where is not None:
            self.values[(*frame.path, key)] = where
        frame.value[key] = value
        frame.has_key = False

    def set_key(self, frame: _Frame, key: Any, where: Location) -> None:
        if isinstance(key, float) and math.isnan(key):
            key = "nan"
        elif type(key) is float:  # Pydantic names a float key by its repr: let the key answer to it
            key = NamedFloat(repr(key), key)
        assert frame.seen is not None
        first = frame.seen.get(key)
        if first is not None:
            # Recorded, not raised: every duplicate is reported at once and the later value is kept.
            self.problems.append(Problem(
                file=self.name, location=where, code=codes.DUPLICATE_KEY.code, name=codes.DUPLICATE_KEY.name,
                message=f"duplicate key {key!r}: first defined at line {first.line}, column {first.column}",
                hint="YAML keeps only one of them; merge the two or rename one"))
        else:
            frame.seen[key] = where
        frame.pending_key = key
        frame.has_key = True
        self.keys[(*frame.path, key)] = where

    def document(self) -> Document:
        if self.root is _NO_KEY or self.root is None:
            raise self.fail(Location(), codes.NOT_A_MAP, "file is empty; a map starts with 'cjmap: 1'")
        if not isinstance(self.root, dict):
            # The kind only, never the value: a file named as a persona may be a secret (.env, a token).
            kind = ("a list" if isinstance(self.root, list) else "a true/false value" if isinstance(self.root, bool)
                    else "a number" if isinstance(self.root, (int, float)) else "a text value")
            where = self.values.get((), self.root_location)  # a top-level list is located where it opens
            raise self.fail(where, codes.NOT_A_MAP,
                            f"top level is {kind}; a map file is a mapping of keys such as 'cjmap: 1' and 'title:'")
        self.values.setdefault((), Location())
        return Document(self.name, self.root, self.values, self.keys, self.problems, flow=self.flow)
