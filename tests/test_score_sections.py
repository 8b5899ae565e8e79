"""``cjmap score`` beside the curve: moments of truth, time per stage and bottleneck, KPI verdicts, signs.

One map on ``1..10`` with neutral 5 (the issue's case: 7 and 3 average to neutral) exercises every section;
every number in the expected outputs is computed by hand in the comments.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjmap.cli import app

runner = CliRunner()

# Neutral 5 (labelled), one normalised unit = the larger half-span max(10 - 5, 5 - 1) = 5:
# 7 -> +0.4, 3 -> -0.4, 1 -> -0.8. Durations: 5 min + 2 days = 173100 s, 45 min = 2700 s, total 175800 s.
MAP = """\
cjmap: 1
id: delivery
title: Parcel delivery
type: current-state
scale: {min: 1, max: 10, labels: {5: neutral}}
stages:
  - id: order
    name: Order
    steps:
      - {id: pays, name: Pays, emotion: 7, duration: 5 min, moment_of_truth: true}
      - {id: waits, name: Waits for the parcel, emotion: 3, duration: 2 days}
  - id: receive
    name: Receive
    steps:
      - id: misses
        name: Misses the courier
        emotion: 1
        moment_of_truth: true
        kpis:
          - {id: first-attempt, name: first-attempt delivery, value: 62%, target: ">= 80%"}
          - {id: rebook, name: rebooking time, value: 3 min, target: "<= 5 min"}
      - id: collects
        name: Collects at the depot
        duration: 45 min
        moment_of_truth: true
        kpis:
          - {id: depot-wait, name: depot wait, target: "<= 10 min"}
"""


def score(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["score", *args])
    return result.exit_code, result.stdout


@pytest.fixture
def delivery(tmp_path: Path) -> Path:
    path = tmp_path / "delivery.yaml"
    path.write_text(MAP, encoding="utf-8")
    return path


def test_text_report_has_moments_under_the_curve_time_and_kpis(delivery: Path) -> None:
    code, out = score(str(delivery), "--no-color")
    assert code == 0
    out = "".join(line.rstrip() + "\n" for line in out.splitlines())  # table cells are padded
    # mean (7 + 3 + 1) / 3 = 3.67 -> (3.67 - 5) / 5 = -0.27; volatility (4 + 2) / 2 = 3; slope of 7, 3, 1 = -3;
    # below-neutral area (0 + 2 + 4) / 3 = 2; the peak is the 1 (-0.8), so peak-end = (1 + 1) / 2.
    # No '+' on the 1..10 scale except for changes (trend, drop); normalised values are signed.
    assert out == f"""\
Parcel delivery ({delivery})
scale 1..10 (neutral 5), normalised -0.80..+1.00 (one unit = 5 points); 3 of 4 steps have an emotion (coverage 75%)
curve  ▆▃▂·   (one mark per step, · = no emotion)
       ^ ^^   (^ = moment of truth)
moments of truth:
  • Pays (order/pays) 7 (+0.40)
  • Misses the courier (receive/misses) 1 (-0.80)
  • Collects at the depot (receive/collects) no emotion
metric              on scale  normalised  where
mean                    3.67       -0.27
median                  3.00       -0.40
min                     1.00       -0.80  Misses the courier (misses)
max                     7.00       +0.40  Pays (pays)
end                     1.00       -0.80  Misses the courier (misses)
peak-end                1.00       -0.80  peak Misses the courier (misses)
volatility              3.00       +0.60
trend (per step)       -3.00       -0.60
below-neutral area      2.00       +0.40
largest drop           -4.00       -0.80  Pays (pays) → Waits for the parcel (waits)
below neutral: 67% of scored steps
valleys (pain moments):
  • Misses the courier (receive/misses) 1
stages:
  Order: 5.00 (+0.00) 2/2 steps scored
  Receive: 1.00 (-0.80) 1/2 steps scored
time: 2 d 1 h over 3 of 4 steps (1 without a duration)
  Order: 2 d (2/2 steps timed)
  Receive: 45 min (1/2 steps timed)
bottleneck: stage Order (2 d); step Waits for the parcel (order/waits, 2 d)
KPIs: 1 met, 1 missed, 1 unknown
  missed: first-attempt delivery (receive/misses): 62 % against ≥ 80 %
"""


def test_markdown_has_moments_time_and_kpis(delivery: Path) -> None:
    code, out = score(str(delivery), "--format", "markdown")
    assert code == 0
    assert out == f"""\
## Emotion curves

Values are normalised: 0 is neutral, ±1 the end of the scale farther from neutral (both ends when neutral is the midpoint).

| map | curve | steps | coverage | mean | min | end | peak-end | valleys |
|---|---|---:|---:|---:|---:|---:|---:|---:|
| Parcel delivery (`{delivery}`) | `▆▃▂·` | 4 | 75% | -0.27 | -0.80 | -0.80 | -0.80 | 1 |

**Valleys in Parcel delivery:** Misses the courier (`misses`, 1)

**Moments of truth in Parcel delivery:** Pays (`pays`, 7, +0.40); Misses the courier (`misses`, 1, -0.80); \
Collects at the depot (`collects`, no emotion)

**Time in Parcel delivery:** 2 days 1 hour over 3 of 4 steps (1 step without a duration). By stage: Order 2 days \
(2/2 timed); Receive 45 minutes (1/2 timed). Bottleneck: stage Order (2 days), step Waits for the parcel (`waits`, \
2 days).

**KPIs in Parcel delivery:** 1 met, 1 missed, 1 unknown. Missed: first-attempt delivery (`misses`): 62 % against ≥ 80 %.
"""


def test_json_has_moments_time_and_every_kpi(delivery: Path) -> None:
    code, out = score(str(delivery), "--format", "json")
    assert code == 0
    (card,) = json.loads(out)["maps"]
    assert card["stages"][0] == {"stage": "order", "name": "Order", "steps": 2, "scored": 2, "mean": 5.0,
                                 "normalised": 0.0}  # the case: 5.00 on the scale is 0 normalised
    assert card["peak"] == {"stage": "receive", "step": "misses", "name": "Misses the courier", "value": 1.0,
                            "normalised": -0.8}
    assert card["moments"] == [
        {"stage": "order", "step": "pays", "name": "Pays", "value": 7.0, "normalised": 0.4},
        {"stage": "receive", "step": "misses", "name": "Misses the courier", "value": 1.0, "normalised": -0.8},
        {"stage": "receive", "step": "collects", "name": "Collects at the depot", "value": None, "normalised": None}]
    assert card["time"] == {
        "seconds": 175800.0, "timed": 3, "untimed": 1,
        "stages": [{"stage": "order", "name": "Order", "steps": 2, "timed": 2, "seconds": 173100.0},
                   {"stage": "receive", "name": "Receive", "steps": 2, "timed": 1, "seconds": 2700.0}],
        "bottleneck": {
            "stage": {"stage": "order", "name": "Order", "seconds": 173100.0},
            "step": {"stage": "order", "step": "waits", "name": "Waits for the parcel", "duration": "2 days",
                     "seconds": 172800.0}}}
    assert card["kpis"] == {"met": 1, "missed": 1, "unknown": 1, "items": [
        {"stage": "receive", "step": "misses", "id": "first-attempt", "name": "first-attempt delivery", "value": 62,
         "target": 80, "unit": "%", "direction": "higher", "status": "missed"},
        {"stage": "receive", "step": "misses", "id": "rebook", "name": "rebooking time", "value": 3, "target": 5,
         "unit": "min", "direction": "lower", "status": "met"},
        {"stage": "receive", "step": "collects", "id": "depot-wait", "name": "depot wait", "value": None,
         "target": 10, "unit": "min", "direction": "lower", "status": "unknown"}]}


def test_a_map_without_emotions_still_reports_moments_time_and_kpis(tmp_path: Path) -> None:
    path = tmp_path / "blank.yaml"
    path.write_text(MAP.replace("emotion: 7, ", "").replace("emotion: 3, ", "").replace("        emotion: 1\n", ""),
                    encoding="utf-8")
    code, out = score(str(path), "--no-color")
    assert code == 0
    assert out == f"""\
Parcel delivery ({path})
scale 1..10 (neutral 5), normalised -0.80..+1.00 (one unit = 5 points); 0 of 4 steps have an emotion (coverage 0%)
No step has an emotion: nothing to measure.
moments of truth:
  • Pays (order/pays) no emotion
  • Misses the courier (receive/misses) no emotion
  • Collects at the depot (receive/collects) no emotion
time: 2 d 1 h over 3 of 4 steps (1 without a duration)
  Order: 2 d (2/2 steps timed)
  Receive: 45 min (1/2 steps timed)
bottleneck: stage Order (2 d); step Waits for the parcel (order/waits, 2 d)
KPIs: 1 met, 1 missed, 1 unknown
  missed: first-attempt delivery (receive/misses): 62 % against ≥ 80 %
"""


def test_no_durations_no_time_section(delivery: Path) -> None:
    delivery.write_text(MAP.replace(", duration: 5 min", "").replace(", duration: 2 days", "")
                        .replace("        duration: 45 min\n", ""), encoding="utf-8")
    _, text = score(str(delivery), "--no-color")
    _, markdown = score(str(delivery), "--format", "markdown")
    _, document = score(str(delivery), "--format", "json")
    assert "time:" not in text and "bottleneck" not in text
    assert "**Time in" not in markdown
    assert json.loads(document)["maps"][0]["time"] is None


def test_signs_follow_the_scale_in_the_portfolio_comparison_and_gates(delivery: Path, tmp_path: Path) -> None:
    after = tmp_path / "after.yaml"
    after.write_text(MAP.replace("emotion: 1\n", "emotion: 6\n").replace("emotion: 3,", "emotion: 5,"),
                     encoding="utf-8")
    code, out = score("--compare", str(delivery), str(after), "--no-color", "--fail-over", "valleys=0",
                      "--fail-under", "coverage=0.8")
    assert code == 1
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.split()}
    # Normalised values and changes are signed; counts are whole; shares are unsigned.
    assert rows["mean"] == ["-0.27", "+0.20", "+0.47"]  # (7 + 5 + 6) / 3 = 6 -> +0.2, up 0.2 + 0.2667
    assert rows["valleys"] == ["1", "0", "-1"]
    assert rows["coverage"] == ["0.75", "0.75", "+0.00"]
    assert f"gate failed: {delivery}: valleys is 1, over the maximum 0" in out
    assert f"gate failed: {delivery}: coverage is 0.75, under the minimum 0.80" in out
