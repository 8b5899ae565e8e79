"""Reporters: map text printed safely in every human format, the text-mode cap, GitHub and JSON details.

Map text is untrusted: keys, titles and file names may hold newlines, ANSI escapes, bidi overrides, rich
markup, emoji codes, or a ``::`` that GitHub Actions would read as a workflow command.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import MINIMAL_MAP, CliRunner

from cjmap import codes
from cjmap.problem import Location, Problem, Severity
from cjmap.report import Report
from cjmap.reporters.escape import guard_lines, markdown_code, markdown_text, visible
from cjmap.reporters.github import GithubReporter
from cjmap.reporters.json import JsonReporter
from cjmap.reporters.text import MAX_PROBLEMS_PER_FILE, TextReporter

NASTY = "a\nb\r\x1b[31mred\x07\x7f\x85\u2028\u202eevil\u2066\t[bold]x[/bold] :x:"
NASTY_SHOWN = "a\\nb\\r\\x1b[31mred\\x07\\x7f\\x85\\u2028\\u202eevil\\u2066\\t[bold]x[/bold] :x:"


def problem(file: str = "m.yaml", line: int = 1, message: str = "msg", hint: str | None = None,
            severity: Severity = Severity.ERROR) -> Problem:
    return Problem.of(codes.UNKNOWN_KEY, file, Location(line, 1), message, hint=hint, severity=severity)


def text_output(report: Report, color: bool = False) -> str:
    stream = io.StringIO()
    TextReporter(stream, color).write(report)
    return stream.getvalue()


# --- the escaping functions --------------------------------------------------------------------------------


def test_visible_writes_control_separator_and_bidi_characters_as_escapes() -> None:
    assert visible(NASTY) == NASTY_SHOWN
    assert visible("plain ü ✓ text") == "plain ü ✓ text"


def test_guard_lines_defuses_workflow_commands_at_any_line_start() -> None:
    assert guard_lines("::error::x\n  ::warning::y\n\x1b[1m::notice::z\nok ::not-a-command::\n") == (
        "\\x3a:error::x\n  \\x3a:warning::y\n\x1b[1m\\x3a:notice::z\nok ::not-a-command::\n")


def test_markdown_text_escapes_syntax_html_emoji_codes_and_a_leading_hash() -> None:
    assert markdown_text("# T | <b>x</b> `c` *e* [l](u) :x: a\nb") == (
        "\\# T \\| \\<b\\>x\\</b\\> \\`c\\` \\*e\\* \\[l\\](u) :\u2060x: a\\\\nb")


def test_markdown_code_fences_backticks_and_escapes_pipes_in_tables() -> None:
    assert markdown_code("a``b|c", in_table=True) == "```a``b\\|c```"
    assert markdown_code("`x`") == "`` `x` ``"
    assert markdown_code("a|b") == "`a|b`"


# --- text ---------------------------------------------------------------------------------------------------


def test_text_shows_map_text_literally_and_on_one_line() -> None:
    report = Report("validate", ["::error file=x::m.yaml"])
    report.add([problem("::error file=x::m.yaml", 2, f"unknown key {NASTY!r}", hint=f"looked for {NASTY}")])
    assert text_output(report) == (
        "\\x3a:error file=x::m.yaml:2:1: V020 [unknown-key] unknown key 'a\\nb\\r\\x1b[31mred\\x07\\x7f\\x85"
        "\\u2028\\u202eevil\\u2066\\t[bold]x[/bold] :x:'\n"
        f"  hint: looked for {NASTY_SHOWN}\n"
        "Found 1 error in 1 of 1 file.\n")


def test_text_colour_is_plain_ansi_around_our_own_words_only() -> None:
    report = Report("lint", ["m.yaml"])
    report.add([problem(message="[red]x", hint="h", severity=Severity.WARNING)])
    assert text_output(report, color=True) == (
        "\x1b[1mm.yaml:1:1\x1b[0m: \x1b[33mV020\x1b[0m \x1b[2m[unknown-key]\x1b[0m [red]x\n"
        "  \x1b[2mhint:\x1b[0m h\n"
        "Found 1 warning in 1 of 1 file.\n")
    assert text_output(Report("lint", ["m.yaml"]), color=True) == "\x1b[32mAll good!\x1b[0m 1 file checked.\n"


def test_text_lists_at_most_the_cap_per_file_then_counts_the_rest() -> None:
    report = Report("validate", ["a.yaml", "b.yaml"])
    report.add([problem("a.yaml", line) for line in range(1, MAX_PROBLEMS_PER_FILE + 1252)])
    report.add([problem("b.yaml", line) for line in (1, 2)])
    lines = text_output(report).splitlines()
    assert lines[:MAX_PROBLEMS_PER_FILE] == [f"a.yaml:{n}:1: V020 [unknown-key] msg"
                                             for n in range(1, MAX_PROBLEMS_PER_FILE + 1)]
    assert lines[MAX_PROBLEMS_PER_FILE:] == [
        "… and 1,251 more problems in a.yaml (use --format json for all)",
        "b.yaml:1:1: V020 [unknown-key] msg",
        "b.yaml:2:1: V020 [unknown-key] msg",
        f"Found {MAX_PROBLEMS_PER_FILE + 1253:,} errors in 2 of 2 files.".replace(",", ""),
    ]


def test_text_says_more_problem_in_the_singular() -> None:
    report = Report("validate", ["a.yaml"])
    report.add([problem("a.yaml", line) for line in range(1, MAX_PROBLEMS_PER_FILE + 2)])
    assert text_output(report).splitlines()[-2] == "… and 1 more problem in a.yaml (use --format json for all)"


def test_machine_formats_are_not_capped(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(MINIMAL_MAP + "".join(f"k{n:03d}: 1\n" for n in range(120)), encoding="utf-8")
    assert len(json.loads(cli("validate", "-f", "json", str(path)).stdout)["problems"]) == 120
    assert len(cli("validate", "-f", "github", str(path)).stdout.splitlines()) == 120
    assert len(json.loads(cli("validate", "-f", "sarif", str(path)).stdout)["runs"][0]["results"]) == 120
    text = cli("validate", str(path)).stdout.splitlines()
    assert len(text) == 2 * MAX_PROBLEMS_PER_FILE + 2
    assert text[-2] == f"… and 70 more problems in {path} (use --format json for all)"


def test_a_missing_persona_path_cannot_forge_lines_or_colour(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(MINIMAL_MAP + 'persona: "p\\n::error file=a::forged\\e[2J.yaml"\n', encoding="utf-8")
    for output_format in ("text", "github"):
        out = cli("validate", "-f", output_format, str(path)).stdout
        assert "\x1b" not in out
        assert not [line for line in out.splitlines() if line.lstrip().startswith("::")
                    and not line.startswith("::error file=")], output_format
    assert cli("validate", str(path)).stdout.splitlines()[:2] == [
        f"{path}:6:10: V032 [missing-file] persona file 'p\\n::error file=a::forged\\x1b[2J.yaml' not found",
        f"  hint: paths are relative to the map file; looked for {tmp_path}/p\\n::error file=a::forged\\x1b[2J.yaml",
    ]


# --- github and json ----------------------------------------------------------------------------------------


def test_github_shows_control_characters_as_escapes_and_keeps_one_line_per_problem() -> None:
    report = Report("validate", ["a\nb.yaml"])
    report.add([problem("a\nb.yaml", 3, "bad \x1b[31m 100%: x, y", hint="h\u202e")])
    stream = io.StringIO()
    GithubReporter(stream).write(report)
    assert stream.getvalue() == ("::error file=a\\nb.yaml,line=3,col=1,title=V020 unknown-key::"
                                 "bad \\x1b[31m 100%25: x, y%0Ahint: h\\u202e\n")


def test_json_lists_every_file_whose_problems_it_lists() -> None:
    report = Report("validate", ["maps/b.yaml"])
    report.add([problem("personas/p.yaml")])
    stream = io.StringIO()
    JsonReporter(stream).write(report)
    document = json.loads(stream.getvalue())
    assert (document["files"], document["summary"]["files"]) == (["maps/b.yaml", "personas/p.yaml"], 2)


# --- score --------------------------------------------------------------------------------------------------

HOSTILE_TITLE = "::error::T [bold]x[/bold] :x: \\e[31mred | `c` <b>"
HOSTILE_MAP = f"""cjmap: 1
id: m
title: "{HOSTILE_TITLE}"
type: current-state
stages:
  - id: s
    name: "::warning::S :x:"
    steps:
      - {{id: a, name: "A [red]x", emotion: 2}}
      - {{id: b, name: "B", emotion: 4}}
"""


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = Path("m.yaml")
    path.write_text(HOSTILE_MAP, encoding="utf-8")
    return path


def test_score_text_prints_map_text_literally(cli: CliRunner, hostile: Path) -> None:
    out = cli("score", str(hostile)).stdout
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == "\\x3a:error::T [bold]x[/bold] :x: \\x1b[31mred | `c` <b> (m.yaml)"
    assert "  • A [red]x (s/a) 2" in lines
    assert "  \\x3a:warning::S :x:: 3.00 (+0.00) 2/2 steps scored" in lines  # the runner trims blanks
    assert "\x1b" not in out


def test_score_markdown_escapes_map_text(cli: CliRunner, hostile: Path) -> None:
    lines = cli("score", "-f", "markdown", str(hostile)).stdout.splitlines()
    title = "::\u2060error::T \\[bold\\]x\\[/bold\\] :\u2060x: \\\\x1b\\[31mred \\| \\`c\\` \\<b\\>"
    assert lines[6] == (f"| {title} (`m.yaml`) | `▃▆` | 2 | 100% | +0.00 | -0.50 | +0.50 | +0.00 | 1 |")
    assert lines[8] == f"**Valleys in {title}:** A \\[red\\]x (`a`, 2)"
    assert not [line for line in lines if line.lstrip().startswith("::")]
