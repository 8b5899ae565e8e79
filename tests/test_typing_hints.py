"""Where people type: the traps of maps written by hand in Italian, Russian and Romanian, each answered with a
message that says what to write; and durations written in the map's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CliRunner

from cjmap.measures import MeasureError, decimal_point, duration_seconds

HEAD = "cjmap: 1\nid: m\ntitle: M\ntype: current-state\n"


def validate(cli: CliRunner, tmp_path: Path, text: str) -> list[str]:
    """The problem lines and hints ``cjmap validate`` prints for the map ``text``."""
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("validate", "--no-color", str(path))
    assert result.code == 1, result.stdout
    return [line.replace(str(path), "m.yaml") for line in result.stdout.splitlines() if not line.startswith("Found")]


def test_a_comma_inside_a_flow_mapping_asks_to_quote_the_text(cli: CliRunner, tmp_path: Path) -> None:
    text = HEAD + """\
persona: {name: Elena Marin, role: Contabilă, Iași}
stages:
  - name: Этап
    steps:
      - name: Шаг
        emotion: 2
        pain_points:
          - {id: p2, text: Проблема с доставкой, которое занимает время, severity: high}
"""
    assert validate(cli, tmp_path, text) == [
        "m.yaml:5:47: V020 [unknown-key] unknown key 'Iași': a comma inside { } ended the text of 'role'",
        '  hint: quote the text: `role: "Contabilă, Iași"` (or write the mapping as one key per line)',
        "m.yaml:12:50: V020 [unknown-key] unknown key 'которое занимает время': a comma inside { } ended the text "
        "of 'text'",
        '  hint: quote the text: `text: "Проблема с доставкой, которое занимает время"` (or write the mapping as '
        'one key per line)',
    ]


def test_several_commas_give_the_whole_text_and_quotes_inside_are_escaped(cli: CliRunner, tmp_path: Path) -> None:
    text = HEAD + 'stages:\n  - {name: Pays "now", later, or never, steps: []}\n'
    lines = validate(cli, tmp_path, text)
    assert lines[1::2] == ['  hint: quote the text: `name: "Pays \\"now\\", later, or never"` (or write the mapping '
                           'as one key per line)'] * 2
    assert [line.split(": V020")[0] for line in lines[::2]] == ["m.yaml:6:24", "m.yaml:6:31"]


def test_an_unknown_key_in_a_block_mapping_keeps_its_did_you_mean(cli: CliRunner, tmp_path: Path) -> None:
    text = HEAD + "stages:\n  - name: A\n    stepz: []\n"
    assert validate(cli, tmp_path, text) == ["m.yaml:7:5: V020 [unknown-key] unknown key 'stepz'",
                                             "  hint: did you mean 'steps'?"]


def test_a_first_key_without_a_value_in_braces_is_no_fragment(cli: CliRunner, tmp_path: Path) -> None:
    text = HEAD + "stages:\n  - {name: A, steps: [{named, emotion: 2}]}\n"
    lines = validate(cli, tmp_path, text)
    found = lines.index("m.yaml:6:24: V020 [unknown-key] unknown key 'named'")
    assert lines[found + 1] == "  hint: did you mean 'name'?"


@pytest.mark.parametrize(("written", "problem", "hint"), [
    ("{name: Ordina, emotion: 3,5}", "V020 [unknown-key] unknown key 5: a decimal comma in `emotion: 3,5` ends "
     "the value", "write a decimal point: `emotion: 3.5`"),
    ("{name: Ordina, emotion: '3,5'}", "V022 [wrong-type] expected a score such as 2, or {score, label}, got the "
     "text '3,5'", "write `emotion: 3.5`: a decimal point, not a comma"),
    ("{name: Ordina, emotion: {score: '-1,5'}}", "V022 [wrong-type] expected a number, got the text '-1,5'",
     "write `score: -1.5`: a decimal point, not a comma"),
    ("{name: Ordina, kpis: [{name: Attesa, value: '4,5'}]}", "V023 [invalid-value] expected a number such as 42 or "
     "42%, got the text '4,5'", "write '4.5': a decimal point, not a comma"),
    ("{name: Ordina, duration: '1,5 ore'}", "V023 [invalid-value] cannot read the duration '1,5 ore'",
     "write '1.5 ore': a decimal point, not a comma"),
])
def test_a_decimal_comma_gets_a_decimal_point(cli: CliRunner, tmp_path: Path, written: str, problem: str,
                                              hint: str) -> None:
    text = HEAD + f"scale: -2..5\nstages:\n  - name: A\n    steps:\n      - {written}\n"
    lines = validate(cli, tmp_path, text)
    assert [line.split(" ", 1)[1] for line in lines[::2]] == [problem]
    assert lines[1:] == [f"  hint: {hint}"]


def test_a_persona_name_where_a_file_belongs(cli: CliRunner, tmp_path: Path) -> None:
    text = HEAD + "persona: Giulia Rossi\nstages: []\n"
    assert validate(cli, tmp_path, text) == [
        "m.yaml:5:10: V032 [missing-file] persona file 'Giulia Rossi' not found",
        f"  hint: to describe the persona here, write `persona: {{name: Giulia Rossi}}`; to point at a persona "
        f"file, give its path relative to the map file (looked for {tmp_path / 'Giulia Rossi'})",
    ]


def test_a_missing_persona_file_keeps_the_path_hint(cli: CliRunner, tmp_path: Path) -> None:
    text = HEAD + "persona: personas/giulia.yaml\nstages: []\n"
    assert validate(cli, tmp_path, text)[1] == (
        f"  hint: paths are relative to the map file; looked for {tmp_path / 'personas' / 'giulia.yaml'}")


def test_channels_written_as_a_list_and_steps_as_a_mapping_show_the_shape(cli: CliRunner, tmp_path: Path) -> None:
    text = HEAD + """\
channels:
  - web
  - Sito mobile
stages:
  - name: Fase
    steps:
      prenota:
        name: Prenota
        emotion: 3
  - name: Altra
    steps:
      name: Uno
      emotion: 2
"""
    assert validate(cli, tmp_path, text) == [
        "m.yaml:6:3: V022 [wrong-type] expected a mapping, got a list",
        "  hint: the catalogue maps each id to a name: `channels: {web: Web, sito-mobile: Sito mobile}` (one "
        "`id: name` per line)",
        "m.yaml:11:7: V022 [wrong-type] expected a list, got a mapping",
        "  hint: `steps` is a list: write each item as `- {id: prenota, name: Prenota, …}`, one `- ` per item",
        "m.yaml:16:7: V022 [wrong-type] expected a list, got a mapping",
        "  hint: `steps` is a list: put `- ` before the first key of each item (`- name: …`)",
    ]


def test_pain_points_written_as_a_mapping_show_the_shape(cli: CliRunner, tmp_path: Path) -> None:
    text = HEAD + "stages:\n  - name: A\n    steps:\n      - name: B\n        pain_points:\n          lento: È lento\n"
    assert validate(cli, tmp_path, text)[1] == (
        "  hint: `pain_points` is a list: write each item as `- {id: lento, text: È lento, …}`, one `- ` per item")


@pytest.mark.parametrize(("text", "seconds"), [
    ("10 giorni", 10 * 86400), ("2 ore", 7200), ("1 ora e 30 minuti", 5400), ("3 settimane", 3 * 604800),
    ("15 минут", 900), ("1 час 30 минут", 5400), ("2 часа", 7200), ("1 день", 86400), ("5 дней", 5 * 86400),
    ("2 недели", 2 * 604800), ("30 сек", 30),
    ("3 zile", 3 * 86400), ("20 de minute", 1200), ("1 oră și 30 de minute", 5400), ("2 săptămâni", 2 * 604800),
    ("2 Stunden", 7200), ("1 Tag", 86400), ("45 Minuten", 2700),
    ("3 jours", 3 * 86400), ("1 heure et 30 minutes", 5400),
    ("2 días", 2 * 86400), ("1 hora y 30 minutos", 5400),
    ("10 min", 600), ("1 h 30 min", 5400), ("PT10M", 600),
])
def test_durations_in_the_maps_language(text: str, seconds: float) -> None:
    assert duration_seconds(text) == seconds


@pytest.mark.parametrize("text", ["10 mesi", "3 anni", "1 ora e", "de minute", "10 de", "2 hours and"])
def test_what_is_no_duration_stays_an_error(text: str) -> None:
    with pytest.raises(MeasureError):
        duration_seconds(text)


def test_a_duration_in_italian_validates_and_is_scored(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(HEAD + "stages:\n  - name: A\n    steps:\n      - {name: B, emotion: 3, duration: 10 giorni}\n",
                    encoding="utf-8")
    assert cli("validate", str(path)).code == 0
    result = cli("score", "--format", "json", str(path))
    assert '"seconds": 864000' in result.stdout


@pytest.mark.parametrize(("text", "fixed"), [("3,5", "3.5"), ("1,5 ore", "1.5 ore"), ("-2,25", "-2.25"),
                                             ("1,000,000", None), ("3.5", None), ("a, b", None)])
def test_decimal_point(text: str, fixed: str | None) -> None:
    assert decimal_point(text) == fixed
