"""A parsed Mermaid journey as a cjmap map: sections become stages, tasks steps, actors the actor catalogue.

Decisions (docs/commands/import-mermaid.md says the same to users):

- A task's score is the step's ``emotion``; its actors are the step's ``actors: [id, ...]`` (in Mermaid the
  score belongs to the task, and actors are only listed), declared once in the map's ``actors`` catalogue.
- The scale is ``1..5`` when every score lies on it (decimals kept); otherwise the first of ``-2..2``,
  ``1..10``, ``0..10``, ``0..100`` that holds every score, else ``0..N`` or ``MIN..MAX`` from the scores
  (warning M003). Scores are kept as written, never squeezed.
- Ids are written, and they are the ids cjmap would derive from the names (:func:`cjmap.ids.derive_ids`,
  transliterating other scripts), so a re-import gives the same ids and lint's missing-id rule stays quiet;
  a name without letters or digits (emoji only) gets no written id, since its id could only come from its
  position (lint R008). Actor ids are slugs of the names (``actor-N`` when a name has no letter or digit).
- ``accDescr`` becomes the map's ``description``; ``accTitle`` the title when there is no other, else it
  is dropped (M002). Tasks before any section go into a stage named :data:`UNNAMED_SECTION` (M003).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cjmap import codes, ids
from cjmap.interop.mermaid import Diagram
from cjmap.model.scale import Scale
from cjmap.problem import Location, Problem, Severity
from cjmap.render.mermaid import MERMAID_MAX, MERMAID_MIN, from_mermaid_score, number

UNNAMED_SECTION = "Unnamed section"
"""The stage name for tasks written before any ``section`` (a stage needs a name)."""
SCALES: tuple[tuple[int, int], ...] = ((MERMAID_MIN, MERMAID_MAX), (-2, 2), (1, 10), (0, 10), (0, 100))
"""Scales tried in order for the scores read; the first that holds every score is the map's."""


@dataclass(frozen=True, kw_only=True)
class Imported:
    """One imported map: its data in file order, the header comment lines and the file stem to write it as."""

    data: dict[str, Any]
    header: tuple[str, ...]
    stem: str


def choose_scale(scores: Sequence[float]) -> tuple[int, int]:
    """The smallest usual scale that holds every score: 1..5 first, then the presets, then one from the scores."""
    for low, high in SCALES:
        if all(low <= score <= high for score in scores):
            return low, high
    low = min(0, math.floor(min(scores)))
    return low, max(math.ceil(max(scores)), low + 1)


def to_map(diagram: Diagram, *, file: str, origin: str, fallback: str) -> tuple[Imported, list[Problem]]:
    """The map ``diagram`` describes; ``origin`` says where it came from (header), ``fallback`` names an
    untitled map (the file stem)."""
    problems: list[Problem] = []

    def note(code: codes.Code, location: Location, message: str, hint: str | None = None) -> None:
        problems.append(Problem.of(code, file, location, message, hint=hint, severity=Severity.WARNING))

    title = diagram.title or diagram.front_title or diagram.acc_title
    if title is None:
        title = fallback
        note(codes.MERMAID_CHANGED, diagram.location, f"the diagram has no title; the map is titled {title!r}")
    if diagram.acc_title and diagram.acc_title != title and diagram.acc_title_location is not None:
        note(codes.MERMAID_DROPPED, diagram.acc_title_location, f"the accessible title {diagram.acc_title!r} is "
             "dropped: the map has one title")
    if diagram.title and diagram.front_title and diagram.front_title != diagram.title:
        note(codes.MERMAID_DROPPED, Location(1, 1), f"the front-matter title {diagram.front_title!r} is dropped: "
             "the `title` line wins, as in Mermaid")
    scale_text, scores, header_scale = _scale(diagram, note)
    actors: dict[str, str] = {}
    actor_ids: dict[str, str] = {}
    stages: list[dict[str, Any]] = []
    for section in diagram.sections:
        if section.name is None:
            note(codes.MERMAID_CHANGED, section.location, "tasks before the first section go into a stage "
                 f"named {UNNAMED_SECTION!r}", hint="start the diagram with a `section` line to name it")
        steps = []
        for task in section.tasks:
            step: dict[str, Any] = {"name": task.name}
            score = scores.get(id(task))
            if score is not None:
                step["emotion"] = score
            if task.actors:
                step["actors"] = [_actor_id(name, actors, actor_ids) for name in task.actors]
            steps.append(step)
        stages.append({"name": section.name or UNNAMED_SECTION, "steps": steps})
    data: dict[str, Any] = {"cjmap": 1, "id": ids.slugify(title) or ids.slugify(fallback) or "journey",
                            "title": title}
    if diagram.description:
        data["description"] = diagram.description
    data |= {"type": "current-state", "scale": scale_text}
    if actors:
        data["actors"] = actors
    data["stages"] = _with_ids(stages)
    header = (f"Imported by `cjmap import mermaid` from {origin}.",
              "Each Mermaid section is a stage and each task a step: the task's score is the step's emotion,",
              "its actors the step's actors. Ids are the ones cjmap derives from the names.",
              header_scale,
              *(f"Mermaid comment (line {where.line}): {text}" for where, text in diagram.comments))
    return Imported(data=data, header=header, stem=str(data["id"])), problems


def _scale(diagram: Diagram, note: Any) -> tuple[str | dict[str, float], dict[int, float], str]:
    """The map's scale, each task's score on it (by task identity) and the header line saying how."""
    tasks = [task for section in diagram.sections for task in section.tasks if task.score is not None]
    if diagram.scale is not None:
        own = Scale(min=diagram.scale[0], max=diagram.scale[1])
        mapped = {id(task): _mapped_back(own, task.score) for task in tasks if task.score is not None}
        if all(own.contains(score) for score in mapped.values()):
            text = f"{number(own.min)}..{number(own.max)}"
            preset: str | dict[str, float] = text if all(float(v).is_integer() for v in diagram.scale) else {
                "min": own.min, "max": own.max}
            return preset, mapped, (f"Scores were written by cjmap from scale {text} onto Mermaid's 1..5 "
                                    "(see the `%% cjmap scale` line) and are mapped back.")
    scores = {id(task): task.score for task in tasks if task.score is not None}
    low, high = choose_scale(list(scores.values())) if scores else (MERMAID_MIN, MERMAID_MAX)
    if (low, high) != (MERMAID_MIN, MERMAID_MAX):
        outside = sorted({number(score) for score in scores.values() if not MERMAID_MIN <= score <= MERMAID_MAX})
        note(codes.MERMAID_CHANGED, diagram.location, f"scores outside Mermaid's 1..5 ({', '.join(outside)}): the "
             f"map uses the scale {low}..{high}, scores kept as written; `cjmap render --format mermaid` maps "
             "them back onto 1..5")
        return f"{low}..{high}", scores, f"Scores outside Mermaid's 1..5 are kept as written on scale {low}..{high}."
    return f"{low}..{high}", scores, "Scores are Mermaid's, on its scale 1..5."


def _mapped_back(scale: Scale, score: float) -> float:
    """A 1..5 score written by cjmap back on the map's scale; a whole number when within rounding of one
    (cjmap writes Mermaid scores with two decimals)."""
    value = from_mermaid_score(scale, score)
    whole = round(value)
    if abs(value - whole) <= 0.005 * scale.span() / (MERMAID_MAX - MERMAID_MIN) + 1e-9:
        return whole
    return round(value, 2)


def _actor_id(name: str, actors: dict[str, str], actor_ids: dict[str, str]) -> str:
    """The catalogue id of the actor called ``name``, declared on first sight."""
    if name not in actor_ids:
        base = ids.slugify(name) or f"actor-{len(actors) + 1}"
        unique, counter = base, 2
        while unique in actors:
            unique, counter = f"{base}-{counter}", counter + 1
        actor_ids[name] = unique
        actors[unique] = name
    return actor_ids[name]


def _with_ids(stages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stages and steps with the ids cjmap derives from their names written first; a positional id (a name
    without letters or digits, emoji only) is left unwritten, so lint asks for a meaningful one (R008)."""
    derived = ids.derive_ids({"stages": stages})

    def with_id(position: ids.Position, entity: dict[str, Any]) -> dict[str, Any]:
        found = derived[position]
        return entity if found.positional else {"id": found.id, **entity}

    return [with_id((s, None), {"name": stage["name"], "steps": [with_id((s, t), step)
                                                                for t, step in enumerate(stage["steps"])]})
            for s, stage in enumerate(stages)]
