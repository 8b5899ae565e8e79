"""Time per stage and the bottleneck: pure functions from a map's step durations to a :class:`Timing`.

A stage's time is the sum of its steps' ``duration`` values; a step without a duration is not counted (it is
not zero: nobody measured it), and each stage says how many of its steps are timed. The bottleneck is the
stage with the longest total time and the step with the longest duration, as service-design's "analysis of
bottlenecks" asks: where the customer's time goes. On a tie the earlier one in journey order is named (the
first long wait delays everything after it). A map without any duration has no timing (``None``).
"""

from __future__ import annotations

from dataclasses import dataclass

from cjmap.language import split_seconds
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


_UNITS = ("w", "d", "h", "min", "s")
"""The short names of :data:`cjmap.language.UNIT_SECONDS`, for the terminal."""


def format_seconds(seconds: float) -> str:
    """A length of time for people, largest unit first, at most two: 90 -> '1 min 30 s', 5400 -> '1 h 30 min'.

    Two units are enough to compare stages; the rest is rounded into the smaller one (3 d 4 h 10 min reads
    '3 d 4 h'). Under a minute, seconds to one decimal ('0 s' for a step written as taking no time). The parts
    are :func:`cjmap.language.split_seconds`'s, as on pages in words.
    """
    return " ".join(f"{amount if isinstance(amount, int) else format(amount, 'g')} {_UNITS[unit]}"
                    for unit, amount in split_seconds(seconds))
