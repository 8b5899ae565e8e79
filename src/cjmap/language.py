"""The language a page speaks: a BCP 47 tag, the catalogue of cjmap's words in it, and its number formats.

A map declares ``language:`` (default: the project configuration's ``language``, then ``en``); ``--lang``
overrides both. The words cjmap writes into pages and Markdown reports come from gettext catalogues,
``locales/<lang>/LC_MESSAGES/cjmap.po``, compiled beside them into ``cjmap.mo`` (a test fails when a ``.mo``
is stale); numbers, percentages and dates come from CLDR through Babel, imported only when a page is built
(never at start-up). A tag with no catalogue (``ar``, ``pt-BR``) keeps its ``lang`` and ``dir`` and falls back
to English words. Terminal messages stay English.
"""

from __future__ import annotations

import datetime
import functools
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT = "en"
"""The language of a map that declares none, under a configuration that declares none."""
SHIPPED = ("en", "it", "ru", "ro", "de", "fr", "es")
"""The languages cjmap has a catalogue for (English is the catalogues' source language)."""
DOMAIN = "cjmap"
LOCALES = Path(__file__).parent / "locales"
RTL = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"})
"""Languages written right to left when the tag names no script."""
RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand", "samr"})
"""Scripts written right to left (a tag's script subtag wins over its language: ``az-Arab`` is rtl)."""

_TAG = re.compile(r"(?P<language>[A-Za-z]{2,3})(?:-(?P<script>[A-Za-z]{4}))?(?:-(?P<region>[A-Za-z]{2}|\d{3}))?"
                  r"(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*")
"""A well-formed BCP 47 language tag as maps use them: language, then optional script, region and variants."""
MINUS = "\N{MINUS SIGN}"


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue (``pybabel extract`` finds it) where it is defined; it is translated
    where it is shown, with :meth:`Language.gettext`."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a plural for the catalogue where it is defined (translated where it is shown, with
    :meth:`Language.counted`)."""
    return singular, plural


UNIT_SECONDS = (604800, 86400, 3600, 60, 1)
"""The units of a length of time for people, largest first: week, day, hour, minute, second."""
_UNITS = (N_plural("%(num)s week", "%(num)s weeks"), N_plural("%(num)s day", "%(num)s days"),
          N_plural("%(num)s hour", "%(num)s hours"), N_plural("%(num)s minute", "%(num)s minutes"),
          N_plural("%(num)s second", "%(num)s seconds"))
"""The words of each of :data:`UNIT_SECONDS`."""


def split_seconds(seconds: float) -> tuple[tuple[int, int | float], ...]:
    """A length of time as people say it: at most two parts, largest unit first, each ``(index into
    UNIT_SECONDS, amount)``; the rest is rounded into the smaller unit (3 d 4 h 10 min is 3 d 4 h), and under a
    minute it is seconds to one decimal. Every format of a duration (terminal, page, report) says it so."""
    if seconds < 60:
        return ((len(UNIT_SECONDS) - 1, round(float(seconds), 1)),)
    for index, (size, small) in enumerate(zip(UNIT_SECONDS, UNIT_SECONDS[1:])):
        if seconds >= size:
            whole = int(seconds // size)
            rest = round((seconds - whole * size) / small)
            if rest * small >= size:  # 1 h 59 min 40 s rounds to 2 h, not '1 h 60 min'
                whole, rest = whole + 1, 0
            return ((index, whole), (index + 1, rest)) if rest else ((index, whole),)
    raise AssertionError("unreachable: a minute or more always finds a unit")


class LanguageError(ValueError):
    """A language tag that is malformed or names no known language; the message says which."""


def tag_problem(tag: str) -> str | None:
    """What is wrong with ``tag`` as a page's language (malformed, or no language CLDR knows), or None."""
    match = _TAG.fullmatch(tag)
    if match is None:
        return (f"{tag!r} is not a BCP 47 language tag; write a language code with an optional script and "
                f"region, e.g. 'it', 'ru', 'pt-BR', 'sr-Latn'")
    from babel import localedata  # CLDR's list of languages, read only when a tag is written

    if not localedata.exists(match["language"].lower()):
        where = "" if match["language"] == tag else f" in {tag!r}"
        return f"unknown language {match['language']!r}{where}: no language of the CLDR has that code"
    return None


def resolve(*tags: str | None) -> str:
    """The first tag given (the command line's, the map's, the configuration's), else :data:`DEFAULT`."""
    return next((tag for tag in tags if tag), DEFAULT)


def _locale_name(tag: str) -> str:
    """``tag`` as a gettext/Babel locale name: ``pt-br`` -> ``pt_BR``, ``sr-latn`` -> ``sr_Latn``."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 and part.isalpha() else part.upper() if len(part) <= 3 else part)
    return "_".join(out)


@dataclass(frozen=True, kw_only=True)
class Language:
    """One page's language: its tag and direction, its catalogue, and CLDR's number and date formats."""

    tag: str
    """The tag as the page declares it (``<html lang>``), e.g. ``ru`` or ``pt-BR``."""
    locale: str
    """The Babel locale its numbers and dates follow (the tag's, else English when CLDR lacks it)."""
    direction: str
    """``ltr`` or ``rtl``: the ``dir`` of the page."""
    translations: gettext.NullTranslations = field(compare=False, repr=False)

    def gettext(self, message: str) -> str:
        """``message`` in this language (English when the catalogue lacks it)."""
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form of ``singular``/``plural`` for ``count``, by the language's plural rules (CLDR)."""
        return self.translations.ngettext(singular, plural, count)

    def counted(self, singular: str, plural: str, count: int, **values: object) -> str:
        """``singular``/``plural`` for ``count`` with ``%(num)s`` the count as this language writes numbers."""
        return self.ngettext(singular, plural, count) % {"num": self.number(count), **values}

    def number(self, value: float) -> str:
        """A score or measure for people: whole numbers without decimals, else at most two (as Mermaid reads
        them, see :func:`cjmap.render.mermaid.number`), with the language's decimal sign and a real minus."""
        rounded = round(float(value), 2)
        text = str(int(rounded)) if rounded.is_integer() else f"{rounded:g}"
        return text.replace(".", self.decimal_sign).replace("-", MINUS)

    @property
    def decimal_sign(self) -> str:
        """The language's decimal separator: '.' or ','."""
        from babel.numbers import get_decimal_symbol

        return get_decimal_symbol(self.locale)

    def decimal(self, text: str) -> str:
        """A number already written with a decimal point and sign (``+0.58``, ``3.5``) in this language's
        notation (``+0,58``): for reports whose numbers are formatted where they are computed."""
        return text.replace(".", self.decimal_sign)

    def percent(self, fraction: float) -> str:
        """``fraction`` (0.42) as a percentage in this language: '42%', '42 %'."""
        from babel.numbers import format_percent

        return format_percent(fraction, locale=self.locale).replace("-", MINUS)

    def date(self, value: datetime.date) -> str:
        """A date in prose: 'March 1, 2026', '1 marzo 2026', '1 марта 2026 г.'."""
        from babel.dates import format_date

        return format_date(value, "long", locale=self.locale)

    def duration(self, seconds: float) -> str:
        """A length of time as :func:`split_seconds` parts it, each with its plural: '1 day 3 hours',
        '2 дня 5 часов'."""
        said = []
        for unit, amount in split_seconds(seconds):
            # gettext picks forms by whole numbers; a fraction takes the form of 2 ('1,5 секунды', '1.5 seconds').
            form = amount if isinstance(amount, int) else int(amount) if amount.is_integer() else 2
            said.append(self.ngettext(*_UNITS[unit], form) % {"num": self.number(amount)})
        return " ".join(said)


@functools.lru_cache(maxsize=32)
def language(tag: str | None = None) -> Language:
    """The :class:`Language` of ``tag`` (default English); a tag without a catalogue gets English words.

    Raises :class:`LanguageError` for a malformed or unknown tag (``--lang`` checks it before anything is read).
    """
    tag = tag or DEFAULT
    problem = tag_problem(tag)
    if problem is not None:
        raise LanguageError(problem)
    from babel import Locale, UnknownLocaleError

    name = _locale_name(tag)
    candidates = [name]
    while "_" in candidates[-1]:
        candidates.append(candidates[-1].rsplit("_", 1)[0])
    locale = DEFAULT
    for candidate in candidates:
        try:
            Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
        locale = candidate
        break
    subtags = [part.lower() for part in tag.split("-")]
    script = next((part for part in subtags[1:] if len(part) == 4 and part.isalpha()), None)
    rtl = script in RTL_SCRIPTS if script is not None else subtags[0] in RTL
    translations = gettext.translation(DOMAIN, str(LOCALES), languages=candidates, fallback=True)
    return Language(tag=tag, locale=locale, direction="rtl" if rtl else "ltr", translations=translations)
