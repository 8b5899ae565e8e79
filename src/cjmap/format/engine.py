"""Format one map or persona file: canonical key order, indentation, short forms and quoting, every comment kept.

The file must validate first (a file that does not is reported, not formatted). The result is accepted
only when it is safe: it validates to the very same model (``model_dump()`` compared), it holds the same
comments, and formatting it again changes nothing. Otherwise the file is refused with the reason, and left
as it was, rather than lose anything ruamel.yaml cannot carry over.
"""

from __future__ import annotations

import codecs
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from cjmap import roundtrip
from cjmap.problem import Problem
from cjmap.source import Source

INDENT = (2, 4, 2)
"""Two spaces per level, '- ' indented two spaces under its key: the examples' house style."""
_ENCODINGS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
              (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
              (codecs.BOM_UTF8, "utf-8"))


class Refusal(Exception):
    """Formatting this text would not be safe; the message says why."""


@dataclass(frozen=True, kw_only=True)
class Formatted:
    """What formatting one file came to: the text before and after, or the problems or refusal instead."""

    name: str
    before: str = ""
    after: str = ""
    content: bytes = b""
    """The bytes to write: ``after`` in the file's own encoding, byte-order mark and line endings."""
    problems: list[Problem] = field(default_factory=list)
    """Why the file was not formatted: it does not validate (or cannot be read)."""
    refused: str | None = None
    """Why the file was not formatted although it validates."""

    @property
    def changed(self) -> bool:
        return not self.problems and self.refused is None and self.after != self.before


def format_source(source: Source) -> Formatted:
    """Format one file read once; never raises for the file's sake."""
    from cjmap.validation.validator import validate_bytes

    result = validate_bytes(source.content, source.display, source.base_dir)
    if result.problems or result.document is None:
        return Formatted(name=source.display, problems=result.problems)
    text = source.text or ""
    bom, encoding = next(((bom, name) for bom, name in _ENCODINGS if source.content.startswith(bom)),
                         (b"", "utf-8"))
    newline = "\r\n" if "\r\n" in text else "\n"
    plain = text.replace("\r\n", "\n")
    try:
        if "\r" in plain or text.count("\r\n") not in (0, text.count("\n")):
            raise Refusal("the file mixes line endings (CRLF and LF, or lone carriage returns); formatting "
                          "would change them")
        after = format_text(plain)
        formatted = after.replace("\n", newline)
        content = bom + formatted.encode(encoding)
        _same_model(result.document.data, content, source)
    except Refusal as exc:
        return Formatted(name=source.display, before=text, after=text, refused=str(exc))
    return Formatted(name=source.display, before=text, after=formatted, content=content)


def format_text(text: str) -> str:
    """``text`` (a map or persona file, LF line endings) in canonical form; raises :class:`Refusal`.

    Two passes: the second formats the first's result, which must come out unchanged, and its reading of the
    first's comments must hold every comment of ``text``. Each pass reads its text once (ruamel.yaml's
    round-trip load, with the parser's events kept for finding the comments), so formatting costs two loads
    and two dumps, in time linear in the file."""
    first, comments = _format_once(text)
    second, kept = _format_once(first)
    lost = comments - kept
    if lost:
        line = next(iter(sorted(lost)))
        raise Refusal(f"ruamel.yaml would not keep the comment {line!r}, so the file is left as it is; move "
                      "the comment onto a line of its own above a key")
    if second != first:
        raise Refusal("formatting it twice gives two results, so cjmap cannot format it safely (this is a bug "
                      "in cjmap; please report it with the file)")
    return first


def _format_once(text: str) -> tuple[str, Counter[str]]:
    """``text`` formatted, and the comments of ``text`` (as ruamel.yaml reads them: a ``#`` inside a text is
    no comment)."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    from cjmap.format.comments import attach, lift
    from cjmap.format.order import canonical

    try:
        data, events = _load(text)
    except (YAMLError, ValueError) as exc:
        raise Refusal(f"ruamel.yaml cannot read the file for formatting: {exc}") from None
    if not isinstance(data, CommentedMap):
        raise Refusal("the top level is not a mapping")
    comments = lift(data, text, events)
    bodies = Counter(body for body in (*comments.head, *comments.eol.values(), *(body for _, body in comments.end),
                                       *(body for lines in comments.before.values() for body in lines)) if body)
    canonical(data, comments.holders())
    attach(data, comments)
    try:
        dumped = roundtrip.dump(data, INDENT)
    except YAMLError as exc:
        raise Refusal(f"ruamel.yaml cannot write the formatted file: {exc}") from None
    return dumped, bodies


def _load(text: str) -> tuple[Any, list[Any]]:
    """Round-trip data for ``text`` and the parser's events it was built from (where each value ends, for
    finding the comments), with a date that does not exist (``2026-02-30``, text to cjmap) kept as the text
    it is instead of stopping ruamel.yaml."""
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.scalarstring import PlainScalarString

    class Constructor(RoundTripConstructor):
        def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
            try:
                return super().construct_yaml_timestamp(node, values)
            except ValueError:
                return PlainScalarString(node.value)

    Constructor.add_constructor("tag:yaml.org,2002:timestamp", Constructor.construct_yaml_timestamp)
    yaml = roundtrip.yaml_for(None)
    yaml.Constructor = Constructor
    events: list[Any] = []

    class Parser(yaml.Parser):  # type: ignore[misc, name-defined]  # ruamel's round-trip parser
        def get_event(self) -> Any:
            event = super().get_event()
            events.append(event)
            return event

    yaml.Parser = Parser
    return yaml.load(text), events


def _same_model(before: Any, content: bytes, source: Source) -> None:
    """Refuse unless ``content`` validates to the model the original validated to."""
    from cjmap.validation.validator import validate_bytes

    result = validate_bytes(content, source.display, source.base_dir)
    if result.problems or result.document is None:
        raise Refusal("the formatted file would not validate (this is a bug in cjmap; please report it with the "
                      f"file): {result.problems[0].message if result.problems else 'no document'}")
    if _model(result.document.data) != _model(before):
        raise Refusal("the formatted file would mean something else (this is a bug in cjmap; please report it "
                      "with the file)")


def _model(data: Any) -> dict[str, Any]:
    from cjmap.model import JourneyMap, PersonaFile

    model = PersonaFile if isinstance(data, dict) and "cjmap-persona" in data else JourneyMap
    return model.model_validate(data).model_dump()
