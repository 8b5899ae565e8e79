"""Numbers a map states in words: step durations (``10 min``, ``PT10M``) and KPI measures (``42%``, ``<= 4 min``).

Both are parsed here, once, into values lint, score and render compute with; the model turns a
:class:`MeasureError` into a located problem. Each accepted form has a JSON Schema pattern beside its parser,
so an editor checks what ``cjmap validate`` checks.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from cjmap.scalars import integer, resolve_plain

Direction = Literal["higher", "lower"]


class MeasureError(ValueError):
    """A duration or measure that cannot be read: a message and a hint that lists the accepted forms."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


# --- durations -----------------------------------------------------------------------------------------

_UNIT_WORDS: dict[int, tuple[str, ...]] = {
    1: ("s", "sec", "secs", "second", "seconds",
        "secondo", "secondi",  # it
        "с", "сек", "секунда", "секунды", "секунд", "секунду",  # ru
        "secundă", "secunda", "secunde",  # ro
        "sek", "sekunde", "sekunden",  # de
        "seconde", "secondes",  # fr
        "seg", "segundo", "segundos"),  # es
    60: ("m", "min", "mins", "minute", "minutes",  # en, fr, ro (minute)
         "minuto", "minuti",  # it
         "мин", "минута", "минуты", "минут", "минуту",  # ru
         "minut",  # ro
         "minuten",  # de
         "minutos"),  # es
    3600: ("h", "hr", "hrs", "hour", "hours",
           "ora", "ore",  # it, ro (oră)
           "ч", "час", "часа", "часов",  # ru
           "oră",  # ro
           "std", "stunde", "stunden",  # de
           "heure", "heures",  # fr
           "hora", "horas"),  # es
    86400: ("d", "day", "days",
            "giorno", "giorni",  # it
            "день", "дня", "дней", "сутки", "суток",  # ru
            "zi", "zile",  # ro
            "tag", "tage", "tagen",  # de
            "jour", "jours",  # fr
            "día", "días", "dia", "dias"),  # es
    604800: ("w", "wk", "wks", "week", "weeks",
             "settimana", "settimane",  # it
             "нед", "неделя", "недели", "недель", "неделю",  # ru
             "săptămână", "săptămâni", "saptamana", "saptamani",  # ro
             "woche", "wochen",  # de
             "semaine", "semaines",  # fr
             "semana", "semanas"),  # es
}
UNIT_SECONDS: dict[str, int] = {word: seconds for seconds, words in _UNIT_WORDS.items() for word in words}
"""The units a duration may be written in (any letter case), in English and in the languages maps are written
in (Italian, Russian with its plural forms, Romanian, German, French, Spanish). Months and years are left out:
their length varies, so a number of seconds would be a guess."""

_CONNECTORS = ("and", "e", "и", "și", "si", "und", "et", "y")
"""The words that may join the parts of a duration: '1 ora e 30 minuti', '1 oră și 30 de minute'."""

DURATION_HINT = ("write a number and a unit: 90s, 10 min, 2h, 1 h 30 min, 3 days, 2 weeks (or the units of "
                 "Italian, Russian, Romanian, German, French, Spanish: 10 giorni, 15 минут, 2 ore), "
                 "or ISO 8601 such as PT10M, PT1H30M, P3D")


def _any_case(word: str) -> str:
    """A regex matching ``word`` in any letter case without flags (JSON Schema patterns have none)."""
    return "".join(f"[{c.lower()}{c.upper()}]" for c in word)


_NUMBER = r"[0-9]+(?:\.[0-9]+)?"
# Longest first, so that the alternation tries 'minutes' before 'min'.
_UNITS = "|".join(_any_case(unit) for unit in sorted(UNIT_SECONDS, key=len, reverse=True))
_OF = _any_case("de")  # Romanian counts 20 and more 'de' things: '20 de minute'
_PART = rf"({_NUMBER})\s*(?:{_OF}\s+)?({_UNITS})"
_JOIN = rf"\s*,?\s*(?:(?:{'|'.join(_any_case(word) for word in _CONNECTORS)})\s+)?"
_ISO = (r"P(?=[0-9]|T[0-9])(?:([0-9]+(?:\.[0-9]+)?)W)?(?:([0-9]+(?:\.[0-9]+)?)D)?"
        r"(?:T(?=[0-9])(?:([0-9]+(?:\.[0-9]+)?)H)?(?:([0-9]+(?:\.[0-9]+)?)M)?(?:([0-9]+(?:\.[0-9]+)?)S)?)?")
_PART_PLAIN = rf"{_NUMBER}\s*(?:{_OF}\s+)?(?:{_UNITS})"
DURATION_PATTERN = rf"^\s*(?:{_ISO}|{_PART_PLAIN}(?:{_JOIN}{_PART_PLAIN})*)\s*$"
"""The JSON Schema pattern of a duration; :func:`duration_seconds` accepts exactly these texts."""



@functools.cache
def _duration_regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The ISO, whole human and one-part duration regexes: compiled on first use, not at import (the units
    spelt in any case make them slow to compile, and many runs read no duration)."""
    return re.compile(rf"^\s*{_ISO}\s*$"), re.compile(rf"^\s*{_PART}(?:{_JOIN}{_PART})*\s*$"), re.compile(_PART)


def duration_seconds(text: str) -> float:
    """The seconds ``text`` stands for: '10 min' -> 600, '1 h 30 min' -> 5400, 'PT1H30M' -> 5400."""
    iso, human, part = _duration_regexes()
    if match := iso.match(text):
        weeks, days, hours, minutes, seconds = (float(group) if group else 0.0 for group in match.groups())
        return weeks * 604800 + days * 86400 + hours * 3600 + minutes * 60 + seconds
    if human.match(text):
        return sum(float(number) * UNIT_SECONDS[unit.lower()] for number, unit in part.findall(text))
    fixed = decimal_point(text)
    raise MeasureError(f"cannot read the duration {text!r}",
                       f"write {fixed!r}: a decimal point, not a comma" if fixed else DURATION_HINT)


_DECIMAL_COMMA = re.compile(r"(?<![0-9,])([0-9]+),([0-9]+)(?![0-9,])")


def decimal_point(text: str) -> str | None:
    """``text`` with its decimal commas made points ('3,5' -> '3.5', '1,5 ore' -> '1.5 ore'), or ``None`` when it
    has none; the hint for numbers written the way Italian, Russian and Romanian write them."""
    fixed = _DECIMAL_COMMA.sub(r"\1.\2", text.strip())
    return fixed if fixed != text.strip() else None


class Duration(str):
    """A duration as written ('10 min', kept for display) that also knows its length in seconds."""

    seconds: float

    def __new__(cls, text: str) -> Duration:
        duration = super().__new__(cls, text)
        duration.seconds = duration_seconds(text)
        return duration

    def __getnewargs__(self) -> tuple[str]:  # pickled for worker processes
        return (str(self),)


# --- KPI measures --------------------------------------------------------------------------------------

_COMPARATORS: dict[str, Direction] = {">=": "higher", "≥": "higher", ">": "higher", "at least": "higher",
                                      "<=": "lower", "≤": "lower", "<": "lower", "at most": "lower"}
_COMPARATOR = "at least|at most|>=|<=|≥|≤|>|<"  # longest first; nothing to escape, in Python or ECMA regexes
_MEASURE_NUMBER = r"[-+]?[0-9]+(?:\.[0-9]+)?"
_MEASURE_UNIT = r"[^0-9\s.+-][^0-9]*?"
MEASURE_PATTERN = rf"^\s*(?:(?:{_COMPARATOR})\s*)?{_MEASURE_NUMBER}(?:\s*{_MEASURE_UNIT})?\s*$"
"""The JSON Schema pattern of a KPI value or target written as text; :func:`read_measure` accepts these."""
_MEASURE = re.compile(rf"^\s*(?:(?P<op>{_COMPARATOR})\s*)?(?P<number>{_MEASURE_NUMBER})"
                      rf"(?:\s*(?P<unit>{_MEASURE_UNIT}))?\s*$")

MEASURE_HINT = ("a KPI's value and target are numbers, optionally with a unit (42%, 3.5 min) and, for a "
                "target, the better side ('<= 4 min', '>= 60%'); put words in its name")


@dataclass(frozen=True, slots=True)
class Measure:
    """A KPI number read from text: '>= 42%' is 42, unit '%', direction 'higher'."""

    number: int | float
    unit: str | None = None
    direction: Direction | None = None


def read_measure(text: str, what: str) -> Measure:
    """The number, unit and direction written in ``text`` (the KPI's ``what``: 'value' or 'target')."""
    match = _MEASURE.match(text)
    if match is None:
        fixed = decimal_point(text)
        raise MeasureError(f"expected a number such as 42 or 42%, got the text {_clip(text)!r}",
                           f"write {fixed!r}: a decimal point, not a comma" if fixed else MEASURE_HINT)
    if match["op"] and what != "target":
        raise MeasureError(f"a KPI {what} is a number, not a comparison: {text.strip()!r}",
                           f"write the comparison in the target ('target: {text.strip()}'), or set `direction:`")
    written = match["number"]
    # scalars reads the digits as the loader would: an absurdly long number stays a (named) float that the
    # model's bounds refuse where it stands, rather than an int Python cannot even print.
    number: int | float = resolve_plain(written) if "." in written else integer(written)
    unit = match["unit"].strip() if match["unit"] else None
    return Measure(number, unit, _COMPARATORS[match["op"]] if match["op"] else None)


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
