"""The journey map format: Pydantic models, the single source of truth.

``schemas/cjmap.schema.json`` is generated from these models (``cjmap schema``); a test fails when the two
drift. Short forms that make hand-writing pleasant are normalised here, and the JSON Schema is told about
each of them, so an editor completes and accepts both forms.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    Tag,
    model_validator,
)

from cjmap.scalars import integer

FORMAT_VERSION = 1

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80),
    Field(description="A short stable slug such as 'sign-up', used by references, lint and diff."),
]
Text = Annotated[str, StringConstraints(min_length=1)]

SCALE_LIMIT = 1_000_000
"""Largest size of a score or scale number: far past any real scale (1..5, 0..100), yet exact to compute with."""
MEASURE_LIMIT = 10**15
"""Largest size of a KPI number: every whole number up to it is exact as a float."""


def _bounded(limit: int, what: str) -> BeforeValidator:
    """Refuse a number that is not finite or lies beyond ±limit; other values go on to the type check."""

    def check(value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and not -limit <= value <= limit:
            # A number too long for the loader arrives as a float that prints as written, shortened.
            nan = isinstance(value, float) and math.isnan(value)
            problem = "nan is not a number" if nan else f"number {value} is out of range"
            raise ValueError(f"{problem}; {what} lie within ±{limit:,}")
        return value

    return BeforeValidator(check)


ScaleKey = Annotated[int, _bounded(SCALE_LIMIT, "scores and scales")]
ScaleNumber = Annotated[StrictInt | StrictFloat, _bounded(SCALE_LIMIT, "scores and scales"),
                        Field(json_schema_extra={"minimum": -SCALE_LIMIT, "maximum": SCALE_LIMIT})]
Score = Annotated[ScaleNumber, Field(description="A score on the map's scale.")]

MapType = Literal["current-state", "future-state", "day-in-the-life", "service-blueprint"]
Status = Literal["draft", "in-review", "approved", "archived"]
Cadence = Literal["monthly", "quarterly", "half-yearly", "yearly"]
Severity = Literal["low", "medium", "high", "critical"]
Priority = Literal["low", "medium", "high"]

CADENCE_DAYS: dict[str, int] = {"monthly": 31, "quarterly": 92, "half-yearly": 183, "yearly": 366}
"""How many days a review stays fresh, per cadence."""


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _single_or_list(schema: dict[str, Any]) -> None:
    """JSON Schema of a list that may also be written as its single item."""
    items = schema.pop("items")
    schema.pop("type", None)
    schema["anyOf"] = [items, {"type": "array", "items": items}]


def TextList(description: str) -> Any:  # noqa: N802 - reads like a type in field declarations
    """A list of texts that may be written as a single string."""
    return Annotated[
        list[Text], BeforeValidator(_listify), Field(description=description, json_schema_extra=_single_or_list)
    ]


IdList = Annotated[list[Id], BeforeValidator(_listify), Field(json_schema_extra=_single_or_list)]


def _with_short_form(handler: Any, core_schema: Any, short: dict[str, Any], title: str) -> dict[str, Any]:
    """The JSON Schema of a model that also accepts a short form (a string or number)."""
    schema = dict(handler.resolve_ref_schema(handler(core_schema)))
    return {"title": title, "description": schema.pop("description", ""), "anyOf": [short, schema]}


class Strict(BaseModel):
    """Base of every model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False)


class Named(Strict):
    """A catalogue entry (channel, actor); ``web: Website`` is short for ``web: {name: Website}``."""

    name: Text
    description: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        return _with_short_form(handler, core_schema, {"type": "string", "minLength": 1}, cls.__name__)


class Channel(Named):
    """A channel in the map's catalogue."""

    kind: Literal["digital", "physical", "human", "third-party"] | None = None


class Actor(Named):
    """Someone other than the persona who takes part in steps (a partner, a colleague, a cat)."""


class Persona(Strict):
    """The one customer the map follows."""

    id: Id | None = None
    name: Text
    description: str | None = None
    role: str | None = None
    quote: str | None = None
    goals: TextList("What the persona wants to achieve.") = []
    needs: TextList("What the persona needs along the way.") = []
    motivations: TextList("Why the persona acts.") = []
    frustrations: TextList("What annoys the persona in general.") = []


class PersonaFile(Persona):
    """A persona kept in its own file so several maps can share it."""

    model_config = ConfigDict(extra="forbid", title="PersonaFile")

    cjmap_persona: Literal[1] = Field(alias="cjmap-persona", description="Marks a cjmap persona file.")


def _persona_kind(value: Any) -> str:
    return "file" if isinstance(value, str) else "inline"


PersonaEntry = Annotated[
    Annotated[Persona, Tag("inline")] | Annotated[Text, Tag("file")],
    Discriminator(_persona_kind),
]


def _persona_list(value: Any) -> Any:
    return value if isinstance(value, list) else [value]


PersonaList = Annotated[
    list[PersonaEntry],
    BeforeValidator(_persona_list),
    Field(description="Inline persona, or path to a persona file. One per map; a list is accepted but linted.",
          json_schema_extra=_single_or_list),
]


class Scope(Strict):
    """What the map is for."""

    scenario: str | None = None
    learning_goals: TextList("What the team wants to learn from the map.") = []
    goals: TextList("Business goals.") = []
    expectations: TextList("What the customer expects.") = []
    channels: IdList = Field(default=[], description="Channels in scope (ids from the catalogue).")


_RANGE = re.compile(r"^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$")


class Scale(Strict):
    """The emotion scale. Presets: '1..5' (Mermaid), '-2..2', '1..10'; any 'MIN..MAX' of integers in ±1,000,000 works."""

    min: ScaleNumber
    max: ScaleNumber
    neutral: ScaleNumber | None = Field(default=None, description="Defaults to the midpoint.")
    labels: dict[ScaleKey, Text] = Field(default={}, description="A label per score, e.g. {-2: furious, 2: delighted}.")

    @model_validator(mode="before")
    @classmethod
    def _preset(cls, value: Any) -> Any:
        if isinstance(value, str):
            match = _RANGE.match(value)
            if match is None:
                raise ValueError(f"scale {value!r} is not a range; write e.g. '1..5', '-2..2' or '1..10'")
            return {"min": integer(match[1]), "max": integer(match[2])}
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Scale:
        if self.min >= self.max:
            raise ValueError(f"scale minimum {self.min} must be below its maximum {self.max}")
        if self.neutral is None:
            self.neutral = (self.min + self.max) / 2
            if float(self.neutral).is_integer():
                self.neutral = int(self.neutral)
        if not self.min <= self.neutral <= self.max:
            raise ValueError(f"neutral {self.neutral} must lie within {self.min}..{self.max}")
        outside = sorted(score for score in self.labels if not self.min <= score <= self.max)
        if outside:
            raise ValueError(f"labels for {outside} lie outside the scale {self.min}..{self.max}")
        return self

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        preset = {"type": "string", "pattern": _RANGE.pattern, "examples": ["1..5", "-2..2", "1..10"]}
        return _with_short_form(handler, core_schema, preset, "Scale")

    def span(self) -> float:
        return float(self.max - self.min)

    def contains(self, score: float) -> bool:
        return self.min <= score <= self.max

    def normalise(self, score: float) -> float:
        """Map a score onto -1..+1, neutral at 0 (each side stretched on its own)."""
        neutral = float(self.neutral)  # type: ignore[arg-type]
        if score >= neutral:
            return 0.0 if self.max == neutral else (score - neutral) / (self.max - neutral)
        return 0.0 if self.min == neutral else (score - neutral) / (neutral - self.min)

    def describe(self) -> str:
        return f"{self.min}..{self.max} (neutral {self.neutral})"


DEFAULT_SCALE = Scale(min=1, max=5)


class Emotion(Strict):
    """How the persona feels at a step; ``emotion: 2`` is short for ``emotion: {score: 2}``."""

    score: Score
    label: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"score": value} if isinstance(value, (int, float)) and not isinstance(value, bool) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        short = {"type": "number", "minimum": -SCALE_LIMIT, "maximum": SCALE_LIMIT}
        return _with_short_form(handler, core_schema, short, "Emotion")


class PainPoint(Strict):
    """Something that hurts; ``- Slow page`` is short for ``- {text: Slow page}``."""

    id: Id | None = None
    text: Text
    severity: Severity = "medium"

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        return _with_short_form(handler, core_schema, {"type": "string", "minLength": 1}, "PainPoint")


class Opportunity(Strict):
    """An idea to improve the step, ideally owned and tied to the pain points it addresses."""

    id: Id | None = None
    text: Text
    owner: str | None = None
    priority: Priority | None = None
    addresses: IdList = Field(default=[], description="Ids of the pain points this opportunity addresses.")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        return _with_short_form(handler, core_schema, {"type": "string", "minLength": 1}, "Opportunity")


Measure = Annotated[StrictInt | StrictFloat | str, _bounded(MEASURE_LIMIT, "KPI numbers"),
                    Field(json_schema_extra={"minimum": -MEASURE_LIMIT, "maximum": MEASURE_LIMIT})]


class Kpi(Strict):
    """A metric that tells how the step performs."""

    id: Id | None = None
    name: Text
    value: Measure | None = None
    target: Measure | None = None
    unit: str | None = None
    addresses: IdList = Field(default=[], description="Ids of the pain points this KPI measures.")


class Resources(Strict):
    """What the team has and needs to deliver a step."""

    had: TextList("Resources the team has.") = []
    needed: TextList("Resources the team still needs.") = []


def _actor_list(value: Any) -> Any:
    if isinstance(value, str):
        return {value: None}
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return dict.fromkeys(value)
    return value


def _actor_schema(schema: dict[str, Any]) -> None:
    mapping = {key: schema.pop(key) for key in list(schema) if key not in ("description", "title")}
    actor_id = mapping.get("propertyNames", {"type": "string"})
    schema["anyOf"] = [actor_id, {"type": "array", "items": actor_id}, mapping]


ActorScores = Annotated[
    dict[Id, Emotion | None],
    BeforeValidator(_actor_list),
    Field(description="Actors taking part: a list of actor ids, or actor id -> their own emotion.",
          json_schema_extra=_actor_schema),
]

Lane = TextList


class Step(Strict):
    """One moment of the journey."""

    id: Id
    name: Text
    description: str | None = None
    touchpoint: str | None = None
    channel: IdList = Field(default=[], description="Channel id(s) from the map's catalogue.")
    time: str | None = Field(default=None, description="Clock time, for day-in-the-life maps ('07:30').")
    duration: str | None = Field(default=None, description="How long the step takes ('10 min').")
    actions: TextList("What the customer does.") = []
    thoughts: TextList("What the customer thinks or asks.") = []
    emotion: Emotion | None = None
    actors: ActorScores = {}
    pain_points: list[PainPoint] = []
    opportunities: list[Opportunity] = []
    kpis: list[Kpi] = []
    owner: str | None = None
    evidence: TextList("Research behind the step: sources, quotes.") = []
    moment_of_truth: StrictBool = False
    physical_evidence: Lane("Blueprint: what the customer sees and touches.") | None = None
    frontstage: Lane("Blueprint: what staff or systems do in view of the customer.") | None = None
    backstage: Lane("Blueprint: what happens out of view.") | None = None
    support: Lane("Blueprint: support processes.") | None = None
    people: TextList("Blueprint: people who deliver the step.") = []
    policies: TextList("Blueprint: policies behind the step.") = []
    technologies: TextList("Blueprint: technologies behind the step.") = []
    processes: TextList("Blueprint: processes behind the step.") = []
    resources: Resources | None = None


class Stage(Strict):
    """A phase of the journey (awareness, purchase, ...), holding its steps in order."""

    id: Id
    name: Text
    description: str | None = None
    steps: list[Step] = []


class JourneyMap(Strict):
    """A customer journey map: one persona, one scenario, stages of steps."""

    model_config = ConfigDict(extra="forbid", title="cjmap journey map")

    cjmap: Literal[1] = Field(description="Format version; marks the file as a cjmap map.")
    id: Id
    title: Text
    description: str | None = None
    type: MapType
    status: Status = "draft"
    owner: str | None = None
    tags: list[Text] = []
    reviewed: datetime.date | None = Field(default=None, description="When the map was last reviewed.")
    review_every: Cadence | None = Field(default=None, description="Review cadence; lint assumes quarterly.")
    baseline: Text | None = Field(default=None, description="Future-state maps: path to the current-state map.")
    persona: PersonaList = []
    scope: Scope | None = None
    scale: Scale = DEFAULT_SCALE
    channels: dict[Id, Channel] = Field(default={}, description="Channel catalogue: id -> name or details.")
    actors: dict[Id, Actor] = Field(default={}, description="Actor catalogue: id -> name or details.")
    stages: list[Stage]

    def steps(self) -> list[tuple[Stage, Step]]:
        """Every step in journey order with its stage."""
        return [(stage, step) for stage in self.stages for step in stage.steps]
