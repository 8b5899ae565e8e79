"""Checks that need the whole map: unique ids, references that resolve, emotions on the scale.

They read the map's data as written (mappings and lists), not the model, so that they also run when the
structure is broken: a map with an unknown key in one stage and an unknown channel in another reports both
in one run. On a broken map each check looks only at values that are well-formed for it (an id that is an
id, a score that is a number within bounds) and skips the rest, which structural validation reports
(V020–V023), so no place gets a problem twice; a check whose catalogue cannot be read (``channels:`` written
as a list, steps written as a mapping) is skipped rather than calling every reference unknown.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path as FilePath
from typing import Any

from pydantic import ValidationError

from cjmap import codes
from cjmap import references as files
from cjmap.codes import Code
from cjmap.discovery import is_map_text
from cjmap.document import Document, Path
from cjmap.ids import MAX_ID
from cjmap.loader import MAX_BYTES, LoadError, load
from cjmap.model import DEFAULT_SCALE, ID_PATTERN, SCALE_LIMIT, CustomLane, Scale
from cjmap.problem import Problem
from cjmap.suggestions import Suggestions
from cjmap.validation import lanes

Data = dict[Any, Any]
"""A mapping as loaded (see :mod:`cjmap.loader`: plain dicts and lists)."""
Ref = tuple[Path, str]
"""Where an id is named, and the id."""

_ID = re.compile(ID_PATTERN)
_ENTITY_LISTS = (("pain_points", "pain point"), ("opportunities", "opportunity"), ("kpis", "KPI"))


def check(document: Document, base_dir: FilePath, scale: Scale | None, *, well_formed: bool = False,
          tree: files.Tree = files.WORKING_TREE, shared: Sequence[CustomLane] = (),
          unjudged: Collection[str] = ()) -> list[Problem]:
    """Every consistency problem in the well-formed parts of the map in ``document``.

    ``scale``: the scale scores are checked against; None skips that check (the written scale is broken).
    ``well_formed``: the whole map validated, so every value has its type and is not judged again (judging
    each id half again slows these checks on valid maps, the common case).
    ``tree``: where persona and baseline files are read from (the working tree, or a git revision).
    ``shared``: the lanes the project configuration declares for every map (``unjudged``: the ids of those too
    broken to judge values by).
    """
    found = _Map(document, well_formed)
    return [
        *found.duplicate_ids(),
        *found.channel_references(),
        *found.actor_references(),
        *found.pain_point_references(),
        *([] if scale is None else found.emotions_on_scale(scale)),
        *(located(document, finding) for finding in lanes.check(found.data, found.steps, shared, unjudged)),
        *_file_references(document, base_dir, tree),
        *files.picture_problems(document, base_dir, tree),
        *_language(document, found.data),
    ]


def _language(document: Document, data: Data) -> Iterator[Problem]:
    """A ``language:`` that names no language a page can be written in (a wrong type is V022's)."""
    from cjmap.language import SHIPPED, tag_problem

    tag = data.get("language")
    if isinstance(tag, str) and tag.strip() and (problem := tag_problem(tag)) is not None:
        yield _problem(document, ("language",), codes.UNKNOWN_LANGUAGE, problem,
                       f"write a language tag such as {', '.join(SHIPPED[1:])} or pt-BR (pages in a language cjmap has no "
                       "words for are written with English words)")


def scale_of(data: Data) -> Scale | None:
    """The scale of a map whose structure is broken: the written one if it validates on its own, the default
    when none is written, and None when the written one is broken (scores are not judged by a guess)."""
    if "scale" not in data:
        return DEFAULT_SCALE
    try:
        return Scale.model_validate(data["scale"])
    except ValidationError:
        return None


def persona_files(data: Data) -> list[Ref]:
    """Where the map names a persona file, and the name as written."""
    persona = data.get("persona")
    if isinstance(persona, str):
        return [(("persona",), persona)] if persona else []
    return [(("persona", i), entry) for i, entry in _items(persona) if isinstance(entry, str) and entry]


def zoom_links(data: Data) -> list[Ref]:
    """Where the map's steps name a more detailed map (``zoom:``), and the path as written."""
    return [(("stages", s, "steps", i, "zoom"), step["zoom"])
            for s, stage in _items(data.get("stages")) if isinstance(stage, dict)
            for i, step in _items(stage.get("steps")) if isinstance(step, dict)
            and isinstance(step.get("zoom"), str) and step["zoom"]]


def _items(value: Any) -> Iterable[tuple[int, Any]]:
    """The items of a list with their indices; none when the value is not a list (a structural problem)."""
    return enumerate(value) if isinstance(value, list) else ()


def _is_id(value: Any) -> bool:
    """Whether ``value`` is a well-formed id (the model's ``Id``); other values are V022/V023 problems."""
    return isinstance(value, str) and len(value) <= MAX_ID and _ID.fullmatch(value) is not None


def _is_text(value: Any) -> bool:
    """In a map that validated, an id is any text (absent ids are None)."""
    return isinstance(value, str)


def _is_score(value: Any) -> bool:
    """Whether ``value`` is a score the model accepts: a number within bounds, not true or false."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and -SCALE_LIMIT <= value <= SCALE_LIMIT


def _catalogue(data: Data, key: str) -> Data | None:
    """The catalogue under ``key`` ({} when absent), or None when it is no mapping (a V022: what it declares
    is unknown, so references to it are not judged)."""
    value = data.get(key, {})
    return value if isinstance(value, dict) else None


def _problem(document: Document, path: Path, code: Code, message: str, hint: str | None = None, *,
             key: bool = False) -> Problem:
    resolved = document.resolve(path)
    location = document.key_location(resolved) if key else document.value_location(resolved)
    return Problem.of(code, document.name, location, message,
                      path=document.pointer(resolved), hint=hint)


def located(document: Document, finding: lanes.Finding) -> Problem:
    """A lane finding as a problem at its place in ``document``."""
    return _problem(document, finding.path, finding.code, finding.message, finding.hint, key=finding.key)


class _Map:
    """The map's data as written, walked by the checks: its steps found once, ids judged one way."""

    def __init__(self, document: Document, well_formed: bool) -> None:
        self.document = document
        self.data = document.data
        self.well_formed = well_formed
        self.is_id: Callable[[Any], bool] = _is_text if well_formed else _is_id
        self.stages = [(s, stage) for s, stage in _items(self.data.get("stages")) if isinstance(stage, dict)]
        self.steps = [(("stages", s, "steps", t), step) for s, stage in self.stages
                      for t, step in _items(stage.get("steps")) if isinstance(step, dict)]

    def unknown(self, node: Data, base: Path, key: str, known: _Known) -> Iterator[Problem]:
        """A V031 for each well-formed id in ``node[key]`` (an id list, or one id) that ``known`` lacks."""
        # Membership first: most references are known, and their paths are never built.
        value = node.get(key)
        if isinstance(value, str):
            if value not in known and self.is_id(value):
                yield _unknown(self.document, (*base, key), value, known)
        elif isinstance(value, list):
            for i, ref in enumerate(value):
                if ref not in known and self.is_id(ref):
                    yield _unknown(self.document, (*base, key, i), ref, known)

    def entities(self) -> Iterator[tuple[str, Path, Any]]:
        """(kind, path of the id, id as written) for every list entity written as a mapping; derived ids are
        unique by construction (see :func:`cjmap.ids.derive_ids`), so they are left out."""
        for s, stage in self.stages:
            yield "stage", ("stages", s, "id"), stage.get("id")
        for base, step in self.steps:
            yield "step", (*base, "id"), step.get("id")
            for key, kind in _ENTITY_LISTS:
                for i, item in _items(step.get(key)):
                    if isinstance(item, dict):
                        yield kind, (*base, key, i, "id"), item.get("id")

    def written_ids(self) -> list[tuple[str, Any]]:
        """(kind, id as written) of every entity :meth:`entities` walks, without paths: quick to gather."""
        pairs = [("stage", stage.get("id")) for _, stage in self.stages]
        pairs += [("step", step.get("id")) for _, step in self.steps]
        for key, kind in _ENTITY_LISTS:
            pairs += [(kind, item.get("id")) for _, step in self.steps for _, item in _items(step.get(key))
                      if isinstance(item, dict)]
        return pairs

    def duplicate_ids(self) -> Iterator[Problem]:
        # Most maps have no duplicate: a set of (kind, id) pairs says so without building a path per entity.
        pairs = [pair for pair in self.written_ids() if pair[1] is not None]
        if not self.well_formed:  # in a map that validated, every written id is an id
            pairs = [pair for pair in pairs if _is_id(pair[1])]
        if len(set(pairs)) == len(pairs):
            return
        document, first = self.document, dict[tuple[str, str], Path]()
        for kind, path, entity_id in self.entities():
            if not self.is_id(entity_id):
                continue  # absent (derived), or malformed: a V023 already
            earlier = first.setdefault((kind, entity_id), path)
            if earlier is not path:
                where = document.value_location(document.resolve(earlier))
                yield _problem(document, path, codes.DUPLICATE_ID,
                               f"duplicate {kind} id {entity_id!r}: first used at line {where.line}, column "
                               f"{where.column}", "ids must be unique within a map; references, lint and diff rely on them")

    def channel_references(self) -> Iterator[Problem]:
        catalogue = _catalogue(self.data, "channels")
        if catalogue is None:
            return
        known = _Known("channel", (key for key in catalogue if isinstance(key, str)), "channels")
        scope = self.data.get("scope")
        if isinstance(scope, dict):
            yield from self.unknown(scope, ("scope",), "channels", known)
        for base, step in self.steps:
            yield from self.unknown(step, base, "channel", known)

    def actor_references(self) -> Iterator[Problem]:
        catalogue = _catalogue(self.data, "actors")
        if not catalogue:
            return  # without a catalogue, actor ids are free (as in Mermaid); a broken one is not judged
        known = _Known("actor", (key for key in catalogue if isinstance(key, str)), "actors")
        for base, step in self.steps:
            for path, ref in self.actors(step.get("actors"), (*base, "actors")):
                if ref not in known:
                    yield _unknown(self.document, path, ref, known)

    def actors(self, actors: Any, path: Path) -> Iterator[Ref]:
        """Where each actor is named: its item when written as a list (the first, if named twice), else its
        key; one id alone is the value itself."""
        if isinstance(actors, str):
            if self.is_id(actors):
                yield path, actors
        elif isinstance(actors, list):
            if all(isinstance(ref, str) for ref in actors):  # else no actor list at all: a V022
                for ref in dict.fromkeys(actors):
                    if self.is_id(ref):
                        yield (*path, actors.index(ref)), ref  # one step's few actors: a list scan is cheap
        elif isinstance(actors, dict):
            for ref in actors:
                if self.is_id(ref):
                    yield (*path, ref), ref

    def pain_point_references(self) -> Iterator[Problem]:
        if not self.well_formed and not self.pain_points_in_view():
            return  # a pain point in the part that cannot be read may be the one referred to
        # A set (inside _Known), built once: membership in a list made this check quadratic (2.6 s at
        # 10,000 steps).
        known = _Known("pain point", (item["id"] for _, step in self.steps for _, item in _items(step.get("pain_points"))
                                      if isinstance(item, dict) and self.is_id(item.get("id"))), "pain_points")
        for base, step in self.steps:
            for kind in ("opportunities", "kpis"):
                for i, item in _items(step.get(kind)):
                    if isinstance(item, dict):
                        yield from self.unknown(item, (*base, kind, i), "addresses", known)

    def pain_points_in_view(self) -> bool:
        """Whether every stage, step and pain point list is a list or absent, so every pain point id is in
        view; a stage or step of another type (a text, a number) holds none anyway."""
        stages = self.data.get("stages")
        if isinstance(stages, dict):
            return False
        for _, stage in self.stages:
            if isinstance(stage.get("steps"), dict):
                return False
        return not any(isinstance(step.get("pain_points"), dict) for _, step in self.steps)

    def emotions_on_scale(self, scale: Scale) -> Iterator[Problem]:
        hint = f"the map's scale is {scale.describe()}; change the score or declare another 'scale:'"
        for base, step in self.steps:
            scored: list[tuple[Path, Any]] = [((*base, "emotion"), step.get("emotion"))]
            actors = step.get("actors")
            if isinstance(actors, dict):
                scored += [((*base, "actors", actor), emotion) for actor, emotion in actors.items()]
            for path, emotion in scored:
                if isinstance(emotion, dict):  # {score, label}; else the short form, the score alone
                    path, emotion = (*path, "score"), emotion.get("score")
                if _is_score(emotion) and not scale.contains(emotion):
                    yield _problem(self.document, path, codes.EMOTION_OUT_OF_SCALE,
                                   f"emotion {emotion} lies outside the scale {scale.min}..{scale.max}", hint)


MAX_LISTED = 20
"""Most known ids a hint lists: a map with 10,000 pain points would otherwise repeat all of them per problem."""


class _Known:
    """The ids a reference may name: a set for membership, and did-you-mean hints from an index
    (:mod:`cjmap.suggestions`), so thousands of broken references to thousands of ids stay linear."""

    def __init__(self, kind: str, ids: Iterable[str], where: str) -> None:
        self.kind = kind
        self.where = where
        self.ids = dict.fromkeys(ids)  # ordered and deduplicated, for suggestions and for membership in one
        self.suggestions = Suggestions(self.ids)
        self.hints: dict[str, str] = {}  # the same typo repeated costs one search
        self.listing: str | None = None

    def __contains__(self, ref: object) -> bool:
        try:
            return ref in self.ids
        except TypeError:  # a list or mapping where an id belongs (a V022): no id
            return False

    def hint(self, ref: str) -> str:
        """Did-you-mean when a known id is close, else the known ids (at most :data:`MAX_LISTED` of them)."""
        cached = self.hints.get(ref)
        if cached is not None:
            return cached
        close = self.suggestions.closest(ref)
        hint = f"did you mean {close!r}?" if close is not None else self._listing()
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


def _file_references(document: Document, base_dir: FilePath, tree: files.Tree) -> Iterator[Problem]:
    references = [(path, files.PERSONA, ref) for path, ref in persona_files(document.data)]
    baseline = document.data.get("baseline")
    if isinstance(baseline, str) and baseline:
        references.insert(0, (("baseline",), files.BASELINE, baseline))
    references += [(path, files.ZOOM, ref) for path, ref in zoom_links(document.data)]
    for path, kind, ref in references:
        # One resolver for every reference: it keeps them inside the project and never quotes the file.
        found = tree.locate(ref, base_dir, kind)
        if isinstance(found, files.Refusal):
            yield _problem(document, path, found.code, found.message, found.hint)
        elif kind == files.PERSONA:
            persona = tree.inspect_persona(found)
            if persona.error is not None:
                yield _problem(document, path, codes.MISSING_FILE, f"{kind} {ref!r} cannot be read: {persona.error}")
            elif not persona.is_persona:  # reported here, at the reference: the file's content is never shown
                yield _problem(document, path, codes.MISSING_FILE, "persona file lacks 'cjmap-persona: 1'",
                               "start a persona file with 'cjmap-persona: 1'")
        elif kind == files.ZOOM:
            yield from _zoom_problems(document, path, ref, found, base_dir, tree)


MAX_ZOOM_FILES = 200
"""How many maps the search for a zoom cycle reads at most, from one map."""


def _zoom_problems(document: Document, path: Path, ref: str, found: files.Target, base_dir: FilePath,
                   tree: files.Tree) -> Iterator[Problem]:
    """A zoomed map that is no map, or whose zoom links lead back to this map (working tree only)."""
    try:
        content = tree.read(found, MAX_BYTES + 1)
    except OSError as exc:
        yield _problem(document, path, codes.MISSING_FILE, f"{files.ZOOM} {ref!r} cannot be read: "
                                                            f"{exc.strerror or type(exc).__name__}")
        return
    if not is_map_text(content, personas=False):  # reported at the reference: the content is never shown
        yield _problem(document, path, codes.MISSING_FILE, f"{files.ZOOM} {ref!r} is no cjmap map",
                       "zoom into a map file, one that starts with 'cjmap: 1'")
        return
    if tree is not files.WORKING_TREE:
        return
    origin = files.locate(FilePath(document.name).name, base_dir, files.ZOOM)
    if isinstance(origin, files.Target) and (chain := _cycle(origin.real, found)) is not None:
        folder = os.path.dirname(origin.real)
        yield _problem(document, path, codes.ZOOM_CYCLE, "zoom links lead back to this map: "
                       + " → ".join(os.path.relpath(real, folder) for real in [origin.real, *chain]),
                       "a detailed map cannot zoom into a map above it; remove one of the links")


def _cycle(origin: str, start: files.Target) -> list[str] | None:
    """The real paths from ``start`` along zoom links back to ``origin`` (a real path), or None."""
    queue: list[tuple[files.Target, list[str]]] = [(start, [start.real])]
    seen = {start.real}
    while queue and len(seen) <= MAX_ZOOM_FILES:
        target, chain = queue.pop(0)
        if target.real == origin:
            return chain
        try:
            data = load(files.WORKING_TREE.read(target, MAX_BYTES + 1), target.real).data
        except (OSError, LoadError):
            continue
        if not isinstance(data, dict):
            continue
        for _, written in zoom_links(data):
            found = files.locate(written, FilePath(target.real).parent, files.ZOOM)
            if isinstance(found, files.Target) and (found.real == origin or found.real not in seen):
                seen.add(found.real)
                queue.append((found, [*chain, found.real]))
    return None
