"""Ids from names in any script: one slug policy (ids.py) for derived ids, lint --fix, diff and import."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CliRunner

from cjmap import ids
from cjmap.validation.validator import validate_bytes


@pytest.mark.parametrize(("name", "slug"), [
    # Russian: anyascii's transliteration; the soft and hard signs (ь, ъ) vanish inside the word.
    ("Примеряет платье дома", "primeryaet-plate-doma"),
    ("Выбирает причину и получает QR-код", "vybiraet-prichinu-i-poluchaet-qr-kod"),
    ("Получает деньги на карту в тот же день", "poluchaet-dengi-na-kartu-v-tot-zhe-den"),
    ("Съезжает с ёлки", "sezzhaet-s-elki"),
    ("воркшоп 12.03", "vorkshop-12-03"),
    ("Ελληνικά βήματα", "ellinika-vimata"),  # Greek
    ("Plătește factura la ghișeu", "plateste-factura-la-ghiseu"),  # Romanian: accents folded as before
    ("Sceglie l'orario", "sceglie-l-orario"),  # an ASCII apostrophe still separates
    ("Café opens late", "cafe-opens-late"),
    ("über", "uber"),
    ("Straße", "strasse"),
    ("🎉", ""),  # no letter or digit: no slug, so the id comes from the position
    ("⭐ ! ⭐", ""),
    ("2024", "2024"),
])
def test_slugify_transliterates_letters_of_every_script(name: str, slug: str) -> None:
    assert ids.slugify(name) == slug


def test_an_emoji_beside_words_is_a_separator_not_a_word() -> None:
    assert ids.slugify("Оплата 🎉 прошла") == "oplata-proshla"  # anyascii alone would spell ':tada:'


@pytest.mark.parametrize(("text", "short"), [
    ("Café opens late", "cafe-opens-late"),
    ("über", "uber"),
    ("The form asks for a VAT number", "form-asks-vat-number"),
    ("Долго ждёт курьера у двери подъезда в холодный день", "dolgo-zhdet-kurera-u-dveri"),
])
def test_short_ids_follow_the_same_policy(text: str, short: str) -> None:
    assert ids.slugify(text, short=True) == short


def test_derived_ids_of_a_russian_map_are_transliterated_and_only_emoji_are_positional() -> None:
    text = """\
cjmap: 1
id: primerka
title: Примерка
type: current-state
stages:
  - name: Доставка
    steps:
      - {name: Примеряет платье дома, emotion: 4}
      - {name: 🎉, emotion: 5}
"""
    journey = validate_bytes(text.encode(), "m.yaml", Path(".")).journey
    assert journey is not None
    assert [(step.id, step.id_positional) for _, step in journey.steps()] == [
        ("primeryaet-plate-doma", False), ("step-2", True)]
    assert (journey.stages[0].id, journey.stages[0].id_positional) == ("dostavka", False)


def test_lint_fix_writes_the_ids_derivation_would_give(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("""\
cjmap: 1
id: m
title: M
type: current-state
stages:
  - id: s
    name: S
    steps:
      - id: t
        name: T
        emotion: 2
        pain_points:
          - Café opens late
          - über
          - Курьер опаздывает
""", encoding="utf-8")
    result = cli("lint", "--no-config", "--select", "R006", "--fix", str(path))
    assert result.code == 0, result.stderr
    assert path.read_text(encoding="utf-8").endswith("""\
        pain_points:
          - {id: cafe-opens-late, text: Café opens late}
          - {id: uber, text: über}
          - {id: kurer-opazdyvaet, text: Курьер опаздывает}
""")


def test_a_mermaid_diagram_with_a_cyrillic_title_is_named_from_it(cli: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "workshop.mmd"
    source.write_text("journey\n  title воркшоп 12.03\n  section Знакомство\n    Читает отзывы: 3: Я\n"
                      "    🎉: 5: Я\n", encoding="utf-8")
    out = tmp_path / "maps"
    out.mkdir()
    result = cli("import", "mermaid", str(source), "-o", str(out / "vorkshop-12-03.yaml"))
    assert result.code == 0, result.stderr
    written = (out / "vorkshop-12-03.yaml").read_text(encoding="utf-8")
    assert "id: vorkshop-12-03\n" in written
    assert "- id: chitaet-otzyvy\n" in written and "id: znakomstvo" in written
    assert "- name: 🎉\n" in written  # its id could only come from its position: left unwritten (R008)


def test_a_markdown_file_of_diagrams_names_each_file_from_its_title(cli: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text("# Notes\n\n```mermaid\njourney\n  title воркшоп 12.03\n  section A\n    B: 3\n```\n\n"
                      "```mermaid\njourney\n  title Ελληνικά\n  section A\n    B: 3\n```\n", encoding="utf-8")
    out = tmp_path / "maps"
    result = cli("import", "mermaid", str(source), "-o", str(out))
    assert result.code == 0, result.stderr
    assert sorted(path.name for path in out.iterdir()) == ["ellinika.yaml", "vorkshop-12-03.yaml"]
