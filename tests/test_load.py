"""The located loader: YAML 1.2 values, locations, and hostile input turned into located problems."""

from __future__ import annotations

import codecs
import math

import pytest

from cjmap.loader import ALIAS_FLOOR, DEFAULT_LIMITS, MAX_BYTES, MAX_DEPTH, LoadError, load
from cjmap.problem import Location


def problem_of(content: bytes) -> tuple[int, int, str, str]:
    with pytest.raises(LoadError) as caught:
        load(content, "f.yaml")
    (problem,) = caught.value.problems
    return problem.location.line, problem.location.column, problem.code, problem.message


def test_yaml_1_2_scalars() -> None:
    document = load(b"a: no\nb: on\nc: yes\nd: 07:30\ne: 2026-10-01\nf: 0o17\ng: 0x1F\nh: ~\ni: 1e3\n"
                    b"j: .inf\nk: True\nl: '3'\nm: 012\nn: +5\no: .nan\n", "f.yaml")
    data = document.data
    assert data == {"a": "no", "b": "on", "c": "yes", "d": "07:30", "e": "2026-10-01", "f": 15, "g": 31,
                    "h": None, "i": 1000.0, "j": math.inf, "k": True, "l": "3", "m": 12, "n": 5,
                    "o": data["o"]}
    assert math.isnan(data["o"])


def test_yaml_1_2_flow_texts_that_libyaml_refuses_are_read() -> None:
    document = load(b"thoughts: [Where is the VAT setting?, at 9:00]\nb: {k: v}\n", "f.yaml")
    assert document.data == {"thoughts": ["Where is the VAT setting?", "at 9:00"], "b": {"k": "v"}}
    assert document.values[("thoughts", 1)] == Location(1, 39)


def test_locations_of_keys_and_values() -> None:
    document = load(b"a:\n  - x\n  - {b: 2}\nc: >\n  folded\n", "f.yaml")
    assert document.keys[("a",)] == Location(1, 1)
    assert document.values[("a",)] == Location(2, 3)
    assert document.values[("a", 1, "b")] == Location(3, 9)
    assert document.keys[("a", 1, "b")] == Location(3, 6)
    assert document.values[("c",)] == Location(4, 4)
    assert document.value_location(("a", 1, "b", "nothing")) == Location(3, 9)


def test_explicit_tags() -> None:
    assert load(b"a: !!str 3\nb: !!int '4'\nc: !!float 1\n", "f").data == {"a": "3", "b": 4, "c": 1.0}
    assert problem_of(b"a: !foo x\n") == (1, 4, "V010", "tag '!foo' is not supported")
    assert problem_of(b"a: !!int x\n") == (1, 4, "V010", "'x' is not a valid !!int")
    assert problem_of(b"a: !!set {x}\n") == (1, 4, "V010", "tag 'tag:yaml.org,2002:set' is not supported")


def test_duplicate_keys_name_both_places_and_all_are_reported() -> None:
    document = load(b"a: 1\nb:\n  c: 1\n  c: 2\na: 3\n", "f.yaml")
    assert [(p.location, p.message) for p in document.problems] == [
        (Location(4, 3), "duplicate key 'c': first defined at line 3, column 3"),
        (Location(5, 1), "duplicate key 'a': first defined at line 1, column 1"),
    ]


LOL = (b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
       + b"".join(f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n".encode() for p, n in zip("abcdefgh", "bcdefghi")))


def test_billion_laughs_stops_at_the_node_budget() -> None:
    line, column, code, message = problem_of(LOL)
    budget = int(DEFAULT_LIMITS.alias_ratio * ALIAS_FLOOR)  # the bomb writes fewer values than the floor
    assert code == "V012" and message.startswith(f"aliases repeat more than {budget:,} values")
    assert line <= 6  # stops while expanding, long before the whole bomb


def test_small_alias_bomb() -> None:
    bomb = b"a: &a [x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\n" \
           b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e]\n" \
           b"g: [*f,*f,*f,*f,*f,*f,*f,*f]\n"
    assert len(bomb) < 330
    assert problem_of(bomb)[2] == "V012"


def test_aliases_within_budget_are_shared() -> None:
    document = load(b"base: &b {name: X}\nuse: *b\n", "f.yaml")
    assert document.data["use"] == {"name": "X"}
    assert document.values[("use",)] == Location(2, 6)


def test_recursive_alias() -> None:
    assert problem_of(b"a: &a [1, *a]\n") == (1, 11, "V012", "alias *a refers to a node that contains it")


def test_undefined_alias() -> None:
    assert problem_of(b"a: *nope\n") == (1, 4, "V010", "alias *nope has no matching anchor &nope")


def test_deep_flow_nesting_stops_at_the_limit() -> None:
    assert problem_of(b"[" * 100_000 + b"]" * 100_000) == (
        1, MAX_DEPTH + 1, "V012", f"nesting is deeper than {MAX_DEPTH} levels")


def test_deep_block_nesting() -> None:
    text = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(300)) + " " * 600 + "v\n"
    line, _, code, _ = problem_of(text.encode())
    assert (line, code) == (MAX_DEPTH + 1, "V012")


def test_huge_file() -> None:
    assert problem_of(b"a: " + b"x" * MAX_BYTES)[2:] == ("V003", f"file is over the {MAX_BYTES:,}-byte limit")


def test_binary() -> None:
    assert problem_of(bytes(range(256)))[2] == "V002"


def test_invalid_utf8_points_at_the_byte() -> None:
    assert problem_of("a: 1\ntitle: Caf\xe9\n".encode("latin-1")) == (2, 11, "V002", "byte 0xe9 is not valid UTF-8")


def test_boms_and_crlf() -> None:
    assert load(codecs.BOM_UTF8 + b"a: 1\r\nb: x\r\n", "f").data == {"a": 1, "b": "x"}
    document = load(codecs.BOM_UTF16_LE + "a: 1\nb: \u00e9\n".encode("utf-16-le"), "f")
    assert document.data == {"a": 1, "b": "\u00e9"}
    assert load(b"a: 1\r\nb:\r\n  c: 2\r\n", "f").values[("b", "c")] == Location(3, 6)


def test_tab_indentation_gets_a_hint() -> None:
    with pytest.raises(LoadError) as caught:
        load(b"a:\n\tb: 1\n", "f.yaml")
    assert caught.value.problems[0].hint == "indent with spaces; YAML does not allow tabs for indentation"


def test_control_character() -> None:
    assert problem_of(b"a: b\x07c\n") == (1, 5, "V002", "control character U+0007 is not allowed in YAML")


@pytest.mark.parametrize(("content", "expected"), [
    (b"", (1, 1, "V014", "file is empty; a map starts with 'cjmap: 1'")),
    (b"# only a comment\n\n", (1, 1, "V014", "file is empty; a map starts with 'cjmap: 1'")),
    (b"- a\n- b\n", (1, 1, "V014",
                     "top level is a list; a map file is a mapping of keys such as 'cjmap: 1' and 'title:'")),
    (b"just text\n", (1, 1, "V014", "top level is a text value; a map file is a mapping of keys "
                                    "such as 'cjmap: 1' and 'title:'")),
    (b"a: 1\n---\nb: 2\n", (2, 1, "V013",
                           "file holds more than one YAML document; a map file holds exactly one")),
    (b"a: [1, 2\nb: 3\n", (2, 2, "V010", "invalid YAML: while parsing a flow sequence did not find "
                                        "expected ',' or ']'")),
    (b"a:\n\tb: 1\n", (2, 1, "V010", "invalid YAML: while scanning for the next token found character "
                                    "that cannot start any token")),
    (b"[a, b]: 1\n", (1, 1, "V010", "a key must be plain text, not a mapping or list")),
])
def test_bad_documents(content: bytes, expected: tuple[int, int, str, str]) -> None:
    assert problem_of(content) == expected
