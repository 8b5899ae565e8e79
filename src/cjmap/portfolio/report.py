"""The portfolio of many maps: where customers suffer most, which pain points matter most, what is missing.

:func:`build` turns the digests of the valid maps (and the problems of the others) into a
:class:`Portfolio`; reporters only lay it out. Every figure names the maps and steps it comes from.

- **Heat grid**: a row per map (grouped by persona, then type), a column per stage name (stages of several
  maps with the same name, ignoring case and spacing, share a column), each cell the stage's mean emotion,
  normalised (-1..+1, 0 neutral). When the project declares a lifecycle framework (:mod:`cjmap.framework`),
  the columns are its stages instead, and each map's mean stands in the column its ``lifecycle:`` names.
- **Worst moments**: the lowest steps below neutral of all maps, and every moment of truth below neutral.
- **Fix first**: steps below neutral that a score lane of the team's own (engagement, value) rates high, at
  or above two thirds of its range.
- **Pain points ranked** by ``weight(severity) × (1 + depth) × maps``: severity weights low 1, medium 2,
  high 3, critical 4 (the highest severity written for it); depth is how far below neutral its steps stand
  on average (0..1; 0 for steps at or above neutral or without an emotion); maps is how many maps share it
  (the same id, or for a pain point without an id the same text ignoring case, spacing and final
  punctuation).
- **Coverage**: maps per persona and type; current-state maps that no future-state map names as its
  baseline; future-state maps without a baseline file; maps whose review is overdue (the cadence of
  ``review_every``, quarterly by default; a map past draft that was never reviewed counts too); maps without
  an owner; KPIs that miss their target; the framework stages no map is placed on.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from collections.abc import Sequence
from dataclasses import dataclass

from cjmap.framework import Framework, Placement, label, placements, resolve
from cjmap.language import N_
from cjmap.model import DEFAULT_CADENCE, MAP_TYPES, days_overdue
from cjmap.portfolio.digest import SEVERITY_WEIGHT, LowStep, MapDigest, PainOccurrence, text_key
from cjmap.problem import Problem
from cjmap.score.kpis import KpiResult

BANDS: tuple[tuple[float, str], ...] = ((-1 / 3, "low"), (0.0, "below"), (1 / 3, "neutral"), (float("inf"), "high"))
"""The diverging scale every format colours a normalised mean by: (upper bound, exclusive; band). Below -⅓
low, below neutral below, up to +⅓ neutral, above high."""
NO_PERSONA = ""
"""The persona key of maps without one (shown as "no persona")."""


@dataclass(frozen=True, kw_only=True)
class HeatRow:
    """One map's row of the heat grid: a cell per column, ``None`` where the map has no such stage or no emotion."""

    file: str
    title: str
    persona: str
    type: str
    mean: float | None
    cells: tuple[float | None, ...]
    lifecycle: Placement | None = None
    """The framework stage the map is placed on, when the project declares a framework and the map names one."""


@dataclass(frozen=True, kw_only=True)
class HeatGrid:
    """Stage names, or the framework's stages (columns) × maps (rows)."""

    stages: tuple[str, ...]
    rows: tuple[HeatRow, ...]
    framework: bool = False
    """Whether the columns are the stages of the project's framework (else the maps' own stage names)."""


@dataclass(frozen=True, kw_only=True)
class Moment:
    """One step of one map, where it stands on the curve."""

    file: str
    title: str
    stage: str
    stage_name: str
    step: str
    name: str
    normalised: float
    moment_of_truth: bool
    high_lanes: tuple[tuple[str, float], ...] = ()
    """Score lanes (title, value) that rate the step high though its emotion is low: fix it first."""

    @property
    def lanes_text(self) -> str:
        """:attr:`high_lanes` as people read them: ``Engagement 5, Business value 7``."""
        return ", ".join(f"{title} {value:g}" for title, value in self.high_lanes)


@dataclass(frozen=True, kw_only=True)
class Occurrence:
    """A pain point on one step of one map."""

    file: str
    title: str
    pain: PainOccurrence


@dataclass(frozen=True, kw_only=True)
class RankedPain:
    """A pain point shared by one or more maps, with its rank's figures."""

    id: str | None
    text: str
    severity: str
    depth: float
    maps: tuple[str, ...]
    score: float
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True, kw_only=True)
class Overdue:
    """A map whose review is overdue; ``days`` is ``None`` when it was never reviewed."""

    file: str
    title: str
    reviewed: datetime.date | None
    cadence: str
    days: int | None


@dataclass(frozen=True, kw_only=True)
class MissedKpi:
    """A KPI that misses its target, and its map."""

    file: str
    title: str
    kpi: KpiResult


@dataclass(frozen=True, kw_only=True)
class Coverage:
    """What the portfolio covers and what it lacks."""

    personas: tuple[str, ...]
    counts: dict[tuple[str, str], int]
    """(persona, map type) → how many maps."""
    without_future: tuple[str, ...]
    without_baseline: tuple[str, ...]
    overdue: tuple[Overdue, ...]
    unowned: tuple[str, ...]
    missed_kpis: tuple[MissedKpi, ...]
    unplaced_stages: tuple[str, ...] = ()
    """The framework stages (as :func:`cjmap.framework.label` names them) no map names in ``lifecycle:``."""


@dataclass(frozen=True, kw_only=True)
class Portfolio:
    """The whole report over many maps."""

    maps: tuple[MapDigest, ...]
    heat: HeatGrid
    worst: tuple[Moment, ...]
    moments: tuple[Moment, ...]
    fix_first: tuple[Moment, ...]
    pain_points: tuple[RankedPain, ...]
    coverage: Coverage
    problems: tuple[Problem, ...]
    today: datetime.date


def build(digests: Sequence[MapDigest], problems: Sequence[Problem], *, today: datetime.date,
          top: int = 10, frameworks: Sequence[Framework] = ()) -> Portfolio:
    """The portfolio of ``digests`` (valid maps, in the order given) as of ``today``; ``top`` bounds the worst
    moments and the ranked pain points; ``frameworks`` (the project's lifecycle, if declared) sets the heat
    grid's columns."""
    maps = tuple(sorted(digests, key=lambda d: (d.persona is None, d.persona or NO_PERSONA,
                                                  MAP_TYPES.index(d.type), d.file)))
    low = _low(maps)
    heat = _framework_heat(maps, frameworks) if frameworks else _heat(maps)
    placed = {row.lifecycle for row in heat.rows}
    unplaced = tuple(label(place, frameworks) for place in placements(frameworks) if place not in placed)
    return Portfolio(
        maps=maps,
        heat=heat,
        worst=tuple(low[:top]),
        moments=tuple(moment for moment in low if moment.moment_of_truth),
        fix_first=tuple(moment for moment in low if moment.high_lanes)[:top],
        pain_points=tuple(_ranked_pains(maps)[:top]),
        coverage=dataclasses.replace(_coverage(maps, today), unplaced_stages=unplaced),
        problems=tuple(problems),
        today=today,
    )


def project_frameworks(files: Sequence[str]) -> tuple[Framework, ...]:
    """The lifecycle frameworks the configurations in force for the map ``files`` declare (each framework id
    once, the first declaration winning)."""
    from cjmap.references import base_dir_of
    from cjmap.validation.project import frameworks

    found: dict[str, Framework] = {}
    for file in files:
        for framework in frameworks(base_dir_of(file)) or ():
            found.setdefault(framework.id, framework)
    return tuple(found.values())


def persona_label(persona: str) -> str:
    """How every format names a group of maps: the persona's name, or "no persona"."""
    return persona or N_("no persona")


def band(value: float) -> str:
    """The band of :data:`BANDS` a normalised value falls in, as shown with two decimals (so every format
    colours the same shown value alike, whatever the float behind it)."""
    shown = round(value, 2)
    return next(name for bound, name in BANDS if shown < bound)


def _heat(maps: Sequence[MapDigest]) -> HeatGrid:
    columns: dict[str, str] = {}  # key → the name first written
    for map_ in maps:
        for stage in map_.stages:
            columns.setdefault(text_key(stage.name), stage.name)
    keys = list(columns)
    rows = []
    for map_ in maps:
        means: dict[str, float] = {}
        for stage in map_.stages:
            if stage.normalised is not None:
                means.setdefault(text_key(stage.name), stage.normalised)
        rows.append(HeatRow(file=map_.file, title=map_.title, persona=map_.persona or NO_PERSONA,
                            type=map_.type, mean=map_.mean, cells=tuple(means.get(key) for key in keys)))
    return HeatGrid(stages=tuple(columns.values()), rows=tuple(rows))


def _framework_heat(maps: Sequence[MapDigest], frameworks: Sequence[Framework]) -> HeatGrid:
    """Framework stages (columns) × maps: each map's mean in the column of the stage it names."""
    columns = placements(frameworks)
    rows = []
    for map_ in maps:
        found = resolve(map_.lifecycle, frameworks) if map_.lifecycle else None
        place = found if isinstance(found, Placement) else None
        rows.append(HeatRow(file=map_.file, title=map_.title, persona=map_.persona or NO_PERSONA, type=map_.type,
                            mean=map_.mean, lifecycle=place,
                            cells=tuple(map_.mean if column == place else None for column in columns)))
    return HeatGrid(stages=tuple(label(place, frameworks) for place in columns), rows=tuple(rows), framework=True)


def _low(maps: Sequence[MapDigest]) -> list[Moment]:
    """Every step below neutral of every map, lowest first (then by file and journey order)."""
    found = []
    for map_ in maps:
        for index, step in enumerate(map_.low_steps):
            found.append((step.normalised, map_.file, index, _moment(map_, step)))
    return [moment for *_, moment in sorted(found, key=lambda entry: entry[:3])]


def _moment(map_: MapDigest, step: LowStep) -> Moment:
    place = step.place
    return Moment(file=map_.file, title=map_.title, stage=place.stage, stage_name=place.stage_name, step=place.step,
                  name=place.name, normalised=step.normalised, moment_of_truth=step.moment_of_truth,
                  high_lanes=step.high_lanes)


def _ranked_pains(maps: Sequence[MapDigest]) -> list[RankedPain]:
    groups: dict[str, list[Occurrence]] = {}
    for map_ in maps:
        for pain in map_.pain_points:
            key = f"id:{pain.id}" if pain.id else f"text:{text_key(pain.text)}"
            groups.setdefault(key, []).append(Occurrence(file=map_.file, title=map_.title, pain=pain))
    ranked = []
    for occurrences in groups.values():
        first = occurrences[0].pain
        severity = max((o.pain.severity for o in occurrences), key=SEVERITY_WEIGHT.__getitem__)
        depth = sum(max(0.0, -(o.pain.normalised or 0.0)) for o in occurrences) / len(occurrences)
        files = tuple(dict.fromkeys(o.file for o in occurrences))
        ranked.append(RankedPain(id=first.id, text=first.text, severity=severity, depth=depth, maps=files,
                                 score=SEVERITY_WEIGHT[severity] * (1 + depth) * len(files),
                                 occurrences=tuple(occurrences)))
    return sorted(ranked, key=lambda pain: (-pain.score, pain.maps[0], pain.text))


def _coverage(maps: Sequence[MapDigest], today: datetime.date) -> Coverage:
    from cjmap.checking import baseline_file

    counts: dict[tuple[str, str], int] = {}
    for map_ in maps:
        key = (map_.persona or NO_PERSONA, map_.type)
        counts[key] = counts.get(key, 0) + 1
    baselines = {}
    for map_ in maps:
        if map_.type == "future-state":
            baselines[map_.file] = baseline_file(map_.baseline, map_.file)
    named = {os.path.realpath(found) for found in baselines.values() if found is not None}
    return Coverage(
        personas=tuple(dict.fromkeys(map_.persona or NO_PERSONA for map_ in maps)),
        counts=counts,
        without_future=tuple(map_.file for map_ in maps
                             if map_.type == "current-state" and os.path.realpath(map_.file) not in named),
        without_baseline=tuple(file for file, found in baselines.items() if found is None),
        overdue=tuple(overdue for map_ in maps if (overdue := _overdue(map_, today)) is not None),
        unowned=tuple(map_.file for map_ in maps if not map_.owner),
        missed_kpis=tuple(MissedKpi(file=map_.file, title=map_.title, kpi=kpi)
                          for map_ in maps for kpi in map_.missed_kpis),
    )


def _overdue(map_: MapDigest, today: datetime.date) -> Overdue | None:
    """The map's overdue review (as lint's H001 sees it), or ``None``; drafts never reviewed and archived maps
    are not overdue."""
    cadence = map_.review_every or DEFAULT_CADENCE
    if map_.status == "archived" or (map_.reviewed is None and map_.status == "draft"):
        return None
    if map_.reviewed is None:
        return Overdue(file=map_.file, title=map_.title, reviewed=None, cadence=cadence, days=None)
    late = days_overdue(map_.reviewed, cadence, today)
    return Overdue(file=map_.file, title=map_.title, reviewed=map_.reviewed, cadence=cadence,
                   days=late) if late > 0 else None
