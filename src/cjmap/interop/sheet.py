"""The spreadsheet layout of a map: one row per step, a column per step field, forgiving header matching.

Columns (docs/commands/import-export-sheets.md lists them for users): the issue's designer columns first, then
the blueprint lanes, then optional columns written only when a step uses them. Headers match whatever the
case, spacing and punctuation, and by synonyms in English, German, French, Spanish and Dutch ("Phase" is
the stage, "Feeling" the emotion). Multi-value cells hold one value per line (:mod:`sheet_cells`).

Rows to map: :mod:`cjmap.interop.sheet_import`. Map to rows: :func:`step_rows` here.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cjmap.interop.sheet_cells import RATINGS, join_attributes, keep_spaces, number_text, read_number
from cjmap.model import CustomLane, JourneyMap, Kpi, Opportunity, PainPoint, Stage, Step

Cell = str | int | float | None
"""A cell as read: text, or a number from an .xlsx numeric cell; None when empty."""


@dataclass(frozen=True, kw_only=True)
class Column:
    """One column of the layout: the step key it fills, its header and the other headers people write."""

    key: str
    header: str
    synonyms: tuple[str, ...] = ()
    multi: bool = False
    """One value per line."""
    group: str = "main"
    """``main`` (always written), ``lane`` (written for blueprints and when used), ``extra`` (when used),
    ``own`` (a lane the map declares, always written)."""


COLUMNS: tuple[Column, ...] = (
    Column(key="stage", header="Stage", synonyms=("phase", "stage name", "section", "etappe", "abschnitt",
                                                  "étape du parcours", "fase", "etapa")),
    Column(key="name", header="Step", synonyms=("step name", "activity", "task", "moment", "schritt",
                                                "aktivität", "étape", "activité", "paso", "actividad", "stap")),
    Column(key="touchpoint", header="Touchpoint", synonyms=("touch point", "touchpoints", "kontaktpunkt",
                                                            "berührungspunkt", "point de contact",
                                                            "punto de contacto", "contactpunt")),
    Column(key="channel", header="Channel", multi=True, synonyms=("channels", "kanal", "kanäle", "canal",
                                                                  "canaux", "canales", "kanaal")),
    Column(key="actions", header="Actions", multi=True, synonyms=("action", "doing", "does", "customer actions",
                                                                  "aktionen", "handlungen", "tut", "acciones",
                                                                  "acties")),
    Column(key="thoughts", header="Thoughts", multi=True, synonyms=("thought", "thinking", "thinks",
                                                                    "questions", "gedanken", "denkt", "pensées",
                                                                    "pensamientos", "gedachten")),
    Column(key="emotion", header="Emotion", synonyms=("feeling", "feelings", "emotion score", "score",
                                                      "sentiment", "mood", "gefühl", "stimmung", "émotion",
                                                      "ressenti", "emoción", "sentimiento", "emotie", "gevoel")),
    Column(key="emotion_label", header="Emotion label", synonyms=("feeling label", "emotion word", "mood label",
                                                                  "label", "gefühlslabel", "émotion libellé",
                                                                  "etiqueta emoción")),
    Column(key="pain_points", header="Pain points", multi=True,
           synonyms=("pain point", "pains", "pain", "pain points painpoints", "problems", "issues",
                     "schmerzpunkte", "probleme", "points de douleur", "irritants", "puntos de dolor",
                     "knelpunten", "pijnpunten")),
    Column(key="opportunities", header="Opportunities", multi=True,
           synonyms=("opportunity", "ideas", "improvements", "chancen", "ideen", "opportunités",
                     "oportunidades", "kansen")),
    Column(key="kpis", header="KPIs", multi=True, synonyms=("kpi", "metrics", "metric", "measures",
                                                            "kennzahlen", "indicateurs", "indicadores",
                                                            "kengetallen")),
    Column(key="owner", header="Owner", synonyms=("owners", "responsible", "team", "verantwortlich",
                                                  "zuständig", "responsable", "eigenaar")),
    Column(key="research", header="Research", multi=True, synonyms=("evidence", "sources", "source", "insights",
                                                                    "forschung", "belege", "recherche",
                                                                    "investigación", "onderzoek")),
    Column(key="physical_evidence", header="Physical evidence", multi=True, group="lane",
           synonyms=("props", "physische belege", "preuves physiques", "evidencia física")),
    Column(key="frontstage", header="Frontstage", multi=True, group="lane",
           synonyms=("front stage", "onstage", "frontstage actions", "vorderbühne")),
    Column(key="backstage", header="Backstage", multi=True, group="lane",
           synonyms=("back stage", "backstage actions", "hinterbühne")),
    Column(key="support", header="Support processes", multi=True, group="lane",
           synonyms=("support", "support process", "unterstützungsprozesse", "processus de support")),
    Column(key="description", header="Description", group="extra", synonyms=("beschreibung", "notes")),
    Column(key="time", header="Time", group="extra", synonyms=("clock time", "uhrzeit", "heure", "hora")),
    Column(key="duration", header="Duration", group="extra", synonyms=("dauer", "durée", "duración", "duur")),
    Column(key="moment_of_truth", header="Moment of truth", group="extra", synonyms=("mot", "moments of truth")),
    Column(key="actors", header="Actors", multi=True, group="extra", synonyms=("actor", "akteure", "acteurs")),
    Column(key="people", header="People", multi=True, group="extra"),
    Column(key="policies", header="Policies", multi=True, group="extra"),
    Column(key="technologies", header="Technologies", multi=True, group="extra", synonyms=("technology", "tools")),
    Column(key="processes", header="Processes", multi=True, group="extra"),
    Column(key="resources_had", header="Resources had", multi=True, group="extra"),
    Column(key="resources_needed", header="Resources needed", multi=True, group="extra"),
    Column(key="stage_description", header="Stage description", group="extra"),
    Column(key="stage_goals", header="Stage goals", multi=True, group="extra",
           synonyms=("customer goals", "goals", "ziele", "objectifs", "objetivos", "doelen")),
    Column(key="stage_expectations", header="Stage expectations", multi=True, group="extra",
           synonyms=("expectations", "erwartungen", "attentes", "expectativas", "verwachtingen")),
    Column(key="stage_colour", header="Stage colour", group="extra", synonyms=("stage color",)),
    Column(key="stage_id", header="Stage id", group="extra"),
    Column(key="step_id", header="Step id", group="extra"),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
LANES = tuple(column.key for column in COLUMNS if column.group == "lane")
TEXT_LISTS = ("actions", "thoughts", "research", "people", "policies", "technologies", "processes", *LANES)


OWN_LANE = "lane:"
"""The start of a column key that holds one of the map's own lanes: ``lane:quotes``."""
_OWN_LANE_HEADER = re.compile(r"^(?P<title>.*?)\s*\(\s*lane:\s*(?P<id>[^\s,()]+)\s*(?:,\s*(?P<kind>text|list|score)"
                              r"(?:\s+(?P<min>[-+]?\d+(?:\.\d+)?)\s*\.\.\s*(?P<max>[-+]?\d+(?:\.\d+)?))?\s*)?\)$",
                              re.IGNORECASE)


def own_lane_header(lane: CustomLane) -> str:
    """The header of a column of the map's own lane: its title, then its id, kind and range in brackets, so a
    CSV file, which has no "map" sheet, declares the lane again on import: ``Engagement (lane:engagement,
    score 1..5)``; a text lane is ``Customer quotes (lane:quotes)``."""
    kind = "" if lane.kind == "text" else f", {lane.kind}"
    if lane.kind == "score" and (lane.min is not None or lane.max is not None):
        kind += f" {number_text(lane.low)}..{number_text(lane.high)}"
    return f"{lane.title} (lane:{lane.id}{kind})"


def read_own_lane_header(text: str) -> dict[str, Any] | None:
    """The lane declaration a header of :func:`own_lane_header`'s form makes, else None."""
    found = _OWN_LANE_HEADER.match(text.strip())
    if found is None:
        return None
    lane: dict[str, Any] = {"id": found["id"], "title": found["title"] or found["id"],
                            "kind": (found["kind"] or "text").lower()}
    if found["min"] is not None:
        lane |= {"min": read_number(found["min"]), "max": read_number(found["max"])}
    return lane


def own_lane_columns(journey: JourneyMap) -> list[Column]:
    """A column per lane the map declares, in declared order."""
    return [Column(key=OWN_LANE + lane.id, header=own_lane_header(lane), multi=lane.kind == "list", group="own")
            for lane in journey.lanes]


def normalise_header(text: str) -> str:
    """A header as compared: case, accents, spaces, punctuation and a trailing ``(...)`` ignored."""
    text = text.split("(")[0] if "(" in text and not text.startswith("(") else text
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()
    return " ".join("".join(char if char.isalnum() else " " for char in folded).split())


HEADER_INDEX: dict[str, str] = {
    normalise_header(name): column.key
    for column in reversed(COLUMNS) for name in (*column.synonyms, column.header, column.key)
}
"""Normalised header or synonym -> column key (a column's own header wins over another's synonym)."""


def match_header(text: str) -> str | None:
    """The column key a header names, or None when it names none; 'pain points' also matches 'painpoints'; a
    lane of the map's own is ``lane:<id>``."""
    if (lane := read_own_lane_header(text)) is not None:
        return OWN_LANE + str(lane["id"])
    normal = normalise_header(text)
    return HEADER_INDEX.get(normal) or HEADER_INDEX.get(normal.replace(" ", "")) or next(
        (key for name, key in HEADER_INDEX.items() if name.replace(" ", "") == normal.replace(" ", "")), None)


# --- map to rows ------------------------------------------------------------------------------------------

def columns_for(journey: JourneyMap) -> list[Column]:
    """The columns an export of ``journey`` writes: the main ones, lanes for blueprints, extras when used."""
    used = {key for _, step in journey.steps() for key, value in step_cells(journey, step).items() if value}
    used |= {key for stage in journey.stages for key, value in _stage_cells(stage, first=True).items() if value}
    blueprint = journey.type == "service-blueprint"
    columns = [column for column in COLUMNS if column.group == "main" or column.key in used
               or (column.group == "lane" and blueprint)]
    # The map's own lanes after the customer's (as a rendered map shows them): after Research.
    at = [column.key for column in columns].index("research") + 1
    return columns[:at] + own_lane_columns(journey) + columns[at:]


def step_rows(journey: JourneyMap) -> tuple[list[Column], list[list[Cell]]]:
    """The columns and one row per step (a stage without steps gets a row of its own)."""
    columns = columns_for(journey)
    rows: list[list[Cell]] = []
    for stage in journey.stages:
        for index, step in enumerate(stage.steps or [None]):
            cells = _stage_cells(stage, first=index == 0) | (step_cells(journey, step) if step is not None else {})
            rows.append([cells.get(column.key) for column in columns])
    return columns, rows


def _stage_cells(stage: Stage, *, first: bool) -> dict[str, Cell]:
    """The stage's cells: its name on every row (so rows sort and filter), the rest on its first row."""
    cells: dict[str, Cell] = {"stage": stage.name, "stage_id": stage.id if stage.id_written else None}
    if first:
        cells |= {"stage_description": stage.description, "stage_goals": _joined(stage.goals),
                  "stage_expectations": _joined(stage.expectations), "stage_colour": stage.colour}
    return cells


def step_cells(journey: JourneyMap, step: Step) -> dict[str, Cell]:
    """The cells of one step by column key (empty cells left out or None)."""
    cells: dict[str, Cell] = {"name": step.name, "touchpoint": step.touchpoint, "owner": step.owner,
                              "description": step.description, "time": step.time,
                              "duration": str(step.duration) if step.duration is not None else None,
                              "step_id": step.id if step.id_written else None}
    for key in TEXT_LISTS:
        values = getattr(step, key)
        cells[key] = _joined(values)
    cells["channel"] = "\n".join(_channel_text(journey, channel) for channel in step.channel) or None
    if step.emotion is not None:
        cells["emotion"] = step.emotion.score
        cells["emotion_label"] = step.emotion.label
    cells["moment_of_truth"] = "yes" if step.moment_of_truth else None
    cells["actors"] = "\n".join(actor if emotion is None else
                                f"{actor}: {number_text(emotion.score)}" + (f" ({emotion.label})" if emotion.label
                                                                            else "")
                                for actor, emotion in step.actors.items()) or None
    cells["pain_points"] = "\n".join(pain_point_line(item) for item in step.pain_points) or None
    cells["opportunities"] = "\n".join(opportunity_line(item) for item in step.opportunities) or None
    cells["kpis"] = "\n".join(kpi_line(item) for item in step.kpis) or None
    if step.resources is not None:
        cells["resources_had"] = _joined(step.resources.had)
        cells["resources_needed"] = _joined(step.resources.needed)
    for lane_id, value in step.lanes.items():
        cells[OWN_LANE + lane_id] = _joined(value) if isinstance(value, list) else value
    return cells


def _joined(texts: Sequence[str] | None) -> str | None:
    """A multi-value cell: one text a line, a text of spaces only guarded so that import keeps it."""
    return "\n".join(keep_spaces(text) for text in texts or ()) or None


def _channel_text(journey: JourneyMap, channel: str) -> str:
    """A channel's name when import finds the id again from it (its slug, or the catalogue), else the id."""
    from cjmap.ids import slugify

    entry = journey.channels.get(channel)
    return entry.name if entry is not None and slugify(entry.name) == channel else channel


def pain_point_line(item: PainPoint) -> str:
    """``[high, #vat-first] VAT asked first``; the default severity (medium) is left out."""
    parts: list[str] = [item.severity] if item.severity != "medium" else []
    parts += [f"#{item.id}"] if item.id else []
    return join_attributes(parts, item.text)


def opportunity_line(item: Opportunity) -> str:
    """``[high, #ask-later, owner: Growth, addresses: vat-first, effort: 2] Ask for VAT later``."""
    parts: list[str] = [item.priority] if item.priority else []
    parts += [f"#{item.id}"] if item.id else []
    parts += [f"owner: {item.owner}"] if item.owner else []
    parts += [f"addresses: {' '.join(item.addresses)}"] if item.addresses else []
    parts += [f"{name}: {value}" for name, key in RATINGS.items() if (value := getattr(item, key)) is not None]
    parts += [f"issue: {item.issue}"] if item.issue else []
    return join_attributes(parts, item.text)


def kpi_line(item: Kpi) -> str:
    """``42% of target 60% — sign-up completion``; ``[lower]`` or ``[unit: min]`` only when the numbers cannot
    carry them."""
    parts = [f"#{item.id}"] if item.id else []
    carried = item.target is not None or item.value is not None
    if item.direction != "higher" and item.target is None:
        parts.append(item.direction)
    if item.unit and not (carried and _carried(item.unit)):
        parts.append(f"unit: {item.unit}")
    parts += [f"addresses: {' '.join(item.addresses)}"] if item.addresses else []
    value = _measure(item.value, item.unit)
    target = _measure(item.target, item.unit)
    if target is not None and item.direction == "lower":
        target = "<= " + target
    if value is not None and target is not None:
        body = f"{value} of target {target} — {item.name}"
    elif value is not None:
        body = f"{value} — {item.name}"
    elif target is not None:
        body = f"target {target} — {item.name}"
    else:
        body = f"— {item.name}" if any(dash in item.name for dash in (" — ", " – ", " -- ")) or \
            item.name.startswith(("— ", "– ")) else item.name
    return join_attributes(parts, body)


def _measure(number: float | None, unit: str | None) -> str | None:
    if number is None:
        return None
    text = number_text(number)
    if not unit or not _carried(unit):
        return text
    return text + unit if not unit[0].isalpha() else f"{text} {unit}"


def _carried(unit: str) -> bool:
    """Whether a unit can be written after a KPI's numbers and read back from them (``42%``, ``3 min``); one
    that cannot (``＝1+1``: digits, a sign) goes into the line's ``[unit: ...]`` instead."""
    from cjmap.measures import MeasureError, read_measure

    try:
        return read_measure(f"1{unit}" if not unit[0].isalpha() else f"1 {unit}", "value").unit == unit
    except MeasureError:
        return False


# --- the "map" sheet (xlsx) -------------------------------------------------------------------------------

TEXT_KEYS = ("id", "title", "description", "type", "status", "owner", "reviewed", "review_every", "baseline",
             "lifecycle")
"""Map keys whose value is written as text in the "map" sheet; the others (persona, scope, scale, channels,
actors, tags) as JSON."""


def metadata_rows(journey: JourneyMap) -> list[tuple[str, str]]:
    """The map's own keys as (key, value) rows of the "map" sheet (the stages are on the steps sheet)."""
    data = journey.model_dump(mode="json", exclude_unset=True, by_alias=True)
    data.pop("cjmap", None)
    data.pop("stages", None)
    return [(key, value if key in TEXT_KEYS and isinstance(value, str) else _json(value))
            for key, value in data.items()]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
