"""Checks that need the whole map: unique ids, references that resolve, emotions on the scale."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path as FilePath
from typing import Any

from cjmap import codes
from cjmap import references as files
from cjmap.codes import Code
from cjmap.document import Document, Path
from cjmap.model import Emotion, JourneyMap, Kpi, Opportunity
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


MAX_LISTED = 20
"""Most known ids a hint lists: a map with 10,000 pain points would otherwise repeat all of them per problem."""
SUGGESTION_BUDGET = 20_000
"""Most did-you-mean comparisons per kind of reference and map. Each unknown reference is compared with every
known id, so thousands of broken references to thousands of ids would make validation quadratic; past the
budget (about 0.15 s of difflib), hints only say what is known."""


class _Known:
    """The ids a reference may name: a set for membership, and hints within a bounded amount of work."""

    def __init__(self, kind: str, ids: Iterable[str], where: str) -> None:
        self.kind = kind
        self.where = where
        self.ids = dict.fromkeys(ids)  # ordered and deduplicated, for difflib and for membership in one
        self.budget = SUGGESTION_BUDGET
        self.hints: dict[str, str] = {}  # the same typo repeated costs one search
        self.listing: str | None = None

    def __contains__(self, ref: object) -> bool:
        return ref in self.ids

    def hint(self, ref: str) -> str:
        """Did-you-mean while the budget lasts, else the known ids (at most :data:`MAX_LISTED` of them)."""
        cached = self.hints.get(ref)
        if cached is not None:
            return cached
        close: list[str] = []
        if len(self.ids) <= self.budget:
            self.budget -= len(self.ids)
            close = difflib.get_close_matches(ref, self.ids, n=1, cutoff=0.6)
        if close:
            hint = f"did you mean {close[0]!r}?"
        else:
            hint = self._listing()
        self.hints[ref] = hint
        return hint

    def _listing(self) -> str:
        """The fallback hint, built once: sorting the ids again per problem would be quadratic too."""
        if self.listing is None:
            if self.ids:
                listed = sorted(self.ids)
                more = f" and {len(listed) - MAX_LISTED:,} more" if len(listed) > MAX_LISTED else ""
                self.listing = f"known {self.kind}s: " + ", ".join(listed[:MAX_LISTED]) + more
            else:
                self.listing = f"declare it under '{self.where}:'"
        return self.listing


def _unknown(document: Document, path: Path, ref: str, known: _Known) -> Problem:
    return _problem(document, path, codes.UNKNOWN_REFERENCE, f"unknown {known.kind} {ref!r}", known.hint(ref))


def _channel_references(journey: JourneyMap, document: Document) -> Iterator[Problem]:
    known = _Known("channel", journey.channels, "channels")
    if journey.scope is not None:
        for i, ref in enumerate(journey.scope.channels):
            if ref not in known:
                yield _unknown(document, ("scope", "channels", i), ref, known)
    for s, stage in enumerate(journey.stages):
        for t, step in enumerate(stage.steps):
            for i, ref in enumerate(step.channel):
                if ref not in known:
                    yield _unknown(document, ("stages", s, "steps", t, "channel", i), ref, known)


def _actor_references(journey: JourneyMap, document: Document) -> Iterator[Problem]:
    if not journey.actors:
        return  # without a catalogue, actor ids are free (as in Mermaid)
    known = _Known("actor", journey.actors, "actors")
    for s, stage in enumerate(journey.stages):
        for t, step in enumerate(stage.steps):
            for ref in step.actors:
                if ref not in known:
                    yield _unknown(document, _actor_path(document, ("stages", s, "steps", t), ref), ref, known)


def _actor_path(document: Document, step: Path, ref: str) -> Path:
    """Where actor ``ref`` is named: its item when the actors are written as a list, else its key."""
    written: Any = document.data
    for key in (*step, "actors"):
        written = written[key]  # the map validated, so the step and its actors are there
    if isinstance(written, list) and ref in written:  # one step's few actors: a list scan is cheap
        return (*step, "actors", written.index(ref))
    return (*step, "actors", ref)


def _pain_point_references(journey: JourneyMap, document: Document) -> Iterator[Problem]:
    # A set (inside _Known), built once: membership in a list made this check quadratic (2.6 s at 10,000 steps).
    known = _Known("pain point", (pain.id for _, step in journey.steps() for pain in step.pain_points if pain.id),
                   "pain_points")
    for s, stage in enumerate(journey.stages):
        for t, step in enumerate(stage.steps):
            lists: tuple[tuple[str, Sequence[Opportunity | Kpi]], ...] = (
                ("opportunities", step.opportunities), ("kpis", step.kpis))
            for kind, items in lists:
                for i, item in enumerate(items):
                    for r, ref in enumerate(item.addresses):
                        if ref not in known:
                            yield _unknown(document, ("stages", s, "steps", t, kind, i, "addresses", r), ref, known)


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
        references.append((("baseline",), files.BASELINE, journey.baseline))
    for i, entry in enumerate(journey.persona):
        if isinstance(entry, str):
            path: Path = ("persona",) if document.data.get("persona") == entry else ("persona", i)
            references.append((path, files.PERSONA, entry))
    for path, kind, ref in references:
        # One resolver for every reference: it keeps them inside the project and never quotes the file.
        found = files.locate(ref, base_dir, kind)
        if isinstance(found, files.Refusal):
            yield _problem(document, path, found.code, found.message, found.hint)
        elif kind == files.PERSONA:
            persona = files.inspect_persona(found)
            if persona.error is not None:
                yield _problem(document, path, codes.MISSING_FILE, f"{kind} {ref!r} cannot be read: {persona.error}")
            elif not persona.is_persona:  # reported here, at the reference: the file's content is never shown
                yield _problem(document, path, codes.MISSING_FILE, "persona file lacks 'cjmap-persona: 1'",
                               "start a persona file with 'cjmap-persona: 1'")
