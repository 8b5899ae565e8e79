"""Round-trip fixes: byte-exact preservation, idempotence, refusals, atomic writes, diffs."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjmap import roundtrip, writer
from cjmap.discovery import ConfigChoice
from cjmap.lint import fix as fixing
from cjmap.lint.engine import LintSettings, lint_paths
from cjmap.lint.rules.base import Fix

DATA = Path(__file__).parent / "lint_data"

MAP = """\
# a comment at the top
cjmap: 1
id: checkout   # the map id
title: 'Online checkout'
type: current-state

stages:
  - id: pay
    name: "Pay"
    steps:
      - {id: card, name: Enters card details, emotion: 2}

      # a comment before a step
      - id: done
        name: Sees confirmation
        emotion: {score: 4, label: Pleased}
"""


def set_label(value: str) -> Fix:
    """A test fix: set the label of the second step's emotion."""

    def apply(data: Any) -> None:
        data["stages"][0]["steps"][1]["emotion"]["label"] = value

    return Fix(f"set label to {value}", apply)


def add_owner() -> Fix:
    def apply(data: Any) -> None:
        data.insert(3, "owner", "shop-team")

    return Fix("add owner", apply)


def test_only_the_fixed_value_changes() -> None:
    outcome = fixing.apply_fixes(MAP, [set_label("pleased")])
    assert outcome.refused is None
    assert outcome.applied == ("set label to pleased",)
    assert outcome.text == MAP.replace("label: Pleased}", "label: pleased}")


def test_inserted_key_changes_nothing_else() -> None:
    outcome = fixing.apply_fixes(MAP, [add_owner()])
    assert outcome.text == MAP.replace("type: current-state\n", "owner: shop-team\ntype: current-state\n")


def test_no_fixes_returns_the_text_untouched() -> None:
    assert fixing.apply_fixes(MAP, []) == fixing.FixOutcome(MAP)


@pytest.mark.parametrize("mapping", [2, 4])
@pytest.mark.parametrize("offset", [0, 2])
def test_indentation_styles_are_detected(mapping: int, offset: int) -> None:
    """Lists flush with their key or indented under it, with two- or four-space mappings."""
    m, d = " " * mapping, " " * offset
    step = d + "  " + d  # where a step's '- ' stands: under 'steps:', which is inside a stage item
    text = (f"cjmap: 1\nscope:\n{m}scenario: x\nstages:\n{d}- id: pay\n{d}  steps:\n{step}- id: card\n"
            f"{step}  emotion:\n{step}  {m}score: 4\n{step}  {m}label: Pleased\n")

    def apply(data: Any) -> None:
        data["stages"][0]["steps"][0]["emotion"]["label"] = "pleased"

    outcome = fixing.apply_fixes(text, [Fix("label", apply)])
    assert outcome.refused is None, outcome.refused
    assert outcome.text == text.replace("Pleased", "pleased")


def test_crlf_line_endings_are_kept() -> None:
    text = MAP.replace("\n", "\r\n")
    outcome = fixing.apply_fixes(text, [set_label("pleased")])
    assert outcome.text == text.replace("label: Pleased}", "label: pleased}")


def test_mixed_line_endings_are_refused() -> None:
    text = MAP.replace("\n", "\r\n", 2)
    outcome = fixing.apply_fixes(text, [set_label("pleased")])
    assert outcome.text == text
    assert outcome.refused == "the file mixes line endings (CRLF and LF); fixing would change them"


def test_flow_spacing_and_comment_columns_are_kept() -> None:
    # Prettier writes { a: 1 }; ruamel writes {a: 1}. A line the fixes leave alone keeps its spelling; a line
    # they change keeps the spaces inside its braces and its comment's column.
    text = MAP.replace("{id: card, name: Enters card details, emotion: 2}",
                       "{ id: card, name: Enters card details, emotion: 2 }    # the card step")

    def rename(data: Any) -> None:
        data["stages"][0]["steps"][0]["name"] = "Types card details"

    untouched = fixing.apply_fixes(text, [set_label("pleased")])
    assert untouched.refused is None
    assert untouched.text == text.replace("label: Pleased}", "label: pleased}")
    touched = fixing.apply_fixes(text, [Fix("rename the card step", rename)])
    assert touched.refused is None
    assert touched.text == text.replace("{ id: card, name: Enters card details, emotion: 2 }    # the card step",
                                        "{ id: card, name: Types card details, emotion: 2 }     # the card step")


def test_a_layout_ruamel_cannot_keep_is_refused() -> None:
    text = MAP.replace("{id: card, name: Enters card details, emotion: 2}",
                       "{id: card,\n         name: Enters card details, emotion: 2}")
    outcome = fixing.apply_fixes(text, [set_label("pleased")])
    assert outcome.text == text
    assert outcome.applied == ()
    assert outcome.refused is not None and outcome.refused.startswith(
        "ruamel.yaml cannot write this file back unchanged, so fixing it could reformat lines the fixes do not "
        "touch (line 11: '      - {id: card,' would become")


def test_a_failing_fix_changes_nothing() -> None:
    def broken(data: Any) -> None:
        data["stages"][0]["name"] = "Changed"
        raise KeyError("nope")

    outcome = fixing.apply_fixes(MAP, [set_label("pleased"), Fix("broken fix", broken)])
    assert outcome.text == MAP
    assert outcome.refused == ("the fix 'broken fix' failed (KeyError: 'nope'); nothing was changed "
                               "(this is a bug in cjmap; please report it)")


def test_long_lines_are_never_folded() -> None:
    long_name = "word " * 60
    text = MAP.replace("name: Sees confirmation", f"name: {long_name.strip()}")
    outcome = fixing.apply_fixes(text, [set_label("pleased")])
    assert outcome.text == text.replace("label: Pleased}", "label: pleased}")


@settings(max_examples=40, deadline=None)
@given(
    comments=st.lists(st.sampled_from(["", "  # note", "   #x", "  # cjmap: disable-line"]), min_size=5, max_size=5),
    blanks=st.lists(st.integers(min_value=0, max_value=2), min_size=5, max_size=5),
    quote=st.sampled_from(["{}", "'{}'", '"{}"']),
)
def test_property_everything_but_the_fix_is_byte_identical(comments: list[str], blanks: list[int],
                                                           quote: str) -> None:
    lines = ["cjmap: 1", "id: " + quote.format("m"), "title: " + quote.format("T"), "type: current-state",
             "stages:", "  - id: pay", "    name: " + quote.format("Pay"), "    steps:",
             "      - id: card", "        name: Card", "        emotion: {score: 4, label: Pleased}"]
    for index, (comment, blank) in enumerate(zip(comments, blanks)):
        lines[1 + 2 * index] += comment
        lines[1 + 2 * index] += "\n" * blank
    text = "\n".join(lines) + "\n"
    outcome = fixing.apply_fixes(text, [set_label_first()])
    if outcome.refused is None:
        assert outcome.text == text.replace("label: Pleased}", "label: pleased}")
    else:  # ruamel cannot always place blank lines; then nothing may change
        assert outcome.text == text


def set_label_first() -> Fix:
    def apply(data: Any) -> None:
        data["stages"][0]["steps"][0]["emotion"]["label"] = "pleased"

    return Fix("label", apply)


# The whole engine with the registered rules, on a file with comments, quotes and flow style.

def fixed_copy(tmp_path: Path, name: str = "preserve.yaml") -> Path:
    target = tmp_path / name
    target.write_bytes((DATA / "preserve.yaml").read_bytes())
    return target


def test_engine_fix_matches_golden_file_and_is_idempotent(tmp_path: Path) -> None:
    target = fixed_copy(tmp_path)
    settings_ = LintSettings(config=ConfigChoice(use=False))
    run = lint_paths([str(target)], settings_, fix=True)
    [file_fix] = run.fixes
    assert file_fix.refused is None
    assert file_fix.after == (DATA / "preserve.fixed.yaml").read_text(encoding="utf-8")
    assert sorted(file_fix.applied) == [
        "add `id: slow-page`",
        "add `id: strip-spaces`",
        "set the label to 'annoyed'",
        "write it as `{id: card-form-rejects-spaces, text: ...}`",
    ]
    target.write_text(file_fix.after, encoding="utf-8")
    again = lint_paths([str(target)], settings_, fix=True)
    assert all(not f.changed for f in again.fixes)
    assert not any(problem.fixable for problem in again.report.problems)


def test_engine_keeps_byte_order_mark(tmp_path: Path) -> None:
    target = fixed_copy(tmp_path)
    target.write_bytes(b"\xef\xbb\xbf" + target.read_bytes())
    [file_fix] = lint_paths([str(target)], LintSettings(config=ConfigChoice(use=False)), fix=True).fixes
    assert file_fix.bom
    assert roundtrip.encode(file_fix.after, file_fix.bom) == b"\xef\xbb\xbf" + (DATA / "preserve.fixed.yaml").read_bytes()


def test_engine_refuses_a_fix_that_would_invalidate_the_map(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from cjmap.lint.rules.base import Violation
    from cjmap.problem import Severity

    def breaks(data: Any) -> None:
        data["type"] = "no-such-type"

    def check(context: Any, options: Any) -> Any:
        yield Violation(("type",), "always", fix=Fix("break the type", breaks))

    rule = SimpleNamespace(CODE="Z001", NAME="breaker", SEVERITY=Severity.WARNING, OPTIONS={}, check=check,
                           __doc__="Breaks.")
    target = fixed_copy(tmp_path)
    settings_ = LintSettings(config=ConfigChoice(use=False), rules={"Z001": rule})  # type: ignore[dict-item]
    run = lint_paths([str(target)], settings_, fix=True)
    [file_fix] = run.fixes
    assert not file_fix.changed
    assert file_fix.refused is not None
    assert file_fix.refused.startswith("the fixes would leave the map invalid (V023 at line 6:")
    assert [p.code for p in run.report.problems] == ["Z001"]


def test_write_file_keeps_mode_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "map.yaml"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    writer.write_file(str(target), b"new\n")
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.yaml"]


def test_write_file_writes_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    writer.write_file(str(link), b"new\n")
    assert link.is_symlink()
    assert real.read_text() == "new\n"


def test_write_file_failure_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "map.yaml"
    target.write_text("old\n")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(writer.OutputError):
        writer.write_file(str(target), b"new\n")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.yaml"]


def test_unified_diff() -> None:
    assert fixing.unified_diff("m.yaml", "a: 1\nb: 2\n", "a: 1\nb: 3\n") == (
        "--- m.yaml\n+++ m.yaml\n@@ -1,2 +1,2 @@\n a: 1\n-b: 2\n+b: 3\n"
    )
    assert fixing.unified_diff("m.yaml", "a: 1", "a: 2") == (
        "--- m.yaml\n+++ m.yaml\n@@ -1 +1 @@\n-a: 1\n\\ No newline at end of file\n+a: 2\n"
        "\\ No newline at end of file\n"
    )
