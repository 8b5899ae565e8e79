"""Invalid and valid map fixtures: every problem at its exact place with its hint, and nothing else.

Each file in ``fixtures/invalid/`` declares what validation must report, in report order, at its end::

    # expect: LINE:COL CODE message                 (a problem in this file)
    # expect: {dir}/other.yaml:LINE:COL CODE message (a problem reported in another file)
    #   hint: the hint                              (no hint line: the problem has no hint)
    #   path: /stages/id=a/steps/id=s1/emoton       (no path line: the problem has no path)

``{dir}`` stands for the fixture's folder. Files in ``fixtures/valid/`` must validate without a problem.
"""

from __future__ import annotations

import datetime
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, example_files

from cjmap.model import Persona
from cjmap.validation.validator import validate_file

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
VALID = sorted((FIXTURES / "valid").glob("*.yaml"))

_EXPECT = re.compile(r"^# expect: (?:(?P<file>\S+):)?(?P<line>\d+):(?P<column>\d+) (?P<code>V\d{3}) (?P<message>.*)$")
_DETAIL = re.compile(r"^#   (?P<kind>hint|path): (?P<text>.*)$")


@dataclass
class Expected:
    """One declared problem."""

    file: str
    line: int
    column: int
    code: str
    message: str
    hint: str | None = None
    path: str = ""


def declared(path: Path) -> list[Expected]:
    """The problems a fixture declares, with ``{dir}`` filled in."""
    folder = str(path.parent)
    expected: list[Expected] = []
    for raw in path.read_bytes().decode("utf-8", errors="replace").splitlines():
        line = raw.replace("{dir}", folder)
        if match := _EXPECT.match(line):
            expected.append(Expected(match["file"] or str(path), int(match["line"]), int(match["column"]),
                                     match["code"], match["message"]))
        elif match := _DETAIL.match(line):
            assert expected, f"{path.name}: a '{match['kind']}:' line before any 'expect:' line"
            setattr(expected[-1], match["kind"], match["text"])
    return expected


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_reports_exactly_the_declared_problems(path: Path) -> None:
    expected = declared(path)
    assert expected, f"{path.name} declares no problem"
    result = validate_file(str(path))
    actual = [Expected(p.file, p.location.line, p.location.column, p.code, p.message, p.hint, p.path)
              for p in result.problems]
    assert actual == expected
    assert result.journey is None or result.problems


def test_fixtures_cover_every_validation_code() -> None:
    codes = {expected.code for path in INVALID for expected in declared(path)}
    # V001 (unreadable) is covered by test_validate_cli and test_loader, V003 (file too large) by
    # test_loader: neither fits in a committed fixture.
    assert codes == {"V002", "V010", "V011", "V012", "V013", "V014", "V020", "V021", "V022", "V023",
                     "V030", "V031", "V032", "V033"}


def test_unknown_keys_and_enum_typos_come_with_did_you_mean_hints() -> None:
    hints = {e.message: e.hint for e in declared(FIXTURES / "invalid" / "typos.yaml")}
    assert hints["unknown key 'emoton'"] == "did you mean 'emotion'?"
    assert hints["the text 'curent-state' is not allowed here"] == (
        "did you mean 'current-state'?; expected one of: current-state, future-state, day-in-the-life, "
        "service-blueprint")


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixture_has_no_problem(path: Path) -> None:
    result = validate_file(str(path))
    assert result.problems == []
    is_persona = b"cjmap-persona:" in path.read_bytes()
    assert (result.journey is None) == is_persona


@pytest.mark.parametrize("path", example_files(), ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_every_example_is_valid(path: Path) -> None:
    result = validate_file(str(path))
    assert result.problems == []
    assert (result.journey is not None) == (path.parent.name != "personas")


def test_examples_exist() -> None:
    assert len(example_files()) >= 5


def test_short_forms_normalise_to_the_long_forms() -> None:
    result = validate_file(str(FIXTURES / "valid" / "short-forms.yaml"))
    journey = result.journey
    assert journey is not None
    assert journey.persona == ["../personas/maya.yaml"]
    assert (journey.scale.min, journey.scale.max, journey.scale.neutral) == (1, 10, 5.5)
    assert {key: (c.name, c.kind) for key, c in journey.channels.items()} == {
        "home": ("At home", None), "app": ("Transit app", "digital")}
    assert {key: (a.name, a.description) for key, a in journey.actors.items()} == {
        "cat": ("Cat", None), "partner": ("Partner", "Lives here too")}
    wake, app, breakfast = journey.stages[0].steps
    assert (wake.channel, wake.actions, wake.thoughts, wake.research) == (["home"], ["Stretches"], ["Coffee first"], ["Diary"])
    assert wake.emotion is not None and (wake.emotion.score, wake.emotion.label) == (5.5, None)
    assert wake.actors == {"cat": None}
    assert [(p.id, p.text, p.severity) for p in wake.pain_points] == [(None, "Cold floor", "medium")]
    assert [(o.text, o.addresses) for o in wake.opportunities] == [("Warm slippers", [])]
    assert app.channel == ["app", "home"] and app.actors == {"cat": None, "partner": None}
    assert app.emotion is not None and (app.emotion.score, app.emotion.label) == (7, "calm")
    assert [(o.text, o.priority, o.addresses) for o in app.opportunities] == [("Start faster", "high", ["slow-start"])]
    assert [(k.value, k.target, k.unit, k.direction, k.addresses) for k in app.kpis] == [
        (3.5, 1, "s", "lower", ["slow-start"])]
    assert {actor: (e.score, e.label) if e else None for actor, e in breakfast.actors.items()} == {
        "partner": (8, None), "cat": (2, "hungry")}
    assert breakfast.emotion is None


def test_yaml_1_2_text_stays_text_and_dates_become_dates() -> None:
    journey = validate_file(str(FIXTURES / "valid" / "yaml12.yaml")).journey
    assert journey is not None
    assert journey.title == "3"
    assert journey.reviewed == datetime.date(2026, 10, 1)
    assert journey.tags == ["no", "on", "yes", "off", "y", "n", "07:30", "2026-01-01", "1_000", "0o17"]
    assert journey.persona == [Persona(name="Norway", quote="NO", goals=["at 9:00", "Who?"])]
    stage = journey.stages[0]
    step = stage.steps[0]
    assert (stage.id, stage.name) == ("2026", "2026-02-30")
    assert (step.id, step.time, step.touchpoint, step.thoughts) == ("s.1_a-b", "07:30", "0o17 minutes", ["2026-01-01 already?"])
    assert step.emotion is not None and step.emotion.score == 3
    assert [(k.value, k.target) for k in step.kpis] == [(15, 31)]


def test_custom_scale_keeps_its_neutral_and_labels() -> None:
    journey = validate_file(str(FIXTURES / "valid" / "custom-scale.yaml")).journey
    assert journey is not None
    scale = journey.scale
    assert (scale.min, scale.max, scale.neutral, scale.labels) == (0, 100, 70, {0: "awful", 70: "fine", 100: "great"})
    assert [step.emotion.score if step.emotion else None for _, step in journey.steps()] == [0, 99.5, None]


@pytest.mark.parametrize("preset, bounds", [("1..5", (1, 5, 3)), ("-2..2", (-2, 2, 0)), ("1..10", (1, 10, 5.5)),
                                            (" 0 .. 7 ", (0, 7, 3.5))])
def test_scale_presets(tmp_path: Path, preset: str, bounds: tuple[int, int, float]) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(f"cjmap: 1\nid: m\ntitle: M\ntype: current-state\nscale: '{preset}'\nstages: []\n", encoding="utf-8")
    journey = validate_file(str(path)).journey
    assert journey is not None
    assert (journey.scale.min, journey.scale.max, journey.scale.neutral) == bounds


def test_encodings_of_valid_fixtures_are_what_they_claim() -> None:
    assert (FIXTURES / "valid" / "crlf-bom.yaml").read_bytes().startswith(b"\xef\xbb\xbf# Windows")
    assert b"\r\n" in (FIXTURES / "valid" / "crlf-bom.yaml").read_bytes()
    assert (FIXTURES / "valid" / "utf16.yaml").read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")


def test_encoded_fixtures_read_the_same_as_utf8() -> None:
    crlf = validate_file(str(FIXTURES / "valid" / "crlf-bom.yaml")).journey
    utf16 = validate_file(str(FIXTURES / "valid" / "utf16.yaml")).journey
    assert crlf is not None and crlf == utf16
    assert (crlf.title, crlf.stages[0].steps[0].name) == ("Ça marche", "Süß")


def test_persona_files_are_checked_once_found_through_a_map(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "personas", tmp_path / "personas")
    (tmp_path / "m.yaml").write_text("cjmap: 1\nid: m\ntitle: M\ntype: current-state\n"
                                     "persona: [personas/maya.yaml, personas/broken.yaml]\nstages: []\n",
                                     encoding="utf-8")
    result = validate_file(str(tmp_path / "m.yaml"))
    broken = str(tmp_path / "m.yaml").replace("m.yaml", "personas/broken.yaml")
    assert [(p.file, p.location.line, p.location.column, p.code) for p in result.problems] == [
        (broken, 1, 1, "V021"), (broken, 3, 1, "V020"), (broken, 4, 8, "V022")]
    assert result.journey is not None and not result.valid


def test_relative_paths_are_relative_to_the_map_not_the_working_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = EXAMPLES / "trial-onboarding.future.yaml"
    assert "baseline:" in path.read_text(encoding="utf-8")
    assert validate_file(str(path)).problems == []
