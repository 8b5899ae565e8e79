"""The team's lifecycle framework: declared once in the project configuration, named by each map's ``lifecycle:``.

A configuration declares one framework as a list of stages, or several (one per product or persona) as a
mapping of framework ids to such lists::

    framework: [awareness, consideration, purchase, onboarding, usage, advocacy]

    framework:
      retail: [awareness, purchase, {id: onboarding, name: Getting started}]
      business: [trial, onboarding, renewal]

A stage is its id (shown as written), or ``{id, name}``. A map names its stage by id (``lifecycle:
onboarding``); with several frameworks a stage id that two of them share is named with its framework
(``lifecycle: business/onboarding``). :func:`parse` checks a declaration's shape; :func:`resolve` finds the
stage a map names, or says why there is none (with did-you-mean).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cjmap import suggestions
from cjmap.model.base import ID_PATTERN

SEPARATOR = "/"
"""Between a framework's id and a stage id, in a map's ``lifecycle:`` (no id can hold it)."""
_ID = re.compile(ID_PATTERN)
EXAMPLE = "framework: [awareness, consideration, purchase, onboarding, usage, advocacy]"


class FrameworkError(ValueError):
    """A framework declaration that cannot be used; ``keys`` lead to the faulty value inside ``framework``."""

    def __init__(self, message: str, keys: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.keys = keys


@dataclass(frozen=True, kw_only=True)
class LifecycleStage:
    """One stage of a framework."""

    id: str
    name: str


@dataclass(frozen=True, kw_only=True)
class Framework:
    """One lifecycle; ``id`` is empty for the single framework a list declares."""

    id: str
    stages: tuple[LifecycleStage, ...]


@dataclass(frozen=True, kw_only=True)
class Placement:
    """Where a map stands on the frameworks: the stage its ``lifecycle:`` names."""

    framework: str
    stage: str
    name: str

    @property
    def ref(self) -> str:
        """How a map names this stage when it must name the framework too (``retail/onboarding``)."""
        return reference(self.framework, self.stage)


def reference(framework: str, stage: str) -> str:
    """``stage``, or ``framework/stage`` for a named framework."""
    return f"{framework}{SEPARATOR}{stage}" if framework else stage


def parse(value: Any) -> tuple[Framework, ...]:
    """The frameworks ``value`` (the configuration's ``framework``) declares; raises :class:`FrameworkError`."""
    if isinstance(value, list):
        return (Framework(id="", stages=_stages(value, ())),)
    if isinstance(value, Mapping) and value:
        found = []
        for key, stages in value.items():
            name = str(key)
            if not _ID.match(name):
                raise FrameworkError(f"framework id {name!r} must be a slug such as 'retail'", (name,))
            if not isinstance(stages, list):
                raise FrameworkError(f"framework {name!r} must be a list of stages, e.g. {name}: [awareness, "
                                     f"purchase]", (name,))
            found.append(Framework(id=name, stages=_stages(stages, (name,))))
        return tuple(found)
    raise FrameworkError(f"'framework' must be a list of lifecycle stages, e.g. {EXAMPLE}, or a mapping of "
                         f"framework ids to such lists")


def _stages(items: Sequence[Any], keys: tuple[str, ...]) -> tuple[LifecycleStage, ...]:
    if not items:
        raise FrameworkError("a framework needs at least one stage", keys)
    stages: dict[str, LifecycleStage] = {}
    for index, item in enumerate(items):
        where = (*keys, str(index))
        if isinstance(item, str):
            stage = LifecycleStage(id=item, name=item)
        elif isinstance(item, Mapping) and set(item) <= {"id", "name"} and isinstance(item.get("id"), str):
            name = item.get("name", item["id"])
            if not isinstance(name, str) or not name.strip():
                raise FrameworkError("a stage's name must be text", where)
            stage = LifecycleStage(id=item["id"], name=name)
        else:
            raise FrameworkError("a stage is its id (awareness) or {id: awareness, name: Awareness}", where)
        if not _ID.match(stage.id):
            raise FrameworkError(f"stage id {stage.id!r} must be a slug such as 'onboarding' (letters, digits, "
                                 f"'-', '_', '.')", where)
        if stage.id in stages:
            raise FrameworkError(f"stage {stage.id!r} is declared twice", where)
        stages[stage.id] = stage
    return tuple(stages.values())


def placements(frameworks: Sequence[Framework]) -> tuple[Placement, ...]:
    """Every stage of every framework, in declaration order."""
    return tuple(Placement(framework=framework.id, stage=stage.id, name=stage.name)
                 for framework in frameworks for stage in framework.stages)


def resolve(written: str, frameworks: Sequence[Framework]) -> Placement | str:
    """The stage a map's ``lifecycle: written`` names, or the message saying why none (with did-you-mean)."""
    every = placements(frameworks)
    if not every:
        return (f"lifecycle stage {written!r} names no framework stage: the project configuration declares no "
                f"framework")
    if SEPARATOR in written:
        found = [place for place in every if place.ref == written]
    else:
        found = [place for place in every if place.stage == written]
    if len(found) == 1:
        return found[0]
    if found:
        choices = ", ".join(place.ref for place in found)
        return f"lifecycle stage {written!r} is in several frameworks; name one: {choices}"
    names = [place.ref for place in every] + [place.stage for place in every]
    hint = suggestions.did_you_mean(written, names)
    return (f"lifecycle stage {written!r} is not a stage of the framework"
            + (f" ({hint})" if hint else f"; the stages are {', '.join(dict.fromkeys(names))}"))


def label(place: Placement, frameworks: Sequence[Framework]) -> str:
    """How reports name a stage: its name, after its framework's id when there are several."""
    return f"{place.framework}: {place.name}" if len(frameworks) > 1 else place.name
