"""The loader on hostile and unusual input: every case a clear, located problem with the right code.

Each case is bytes in, the whole list of ``(line, column, code, message)`` out. Cases that would be slow
if the loader expanded or recursed (alias bombs, deep nesting) are fast by construction: the loader counts
alias sizes instead of expanding them and composes without recursion, and the tests pin *where* it stops
(early in the file), which only holds if it never did the expensive thing.
"""

from __future__ import annotations

import datetime
import io
import math
import os
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_MAP
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjmap import loader
from cjmap.document import Document
from cjmap.loader import LoadError, load, resolve_plain
from cjmap.problem import Location
from cjmap.validation.validator import validate_bytes, validate_file

Found = list[tuple[int, int, str, str]]

NOT_A_LIST = "top level is a list; a map file is a mapping of keys such as 'cjmap: 1' and 'title:'"
EMPTY = "file is empty; a map starts with 'cjmap: 1'"
BOMB = "aliases repeat more than 10,000 values, 10 times the 1,000 written (an alias bomb?)"
"""A small file counts as 1,000 values written (loader.ALIAS_FLOOR), and aliases may repeat 10 times that."""
TOO_DEEP = "nesting is deeper than 64 levels"
BINARY = "this looks like a binary file, not YAML text"


def found(content: bytes, tmp_path: Path | None = None) -> Found:
    result = validate_bytes(content, "f.yaml", tmp_path or Path("."))
    assert all(p.file == "f.yaml" for p in result.problems)
    return [(p.location.line, p.location.column, p.code, p.message) for p in result.problems]


def billion_laughs(first: bytes, separator: bytes = b", ") -> bytes:
    """Nine levels of nine aliases each: 9**9 values once expanded."""
    lines = [b"a: &a [" + separator.join([first] * 9) + b"]\n"]
    for level in "bcdefghi":
        previous = b"*" + bytes([ord(level) - 1])
        lines.append(level.encode() + b": &" + level.encode() + b" [" + separator.join([previous] * 9) + b"]\n")
    return b"".join(lines)


LOL_BOMB = billion_laughs(b'"lol"', b",")
LOL_BOMB_328 = b"---\n" + billion_laughs(b"lol", b",")


def test_the_bombs_are_the_classic_sizes() -> None:
    assert (len(LOL_BOMB), len(LOL_BOMB_328)) == (342, 328)


HOSTILE: dict[str, tuple[bytes, Found]] = {
    # a = 10 values, b = 91, c = 820, d = 7,381: the aliases of b, c and d repeat 9 * (10 + 91 + 820) = 8,289,
    # and the first *d on line e crosses 10,000.
    "billion-laughs": (LOL_BOMB, [(5, 8, "V012", BOMB)]),
    "billion-laughs-328-bytes": (LOL_BOMB_328, [(6, 8, "V012", BOMB)]),
    "alias-bomb-of-mappings": (
        b"a: &a {a: 1, b: 1, c: 1, d: 1, e: 1, f: 1, g: 1, h: 1, i: 1}\n" + billion_laughs(b"x").split(b"\n", 1)[1],
        [(4, 28, "V012", BOMB)]),
    "recursive-alias-list": (b"&a [*a]\n", [(1, 5, "V012", "alias *a refers to a node that contains it")]),
    "recursive-alias-mapping": (b"&a {x: *a}\n", [(1, 8, "V012", "alias *a refers to a node that contains it")]),
    "recursive-alias-deep": (MINIMAL_MAP.encode() + b"x: &a\n  y:\n    - z: *a\n",
                             [(8, 10, "V012", "alias *a refers to a node that contains it")]),
    "undefined-alias": (MINIMAL_MAP.encode() + b"owner: *nope\n",
                        [(6, 8, "V010", "alias *nope has no matching anchor &nope")]),
    "100000-open-brackets": (b"[" * 100_000, [(1, 65, "V012", TOO_DEEP)]),
    "100000-brackets-closed": (b"[" * 100_000 + b"]" * 100_000, [(1, 65, "V012", TOO_DEEP)]),
    "100000-dashes": (b"- " * 100_000, [(1, 129, "V012", TOO_DEEP)]),
    "deep-block-mappings": (b"".join(b"  " * i + b"k:\n" for i in range(100)) + b"  " * 100 + b"v\n",
                            [(65, 129, "V012", TOO_DEEP)]),
    "64-levels-are-fine": (b"[" * 64 + b"]" * 64, [(1, 1, "V014", NOT_A_LIST)]),
    "65-levels-are-not": (b"[" * 65 + b"]" * 65, [(1, 65, "V012", TOO_DEEP)]),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [(1, 1, "V002", BINARY)]),
    "nul-late-in-text": (b"cjmap: 1\n" + b"#" * 9000 + b"\x00\n", [(1, 1, "V002", BINARY)]),
    "invalid-utf8": (b"cjmap: 1\ntitle: caf\xe9\n", [(2, 11, "V002", "byte 0xe9 is not valid UTF-8")]),
    # Columns count characters: 'é' is two bytes but one column.
    "invalid-utf8-after-multibyte": ("cjmap: 1\ntitle: é".encode() + b"\xff\n",
                                     [(2, 9, "V002", "byte 0xff is not valid UTF-8")]),
    "invalid-utf8-after-bom": (b"\xef\xbb\xbf\xc3\xa9\xff\n", [(1, 2, "V002", "byte 0xff is not valid UTF-8")]),
    "truncated-utf8": (b"cjmap: 1\ntitle: \xe2\x82", [(2, 8, "V002", "byte 0xe2 is not valid UTF-8")]),
    "utf16-bom-odd-length": (b"\xff\xfec\x00j", [(1, 1, "V002", ("file starts with a UTF-16 byte-order mark but is "
                                                               "not valid UTF-16 (truncated data)"))]),
    "control-character": (b"cjmap: 1\ntitle: a\x07b\n", [(2, 9, "V002", "control character U+0007 is not allowed in YAML")]),
    "control-character-after-multibyte": (
        "cjmap: 1\ntitle: éé".encode() + b"\x01\n", [(2, 10, "V002", "control character U+0001 is not allowed in YAML")]),
    "control-character-crlf": (b"cjmap: 1\r\ntitle: ab\x01\r\n",
                               [(2, 10, "V002", "control character U+0001 is not allowed in YAML")]),
    "delete-character": (b"cjmap: 1\ntitle: a\x7fb\n", [(2, 9, "V002", "control character U+007F is not allowed in YAML")]),
    "empty": (b"", [(1, 1, "V014", EMPTY)]),
    "whitespace-only": (b"   \n\n  \n", [(1, 1, "V014", EMPTY)]),
    "comment-only": (b"# cjmap: 1\n# nothing else\n", [(1, 1, "V014", EMPTY)]),
    "document-start-only": (b"---\n", [(1, 1, "V014", EMPTY)]),
    "multi-document": (MINIMAL_MAP.encode() + b"---\n" + MINIMAL_MAP.encode(),
                       [(6, 1, "V013", "file holds more than one YAML document; a map file holds exactly one")]),
    "one-document-with-markers": (b"---\n" + MINIMAL_MAP.encode() + b"...\n", []),
    "top-level-list": (b"# a list\n- cjmap: 1\n", [(2, 1, "V014", NOT_A_LIST)]),
    "top-level-flow-list": (b"\n  [cjmap, 1]\n", [(2, 3, "V014", NOT_A_LIST)]),
    "top-level-scalar": (b"# a word\nhello\n", [(2, 1, "V014", ("top level is a text value; a map file is a "
                                                              "mapping of keys such as 'cjmap: 1' and 'title:'"))]),
    "top-level-quoted-map": (b"'cjmap: 1'\n", [(1, 1, "V014", ("top level is a text value; a map file is a "
                                                            "mapping of keys such as 'cjmap: 1' and 'title:'"))]),
    "tag-on-scalar": (MINIMAL_MAP.encode() + b"owner: !foo bar\n",
                      [(6, 8, "V010", "tag '!foo' is not supported")]),
    "tag-on-mapping": (b"!thing {cjmap: 1}\n", [(1, 1, "V010", "tag '!thing' is not supported")]),
    "bad-core-tag": (MINIMAL_MAP.encode() + b"owner: !!int abc\n", [(6, 8, "V010", "'abc' is not a valid !!int")]),
    "bool-is-not-int": (MINIMAL_MAP.encode() + b"owner: !!int true\n", [(6, 8, "V010", "'true' is not a valid !!int")]),
    "list-as-key": (b"? [a]\n: b\n", [(1, 3, "V010", "a key must be plain text, not a mapping or list")]),
    "flow-mapping-as-key": (b"{[a]: b}\n", [(1, 2, "V010", "a key must be plain text, not a mapping or list")]),
    "alias-of-mapping-as-key": (b"x: &a {k: v}\n*a : y\n", [(2, 1, "V010", "a key must be plain text, not a mapping or list")]),
    "unquoted-colon": (b"cjmap: 1\ntitle: Checkout: the long way\n",
                       [(2, 16, "V010", "invalid YAML: mapping values are not allowed in this context")]),
    "tab-indentation": (b"cjmap: 1\nscope:\n\tscenario: x\n",
                        [(3, 1, "V010", ("invalid YAML: while scanning for the next token found character that "
                                        "cannot start any token"))]),
    "unclosed-flow": (b"cjmap: 1\ntags: [a, b\nid: m\n",
                      [(3, 3, "V010", "invalid YAML: while parsing a flow sequence did not find expected ',' or ']'")]),
}


@pytest.mark.parametrize("content, expected", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_gives_one_clear_located_problem(content: bytes, expected: Found) -> None:
    assert found(content) == expected


def alias_problems(content: bytes, ratio: float) -> Found:
    try:
        load(content, "f.yaml", loader.Limits(alias_ratio=ratio))
    except LoadError as exc:
        return [(p.location.line, p.location.column, p.code, p.message) for p in exc.problems]
    return []


def test_the_alias_budget_counts_aliases_without_expanding_them() -> None:
    # With a budget of 25 (0.025 times the floor of 1,000), the aliases of 'a' (1 list + 9 scalars) on line 2
    # repeat 10, 20, then 30 values. The exact column proves each alias costs the size of what it repeats.
    content = b"a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [*a, *a, *a]\n"
    assert alias_problems(content, 0.025) == [
        (2, 13, "V012", "aliases repeat more than 25 values, 0.025 times the 1,000 written (an alias bomb?)")]


def test_the_alias_budget_grows_with_the_values_written() -> None:
    # 2,004 values written before line 2 (the mapping, 2 keys, 2 lists, 1,999 numbers): aliases may repeat
    # 20,040 of them, so 10 aliases of the 2,000 values of 'a' fit and the 11th does not.
    def content(aliases: int) -> bytes:
        return b"a: &a [" + b",".join([b"1"] * 1999) + b"]\nb: [" + b", ".join([b"*a"] * aliases) + b"]\n"

    assert alias_problems(content(10), 10) == []
    assert alias_problems(content(11), 10) == [
        (2, 45, "V012", "aliases repeat more than 20,040 values, 10 times the 2,004 written (an alias bomb?)")]


def test_a_ratio_of_0_refuses_every_alias() -> None:
    assert [code for _, _, code, _ in alias_problems(b"a: &a 1\nb: *a\n", 0)] == ["V012"]


def test_the_bomb_hint_says_what_to_do() -> None:
    result = validate_bytes(LOL_BOMB, "bomb.yaml", Path("."))
    assert [p.hint for p in result.problems] == [
        "aliases (*name) repeat whole subtrees; use fewer of them (or raise limits: alias-ratio in the cjmap "
        "configuration)"]


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"cjmap: 1\n" + b"#" * loader.MAX_BYTES)
    result = validate_file(str(path))
    assert [(p.location, p.code, p.name, p.message, p.hint) for p in result.problems] == [
        (Location(1, 1), "V003", "file-too-large", "file is over the 16,777,216-byte limit",
         "split the map, raise limits: file-size in the cjmap configuration, or check that this is the file you "
         "meant")]


def test_a_file_exactly_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    content = MINIMAL_MAP.encode()
    path.write_bytes(content + b"#" * (loader.MAX_BYTES - len(content)))
    assert path.stat().st_size == loader.MAX_BYTES
    assert validate_file(str(path)).problems == []


def test_stdin_over_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"#" * (loader.MAX_BYTES + 10))))
    result = validate_file("-")
    assert [(p.file, p.code) for p in result.problems] == [("<stdin>", "V003")]


TYPO = "cjmap: 1\nid: m\ntitle: M\ntype: curent-state\nstages: []\n"
TYPO_FOUND = [(4, 7, "V023", "the text 'curent-state' is not allowed here")]


@pytest.mark.parametrize("content", [
    pytest.param(b"\xef\xbb\xbf" + TYPO.encode(), id="utf-8-bom"),
    pytest.param(TYPO.replace("\n", "\r\n").encode(), id="crlf"),
    pytest.param(b"\xef\xbb\xbf" + TYPO.replace("\n", "\r\n").encode(), id="utf-8-bom-crlf"),
    pytest.param(TYPO.encode("utf-16"), id="utf-16-bom"),
    pytest.param(b"\xfe\xff" + TYPO.encode("utf-16-be"), id="utf-16-be-bom"),
    pytest.param(TYPO.encode("utf-32"), id="utf-32-bom"),
    pytest.param(TYPO.replace("\n", "\r\n").encode("utf-16"), id="utf-16-bom-crlf"),
])
def test_encodings_and_line_endings_keep_locations_right(content: bytes) -> None:
    assert found(content) == TYPO_FOUND


def test_bom_does_not_count_as_a_column() -> None:
    assert found(b"\xef\xbb\xbfcjmap: 2\nid: m\ntitle: M\ntype: current-state\nstages: []\n") == [
        (1, 8, "V023", "format version 2 is not supported; this cjmap reads version 1")]


def test_crlf_locations_inside_flow_collections() -> None:
    content = (MINIMAL_MAP + "scope: {scenario: x, bogus: 1}\n").replace("\n", "\r\n").encode()
    assert found(content) == [(6, 22, "V020", "unknown key 'bogus'")]


def test_columns_count_characters_not_bytes() -> None:
    # 'ééé' is six bytes, '😀😀' eight (two code points): the column of 'bogus' counts characters.
    for text, column in (("ééé", 24), ("😀😀", 23), ("abc", 24)):
        content = (MINIMAL_MAP + f"scope: {{scenario: {text}, bogus: 1}}\n").encode()
        assert found(content) == [(6, column, "V020", "unknown key 'bogus'")], text


def test_duplicate_keys_name_both_places_and_keep_the_later_value() -> None:
    content = b"cjmap: 1\nid: m\ntitle: First\ntype: current-state\nstages: []\ntitle: Second\ntitle: Third\n"
    result = validate_bytes(content, "f.yaml", Path("."))
    assert [(p.location, p.code, p.name, p.message, p.hint) for p in result.problems] == [
        (Location(6, 1), "V011", "duplicate-key", "duplicate key 'title': first defined at line 3, column 1",
         "YAML keeps only one of them; merge the two or rename one"),
        (Location(7, 1), "V011", "duplicate-key", "duplicate key 'title': first defined at line 3, column 1",
         "YAML keeps only one of them; merge the two or rename one"),
    ]
    assert result.document is not None and result.document.data["title"] == "Third"


def test_duplicate_keys_compare_values_not_spelling() -> None:
    # 1 and 0x1 are the same integer key; .nan and .NaN the same (NaN) key.
    document = load(b"a:\n  1: x\n  0x1: y\n.nan: 1\n.NaN: 2\n", "f.yaml")
    assert [(p.location, p.code, p.message) for p in document.problems] == [
        (Location(3, 3), "V011", "duplicate key 1: first defined at line 2, column 3"),
        (Location(5, 1), "V011", "duplicate key 'nan': first defined at line 4, column 1")]
    assert document.data == {"a": {1: "y"}, "nan": 2}


# YAML 1.2 core schema: only these plain scalars are not text.
PLAIN = {
    "no": "no", "on": "on", "yes": "yes", "off": "off", "y": "y", "n": "n", "Yes": "Yes",
    "07:30": "07:30", "2026-10-01": "2026-10-01", "1_000": "1_000", "0b101": "0b101", "0o8": "0o8",
    "0o17": 15, "0x1F": 31, "012": 12, "+12": 12, "-3": -3, "0": 0,
    "1e3": 1000.0, "3.": 3.0, ".5": 0.5, "-1.5e-3": -0.0015,
    ".inf": math.inf, "-.Inf": -math.inf, "+.INF": math.inf,
    "~": None, "null": None, "Null": None, "NULL": None, "": None, "nULL": "nULL",
    "true": True, "True": True, "TRUE": True, "false": False, "tRUE": "tRUE",
    "word": "word", "-": "-", ".": ".", "1.2.3": "1.2.3",
}


@pytest.mark.parametrize("text, value", PLAIN.items(), ids=[repr(k) for k in PLAIN])
def test_plain_scalars_follow_yaml_1_2(text: str, value: object) -> None:
    resolved = resolve_plain(text)
    assert resolved == value and type(resolved) is type(value)


def test_nan_is_a_float() -> None:
    assert math.isnan(resolve_plain(".nan")) and math.isnan(resolve_plain(".NaN"))


def test_yaml_1_2_values_reach_the_model_as_intended() -> None:
    content = (MINIMAL_MAP + "reviewed: 2026-10-01\ntags: [no, on, yes, 07:30, 2026-01-01]\nowner: !!str 3\n"
               "description: 0o17\n").encode()
    result = validate_bytes(content, "f.yaml", Path("."))
    assert [(p.location, p.message) for p in result.problems] == [(Location(9, 14), "expected text, got the number 15")]
    assert result.document is not None
    data = result.document.data
    assert (data["reviewed"], data["tags"], data["owner"], data["description"]) == (
        "2026-10-01", ["no", "on", "yes", "07:30", "2026-01-01"], "3", 15)
    fixed = validate_bytes(content.replace(b"description: 0o17", b"description: '0o17'"), "f.yaml", Path("."))
    assert fixed.journey is not None
    assert fixed.journey.reviewed == datetime.date(2026, 10, 1)
    assert fixed.journey.tags == ["no", "on", "yes", "07:30", "2026-01-01"]
    assert (fixed.journey.owner, fixed.journey.description) == ("3", "0o17")


def test_quoted_and_core_tagged_scalars() -> None:
    document = load(b"a: '1'\nb: \"true\"\nc: !!float 1\nd: !!null ~\ne: !!bool false\nf: !!str\ng: !!map {x: 1}\n"
                    b"h: !!seq [1]\ni: ! 12\n", "f.yaml")
    assert document.data == {"a": "1", "b": "true", "c": 1.0, "d": None, "e": False, "f": "", "g": {"x": 1},
                             "h": [1], "i": "12"}
    assert type(document.data["c"]) is float


def test_the_document_locates_every_key_and_value() -> None:
    document = load(b"cjmap: 1\nstages:\n  - id: a\n    steps: [x, {id: y}]\n", "f.yaml")
    assert document.keys == {
        ("cjmap",): Location(1, 1), ("stages",): Location(2, 1), ("stages", 0, "id"): Location(3, 5),
        ("stages", 0, "steps"): Location(4, 5), ("stages", 0, "steps", 1, "id"): Location(4, 17)}
    assert document.values == {
        (): Location(1, 1), ("cjmap",): Location(1, 8), ("stages",): Location(3, 3), ("stages", 0): Location(3, 5),
        ("stages", 0, "id"): Location(3, 9), ("stages", 0, "steps"): Location(4, 12),
        ("stages", 0, "steps", 0): Location(4, 13), ("stages", 0, "steps", 1): Location(4, 16),
        ("stages", 0, "steps", 1, "id"): Location(4, 21)}
    assert document.pointer(("stages", 0, "steps", 1, "id")) == "/stages/id=a/steps/id=y/id"
    assert document.pointer(("stages", 0, "steps", 0)) == "/stages/id=a/steps/0"
    assert document.resolve(("stages", 0, "function-after[x]", "steps", 9)) == ("stages", 0, "steps")
    assert document.value_location(("stages", 0, "nope")) == Location(3, 5)
    assert document.key_location(("stages", 0, "steps", 0)) == Location(4, 13)


def test_an_empty_id_does_not_name_a_list_item() -> None:
    document = Document("f", {"stages": [{"id": ""}]})
    assert document.pointer(("stages", 0, "id")) == "/stages/0/id"


def test_load_error_carries_the_problems() -> None:
    with pytest.raises(LoadError) as caught:
        load(b"[", "f.yaml")
    assert str(caught.value) == caught.value.problems[0].message
    assert [(p.file, p.code) for p in caught.value.problems] == [("f.yaml", "V010")]


def test_a_syntax_error_libyaml_alone_refuses_is_read_by_the_second_parser() -> None:
    # libyaml refuses '[Who?]' and '[at 9:00]' though YAML 1.2 allows them; ruamel's parser takes a second look.
    document = load(b"cjmap: 1\nthoughts: [Who?, at 9:00]\n", "f.yaml")
    assert document.data == {"cjmap": 1, "thoughts": ["Who?", "at 9:00"]}
    assert document.values[("thoughts", 1)] == Location(2, 18)


def test_a_later_syntax_error_is_not_blamed_on_yaml_1_2_text_libyaml_refuses() -> None:
    # libyaml stops at '[Who?]'; the pure parser reads on to the real error, which is the one reported.
    content = b"cjmap: 1\nthoughts: [Who?]\nstep:\n  name: x\n  touchpoint Landing page\n  channel: web\n"
    assert found(content) == [(5, 3, "V010", "invalid YAML: while scanning a simple key could not find expected ':'")]


def test_a_directory_cannot_be_read(tmp_path: Path) -> None:
    result = validate_file(str(tmp_path))
    assert result.unreadable
    assert [(p.location, p.code, p.name, p.message) for p in result.problems] == [
        (Location(1, 1), "V001", "unreadable", "cannot read file: Is a directory")]


def test_a_dangling_symlink_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    result = validate_file(str(tmp_path / "gone.yaml"))
    assert result.unreadable
    assert [(p.code, p.message) for p in result.problems] == [("V001", "cannot read file: No such file or directory")]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(MINIMAL_MAP, encoding="utf-8")
    path.chmod(0)
    try:
        result = validate_file(str(path))
    finally:
        path.chmod(0o644)
    assert [(p.code, p.message) for p in result.problems] == [("V001", "cannot read file: Permission denied")]


def test_stdin_is_read_and_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TYPO.encode("utf-16"))))
    result = validate_file("-")
    assert [(p.file, p.location.line, p.location.column, p.code) for p in result.problems] == [
        ("<stdin>", 4, 7, "V023")]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300) | st.text(alphabet="ab:-[]{}&*!|>'\"#%@`,?\n\t é\x00\x07\r", max_size=200).map(
    lambda text: text.encode("utf-8")))
def test_any_input_gives_located_problems_never_an_exception(content: bytes) -> None:
    result = validate_bytes(content, "f.yaml", Path("."))
    for problem in result.problems:
        assert problem.location.line >= 1 and problem.location.column >= 1
        assert problem.code.startswith("V") and problem.message
    assert result.problems or result.journey is not None
