"""Compute the semantic diff of two validated maps: a pure function from two models to a :class:`MapDiff`.

Every list entity is matched by id with the one matcher (:mod:`cjmap.matching`): stages, steps (across
stages, so a step taken to another stage is a move), channels and actors (by catalogue key), and pain points,
opportunities and KPIs (across steps). An item without a written id is matched by its derived id (a stage's
or step's from its name, as validation derives it; a pain point's from its text), and changes say so; an id
derived from the position (a name with no letter or digit) matches nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from cjmap import collector, ids
from cjmap.diff import emotion
from cjmap.diff.model import (
    ADDED,
    MODIFIED,
    MOVED,
    ORDER_CHANGED,
    REMOVED,
    RENAMED,
    Change,
    MapDiff,
    Subject,
)
from cjmap.document import Document
from cjmap.matching import Ident, Side, kept_in_order, match, match_entities, pairing_key
from cjmap.model import JourneyMap, Stage, Step

_MAP_SKIP = {"cjmap", "stages", "channels", "actors", "lanes", "scale"}
_STAGE_SKIP = {"id", "name", "steps"}
_STEP_SKIP = {"id", "name", "pain_points", "opportunities", "kpis"}
_ITEM_KINDS = (("pain_points", "pain_point", "text"), ("opportunities", "opportunity", "text"),
               ("kpis", "kpi", "name"))
"""The items inside a step: (field, entity, the field that names them)."""


@dataclass(frozen=True)
class _Placed:
    """A stage or step with where it stands: its position and readable path (steps also their stage)."""

    stage: Stage
    stage_index: int
    step: Step | None = None
    step_index: int = 0

    @property
    def key(self) -> str:
        return self.step.id if self.step is not None else self.stage.id

    @property
    def ident(self) -> Ident:
        """What the matcher pairs this stage or step by."""
        entity = self.step if self.step is not None else self.stage
        return Ident(entity.id, entity.id_positional)

    @property
    def derived(self) -> bool:
        entity = self.step if self.step is not None else self.stage
        return not entity.id_written or (self.step is not None and not self.stage.id_written)

    @property
    def path(self) -> str:
        stage = f"/stages/id={self.stage.id}"
        return stage if self.step is None else f"{stage}/steps/id={self.step.id}"

    @property
    def doc_path(self) -> tuple[Any, ...]:
        stage = ("stages", self.stage_index)
        return stage if self.step is None else (*stage, "steps", self.step_index)

    @property
    def name(self) -> str:
        return self.step.name if self.step is not None else self.stage.name

    def subject(self, **names: Any) -> Subject:
        """This stage or step as people name it (a step with its stage)."""
        if self.step is None:
            return Subject(kind="stage", name=self.stage.name, **names)
        return Subject(kind="step", name=self.step.name, stage=self.stage.name, **names)


@dataclass(frozen=True)
class _Item:
    """A pain point, opportunity or KPI with its step and its matching key."""

    owner: _Placed
    field: str
    index: int
    value: Any
    item_id: str
    written: bool
    key: tuple[Hashable, ...]
    """Written ids are unique in the map; a derived one only within its step, so the step's key joins it."""

    @property
    def path(self) -> str:
        return f"{self.owner.path}/{self.field}/id={self.item_id}"

    @property
    def doc_path(self) -> tuple[Any, ...]:
        return (*self.owner.doc_path, self.field, self.index)

    def subject(self, entity: str, name_field: str, **names: Any) -> Subject:
        """This item as people name it: its text or name, its step and stage."""
        return Subject(kind=entity, name=str(getattr(self.value, name_field)), stage=self.owner.stage.name,
                       step=self.owner.name, **names)


class _Collector:
    """Gathers changes, placing each on the new file's lines."""

    def __init__(self, document: Document | None) -> None:
        self.document = document
        self.changes: list[Change] = []

    def add(self, kind: str, path: str, entity: str, before: Any = None, after: Any = None, *,
            subject: Subject, stage: str | None = None, derived: bool = False,
            at: tuple[Any, ...] | None = None) -> None:
        line = column = 0
        if self.document is not None and at is not None:
            line, column = self.document.value_location(self.document.resolve(at))
        self.changes.append(Change(kind=kind, path=path, entity=entity, before=before, after=after, stage=stage,
                                   derived_id=derived, line=line, column=column, subject=subject))


def diff_maps(old: JourneyMap, new: JourneyMap, *, old_name: str, new_name: str, new_file: str | None = None,
              document: Document | None = None) -> MapDiff:
    """The changes from ``old`` to ``new``; ``document`` is the new file's (for line numbers)."""
    with collector.paused():  # diffing builds tens of thousands of small acyclic values beside two models
        return _diff_maps(old, new, old_name=old_name, new_name=new_name, new_file=new_file, document=document)


def _diff_maps(old: JourneyMap, new: JourneyMap, *, old_name: str, new_name: str, new_file: str | None,
               document: Document | None) -> MapDiff:
    out = _Collector(document)
    _fields(out, "", old.model_dump(mode="json", exclude=_MAP_SKIP), new.model_dump(mode="json", exclude=_MAP_SKIP),
            at=(), subject=Subject(kind="map", name=new.title))
    scale_changed = (old.scale.min, old.scale.max, old.scale.neutral) != (new.scale.min, new.scale.max,
                                                                         new.scale.neutral)
    if scale_changed:
        out.add(MODIFIED, "/scale", "scale", old.scale.describe(), new.scale.describe(), at=("scale",),
                subject=Subject(kind="scale"))
    else:
        _fields(out, "/scale", old.scale.model_dump(mode="json"), new.scale.model_dump(mode="json"), at=("scale",),
                subject=Subject(kind="scale"))
    for catalogue in ("channels", "actors"):
        _catalogue(out, catalogue, getattr(old, catalogue), getattr(new, catalogue))
    _catalogue(out, "lanes", {lane.id: lane for lane in old.lanes}, {lane.id: lane for lane in new.lanes},
               name_field="title", at={lane.id: ("lanes", i) for i, lane in enumerate(new.lanes)})
    old_stages = [_Placed(stage, s) for s, stage in enumerate(old.stages)]
    new_stages = [_Placed(stage, s) for s, stage in enumerate(new.stages)]
    _stages(out, old_stages, new_stages)
    _steps(out, old_stages, new_stages)
    names = {stage.id: stage.name for stage in old.stages} | {stage.id: stage.name for stage in new.stages}
    emotions = emotion.compare_emotions(old, new)
    # Reading order: map-level changes, then stage by stage as the new map orders them (removed stages
    # last), each by its line in the new file (a removed item sits at its parent's line).
    rank = {stage.id: index for index, stage in enumerate(new.stages)}
    ordered = sorted(out.changes, key=lambda change: (
        change.stage is not None, rank.get(change.stage or "", len(rank)), change.line))
    return MapDiff(old_name=old_name, new_name=new_name, new_file=new_file, title=new.title, status=MODIFIED,
                   changes=tuple(ordered), emotions=emotions.deltas, curve=emotions.curve, chart=emotions.chart,
                   stage_names=names, scale_changed=scale_changed)


def map_added(new: JourneyMap, *, new_name: str, new_file: str | None = None) -> MapDiff:
    """A map that only the new side has."""
    change = Change(kind=ADDED, path="/", entity="map", after={"id": new.id, "title": new.title}, line=1, column=1,
                    subject=Subject(kind="map", name=new.title))
    return MapDiff(old_name=None, new_name=new_name, new_file=new_file, title=new.title, status=ADDED,
                   changes=(change,), curve=emotion.compare_emotions(None, new).curve)


def map_removed(old: JourneyMap, *, old_name: str) -> MapDiff:
    """A map that only the old side has."""
    change = Change(kind=REMOVED, path="/", entity="map", before={"id": old.id, "title": old.title},
                    subject=Subject(kind="map", name=old.title))
    return MapDiff(old_name=old_name, new_name=None, title=old.title, status=REMOVED, changes=(change,),
                   curve=emotion.compare_emotions(old, None).curve)


def file_renamed(result: MapDiff, old_file: str, new_file: str) -> MapDiff:
    """``result`` with the move of the file itself recorded first."""
    change = Change(kind=RENAMED, path="/", entity="file", before=old_file, after=new_file, line=1, column=1,
                    subject=Subject(kind="file", name=new_file))
    return MapDiff(**{**result.__dict__, "changes": (change, *result.changes)})


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or value == ""


def _fields(out: _Collector, path: str, before: Any, after: Any, *, at: tuple[Any, ...], subject: Subject,
            stage: str | None = None, derived: bool = False, field: str = "") -> None:
    """Field-level changes between two JSON values: mappings key by key, anything else as a whole. Nothing
    against nothing (a missing list against an empty one) is no change; a mapping that appears or goes away
    is compared key by key with an empty one, so each of its fields is said once."""
    if before == after or (_empty(before) and _empty(after)):
        return
    if isinstance(before, dict) or isinstance(after, dict):
        if (before is None or isinstance(before, dict)) and (after is None or isinstance(after, dict)):
            old, new = before or {}, after or {}
            for key in [*new, *(key for key in old if key not in new)]:
                _fields(out, f"{path}/{key}", old.get(key), new.get(key), at=(*at, key), subject=subject,
                        stage=stage, derived=derived, field=f"{field}/{key}" if field else str(key))
            return
    kind = ADDED if _empty(before) else REMOVED if _empty(after) else MODIFIED
    out.add(kind, path or "/", "field", before, after, stage=stage, derived=derived, at=at,
            subject=dataclasses.replace(subject, field=field))


def _catalogue(out: _Collector, name: str, old: dict[str, Any], new: dict[str, Any], *, name_field: str = "name",
               at: dict[str, tuple[Any, ...]] | None = None) -> None:
    """Channels, actors or the map's own lanes, matched by their id (``at``: where each new one stands in the
    file, when not under its id, as a lane in the list)."""
    entity = name[:-1]
    place = at or {key: (name, key) for key in new}
    prefix = f"/{name}/id=" if at is not None else f"/{name}/"  # a list's items by id, as stages are
    found = match(list(old.items()), list(new.items()), key=lambda entry: entry[0])
    for key, value in found.removed:
        named = getattr(value, name_field)
        out.add(REMOVED, f"{prefix}{key}", entity, before={"id": key, name_field: named}, at=(name,),
                subject=Subject(kind=entity, name=named))
    for key, value in found.added:
        named = getattr(value, name_field)
        out.add(ADDED, f"{prefix}{key}", entity, after={"id": key, name_field: named}, at=place[key],
                subject=Subject(kind=entity, name=named))
    for (key, before), (_, after) in found.pairs:
        old_name, new_name = getattr(before, name_field), getattr(after, name_field)
        subject = Subject(kind=entity, name=new_name)
        if old_name != new_name:
            out.add(RENAMED, f"{prefix}{key}", entity, old_name, new_name, at=place[key], subject=subject)
        _fields(out, f"{prefix}{key}", before.model_dump(mode="json", exclude={"id", name_field}),
                after.model_dump(mode="json", exclude={"id", name_field}), at=place[key], subject=subject)


def _reorder(out: _Collector, path: str, entity: str, pairs: Sequence[tuple[_Placed, _Placed]],
             position: Callable[[_Placed], int], *, stage: _Placed | None, at: tuple[Any, ...]) -> None:
    """One order change for the list when the items both sides have stand in another order (a swap of two
    steps is one change): the ids in the old and the new order, and their names for people."""
    kept = kept_in_order([position(old) for old, _ in pairs])
    if len(kept) == len(pairs):
        return
    old_order = [old for old, _ in sorted(pairs, key=lambda p: position(p[0]))]
    subject = Subject(kind=entity + "s", stage=stage.name if stage is not None else "",
                      before=tuple(old.name for old in old_order), after=tuple(new.name for _, new in pairs))
    out.add(ORDER_CHANGED, path, entity + "s", [old.key for old in old_order], [new.key for _, new in pairs],
            stage=stage.stage.id if stage is not None else None, at=at, subject=subject)


def _stages(out: _Collector, old: list[_Placed], new: list[_Placed]) -> None:
    found = match_entities(old, new, lambda placed: placed.ident)
    for placed in found.removed:
        out.add(REMOVED, placed.path, "stage", before=_summary(placed.stage), stage=placed.stage.id,
                derived=placed.derived, at=("stages",), subject=placed.subject())
    for placed in found.added:
        out.add(ADDED, placed.path, "stage", after=_summary(placed.stage), stage=placed.stage.id,
                derived=placed.derived, at=placed.doc_path, subject=placed.subject())
    for before, after in found.pairs:
        if before.stage.name != after.stage.name:
            out.add(RENAMED, after.path, "stage", before.stage.name, after.stage.name, stage=after.stage.id,
                    derived=after.derived, at=(*after.doc_path, "name"), subject=after.subject())
        _fields(out, after.path, before.stage.model_dump(mode="json", exclude=_STAGE_SKIP),
                after.stage.model_dump(mode="json", exclude=_STAGE_SKIP), at=after.doc_path, stage=after.stage.id,
                derived=after.derived, subject=after.subject())
    _reorder(out, "/stages", "stage", found.pairs, lambda placed: placed.stage_index, stage=None, at=("stages",))


def _steps(out: _Collector, old_stages: list[_Placed], new_stages: list[_Placed]) -> None:
    old_steps = [_Placed(p.stage, p.stage_index, step, t) for p in old_stages for t, step in enumerate(p.stage.steps)]
    new_steps = [_Placed(p.stage, p.stage_index, step, t) for p in new_stages for t, step in enumerate(p.stage.steps)]
    old_stage_ids = {p.stage.id for p in old_stages}
    new_stage_by_id = {p.stage.id: p for p in new_stages}
    found = match_entities(old_steps, new_steps, lambda placed: placed.ident)
    for placed in found.removed:
        if placed.stage.id in new_stage_by_id:  # a removed stage is reported once, with its steps
            out.add(REMOVED, placed.path, "step", before=_summary(placed.step), stage=placed.stage.id,
                    derived=placed.derived, at=new_stage_by_id[placed.stage.id].doc_path, subject=placed.subject())
    for placed in found.added:
        if placed.stage.id in old_stage_ids:
            out.add(ADDED, placed.path, "step", after=_summary(placed.step), stage=placed.stage.id,
                    derived=placed.derived, at=placed.doc_path, subject=placed.subject())
    same_stage: dict[str, list[tuple[_Placed, _Placed]]] = {}
    for before, after in found.pairs:
        assert before.step is not None and after.step is not None
        if before.stage.id != after.stage.id:
            out.add(MOVED, after.path, "step", f"/stages/id={before.stage.id}", f"/stages/id={after.stage.id}",
                    stage=after.stage.id, derived=after.derived, at=after.doc_path,
                    subject=after.subject(before=(before.stage.name,), after=(after.stage.name,)))
        else:
            same_stage.setdefault(after.stage.id, []).append((before, after))
        if before.step.name != after.step.name:
            out.add(RENAMED, after.path, "step", before.step.name, after.step.name, stage=after.stage.id,
                    derived=after.derived, at=(*after.doc_path, "name"), subject=after.subject())
        if before.step != after.step:
            _fields(out, after.path, before.step.model_dump(mode="json", exclude=_STEP_SKIP),
                    after.step.model_dump(mode="json", exclude=_STEP_SKIP), at=after.doc_path,
                    stage=after.stage.id, derived=after.derived, subject=after.subject())
    for stage_id, pairs in same_stage.items():
        placed = new_stage_by_id[stage_id]
        _reorder(out, f"{placed.path}/steps", "step", pairs, lambda p: p.step_index, stage=placed,
                 at=(*placed.doc_path, "steps"))
    _items(out, old_steps, new_steps)


def _items(out: _Collector, old_steps: list[_Placed], new_steps: list[_Placed]) -> None:
    """Pain points, opportunities and KPIs, matched across steps by id."""
    old_step_ids = {placed.key for placed in old_steps}
    new_step_by_id = {placed.key: placed for placed in new_steps}
    for field_name, entity, name_field in _ITEM_KINDS:
        found = match(_items_of(old_steps, field_name, "old"), _items_of(new_steps, field_name, "new"),
                      key=lambda item: item.key)
        for item in found.removed:
            if item.owner.key in new_step_by_id:  # a removed step is reported once, with its items
                out.add(REMOVED, item.path, entity, before=_item_summary(item, name_field), stage=item.owner.stage.id,
                        derived=not item.written, at=new_step_by_id[item.owner.key].doc_path,
                        subject=item.subject(entity, name_field))
        for item in found.added:
            if item.owner.key in old_step_ids:
                out.add(ADDED, item.path, entity, after=_item_summary(item, name_field), stage=item.owner.stage.id,
                        derived=not item.written, at=item.doc_path, subject=item.subject(entity, name_field))
        for before, after in found.pairs:
            stage = after.owner.stage.id
            subject = after.subject(entity, name_field)
            if before.owner.key != after.owner.key:
                out.add(MOVED, after.path, entity, before.owner.path, after.owner.path, stage=stage,
                        derived=not after.written, at=after.doc_path,
                        subject=after.subject(entity, name_field, before=(before.owner.name,),
                                              after=(after.owner.name,)))
            old_name, new_name = getattr(before.value, name_field), getattr(after.value, name_field)
            if old_name != new_name:
                out.add(RENAMED, after.path, entity, old_name, new_name, stage=stage, derived=not after.written,
                        at=(*after.doc_path, name_field), subject=subject)
            if before.value != after.value:
                _fields(out, after.path, before.value.model_dump(mode="json", exclude={"id", name_field}),
                        after.value.model_dump(mode="json", exclude={"id", name_field}), at=after.doc_path,
                        stage=stage, derived=not after.written, subject=subject)


def _items_of(steps: list[_Placed], field_name: str, side: Side) -> list[_Item]:
    found: list[_Item] = []
    for placed in steps:
        allocator = ids.Allocator()
        for index, value in enumerate(getattr(placed.step, field_name)):
            if value.id is not None:
                found.append(_Item(placed, field_name, index, value, value.id, True, (field_name, value.id)))
                continue
            # The same derivation as stages and steps: a slug of the text, made unique within the step.
            text = str(getattr(value, "text", None) or getattr(value, "name", ""))
            unique = allocator.new(text, f"item-{index + 1}")  # a text without letters or digits: by position
            # A derived item id is unique within its step only, so the step's pairing key joins it.
            found.append(_Item(placed, field_name, index, value, unique, False,
                               (field_name, pairing_key(placed.ident, side), unique)))
    return found


def _summary(entity: Stage | Step | None) -> dict[str, Any]:
    """What an added or removed stage or step is, in brief."""
    if isinstance(entity, Stage):
        return {"id": entity.id, "name": entity.name, "steps": [step.id for step in entity.steps]}
    assert entity is not None
    score = emotion.value_of(entity)
    if score is not None and score.is_integer():
        score = int(score)  # 5, as the map writes it, not 5.0
    return {"id": entity.id, "name": entity.name, "emotion": score}


def _item_summary(item: _Item, name_field: str) -> dict[str, Any]:
    return {"id": item.item_id, name_field: getattr(item.value, name_field)}
