"""Ids in a map: where each is declared and where it is named, for go to definition, references and rename;
the files persona, baseline and zoom paths lead to; and the outline of stages and steps.

Declared: stages, steps, pain points, opportunities and KPIs by their ``id:``, channels and actors by their key
in the catalogue. Named: channels in a step's ``channel`` and in ``scope.channels``, pain points in the
``addresses`` of opportunities and KPIs, actors in a step's ``actors``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cjmap.document import Path
from cjmap.lsp.analysis import Analysis, Span

_LISTED = (("pain_points", "pain point"), ("opportunities", "opportunity"), ("kpis", "KPI"))


@dataclass(frozen=True, kw_only=True)
class Occurrence:
    """One place an id stands: its kind (``channel``, ``pain point`` ...), the id, the data path, whether the
    id is the key at that path (a catalogue entry, an actor's score), and whether it declares the id."""

    kind: str
    id: str
    path: Path
    key: bool
    declaration: bool


def occurrences(data: Any) -> list[Occurrence]:
    """Every declaration of and reference to an id in the loaded data, in document order of the walk."""
    if not isinstance(data, dict):
        return []
    return list(_walk(data))


def _walk(data: dict[Any, Any]) -> Iterator[Occurrence]:
    for kind, catalogue in (("channel", "channels"), ("actor", "actors")):
        if isinstance(found := data.get(catalogue), dict):
            for key in found:
                if isinstance(key, str):
                    yield Occurrence(kind=kind, id=key, path=(catalogue, key), key=True, declaration=True)
    scope = data.get("scope")
    if isinstance(scope, dict):
        yield from _named("channel", scope.get("channels"), ("scope", "channels"))
    for s, stage in _items(data.get("stages")):
        if not isinstance(stage, dict):
            continue
        yield from _declared("stage", stage, ("stages", s))
        for t, step in _items(stage.get("steps")):
            if not isinstance(step, dict):
                continue
            base: Path = ("stages", s, "steps", t)
            yield from _declared("step", step, base)
            yield from _named("channel", step.get("channel"), (*base, "channel"))
            actors = step.get("actors")
            if isinstance(actors, dict):
                for actor in actors:
                    if isinstance(actor, str):
                        yield Occurrence(kind="actor", id=actor, path=(*base, "actors", actor), key=True,
                                         declaration=False)
            else:
                yield from _named("actor", actors, (*base, "actors"))
            for key, kind in _LISTED:
                for i, item in _items(step.get(key)):
                    if isinstance(item, dict):
                        yield from _declared(kind, item, (*base, key, i))
                        yield from _named("pain point", item.get("addresses"), (*base, key, i, "addresses"))


def _items(value: Any) -> Iterator[tuple[int, Any]]:
    return enumerate(value) if isinstance(value, list) else iter(())


def _declared(kind: str, node: dict[Any, Any], base: Path) -> Iterator[Occurrence]:
    if isinstance(node.get("id"), str):
        yield Occurrence(kind=kind, id=node["id"], path=(*base, "id"), key=False, declaration=True)


def _named(kind: str, value: Any, path: Path) -> Iterator[Occurrence]:
    """The ids a reference field names: one id, or a list of them."""
    if isinstance(value, str):
        yield Occurrence(kind=kind, id=value, path=path, key=False, declaration=False)
    for i, item in _items(value):
        if isinstance(item, str):
            yield Occurrence(kind=kind, id=item, path=(*path, i), key=False, declaration=False)


def span_of(analysis: Analysis, occurrence: Occurrence) -> Span | None:
    """Where the id of ``occurrence`` is written (inside its quotes, if quoted)."""
    span = analysis.key_span(occurrence.path) if occurrence.key else analysis.value_span(occurrence.path)
    if span is None:
        return None
    written = analysis.lines[span.line][span.start:span.end]
    if len(written) >= 2 and written[0] == written[-1] and written[0] in "\"'":
        return Span(line=span.line, start=span.start + 1, end=span.end - 1)
    return span


def at(analysis: Analysis, line: int, column: int) -> Occurrence | None:
    """The id occurrence the cursor stands on."""
    entry = analysis.entry_at(line, column)
    if entry is None or analysis.document is None:
        return None
    return next((found for found in occurrences(analysis.document.data)
                 if found.path == entry.path and found.key == entry.key), None)


def same_id(analysis: Analysis, occurrence: Occurrence) -> list[Occurrence]:
    """Every occurrence of the id ``occurrence`` names (declarations first)."""
    assert analysis.document is not None
    found = [other for other in occurrences(analysis.document.data)
             if other.kind == occurrence.kind and other.id == occurrence.id]
    return sorted(found, key=lambda other: not other.declaration)


def definitions(analysis: Analysis, line: int, column: int) -> list[Span]:
    """Where the id under the cursor is declared."""
    found = at(analysis, line, column)
    if found is None:
        return []
    return [span for other in same_id(analysis, found) if other.declaration
            if (span := span_of(analysis, other)) is not None]


def references(analysis: Analysis, line: int, column: int, *, include_declaration: bool) -> list[Span]:
    """Every place the id under the cursor stands (with or without its declaration)."""
    found = at(analysis, line, column)
    if found is None:
        return []
    return [span for other in same_id(analysis, found) if include_declaration or not other.declaration
            if (span := span_of(analysis, other)) is not None]


_SHARED_WITH_BASELINE = ("stage", "step", "pain point")
"""The kinds of id a future-state map shares with its baseline: a step with the same id is the step it
improves on (as score, diff and the rendered baseline pair them), and so for stages and pain points."""


def baseline_of(analysis: Analysis) -> Analysis | None:
    """The map ``baseline:`` names, read and loaded (not checked: its own findings are its own file's), when it
    is a file inside the project that loads; None otherwise."""
    from cjmap import references
    from cjmap.loader import LoadError, load
    from cjmap.source import read

    written = analysis.document.data.get("baseline") if analysis.document is not None else None
    if not isinstance(written, str) or not written:
        return None
    found = references.locate(written, references.base_dir_of(analysis.name), references.BASELINE)
    if not isinstance(found, references.Target):
        return None
    try:
        source = read(found.real)
        document = load(source.content, found.real)
    except (OSError, LoadError):
        return None
    if source.text is None:
        return None
    return Analysis(name=found.real, text=source.text, document=document)


def in_baseline(analysis: Analysis, line: int, column: int, *, declarations_only: bool,
                ) -> tuple[Analysis, list[Span]] | None:
    """The baseline map and where the stage, step or pain-point id under the cursor stands in it (only its
    declaration, or every place); None when the id is of another kind or the map has no readable baseline."""
    found = at(analysis, line, column)
    if found is None or found.kind not in _SHARED_WITH_BASELINE:
        return None
    baseline = baseline_of(analysis)
    if baseline is None or baseline.document is None:
        return None
    spans = [span for other in occurrences(baseline.document.data)
             if other.kind == found.kind and other.id == found.id and (other.declaration or not declarations_only)
             if (span := span_of(baseline, other)) is not None]
    return baseline, spans


def linked_file(analysis: Analysis, line: int, column: int) -> str | None:
    """The file a persona, baseline or zoom reference under the cursor leads to (its real path), if it is one
    inside the project."""
    from cjmap import references
    from cjmap.lsp.analysis import any_value

    entry = analysis.entry_at(line, column)
    if entry is None or entry.key or analysis.document is None:
        return None
    path = entry.path
    if path == ("baseline",):
        kind = references.BASELINE
    elif path == ("persona",) or (len(path) == 2 and path[0] == "persona" and isinstance(path[1], int)):
        kind = references.PERSONA
    elif len(path) == 5 and path[0] == "stages" and path[2] == "steps" and path[4] == "zoom":
        kind = references.ZOOM
    else:
        return None
    written = any_value(analysis.document.data, path)
    if not isinstance(written, str) or not written:
        return None
    found = references.locate(written, references.base_dir_of(analysis.name), kind)
    return found.real if isinstance(found, references.Target) else None


class RenameError(ValueError):
    """The rename cannot be done: the message says why."""


def rename(analysis: Analysis, line: int, column: int, new_id: str) -> list[tuple[Span, str]]:
    """The edits that rename the id under the cursor, its declaration and every reference to it; raises
    :class:`RenameError` for a name that is no id or already names another of its kind."""
    from cjmap.model import ID_PATTERN

    found = at(analysis, line, column)
    if found is None:
        raise RenameError("no id at the cursor: rename a channel, actor, stage, step, pain point, opportunity "
                          "or KPI id")
    if re.fullmatch(ID_PATTERN, new_id) is None:
        raise RenameError(f"{new_id!r} is not an id: letters, digits, '-', '_' and '.', starting with a letter "
                          "or digit")
    assert analysis.document is not None
    if new_id != found.id and any(other.kind == found.kind and other.id == new_id and other.declaration
                                  for other in occurrences(analysis.document.data)):
        raise RenameError(f"the map already has a {found.kind} {new_id!r}")
    return [(span, new_id) for other in same_id(analysis, found) if (span := span_of(analysis, other)) is not None]


@dataclass(frozen=True, kw_only=True)
class Symbol:
    """An entry of the outline: a stage or a step, the lines it covers and where its name or id stands."""

    name: str
    kind: str
    first: int
    last: int
    selection: Span
    children: tuple[Symbol, ...] = ()


def outline(analysis: Analysis) -> list[Symbol]:
    """The stages of the map, each with its steps."""
    if analysis.document is None or not isinstance(stages := analysis.document.data.get("stages"), list):
        return []
    last_line = len(analysis.lines) - 1
    symbols = []
    stage_lines = _starts(analysis, [("stages", s) for s in range(len(stages))])
    for s, stage in enumerate(stages):
        if not isinstance(stage, dict):
            continue
        first, last = stage_lines[s], (stage_lines[s + 1] - 1 if s + 1 < len(stages) else last_line)
        steps: list[Any] = stage["steps"] if isinstance(stage.get("steps"), list) else []
        step_paths: list[Path] = [("stages", s, "steps", t) for t in range(len(steps))]
        step_lines = _starts(analysis, step_paths)
        children = tuple(
            _symbol(analysis, step, path, "step", step_lines[t],
                    step_lines[t + 1] - 1 if t + 1 < len(steps) else last)
            for t, (path, step) in enumerate(zip(step_paths, steps, strict=True)) if isinstance(step, dict))
        symbols.append(_symbol(analysis, stage, ("stages", s), "stage", first, last, children))
    return symbols


def _starts(analysis: Analysis, paths: list[Path]) -> list[int]:
    assert analysis.document is not None
    return [analysis.document.value_location(path).line - 1 for path in paths]


def _symbol(analysis: Analysis, node: dict[Any, Any], path: Path, kind: str, first: int, last: int,
            children: tuple[Symbol, ...] = ()) -> Symbol:
    label = node.get("name") if isinstance(node.get("name"), str) else node.get("id")
    named = next((key for key in ("name", "id") if (*path, key) in analysis.document.values), None) \
        if analysis.document is not None else None
    selection = analysis.value_span((*path, named)) if named is not None else None
    last = max(first, _trimmed(analysis, first, last))
    return Symbol(name=str(label) if label is not None else kind, kind=kind, first=first, last=last,
                  selection=selection or Span(line=first, start=0, end=0), children=children)


def _trimmed(analysis: Analysis, first: int, last: int) -> int:
    """``last`` moved up past blank and comment lines (they belong to what follows)."""
    while last > first and (not (stripped := analysis.lines[last].strip()) or stripped.startswith("#")):
        last -= 1
    return last
