"""Suppression comments: parsing, spans, and which violations they silence."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cjmap.lint.suppression import Directive, Span, scan


def picks_s001() -> Callable[[str], bool]:
    """Whether a selector names rule S001, 'stage-without-steps'."""
    return lambda selector: selector.upper() in ("S", "S0", "S00", "S001", "STAGE-WITHOUT-STEPS", "ALL")


def test_text_without_directives_is_cheap_and_empty() -> None:
    assert scan("cjmap: 1\nid: x\n") == scan("") == scan("a: 1  # just a comment\n")
    assert scan("a: 1\n").spans == []


def test_all_directive_kinds() -> None:
    text = "\n".join([
        "cjmap: 1",                                   # 1
        "a: 1  # cjmap: disable-line=S001,C002 reason",  # 2
        "# cjmap: disable-next-line=stage-without-steps",  # 3
        "b: 2",                                       # 4
        "# cjmap: disable=H",                          # 5
        "c: 3",                                       # 6
        "# cjmap: enable=H",                           # 7
        "# cjmap: disable-file = R001",                # 8
        "# cjmap: disable",                            # 9
        "d: 4",                                       # 10
    ])
    found = scan(text)
    assert found.directives == [
        Directive(2, 7, "disable-line", ("S001", "C002")),
        Directive(3, 1, "disable-next-line", ("stage-without-steps",)),
        Directive(5, 1, "disable", ("H",)),
        Directive(7, 1, "enable", ("H",)),
        Directive(8, 1, "disable-file", ("R001",)),
        Directive(9, 1, "disable", ()),
    ]
    assert found.spans == [
        Span(2, 2, ("S001", "C002")),
        Span(4, 4, ("stage-without-steps",)),
        Span(5, 7, ("H",)),
        Span(1, 10, ("R001",)),
        Span(9, 10, ()),
    ]


@pytest.mark.parametrize(("line", "error"), [
    ("# cjmap: disabel=S001", None),  # not a directive word: ignored
    ("# cjmap: disable-lines=S001", "unknown suppression 'disable-lines'; use one of disable-line, "
                                    "disable-next-line, disable, enable, disable-file"),
    ("# cjmap: disable-line:S001", "cannot read the rules after 'disable-line'; write e.g. 'disable-line=S001,S002'"),
    ("# cjmap: disable-line=", "cannot read the rules after 'disable-line'; write e.g. 'disable-line=S001,S002'"),
    ("# cjmap: enable=S001", "'enable=S001' has no matching 'disable' above it"),
])
def test_malformed_directives_are_reported_and_silence_nothing(line: str, error: str | None) -> None:
    found = scan(f"cjmap: 1\n{line}\n")
    if error is None:
        assert found.directives == []
    else:
        [directive] = found.directives
        assert directive.error == error
    assert found.spans == []


def test_hash_inside_a_word_is_not_a_comment() -> None:
    assert scan("title: C#cjmap: disable-line\n").directives == []
    assert scan("title: x # cjmap: disable-line\n").spans == [Span(1, 1, ())]


def test_silences_by_line_and_selector() -> None:
    found = scan("a: 1\nb: 2  # cjmap: disable-line=S\nc: 3  # cjmap: disable-line=R001\n")
    picks = picks_s001()
    assert not found.silences(1, picks)
    assert found.silences(2, picks)
    assert not found.silences(3, picks)


def test_bare_enable_ends_every_open_block_and_unclosed_blocks_run_to_the_end() -> None:
    found = scan("# cjmap: disable=S001\n# cjmap: disable=R\nx: 1\n# cjmap: enable\ny: 2\n# cjmap: disable=C\nz: 3\n")
    assert sorted(found.spans, key=lambda s: (s.first, s.selectors)) == [
        Span(1, 4, ("S001",)),
        Span(2, 4, ("R",)),
        Span(6, 8, ("C",)),
    ]


def test_enable_of_one_rule_keeps_the_others_disabled() -> None:
    found = scan("# cjmap: disable=S001,R001\nx: 1\n# cjmap: enable=s001\ny: 2\n")
    assert sorted(found.spans, key=lambda s: s.first) == [Span(1, 3, ("S001",)), Span(1, 5, ("R001",))]


def test_crlf_text() -> None:
    found = scan("a: 1\r\nb: 2  # cjmap: disable-line=S001\r\n")
    assert found.spans == [Span(2, 2, ("S001",))]
