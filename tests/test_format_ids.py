"""Ids derived from names: one function for validation, lint and score, and a map written with no ids at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CliRunner

from cjmap.discovery import ConfigChoice
from cjmap.document import Document
from cjmap.ids import MAX_ID, derive_ids, slugify
from cjmap.lint.engine import LintSettings, lint_paths
from cjmap.problem import Severity
from cjmap.score.metrics import score_map
from cjmap.validation.validator import validate_bytes

SMALLEST = """\
# yaml-language-server: $schema=../schemas/cjmap.schema.json
cjmap: 1
id: coffee
title: Buying a coffee
type: current-state
stages:
  - name: Order
    steps:
      - {name: Joins the queue, emotion: 3}
      - {name: Orders a flat white, emotion: 4}
      - {name: Pays by card, emotion: 2}
  - name: Wait
    steps:
      - {name: Waits at the counter, emotion: 2}
      - {name: Hears a name called, emotion: 3}
  - name: Drink
    steps:
      - {name: Gets the drink, emotion: 5}
      - {name: Takes a first sip, emotion: 5}
      - {name: Walks to work, emotion: 4}
"""
"""The smallest map of the format page (docs/format.md): Mermaid-style, names and scores only, 20 lines."""


@pytest.mark.parametrize(("name", "slug"), [
    ("Fills in the sign-up form", "fills-in-the-sign-up-form"),
    ("Café & croissant", "cafe-croissant"),
    ("  Reads the FAQ (again)!  ", "reads-the-faq-again"),
    ("Größe wählen", "grosse-wahlen"),  # accents folded, other letters transliterated (ß -> ss)
    ("支払い", "zhifani"),
    ("Примеряет платье дома", "primeryaet-plate-doma"),
    ("🎉", ""),
    ("word " * 30, ("word-" * 16).rstrip("-")),
])
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug
    assert len(slug) <= MAX_ID


def test_a_long_name_is_cut_at_a_word_boundary_within_80_characters() -> None:
    slug = slugify("Compares " + "extraordinarily " * 6 + "long plans")
    assert slug == "compares" + "-extraordinarily" * 4
    assert len(slug) <= MAX_ID


def test_derived_ids_are_unique_in_document_order_and_never_take_a_written_id() -> None:
    data = {"stages": [
        {"name": "Pay", "steps": [{"name": "Pay"}, {"id": "pay-2", "name": "Written"}, {"name": "Pay!"}]},
        {"name": "支払い", "steps": [{"name": "🎉", "pain_points": [{"id": "pay-3", "text": "x"}]}]},
        {"id": "", "name": "Empty id is written (and invalid)"},
    ]}
    assert {position: derived.id for position, derived in derive_ids(data).items()} == {
        (0, None): "pay", (0, 0): "pay-4", (0, 2): "pay-5", (1, None): "zhifani", (1, 0): "step-4"}
    assert [position for position, derived in derive_ids(data).items() if derived.positional] == [(1, 0)]


def test_a_suffix_never_makes_an_id_longer_than_80_characters() -> None:
    name = "x" * 80
    ids = derive_ids({"stages": [{"name": name}, {"name": name}]})
    assert {position: derived.id for position, derived in ids.items()} == {
        (0, None): "x" * 80, (1, None): "x" * 78 + "-2"}


def test_the_model_and_the_document_derive_the_same_ids() -> None:
    result = validate_bytes(SMALLEST.encode(), "m.yaml", Path("."))
    assert result.journey is not None and result.document is not None
    assert [(stage.id, stage.id_written, [(step.id, step.id_written) for step in stage.steps])
            for stage in result.journey.stages][:1] == [
        ("order", False, [("joins-the-queue", False), ("orders-a-flat-white", False), ("pays-by-card", False)])]
    assert result.document.pointer(("stages", 1, "steps", 0, "emotion")) == (
        "/stages/id=wait/steps/id=waits-at-the-counter/emotion")
    assert {position: derived.id for position, derived in derive_ids(result.document.data).items()} == {
        (s, t): (stage.id if t is None else stage.steps[t].id)
        for s, stage in enumerate(result.journey.stages) for t in (None, *range(len(stage.steps)))}


def test_written_ids_are_kept_and_flagged_as_written() -> None:
    text = SMALLEST.replace("  - name: Wait\n", "  - id: waiting\n    name: Wait\n")
    journey = validate_bytes(text.encode(), "m.yaml", Path(".")).journey
    assert journey is not None
    assert [(stage.id, stage.id_written) for stage in journey.stages] == [
        ("order", False), ("waiting", True), ("drink", False)]


def test_pointers_of_items_that_are_no_mapping_stay_positional() -> None:
    document = Document("f", {"stages": [{"name": "A", "steps": ["x", {"name": "B"}]}]})
    assert document.pointer(("stages", 0, "steps", 0)) == "/stages/id=a/steps/0"
    assert document.pointer(("stages", 0, "steps", 1)) == "/stages/id=a/steps/id=b"


def test_problems_in_a_map_without_ids_are_located_by_derived_ids() -> None:
    text = SMALLEST.replace("{name: Pays by card, emotion: 2}", "{name: Pays by card, emotion: 9}")
    result = validate_bytes(text.encode(), "m.yaml", Path("."))
    assert [(p.code, p.location.line, p.location.column, p.path, p.message) for p in result.problems] == [
        ("V033", 11, 39, "/stages/id=order/steps/id=pays-by-card/emotion",
         "emotion 9 lies outside the scale 1..5")]


def test_a_written_id_wins_over_a_derived_one() -> None:
    text = SMALLEST.replace("  - name: Wait\n", "  - id: order\n    name: Wait\n")
    result = validate_bytes(text.encode(), "m.yaml", Path("."))
    assert result.valid and result.journey is not None
    assert [stage.id for stage in result.journey.stages] == ["order-2", "order", "drink"]


def test_the_smallest_map_is_20_lines_and_validates_lints_and_scores(tmp_path: Path) -> None:
    assert len(SMALLEST.splitlines()) == 20
    result = validate_bytes(SMALLEST.encode(), "m.yaml", Path("."))
    assert result.valid and result.journey is not None
    report = score_map(result.journey)
    assert [(point.stage, point.step) for point in report.points][-2:] == [
        ("drink", "takes-a-first-sip"), ("drink", "walks-to-work")]
    assert [(stage.stage, stage.mean) for stage in report.stages] == [("order", 3), ("wait", 2.5), ("drink", 14 / 3)]
    path = tmp_path / "coffee.yaml"
    path.write_text(SMALLEST, encoding="utf-8")
    run = lint_paths([str(path)], LintSettings(config=ConfigChoice(use=False)))
    found = [(p.code, p.severity) for p in run.report.problems]
    assert not [code for code, severity in found if severity == Severity.ERROR]
    assert found.count(("R007", Severity.INFO)) == 1  # once per map: three stages and eight steps
    assert [p.message for p in run.report.problems if p.code == "R007"] == [
        "3 stages and 8 steps have no written id (derived from the name): 'order', 'joins-the-queue', "
        "'orders-a-flat-white' and 8 more"]


def test_the_smallest_map_through_the_cli(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "coffee.yaml"
    path.write_text(SMALLEST, encoding="utf-8")
    assert cli("validate", str(path)).code == 0
    assert cli("lint", "--no-config", str(path)).code == 0
    assert cli("score", str(path)).code == 0


def test_lint_fix_writes_the_derived_ids(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "coffee.yaml"
    path.write_text(SMALLEST, encoding="utf-8")
    assert cli("lint", "--no-config", "--select", "R007", "--fix", str(path)).code == 0
    fixed = path.read_text(encoding="utf-8")
    assert fixed.startswith(SMALLEST[:SMALLEST.index("stages:")] + "stages:\n  - id: order\n    name: Order\n"
                            "    steps:\n      - {id: joins-the-queue, name: Joins the queue, emotion: 3}\n")
    journey = validate_bytes(fixed.encode(), "m.yaml", Path(".")).journey
    assert journey is not None and all(stage.id_written and all(step.id_written for step in stage.steps)
                                       for stage in journey.stages)
    assert [stage.id for stage in journey.stages] == ["order", "wait", "drink"]
