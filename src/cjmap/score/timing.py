"""Time per stage and the bottleneck: pure functions from a map's step durations to a :class:`Timing`.

A stage's time is the sum of its steps' ``duration`` values; a step without a duration is not counted (it is
not zero: nobody measured it), and each stage says how many of its steps are timed. The bottleneck is the
stage with the longest total time and the step with the longest duration, as service-design's "analysis of
bottlenecks" asks: where the customer's time goes. On a tie the earlier one in journey order is named (the
first long wait delays everything after it). A map without any duration has no timing (``None``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from cjmap.model import JourneyMap


@dataclass(frozen=True, kw_only=True)
class StageTime:
    """One stage's time: the sum of its timed steps' durations (``None`` when no step is timed)."""

    stage: str
    name: str
    steps: int
    timed: int
    seconds: float | None


@dataclass(frozen=True, kw_only=True)
class StepTime:
    """One timed step: its duration as written and in seconds."""

    stage: str
    step: str
    name: str
    duration: str
    seconds: float


@dataclass(frozen=True, kw_only=True)
class Timing:
    """Where the time goes in one map: per stage, in total, and the bottleneck stage and step."""

    stages: tuple[StageTime, ...]
    steps: tuple[StepTime, ...]
    """The timed steps, in journey order."""
    bottleneck_stage: StageTime
    bottleneck_step: StepTime

    @property
    def seconds(self) -> float:
        """The total time of every timed step."""
        return sum(step.seconds for step in self.steps)

    @property
    def timed(self) -> int:
        return len(self.steps)

    @property
    def untimed(self) -> int:
        """Steps without a duration (left out of every total)."""
        return sum(stage.steps for stage in self.stages) - self.timed


def time_map(journey: JourneyMap) -> Timing | None:
    """The time per stage and the bottleneck of ``journey``; ``None`` when no step has a duration."""
    stages: list[StageTime] = []
    steps: list[StepTime] = []
    for stage in journey.stages:
        timed = [StepTime(stage=stage.id, step=step.id, name=step.name, duration=str(step.duration),
                          seconds=seconds)
                 for step in stage.steps if (seconds := step.duration_seconds) is not None]
        steps += timed
        stages.append(StageTime(stage=stage.id, name=stage.name, steps=len(stage.steps), timed=len(timed),
                                seconds=sum(t.seconds for t in timed) if timed else None))
    if not steps:
        return None
    # max() keeps the first of equals: the earlier stage or step wins a tie, as documented above.
    longest_stage = max((s for s in stages if s.seconds is not None), key=lambda s: s.seconds or 0.0)
    return Timing(stages=tuple(stages), steps=tuple(steps), bottleneck_stage=longest_stage,
                  bottleneck_step=max(steps, key=lambda s: s.seconds))


_UNITS: tuple[tuple[str, int], ...] = (("w", 604800), ("d", 86400), ("h", 3600), ("min", 60), ("s", 1))


def format_seconds(seconds: float) -> str:
    """A length of time for people, largest unit first, at most two: 90 -> '1 min 30 s', 5400 -> '1 h 30 min'.

    Two units are enough to compare stages; the rest is rounded into the smaller one (3 d 4 h 10 min reads
    '3 d 4 h'). Under a minute, seconds to one decimal ('0 s' for a step written as taking no time).
    """
    if seconds < 60:
        return f"{round(seconds, 1):g} s"
    for (unit, size), (small_unit, small_size) in itertools.pairwise(_UNITS):
        if seconds >= size:
            whole = int(seconds // size)
            rest = round((seconds - whole * size) / small_size)
            if rest * small_size >= size:  # 1 h 59 min 40 s rounds to 2 h, not '1 h 60 min'
                whole, rest = whole + 1, 0
            return f"{whole} {unit} {rest} {small_unit}" if rest else f"{whole} {unit}"
    raise AssertionError("unreachable: a minute or more always finds a unit")
