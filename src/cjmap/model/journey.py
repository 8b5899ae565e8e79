"""The map itself: its persona, scope, catalogues and stages of steps, and the persona file format."""

from __future__ import annotations

import calendar
import datetime
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    StringConstraints,
    Tag,
    model_validator,
)

from cjmap import colours, ids
from cjmap.model.base import (
    Cadence,
    Id,
    IdList,
    MapType,
    Named,
    ScaleNumber,
    Status,
    Strict,
    Text,
    TextList,
    format_error,
    renamed,
    single_or_list,
)
from cjmap.model.scale import DEFAULT_SCALE, Scale
from cjmap.model.step import DerivedId, Step

ChannelIcon = Literal["web", "app", "email", "phone", "chat", "store", "social", "sms", "letter", "human"]
"""The channel kinds that have an icon on the rendered page."""

def _colour(value: Any) -> Any:
    """A colour as written, or a message that shows how to write one (other types go on to the type check)."""
    if isinstance(value, str) and not re.match(colours.COLOUR_PATTERN, value):
        raise format_error(f"{value!r} is not a colour", hint="write a colour as #rrggbb or #rgb, in quotes "
                                                               "(YAML reads an unquoted # as a comment): \"#1f4e79\"")
    return value


Colour = Annotated[
    str,
    StringConstraints(pattern=colours.COLOUR_PATTERN),
    BeforeValidator(_colour),
    AfterValidator(colours.normalise),
    Field(description="A colour as #rrggbb or #rgb, such as '#1f77b4' (quoted: an unquoted # starts a comment)."),
]
PaletteName = Literal["default", "calm", "vivid", "mono"]


class Channel(Named):
    """A channel in the map's catalogue."""

    EXPECTED = "a name such as 'Website', or {name, kind, icon, description}"

    kind: Literal["digital", "physical", "human", "third-party"] | None = Field(
        default=None, description="What kind of channel it is: digital, physical, human or third-party.")
    icon: ChannelIcon | None = Field(
        default=None, description="The icon the rendered page shows (when the map's style asks for icons); "
                                  "without it, guessed from the channel's id and name.")


class Style(Strict):
    """How the rendered page looks: stage colours, channel icons, faces on the emotion curve."""

    palette: PaletteName | None = Field(
        default=None, description="Named stage colours, given to the stages in turn (a stage's own `colour` "
                                  "wins); each passes WCAG AA contrast in light and dark mode.")
    faces: bool | None = Field(default=None, description="Draw a face on each point of the emotion curve.")
    icons: bool | None = Field(default=None, description="Draw an icon beside each channel's name.")


class Actor(Named):
    """Someone other than the persona who takes part in steps (a partner, a colleague, a cat)."""

    EXPECTED = "a name such as 'Partner', or {name, description}"


DEFAULT_LANE_MIN = 1
DEFAULT_LANE_MAX = 5
"""A score lane's range when its declaration gives none (Smaply's engagement arc: 1..5)."""


class CustomLane(Strict):
    """A lane of the team's own (customer quotes, data, engagement), declared once and filled by steps."""

    id: Id
    title: Text = Field(description="The lane's heading on the rendered page.", examples=["Customer quotes"])
    kind: Literal["text", "list", "score"] = Field(
        default="text", description="What a step writes in it: one text, a list of texts, or a score (drawn as a "
                                    "second curve on the emotion chart).")
    description: str | None = Field(default=None, description="What the lane holds, for the people who fill it.")
    min: ScaleNumber | None = Field(default=None, description="Score lanes: the lowest score (default 1).")
    max: ScaleNumber | None = Field(default=None, description="Score lanes: the highest score (default 5).")

    @property
    def low(self) -> float:
        """The lowest score of a score lane."""
        return DEFAULT_LANE_MIN if self.min is None else self.min

    @property
    def high(self) -> float:
        """The highest score of a score lane."""
        return DEFAULT_LANE_MAX if self.max is None else self.max

    def on_scale(self, scale: Scale, value: float) -> float:
        """A score of this lane placed on ``scale`` (the emotion's), its min..max stretched onto the scale's."""
        return float(scale.min) + (value - self.low) / (self.high - self.low) * scale.span()

    def scores(self, journey: JourneyMap) -> dict[str, float]:
        """The score each step gives this lane, by step id (a score lane; steps that leave it out are absent)."""
        return {step.id: float(value) for _, step in journey.steps()
                if isinstance(value := step.lanes.get(self.id), (int, float))}


class Persona(Strict):
    """The one customer the map follows."""

    EXPECTED = "the path of a persona file, or a persona {name, role, goals, ...}"

    id: Id | None = Field(default=None, description="A short stable slug for the persona, such as 'maya'.",
                          examples=["maya"])
    name: Text = Field(description="The persona's name, as the page shows it.", examples=["Maya"])
    description: str | None = Field(default=None, description="Who the persona is, in a few sentences.")
    role: str | None = Field(default=None, description="What the persona does, such as 'freelance accountant'.")
    quote: str | None = Field(default=None, description="Something the persona would say, in their own words.")
    goals: TextList = Field(default=[], description="What the persona wants to achieve.")
    needs: TextList = Field(default=[], description="What the persona needs along the way.")
    motivations: TextList = Field(default=[], description="Why the persona acts.")
    frustrations: TextList = Field(default=[], description="What annoys the persona in general.")
    picture: Text | None = Field(
        default=None, description="A PNG, JPEG, WebP or GIF image inside the project (path relative to the file "
                                  "that names it, at most 2 MiB), embedded in the rendered page.")


class PersonaFile(Persona):
    """A persona kept in its own file so several maps can share it."""

    model_config = ConfigDict(extra="forbid", title="cjmap persona file")

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
          json_schema_extra=single_or_list),
]


class Scope(Strict):
    """What the map is for."""

    RENAMED = {"goals": "business_goals"}

    scenario: str | None = Field(default=None, description="The situation the map follows, such as 'Maya files "
                                                          "her first VAT return online'.")
    learning_goals: TextList = Field(default=[], description="What the team wants to learn from the map.")
    business_goals: TextList = Field(
        default=[], validation_alias=renamed("business_goals", "goals"),
        description="What the business wants from the journey (the customer's goals go on the persona and the "
                    "stages).")
    out_of_scope: TextList = Field(default=[], description="What the map deliberately leaves out.")
    expectations: TextList = Field(default=[], description="What the customer expects.")
    channels: IdList = Field(default=[], description="Channels in scope (ids from the catalogue).")


class Stage(Strict):
    """A phase of the journey (awareness, purchase, ...), holding its steps in order."""

    id: DerivedId = Field(default=None)  # type: ignore[assignment] # filled in by JourneyMap, as a step's id
    name: Text = Field(description="The stage's name, such as 'Awareness' or 'Purchase'.", examples=["Awareness"])
    description: str | None = Field(default=None, description="What happens in this stage, for the reader.")
    colour: Colour | None = Field(
        default=None, description="The colour of the stage's band on the rendered page (lint checks its contrast).")
    goals: TextList = Field(default=[], description="What the customer wants at this stage.")
    expectations: TextList = Field(default=[], description="What the customer expects at this stage.")
    steps: list[Step] = Field(default=[], description="The stage's steps, in the order the customer takes them.")

    @property
    def id_written(self) -> bool:
        """Whether the map writes this stage's id (else it was derived from the name)."""
        return not self._id_derived

    @property
    def id_positional(self) -> bool:
        """Whether the id was derived from the stage's position, its name giving no slug (emoji only)."""
        return self._id_positional

    _id_derived: bool = PrivateAttr(default=False)
    _id_positional: bool = PrivateAttr(default=False)

    @model_validator(mode="before")
    @classmethod
    def _colour_not_a_comment(cls, value: Any) -> Any:
        # `colour: #1f4e79` reads as `colour:` and a comment: an empty colour, never what was meant.
        if isinstance(value, dict) and "colour" in value and value["colour"] is None:
            raise format_error("the colour is empty: YAML reads an unquoted # as the start of a comment",
                               hint='quote the colour: colour: "#1f4e79"', at=("colour",))
        return value


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


class JourneyMap(Strict):
    """A customer journey map: one persona, one scenario, stages of steps."""

    model_config = ConfigDict(extra="forbid", title="cjmap journey map")

    cjmap: Literal[1] = Field(description="Format version; marks the file as a cjmap map.")
    id: Id
    title: Text = Field(description="The map's title, at the top of the rendered page.",
                        examples=["Filing a first VAT return"])
    description: str | None = Field(default=None, description="What the map shows and why it was made.")
    type: MapType = Field(description="The kind of map: the journey as it is today (current-state), as it should "
                                      "become (future-state), a whole day around it (day-in-the-life), or with "
                                      "the work behind the scenes (service-blueprint).")
    status: Status = Field(default="draft", description="Where the map stands: draft (the default), in-review, "
                                                        "approved or archived.")
    owner: str | None = Field(default=None, description="Who keeps the map up to date: a person or a team.")
    language: Text | None = Field(default=None, description=(
        "The language of the map's rendered pages: a BCP 47 tag such as it, ru, ro, pt-BR (default: the project "
        "configuration's language, then en)."), examples=["it"])
    tags: list[Text] = Field(default=[], description="Words to group and find maps by, such as a product or a "
                                                     "market.", examples=[["onboarding", "self-service"]])
    reviewed: Annotated[datetime.date | None, BeforeValidator(_date)] = Field(
        default=None, description="When the map was last reviewed (YYYY-MM-DD).", examples=["2026-03-01"])
    review_every: Cadence | None = Field(default=None, description="Review cadence; lint assumes quarterly.")
    baseline: Text | None = Field(default=None, description="Future-state maps: path to the current-state map.",
                                  examples=["current-state.yaml"])
    lifecycle: Text | None = Field(
        default=None, description="The stage of the team's lifecycle framework (declared under `framework:` in the "
                                  "project configuration) this map belongs to: 'onboarding', or 'retail/onboarding' "
                                  "to name one of several frameworks.", examples=["onboarding"])
    persona: PersonaList = []
    scope: Scope | None = Field(default=None, description="What the map is for: the scenario, learning and "
                                                          "business goals, what it leaves out.")
    scale: Scale = Field(default=DEFAULT_SCALE, description="The scale emotions are scored on: '1..5' (the "
                                                            "default), '-2..2', '1..10', or {min, max, neutral, "
                                                            "labels}.")
    style: Style | None = Field(default=None, description="How the rendered page looks: stage colours, channel "
                                                          "icons, faces on the emotion curve.")
    channels: dict[Id, Channel] = Field(default={}, description="Channel catalogue: id -> name or details.")
    actors: dict[Id, Actor] = Field(default={}, description="Actor catalogue: id -> name or details.")
    lanes: list[CustomLane] = Field(default=[], description="The map's own lanes, in the order they are shown; "
                                                            "steps fill them under their own `lanes:`.")
    stages: list[Stage] = Field(description="The phases of the journey, in order, each holding its steps.")

    @model_validator(mode="after")
    def _derive_ids(self) -> JourneyMap:
        for (s, t), derived in ids.derive_ids(self).items():
            entity: Stage | Step = self.stages[s] if t is None else self.stages[s].steps[t]
            entity.id = derived.id
            entity._id_derived = True
            entity._id_positional = derived.positional
        return self

    def lane(self, lane_id: str) -> CustomLane | None:
        """The declared lane ``lane_id`` (the first, were one declared twice), or None."""
        return next((lane for lane in self.lanes if lane.id == lane_id), None)

    def steps(self) -> list[tuple[Stage, Step]]:
        """Every step in journey order with its stage."""
        return [(stage, step) for stage in self.stages for step in stage.steps]
