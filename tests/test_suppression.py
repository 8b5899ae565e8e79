"""Suppression comments: parsing, spans, which violations they silence, and which silence nothing."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from cjmap.config import Config
from cjmap.discovery import ConfigChoice
from cjmap.lint.engine import LintSettings, lint_paths
from cjmap.lint.rules import RULES
from cjmap.lint.rules.base import LintContext, RuleModule, Violation
from cjmap.lint.suppression import Directive, Span, scan
from cjmap.problem import Severity


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


# --- unused suppressions (L003) --------------------------------------------------------------------------

def test_every_covering_directive_is_credited_and_the_rest_are_unused() -> None:
    text = "\n".join([
        "# cjmap: disable-file=S",                       # 1
        "a: 1  # cjmap: disable-line=S001,C002",        # 2
        "# cjmap: disable=S001",                         # 3
        "b: 2",                                          # 4
        "# cjmap: enable=S001",                          # 5
        "# cjmap: disable-next-line",                    # 6
        "c: 3",                                          # 7
        "# cjmap: disable-line=",                        # 8 malformed: never unused
    ])
    found = scan(text)
    assert found.silences(2, picks_s001())
    assert found.used == {(1, "S"), (2, "S001")}
    assert [(d.line, selector) for d, selector in found.unused(lambda selector: True)] == [
        (2, "C002"), (3, "S001"), (6, "")]
    assert found.silences(4, picks_s001()) and found.silences(7, picks_s001())
    assert [(d.line, selector) for d, selector in found.unused(lambda selector: True)] == [(2, "C002")]


def test_only_selectors_the_caller_can_judge_are_unused() -> None:
    found = scan("a: 1  # cjmap: disable-line=S001,C002\n# cjmap: disable-file\n")
    assert [(d.line, s) for d, s in found.unused(lambda selector: selector == "C002")] == [(1, "C002")]
    assert found.unused(lambda selector: False) == []


def test_a_block_is_credited_to_the_directive_that_opened_it() -> None:
    found = scan("# cjmap: disable=R,S\nx: 1\n# cjmap: enable=R\ny: 2\n")
    assert found.silences(4, picks_s001())
    assert [(d.line, s) for d, s in found.unused(lambda selector: True)] == [(1, "R")]


MAP = """\
cjmap: 1
id: checkout
title: Online checkout
type: current-state
owner: shop-team
persona: {name: Maya, goals: [Pay quickly]}
scope: {scenario: Maya pays, business_goals: [Faster checkout]}
stages:
  - id: pay
    name: Pay
    steps:
      - id: card
        name: Enters card details
        touchpoint: Checkout page
        emotion: 4
        research: [Usability test]
        pain_points:
          - The card form rejects spaces  # cjmap: disable-line=missing-id,I001 not now
"""


def lint_lines(path: Path, rules: Mapping[str, RuleModule] | None = None, **overrides: Any) -> list[str]:
    report = lint_paths([str(path)], LintSettings(config=ConfigChoice(use=False), rules=rules, overrides=Config(
        source="command line", today=datetime.date(2026, 11, 1), **overrides))).report
    return [f"{p.location.line}:{p.location.column} {p.code} {p.severity.label} {p.message}"
            for p in report.sorted_problems()]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unused_suppressions_are_reported_per_rule_name(tmp_path: Path) -> None:
    text = "# cjmap: disable-file=T004\n" + MAP.replace("        emotion: 4\n",
                                                        "        # cjmap: disable-next-line=S003\n"
                                                        "        emotion: 4\n")
    assert lint_lines(write(tmp_path, text)) == [
        "1:1 L003 warning 'disable-file=T004' silences nothing",
        "16:9 L003 warning 'disable-next-line=S003' silences nothing",
        "20:43 L003 warning 'disable-line=I001' silences nothing",
    ]


def test_a_used_suppression_is_not_reported(tmp_path: Path) -> None:
    path = write(tmp_path, MAP.replace("disable-line=missing-id,I001", "disable-line=missing-id"))
    assert lint_lines(path) == []
    path = write(tmp_path, MAP.replace("disable-line=missing-id,I001", "disable-line"))
    assert lint_lines(path) == []


def test_rules_that_did_not_run_never_make_a_suppression_unused(tmp_path: Path) -> None:
    text = "# cjmap: disable-file=T004\n# cjmap: disable-file=T\n" + MAP
    path = write(tmp_path, text)
    # T004 deselected: its suppressions are not judged; I001 ran and silenced nothing, so it is reported
    assert lint_lines(path, select=("R", "I")) == ["20:43 L003 warning 'disable-line=I001' silences nothing"]
    # a prefix is judged only when every rule it names ran
    assert lint_lines(path, ignore=("T001", "I001")) == ["1:1 L003 warning 'disable-file=T004' silences nothing"]
    # a bare directive names every rule: with one left out it is not judged
    bare = write(tmp_path, MAP.replace("missing-id,I001", "missing-id").replace(
        "title:", "# cjmap: disable-next-line  before the title\ntitle:"))
    assert lint_lines(bare) == ["3:1 L003 warning 'disable-next-line' silences nothing"]
    assert lint_lines(bare, ignore=("H001",)) == []


def test_a_crashed_rule_never_makes_a_suppression_unused(tmp_path: Path) -> None:
    def crashing(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
        raise ZeroDivisionError("division by zero")
        yield  # a generator, like every rule

    crasher: Any = SimpleNamespace(CODE="Z001", NAME="crasher", SEVERITY=Severity.WARNING, OPTIONS={},
                                   check=crashing, __doc__="Crashes.")
    path = write(tmp_path, "# cjmap: disable-file=Z001\n" + MAP.replace("missing-id,I001", "missing-id"))
    assert lint_lines(path, {**RULES, "Z001": crasher}) == [
        "2:1 L002 error rule Z001 (crasher) failed on this map: ZeroDivisionError: division by zero"]
    # the same rule finding nothing, without crashing: now the suppression is judged, and unused
    quiet: Any = SimpleNamespace(**{**vars(crasher), "check": lambda context, options: iter(())})
    assert lint_lines(path, {**RULES, "Z001": quiet}) == ["1:1 L003 warning 'disable-file=Z001' silences nothing"]
