"""One moment of the journey (``Step``) and what hangs on it: emotion, pain points, opportunities, KPIs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    StrictBool,
    StrictFloat,
    StrictInt,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from cjmap import measures
from cjmap.measures import Direction, Duration, MeasureError
from cjmap.model.base import (
    MEASURE_LIMIT,
    SCALE_LIMIT,
    Id,
    IdList,
    Lane,
    Priority,
    Score,
    Severity,
    Strict,
    Text,
    TextList,
    bounded,
    format_error,
    renamed,
    with_short_form,
)


class Emotion(Strict):
    """How the persona feels at a step; ``emotion: 2`` is short for ``emotion: {score: 2}``.

    Scores may be decimals (3.7, a survey average): they are placed on the curve as they are; scale labels
    name whole scores only.
    """

    EXPECTED = "a score such as 2, or {score, label}"

    score: Score
    label: str | None = Field(default=None, description="A word for the feeling, such as 'relieved'.",
                              examples=["relieved"])

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"score": value} if isinstance(value, (int, float)) and not isinstance(value, bool) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        short = {"type": "number", "minimum": -SCALE_LIMIT, "maximum": SCALE_LIMIT}
        return with_short_form(handler, core_schema, short, "Emotion")


class PainPoint(Strict):
    """Something that hurts; ``- Slow page`` is short for ``- {text: Slow page}``."""

    EXPECTED = "a text such as 'The form is too long', or {id, text, severity}"

    id: Id | None = Field(default=None, description="A short stable slug such as 'long-wait': opportunities and "
                                                    "KPIs name it under `addresses`.", examples=["long-wait"])
    text: Text = Field(description="What hurts, in the customer's words.")
    severity: Severity = Field(default="medium", description="How much it hurts: low, medium (the default), high "
                                                             "or critical.")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return with_short_form(handler, core_schema, {"type": "string", "minLength": 1}, "PainPoint")


Rating = Annotated[StrictInt, Field(ge=1, le=5)]
"""A 1..5 rating of an opportunity (value, effort), as value × effort matrices use them."""
_TICKET = re.compile(r"https?://[^\s<>\"'`]+")


def _ticket(value: str) -> str:
    if len(value) > 2000 or not _TICKET.fullmatch(value):
        raise format_error(f"{value[:80]!r} is not a ticket address",
                           hint="write the address of the issue, starting with https:// (e.g. "
                                "https://github.com/acme/shop/issues/42)")
    return value


TicketUrl = Annotated[str, AfterValidator(_ticket),
                      WithJsonSchema({"type": "string", "pattern": "^https?://[^\\s<>\"'`]+$", "maxLength": 2000})]
"""A ticket's address: http or https only, so a page can link it safely."""


class Opportunity(Strict):
    """An idea to improve the step, ideally owned and tied to the pain points it addresses."""

    EXPECTED = ("a text such as 'Ask for the VAT number later', or {id, text, owner, priority, addresses, "
                "customer_value, business_value, effort, issue}")

    id: Id | None = Field(default=None, description="A short stable slug such as 'save-basket', so diffs and the "
                                                    "backlog follow the idea.", examples=["save-basket"])
    text: Text = Field(description="The idea, in a sentence.")
    owner: str | None = Field(default=None, description="Who takes the idea forward: a person or a team.")
    priority: Priority | None = Field(default=None, description="How urgent it is: low, medium or high.")
    addresses: IdList = Field(default=[], description="Ids of the pain points this opportunity addresses.")
    customer_value: Rating | None = Field(default=None, description="What it is worth to the customer: 1 (little) "
                                                                    "to 5 (a lot); `cjmap backlog` ranks by it.")
    business_value: Rating | None = Field(default=None, description="What it is worth to the business: 1 (little) "
                                                                    "to 5 (a lot).")
    effort: Rating | None = Field(default=None, description="The work it takes: 1 (little) to 5 (a lot).")
    issue: TicketUrl | None = Field(default=None, description="The ticket that delivers it: an http(s) address.")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return with_short_form(handler, core_schema, {"type": "string", "minLength": 1}, "Opportunity")


Measure = Annotated[
    StrictInt | StrictFloat, bounded(MEASURE_LIMIT, "KPI numbers"),
    WithJsonSchema({"anyOf": [
        {"type": "number", "minimum": -MEASURE_LIMIT, "maximum": MEASURE_LIMIT},
        {"type": "string", "pattern": measures.MEASURE_PATTERN, "examples": ["42%", "3.5 min", "<= 4 min"]}]}),
]


class Kpi(Strict):
    """A metric that tells how the step performs: numbers that lint, score and render compare.

    ``value: 42%`` is short for ``value: 42, unit: '%'``; a target may carry the better side,
    ``target: '<= 4 min'`` being ``target: 4, unit: min, direction: lower``.
    """

    id: Id | None = Field(default=None, description="A short stable slug such as 'checkout-time', so diffs "
                                                    "follow the KPI.", examples=["checkout-time"])
    name: Text = Field(description="What is measured, such as 'Time to check out'.")
    value: Measure | None = Field(default=None, description="The measured number (42, or 42% with its unit).")
    target: Measure | None = Field(default=None, description="The number to reach ('>= 60%' and '<= 4 min' "
                                                             "also set the direction).")
    unit: str | None = Field(default=None, description="What the numbers count: %, min, EUR, ratio ...",
                             examples=["%", "min"])
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

    had: TextList = Field(default=[], description="Resources the team has.")
    needed: TextList = Field(default=[], description="Resources the team still needs.")


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


def _duration_number(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise format_error(f"the duration {value} has no unit", hint=measures.DURATION_HINT)
    return value


def _duration(value: str) -> Duration:
    try:
        return Duration(value)
    except MeasureError as exc:
        raise format_error(exc.message, hint=exc.hint) from None


DurationText = Annotated[
    str,
    BeforeValidator(_duration_number),
    AfterValidator(_duration),
    Field(json_schema_extra={"pattern": measures.DURATION_PATTERN, "examples": ["10 min", "1 h 30 min", "PT10M"]}),
]


def _drop_default(schema: dict[str, Any]) -> None:
    # The default (None, filled in after validation) is no value a map may write.
    schema.pop("default", None)


DerivedId = Annotated[
    Id,
    Field(description="A short stable slug such as 'sign-up'; derived from the name when left out (write it "
                      "down so that renames keep references, diffs and links).",
          json_schema_extra=_drop_default),
]


def _lane_value(value: Any) -> Any:
    """A text, a list of texts or a number; which of them the lane's kind wants is judged with the map's
    declarations (:mod:`cjmap.validation.lanes`)."""
    if isinstance(value, str) and value:
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, list) and all(isinstance(item, str) and item for item in value):
        return list(value)
    raise format_error(f"a lane holds a text, a list of texts or a score, not {_described(value)}",
                       hint="write the value for the lane's kind: text, list or score", wrong_type=True)


def _described(value: Any) -> str:
    if value is None or value == "":
        return "nothing"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, list):
        return "a list with something other than texts in it"
    return "a mapping" if isinstance(value, Mapping) else type(value).__name__


LaneValue = Annotated[
    Any, BeforeValidator(_lane_value), bounded(SCALE_LIMIT, "scores and scales"),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1},
                              {"type": "array", "items": {"type": "string", "minLength": 1}},
                              {"type": "number", "minimum": -SCALE_LIMIT, "maximum": SCALE_LIMIT}]}),
]
LaneValues = Annotated[
    dict[Id, LaneValue],
    Field(description="The map's own lanes this step fills: lane id (declared under the map's `lanes:`) -> a "
                      "text, a list of texts or a score, as the lane's kind says."),
]


class Step(Strict):
    """One moment of the journey."""

    RENAMED = {"evidence": "research"}

    # Filled in from the name by JourneyMap when not written, so code after validation always has an id: typed
    # as present, though the default (never seen outside validation) is None.
    id: DerivedId = Field(default=None)  # type: ignore[assignment]
    name: Text = Field(description="What happens, in a few words, such as 'Compares prices'.")
    description: str | None = Field(default=None, description="More about the step, for the reader.")
    touchpoint: str | None = Field(default=None, description="Where the customer meets the service at this step: a "
                                                            "page, a letter, a counter.")
    channel: IdList = Field(default=[], description="Channel id(s) from the map's catalogue.")
    time: str | None = Field(default=None, description="Clock time, for day-in-the-life maps ('07:30').",
                             examples=["07:30"])
    duration: DurationText | None = Field(default=None, description="How long the step takes: '10 min', '2h', "
                                                                    "'1 h 30 min', '3 days', ISO 8601 'PT10M'.")
    actions: TextList = Field(default=[], description="What the customer does.")
    thoughts: TextList = Field(default=[], description="What the customer thinks or asks.")
    emotion: Emotion | None = Field(default=None, description="How the persona feels: a score on the map's scale "
                                                              "(2), or {score, label}.")
    actors: ActorScores = {}
    pain_points: list[PainPoint] = Field(default=[], description="What hurts at this step: a text each, or {id, "
                                                                 "text, severity}.")
    opportunities: list[Opportunity] = Field(default=[], description="Ideas to improve the step: a text each, or "
                                                                     "{id, text, owner, priority, addresses, ...}.")
    kpis: list[Kpi] = Field(default=[], description="Numbers that tell how the step performs: {name, value, "
                                                    "target, unit}.")
    owner: str | None = Field(default=None, description="Who is responsible for the step on the service's side.")
    research: TextList = Field(
        default=[], validation_alias=renamed("research", "evidence"),
        description="Research behind the step: interviews, observations, analytics, tickets.")
    moment_of_truth: StrictBool = Field(default=False, description="A moment that makes or breaks the customer's "
                                                                   "trust; the page marks it.")
    physical_evidence: Lane | None = Field(default=None, description="Blueprint: what the customer sees and "
                                                                     "touches.")
    frontstage: Lane | None = Field(default=None, description="Blueprint: what staff or systems do in view of the "
                                                              "customer.")
    backstage: Lane | None = Field(default=None, description="Blueprint: what happens out of view.")
    support: Lane | None = Field(default=None, description="Blueprint: support processes.")
    people: TextList = Field(default=[], description="Blueprint: people who deliver the step.")
    policies: TextList = Field(default=[], description="Blueprint: policies behind the step.")
    technologies: TextList = Field(default=[], description="Blueprint: technologies behind the step.")
    processes: TextList = Field(default=[], description="Blueprint: processes behind the step.")
    resources: Resources | None = Field(default=None, description="Blueprint: what the team has and still needs "
                                                                  "to deliver the step.")
    lanes: LaneValues = {}
    zoom: Text | None = Field(default=None, description="A more detailed map of this step: its path, relative to "
                                                        "this map and inside the project ('payment.yaml').",
                              examples=["payment.yaml"])
    zoom_other_persona: StrictBool = Field(
        default=False, description="The zoomed map follows another persona than this map, on purpose (lint P002 "
                                   "reports a difference that is not said).")

    @property
    def duration_seconds(self) -> float | None:
        """How long the step takes, in seconds, when a duration is written."""
        return self.duration.seconds if isinstance(self.duration, Duration) else None

    @property
    def id_written(self) -> bool:
        """Whether the map writes this step's id (else it was derived from the name)."""
        return not self._id_derived

    @property
    def id_positional(self) -> bool:
        """Whether the id was derived from the step's position, its name giving no slug (emoji only): such an
        id pairs with no step of another map."""
        return self._id_positional

    _id_derived: bool = PrivateAttr(default=False)
    _id_positional: bool = PrivateAttr(default=False)
