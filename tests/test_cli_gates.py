"""CI gates on score metrics (``cjmap.score.gates``): parsing, checking every map, and the JSON they report."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjmap.score.gates import Gate, GateResult, check_gates, parse_gate, parse_gates
from cjmap.score.metrics import ScoreReport, score_map
from cjmap.validation.validator import validate_file

MAP = """\
cjmap: 1
id: {id}
title: {id}
type: current-state
scale: -2..2
stages:
  - id: pay
    name: Pay
    steps:
{steps}
"""


def scored(tmp_path: Path, name: str, emotions: list[int | None]) -> ScoreReport:
    steps = "\n".join(f"      - {{id: s{i}, name: Step {i}" + (f", emotion: {e}}}" if e is not None else "}")
                      for i, e in enumerate(emotions))
    path = tmp_path / name
    path.write_text(MAP.format(id=name.removesuffix(".yaml"), steps=steps), encoding="utf-8")
    result = validate_file(str(path))
    assert result.journey is not None, result.problems
    return score_map(result.journey, name)


def test_parse_gates_keeps_the_order_under_then_over() -> None:
    assert parse_gates(["mean=0", "END=-0.5"], ["largest_drop=1"]) == [
        Gate(metric="mean", threshold=0.0, under=True), Gate(metric="end", threshold=-0.5, under=True),
        Gate(metric="largest-drop", threshold=1.0, under=False)]
    assert parse_gates([], []) == []


@pytest.mark.parametrize("under, over, message", [
    (["mean"], [], "--fail-under expects METRIC=VALUE, e.g. mean=0; got 'mean'"),
    ([], ["valleys"], "--fail-over expects METRIC=VALUE, e.g. mean=0; got 'valleys'"),
    (["mean=0", "happiness=1"], [], "--fail-under: unknown metric 'happiness'; choose from mean, median, min, max, "
                                    "end, peak-end, trend, coverage"),
    ([], ["mean=0"], "--fail-over: unknown metric 'mean' (use --fail-under for mean); choose from volatility, "
                     "largest-drop, largest-rise, below-neutral-share, below-neutral-area, valleys"),
    (["mean=high"], [], "--fail-under: 'high' is not a number (in 'mean=high')"),
    (["mean=inf"], [], "--fail-under: 'inf' is not a finite number"),
])
def test_bad_gates_say_what_is_wrong(under: list[str], over: list[str], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_gates(under, over)
    assert str(caught.value) == message


def test_check_gates_gives_one_result_per_map_and_gate(tmp_path: Path) -> None:
    good, bad, blank = (scored(tmp_path, "good.yaml", [1, 2]), scored(tmp_path, "bad.yaml", [1, -2]),
                        scored(tmp_path, "blank.yaml", [None]))
    gates = parse_gates(["end=0"], ["largest-drop=1"])
    results = check_gates([good, bad, blank], gates)
    assert [(r.map, r.gate.metric, r.passed) for r in results] == [
        ("good.yaml", "end", True), ("good.yaml", "largest-drop", True),
        ("bad.yaml", "end", False), ("bad.yaml", "largest-drop", False),
        ("blank.yaml", "end", False), ("blank.yaml", "largest-drop", False)]
    assert [r.failure for r in results if not r.passed] == [
        "bad.yaml: end is -1.00, under the minimum +0.00",
        "bad.yaml: largest-drop is +1.50, over the maximum +1.00",
        "blank.yaml: end cannot be measured: no step has an emotion",
        "blank.yaml: largest-drop cannot be measured: no step has an emotion"]
    assert results[2].as_dict() == {"map": "bad.yaml", "metric": "end", "kind": "under", "threshold": 0.0,
                                    "value": -1.0, "passed": False}
    assert results[1].as_dict() == {"map": "good.yaml", "metric": "largest-drop", "kind": "over", "threshold": 1.0,
                                    "value": 0.0, "passed": True}
    assert results[4].as_dict()["value"] is None


def test_a_gate_result_is_a_value() -> None:
    gate = parse_gate("mean=0", True)
    assert GateResult(map="a.yaml", gate=gate, value=0.5, failure=None).passed
    with pytest.raises(TypeError):
        GateResult("a.yaml", gate, 0.5, None)  # type: ignore[call-arg]  # keyword-only: no positional slips
