"""The journey map format: Pydantic models, the single source of truth.

``schemas/cjmap.schema.json`` is generated from these models (``cjmap schema``); a test fails when the two
drift. Short forms that make hand-writing pleasant are normalised here, and the JSON Schema is told about
each of them, so an editor completes and accepts both forms.

The models live in modules by what they describe: ``base`` (the ``Strict`` base, ids, texts, bounds, short
forms), ``scale``, ``step`` (a step and what hangs on it) and ``journey`` (persona, scope, stage, map); every
public name is re-exported here, so ``from cjmap.model import X`` is the one way to import them.
"""

from __future__ import annotations

from cjmap.measures import Direction, Duration, MeasureError
from cjmap.model.base import (
    CADENCE_DAYS,
    FORMAT_ERROR,
    ID_PATTERN,
    MEASURE_LIMIT,
    SCALE_LIMIT,
    Cadence,
    Id,
    IdList,
    Lane,
    MapType,
    Named,
    Priority,
    ScaleKey,
    ScaleNumber,
    Score,
    Severity,
    Status,
    Strict,
    Text,
    TextList,
    bounded,
    format_error,
    renamed,
    single_or_list,
    with_short_form,
)
from cjmap.model.journey import (
    Actor,
    Channel,
    CustomLane,
    JourneyMap,
    Persona,
    PersonaEntry,
    PersonaFile,
    PersonaList,
    Scope,
    Stage,
)
from cjmap.model.scale import DEFAULT_SCALE, NEUTRAL_LABEL, Scale
from cjmap.model.step import (
    ActorScores,
    DerivedId,
    DurationText,
    Emotion,
    Kpi,
    Measure,
    Opportunity,
    PainPoint,
    Resources,
    Step,
)

__all__ = [
    "CADENCE_DAYS",
    "DEFAULT_SCALE",
    "FORMAT_ERROR",
    "ID_PATTERN",
    "MEASURE_LIMIT",
    "NEUTRAL_LABEL",
    "SCALE_LIMIT",
    "Actor",
    "ActorScores",
    "Cadence",
    "Channel",
    "CustomLane",
    "DerivedId",
    "Direction",
    "Duration",
    "DurationText",
    "Emotion",
    "Id",
    "IdList",
    "JourneyMap",
    "Kpi",
    "Lane",
    "MapType",
    "Measure",
    "MeasureError",
    "Named",
    "Opportunity",
    "PainPoint",
    "Persona",
    "PersonaEntry",
    "PersonaFile",
    "PersonaList",
    "Priority",
    "Resources",
    "Scale",
    "ScaleKey",
    "ScaleNumber",
    "Scope",
    "Score",
    "Severity",
    "Stage",
    "Status",
    "Step",
    "Strict",
    "Text",
    "TextList",
    "bounded",
    "format_error",
    "renamed",
    "single_or_list",
    "with_short_form",
]
