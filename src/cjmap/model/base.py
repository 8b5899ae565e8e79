"""The shared bottom of the format: the ``Strict`` base model, ids and texts, number bounds, short forms.

Every other model module builds on these. Field types that carry their own JSON Schema (a list that may be
written as its single item, a bounded number) are type aliases, so mypy reads them as the types they are;
the description of each field is given at the field with ``Field(description=...)``.
"""

from __future__ import annotations

import datetime
import math
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StrictFloat,
    StrictInt,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from cjmap.ids import MAX_ID

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
"""What an id may look like (its longest length is :data:`cjmap.ids.MAX_ID`); checks outside the models read
these two rather than the metadata of :data:`Id`, which no type checker can see."""

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID),
    Field(description="A short stable slug such as 'sign-up', used by references, lint and diff.",
          examples=["sign-up"]),
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


def bounded(limit: int, what: str) -> BeforeValidator:
    """Refuse a number that is not finite or lies beyond ±limit; other values go on to the type check."""

    def check(value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and not -limit <= value <= limit:
            # A number too long for the loader arrives as a float that prints as written, shortened.
            nan = isinstance(value, float) and math.isnan(value)
            problem = "nan is not a number" if nan else f"number {value} is out of range"
            raise ValueError(f"{problem}; {what} lie within ±{limit:,}")
        return value

    return BeforeValidator(check)


ScaleKey = Annotated[int, bounded(SCALE_LIMIT, "scores and scales")]
ScaleNumber = Annotated[StrictInt | StrictFloat, bounded(SCALE_LIMIT, "scores and scales"),
                        Field(json_schema_extra={"minimum": -SCALE_LIMIT, "maximum": SCALE_LIMIT})]
Score = Annotated[ScaleNumber, Field(description="A score on the map's scale.")]

MapType = Literal["current-state", "future-state", "day-in-the-life", "service-blueprint"]
MAP_TYPES: tuple[str, ...] = get_args(MapType)
"""The map types, in the order people meet them."""
Status = Literal["draft", "in-review", "approved", "archived"]
Cadence = Literal["monthly", "quarterly", "half-yearly", "yearly"]
Severity = Literal["low", "medium", "high", "critical"]
Priority = Literal["low", "medium", "high"]

CADENCE_DAYS: dict[str, int] = {"monthly": 31, "quarterly": 92, "half-yearly": 183, "yearly": 366}
DEFAULT_CADENCE = "quarterly"
"""The review cadence of a map that names none (lint, the rendered page and the portfolio agree on it)."""


def days_overdue(reviewed: datetime.date, review_every: str | None, today: datetime.date) -> int:
    """How many days past its cadence a review done on ``reviewed`` is on ``today`` (0 or less: not due yet)."""
    return (today - reviewed).days - CADENCE_DAYS[review_every or DEFAULT_CADENCE]
"""How many days a review stays fresh, per cadence."""


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def single_or_list(schema: dict[str, Any]) -> None:
    """JSON Schema of a list that may also be written as its single item."""
    items = schema.pop("items")
    schema.pop("type", None)
    schema["anyOf"] = [items, {"type": "array", "items": items}]


TextList = Annotated[list[Text], BeforeValidator(_listify), Field(json_schema_extra=single_or_list)]
"""A list of texts that may be written as a single string; describe it at the field:
``goals: TextList = Field(default=[], description="...")``."""

Lane = TextList
"""A service-blueprint lane (a TextList that may be left out): ``Lane | None = Field(default=None,
description=...)``."""

IdList = Annotated[list[Id], BeforeValidator(_listify), Field(json_schema_extra=single_or_list)]


def with_short_form(handler: GetJsonSchemaHandler, core_schema: CoreSchema, short: dict[str, Any],
                    title: str) -> JsonSchemaValue:
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
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core_schema)
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

    name: Text = Field(description="The name the rendered page shows.")
    description: str | None = Field(default=None, description="A sentence or two for the reader of the map.")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return with_short_form(handler, core_schema, {"type": "string", "minLength": 1}, cls.__name__)
