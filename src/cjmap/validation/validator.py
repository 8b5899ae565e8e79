"""Validate map and persona files: bytes → located document → model, with every problem found at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from cjmap import collector, references
from cjmap.discovery import named_kind
from cjmap.document import Document
from cjmap.loader import LoadError, load
from cjmap.model import JourneyMap, PersonaFile
from cjmap.problem import Problem
from cjmap.source import Source, read_bytes, unreadable
from cjmap.validation import consistency, project, structure

PERSONA_MARKER = "cjmap-persona"
M = TypeVar("M", bound=BaseModel)


@dataclass
class FileResult:
    """The outcome for one file: its problems, and the model when it validated."""

    name: str
    problems: list[Problem] = field(default_factory=list)
    journey: JourneyMap | None = None
    document: Document | None = None
    unreadable: bool = False

    @property
    def valid(self) -> bool:
        return self.journey is not None and not self.problems


def validate_file(file: str | Source) -> FileResult:
    """Validate one file: a :class:`Source` already read, or a name to read (``-`` is stdin); never raises
    for bad input. The document keeps the source, so nothing reads the file again."""
    if isinstance(file, str):
        try:
            source = Source.of(file, read_bytes(file))
        except OSError as exc:  # V001, or V004 for a FIFO, device or socket
            return FileResult(file, [unreadable(file, exc)], unreadable=True)
    else:
        source = file
    result = validate_bytes(source.content, source.display, source.base_dir)
    if result.document is not None:
        result.document.source = source
    return result


def validate_bytes(content: bytes, name: str, base_dir: Path,
                   tree: references.Tree = references.WORKING_TREE) -> FileResult:
    """Validate the bytes of a map or persona file called ``name``; its persona and baseline references are
    read from ``tree`` (the working tree, or the revision the bytes come from)."""
    with collector.paused():  # loading builds tens of thousands of acyclic containers
        return _validate_bytes(content, name, base_dir, tree)


def _validate_bytes(content: bytes, name: str, base_dir: Path, tree: references.Tree) -> FileResult:
    try:
        document = load(content, name)
    except LoadError as exc:
        return FileResult(name, exc.problems)
    if PERSONA_MARKER in document.data or (named_kind(name) == "persona" and "cjmap" not in document.data):
        _, problems = build(document, PersonaFile)
        problems += references.picture_problems(document, base_dir, tree)
        return FileResult(name, sorted({*document.problems, *problems}), document=document)
    journey, problems = build(document, JourneyMap)
    shared = project.shared_lanes(base_dir)
    if journey is not None and shared.lanes:
        journey.lanes = project.merged(journey.lanes, shared)
    # The consistency checks run on the data as written, so a broken structure does not hide them until a
    # second run: they judge every part that is well-formed (see cjmap.validation.consistency).
    scale = journey.scale if journey is not None else consistency.scale_of(document.data)
    problems = [*document.problems, *problems,
                *consistency.check(document, base_dir, scale, well_formed=journey is not None, tree=tree,
                                   shared=shared.lanes, unjudged=shared.unjudged),
                *_persona_file_problems(document, base_dir, tree), *shared.problems,
                *project.lifecycle_problems(document, base_dir)]
    return FileResult(name, sorted(set(problems)), journey=journey, document=document)


def build(document: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """The model built from the document, or the located problems that prevent it."""
    try:
        return model.model_validate(document.data), []
    except ValidationError as exc:
        return None, structure.problems_from(exc, document, model)


def _persona_file_problems(document: Document, base_dir: Path, tree: references.Tree) -> list[Problem]:
    """Problems inside the persona files a map points at, reported in those files."""
    # Read and checked once per process however many maps share the file (the resolver caches it); a file
    # that is not a persona file, or leads outside the project, is reported at the map's reference instead.
    problems: list[Problem] = []
    for _, entry in consistency.persona_files(document.data):
        if isinstance(found := tree.locate(entry, base_dir, references.PERSONA), references.Target):
            problems += references.persona_problems(found, tree)
    return problems
