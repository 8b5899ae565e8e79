"""What one spreadsheet cell holds: lines, numbers, the pain point / opportunity / KPI mini-syntax, and the
formula-injection guard.

The mini-syntax (docs/commands/import-export-sheets.md says the same to users), one item per line:

- an optional leading ``[...]`` of comma-separated attributes: a bare level word (a pain point's severity,
  an opportunity's priority, a KPI's better side ``higher``/``lower``), ``#id``, ``owner: NAME``,
  ``addresses: ID ID`` and ``unit: U``; ``[]`` alone escapes a text that itself starts with ``[``;
- then the text. A KPI's text is ``VALUE of target TARGET — NAME``, ``VALUE — NAME``,
  ``target TARGET — NAME`` or just ``NAME`` (``— NAME`` when the name itself holds `` — ``).

Formula injection (OWASP, "CSV Injection"): a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return — or with a look-alike that Unicode compatibility folding (NFKC) turns into one of them, such
as the fullwidth ``＝`` — is written with a ``'`` in front, so no spreadsheet runs it; import removes exactly
that ``'`` again, so values survive the round trip. Plain numbers (``-2``) are left alone: they are no
formula. A text of spaces only (a valid name, which a sheet would read as an empty cell) gets the same ``'``,
in a multi-value cell on its own line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

LINE_SEPARATOR = "\n"
"""Multi-value cells hold one value per line (Alt+Enter in Excel, a new line inside quotes in CSV)."""
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet read a cell as a formula (OWASP's list)."""
LEVELS = {"pain_points": ("low", "medium", "high", "critical"), "opportunities": ("low", "medium", "high"),
          "kpis": ("higher", "lower")}
LEVEL_KEY = {"pain_points": "severity", "opportunities": "priority", "kpis": "direction"}
ATTRIBUTES = {"pain_points": (), "opportunities": ("owner", "addresses", "customer value", "business value", "effort",
                                                  "issue"),
              "kpis": ("addresses", "unit")}
RATINGS = {"customer value": "customer_value", "business value": "business_value", "effort": "effort"}
"""An opportunity's 1..5 ratings: attribute name in a cell -> key in the map."""
DASHES = (" — ", " – ", " -- ")
"""Between a KPI's numbers and its name: the em dash export writes, an en dash or ``--`` as people type."""
_NUMBER = re.compile(r"^[-+]?[0-9]+(?:[.,][0-9]+)?$")
_BRACKET = re.compile(r"^\[([^\]]*)\]\s?(.*)$", re.DOTALL)
_OF_TARGET = re.compile(r"\s+of\s+target\s+", re.IGNORECASE)


class CellError(ValueError):
    """A cell that cannot be read: the message, and a hint that shows the form to write."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def neutralise(text: str) -> str:
    """``text`` safe to put in a spreadsheet cell: a ``'`` in front when it could start a formula (or when it
    is only spaces, which a sheet would read as an empty cell)."""
    if _NUMBER.match(text):
        return text
    # A text that already starts with quotes before a trigger gets one more, so import can strip exactly one.
    return "'" + text if _guarded(text.lstrip("'")) else text


def restore(text: str) -> str:
    """The text :func:`neutralise` was given: the one ``'`` it added taken off again."""
    if text.startswith("'") and _guarded(text.lstrip("'")) and not _NUMBER.match(text[1:]):
        return text[1:]
    return text


def _guarded(rest: str) -> bool:
    """Whether a text (its leading quotes taken off) gets the guard: it starts with a trigger, also in a
    look-alike form that Unicode compatibility folding (NFKC) turns into one (fullwidth ``＝ ＋ － ＠``, small
    ``﹦ ﹢ ﹣ ﹫``), since an application that folds text would run it; or it is only spaces."""
    return rest != "" and (unicodedata.normalize("NFKC", rest[:1]).startswith(TRIGGERS) or not rest.strip())


def keep_spaces(line: str) -> str:
    """One line of a multi-value cell as export writes it: a text of spaces only behind a ``'`` (so import
    keeps it as a value instead of dropping a blank line); :func:`lines` takes the ``'`` off again."""
    rest = line.lstrip("'")
    return "'" + line if rest and not rest.strip() else line


_SPACES_KEPT = re.compile(r"^(?:\[[^\]\n]*\] ?)?'+[^\S\n]+$")
"""A line :func:`keep_spaces` guarded, alone or after its ``[attributes]``."""


def lines(cell: str) -> list[str]:
    """The values of a multi-value cell: one per line, blank lines and surrounding spaces dropped; a text of
    spaces only that export guarded with a ``'`` is kept, the ``'`` taken off (after ``[attributes]``,
    :func:`split_attributes` takes it off)."""
    found: list[str] = []
    for raw in cell.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.lstrip()
        if _SPACES_KEPT.match(line):
            found.append(line[1:] if line.startswith("'") else line)
        elif line.strip():
            found.append(line.strip())
    return found


def number_text(value: float) -> str:
    """A number as people write it: ``3``, ``3.5``, ``-2`` (no ``3.0``)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def read_number(text: str) -> int | float:
    """A score typed in a cell: ``3``, ``3.5``, ``3,5`` (a decimal comma, as in semicolon CSV files)."""
    cleaned = text.strip()
    if not _NUMBER.match(cleaned):
        raise CellError(f"expected a number such as 3 or 3.5, got {_clip(cleaned)!r}")
    cleaned = cleaned.replace(",", ".")
    if "." in cleaned:
        return float(cleaned)
    if len(cleaned.lstrip("+-")) > 18:
        raise CellError(f"the number {_clip(cleaned)} is out of range")
    return int(cleaned)


@dataclass
class Attributes:
    """The ``[...]`` in front of a line, read."""

    level: str | None = None
    id: str | None = None
    named: dict[str, str] = field(default_factory=dict)


def split_attributes(line: str, kind: str) -> tuple[Attributes, str]:
    """The attributes and the text of one line of a ``kind`` cell (``pain_points``, ``opportunities``, ``kpis``)."""
    found = Attributes()
    match = _BRACKET.match(line)
    if match is None:
        return found, line
    hint = _hint(kind)
    for raw in match[1].split(","):
        item = raw.strip()
        if not item:
            continue
        if item.startswith("#"):
            found.id = item[1:].strip()
        elif ":" in item:
            key, _, value = item.partition(":")
            key = key.strip().casefold()
            if key not in ATTRIBUTES[kind]:
                raise CellError(f"unknown attribute {key!r} in [{match[1]}]", hint)
            found.named[key] = value.strip()
        elif item.casefold() in LEVELS[kind]:
            found.level = item.casefold()
        else:
            raise CellError(f"{item!r} in [{match[1]}] is no {LEVEL_KEY[kind]} ({', '.join(LEVELS[kind])}), "
                            "#id or attribute", hint)
    text = match[2]
    return found, text[1:] if _SPACES_KEPT.match(text) else text.strip()


def join_attributes(parts: list[str], text: str) -> str:
    """A line from its attributes and text; ``[] `` in front of a text that starts with ``[`` by itself, a
    ``'`` in front of a text of spaces only."""
    text = keep_spaces(text)
    if parts:
        return f"[{', '.join(parts)}] {text}"
    return f"[] {text}" if text.startswith("[") else text


def _hint(kind: str) -> str:
    return {"pain_points": "write e.g. '[high] VAT asked first' or '[critical, #vat-first] VAT asked first'",
            "opportunities": "write e.g. '[high, owner: Growth team, addresses: vat-first] Ask for VAT later'",
            "kpis": "write e.g. '42% of target 60% — sign-up completion' or '[lower] 5 min — time to first invoice'",
            }[kind]


def read_item(line: str, kind: str) -> dict[str, Any]:
    """One pain point, opportunity or KPI line as map data (KPI numbers are checked by the model)."""
    attributes, text = split_attributes(line, kind)
    item: dict[str, Any] = {}
    if attributes.id is not None:
        item["id"] = attributes.id
    if kind == "kpis":
        item |= _kpi_body(text)
        if attributes.named.get("unit"):
            item["unit"] = attributes.named["unit"]
    else:
        if not text:
            raise CellError("the line has no text after its [attributes]", _hint(kind))
        item["text"] = text
    if attributes.level is not None:
        item[LEVEL_KEY[kind]] = attributes.level
    if kind == "opportunities" and attributes.named.get("owner"):
        item["owner"] = attributes.named["owner"]
    if kind == "opportunities":
        for name, key in RATINGS.items():
            if attributes.named.get(name):
                item[key] = read_number(attributes.named[name])
        if attributes.named.get("issue"):
            item["issue"] = attributes.named["issue"]
    if attributes.named.get("addresses"):
        item["addresses"] = attributes.named["addresses"].replace(",", " ").split()
    return item


def _kpi_body(text: str) -> dict[str, Any]:
    if text.startswith(("— ", "– ")):
        return {"name": text[2:].strip()}
    cut = min(((text.find(dash), dash) for dash in DASHES if dash in text), default=None)
    if cut is None:
        if not text:
            raise CellError("the KPI has no name", _hint("kpis"))
        return {"name": text}
    numbers, name = text[:cut[0]].strip(), text[cut[0] + len(cut[1]):].strip()
    if not name:
        raise CellError("the KPI has no name after its numbers", _hint("kpis"))
    item: dict[str, Any] = {"name": name}
    if numbers.casefold().startswith("target "):
        item["target"] = numbers[len("target "):].strip()
        return item
    parts = _OF_TARGET.split(numbers, maxsplit=1)
    item["value"] = parts[0].strip()
    if len(parts) == 2:
        item["target"] = parts[1].strip()
    return item


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
