"""The journey map format: Pydantic models, the single source of truth.

``schemas/cjmap.schema.json`` is generated from these models (``cjmap schema``); a test fails when the two
drift. Short forms that make hand-writing pleasant are normalised here, and the JSON Schema is told about
each of them, so an editor completes and accepts both forms.
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    PrivateAttr,
    StringConstraints,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from cjmap import ids, measures
from cjmap.measures import Direction, Duration, MeasureError
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


FORMAT_ERROR = "cjmap_format"
"""The Pydantic error type of :func:`format_error`, which ``validation.structure`` turns into problems."""


def format_error(message: str, *, hint: str | None = None, at: tuple[Any, ...] = (), key: bool = False,
                 wrong_type: bool = False, more: tuple[dict[str, Any], ...] = ()) -> PydanticCustomError:
    """An error the validator reports as written: at ``at`` below the value being validated (at its key
    when ``key``), as V022 when ``wrong_type`` else V023, with ``hint``; ``more`` adds further problems
    (dicts of the same keyword arguments) raised by the same check."""
    first = {"message": message, "hint": hint, "at": at, "key": key, "wrong_type": wrong_type}
    return PydanticCustomError(FORMAT_ERROR, "{message}", {"message": message, "problems": (first, *more)})


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

    EXPECTED: ClassVar[str | None] = None
    """What to write here, for the message when something else is written ('a score such as 2, ...')."""
    RENAMED: ClassVar[dict[str, str]] = {}
    """Old key -> new key: old names still validate; lint (deprecated-key) reports them and --fix renames."""

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        schema: dict[str, Any] = handler(core_schema)
        if cls.RENAMED:
            # Old names stay in the schema, marked deprecated, so editors accept maps written before a rename.
            target = handler.resolve_ref_schema(schema)
            properties = target["properties"]
            for old, new in cls.RENAMED.items():
                properties[old] = {**properties[new], "deprecated": True,
                                   "description": f"Old name of '{new}'; `cjmap lint --fix` renames it."}
        return schema


def renamed(new: str, old: str) -> AliasChoices:
    """Accept a field under its new name or its old one (error locations name the key as written)."""
    return AliasChoices(new, old)


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

    EXPECTED = "a name such as 'Website', or {name, kind, description}"

    kind: Literal["digital", "physical", "human", "third-party"] | None = None


class Actor(Named):
    """Someone other than the persona who takes part in steps (a partner, a colleague, a cat)."""

    EXPECTED = "a name such as 'Partner', or {name, description}"


class Persona(Strict):
    """The one customer the map follows."""

    EXPECTED = "the path of a persona file, or a persona {name, role, goals, ...}"

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

    RENAMED = {"goals": "business_goals"}

    scenario: str | None = None
    learning_goals: TextList("What the team wants to learn from the map.") = []
    business_goals: TextList("What the business wants from the journey (the customer's goals go on the "
                             "persona and the stages).") = Field(default=[], validation_alias=renamed("business_goals", "goals"))
    out_of_scope: TextList("What the map deliberately leaves out.") = []
    expectations: TextList("What the customer expects.") = []
    channels: IdList = Field(default=[], description="Channels in scope (ids from the catalogue).")

    @property
    def goals(self) -> list[str]:
        """Deprecated: the business goals under their old name (read ``business_goals``)."""
        return list(self.business_goals)


_RANGE = re.compile(r"^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$")


NEUTRAL_LABEL = "neutral"
"""A scale label that names the neutral score: without ``neutral:``, the scale's neutral is that score."""


class Scale(Strict):
    """The emotion scale. Presets: '1..5' (Mermaid), '-2..2', '1..10'; any 'MIN..MAX' of integers in ±1,000,000 works."""

    EXPECTED = "a scale such as '1..5' or {min, max, neutral, labels}"

    min: ScaleNumber
    max: ScaleNumber
    neutral: ScaleNumber | None = Field(default=None, description="Defaults to the score labelled 'neutral', "
                                        "else the midpoint (5.5 on 1..10).")
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
        # Each problem is reported where it was written: the maximum, the neutral, each stray label's key.
        if self.min >= self.max:
            raise format_error(f"scale minimum {self.min} must be below its maximum {self.max}", at=("max",))
        hint = f"labels name scores from {self.min} to {self.max}"
        outside = [(f"the label {label!r} for {score} lies outside the scale {self.min}..{self.max}", score)
                   for score, label in self.labels.items() if not self.min <= score <= self.max]
        if outside:
            (message, score), *more = outside
            raise format_error(message, hint=hint, at=("labels", score), key=True,
                               more=tuple({"message": text, "hint": hint, "at": ("labels", other), "key": True}
                                          for text, other in more))
        labelled = [score for score, label in self.labels.items() if label.strip().casefold() == NEUTRAL_LABEL]
        if self.neutral is None:
            # The scale's own 'neutral' label says where neutral is (on 1..10 the midpoint 5.5 is no score).
            self.neutral = labelled[0] if labelled else (self.min + self.max) / 2
            if float(self.neutral).is_integer():
                self.neutral = int(self.neutral)
        elif not self.min <= self.neutral <= self.max:
            raise format_error(f"neutral {self.neutral} must lie within {self.min}..{self.max}", at=("neutral",))
        stray = [score for score in labelled if score != self.neutral]
        if stray:
            raise format_error(f"the label 'neutral' is on {stray[0]}, but the scale's neutral is {self.neutral}",
                               hint="remove `neutral:` (neutral then follows the label), or move the label",
                               at=("labels", stray[0]), key=True)
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
    """How the persona feels at a step; ``emotion: 2`` is short for ``emotion: {score: 2}``.

    Scores may be decimals (3.7, a survey average): they are placed on the curve as they are; scale labels
    name whole scores only.
    """

    EXPECTED = "a score such as 2, or {score, label}"

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

    EXPECTED = "a text such as 'The form is too long', or {id, text, severity}"

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

    EXPECTED = "a text such as 'Ask for the VAT number later', or {id, text, owner, priority, addresses}"

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


Measure = Annotated[
    StrictInt | StrictFloat, _bounded(MEASURE_LIMIT, "KPI numbers"),
    WithJsonSchema({"anyOf": [
        {"type": "number", "minimum": -MEASURE_LIMIT, "maximum": MEASURE_LIMIT},
        {"type": "string", "pattern": measures.MEASURE_PATTERN, "examples": ["42%", "3.5 min", "<= 4 min"]}]}),
]


class Kpi(Strict):
    """A metric that tells how the step performs: numbers that lint, score and render compare.

    ``value: 42%`` is short for ``value: 42, unit: '%'``; a target may carry the better side,
    ``target: '<= 4 min'`` being ``target: 4, unit: min, direction: lower``.
    """

    id: Id | None = None
    name: Text
    value: Measure | None = Field(default=None, description="The measured number (42, or 42% with its unit).")
    target: Measure | None = Field(default=None, description="The number to reach ('>= 60%' and '<= 4 min' "
                                                             "also set the direction).")
    unit: str | None = Field(default=None, description="What the numbers count: %, min, EUR, ratio ...")
    direction: Direction = Field(default="higher", description="Which side of the target is better.")
    addresses: IdList = Field(default=[], description="Ids of the pain points this KPI measures.")

    @model_validator(mode="before")
    @classmethod
    def _short_forms(cls, value: Any) -> Any:
        if not isinstance(value, Mapping):
            return value
        data = dict(value)
        read: dict[str, measures.Measure] = {}
        for key in ("value", "target"):
            if isinstance(data.get(key), str):
                try:
                    read[key] = measures.read_measure(data[key], key)
                except MeasureError as exc:
                    raise format_error(exc.message, hint=exc.hint, at=(key,)) from None
                data[key] = read[key].number
        units = {key: found.unit for key, found in read.items() if found.unit}
        written_unit = data.get("unit")
        for key, unit in units.items():
            if written_unit is None:
                written_unit = data["unit"] = unit
            elif unit != written_unit:
                raise format_error(f"the {key} says {unit!r} but the unit is {written_unit!r}",
                                   hint="write one unit, or leave it out of the numbers", at=(key,))
        direction = read["target"].direction if "target" in read else None
        if direction is not None:
            if "direction" in data and data["direction"] != direction:
                raise format_error(f"the target says {direction} is better, but direction is {data['direction']!r}",
                                   hint="keep the comparison in the target or `direction:`, not both", at=("target",))
            data["direction"] = direction
        return data

    @property
    def met(self) -> bool | None:
        """Whether the value reaches the target on the better side; ``None`` while either is missing."""
        if self.value is None or self.target is None:
            return None
        return self.value >= self.target if self.direction == "higher" else self.value <= self.target


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


DurationText = Annotated[
    str,
    BeforeValidator(lambda value: _duration_number(value)),
    AfterValidator(lambda value: _duration(value)),
    Field(json_schema_extra={"pattern": measures.DURATION_PATTERN, "examples": ["10 min", "1 h 30 min", "PT10M"]}),
]


def _duration_number(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise format_error(f"the duration {value} has no unit", hint=measures.DURATION_HINT)
    return value


def _duration(value: str) -> Duration:
    try:
        return Duration(value)
    except MeasureError as exc:
        raise format_error(exc.message, hint=exc.hint) from None


DerivedId = Annotated[
    Id,
    Field(description="A short stable slug such as 'sign-up'; derived from the name when left out (write it "
                      "down so that renames keep references, diffs and links).",
          json_schema_extra=lambda schema: schema.pop("default", None)),
]


class Step(Strict):
    """One moment of the journey."""

    RENAMED = {"evidence": "research"}

    # Filled in from the name by JourneyMap when not written, so code after validation always has an id: typed
    # as present, though the default (never seen outside validation) is None.
    id: DerivedId = Field(default=None)  # type: ignore[assignment]
    name: Text
    description: str | None = None
    touchpoint: str | None = None
    channel: IdList = Field(default=[], description="Channel id(s) from the map's catalogue.")
    time: str | None = Field(default=None, description="Clock time, for day-in-the-life maps ('07:30').")
    duration: DurationText | None = Field(default=None, description="How long the step takes: '10 min', '2h', "
                                                                    "'1 h 30 min', '3 days', ISO 8601 'PT10M'.")
    actions: TextList("What the customer does.") = []
    thoughts: TextList("What the customer thinks or asks.") = []
    emotion: Emotion | None = None
    actors: ActorScores = {}
    pain_points: list[PainPoint] = []
    opportunities: list[Opportunity] = []
    kpis: list[Kpi] = []
    owner: str | None = None
    research: TextList("Research behind the step: interviews, observations, analytics, tickets.") = Field(
        default=[], validation_alias=renamed("research", "evidence"))
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

    @property
    def evidence(self) -> list[str]:
        """Deprecated: the research under its old name (read ``research``)."""
        return list(self.research)

    @property
    def duration_seconds(self) -> float | None:
        """How long the step takes, in seconds, when a duration is written."""
        return self.duration.seconds if isinstance(self.duration, Duration) else None

    @property
    def id_written(self) -> bool:
        """Whether the map writes this step's id (else it was derived from the name)."""
        return not self._id_derived

    _id_derived: bool = PrivateAttr(default=False)


class Stage(Strict):
    """A phase of the journey (awareness, purchase, ...), holding its steps in order."""

    id: DerivedId = Field(default=None)  # type: ignore[assignment] # filled in by JourneyMap, as a step's id
    name: Text
    description: str | None = None
    goals: TextList("What the customer wants at this stage.") = []
    expectations: TextList("What the customer expects at this stage.") = []
    steps: list[Step] = []

    @property
    def id_written(self) -> bool:
        """Whether the map writes this stage's id (else it was derived from the name)."""
        return not self._id_derived

    _id_derived: bool = PrivateAttr(default=False)


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
    reviewed: Annotated[datetime.date | None, BeforeValidator(lambda value: _date(value))] = Field(
        default=None, description="When the map was last reviewed (YYYY-MM-DD).")
    review_every: Cadence | None = Field(default=None, description="Review cadence; lint assumes quarterly.")
    baseline: Text | None = Field(default=None, description="Future-state maps: path to the current-state map.")
    persona: PersonaList = []
    scope: Scope | None = None
    scale: Scale = DEFAULT_SCALE
    channels: dict[Id, Channel] = Field(default={}, description="Channel catalogue: id -> name or details.")
    actors: dict[Id, Actor] = Field(default={}, description="Actor catalogue: id -> name or details.")
    stages: list[Stage]

    @model_validator(mode="after")
    def _derive_ids(self) -> JourneyMap:
        for (s, t), derived in ids.derive_ids(self).items():
            entity: Stage | Step = self.stages[s] if t is None else self.stages[s].steps[t]
            entity.id = derived
            entity._id_derived = True
        return self

    def steps(self) -> list[tuple[Stage, Step]]:
        """Every step in journey order with its stage."""
        return [(stage, step) for stage in self.stages for step in stage.steps]


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d")


def _date(value: Any) -> Any:
    """A YYYY-MM-DD text as a date, with a message that says why a date-like text is none."""
    if not isinstance(value, str):
        return value  # a date already, or something Pydantic reports as not a date
    if match := _DATE_TIME.match(value.strip()):
        raise format_error(f"expected a date, got the date and time {value!r}",
                           hint=f"write a date without a time, like {match[1]}")
    match = _DATE.match(value.strip())
    if match is None:
        return value
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise format_error(f"{value} is not a date: there is no month {month}", hint="write dates as YYYY-MM-DD")
    days = calendar.monthrange(year, month)[1] if year else 31
    if not 1 <= day <= days:
        month_name = calendar.month_name[month]
        raise format_error(f"{value} is not a date: {month_name} {year} has {days} days",
                           hint="write dates as YYYY-MM-DD")
    return value
