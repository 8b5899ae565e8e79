"""YAML syntax errors at the line to fix, with a hint only where the cause is clear.

Each case is text in, the one ``(line, column, message, hint)`` out. The fixtures ``fixtures/invalid/syntax-*``
hold whole maps; these are the small shapes, including those where no hint is the right answer.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjmap.loader import LoadError, load
from cjmap.syntax import Fault, explain

Reported = tuple[int, int, str, str | None]

COLON = "a key needs a colon: "
EITHER = "; or, if this line goes on with the text above, indent it further"
SIMPLE_KEY = "invalid YAML: while scanning a simple key could not find expected ':'"
FLOW_SEQ = "invalid YAML: while parsing a flow sequence did not find expected ',' or ']'"
FLOW_MAP = "invalid YAML: while parsing a flow mapping did not find expected ',' or '}'"
VALUES = "invalid YAML: mapping values are not allowed in this context"
TAB = "indent with spaces; YAML does not allow tabs for indentation"

CASES: dict[str, tuple[str, Reported]] = {
    # A key without ':' is noticed on the next line; it is reported on its own.
    "missing-colon": ("a:\n  name: x\n  touchpoint Landing page\n  name2: y\ntouchpoint: z\n",
                      (3, 3, SIMPLE_KEY, COLON + "`touchpoint: Landing page`")),
    "missing-colon-unknown-key": ("a:\n  name: x\n  touchpoint Landing page\n  channel: web\n",
                                  (3, 3, SIMPLE_KEY, COLON + "`touchpoint: Landing page`" + EITHER)),
    "missing-colon-one-word": ("name: x\ntouchpoint\nchannel: web\n", (2, 1, SIMPLE_KEY, COLON + "`touchpoint:`" + EITHER)),
    "missing-colon-comment-kept-out": ("a:\n  b: 1\n  c 2  # two\n  d: 3\nc: 1\n", (3, 3, SIMPLE_KEY, COLON + "`c: 2`")),
    "missing-colon-first-key-of-item": ("s:\n  - id x\n    name: y\n  - id: z\n",
                                        (2, 5, SIMPLE_KEY, COLON + "`id: x`")),
    # Text going on over lines, then a key: not a missing colon unless the word is a key elsewhere.
    "continuation-then-key": ("key:\n  word1 word2\n  no: key\n", (3, 5, VALUES, None)),
    # Indentation, one space either way; the hint names the keys' column.
    "indent-too-far": ("a:\n  b: 1\n   c: 2\n", (3, 4, VALUES, "indent this key like the keys above it (2 spaces)")),
    "indent-too-far-or-text": ("a:\n  b: some text\n      c: 2\n", (3, 7, VALUES, (
        "indent this key like the keys above it (2 spaces), or quote the text above if it goes on here"))),
    "indent-too-little": ("a:\n  b: 1\n c: 2\n", (3, 2, ("invalid YAML: while parsing a block mapping did not find "
                                                  "expected key"), "indent this key like the keys above it (2 spaces)")),
    "indent-after-list": ("- item1\n- item2\ninvalid: x\n", (3, 1, ("invalid YAML: while parsing a block collection "
                                                            "did not find expected '-' indicator"), None)),
    # ': ' and ', ' inside [ ] and { }.
    "flow-colon": ("a: {score: 1, label: note: hopeful}\n", (1, 26, FLOW_MAP, "quote text that contains ': ' inside { }")),
    "flow-colon-in-list": ("a: [one: two: three]\n", (1, 13, FLOW_SEQ, "quote text that contains ': ' inside [ ]")),
    "flow-missing-comma": ("a: {b: 1\n  c: 2}\n", (2, 4, FLOW_MAP,
                                                    "end the line above with ','; items inside { } are separated by commas")),
    "flow-colon-starts-line": ('a: {"b"\n: c}\n', (2, 1, FLOW_MAP, None)),
    # Unclosed brackets: the parser's place, and the hint names the bracket.
    "unclosed-bracket": ("a: [1, 2\nb: 3\n", (2, 2, FLOW_SEQ, ("the '[' at line 1, column 4 is never closed: add ']' "
                                                           "where it ends"))),
    "unclosed-bracket-at-end": ("select: [S\n", (2, 1, FLOW_SEQ, ("the '[' at line 1, column 9 is never closed: add "
                                                                "']' where it ends"))),
    "unclosed-brace-before-item": ("a:\n  - {b: 1\n  - c\n", (4, 1, FLOW_MAP, ("the '{' at line 2, column 5 is never "
                                                                          "closed: add '}' where it ends"))),
    # Quotes: reported where they open.
    "quote-to-the-end": ('a: 1\nb: "text\nc: 2\n', (2, 4, "invalid YAML: this quote is never closed",
                                                   "add the closing quote where the text ends")),
    "quote-runs-over-keys": ('a: ["one]\nb: x\nc: ["two"]\n', (
        1, 5, "invalid YAML: this quote is closed only at line 3, column 5", "add the closing quote where the text ends")),
    "apostrophe": ("text: 'It's fine'\nb: 1\n", (1, 11, ("invalid YAML: while parsing a block mapping did not find "
                                                         "expected key"), None)),
    # Values with ': ' and tabs keep their hints.
    "value-colon": ("title: Checkout: the long way\n", (1, 16, VALUES, "a value containing ': ' must be quoted")),
    "tab": ("a:\n\tb: 1\n", (2, 1, ("invalid YAML: while scanning for the next token found character that cannot "
                             "start any token"), TAB)),
    "tab-after-dash": ("- - a\n  -\tb\n", (2, 4, ("invalid YAML: while scanning for the next token found character "
                                          "that cannot start any token"), TAB)),
}

# Text that libyaml refuses and YAML 1.2 allows, ahead of each case: the same error must be reported.
YAML_1_2 = "z: [Who?, at 9:00]\n"


def reported(text: str) -> Reported:
    with pytest.raises(LoadError) as caught:
        load(text.encode(), "f.yaml")
    [problem] = caught.value.problems
    assert (problem.code, problem.name) == ("V010", "yaml-syntax")
    return problem.location.line, problem.location.column, problem.message, problem.hint


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_each_cause_is_reported_where_it_is_fixed(text: str, expected: Reported) -> None:
    assert reported(text) == expected


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_yaml_1_2_text_libyaml_refuses_does_not_take_the_blame(text: str, expected: Reported) -> None:
    if text.startswith(("-", "text:")):  # a top-level list (or a hint that depends on line 1) stays as it is
        pytest.skip("the case's shape does not allow a line in front")
    line, column, message, hint = expected
    assert reported(YAML_1_2 + text) == (line + 1, column, _next_line(message), hint and _next_line(hint))


def _next_line(text: str) -> str:
    return re.sub(r"at line (\d+)", lambda match: f"at line {int(match[1]) + 1}", text)


def test_libyaml_alone_refusing_is_not_an_error() -> None:
    assert load(b"a: [Who?]\nb: [at 9:00]\n", "f.yaml").data == {"a": ["Who?"], "b": ["at 9:00"]}


def test_the_parser_that_read_further_wins_by_lines_not_columns() -> None:
    first = Fault(context=None, problem="p", line=3, column=9)
    assert Fault(context=None, problem="p", line=4, column=0).after(first)
    assert not Fault(context=None, problem="p", line=3, column=10).after(first)
    assert not first.after(first)


def test_libyaml_counts_more_line_breaks_than_yaml_1_2() -> None:
    # NEL (U+0085) ends a line for libyaml (YAML 1.1) only: the line looked at must be the parser's.
    text = "a: 1\x85b:\n  c: 1\n   d: 2\n"
    fault = Fault(context=None, problem="mapping values are not allowed in this context", line=3, column=4,
                  yaml11_breaks=True)
    assert explain(text, fault).hint == "indent this key like the keys above it (2 spaces)"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab :-[]{}\"'#,\n\t\r\x85", max_size=80), st.integers(0, 12), st.integers(0, 40),
       st.none() | st.integers(0, 12), st.sampled_from([
           "could not find expected ':'", "mapping values are not allowed in this context",
           "did not find expected key", "did not find expected ',' or ']'", "found unexpected end of stream"]))
def test_explaining_never_fails_whatever_the_marks(text: str, line: int, column: int, context_line: int | None,
                                                   problem: str) -> None:
    fault = Fault(context="while scanning a quoted scalar", problem=problem, line=line, column=column,
                  context_line=context_line, context_column=column if context_line is not None else None)
    found = explain(text, fault)
    assert found.location.line >= 1 and found.location.column >= 1 and found.message.startswith("invalid YAML")
