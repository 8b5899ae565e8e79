"""The spreadsheet layout: header matching, the cell mini-syntax, the formula guard, rows ⇄ map round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES

from cjmap.interop.csv_io import read_csv, write_csv
from cjmap.interop.sheet import match_header, step_rows
from cjmap.interop.sheet_cells import CellError, lines, neutralise, read_item, read_number, restore
from cjmap.interop.sheet_import import MapOptions, Table, convert
from cjmap.model import JourneyMap
from cjmap.validation.validator import validate_file


@pytest.mark.parametrize("header, key", [
    ("Stage", "stage"), ("PHASE", "stage"), ("  phase  ", "stage"), ("Phase (Stage)", "stage"),
    ("Step", "name"), ("Schritt", "name"), ("étape", "name"), ("Feeling", "emotion"), ("Gefühl", "emotion"),
    ("Pain points", "pain_points"), ("PainPoints", "pain_points"), ("pain_points", "pain_points"),
    ("Evidence", "research"), ("KPI", "kpis"), ("Emotion label", "emotion_label"), ("Kanal", "channel"),
    ("Support", "support"), ("Step id", "step_id"), ("Favourite colour", None),
])
def test_headers_match_forgivingly(header: str, key: str | None) -> None:
    assert match_header(header) == key


@pytest.mark.parametrize("text, safe", [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"), ("+1", "+1"), ("-2", "-2"),
    ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("'=x", "''=x"),
    ("plain", "plain"), ("it's", "it's"), ("+ plus", "'+ plus"),
])
def test_formula_cells_are_neutralised_and_restored(text: str, safe: str) -> None:
    assert neutralise(text) == safe
    assert restore(safe) == text


def test_restore_leaves_other_quotes_alone() -> None:
    assert restore("'quoted'") == "'quoted'"
    assert restore("'-2") == "'-2"  # a number was never guarded, so this quote is the user's own


def test_lines_split_cells_people_type() -> None:
    assert lines(" one \r\ntwo\r\n\n three ") == ["one", "two", "three"]


@pytest.mark.parametrize("text, number", [("3", 3), ("3.5", 3.5), ("3,5", 3.5), ("-2", -2), ("+4", 4)])
def test_scores_read_as_numbers(text: str, number: float) -> None:
    assert read_number(text) == number


def test_a_score_that_is_no_number_is_an_error() -> None:
    with pytest.raises(CellError, match="expected a number such as 3 or 3.5, got 'happy'"):
        read_number("happy")


@pytest.mark.parametrize("kind, line, item", [
    ("pain_points", "VAT asked first", {"text": "VAT asked first"}),
    ("pain_points", "[high] VAT asked first", {"text": "VAT asked first", "severity": "high"}),
    ("pain_points", "[critical, #vat-first] VAT", {"id": "vat-first", "text": "VAT", "severity": "critical"}),
    ("pain_points", "[] [draft] text", {"text": "[draft] text"}),
    ("opportunities", "[high, owner: Growth team, addresses: a b] Ask later",
     {"text": "Ask later", "priority": "high", "owner": "Growth team", "addresses": ["a", "b"]}),
    ("kpis", "42% of target 60% — sign-up completion", {"name": "sign-up completion", "value": "42%",
                                                         "target": "60%"}),
    ("kpis", "target <= 4 min — time to invoice", {"name": "time to invoice", "target": "<= 4 min"}),
    ("kpis", "3 -- tickets", {"name": "tickets", "value": "3"}),
    ("kpis", "NPS", {"name": "NPS"}),
    ("kpis", "— NPS — detractors", {"name": "NPS — detractors"}),
    ("kpis", "[#k1, lower, unit: min] Wait", {"id": "k1", "name": "Wait", "unit": "min", "direction": "lower"}),
])
def test_the_mini_syntax_reads(kind: str, line: str, item: dict[str, object]) -> None:
    assert read_item(line, kind) == item


@pytest.mark.parametrize("kind, line, message", [
    ("pain_points", "[huge] x", "'huge' in [huge] is no severity (low, medium, high, critical), #id or attribute"),
    ("pain_points", "[owner: me] x", "unknown attribute 'owner' in [owner: me]"),
    ("pain_points", "[high]", "the line has no text after its [attributes]"),
    ("kpis", "42% — ", "the KPI has no name after its numbers"),
])
def test_mini_syntax_errors_say_what_is_wrong(kind: str, line: str, message: str) -> None:
    with pytest.raises(CellError) as caught:
        read_item(line, kind)
    assert caught.value.message == message
    assert caught.value.hint is not None


def load(path: Path) -> JourneyMap:
    result = validate_file(str(path))
    assert result.journey is not None, result.problems
    return result.journey


def csv_round_trip(journey: JourneyMap, name: str) -> JourneyMap:
    columns, rows = step_rows(journey)
    table = read_csv(write_csv([column.header for column in columns], rows), name)
    converted = convert(table, MapOptions(stem="x", id=journey.id, title=journey.title, type=journey.type,
                                          scale=f"{journey.scale.min}..{journey.scale.max}"))
    assert converted.problems == []
    assert converted.data is not None
    return JourneyMap.model_validate(converted.data)


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.name)
def test_map_to_csv_to_map_keeps_every_stage_and_step(example: Path) -> None:
    journey = load(example)
    again = csv_round_trip(journey, example.name)
    assert again.model_dump()["stages"] == journey.model_dump()["stages"]


def test_sheet_to_map_to_sheet_keeps_every_value() -> None:
    text = ("Stage,Step,Channel,Emotion,Emotion label,Pain points,Opportunities,KPIs,Research\r\n"
            "Sign up,Fills the form,Website,2,annoyed,\"[high, #vat] VAT asked first\nSlow page\","
            "\"[high, owner: Growth, addresses: vat] Ask later\",\"42% of target 60% — completion\","
            "\"'=HYPERLINK(\"\"x\"\")\nInterviews\"\r\n"
            "Pay,Pays,,4.5,,,,\"[lower] target <= 4 min — time\",\r\n")
    table = read_csv(text.encode(), "s.csv")
    converted = convert(table, MapOptions(stem="s"))
    assert converted.data is not None and converted.problems == []
    journey = JourneyMap.model_validate(converted.data)
    columns, rows = step_rows(journey)
    written = write_csv([column.header for column in columns], rows).decode("utf-8-sig")
    assert written == (
        "Stage,Step,Touchpoint,Channel,Actions,Thoughts,Emotion,Emotion label,Pain points,Opportunities,KPIs,"
        "Owner,Research\r\n"
        "Sign up,Fills the form,,Website,,,2,annoyed,\"[high, #vat] VAT asked first\nSlow page\","
        "\"[high, owner: Growth, addresses: vat] Ask later\",42% of target 60% — completion,,"
        "\"'=HYPERLINK(\"\"x\"\")\nInterviews\"\r\n"
        "Pay,Pays,,,,,4.5,,,,target <= 4 min — time,,\r\n")


def test_blank_stage_cells_continue_the_stage_and_a_lone_stage_row_is_an_empty_stage() -> None:
    table = Table(file="t.csv", header=["Stage", "Step"], rows=[
        (2, {1: "A", 2: "one"}), (3, {2: "two"}), (4, {1: "", 2: ""}), (5, {1: "B"}), (6, {1: "C", 2: "three"})])
    converted = convert(table, MapOptions(stem="t"))
    assert converted.data is not None
    assert converted.data["stages"] == [{"name": "A", "steps": [{"name": "one"}, {"name": "two"}]},
                                        {"name": "B"}, {"name": "C", "steps": [{"name": "three"}]}]
    assert [key for key in converted.data] == ["cjmap", "id", "title", "type", "scale", "stages"]
    assert (converted.data["id"], converted.data["title"], converted.data["type"]) == ("t", "T", "current-state")


def test_defaults_come_from_the_file_name_lanes_and_scores() -> None:
    table = Table(file="cafe_order-v2.csv", header=["Stage", "Step", "Emotion", "Backstage"], rows=[
        (2, {1: "A", 2: "one", 3: "-2", 4: "Barista grinds"}), (3, {1: "A", 2: "two", 3: "2"})])
    converted = convert(table, MapOptions(stem="cafe_order-v2"))
    assert converted.data is not None
    assert (converted.data["id"], converted.data["title"]) == ("cafe-order-v2", "Cafe order v2")
    assert converted.data["type"] == "service-blueprint"
    assert converted.data["scale"] == "-2..2"
    assert converted.notes == ["the scores do not all fit 1..5: the map uses the scale -2..2 (choose one with "
                               "--scale)"]


def test_actors_by_name_and_by_id_share_one_catalogue() -> None:
    table = Table(file="a.csv", header=["Stage", "Step", "Actors"], rows=[
        (2, {1: "A", 2: "one", 3: "Partner: 4 (tired)\nkids"})])
    converted = convert(table, MapOptions(stem="a"))
    assert converted.data is not None and converted.problems == []
    assert converted.data["actors"] == {"partner": "Partner", "kids": "kids"}
    assert converted.data["stages"][0]["steps"][0]["actors"] == {"partner": {"score": 4, "label": "tired"},
                                                                 "kids": None}
