"""Turn Pydantic validation errors into located problems a designer understands."""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from cjmap import codes
from cjmap.codes import Code
from cjmap.document import Document, Path
from cjmap.measures import decimal_point
from cjmap.model import FORMAT_ERROR, Strict
from cjmap.problem import Problem
from cjmap.suggestions import did_you_mean

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
}


def describe(value: Any) -> str:
    """A short, designer-readable description of a YAML value."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {_clip(value)!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def problems_from(error: ValidationError, document: Document, root: type[BaseModel]) -> list[Problem]:
    """One problem per Pydantic error, located through ``document``; duplicates from unions merged."""
    problems: dict[tuple[Any, ...], Problem] = {}
    items = error.errors(include_url=False)
    # A number that may be whole or not (StrictInt | StrictFloat) fails both members on true or a text:
    # "expected a number" says it all, "expected a whole number" beside it would be the same problem twice.
    numbers = {item["loc"][:-1] for item in items if (item["type"], item["loc"][-1:]) == ("float_type", ("float",))}
    for item in items:
        if (item["type"], item["loc"][-1:]) == ("int_type", ("int",)) and item["loc"][:-1] in numbers:
            continue
        found = _format_problems(item, document) if item["type"] == FORMAT_ERROR else [_problem(item, document, root)]
        for problem in found:
            key = (problem.location, problem.code, problem.message)
            problems.setdefault(key, problem)
    return list(problems.values())


def _format_problems(item: Mapping[str, Any], document: Document) -> list[Problem]:
    """The problems a model check raised with :func:`cjmap.model.format_error`, each where it points."""
    loc = tuple(item["loc"])
    found = []
    for detail in item["ctx"]["problems"]:
        path = document.resolve((*loc, *detail.get("at", ())))
        code = codes.WRONG_TYPE if detail.get("wrong_type") else codes.INVALID_VALUE
        found.append(_make(document, path, code, detail["message"], detail.get("hint"), at_key=detail.get("key", False)))
    return found


def _problem(item: Mapping[str, Any], document: Document, root: type[BaseModel]) -> Problem:
    loc = tuple(item["loc"])
    kind = item["type"]
    ctx = item.get("ctx") or {}
    value = item.get("input")
    if kind == "extra_forbidden":
        path = document.resolve(loc)
        key = loc[-1]
        model = _model_at(root, loc[:-1])
        if model is not None and key in model.RENAMED:
            new = model.RENAMED[key]
            return _make(document, path, codes.UNKNOWN_KEY, f"both {new!r} and its old name {key!r} are given",
                         f"keep {new!r} and move what {key!r} holds into it", at_key=True)
        allowed = _allowed_keys(root, loc[:-1])
        comma = _comma_hint(document, path)
        if comma is not None:
            return _make(document, path, codes.UNKNOWN_KEY, comma[0], comma[1], at_key=True)
        hint = _name_or_text(str(key), allowed) or did_you_mean(str(key), allowed)
        if hint is None and allowed:
            hint = "allowed keys here: " + ", ".join(allowed)
        if key == "<<":
            hint = "merge keys (<<) are not part of YAML 1.2; write the keys out"
        return _make(document, path, codes.UNKNOWN_KEY, f"unknown key {key!r}", hint, at_key=True)
    if kind == "invalid_key":  # a number where a key belongs: `{emotion: 3,5}` reads the 5 as a key
        path = document.resolve(loc)
        comma = _comma_hint(document, path)
        if comma is not None:
            return _make(document, path, codes.UNKNOWN_KEY, comma[0], comma[1], at_key=True)
    if kind == "missing":
        path = document.resolve(loc[:-1])
        name = loc[-1]
        where = _where(document, path)
        return _make(document, path, codes.MISSING_KEY, f"missing required key {name!r}{where}",
                     _missing_hint(str(name)))
    if loc[-1:] == ("[key]",):  # the key itself is wrong (a catalogue id, a scale label): point at the key
        problem = _problem({**item, "loc": loc[:-1]}, document, root)
        return dataclasses.replace(problem, location=document.key_location(document.resolve(loc[:-1])))
    path = document.resolve(loc)
    if kind in ("literal_error", "enum") and loc in (("cjmap",), ("cjmap-persona",)):
        return _make(document, path, codes.INVALID_VALUE,
                     f"format version {value!r} is not supported; this cjmap reads version 1",
                     "write 'cjmap: 1', or upgrade cjmap if the file was written for a newer version")
    if kind in ("literal_error", "enum"):
        choices = re.findall(r"'([^']*)'", ctx.get("expected", "")) or [str(ctx.get("expected", ""))]
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else None
        expected = "expected one of: " + ", ".join(choices)
        return _make(document, path, codes.INVALID_VALUE, f"{describe(value)} is not allowed here",
                     f"{hint}; {expected}" if hint else expected)
    if kind == "string_pattern_mismatch":  # only ids carry a pattern
        return _make(document, path, codes.INVALID_VALUE, f"{describe(value)} is not a valid id",
                     "ids are short slugs of letters, digits, '-', '_' and '.', like 'sign-up'")
    if kind in ("model_type", "model_attributes_type"):
        model = _model_at(root, loc)
        expected = model.EXPECTED if model is not None and model.EXPECTED else _TYPE_NAMES[kind]
        return _make(document, path, codes.WRONG_TYPE, f"expected {expected}, got {describe(value)}",
                     _shape_hint(path, value))
    if kind in _TYPE_NAMES:
        return _make(document, path, codes.WRONG_TYPE, f"expected {_TYPE_NAMES[kind]}, got {describe(value)}",
                     _type_hint(kind, value) or _shape_hint(path, value))
    if kind == "value_error":
        message = str(ctx.get("error", item["msg"]))
        return _make(document, path, codes.INVALID_VALUE, message, None)
    if kind == "string_too_short":
        return _make(document, path, codes.INVALID_VALUE, "text must not be empty", None)
    return _make(document, path, codes.INVALID_VALUE, f"{item['msg']} (got {describe(value)})", None)


def _make(document: Document, path: Path, code: Code, message: str, hint: str | None, at_key: bool = False) -> Problem:
    where = document.key_location(path) if at_key else document.value_location(path)
    return Problem.of(code, document.name, where, message, path=document.pointer(path), hint=hint)


def _where(document: Document, path: Path) -> str:
    pointer = document.pointer(path)
    return "" if pointer == "/" else f" in {pointer}"


def _comma_hint(document: Document, path: Path) -> tuple[str, str] | None:
    """The message and hint for an "unknown key" that is the rest of a text cut by a comma inside ``{ }``.

    In a flow mapping a comma ends a plain value, so ``{text: Slow, very slow, severity: high}`` reads
    ``very slow`` as a key without a value. Such a key (no value, not first in a ``{ }`` mapping) is a
    fragment of the text before it: the hint quotes the whole text, or, after a number, reads a decimal
    comma (``emotion: 3,5``).
    """
    if not path or path[:-1] not in document.flow:
        return None
    parent, key = path[:-1], path[-1]
    mapping = _at(document.data, parent)
    if not isinstance(mapping, dict) or mapping.get(key, "") is not None:
        return None
    keys = list(mapping)
    start = end = keys.index(key)
    while start > 0 and mapping[keys[start - 1]] is None:  # earlier fragments of the same text
        start -= 1
    while end + 1 < len(keys) and mapping[keys[end + 1]] is None:  # and later ones
        end += 1
    if start == 0:
        return None  # no text before it: a key without a value, not a fragment
    cut_key, cut = keys[start - 1], mapping[keys[start - 1]]
    fragments = [str(fragment) for fragment in keys[start:end + 1]]
    if isinstance(cut, (int, float)) and not isinstance(cut, bool) and len(fragments) == 1 \
            and fragments[0].isdigit():
        decimal = f"{cut}.{fragments[0]}"
        return (f"unknown key {key!r}: a decimal comma in `{cut_key}: {cut},{fragments[0]}` ends the value",
                f"write a decimal point: `{cut_key}: {decimal}`")
    if not isinstance(cut, str):
        return None
    whole = ", ".join([cut, *fragments]).replace('"', '\\"')
    return (f"unknown key {key!r}: a comma inside {{ }} ended the text of {cut_key!r}",
            f'quote the text: `{cut_key}: "{whole}"` (or write the mapping as one key per line)')


def _at(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data


def _missing_hint(name: str) -> str | None:
    return {
        "cjmap": "start the file with 'cjmap: 1' (the format version)",
        "cjmap-persona": "start the file with 'cjmap-persona: 1' (the format version of persona files)",
        "id": "give it a short slug id such as 'sign-up'; references, lint and diff use it",
        "type": "one of: current-state, future-state, day-in-the-life, service-blueprint",
        "stages": "a map lists its stages, each with steps",
        "score": "an emotion needs a score on the map's scale",
    }.get(name)


def _type_hint(kind: str, value: Any) -> str | None:
    if kind == "string_type" and isinstance(value, (int, float, bool)):
        return "quote it to keep it as text, e.g. '\"" + str(value).lower() + "\"'"
    if kind.startswith("bool") and isinstance(value, str) and value.lower() in ("yes", "no", "on", "off", "y", "n"):
        return "YAML 1.2 reads yes/no/on/off as text; write true or false"
    if kind.startswith("date") and isinstance(value, str):
        return "write dates as YYYY-MM-DD"
    return None


_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?")
_CATALOGUES = {("channels",): "Website", ("actors",): "Partner"}
"""The catalogues (a mapping of id to name) and an example name of each."""
_LISTS = {"stages": "name", "steps": "name", "kpis": "name", "pain_points": "text", "opportunities": "text"}
"""The lists of entities a map holds, and the key that names each entity."""


def _shape_hint(path: Path, value: Any) -> str | None:
    """What to write when a value has the wrong shape: a decimal comma, a catalogue written as a list, a list of
    stages, steps or items written as a mapping; shown with the user's own values."""
    fixed = decimal_point(value) if isinstance(value, str) else None
    if fixed is not None and _NUMBER.fullmatch(fixed):
        written = f"{path[-1]}: {fixed}" if path and isinstance(path[-1], str) else fixed
        return f"write `{written}`: a decimal point, not a comma"
    if path in _CATALOGUES and isinstance(value, list):
        from cjmap.ids import slugify

        entries = [f"{slugify(item) or item}: {item if slugify(item) != item else item.capitalize()}"
                   for item in value[:3] if isinstance(item, str) and item.strip()]
        example = ", ".join(entries) or f"web: {_CATALOGUES[path]}"
        return f"the catalogue maps each id to a name: `{path[0]}: {{{example}}}` (one `id: name` per line)"
    field = path[-1] if path else None
    if isinstance(field, str) and field in _LISTS and isinstance(value, dict) and value:
        named_by = _LISTS[field]
        first, content = next(iter(value.items()))
        if named_by in value or "id" in value:  # one entity written without its dash
            return f"`{field}` is a list: put `- ` before the first key of each item (`- {first}: …`)"
        if isinstance(content, dict) or isinstance(content, str):
            name = content.get(named_by) if isinstance(content, dict) else content
            shown = f", {named_by}: {name}" if isinstance(name, str) else ""
            return f"`{field}` is a list: write each item as `- {{id: {first}{shown}, …}}`, one `- ` per item"
        return f"`{field}` is a list: begin each item with `- `"
    return None


_NAME_OR_TEXT = {
    "name": "pain points and opportunities are sentences under `text:` (stages, steps and KPIs have a `name:`)",
    "text": "stages, steps and KPIs are named with `name:` (pain points and opportunities hold `text:`)",
}
"""Hints for the one pair of keys that did-you-mean cannot guess: `text` (a sentence) and `name` (a name)."""


def _name_or_text(key: str, allowed: list[str]) -> str | None:
    """The hint for `name` where `text` belongs, or the other way round."""
    other = {"name": "text", "text": "name"}.get(key)
    return _NAME_OR_TEXT[key] if other is not None and other in allowed else None


def _allowed_keys(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys the model allows at ``loc`` (a Pydantic error location), for hints."""
    current: Any = root
    for step in loc:
        current = _step_into(current, step)
        if current is None:
            return []
    model = _model_of(current)
    if model is None:
        return []
    return [field.alias or name for name, field in model.model_fields.items()]


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[Strict] | None:
    """The model class validating the value at ``loc`` (a Pydantic error location), if it is one of ours."""
    current: Any = root
    for step in loc:
        current = _step_into(current, step)
        if current is None:
            return None
    model = _model_of(current)
    return model if model is not None and issubclass(model, Strict) else None


def _step_into(annotation: Any, step: Any) -> Any:
    for candidate in _alternatives(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            for name, field in candidate.model_fields.items():
                old_names = getattr(field.validation_alias, "choices", ())
                if step in (name, field.alias) or step in old_names:
                    return field.annotation
            continue
        origin = typing.get_origin(candidate)
        args = typing.get_args(candidate)
        if origin is list and isinstance(step, int):
            return args[0]
        if origin is dict and args:
            return args[1]
    # A step that is not data (a union member's tag) leaves us where we are.
    return annotation if isinstance(step, str) and not step.isidentifier() or step in ("inline", "file") else None


def _alternatives(annotation: Any) -> list[Any]:
    """The concrete types an annotation may stand for, with Annotated and unions unwrapped."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _alternatives(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [alt for arg in typing.get_args(annotation) for alt in _alternatives(arg)]
    return [annotation]


def _model_of(annotation: Any) -> type[BaseModel] | None:
    for candidate in _alternatives(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None
