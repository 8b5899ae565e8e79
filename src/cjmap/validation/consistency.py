"""Checks that need the whole map: unique ids, references that resolve, emotions on the scale."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path as FilePath
from typing import Any

from cjmap import codes
from cjmap.codes import Code
from cjmap.document import Document, Path
from cjmap.model import Emotion, JourneyMap
from cjmap.problem import Problem


def check(journey: JourneyMap, document: Document, base_dir: FilePath) -> list[Problem]:
    """Every consistency problem of a structurally valid map."""
    return [
        *_duplicate_ids(journey, document),
        *_channel_references(journey, document),
        *_actor_references(journey, document),
        *_pain_point_references(journey, document),
        *_emotions_on_scale(journey, document),
        *_file_references(journey, document, base_dir),
    ]


def _problem(document: Document, path: Path, code: Code, message: str, hint: str | None = None) -> Problem:
    resolved = document.resolve(path)
    return Problem.of(code, document.name, document.value_location(resolved), message,
                      path=document.pointer(resolved), hint=hint)


def _entities(journey: JourneyMap) -> Iterator[tuple[str, Path, str | None]]:
    """(kind, path of the id, id) for every list entity that carries an id."""
    for s, stage in enumerate(journey.stages):
        yield "stage", ("stages", s, "id"), stage.id
        for t, step in enumerate(stage.steps):
            base = ("stages", s, "steps", t)
            yield "step", (*base, "id"), step.id
            for i, pain in enumerate(step.pain_points):
                yield "pain point", (*base, "pain_points", i, "id"), pain.id
            for i, opportunity in enumerate(step.opportunities):
                yield "opportunity", (*base, "opportunities", i, "id"), opportunity.id
            for i, kpi in enumerate(step.kpis):
                yield "KPI", (*base, "kpis", i, "id"), kpi.id


def _duplicate_ids(journey: JourneyMap, document: Document) -> Iterator[Problem]:
    first: dict[tuple[str, str], Path] = {}
    for kind, path, entity_id in _entities(journey):
        if entity_id is None:
            continue
        earlier = first.setdefault((kind, entity_id), path)
        if earlier is not path:
            where = document.value_location(document.resolve(earlier))
            yield _problem(document, path, codes.DUPLICATE_ID,
                           f"duplicate {kind} id {entity_id!r}: first used at line {where.line}, column {where.column}",
                           "ids must be unique within a map; references, lint and diff rely on them")


def _unknown(document: Document, path: Path, kind: str, ref: str, known: list[str], where: str) -> Problem:
    close = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
    if close:
        hint = f"did you mean {close[0]!r}?"
    elif known:
        hint = f"known {kind}s: " + ", ".join(sorted(known))
    else:
        hint = f"declare it under '{where}:'"
    return _problem(document, path, codes.UNKNOWN_REFERENCE, f"unknown {kind} {ref!r}", hint)


def _channel_references(journey: JourneyMap, document: Document) -> Iterator[Problem]:
    known = list(journey.channels)
    if journey.scope is not None:
        for i, ref in enumerate(journey.scope.channels):
            if ref not in journey.channels:
                yield _unknown(document, ("scope", "channels", i), "channel", ref, known, "channels")
    for s, stage in enumerate(journey.stages):
        for t, step in enumerate(stage.steps):
            for i, ref in enumerate(step.channel):
                if ref not in journey.channels:
                    yield _unknown(document, ("stages", s, "steps", t, "channel", i), "channel", ref, known, "channels")


def _actor_references(journey: JourneyMap, document: Document) -> Iterator[Problem]:
    if not journey.actors:
        return  # without a catalogue, actor ids are free (as in Mermaid)
    known = list(journey.actors)
    for s, stage in enumerate(journey.stages):
        for t, step in enumerate(stage.steps):
            for ref in step.actors:
                if ref not in journey.actors:
                    yield _unknown(document, _actor_path(document, ("stages", s, "steps", t), ref), "actor", ref,
                                   known, "actors")


def _actor_path(document: Document, step: Path, ref: str) -> Path:
    """Where actor ``ref`` is named: its item when the actors are written as a list, else its key."""
    written: Any = document.data
    for key in (*step, "actors"):
        written = written[key]  # the map validated, so the step and its actors are there
    if isinstance(written, list) and ref in written:
        return (*step, "actors", written.index(ref))
    return (*step, "actors", ref)


def _pain_point_references(journey: JourneyMap, document: Document) -> Iterator[Problem]:
    known = [pain.id for _, step in journey.steps() for pain in step.pain_points if pain.id]
    for s, stage in enumerate(journey.stages):
        for t, step in enumerate(stage.steps):
            for kind, items in (("opportunities", step.opportunities), ("kpis", step.kpis)):
                for i, item in enumerate(items):
                    for r, ref in enumerate(item.addresses):
                        if ref not in known:
                            path = ("stages", s, "steps", t, kind, i, "addresses", r)
                            yield _unknown(document, path, "pain point", ref, known, "pain_points")


def _emotions_on_scale(journey: JourneyMap, document: Document) -> Iterator[Problem]:
    scale = journey.scale
    hint = f"the map's scale is {scale.describe()}; change the score or declare another 'scale:'"
    for s, stage in enumerate(journey.stages):
        for t, step in enumerate(stage.steps):
            base = ("stages", s, "steps", t)
            scored: list[tuple[Path, Emotion | None]] = [((*base, "emotion"), step.emotion)]
            scored += [((*base, "actors", actor), emotion) for actor, emotion in step.actors.items()]
            for path, emotion in scored:
                if emotion is not None and not scale.contains(emotion.score):
                    yield _problem(document, (*path, "score"), codes.EMOTION_OUT_OF_SCALE,
                                   f"emotion {emotion.score} lies outside the scale {scale.min}..{scale.max}", hint)


def _file_references(journey: JourneyMap, document: Document, base_dir: FilePath) -> Iterator[Problem]:
    references: list[tuple[Path, str, str]] = []
    if journey.baseline is not None:
        references.append((("baseline",), "baseline map", journey.baseline))
    for i, entry in enumerate(journey.persona):
        if isinstance(entry, str):
            path: Path = ("persona",) if document.data.get("persona") == entry else ("persona", i)
            references.append((path, "persona file", entry))
    for path, kind, ref in references:
        if not (base_dir / ref).is_file():
            yield _problem(document, path, codes.MISSING_FILE, f"{kind} {ref!r} not found",
                           f"paths are relative to the map file; looked for {base_dir / ref}")
