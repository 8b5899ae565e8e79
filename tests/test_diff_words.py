"""``cjmap diff`` speaks to designers: each change a sentence in the map's own names; JSON keeps the paths.

A swap of two steps is one change; a list that is absent on one side and empty on the other is no change; a
field that appears is said once, not as a dump of its parts.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import CliRunner

from cjmap.diff.compute import diff_maps
from cjmap.diff.model import DiffReport, MapDiff
from cjmap.model import JourneyMap
from cjmap.reporters.diff import DIFF_REPORTER_BY_NAME
from cjmap.reporters.diff.words import plain, sentence

GOLDEN_MAPS = Path(__file__).parent / "golden" / "diff" / "maps"


def journey(*stages: tuple[str, str, list[dict[str, Any]]], **fields: Any) -> JourneyMap:
    return JourneyMap.model_validate({
        "cjmap": 1, "id": "m", "title": "Booking a table", "type": "current-state", **fields,
        "stages": [{"id": sid, "name": name, "steps": steps} for sid, name, steps in stages]})


def steps(*names: str, **extra: Any) -> list[dict[str, Any]]:
    return [{"id": name.lower().replace(" ", "-"), "name": name, **extra} for name in names]


def compared(old: JourneyMap, new: JourneyMap) -> MapDiff:
    return diff_maps(old, new, old_name="old.yaml", new_name="new.yaml")


def said(item: MapDiff, *, with_stage: bool = True) -> list[str]:
    return [plain(sentence(change, with_stage=with_stage)) for change in item.changes]


def written(item: MapDiff, fmt: str) -> str:
    stream = io.StringIO()
    DIFF_REPORTER_BY_NAME[fmt](stream, DiffReport(maps=(item,)), False)
    return stream.getvalue()


def test_a_renamed_step_is_said_with_its_stage() -> None:
    old = journey(("booking", "Booking", [{"id": "calls", "name": "Calls to book", "emotion": 2}]))
    new = journey(("booking", "Booking", [{"id": "calls", "name": "Books by phone", "emotion": 2}]))
    item = compared(old, new)
    assert said(item) == ["step “Calls to book” renamed to “Books by phone” (stage Booking)"]
    assert "    * step “Calls to book” renamed to “Books by phone”\n" in written(item, "text")
    assert "- step *Calls to book* renamed to *Books by phone*\n" in written(item, "markdown")
    (change,) = json.loads(written(item, "json"))["maps"][0]["changes"]
    assert (change["path"], change["before"], change["after"]) == (
        "/stages/id=booking/steps/id=calls", "Calls to book", "Books by phone")


@pytest.mark.parametrize("order, words", [
    (("A", "C", "B", "D"), "steps “B” and “C” swapped"),
    (("D", "B", "C", "A"), "steps “A” and “D” swapped"),
    (("D", "A", "B", "C"), "step “D” moved from position 4 to 1"),
    (("B", "C", "D", "A"), "step “A” moved from position 1 to 4"),
    (("D", "C", "B", "A"), "steps reordered: “D”, “C”, “B”, “A” (was “A”, “B”, “C”, “D”)"),
])
def test_a_new_order_is_one_change(order: tuple[str, ...], words: str) -> None:
    old = journey(("s", "Stage", steps("A", "B", "C", "D")))
    new = journey(("s", "Stage", steps(*order)))
    item = compared(old, new)
    assert [(change.kind, change.entity) for change in item.changes] == [("order-changed", "steps")]
    assert said(item) == [f"{words} (stage Stage)"]
    assert said(item, with_stage=False) == [words]
    (change,) = json.loads(written(item, "json"))["maps"][0]["changes"]
    assert (change["path"], change["before"], change["after"]) == (
        "/stages/id=s/steps", ["a", "b", "c", "d"], [name.lower() for name in order])


def test_swapped_stages_are_one_change() -> None:
    old = journey(("a", "Arrive", steps("X")), ("b", "Book", steps("Y")), ("c", "Cancel", steps("Z")))
    new = journey(("a", "Arrive", steps("X")), ("c", "Cancel", steps("Z")), ("b", "Book", steps("Y")))
    assert said(compared(old, new)) == ["stages “Book” and “Cancel” swapped"]


def test_empty_lists_are_not_added() -> None:
    old = journey(("s", "Stage", steps("A")))
    new = journey(("s", "Stage", steps("A", actions=[], research=[])), tags=[])
    assert compared(old, new).changes == ()


def test_a_field_that_appears_is_said_once_with_its_value() -> None:
    old = journey(("s", "Stage", steps("A")))
    new = journey(("s", "Stage", steps("A", emotion={"score": 4, "label": "relieved"}, actions=["Calls", "Waits"])))
    assert said(compared(old, new)) == [
        "actions of step “A” set to “Calls”, “Waits” (stage Stage)",
        "emotion of step “A” set to 4 (stage Stage)",
        "emotion label of step “A” set to “relieved” (stage Stage)",
    ]
    gone = said(compared(new, old))
    assert gone[1] == "emotion of step “A” removed (was 4) (stage Stage)"


def test_items_say_their_step_and_moves_say_where_from_and_to() -> None:
    pain = {"id": "wait", "text": "Waits on hold", "severity": "high"}
    old = journey(("s", "Call", [{"id": "a", "name": "Calls", "pain_points": [pain]}, {"id": "b", "name": "Waits"}]),
                  ("t", "Visit", [{"id": "c", "name": "Arrives"}]))
    new = journey(("s", "Call", [{"id": "a", "name": "Calls"}, {"id": "b", "name": "Waits",
                                                                "pain_points": [pain | {"severity": "critical"}]}]),
                  ("t", "Visit", [{"id": "c", "name": "Arrives"}, {"id": "d", "name": "Leaves", "emotion": 3}]))
    assert said(compared(old, new)) == [
        "pain point “Waits on hold” moved from step Calls to step Waits (stage Call)",
        "severity of pain point “Waits on hold” changed from “high” to “critical” (step Waits, stage Call)",
        "step “Leaves” added (emotion 3) (stage Visit)",
    ]


def test_human_formats_show_no_paths_and_no_json(cli: CliRunner) -> None:
    """The kinds pair has every kind of change: text and Markdown say each in words."""
    for fmt in ("text", "markdown", "github"):
        result = cli("diff", "-f", fmt, str(GOLDEN_MAPS / "old.yaml"), str(GOLDEN_MAPS / "new.yaml"))
        assert result.code == 0
        words = "".join(part for index, part in enumerate(result.stdout.split("```")) if index % 2 == 0)  # no charts
        assert "/stages/id=" not in words and "/channels/" not in words
        assert '{"' not in words and '["' not in words
        assert "order-changed" not in words  # said as "reordered"
    text = cli("diff", str(GOLDEN_MAPS / "old.yaml"), str(GOLDEN_MAPS / "new.yaml")).stdout
    assert "    > step “Fills the cart” moved from stage Buy to stage Browse\n" in text
    assert "    ^ stages “Buy” and “After” swapped\n" in text
    data = json.loads(cli("diff", "-f", "json", str(GOLDEN_MAPS / "old.yaml"), str(GOLDEN_MAPS / "new.yaml")).stdout)
    assert all(change["path"].startswith("/") for change in data["maps"][0]["changes"])
    assert {"kind", "path", "entity", "before", "after", "stage", "derived_id", "line", "column"} == set(
        data["maps"][0]["changes"][0])
