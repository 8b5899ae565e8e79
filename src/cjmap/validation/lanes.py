"""The checks of a map's own lanes: their declarations, and what steps write in them.

Like the other consistency checks (:mod:`cjmap.validation.consistency`) they read the map's data as written,
so they run when the structure is broken, and judge only values that are well-formed for them: a value that
is no text, list of texts or number is a V022 of the model (:data:`cjmap.model.step.LaneValue`), a lane id
that is no id a V023. Each finding is a (path, code, message, hint) value; the caller locates it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cjmap import codes
from cjmap.codes import Code
from cjmap.document import Path
from cjmap.model import DEFAULT_LANE_MAX, DEFAULT_LANE_MIN, SCALE_LIMIT, CustomLane, Step
from cjmap.suggestions import Suggestions

BUILT_IN = frozenset(Step.model_fields) | frozenset(Step.RENAMED)
"""Keys a step already has: a lane of the team's own named like one would read as the built-in lane."""
KINDS = {"text": "a text", "list": "a list of texts", "score": "a score (a number)"}


@dataclass(frozen=True, kw_only=True)
class Finding:
    """A lane problem at ``path`` in the map, located by the caller."""

    path: Path
    code: Code
    message: str
    hint: str | None = None
    key: bool = False
    """Located at the key of ``path`` rather than its value."""


@dataclass(frozen=True, kw_only=True)
class _Declared:
    kind: str
    low: float
    high: float


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and -SCALE_LIMIT <= value <= SCALE_LIMIT


def _declarations(lanes: Sequence[Any]) -> tuple[dict[str, _Declared], list[Finding]]:
    """The declared lanes by id (the first of two with one id), and what is wrong with the declarations."""
    declared: dict[str, _Declared] = {}
    first: dict[str, int] = {}
    findings: list[Finding] = []
    for i, lane in enumerate(lanes):
        if not isinstance(lane, Mapping) or not isinstance(lane.get("id"), str):
            continue  # a V021/V022 of the model
        lane_id, kind = lane["id"], lane.get("kind", "text")
        if lane_id in first:
            findings.append(Finding(path=("lanes", i, "id"), code=codes.LANE_DECLARATION,
                                    message=f"duplicate lane id {lane_id!r}: lane {first[lane_id] + 1} has it too",
                                    hint="give each lane its own id"))
            continue
        first[lane_id] = i
        if lane_id in BUILT_IN:
            findings.append(Finding(path=("lanes", i, "id"), code=codes.LANE_DECLARATION,
                                    message=f"the lane id {lane_id!r} is a built-in step key",
                                    hint=f"write the built-in `{lane_id}:` on the steps, or give the lane "
                                         "another id"))
        if kind in ("text", "list"):
            for key in ("min", "max"):
                if key in lane:
                    findings.append(Finding(path=("lanes", i, key), code=codes.LANE_DECLARATION,
                                            message=f"`{key}` belongs to score lanes; this lane is a {kind} lane",
                                            hint="remove it, or make the lane `kind: score`"))
        # As written (5, not 5.0), for the messages.
        low: float = lane["min"] if _number(lane.get("min")) else DEFAULT_LANE_MIN
        high: float = lane["max"] if _number(lane.get("max")) else DEFAULT_LANE_MAX
        if kind == "score" and low >= high:
            where = "max" if "max" in lane else "min"
            findings.append(Finding(path=("lanes", i, where), code=codes.LANE_DECLARATION,
                                    message=f"the lane's min {low} is not below its max {high}",
                                    hint="a score lane runs from min up to a larger max, such as 1..5"))
        if kind in KINDS:
            declared[lane_id] = _Declared(kind=kind, low=low, high=high)
    return declared, findings


def declaration_findings(lanes: Sequence[Any]) -> list[Finding]:
    """What is wrong with the lane declarations ``lanes`` (a map's, or the project configuration's)."""
    return _declarations(lanes)[1]


def check(data: Mapping[Any, Any], steps: Sequence[tuple[Path, Mapping[Any, Any]]],
          shared: Sequence[CustomLane] = (), unjudged: Collection[str] = ()) -> Iterator[Finding]:
    """Every lane problem of the map ``data`` whose steps (path, step) are given; ``shared`` are the lanes the
    project configuration declares for every map (a map's own declaration of the same id wins), ``unjudged``
    the ids of shared lanes too broken to judge values by."""
    written = data.get("lanes", [])
    if not isinstance(written, list):
        return  # a V022: what the map declares is unknown, so what steps fill is not judged
    own, findings = _declarations(written)
    yield from findings
    declared = {lane.id: _Declared(kind=lane.kind, low=lane.low, high=lane.high) for lane in shared} | own
    # A lane of an unknown kind (a V023) is declared all the same: its values are not judged.
    known = {entry.get("id") for entry in written if isinstance(entry, Mapping)} | {lane.id for lane in shared} | set(unjudged)
    suggestions: Suggestions | None = None
    for base, step in steps:
        filled = step.get("lanes")
        if not isinstance(filled, Mapping):
            continue
        for lane_id, value in filled.items():
            path = (*base, "lanes", lane_id)
            lane = declared.get(lane_id) if isinstance(lane_id, str) else None
            if lane is None:
                if isinstance(lane_id, str) and lane_id not in known:
                    suggestions = suggestions or Suggestions(declared)
                    close = suggestions.closest(lane_id)
                    hint = f"did you mean {close!r}?" if close else (
                        "known lanes: " + ", ".join(declared) if declared else
                        "declare it under the map's 'lanes:' (or the project configuration's)")
                    yield Finding(path=path, code=codes.UNKNOWN_LANE, message=f"unknown lane {lane_id!r}", hint=hint,
                                  key=True)
                continue
            yield from _value(path, lane_id, lane, value)


def _value(path: Path, lane_id: str, lane: _Declared, value: Any) -> Iterator[Finding]:
    """A finding when ``value`` is well-formed (a text, a list of texts, a number) but not what the lane holds."""
    if isinstance(value, str) and value:
        kind = "text"
    elif isinstance(value, list) and all(isinstance(item, str) and item for item in value):
        kind = "list"
    elif _number(value):
        kind = "score"
    else:
        return  # a V022 of the model
    if kind == lane.kind or (kind == "text" and lane.kind == "list"):  # one text is a list of one, as elsewhere
        if kind == "score" and not lane.low <= value <= lane.high:
            yield Finding(path=path, code=codes.LANE_VALUE,
                          message=f"score {value} lies outside the range {lane.low}..{lane.high} of the lane "
                                  f"{lane_id!r}",
                          hint="change the score, or the lane's min and max")
        return
    yield Finding(path=path, code=codes.LANE_VALUE,
                  message=f"the lane {lane_id!r} is a {lane.kind} lane: write {KINDS[lane.kind]}, not {KINDS[kind]}",
                  hint="write the value the lane's kind asks for, or change the lane's `kind:`")
