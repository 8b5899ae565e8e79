"""The emotion scale a map scores on: presets such as '1..5', bounds, labels and where neutral lies."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, GetJsonSchemaHandler, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from cjmap.model.base import ScaleKey, ScaleNumber, Strict, Text, format_error, with_short_form
from cjmap.scalars import integer

_RANGE = re.compile(r"^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$")


NEUTRAL_LABEL = "neutral"
"""A scale label that names the neutral score: without ``neutral:``, the scale's neutral is that score."""


class Scale(Strict):
    """The emotion scale. Presets: '1..5' (Mermaid), '-2..2', '1..10'; any 'MIN..MAX' of integers in ±1,000,000 works."""

    EXPECTED = "a scale such as '1..5' or {min, max, neutral, labels}"

    min: ScaleNumber = Field(description="The lowest score: the worst the persona can feel.")
    max: ScaleNumber = Field(description="The highest score: the best the persona can feel.")
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
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        preset = {"type": "string", "pattern": _RANGE.pattern, "examples": ["1..5", "-2..2", "1..10"]}
        return with_short_form(handler, core_schema, preset, "Scale")

    def span(self) -> float:
        """The distance from the minimum to the maximum (render places scores along it)."""
        return float(self.max - self.min)

    def contains(self, score: float) -> bool:
        """Whether ``score`` lies on the scale."""
        return self.min <= score <= self.max

    def half_span(self) -> float:
        """The normalised unit: the larger distance from neutral to an end of the scale (always positive)."""
        neutral = float(self.neutral)  # type: ignore[arg-type]  # filled in by the validator
        return max(float(self.max) - neutral, neutral - float(self.min))

    def normalise(self, score: float) -> float:
        """``score`` on the shared axis: ``(score - neutral) / half_span()``, within -1..+1.

        One divisor for both sides keeps the normalisation a straight line: equal distances from neutral weigh
        the same, and a stage's normalised mean is the normalised value of its mean on the scale. On a scale
        whose neutral is the midpoint (every preset) ``min`` is -1 and ``max`` +1; when neutral sits off
        centre the shorter side stops short of 1 (``1..10`` with neutral 5: 1 is -0.8). Stretching each side
        on its own made a stage of 7 and 3 on that scale, 5.00 on the scale, read -0.05.
        """
        return (score - float(self.neutral)) / self.half_span()  # type: ignore[arg-type]

    def describe(self) -> str:
        """The scale in words: '1..5 (neutral 3)'."""
        return f"{self.min}..{self.max} (neutral {self.neutral})"


DEFAULT_SCALE = Scale(min=1, max=5)
