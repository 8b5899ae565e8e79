"""Plain YAML scalars to Python values under the YAML 1.2 core schema, with numbers kept to a safe size.

Python's ``int()`` refuses decimal texts over 4,300 digits, and ``str()`` refuses to print such an int, so
an absurdly long number must never become an int: it becomes a :class:`NamedFloat`, which the model
rejects with a located problem like any other number out of its range.
"""

from __future__ import annotations

import math
import re
from typing import Any, Self

MAX_INTEGER_DIGITS = 18
"""Most significant digits an integer literal may have to be read as an int: more than any bound the model
sets (10**15), and few enough to stay a 64-bit int, which Pydantic keeps as is in error locations."""

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

_MAYBE_NOT_TEXT = frozenset("0123456789+-.~nNtTfF")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


class NamedFloat(float):
    """A float that prints as, and as a mapping key equals, its name: how it was written, shortened.

    The loader makes one of a number literal too large for cjmap (an integer of over 18 digits, a float beyond
    1.8e308: the value keeps its magnitude, ±inf when it overflows) and of every float key, named by its repr.
    Pydantic names a key it cannot keep as an int by its repr, and problems are located by looking that name
    up in the document.
    """

    text: str

    def __new__(cls, text: str, value: float) -> Self:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __repr__(self) -> str:
        text = self.text
        return text if len(text) <= 40 else f"{text[:16]}… ({len(text):,} characters)"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return other == repr(self)
        return isinstance(other, NamedFloat) and other.text == self.text

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(repr(self))

    def __getnewargs__(self) -> tuple[str, float]:  # type: ignore[override] # pickled for worker processes
        return self.text, float(self)


def resolve_plain(value: str) -> Any:
    """The value of a plain (unquoted) scalar under the YAML 1.2 core schema."""
    if value and value[0] not in _MAYBE_NOT_TEXT:
        return value  # the common case: ordinary words
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return integer(value)
    if _OCT.match(value):
        return integer(value, 8)
    if _HEX.match(value):
        return integer(value, 16)
    if _FLOAT.match(value):
        number = float(value)  # float() reads any length, and overflows to inf
        return NamedFloat(value, number) if math.isinf(number) else number
    if _INF.match(value):
        return -math.inf if value.startswith("-") else math.inf
    if _NAN.match(value):
        return math.nan
    return value


def integer(text: str, base: int = 10) -> int | NamedFloat:
    """An integer literal (``0o``/``0x`` prefixed when ``base`` is 8 or 16) as an int, or a NamedFloat."""
    digits = text[2:] if base != 10 else text
    if len(digits.lstrip("+-").lstrip("0")) <= MAX_INTEGER_DIGITS:
        return int(digits, base)
    if base == 10:
        return NamedFloat(text, float(text))
    # int() reads powers-of-two bases at any length; only the conversion to float can overflow.
    try:
        return NamedFloat(text, float(int(digits, base)))
    except OverflowError:
        return NamedFloat(text, math.inf)


def resolve_tagged(kind: str, text: str) -> Any:
    """The value of a scalar tagged ``!!int``, ``!!float``, ``!!bool`` or ``!!null``; ValueError if it is not one."""
    value = resolve_plain(text)
    is_integer = bool(_INT.match(text) or _OCT.match(text) or _HEX.match(text))
    valid = {"int": is_integer, "float": is_integer or isinstance(value, float),
             "bool": isinstance(value, bool), "null": value is None}[kind]
    if not valid:
        raise ValueError(f"{text!r} is not a valid !!{kind}")
    return float(value) if kind == "float" and not isinstance(value, float) else value


class LoneSurrogate(ValueError):
    """A double-quoted scalar escapes half of a UTF-16 surrogate pair (``"\\ud800"``): no character at all."""

    def __init__(self, code_point: int, replaced: str) -> None:
        super().__init__(f"\\u{code_point:04X} is half of a UTF-16 surrogate pair")
        self.code_point = code_point
        self.replaced = replaced
        """The text with each lone surrogate replaced by U+FFFD, so that loading can go on."""


def join_surrogates(text: str) -> str:
    """A double-quoted scalar's text with each escaped surrogate pair (``"\\ud83d\\ude00"``, as JSON writes
    characters beyond U+FFFF) joined into its character; raises :class:`LoneSurrogate` for an unpaired one.

    Python keeps a lone surrogate in a ``str``, but no UTF-8 writer can encode it: refused here, at the
    loader, it never reaches a report, a page or an export.
    """
    if _SURROGATE.search(text) is None:
        return text
    joined = _SURROGATE_PAIR.sub(lambda pair: pair[0].encode("utf-16-le", "surrogatepass").decode("utf-16-le"),
                                 text)
    lone = _SURROGATE.search(joined)
    if lone is None:
        return joined
    raise LoneSurrogate(ord(lone[0]), _SURROGATE.sub("\ufffd", joined))
