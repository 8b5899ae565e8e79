"""A step of a day-in-the-life map has neither a time nor a duration.

A day-in-the-life map follows the persona through their whole day, including the moments outside
your service; its backbone is the clock. Without `time` ("07:30") or `duration` ("20 min"), readers
cannot see when your service meets the persona's day, how long it takes out of it, or that the
delay alert arrives after they have left home.

Fails:
    cjmap: 1
    id: commuter-day
    title: A commuter's Tuesday
    type: day-in-the-life
    scale: 1..10
    stages:
      - id: morning
        name: Morning
        steps:
          - {id: alarm, name: Wakes up and checks the app, time: "06:30", emotion: 6}
          - {id: breakfast, name: Breakfast with the family, emotion: 7}

Passes:
    cjmap: 1
    id: commuter-day
    title: A commuter's Tuesday
    type: day-in-the-life
    scale: 1..10
    stages:
      - id: morning
        name: Morning
        steps:
          - {id: alarm, name: Wakes up and checks the app, time: "06:30", emotion: 6}
          - {id: breakfast, name: Breakfast with the family, duration: 30 min, emotion: 7}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "T003"
NAME = "day-step-without-time"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Steps of day-in-the-life maps without ``time`` and without ``duration``."""
    if context.journey.type != "day-in-the-life":
        return
    for ref in _helpers.steps(context.journey):
        if not ref.step.time and not ref.step.duration:
            yield Violation(
                ref.path,
                f"step '{ref.step.id}' of this day-in-the-life map has neither a time nor a duration",
                'add `time: "07:30"` (quoted) for when it happens, or `duration: 10 min`',
            )
