"""Mutating maps for the fuzz tests (tests/test_fuzz.py, tests/test_fuzz_commands.py): seeds and mutators.

Textual mutations (lines deleted, duplicated, swapped or re-indented; random characters; nasty scalars:
5,000-digit integers, 1e400, .nan, long strings, anchors, tags, unclosed brackets), structural ones (a value
replaced by one of another type) and byte-level ones (bytes flipped, inserted or cut, so that the text is
no UTF-8 any more). Everything is driven by a :class:`random.Random` the caller seeds: runs are reproducible.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import EXAMPLES, FIXTURES

from cjmap.loader import LoadError, decode, load

SEEDS = sorted(EXAMPLES.glob("*.yaml")) + sorted((FIXTURES / "valid").glob("*.yaml"))
"""The maps mutations start from: the examples and the valid fixtures."""

NASTY_SCALARS = (
    "9" * 5_000, "-" + "9" * 5_000, "1e400", "-1e400", ".inf", "-.inf", ".nan", ".NaN", "-0", "-0.0", "0x1F",
    "0o17", "1_000", "1e-400", "x" * 20_000, "'" + "y" * 5_000 + "'", "[[[[[[1]]]]]]", "[[], {}, [[]]]",
    "{", "[", "}", "]", "{a: [b, {c: d}]}", "&anchor value", "*anchor", "*nowhere", "!!python/object:os.system x",
    "!custom x", "!!binary aGVsbG8=", "!!float 3", "!!int x", "!!str 5", "", "~", "null", "yes", "no", "on",
    "2026-13-45", "2026-02-30", "12:30:00", '"\\u0000"', '"\\ud800"', '"\\x85"', "|", ">-", "- a\n- b", "? x",
    "<<: *anchor", "\u202e\u200bhidden", "\ufeffbom", "😀" * 50, "\x85", "\u2028", "%TAG", "---", "...",
)
NASTY_CHARACTERS = ("\x00", "\x01", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "\ud7ff", "\t", "\r", ":", "-",
                    "#", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`", "{", "}", "[", "]", ",", "?", "é",
                    "\u0301", "😀", "\U0010ffff")
OTHER_VALUES: tuple[Any, ...] = (
    None, True, False, 0, -1, 10**5000, 1e308, float("inf"), float("nan"), -0.0, "", "x", "x" * 10_000,
    [], {}, [1, [2, [3]]], {"a": {"b": None}}, [{"id": "dup"}, {"id": "dup"}], "2026-01-01", {"score": "high"},
)


def _lines(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    action = rng.randrange(4)
    if action == 0:
        del lines[i]
    elif action == 1:
        lines.insert(i, lines[j])
    elif action == 2:
        lines[i], lines[j] = lines[j], lines[i]
    else:
        line = lines[i]
        stripped = line.lstrip(" ")
        indent = max(0, len(line) - len(stripped) + rng.choice((-4, -2, -1, 1, 2, 4)))
        lines[i] = rng.choice((" " * indent, "\t", " \t")) + stripped
    return "\n".join(lines)


def _character(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    inserted = rng.choice(NASTY_CHARACTERS) if rng.random() < 0.7 else chr(rng.randrange(1, 0x3000))
    return text[:at] + inserted * rng.choice((1, 1, 1, 3)) + text[at:]


def _scalar(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    candidates = [n for n, line in enumerate(lines) if ": " in line or line.lstrip().startswith("- ")]
    if not candidates:
        return text
    n = rng.choice(candidates)
    line = lines[n]
    cut = line.index(": ") + 2 if ": " in line else line.index("- ") + 2
    value = rng.choice(NASTY_SCALARS)
    if rng.random() < 0.2:  # an anchor defined here, to be used (or not) by a later alias
        value = f"&anchor {value}"
    lines[n] = line[:cut] + value
    return "\n".join(lines)


TEXT_MUTATIONS: tuple[Callable[[str, random.Random], str], ...] = (_lines, _character, _scalar)


def _data(text: str, rng: random.Random) -> str:
    """Replace one value anywhere in the data with a value of another type; written back as JSON (YAML too)."""
    try:
        data: Any = load(text.encode("utf-8", errors="surrogatepass"), "seed").data
    except LoadError:
        return text
    holders: list[tuple[Any, Any]] = []
    stack = [data]
    while stack:
        node = stack.pop()
        keys = list(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []
        for key in keys:
            holders.append((node, key))
            stack.append(node[key])
    node, key = rng.choice(holders)
    node[key] = rng.choice(OTHER_VALUES)
    try:
        return json.dumps(data, default=str, ensure_ascii=rng.random() < 0.5)
    except ValueError:  # an integer too long to print as text; Python refuses it, YAML has no such limit
        return text


def mutate(seed_text: str, rng: random.Random) -> str:
    """One to three mutations of ``seed_text``."""
    text = seed_text
    for _ in range(rng.choice((1, 1, 2, 3))):
        text = _data(text, rng) if rng.random() < 0.15 else rng.choice(TEXT_MUTATIONS)(text, rng)
    return text


def mutate_bytes(content: bytes, rng: random.Random) -> bytes:
    """One byte-level mutation: a byte flipped, a random byte inserted, or the content cut short."""
    if not content:
        return bytes([rng.randrange(256)])
    at = rng.randrange(len(content))
    action = rng.randrange(3)
    if action == 0:
        return content[:at] + bytes([content[at] ^ (1 << rng.randrange(8))]) + content[at + 1:]
    if action == 1:
        return content[:at] + bytes([rng.randrange(256)]) + content[at:]
    return content[:at]


def seeds() -> list[tuple[Path, str]]:
    """Each seed map with its text."""
    found = []
    for path in SEEDS:
        try:
            found.append((path, decode(path.read_bytes(), str(path))))
        except LoadError:  # pragma: no cover - the seeds are valid maps
            continue
    return found
