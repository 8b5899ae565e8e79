"""Making map text safe to print: control characters shown as escapes, Markdown and workflow commands escaped.

Map text (keys, titles, file names, hints that quote them) is untrusted: a newline in a key would start a
fake output line, an ANSI escape would repaint the terminal, a bidi override would reorder what a reviewer
reads, and a line starting with ``::`` is read by GitHub Actions as a workflow command. Every human format
passes map text through :func:`visible` (the text reporter, ``score`` text) or :func:`markdown_text` /
:func:`markdown_code` (Markdown inline: prose, table cells; ``score --format markdown``); text inside an HTML
block of a Markdown document (``<details><summary>…``), where Markdown's backslash escapes do not apply, goes
through :func:`html_block_text`. The GitHub format uses :func:`workflow_data` and :func:`workflow_property`.
A rendered map or an export printed to a terminal goes through :func:`terminal_text`.

No ``str`` may crash a writer. The loader refuses lone surrogates in maps (V005), but file names that are no
valid UTF-8 reach reports as surrogates (Python's ``surrogateescape``): :func:`json_text` writes every
surrogate as a JSON ``\\u`` escape, and standard output and error escape what they cannot encode (see
:mod:`cjmap.streams`).
"""

from __future__ import annotations

import codecs
import html
import json
import re
from typing import Any

# Invisible or layout-changing characters, each shown the way Python writes it in a string literal.
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_CONTROLS = [chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))]
# Line and paragraph separators end a line in some terminals and editors; the bidi embeddings, overrides and
# isolates (and the marks) reorder text on screen ("Trojan Source").
_FORMATS = ["\u2028", "\u2029", "\u200e", "\u200f", "\u061c", *map(chr, range(0x202A, 0x202F)),
            *map(chr, range(0x2066, 0x206A))]
_TABLE = {ord(ch): _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
          for ch in (*_CONTROLS, *_FORMATS)}
_UNSAFE = re.compile("[" + re.escape("".join(_CONTROLS) + "".join(_FORMATS)) + "]")
# What a terminal acts on in a whole document: every C0 and C1 control but the line break and the tab.
_TERMINAL_TABLE = {code: _TABLE[code] for code in map(ord, _CONTROLS) if chr(code) not in "\n\t"}
_TERMINAL_UNSAFE = re.compile("[" + re.escape("".join(ch for ch in _CONTROLS if ch not in "\n\t")) + "]")

# A line that GitHub Actions would read as a workflow command: ``::`` after optional blanks (the runner trims
# them) and optional colour codes.
_COMMAND_START = re.compile(r"^([ \t]*(?:\x1b\[[0-9;]*m)*[ \t]*):(?=:)", re.MULTILINE)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_EMOJI_CODE = re.compile(r":(?=[\w+-]+:)")


def visible(text: str) -> str:
    """``text`` with control, separator and bidi characters written as ``\\n``, ``\\x1b``, ``\\u202e``."""
    if _UNSAFE.search(text) is None:  # the common case costs one scan
        return text
    return text.translate(_TABLE)


def terminal_text(text: str) -> str:
    """A whole document (a rendered map, a CSV) for a terminal: C0 and C1 control characters written as
    escapes (``\\x1b``, ``\\x9b``), so map text cannot move the cursor, retitle the window or clear the screen;
    lines and tabs stay, and a CRLF line end is shown as a line end."""
    if _TERMINAL_UNSAFE.search(text) is None:
        return text
    return text.replace("\r\n", "\n").translate(_TERMINAL_TABLE)


def guard_lines(text: str) -> str:
    """``text`` with every line that would start a workflow command defused (its first ``:`` as ``\\x3a``)."""
    return _COMMAND_START.sub(r"\1\\x3a", text)


def line_start(text: str) -> str:
    """:func:`visible` for text that begins an output line: also defuses a leading ``::``."""
    return guard_lines(visible(text))


def markdown_text(text: str) -> str:
    """Map text for Markdown prose or a table cell: visible, with Markdown and HTML syntax backslash-escaped.

    GitHub turns ``:x:`` into an emoji after Markdown is parsed, so no backslash can stop it: a word joiner
    (U+2060, invisible) after the first colon breaks the shortcode while the text reads the same.
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", _EMOJI_CODE.sub(":\u2060", visible(text)))
    return "\\" + escaped if escaped.startswith(("#", "-", "+", "=", ">")) else escaped


def html_block_text(text: str) -> str:
    """Map text inside an HTML block of a Markdown document (``<summary>…</summary>``): Markdown is not parsed
    there, so a backslash would not stop ``<img …>``; HTML's own escaping does (and emoji codes are broken as in
    :func:`markdown_text`)."""
    return html.escape(_EMOJI_CODE.sub(":\u2060", visible(text)), quote=True)


def markdown_code(text: str, *, in_table: bool = False) -> str:
    """Map text as an inline code span, fenced with more backticks than it contains."""
    shown = visible(text)
    if in_table:  # GitHub splits table cells at '|' even inside code spans, and unescapes '\\|' there
        shown = shown.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") or not shown.strip() else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def workflow_data(text: str) -> str:
    """The message of a GitHub workflow command: ``%``, CR and LF percent-encoded, so it stays on one line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    """A property value (``file=``, ``title=``) of a workflow command: also ``:`` and ``,`` encoded."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(data: Any, encoding: str | None = None) -> str:
    """``data`` as indented JSON that is valid whatever strings it holds and whatever ``encoding`` the output
    has: non-ASCII text as is for a UTF encoding (the default), except surrogates, written as ``\\udcff``
    escapes; every non-ASCII character escaped for any other encoding (an ASCII terminal, say)."""
    unicode = encoding is None or codecs.lookup(encoding).name.startswith("utf")
    text = json.dumps(data, indent=2, ensure_ascii=not unicode)
    if _SURROGATE.search(text) is None:
        return text
    # json.dumps writes no surrogate outside a string, so escaping them in place keeps the JSON valid.
    return _SURROGATE.sub(lambda found: f"\\u{ord(found[0]):04x}", text)
