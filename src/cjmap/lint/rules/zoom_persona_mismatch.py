"""A step zooms into a map of another persona without saying so.

A zoomed map tells the detail of one step of its parent: the same person, looked at more closely. When the
detailed map follows someone else (the support agent who answers the ticket, the partner who delivers the
parcel), the move from one person's view to another's is easy to miss on the page and in the portfolio,
where the detail's emotions then read as the parent persona's. Say it on the link with
`zoom_other_persona: true`, so the change of view is deliberate and visible in review.

Personas are compared by name (an inline persona's `name`, a persona file's `name`), ignoring case. Maps
without a persona, and zoomed files that cannot be read, are left to other checks.

Fails:
    cjmap: 1
    id: buying
    title: Buying online
    type: current-state
    persona: {name: Ana}
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Pays, emotion: 2, zoom: payment.yaml}

Passes:
    cjmap: 1
    id: buying
    title: Buying online
    type: current-state
    persona: {name: Ana}
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Pays, emotion: 2, zoom: payment.yaml, zoom_other_persona: true}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from cjmap import references
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.loader import MAX_BYTES, LoadError, load
from cjmap.problem import Severity

CODE = "P002"
NAME = "zoom-persona-mismatch"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Zoom links to a map whose persona differs from this map's, unless ``zoom_other_persona`` says so."""
    base_dir = references.base_dir_of(context.file)
    mine = persona_name(context.document.data, base_dir)
    if mine is None:
        return
    for s, stage in enumerate(context.journey.stages):
        for i, step in enumerate(stage.steps):
            if not step.zoom or step.zoom_other_persona:
                continue
            theirs = _zoomed_persona(step.zoom, base_dir)
            if theirs is not None and theirs.casefold() != mine.casefold():
                yield Violation(
                    ("stages", s, "steps", i, "zoom"),
                    f"step '{step.id}' zooms into a map of persona {theirs!r}, but this map's persona is {mine!r}",
                    "if the detailed map follows another persona on purpose, add `zoom_other_persona: true` to "
                    "the step; otherwise give both maps the same persona")


def persona_name(data: Any, base_dir: Path) -> str | None:
    """The name of the first persona of a map's data (inline, or from its persona file), or None."""
    persona = data.get("persona") if isinstance(data, dict) else None
    entry = persona[0] if isinstance(persona, list) and persona else persona
    if isinstance(entry, dict):
        name = entry.get("name")
        return name if isinstance(name, str) and name else None
    if isinstance(entry, str) and entry:
        target = references.locate(entry, base_dir, references.PERSONA)
        return references.inspect_persona(target).name if isinstance(target, references.Target) else None
    return None


def _zoomed_persona(written: str, base_dir: Path) -> str | None:
    target = references.locate(written, base_dir, references.ZOOM)
    if not isinstance(target, references.Target):
        return None
    try:
        data = load(references.WORKING_TREE.read(target, MAX_BYTES + 1), target.real).data
    except (OSError, LoadError):
        return None
    return persona_name(data, Path(target.real).parent)
