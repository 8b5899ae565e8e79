"""A history of maps, made from their versions at a series of revisions; pure (no git, no files).

- **Series**: per map, a point per revision: the curve metrics (mean, min, end, peak-end, valleys;
  normalised, as ``cjmap score`` gives them), its open pain points by severity and its KPIs met; ``None`` where
  the map is absent or does not validate. The **portfolio** point of a revision is the mean of each metric
  over the maps valid there, and the sums of their pain points and KPIs.
- **Lifetimes**: how long each pain point stayed open, from the revision where it appeared to the one where
  it went away (or is still open at the end), keyed per map by its id, else by its text ignoring case, spacing
  and final punctuation (as the portfolio matches them). A version that does not validate closes nothing.
- **Gate**: ``--fail-if-worse mean,end --base REV``: a map's metric at the last revision worse than at the base.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cjmap.diff.model import CURVE_METRICS
from cjmap.history.revisions import Revision
from cjmap.problem import Problem
from cjmap.score.metrics import HIGHER_IS_BETTER

SEVERITIES: tuple[str, ...] = ("critical", "high", "medium", "low")
"""Pain point severities, worst first (how counts are listed)."""


@dataclass(frozen=True, kw_only=True)
class Pain:
    """One pain point of one map version."""

    key: str
    """``id:ID``, or ``text:normalised text`` for one without an id."""
    text: str
    severity: str
    step: str
    """The step's name."""


@dataclass(frozen=True, kw_only=True)
class MapVersion:
    """What the history keeps of one valid version of a map."""

    title: str
    metrics: tuple[float | None, ...]
    """One value per :data:`CURVE_METRICS` name, in that order."""
    pains: tuple[Pain, ...]
    kpis_met: int
    kpis: int


@dataclass(frozen=True, kw_only=True)
class Snapshot:
    """The maps at one revision: valid versions, and the problems of those that do not validate."""

    revision: Revision
    maps: dict[str, MapVersion]
    invalid: dict[str, tuple[Problem, ...]]


@dataclass(frozen=True, kw_only=True)
class Point:
    """A map (or the portfolio) at one revision."""

    metrics: tuple[float | None, ...]
    pains: tuple[int, ...]
    """Open pain points per :data:`SEVERITIES` entry."""
    kpis_met: int
    kpis: int

    def metric(self, name: str) -> float | None:
        return self.metrics[CURVE_METRICS.index(name)]


@dataclass(frozen=True, kw_only=True)
class Series:
    """One map over the revisions: a point per revision, ``None`` where absent or invalid."""

    file: str
    title: str
    points: tuple[Point | None, ...]


@dataclass(frozen=True, kw_only=True)
class Lifetime:
    """How long one pain point of one map stayed open."""

    file: str
    key: str
    text: str
    severity: str
    opened: Revision
    from_start: bool
    """Open already at the first revision of the history: it may have been added earlier."""
    closed: Revision | None
    """The first revision without it; ``None`` while it is still open at the last revision."""
    revisions: int
    """How many revisions of the history it is open in."""
    days: float
    """From ``opened`` to ``closed`` (or to the last revision), in days."""


@dataclass(frozen=True, kw_only=True)
class Invalid:
    """A map that does not validate at a revision, with its problems."""

    file: str
    revision: Revision
    problems: tuple[Problem, ...]


@dataclass(frozen=True, kw_only=True)
class GateFailure:
    """A metric of a map that is worse at the last revision than at the base."""

    file: str
    metric: str
    base: float | None
    value: float | None


@dataclass(frozen=True, kw_only=True)
class History:
    """The whole report."""

    revisions: tuple[Revision, ...]
    maps: tuple[Series, ...]
    portfolio: tuple[Point | None, ...]
    lifetimes: tuple[Lifetime, ...]
    invalid: tuple[Invalid, ...]
    base: Revision | None = None
    gate: tuple[str, ...] = ()
    """The metrics ``--fail-if-worse`` compares."""
    failures: tuple[GateFailure, ...] = ()

    @property
    def invalid_at_end(self) -> tuple[Invalid, ...]:
        """The maps that do not validate at the last revision."""
        return tuple(item for item in self.invalid if self.revisions and item.revision == self.revisions[-1])


def point(version: MapVersion) -> Point:
    """A map version as a point of its series."""
    return Point(metrics=version.metrics, pains=tuple(sum(1 for pain in version.pains if pain.severity == severity)
                                                      for severity in SEVERITIES),
                 kpis_met=version.kpis_met, kpis=version.kpis)


def build(snapshots: Sequence[Snapshot], *, base: Snapshot | None = None, gate: Sequence[str] = ()) -> History:
    """The history of the maps in ``snapshots`` (oldest first); with ``base`` and ``gate``, the gate's failures."""
    files = sorted({file for snapshot in snapshots for file in (*snapshot.maps, *snapshot.invalid)})
    series = []
    for file in files:
        versions = [snapshot.maps.get(file) for snapshot in snapshots]
        title = next((version.title for version in reversed(versions) if version is not None), file)
        series.append(Series(file=file, title=title,
                             points=tuple(point(version) if version else None for version in versions)))
    return History(
        revisions=tuple(snapshot.revision for snapshot in snapshots), maps=tuple(series),
        portfolio=tuple(_portfolio(snapshot) for snapshot in snapshots),
        lifetimes=tuple(lifetime for file in files for lifetime in _lifetimes(file, snapshots)),
        invalid=tuple(Invalid(file=file, revision=snapshot.revision, problems=problems)
                      for snapshot in snapshots for file, problems in sorted(snapshot.invalid.items())),
        base=base.revision if base else None, gate=tuple(gate),
        failures=tuple(_failures(base, snapshots[-1], gate)) if base and snapshots else ())


def _portfolio(snapshot: Snapshot) -> Point | None:
    points = [point(version) for version in snapshot.maps.values()]
    if not points:
        return None
    metrics = []
    for index in range(len(CURVE_METRICS)):
        values = [value for one in points if (value := one.metrics[index]) is not None]
        metrics.append(sum(values) / len(values) if values else None)
    return Point(metrics=tuple(metrics), pains=tuple(sum(one.pains[index] for one in points)
                                                     for index in range(len(SEVERITIES))),
                 kpis_met=sum(one.kpis_met for one in points), kpis=sum(one.kpis for one in points))


def _lifetimes(file: str, snapshots: Sequence[Snapshot]) -> list[Lifetime]:
    open_since: dict[str, tuple[Pain, int]] = {}
    lifetimes: list[Lifetime] = []

    def close(key: str, end: int | None) -> None:
        pain, start = open_since.pop(key)
        last = snapshots[end if end is not None else -1].revision
        lifetimes.append(Lifetime(file=file, key=key, text=pain.text, severity=pain.severity,
                                  opened=snapshots[start].revision, from_start=start == 0, closed=last if end is not None else None,
                                  revisions=(end if end is not None else len(snapshots)) - start,
                                  days=max(0, last.time - snapshots[start].revision.time) / 86400))

    for index, snapshot in enumerate(snapshots):
        if file in snapshot.invalid:
            continue  # a version that does not validate says nothing about its pain points
        version = snapshot.maps.get(file)
        present = {pain.key: pain for pain in version.pains} if version else {}
        for key in [key for key in open_since if key not in present]:
            close(key, index)
        for key, pain in present.items():
            if key in open_since:
                open_since[key] = (pain, open_since[key][1])  # its latest text and severity
            else:
                open_since[key] = (pain, index)
    for key in list(open_since):
        close(key, None)
    return sorted(lifetimes, key=lambda item: (item.opened.time, item.key))


def gate_metrics(text: str) -> list[str]:
    """The metrics ``--fail-if-worse`` names (``mean,end``); ValueError with a message for people."""
    metrics = [metric.strip() for metric in text.split(",") if metric.strip()]
    if not metrics:
        raise ValueError(f"--fail-if-worse expects metrics, e.g. mean,end (from {', '.join(CURVE_METRICS)})")
    if unknown := [metric for metric in metrics if metric not in CURVE_METRICS]:
        raise ValueError(f"--fail-if-worse: unknown metric {unknown[0]!r}; choose from {', '.join(CURVE_METRICS)}")
    return metrics


def worse(metric: str, base: float | None, value: float | None) -> bool:
    """Whether ``value`` is worse than ``base`` for ``metric`` (a value lost counts as worse)."""
    if base is None:
        return False
    if value is None:
        return True
    return value < base if metric in HIGHER_IS_BETTER else value > base


def _failures(base: Snapshot, end: Snapshot, gate: Sequence[str]) -> list[GateFailure]:
    failures = []
    for file, before in sorted(base.maps.items()):
        after = end.maps.get(file)
        if after is None:
            continue  # removed, or invalid at the end: invalid maps are reported on their own
        for metric in gate:
            old, new = point(before).metric(metric), point(after).metric(metric)
            if worse(metric, old, new):
                failures.append(GateFailure(file=file, metric=metric, base=old, value=new))
    return failures
