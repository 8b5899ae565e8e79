"""Rows to map: a read sheet (:class:`Table`) becomes map data, checked like a map file, every problem located
at the ``row:column`` of the cell to fix.

Decisions (docs/commands/import-export-sheets.md says the same to users):

- A row starts a new stage when its Stage cell (or Stage id) differs from the row above; a blank Stage cell
  continues the stage above (as merged cells read). A row with a stage and nothing else is a stage without
  steps. Blank rows are skipped.
- Channels and actors are written by name or id; each becomes its id in the catalogue (the "map" sheet's
  catalogue when there is one, else the slug of the name, added to a new catalogue).
- The map's own keys come from the options, else the "map" sheet, else defaults: the title from the file
  name, the id its slug, the type ``service-blueprint`` when a blueprint lane has values (else
  ``current-state``), the scale the smallest usual one that holds the scores (1..5 first), said in a note.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cjmap import codes, ids
from cjmap.document import Document
from cjmap.interop.sheet import (
    COLUMN_BY_KEY,
    LANES,
    OWN_LANE,
    TEXT_KEYS,
    TEXT_LISTS,
    Cell,
    match_header,
    read_own_lane_header,
)
from cjmap.interop.sheet_cells import CellError, lines, number_text, read_item, read_number, restore
from cjmap.problem import Location, Problem, Severity

MAX_CELL = 32_767
"""Characters in one cell: Excel's own limit."""
MAX_COLUMNS = 16_384
"""Columns in one row: Excel's own limit (XFD); a wider row stops the read."""
MAX_PROBLEMS = 50
"""Problems listed for one sheet, the last a line that counts the rest: a sheet with an error on every row
costs no more than one with fifty."""
STEP_ORDER = ("id", "name", "description", "touchpoint", "channel", "time", "duration", "actions", "thoughts",
              "emotion", "actors", "pain_points", "opportunities", "kpis", "owner", "research", "moment_of_truth",
              *LANES, "people", "policies", "technologies", "processes", "resources", "lanes")
"""The order of a step's keys in the YAML written (the order of docs/format.md)."""
_YES = {"yes", "y", "true", "x", "1", "ja", "oui", "si", "sí", "wahr", "vrai"}
_NO = {"no", "n", "false", "0", "nein", "non", "falsch", "faux"}


@dataclass(frozen=True, kw_only=True)
class Table:
    """A sheet as read: where its header stands, the header's cells, the data rows by number (each the cells
    of the layout's columns that hold a value, by column number), the columns that hold values under no
    header (column -> the first row with one), the "map" sheet's key/value rows (xlsx), and problems found
    while reading (limits)."""

    file: str
    header_row: int = 1
    header: list[Cell]
    rows: list[tuple[int, dict[int, Cell]]]
    headerless: dict[int, int] = field(default_factory=dict)
    metadata: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def layout_columns(header: Sequence[Cell]) -> dict[str, int]:
    """The layout's columns a header names: column key -> its column number (the first, when named twice)."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header, start=1):
        key = match_header(text) if (text := _text(cell)) else None
        if key is not None:
            columns.setdefault(key, index)
    return columns


class Rows:
    """The data rows of a sheet as a reader meets them, holding only the cells of the layout's columns that
    hold a value: a sheet of thousands of columns costs the memory of the few the layout reads, and a value
    under no header is remembered once per column (the first row that has one), not once per cell."""

    def __init__(self, header: Sequence[Cell]) -> None:
        self._keep = frozenset(layout_columns(header).values())
        self._named = frozenset(index for index, cell in enumerate(header, start=1) if _text(cell))
        self.rows: list[tuple[int, dict[int, Cell]]] = []
        self.headerless: dict[int, int] = {}

    def add(self, number: int, record: Sequence[Cell]) -> None:
        """Keep row ``number``'s cells the layout reads; note values in columns without a header."""
        cells: dict[int, Cell] = {}
        for index, cell in enumerate(record, start=1):
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            if index in self._keep:
                cells[index] = cell
            elif index not in self._named:
                self.headerless.setdefault(index, number)
        if cells:
            self.rows.append((number, cells))


@dataclass(frozen=True, kw_only=True)
class MapOptions:
    """What the command line says about the map a sheet cannot hold (None: the "map" sheet, else a default)."""

    stem: str
    id: str | None = None
    title: str | None = None
    type: str | None = None
    scale: str | None = None


@dataclass(kw_only=True)
class Converted:
    """A sheet converted: the map data (None when a problem stops it), problems, and notes for the user."""

    data: dict[str, Any] | None
    problems: list[Problem]
    notes: list[str] = field(default_factory=list)


@dataclass
class _Places:
    """Where each stage and step came from, to locate problems in the sheet."""

    columns: dict[str, int] = field(default_factory=dict)
    stages: dict[int, int] = field(default_factory=dict)
    steps: dict[tuple[int, int], int] = field(default_factory=dict)
    lanes: list[dict[str, Any]] = field(default_factory=list)
    """The map's own lanes the headers declare, in column order."""


def convert(table: Table, options: MapOptions) -> Converted:
    """The map ``table`` describes, with every problem located at its row and column (at most
    :data:`MAX_PROBLEMS` of them, then one line that counts the rest)."""
    problems = list(table.problems)
    places = _Places()
    problems += _read_header(table, places)
    if any(problem.severity is Severity.ERROR for problem in problems):
        return Converted(data=None, problems=_capped(table, problems))
    catalogues: dict[str, dict[str, Any]] = {key: _catalogue(table.metadata.get(key)) for key in ("channels", "actors")}
    catalogues["lanes"] = {lane["id"]: lane for lane in _lanes(table, places)}
    stages, row_problems = _read_rows(table, places, catalogues)
    problems += row_problems
    if row_problems:
        return Converted(data=None, problems=_capped(table, problems))
    notes: list[str] = []
    data = _map_data(table, options, stages, catalogues, notes)
    problems += _checked(table, data, places)
    return Converted(data=None if _errors(problems) else data, problems=_capped(table, problems), notes=notes)


def _lanes(table: Table, places: _Places) -> list[dict[str, Any]]:
    """The map's own lanes: as the "map" sheet declares them (xlsx), else as the column headers do (CSV)."""
    try:
        declared = json.loads(table.metadata.get("lanes", "null"))
    except ValueError:
        declared = None
    if isinstance(declared, list) and all(isinstance(lane, dict) and isinstance(lane.get("id"), str)
                                          for lane in declared):
        return declared
    return places.lanes


def _errors(problems: list[Problem]) -> bool:
    return any(problem.severity is Severity.ERROR for problem in problems)


def _capped(table: Table, problems: list[Problem]) -> list[Problem]:
    """At most :data:`MAX_PROBLEMS` problems: the first ones in reading order, the last a line counting the rest."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    ordered = sorted(problems)
    shown, rest = ordered[:MAX_PROBLEMS - 1], ordered[MAX_PROBLEMS - 1:]
    last = shown[-1].location
    return [*shown, Problem.of(codes.SHEET_LIMIT, table.file, Location(line=last.line, column=last.column),
                               f"and {len(rest):,} more problems ({len(problems):,} in all; at most "
                               f"{MAX_PROBLEMS} are listed per sheet)", hint="fix these and import again",
                               severity=max(problem.severity for problem in rest))]


def _problem(table: Table, code: codes.Code, row: int, column: int, message: str, hint: str | None = None,
             severity: Severity = Severity.ERROR) -> Problem:
    return Problem.of(code, table.file, Location(line=row, column=column), message, hint=hint, severity=severity)


def _read_header(table: Table, places: _Places) -> list[Problem]:
    problems: list[Problem] = []
    for index, cell in enumerate(table.header, start=1):
        text = _text(cell)
        if not text:
            continue
        key = match_header(text)
        if key is None:
            problems.append(_problem(table, codes.SHEET_LAYOUT, table.header_row, index,
                                     f"the column {text!r} is not part of the layout and is left out",
                                     hint="see `cjmap import csv --help` for the columns read",
                                     severity=Severity.WARNING))
        elif key in places.columns:
            first = COLUMN_BY_KEY[key].header if key in COLUMN_BY_KEY else _text(table.header[places.columns[key] - 1])
            problems.append(_problem(table, codes.SHEET_LAYOUT, table.header_row, index,
                                     f"the column {text!r} repeats {first!r} (column {places.columns[key]})",
                                     hint="keep one of the two columns"))
        else:
            places.columns[key] = index
            if key.startswith(OWN_LANE):
                places.lanes.append(read_own_lane_header(text) or {})
    for key in ("stage", "name"):
        if key not in places.columns:
            header = COLUMN_BY_KEY[key].header
            problems.append(_problem(table, codes.SHEET_LAYOUT, table.header_row, 1,
                                     f"the header row has no {header!r} column",
                                     hint=f"the first row names the columns: at least {header!r}"
                                          + (" and 'Step'" if key == "stage" else "")))
    return problems


def _headerless(table: Table) -> list[Problem]:
    """One problem for all the values that stand in columns without a header, at the first of them."""
    if not table.headerless:
        return []
    row, column = min((row, column) for column, row in table.headerless.items())
    hint = "name the column in the header row, or move the value"
    if len(table.headerless) == 1:
        return [_problem(table, codes.SHEET_CELL, row, column, f"a value in column {column}, which has no header",
                         hint=hint)]
    columns = sorted(table.headerless)
    listed = ", ".join(str(number) for number in columns[:5]) + (", …" if len(columns) > 5 else "")
    return [_problem(table, codes.SHEET_CELL, row, column, f"values in {len(columns):,} columns that have no "
                     f"header (columns {listed}); the first is here", hint=hint)]


def _text(cell: Cell) -> str:
    """A cell's text as written: numbers as people write them, the formula guard's ``'`` taken off, spaces
    around it dropped (a text of spaces only, which export guards, is kept)."""
    if cell is None:
        return ""
    if isinstance(cell, (int, float)):
        return number_text(cell)
    return _trimmed(restore(cell.strip("\r\n")), guarded=cell.startswith("'"))


def _trimmed(text: str, *, guarded: bool) -> str:
    """``text`` without surrounding spaces, unless it is only spaces and was guarded by export."""
    return text if guarded and text and not text.strip() else text.strip()


def _raw(cell: Cell) -> str:
    """A cell's whole text with the formula guard taken off its start (the only place export puts one)."""
    return restore(cell) if isinstance(cell, str) else _text(cell)


def _whole(cell: Cell) -> str:
    """A long text's cell (a description): its whole text, trimmed as :func:`_text` trims."""
    return _trimmed(_raw(cell), guarded=isinstance(cell, str) and cell.startswith("'"))


def _catalogue(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _read_rows(table: Table, places: _Places,
               catalogues: dict[str, dict[str, Any]]) -> tuple[list[dict[str, Any]], list[Problem]]:
    stages: list[dict[str, Any]] = []
    problems: list[Problem] = _headerless(table)
    by_index = {index: key for key, index in places.columns.items()}
    current: tuple[str, str] | None = None
    for row, cells in table.rows:
        values: dict[str, Cell] = {}
        for index, cell in cells.items():
            if cell is None or (isinstance(cell, str) and not cell.strip()) or index not in by_index:
                continue
            if isinstance(cell, str) and len(cell) > MAX_CELL:
                problems.append(_problem(table, codes.SHEET_LIMIT, row, index,
                                         f"the cell holds {len(cell):,} characters, over the {MAX_CELL:,} limit"))
            else:
                values[by_index[index]] = cell
        if not values:
            continue
        stage_name, stage_id = _text(values.get("stage")), _text(values.get("stage_id"))
        if stage_name and (current is None or (stage_name, stage_id) != current):
            current = (stage_name, stage_id)
            stage: dict[str, Any] = {"id": stage_id} if stage_id else {}
            stages.append(stage | {"name": stage_name, "steps": []})
            places.stages[len(stages) - 1] = row
        elif not stages:
            problems.append(_problem(table, codes.SHEET_CELL, row, places.columns["stage"],
                                     "the first step has no stage", hint="write the stage's name in this cell"))
            continue
        _stage_extras(stages[-1], values)
        if not set(values) - set(STAGE_KEYS):
            continue  # a stage of its own (it may have no steps)
        try:
            step = _step(values, places, catalogues)
        except _Located as exc:
            problems.append(_problem(table, codes.SHEET_CELL, row, places.columns[exc.key], exc.error.message,
                                     hint=exc.error.hint))
            continue
        steps = stages[-1]["steps"]
        places.steps[(len(stages) - 1, len(steps))] = row
        steps.append(step)
    return stages, problems


STAGE_KEYS = ("stage", "stage_id", "stage_description", "stage_goals", "stage_expectations", "stage_colour")


def _stage_extras(stage: dict[str, Any], values: dict[str, Cell]) -> None:
    """A stage's description, goals, expectations and colour, from the first row of the stage that has them."""
    for key in ("description", "colour"):
        if values.get(f"stage_{key}") is not None and key not in stage:
            stage[key] = _whole(values[f"stage_{key}"])
    for key in ("goals", "expectations"):
        if values.get(f"stage_{key}") is not None and key not in stage:
            stage[key] = lines(_raw(values[f"stage_{key}"]))


class _Located(Exception):
    def __init__(self, key: str, error: CellError) -> None:
        super().__init__(error.message)
        self.key = key
        self.error = error


def _step(values: dict[str, Cell], places: _Places, catalogues: dict[str, dict[str, Any]]) -> dict[str, Any]:
    step: dict[str, Any] = {}
    for key in values:
        try:
            _read_cell(step, key, values, catalogues)
        except CellError as exc:
            raise _Located(key, exc) from None
    if "name" not in step:
        raise _Located("name", CellError("the step has no name", "write the step's name in this cell"))
    return {key: step[key] for key in STEP_ORDER if key in step}


def _read_cell(step: dict[str, Any], key: str, values: dict[str, Cell],
               catalogues: dict[str, dict[str, Any]]) -> None:
    cell = values[key]
    text = _text(cell)
    if key in STAGE_KEYS:
        return
    if key == "step_id":
        step["id"] = text
    elif key in ("name", "touchpoint", "owner", "description", "time", "duration"):
        step[key] = text if key != "description" else _whole(cell)
    elif key in TEXT_LISTS:
        step[key] = lines(_raw(cell))
    elif key == "channel":
        step["channel"] = [_catalogue_id(line, catalogues["channels"], "channel") for line in lines(text)]
    elif key == "emotion":
        score = cell if isinstance(cell, (int, float)) and not isinstance(cell, bool) else read_number(text)
        label = _text(values.get("emotion_label"))
        step["emotion"] = {"score": score, "label": label} if label else score
    elif key == "emotion_label":
        if values.get("emotion") is None:
            raise CellError("an emotion label needs a score in the Emotion column")
    elif key == "moment_of_truth":
        if text.casefold() not in _YES | _NO:
            raise CellError(f"expected yes or no, got {text!r}")
        if text.casefold() in _YES:
            step["moment_of_truth"] = True
    elif key == "actors":
        step["actors"] = _actors(lines(text), catalogues["actors"])
    elif key in ("pain_points", "opportunities", "kpis"):
        step[key] = [read_item(line, key) for line in lines(_raw(cell))]
    elif key.startswith(OWN_LANE):
        lane_id = key.removeprefix(OWN_LANE)
        kind = catalogues["lanes"].get(lane_id, {}).get("kind", "text")
        if kind == "score":
            value: Any = cell if isinstance(cell, (int, float)) and not isinstance(cell, bool) else read_number(text)
        else:
            value = lines(_raw(cell)) if kind == "list" else _whole(cell)
        step.setdefault("lanes", {})[lane_id] = value
    elif key in ("resources_had", "resources_needed"):
        resources = step.setdefault("resources", {})
        resources[key.removeprefix("resources_")] = lines(_raw(cell))


def _catalogue_id(text: str, catalogue: dict[str, Any], kind: str) -> str:
    """The catalogue id of a channel or actor written by id or name; a new name is added under its slug."""
    if text in catalogue:
        return text
    for key, entry in catalogue.items():
        name = entry.get("name") if isinstance(entry, dict) else entry
        if isinstance(name, str) and name.casefold() == text.casefold():
            return str(key)
    slug = ids.slugify(text) or f"{kind}-{len(catalogue) + 1}"
    catalogue.setdefault(slug, text)
    return slug


def _actors(found: list[str], catalogue: dict[str, Any]) -> dict[str, Any] | list[str]:
    scored: dict[str, Any] = {}
    for line in found:
        name, _, rest = line.partition(":")
        actor = name.strip() if not catalogue and ids.slugify(name.strip()) == name.strip() else \
            _catalogue_id(name.strip(), catalogue, "actor")
        rest = rest.strip()
        label = None
        if rest.endswith(")") and "(" in rest:
            rest, _, label = rest[:-1].partition("(")
        scored[actor] = None if not rest.strip() else (
            {"score": read_number(rest), "label": label.strip()} if label else read_number(rest))
    if all(value is None for value in scored.values()):
        return list(scored)
    return scored


def _map_data(table: Table, options: MapOptions, stages: list[dict[str, Any]],
              catalogues: dict[str, dict[str, Any]], notes: list[str]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for key, text in table.metadata.items():
        if key in TEXT_KEYS:
            meta[key] = text
        else:
            try:
                meta[key] = json.loads(text)
            except ValueError:
                meta[key] = text  # a scale preset ('1..5') or a persona path typed by hand
    title = options.title or meta.get("title") or _title(options.stem)
    data: dict[str, Any] = {"cjmap": 1, "id": options.id or meta.get("id") or ids.slugify(str(title))
                            or ids.slugify(options.stem) or "journey", "title": title}
    blueprint = any(key in step for stage in stages for step in stage["steps"] for key in LANES)
    for key in ("description", "type", "status", "owner", "tags", "reviewed", "review_every", "baseline", "lifecycle",
                "persona", "scope", "scale", "style"):
        if key == "type":
            data["type"] = options.type or meta.get("type") or ("service-blueprint" if blueprint else "current-state")
        elif key == "scale":
            data["scale"] = options.scale or meta.get("scale") or _scale(stages, notes)
        elif key in meta:
            data[key] = meta[key]
    if catalogues["actors"]:
        # Once there is an actor catalogue every step actor must be in it: add the ones written by id.
        for stage in stages:
            for step in stage["steps"]:
                for actor in step.get("actors", ()):
                    catalogues["actors"].setdefault(actor, actor)
    for key in ("channels", "actors", "lanes"):
        if catalogues[key]:
            data[key] = list(catalogues[key].values()) if key == "lanes" else catalogues[key]
    data["stages"] = [{key: stage[key] for key in ("id", "name", "description", "colour", "goals", "expectations",
                                                   "steps")
                       if key in stage and (key != "steps" or stage[key])} for stage in stages]
    return data


def _title(stem: str) -> str:
    words = " ".join(stem.replace("_", " ").replace("-", " ").split())
    return (words[:1].upper() + words[1:]) or "Imported journey"


def _scale(stages: list[dict[str, Any]], notes: list[str]) -> str:
    from cjmap.interop.journey import choose_scale

    scores = [float(emotion["score"] if isinstance(emotion, dict) else emotion)
              for stage in stages for step in stage["steps"] if (emotion := step.get("emotion")) is not None]
    low, high = choose_scale(scores) if scores else (1, 5)
    if (low, high) != (1, 5):
        notes.append(f"the scores do not all fit 1..5: the map uses the scale {low}..{high} (choose one with --scale)")
    return f"{low}..{high}"


def _checked(table: Table, data: dict[str, Any], places: _Places) -> list[Problem]:
    """Validate ``data`` as ``cjmap validate`` does a map file, and place each problem on its cell."""
    from cjmap.model import JourneyMap
    from cjmap.validation import consistency
    from cjmap.validation.validator import build

    document = Document(name=table.file, data=data, values=_locations(table, data, places))
    journey, problems = build(document, JourneyMap)
    scale = journey.scale if journey is not None else consistency.scale_of(data)
    # Persona, baseline and picture paths are relative to where the map will be saved, which import cannot know:
    # `cjmap validate` checks them on the written map.
    problems += [problem for problem in consistency.check(document, Path.cwd(), scale, well_formed=journey is not None)
                 if problem.code not in (codes.MISSING_FILE.code, codes.OUTSIDE_PROJECT.code, codes.BAD_PICTURE.code)]
    return sorted(set(problems))


_STEP_COLUMN = {"id": "step_id", "resources": "resources_had"}
_STAGE_COLUMN = {"id": "stage_id", "name": "stage", "description": "stage_description", "goals": "stage_goals",
                 "expectations": "stage_expectations", "colour": "stage_colour"}


def _locations(table: Table, data: dict[str, Any], places: _Places) -> dict[tuple[Any, ...], Location]:
    """Where each value of ``data`` stands in the sheet, as a loaded document says where it stands in a file:
    validation then reports every problem at the cell to fix (the map's own keys at the header row)."""
    def at(row: int, key: str, fallback: str) -> Location:
        return Location(line=row, column=places.columns.get(key) or places.columns[fallback])

    found: dict[tuple[Any, ...], Location] = {(): Location(line=table.header_row, column=1)}
    for s, row in places.stages.items():
        found[("stages", s)] = at(row, "stage", "stage")
        for key in data["stages"][s]:
            found[("stages", s, key)] = at(row, _STAGE_COLUMN.get(key, "stage"), "stage")
    for (s, t), row in places.steps.items():
        step = data["stages"][s]["steps"][t]
        found[("stages", s, "steps", t)] = at(row, "name", "name")
        for key in step:
            found[("stages", s, "steps", t, key)] = at(row, _STEP_COLUMN.get(key, key), "name")
        for lane_id in step.get("lanes", {}):
            found[("stages", s, "steps", t, "lanes", lane_id)] = at(row, OWN_LANE + lane_id, "name")
        if isinstance(step.get("emotion"), dict):
            found[("stages", s, "steps", t, "emotion", "label")] = at(row, "emotion_label", "emotion")
    return found
