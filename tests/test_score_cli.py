"""``cjmap score`` from the command line: whole outputs, formats, comparisons, gates and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjmap.cli import app

runner = CliRunner()
EXAMPLES = Path(__file__).parents[1] / "examples"

MAP = """\
cjmap: 1
id: checkout
title: Online checkout
type: current-state
scale: -2..2
stages:
  - id: browse
    name: Browse
    steps:
      - {id: finds, name: Finds the product, emotion: 1}
      - {id: reads, name: Reads reviews}
  - id: pay
    name: Pay
    steps:
      - {id: card, name: Card declined, emotion: -2}
      - {id: done, name: Order confirmed, emotion: {score: 2, label: relieved}}
"""


def score(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["score", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    path = tmp_path / "checkout.yaml"
    path.write_text(MAP, encoding="utf-8")
    return path


def test_text_report_of_one_map(checkout: Path) -> None:
    code, out, _ = score(str(checkout), "--no-color")
    assert code == 0
    out = "".join(line.rstrip() + "\n" for line in out.splitlines())  # table cells are padded
    assert out == f"""\
Online checkout ({checkout})
scale -2..2 (neutral 0); 3 of 4 steps have an emotion (coverage 75%)
curve  ▆·▁█   (one mark per step, · = no emotion)
metric              on scale  normalised  where
mean                   +0.33       +0.17
median                 +1.00       +0.50
min                    -2.00       -1.00  Card declined (card)
max                    +2.00       +1.00  Order confirmed (done)
end                    +2.00       +1.00  Order confirmed (done)
peak-end               +0.00       +0.00  peak Card declined (card)
volatility              3.50       +1.75
trend (per step)       +0.50       +0.25
below-neutral area      0.67       +0.33
largest drop           -3.00       -1.50  Finds the product (finds) → Card declined (card)
largest rise           +4.00       +2.00  Card declined (card) → Order confirmed (done)
below neutral: 33% of scored steps
valleys (pain moments):
  • Card declined (pay/card) -2
stages:
  Browse: +1.00 (+0.50) 1/2 steps scored
  Pay: +0.00 (+0.00) 2/2 steps scored
"""


def test_json_shape(checkout: Path) -> None:
    code, out, _ = score(str(checkout), "--format", "json", "--fail-under", "end=0")
    assert code == 0
    document = json.loads(out)
    assert list(document) == ["tool", "version", "command", "maps", "ranking", "comparison", "gates", "problems"]
    (card,) = document["maps"]
    assert list(card) == ["file", "id", "title", "type", "baseline", "scale", "steps", "scored", "sparkline",
                          "metrics", "min_at", "max_at", "peak", "valleys", "stages", "curve", "actors",
                          "moments", "time", "kpis"]
    assert card["metrics"]["mean"] == {"scale": 0.3333, "normalised": 0.1667}
    assert card["metrics"]["largest-drop"]["scale"] == 3.0
    assert card["metrics"]["largest-drop"]["from"]["step"] == "finds"
    assert card["metrics"]["coverage"] == {"value": 0.75}
    assert card["metrics"]["valleys"] == {"value": 1}
    assert card["valleys"] == [{"stage": "pay", "step": "card", "name": "Card declined",
                                "value": -2.0, "normalised": -1.0}]
    assert card["sparkline"] == "▆·▁█"
    # Nothing written about moments, durations or KPIs: empty, null (no durations at all) and zero counts.
    assert (card["moments"], card["time"]) == ([], None)
    assert card["kpis"] == {"met": 0, "missed": 0, "unknown": 0, "items": []}
    assert document["gates"] == [{"map": str(checkout), "metric": "end", "kind": "under", "threshold": 0.0,
                                  "value": 1.0, "passed": True}]
    assert document["comparison"] is None and document["problems"] == []


def test_markdown_summary(checkout: Path) -> None:
    code, out, _ = score(str(checkout), "--format", "markdown")
    assert code == 0
    assert f"| Online checkout (`{checkout}`) | `▆·▁█` | 4 | 75% | +0.17 | -1.00 | +1.00 | +0.00 | 1 |" in out
    assert "**Valleys in Online checkout:** Card declined (`card`, -2)" in out


def test_gate_failure_names_metric_and_map(checkout: Path) -> None:
    code, out, _ = score(str(checkout), "--fail-under", "mean=0.5", "--fail-over", "valleys=0", "--no-color")
    assert code == 1
    assert f"gate failed: {checkout}: mean is +0.17, under the minimum +0.50" in out
    assert f"gate failed: {checkout}: valleys is 1, over the maximum 0" in out  # a count: whole, unsigned


@pytest.mark.parametrize("args", [
    ["--fail-under", "bogus=1"], ["--fail-under", "mean"], ["--fail-over", "mean=1"], ["--format", "xml"],
])
def test_bad_arguments_exit_2(checkout: Path, args: list[str]) -> None:
    code, _, _ = score(str(checkout), *args)
    assert code == 2


def test_missing_path_exits_2(tmp_path: Path) -> None:
    code, _, err = score(str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "no such file or directory" in err


def test_invalid_map_is_reported_not_scored(tmp_path: Path, checkout: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("cjmap: 1\nid: b\ntitle: B\ntype: nope\nstages: []\n", encoding="utf-8")
    code, out, _ = score(str(checkout), str(broken), "--no-color")
    assert code == 1
    assert f"not scored: {broken}:4:7: V023 the text 'nope' is not allowed here" in out
    assert "Online checkout" in out


def test_portfolio_ranks_maps() -> None:
    code, out, _ = score(str(EXAMPLES), "--format", "json")
    assert code == 0
    ranking = json.loads(out)["ranking"]
    assert [Path(name).name for name in ranking] == [
        "trial-onboarding.future.yaml", "cafe-order.blueprint.yaml", "commuter-day.yaml",
        "trial-onboarding.current.yaml"]
    code, text, _ = score(str(EXAMPLES), "--no-color")
    assert text.splitlines()[0] == "Portfolio, best first (normalised -1..+1)"
    assert text.splitlines()[2].split()[:2] == ["1", "trial-onboarding-future"]


def test_compare_future_state_with_its_baseline() -> None:
    code, out, _ = score("--compare", str(EXAMPLES / "trial-onboarding.future.yaml"), "--format", "json")
    assert code == 0
    comparison = json.loads(out)["comparison"]
    assert Path(comparison["before"]).name == "trial-onboarding.current.yaml"
    assert comparison["metrics"]["min"] == {"before": -1.0, "after": 0.0, "delta": 1.0}
    steps = {(s["stage"], s["step"]): s for s in comparison["steps"]}
    assert steps[("first-use", "creates-invoice")]["delta"] == 2.0
    assert steps[("first-use", "confirms-email")]["after"] is None


def test_compare_two_maps_text(checkout: Path, tmp_path: Path) -> None:
    after = tmp_path / "after.yaml"
    after.write_text(MAP.replace("emotion: -2", "emotion: 0"), encoding="utf-8")
    code, out, _ = score("--compare", str(checkout), str(after), "--no-color")
    assert code == 0
    assert "before ▆·▁█" in out and "after  ▆·▅█" in out
    assert "  pay/card: -1.00 → +0.00 (+1.00)" in out


def test_compare_needs_two_maps_or_a_baseline(checkout: Path) -> None:
    code, _, err = score("--compare", str(checkout))
    assert code == 2
    assert "--compare needs two maps" in err


def test_nothing_to_score() -> None:
    code, out, _ = score(str(EXAMPLES / "personas"))
    assert (code, out) == (0, "No maps to score (persona files are not scored).\n")
