"""CI gates on score metrics: ``--fail-under mean=0`` and ``--fail-over volatility=0.5``, parsed and checked.

A gate is a value; checking it against every scored map gives one :class:`GateResult` per (map, gate), which
the reporters print (a failed gate makes ``cjmap score`` exit 1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cjmap.score.metrics import HIGHER_IS_BETTER, METRICS, ScoreReport

COUNTS: tuple[str, ...] = ("valleys",)
SHARES: tuple[str, ...] = ("coverage", "below-neutral-share")


def shown(metric: str, value: float) -> str:
    """A gate's value or threshold for people: counts whole (``2``), shares unsigned (``0.75``), and the
    normalised curve values signed (``+0.25``), as they are on a -1..+1 axis."""
    if metric in COUNTS:
        return f"{value:g}"
    return f"{value:.2f}" if metric in SHARES else f"{value:+.2f}"


@dataclass(frozen=True, kw_only=True)
class Gate:
    """A CI gate: ``metric`` must not be under (``under=True``) or over the threshold."""

    metric: str
    threshold: float
    under: bool

    def check(self, report: ScoreReport) -> str | None:
        """``None`` when the map passes, else a message naming the metric and the map."""
        value = report.metric(self.metric)
        name = report.file or report.map_id
        if value is None:
            return f"{name}: {self.metric} cannot be measured: no step has an emotion"
        is_, limit = shown(self.metric, value), shown(self.metric, self.threshold)
        if self.under and value < self.threshold:
            return f"{name}: {self.metric} is {is_}, under the minimum {limit}"
        if not self.under and value > self.threshold:
            return f"{name}: {self.metric} is {is_}, over the maximum {limit}"
        return None


@dataclass(frozen=True, kw_only=True)
class GateResult:
    """One gate checked against one map: the value measured and, when it failed, why."""

    map: str
    gate: Gate
    value: float | None
    failure: str | None

    @property
    def passed(self) -> bool:
        return self.failure is None

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape ``cjmap score --format json`` prints under ``gates``."""
        return {"map": self.map, "metric": self.gate.metric, "kind": "under" if self.gate.under else "over",
                "threshold": self.gate.threshold, "value": self.value, "passed": self.passed}


def parse_gate(text: str, under: bool) -> Gate:
    """``METRIC=VALUE`` to a :class:`Gate`; raises ValueError with a message for people."""
    metric, sep, raw = text.partition("=")
    metric = metric.strip().lower().replace("_", "-")
    option = "--fail-under" if under else "--fail-over"
    if not sep:
        raise ValueError(f"{option} expects METRIC=VALUE, e.g. mean=0; got {text!r}")
    allowed = HIGHER_IS_BETTER if under else tuple(m for m in METRICS if m not in HIGHER_IS_BETTER)
    if metric not in allowed:
        other = "--fail-over" if under else "--fail-under"
        where = f" (use {other} for {metric})" if metric in METRICS else ""
        raise ValueError(f"{option}: unknown metric {metric!r}{where}; choose from {', '.join(allowed)}")
    try:
        threshold = float(raw)
    except ValueError:
        raise ValueError(f"{option}: {raw!r} is not a number (in {text!r})") from None
    if not math.isfinite(threshold):
        raise ValueError(f"{option}: {raw!r} is not a finite number")
    return Gate(metric=metric, threshold=threshold, under=under)


def parse_gates(fail_under: Sequence[str], fail_over: Sequence[str]) -> list[Gate]:
    """Every gate the command line asks for, ``--fail-under`` ones first; raises ValueError like :func:`parse_gate`."""
    return [*(parse_gate(text, True) for text in fail_under), *(parse_gate(text, False) for text in fail_over)]


def check_gates(reports: Sequence[ScoreReport], gates: Sequence[Gate]) -> list[GateResult]:
    """Every gate against every map, map by map in report order."""
    return [GateResult(map=report.file, gate=gate, value=report.metric(gate.metric), failure=gate.check(report))
            for report in reports for gate in gates]
