"""``cjmap portfolio``: many maps as one report, through the CLI as a user runs it.

A generated project of maps (shared pain points by id and by text, a current state with its future state, a
current state without one, a future state without a baseline, an overdue review, a map without an owner, an
invalid draft) checked in every format; the figures are recomputed from the maps, not copied from the output.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import EXAMPLES, CliRunner
from markdown_support import assert_gfm, cmark_missing

TODAY = "2026-12-04"


def _map(map_id: str, *, type_: str = "current-state", persona: str = "Ana", owner: str | None = "cx-team",
         extra: str = "", stages: str) -> str:
    owner_line = f"owner: {owner}\n" if owner else ""
    return (f"cjmap: 1\nid: {map_id}\ntitle: {map_id.title()}\ntype: {type_}\n{owner_line}"
            f"persona: {{name: {persona}}}\n{extra}stages:\n{stages}")


CHECKOUT = _map("checkout", extra="status: approved\nreviewed: 2026-01-10\n", stages="""\
  - name: Browse
    steps:
      - {id: finds, name: Finds the product, emotion: 4}
  - name: Pay
    steps:
      - id: card
        name: Types the card number
        emotion: 1
        moment_of_truth: true
        pain_points:
          - {id: slow-form, text: The form is slow, severity: high}
          - {text: "No Apple Pay.", severity: low}
""")
CHECKOUT_FUTURE = _map("checkout-future", type_="future-state", extra="baseline: checkout.yaml\n", stages="""\
  - name: Browse
    steps:
      - {id: finds, name: Finds the product, emotion: 4}
  - name: pay
    steps:
      - {id: card, name: Pays with a wallet, emotion: 5}
""")
RETURNS = _map("returns", owner=None, stages="""\
  - name: Return
    steps:
      - id: label
        name: Prints a label
        emotion: 2
        pain_points:
          - {id: slow-form, text: The return form is slow, severity: medium}
          - {text: "no apple pay", severity: medium}
""")
SUPPORT = _map("support", persona="Bo", type_="future-state", stages="""\
  - name: Ask
    steps:
      - {id: chat, name: Opens the chat, emotion: 3}
""")
DRAFT = "cjmap: 1\nid: draft\ntitle: Draft\ntype: current-state\nstages:\n  - name: A\n    steps:\n      - {name: B, emotion: 9}\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()  # the project root
    maps = tmp_path / "maps"
    maps.mkdir()
    for name, text in {"checkout.yaml": CHECKOUT, "checkout-future.yaml": CHECKOUT_FUTURE,
                       "returns.yaml": RETURNS, "support.yaml": SUPPORT}.items():
        (maps / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _json(cli: CliRunner, *args: str) -> dict:
    result = cli("portfolio", "-f", "json", "--today", TODAY, *args)
    assert result.code == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_the_heat_grid_has_a_column_per_stage_name_and_a_row_per_map(cli: CliRunner, project: Path) -> None:
    report = _json(cli, "maps")
    heat = report["heat"]
    assert heat["stages"] == ["Browse", "Pay", "Return", "Ask"]  # "pay" shares the column of "Pay"
    rows = {Path(row["file"]).name: row for row in heat["rows"]}
    # 1..5 scale, neutral 3: 4 → +0.5, 1 → -1, 5 → +1, 2 → -0.5
    assert rows["checkout.yaml"]["cells"] == [0.5, -1.0, None, None]
    assert rows["checkout-future.yaml"]["cells"] == [0.5, 1.0, None, None]
    assert rows["returns.yaml"]["cells"] == [None, None, -0.5, None]
    assert rows["support.yaml"]["cells"] == [None, None, None, 0.0]
    # grouped by persona, then type
    assert [(row["persona"], row["type"]) for row in heat["rows"]] == [
        ("Ana", "current-state"), ("Ana", "current-state"), ("Ana", "future-state"), ("Bo", "future-state")]
    assert report["schema"] == 1 and report["command"] == "portfolio" and report["today"] == TODAY


def test_worst_moments_are_the_steps_below_neutral_lowest_first(cli: CliRunner, project: Path) -> None:
    report = _json(cli, "maps")
    assert [(m["name"], m["normalised"], m["moment_of_truth"]) for m in report["worst"]] == [
        ("Types the card number", -1.0, True), ("Prints a label", -0.5, False)]
    assert [m["step"] for m in report["moments_below_neutral"]] == ["card"]
    assert _json(cli, "maps", "--top", "1")["worst"] == report["worst"][:1]


def test_pain_points_shared_by_id_or_text_are_ranked_by_severity_depth_and_maps(cli: CliRunner, project: Path) -> None:
    pains = _json(cli, "maps")["pain_points"]
    by_key = {pain["id"] or pain["text"]: pain for pain in pains}
    shared = by_key["slow-form"]  # one id in two maps, high and medium: the highest severity counts
    assert (shared["severity"], sorted(Path(f).name for f in shared["maps"])) == ("high", ["checkout.yaml", "returns.yaml"])
    assert shared["depth"] == 0.75  # mean of 1.0 (card) and 0.5 (label) below neutral
    assert shared["score"] == 3 * (1 + 0.75) * 2
    text_shared = by_key["No Apple Pay."]  # same text, ignoring case and the final full stop
    assert (text_shared["severity"], len(text_shared["maps"])) == ("medium", 2)
    assert text_shared["score"] == 2 * (1 + 0.75) * 2
    assert [pain["score"] for pain in pains] == sorted((pain["score"] for pain in pains), reverse=True)
    assert {o["step_name"] for o in shared["occurrences"]} == {"Types the card number", "Prints a label"}


def test_coverage_names_what_is_missing(cli: CliRunner, project: Path) -> None:
    coverage = _json(cli, "maps")["coverage"]
    names = lambda files: sorted(Path(f).name for f in files)  # noqa: E731
    assert names(coverage["current_without_future"]) == ["returns.yaml"]  # checkout has its future state
    assert names(coverage["future_without_baseline"]) == ["support.yaml"]
    assert names(coverage["without_owner"]) == ["returns.yaml"]
    # approved, reviewed 2026-01-10, quarterly (92 days): 328 days old on 2026-12-04, 236 days overdue
    assert [(Path(o["file"]).name, o["days_overdue"], o["cadence"]) for o in coverage["overdue"]] == [
        ("checkout.yaml", 236, "quarterly")]
    assert coverage["personas"] == [
        {"persona": "Ana", "types": {"current-state": 2, "future-state": 1, "day-in-the-life": 0, "service-blueprint": 0}},
        {"persona": "Bo", "types": {"current-state": 0, "future-state": 1, "day-in-the-life": 0, "service-blueprint": 0}}]


def test_an_invalid_map_is_listed_and_the_rest_still_reported(cli: CliRunner, project: Path) -> None:
    (project / "maps" / "draft.yaml").write_text(DRAFT, encoding="utf-8")
    result = cli("portfolio", "-f", "json", "--today", TODAY, "maps")
    assert result.code == 1
    report = json.loads(result.stdout)
    assert len(report["maps"]) == 4
    assert {Path(p["file"]).name for p in report["problems"]} == {"draft.yaml"}
    text = cli("portfolio", "--today", TODAY, "maps")
    assert text.code == 1
    assert "left out: maps/draft.yaml:8:" in text.stdout


def test_the_text_report_reads_as_a_summary(cli: CliRunner, project: Path) -> None:
    result = cli("portfolio", "--today", TODAY, "maps")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Portfolio: 4 maps (emotions normalised -1..+1, 0 neutral)"
    assert "  -1.00  Types the card number (maps/checkout.yaml: Pay / card) ★ moment of truth" in lines
    assert "   1. 10.50  The form is slow (slow-form) high, 2 maps" in lines
    assert "current-state maps without a future state:" in lines and "  maps/returns.yaml" in lines
    assert "  maps/checkout.yaml (236 days overdue, quarterly)" in lines
    assert all(line == line.rstrip() for line in lines)


@pytest.mark.skipif(cmark_missing() is not None, reason=str(cmark_missing()))
def test_markdown_tables_show_on_github(cli: CliRunner, project: Path) -> None:
    (project / "maps" / "hostile.yaml").write_text(_map("hostile", persona="A | B <script>", stages="""\
  - name: "Pay | now <b>"
    steps:
      - {id: x, name: "Clicks | <img src=x onerror=alert(1)>", emotion: 1, pain_points: ["a | b"]}
"""), encoding="utf-8")
    result = cli("portfolio", "-f", "markdown", "--today", TODAY, "maps")
    assert result.code == 0, result.stderr
    # heat grid (5 maps), worst moments (3 below neutral), pain points, coverage (2 personas + the hostile one)
    parsed = assert_gfm(result.stdout, tables=4)
    assert [len(table.rows) for table in parsed.tables][:2] == [5, 3]
    assert not parsed.tags("script") and not parsed.tags("img") and not parsed.tags("b")
    assert "Pay | now <b>" in parsed.tables[0].header


def test_examples_portfolio(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES.parent)
    report = _json(cli, "examples")
    assert len(report["maps"]) == 4
    persona_of = {Path(m["file"]).name: m["persona"] for m in report["maps"]}
    assert persona_of["trial-onboarding.current.yaml"] == "Maya, the solo accountant"  # from its persona file
    assert report["coverage"]["current_without_future"] == []
    assert report["worst"][0]["step"] == "creates-invoice"


def test_output_file_is_written_and_usage_errors_exit_2(cli: CliRunner, project: Path) -> None:
    written = cli("portfolio", "-f", "json", "--today", TODAY, "-o", "report.json", "maps")
    assert (written.code, written.stdout) == (0, "")
    assert json.loads((project / "report.json").read_text(encoding="utf-8"))["command"] == "portfolio"
    no_folder = cli("portfolio", "-o", "out/report.txt", "maps")
    assert (no_folder.code, no_folder.stderr) == (2, "cjmap: error: cannot write out/report.txt: the folder out does not exist\n")
    assert cli("portfolio", "nowhere").code == 2
    bad_date = cli("portfolio", "--today", "04.12.2026", "maps")
    assert bad_date.code == 2 and "YYYY-MM-DD" in bad_date.stderr
    assert cli("portfolio", "--top", "0", "maps").code == 2
    assert cli("portfolio", "-f", "sarif", "maps").code == 2
    (project / "ro").mkdir()
    os.chmod(project / "ro", 0o500)
    try:
        if not os.access(project / "ro", os.W_OK):  # root writes anywhere
            refused = cli("portfolio", "-o", "ro/report.txt", "maps")
            assert refused.code == 2 and "cannot write" in refused.stderr
    finally:
        os.chmod(project / "ro", 0o700)
    assert "Traceback" not in bad_date.stderr


def test_cjmap_today_pins_the_date(cli: CliRunner, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CJMAP_TODAY", "2026-04-01")  # 81 days after the review: not overdue yet
    result = cli("portfolio", "-f", "json", "maps")
    assert json.loads(result.stdout)["coverage"]["overdue"] == []


def test_fix_first_lists_low_steps_a_score_lane_rates_high(cli: CliRunner, project: Path) -> None:
    (project / "maps" / "engaged.yaml").write_text(_map("engaged", extra="""\
lanes:
  - {id: engagement, title: Engagement, kind: score}
  - {id: value, title: Business value, kind: score, min: 0, max: 10}
""", stages="""\
  - name: Use
    steps:
      - {id: hooked, name: Keeps coming back, emotion: 2, lanes: {engagement: 5, value: 3}}
      - {id: bored, name: Drifts away, emotion: 1, lanes: {engagement: 2, value: 2}}
      - {id: valued, name: Pays a lot, emotion: 2, lanes: {value: 7}}
      - {id: happy, name: Loves it, emotion: 5, lanes: {engagement: 5}}
"""), encoding="utf-8")
    report = _json(cli, "maps")
    assert [(m["step"], m["high_lanes"]) for m in report["fix_first"]] == [
        ("hooked", [{"lane": "Engagement", "value": 5.0}]),  # 5 of 1..5: high
        ("valued", [{"lane": "Business value", "value": 7.0}]),  # 7 of 0..10 is two thirds and more
    ]
    text = cli("portfolio", "--today", TODAY, "maps").stdout
    assert "fix first (below neutral, rated high by a score lane):" in text
    assert "  -0.50  Keeps coming back (maps/engaged.yaml) Engagement 5" in text.splitlines()
    assert "fix first" not in cli("portfolio", "--today", TODAY, "maps/checkout.yaml").stdout
