"""Completion at the cursor: the keys the format allows there (from the models, with their descriptions),
the values an enumerated key takes, and ids where a reference belongs (channels, pain points in
``addresses``).

Where the cursor is in the map is read from the indentation of the lines above it, not from the loaded
document: while a person types, the text is often not valid YAML.
"""

from __future__ import annotations

import enum
import re
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

ITEM = object()
"""A step into a list item, in a path of keys."""
_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?=[ \t]|$)")
_VALUE = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]+(?P<flow>\[(?:[^\]]*,)?[ \t]*)?(?P<word>[\w.-]*)$")
_REFERENCES: dict[tuple[str | None, str], str] = {
    ("steps", "channel"): "channel", ("scope", "channels"): "channel", ("steps", "actors"): "actor",
    ("opportunities", "addresses"): "pain point", ("kpis", "addresses"): "pain point"}
"""The keys whose values are ids, by the list or key they stand in, and the kind of id."""


@dataclass(frozen=True, kw_only=True)
class Suggestion:
    """One completion: the text to insert, what it is (key, value or id) and a line of explanation."""

    label: str
    kind: str
    detail: str = ""
    documentation: str = ""
    insert: str = ""


@dataclass(frozen=True, kw_only=True)
class _Line:
    indent: int
    dashes: tuple[int, ...]
    key_column: int
    key: str | None
    blank: bool


def _parse(text: str) -> _Line:
    indent = len(text) - len(text.lstrip(" "))
    position, dashes = indent, []
    while text[position:position + 2] == "- " or text[position:] == "-":
        dashes.append(position)
        position += 1
        while text[position:position + 1] == " ":
            position += 1
    key = _KEY.match(text, position)
    rest = text[position:].strip()
    return _Line(indent=indent, dashes=tuple(dashes), key_column=position, key=key.group(1) if key else None,
                 blank=not rest or rest.startswith("#"))


def context(lines: list[str], line: int, column: int) -> list[Any]:
    """The path of keys (and :data:`ITEM` steps into list items) to the mapping the cursor's line is in."""
    current = _parse(lines[line][:column] if line < len(lines) else "")
    path: list[Any] = []
    mode, at = "map", current.key_column
    if current.dashes:
        path.insert(0, ITEM)
        mode, at = "list", current.dashes[0]
    for text in reversed(lines[:line]):
        above = _parse(text)
        if above.blank or above.key is None:
            continue
        column_of_key = above.key_column
        if mode == "map" and column_of_key == at and above.dashes and above.dashes[-1] < at:
            path.insert(0, ITEM)  # the first line of the list item our mapping is
            mode, at = "list", above.dashes[0]
            continue
        if column_of_key < at or (mode == "list" and column_of_key == at and not above.dashes):
            path.insert(0, above.key)
            mode, at = "map", column_of_key
            if above.dashes:
                path.insert(0, ITEM)
                mode, at = "list", above.dashes[0]
        if at == 0 and mode == "map":
            break
    return path


def complete(lines: list[str], line: int, column: int, data: Any) -> list[Suggestion]:
    """What may be written at the cursor; ``data`` is the last document loaded from the text (for ids), or
    None."""
    from cjmap.model import JourneyMap, PersonaFile

    text = lines[line][:column] if line < len(lines) else ""
    root: type[BaseModel] = PersonaFile if any(entry.startswith("cjmap-persona") for entry in lines) else JourneyMap
    parsed = _parse(text)
    value = _VALUE.search(text, parsed.key_column)
    if value is not None and value.start() == parsed.key_column:
        path = context(lines, line, parsed.key_column)
        if (kind := _reference(path, value["key"])) is not None:
            return _ids(kind, data)
        return _values(_annotation(root, [*path, value["key"]]), value["key"])
    if not re.fullmatch(r"[\w-]*", text[parsed.key_column:]):
        return []
    path = context(lines, line, column)
    if len(path) >= 2 and path[-1] is ITEM and isinstance(path[-2], str) and \
            (kind := _reference(path[:-2], path[-2])) is not None:
        return _ids(kind, data)
    present = _present(lines, line, parsed)
    return [key for key in _keys(_annotation(root, path)) if key.label not in present]


def _present(lines: list[str], line: int, current: _Line) -> set[str]:
    """The keys the mapping the cursor's line is in already has (on the other lines)."""
    column, found = current.key_column, set()
    if not current.dashes:  # a dash on the cursor's line starts a new mapping: nothing above belongs to it
        for text in reversed(lines[:line]):
            above = _parse(text)
            if above.blank or above.key_column > column:
                continue
            if above.key_column < column:
                break
            found.add(above.key)
            if above.dashes:
                break  # the first line of the list item the mapping is
    for text in lines[line + 1:]:
        below = _parse(text)
        if below.blank or (below.key_column > column and not below.dashes):
            continue
        if below.key_column < column or (below.dashes and below.dashes[0] < column):
            break
        found.add(below.key)
    return {key for key in found if key is not None}


def _annotation(root: type[BaseModel], path: list[Any]) -> Any:
    """The type at ``path`` from ``root``, or None where the models do not say."""
    current: Any = root
    for step in path:
        current = _step(current, step)
        if current is None:
            return None
    return current


def _shapes(annotation: Any) -> Iterator[Any]:
    """The types an annotation allows, unwrapped from Annotated and unions."""
    origin = get_origin(annotation)
    if origin is Annotated:
        yield from _shapes(get_args(annotation)[0])
    elif origin in (Union, types.UnionType):
        for argument in get_args(annotation):
            yield from _shapes(argument)
    else:
        yield annotation


def _step(annotation: Any, step: Any) -> Any:
    shapes = list(_shapes(annotation))
    if step is ITEM:
        return next((get_args(shape)[0] for shape in shapes if get_origin(shape) in (list, tuple) and get_args(shape)),
                    None)
    for shape in shapes:
        if isinstance(shape, type) and issubclass(shape, BaseModel):
            field = next((field for name, field in shape.model_fields.items() if (field.alias or name) == step), None)
            if field is not None:
                return field.annotation
    return next((get_args(shape)[1] for shape in shapes if get_origin(shape) is dict and len(get_args(shape)) == 2),
                None)


def _keys(annotation: Any) -> list[Suggestion]:
    model = next((shape for shape in _shapes(annotation) if isinstance(shape, type) and issubclass(shape, BaseModel)),
                 None)
    if model is None:
        return []
    return [Suggestion(label=field.alias or name, kind="key", detail=_type_name(field.annotation),
                       documentation=field.description or _model_doc(field.annotation), insert=f"{field.alias or name}: ")
            for name, field in model.model_fields.items()]


def _model_doc(annotation: Any) -> str:
    """For a key without a description: one written on its type (``Annotated[Lane, Field(description=...)]``),
    else the first line of the docstring of the model it holds (or a list of)."""
    for part in get_args(annotation) if get_origin(annotation) in (Union, types.UnionType) else (annotation,):
        if get_origin(part) is Annotated:
            written = next((getattr(meta, "description", None) for meta in part.__metadata__
                            if isinstance(getattr(meta, "description", None), str)), None)
            if written:
                return str(written)
    for shape in _shapes(annotation):
        inner = get_args(shape)[0] if get_origin(shape) in (list, tuple) and get_args(shape) else shape
        if isinstance(inner, type) and issubclass(inner, BaseModel) and inner.__doc__:
            return inner.__doc__.strip().split("\n", 1)[0]
    return ""


def _reference(path: list[Any], key: str) -> str | None:
    """The kind of id ``key`` names in the mapping at ``path`` (a step, an opportunity ...), if it names one."""
    owner = next((step for step in reversed(path) if isinstance(step, str)), None)
    return _REFERENCES.get((owner, key))


def _values(annotation: Any, key: str) -> list[Suggestion]:
    found: list[Suggestion] = []
    for shape in _shapes(annotation):
        if get_origin(shape) is Literal:
            found += [Suggestion(label=str(value), kind="value", detail=key, insert=str(value))
                      for value in get_args(shape)]
        elif isinstance(shape, type) and issubclass(shape, enum.Enum):
            found += [Suggestion(label=str(member.value), kind="value", detail=key, insert=str(member.value))
                      for member in shape]
        elif shape is bool:
            found += [Suggestion(label=word, kind="value", detail=key, insert=word) for word in ("true", "false")]
    return found


def _ids(kind: str, data: Any) -> list[Suggestion]:
    from cjmap.lsp.analysis import any_value
    from cjmap.lsp.navigation import occurrences

    declared = {found.id: found for found in occurrences(data) if found.kind == kind and found.declaration}
    return [Suggestion(label=found.id, kind="id", detail=kind, insert=found.id,
                       documentation=_describe(any_value(data, found.path if found.key else found.path[:-1])))
            for found in declared.values()]


def _describe(node: Any) -> str:
    """What an entity says of itself: a pain point's text, a channel's name."""
    if isinstance(node, dict):
        return str(node.get("text") or node.get("name") or "")
    return node if isinstance(node, str) else ""


def _type_name(annotation: Any) -> str:
    names = []
    for shape in _shapes(annotation):
        if shape is type(None):
            continue
        if get_origin(shape) is Literal:
            names.append(" | ".join(map(str, get_args(shape))))
        elif isinstance(shape, type) and issubclass(shape, BaseModel):
            names.append("mapping")
        elif get_origin(shape) in (list, tuple):
            names.append("list")
        elif get_origin(shape) is dict:
            names.append("mapping")
        else:
            names.append(getattr(shape, "__name__", str(shape)))
    return " or ".join(dict.fromkeys(names))
