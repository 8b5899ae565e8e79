"""The catalogues and the language of a page: every message translated, .mo files current, CLDR's plural rules,
numbers, durations and dates in each language, tags checked."""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from jinja2 import Environment, nodes

from cjmap.language import DOMAIN, LOCALES, SHIPPED, language, tag_problem
from cjmap.render.environment import environment

ROOT = Path(__file__).parents[1]
TRANSLATED = SHIPPED[1:]
"""Every shipped language but English, the catalogues' source language."""
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def extracted() -> dict[str | tuple[str, str], set[str]]:
    """The messages of the sources as `pybabel extract -F babel.cfg` finds them (docs/languages.md), with
    their placeholders."""
    from babel.messages.frontend import parse_mapping_cfg

    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "counted": (1, 2),
                "N_plural": (1, 2)}
    found: dict[str | tuple[str, str], set[str]] = {}
    for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options_map, keywords=keywords):
        key = message if isinstance(message, str) else (message[0], message[1])
        found[key] = set(PLACEHOLDER.findall(key if isinstance(key, str) else " ".join(key)))
    return found


@pytest.fixture(scope="module")
def messages() -> dict[str | tuple[str, str], set[str]]:
    return extracted()


def catalogue(tag: str):  # type: ignore[no-untyped-def]
    with open(LOCALES / tag / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as po:
        return read_po(po, locale=tag)


def test_the_sources_say_enough_to_translate(messages: dict[str | tuple[str, str], set[str]]) -> None:
    # The extraction finds the words of the templates, of Python and the plurals (not a handful by accident).
    assert "Pain points" in messages and "moment of truth" in messages and "Scores by step" in messages
    assert ("%(num)s day", "%(num)s days") in messages
    assert len(messages) > 150


def test_the_template_file_is_current(messages: dict[str | tuple[str, str], set[str]]) -> None:
    with open(LOCALES / f"{DOMAIN}.pot", "rb") as pot:
        written = {message.id if isinstance(message.id, str) else tuple(message.id) for message in read_po(pot)
                   if message.id}
    assert written == set(messages), "regenerate the .pot with the pybabel extract command of docs/languages.md"


@pytest.mark.parametrize("tag", TRANSLATED)
def test_each_catalogue_translates_every_message(tag: str, messages: dict[str | tuple[str, str], set[str]]
                                                 ) -> None:
    po = catalogue(tag)
    ids = {message.id if isinstance(message.id, str) else tuple(message.id): message for message in po
           if message.id}
    assert sorted(map(str, set(messages) - set(ids))) == [], f"{tag}: messages missing from the catalogue"
    assert sorted(map(str, set(ids) - set(messages))) == [], f"{tag}: messages no source uses any more"
    problems = []
    for key, message in ids.items():
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy:
            problems.append(f"fuzzy: {key!r}")
        if not all(strings) or len(strings) != (1 if isinstance(key, str) else po.num_plurals):
            problems.append(f"empty or missing a form: {key!r}")
        if any(set(PLACEHOLDER.findall(text)) != messages[key] for text in strings):
            problems.append(f"placeholders differ: {key!r}")
    assert problems == []


@pytest.mark.parametrize("tag", TRANSLATED)
def test_each_compiled_catalogue_is_its_po_compiled(tag: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(tag))
    compiled.seek(0)
    with open(LOCALES / tag / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as committed:
        shipped = gettext.GNUTranslations(committed)
    fresh = gettext.GNUTranslations(compiled)
    assert shipped._catalog == fresh._catalog, (  # type: ignore[attr-defined]
        f"{tag}: cjmap.mo is stale; run `pybabel compile -d src/cjmap/locales -D cjmap`")


@pytest.mark.parametrize("tag", TRANSLATED)
def test_plural_forms_are_cldrs(tag: str) -> None:
    po = catalogue(tag)
    assert po.plural_forms == get_plural(tag).plural_forms
    # The forms gettext picks group the numbers as CLDR's categories do, one form per category.
    choose = gettext.c2py(po.plural_expr)
    locale = Locale.parse(tag)
    pairs = {(choose(n), locale.plural_form(n)) for n in range(0, 1001)}
    assert len({form for form, _ in pairs}) == len(pairs) == len({category for _, category in pairs})


@pytest.mark.parametrize("tag, seconds, expected", [
    ("en", 86400, "1 day"), ("en", 2 * 86400, "2 days"), ("en", 5400, "1 hour 30 minutes"),
    ("en", 30, "30 seconds"), ("en", 1.5, "1.5 seconds"),
    ("ru", 86400, "1 день"), ("ru", 2 * 86400, "2 дня"), ("ru", 5 * 86400, "5 дней"),
    ("ru", 21 * 60, "21 минута"), ("ru", 12 * 3600, "12 часов"), ("ru", 1.5, "1,5 секунды"),
    ("ro", 86400, "1 zi"), ("ro", 2 * 86400, "2 zile"), ("ro", 20 * 60, "20 de minute"),
    ("it", 10 * 86400, "1 settimana 3 giorni"), ("it", 7200, "2 ore"),
    ("de", 604800 * 2, "2 Wochen"), ("fr", 60, "1 minute"), ("es", 3600 + 60, "1 hora 1 minuto"),
])
def test_durations_take_the_languages_plurals(tag: str, seconds: float, expected: str) -> None:
    assert language(tag).duration(seconds) == expected


@pytest.mark.parametrize("tag, value, expected", [
    ("en", 3.5, "3.5"), ("en", -0.125, "\N{MINUS SIGN}0.12"), ("en", 4.0, "4"),
    ("ru", 3.5, "3,5"), ("it", -2.25, "\N{MINUS SIGN}2,25"), ("de", 0.5, "0,5"), ("fr", 1.75, "1,75"),
])
def test_numbers_take_the_languages_decimal_sign(tag: str, value: float, expected: str) -> None:
    assert language(tag).number(value) == expected


def test_percentages_and_dates_follow_cldr() -> None:
    import datetime

    day = datetime.date(2026, 3, 1)
    assert [language(tag).date(day) for tag in SHIPPED] == [
        "March 1, 2026", "1 marzo 2026", "1 марта 2026\N{NARROW NO-BREAK SPACE}г.", "1 martie 2026", "1. März 2026", "1 mars 2026",
        "1 de marzo de 2026"]
    assert language("en").percent(0.42) == "42%"
    assert language("de").percent(0.42) == "42\N{NO-BREAK SPACE}%"


@pytest.mark.parametrize("tag, problem", [
    ("it", None), ("pt-BR", None), ("sr-Latn-RS", None), ("he", None), ("zh-Hant", None),
    ("italian", "is not a BCP 47 language tag"), ("ru_RU", "is not a BCP 47 language tag"), ("", "is not a BCP"),
    ("zz", "unknown language 'zz': no language"), ("qq-US", "unknown language 'qq' in 'qq-US'"),
])
def test_tags_are_checked(tag: str, problem: str | None) -> None:
    found = tag_problem(tag)
    assert found is None if problem is None else problem in (found or "")


@pytest.mark.parametrize("tag, direction, words", [
    ("ar", "rtl", "Pain points"), ("he-IL", "rtl", "Pain points"), ("az-Arab", "rtl", "Pain points"),
    ("pt-BR", "ltr", "Pain points"), ("ru", "ltr", "Болевые точки"), ("it-CH", "ltr", "Punti critici"),
])
def test_a_tag_without_a_catalogue_keeps_its_direction_and_english_words(tag: str, direction: str, words: str
                                                                         ) -> None:
    found = language(tag)
    assert (found.tag, found.direction, found.gettext("Pain points")) == (tag, direction, words)


TEMPLATES = ("map.html.j2", "map.md.j2", "_grid.html.j2", "_cells.html.j2", "_chart.svg.j2", "_axis.svg.j2")
"""The templates of a map's page, every word of which is translated (the site's index, the portfolio and
history pages are not yet: docs/languages.md says so)."""
NOT_WORDS = {"mermaid", "nbsp"}
"""Letters in template text that are no words for people: a Markdown fence's language, an entity."""


def untranslated(env: Environment, source: str) -> list[str]:
    """The words in the literal text of a template: its text nodes, joined in order with a stand-in for every
    expression and tag between them, with the markup (tags and their attributes, style sheets) taken out."""
    joined = "\x00".join(node.data for node in env.parse(source).find_all(nodes.TemplateData))
    shown = re.sub(r"<[^>]*>", " ", re.sub(r"<(style|script)\b.*?</\1>", " ", joined, flags=re.S))
    return sorted({word for word in re.findall(r"[^\W\d_]{2,}", shown)} - NOT_WORDS)


@pytest.mark.parametrize("name", TEMPLATES)
def test_templates_have_no_untranslated_words(name: str) -> None:
    source = (ROOT / "src" / "cjmap" / "render" / "templates" / name).read_text(encoding="utf-8")
    assert untranslated(environment(), source) == []


def test_the_template_check_finds_a_literal() -> None:
    source = ('<p class="x {{ y }}" aria-label="{{ _(\'Site\') }}">{{ _("Summary") }} Summary '
              '<b>{% trans %}Legend{% endtrans %}</b>{% if y %} Legend{% endif %}</p>')
    assert untranslated(environment(), source) == ["Legend", "Summary"]
