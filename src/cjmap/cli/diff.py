"""``cjmap diff``: what changed in a journey, between two files, git revisions, or a map and its baseline."""

from __future__ import annotations

import enum
import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from cjmap.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    ColorOption,
    PathsArgument,
    choices,
    exit_with,
    fail,
)
from cjmap.cli.outputs import OutputFileOption, output_files, write_output_files

HELP = """Show what changed in a journey: stages, steps, channels, actors, pain points, opportunities and
KPIs matched by id (moves, renames and reordering reported as such), field changes, and emotion changes
step by step and on the curve. Text, Markdown and GitHub notices say each change in the map's names; JSON
gives its path.

\b
  cjmap diff OLD NEW              two map files
  cjmap diff --rev REV [PATH...]  the working tree against REV (default HEAD); REV may be A..B
  cjmap diff --baseline MAP       a future-state map against the baseline it names
  cjmap diff --textconv MAP       a readable journey view of one map, for git's textconv

With --rev, PATH may be files or folders (default: the whole repository); maps added or removed between
the revisions are reported as such, and each version's persona and baseline files are read from its own
revision. A map a version of which does not validate is reported with its problems, and the other maps
are still compared. Exit codes: 0 (with --exit-code: no differences), 1 differences found with
--exit-code, 2 a map that does not validate, an unknown revision, not inside a git repository, or another
usage error. --textconv always exits 0, as git needs.
"""


class DiffFormat(str, enum.Enum):
    """Formats for ``cjmap diff``."""

    text = "text"
    markdown = "markdown"
    json = "json"
    github = "github"


def diff(paths: Sequence[str], *, rev: str | None = None, baseline: bool = False, textconv: bool = False,
         output_format: DiffFormat = DiffFormat.text, exit_code: bool = False, color: bool | None = None,
         output_file: Sequence[str] = ()) -> int:
    """Compare what ``paths`` and the options name, write the report (and the ``--output-file`` ones), return
    the exit code."""
    from cjmap.diff import sides
    from cjmap.reporters.diff import DIFF_REPORTER_BY_NAME

    if textconv:
        if output_file:
            fail("--textconv prints a journey view for git, not a report: it takes no --output-file")
        return _textconv(paths)
    outputs = output_files(output_file, DiffFormat, paths)
    if sum((rev is not None, baseline)) > 1:
        fail("--rev and --baseline do not combine: --baseline compares working-tree files")
    try:
        if rev is not None:
            report = sides.diff_revisions(rev, list(paths))
        elif baseline:
            if len(paths) != 1:
                fail("--baseline takes one map: the future-state map that names its baseline")
            report = sides.diff_baseline(paths[0])
        else:
            if len(paths) != 2:
                fail("give two maps (OLD NEW), or --rev REV [PATH...], or --baseline MAP")
            report = sides.diff_files(paths[0], paths[1])
    except sides.DiffError as exc:
        fail(str(exc))
    DIFF_REPORTER_BY_NAME[output_format.value](sys.stdout, report, color)
    write_output_files(outputs, lambda name, stream: DIFF_REPORTER_BY_NAME[name](stream, report, False))
    if invalid := len(report.invalid):
        typer.echo(f"cjmap: error: {invalid} map{'s' if invalid != 1 else ''} could not be compared: a version "
                   "that does not validate (its problems are in the report)", err=True)
        return EXIT_USAGE
    return EXIT_PROBLEMS if exit_code and report.differs else EXIT_OK


def _textconv(paths: Sequence[str]) -> int:
    """The journey view of one map for git; the file as it is when it is no valid map. Always exit 0: git
    stops ``git diff`` and ``git log -p`` when a textconv command fails."""
    from cjmap.reporters.diff.view import journey_view
    from cjmap.source import read_bytes
    from cjmap.validation.validator import validate_file

    if len(paths) != 1:
        fail("--textconv takes one file (git passes it)")
    result = validate_file(paths[0])
    if result.journey is not None and not result.unreadable:
        sys.stdout.write(journey_view(result.journey))
        return EXIT_OK
    try:
        content = read_bytes(paths[0])
    except OSError as exc:
        typer.echo(f"cjmap: cannot read {paths[0]}: {exc.strerror or exc}", err=True)
        return EXIT_OK
    sys.stdout.write(content.decode("utf-8", "replace"))
    return EXIT_OK


def command(
    paths: PathsArgument = None,
    rev: Annotated[str | None, typer.Option(
        "--rev", "-r", metavar="REV", show_default=False,
        help="Compare with revision REV (working tree after it), or A..B between two revisions.")] = None,
    baseline: Annotated[bool, typer.Option(
        "--baseline", help="Compare one future-state map with the baseline map it names.")] = False,
    textconv: Annotated[bool, typer.Option(
        "--textconv", help="Print a readable journey view of one map (for git's diff.<driver>.textconv).")] = False,
    output_format: Annotated[DiffFormat, typer.Option(
        "--format", "-f", metavar=choices(DiffFormat), help="Output format.")] = DiffFormat.text,
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help="Exit 1 when there are differences, 0 when none (like git diff --exit-code).")] = False,
    color: ColorOption = None,
    output_file: OutputFileOption = None,
) -> None:
    exit_with(diff, paths or [], rev=rev, baseline=baseline, textconv=textconv, output_format=output_format,
              exit_code=exit_code, color=color, output_file=output_file or [])
