"""``cjmap score``: measure emotion curves, compare maps, gate CI on metrics."""

from __future__ import annotations

import enum
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from cjmap.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    PATHS_HELP,
    ColorOption,
    ExcludeOption,
    JobsOption,
    PathsArgument,
    check_language,
    choices,
    excluding,
    exit_with,
    fail,
)
from cjmap.cli.outputs import OutputFileOption, output_files, write_output_files

if TYPE_CHECKING:
    from cjmap.score.metrics import Comparison, ScoreReport

HELP = f"""Measure emotion curves: metrics, the curve drawn, valleys, portfolio ranking, comparisons and CI gates.

One map gives a detailed report, several a ranked portfolio. Exit codes: 0 all gates pass, 1 a gate
failed or a map is invalid, 2 usage or environment error (unknown metric, missing path).

{PATHS_HELP}
"""


class ScoreFormat(str, enum.Enum):
    """Formats for ``cjmap score``."""

    text = "text"
    json = "json"
    markdown = "markdown"


def score(paths: Sequence[str], *, output_format: ScoreFormat = ScoreFormat.text, compare: bool = False,
          fail_under: Sequence[str] = (), fail_over: Sequence[str] = (), color: bool | None = None,
          jobs: int = 0, exclude: Sequence[str] = (), output_file: Sequence[str] = (), lang: str | None = None) -> int:
    """Score every map under ``paths``, check the gates, print the report (and write the ``--output-file``
    ones), return the exit code. ``lang`` is the language of the Markdown report (default English)."""
    from cjmap.checking import score_paths
    from cjmap.reporters.scorecard import write_json, write_markdown, write_text
    from cjmap.score.gates import check_gates, parse_gates

    check_language(lang)
    try:
        gates = parse_gates(fail_under, fail_over)
    except ValueError as exc:
        fail(str(exc))
    outputs = output_files(output_file, ScoreFormat, paths)
    with excluding(exclude) as exclusion:
        reports, invalid, missing, unreadable = score_paths(list(paths) or ["."], jobs, exclusion=exclusion)
    if missing:
        fail("no such file or directory: " + ", ".join(missing))
    comparison = None
    if compare:
        reports, comparison = _compared(reports, bool(invalid))
    results = check_gates(reports, gates)
    failures = [result.failure for result in results if result.failure is not None]

    def write(name: str, stream: TextIO, color: bool | None) -> None:
        if name == ScoreFormat.json.value:
            write_json(stream, reports, comparison, [result.as_dict() for result in results], invalid)
        elif name == ScoreFormat.markdown.value:
            from cjmap.language import language

            write_markdown(stream, reports, comparison, failures, invalid, language(lang))
        else:
            write_text(stream, reports, comparison, failures, invalid, color)

    write(output_format.value, sys.stdout, color)
    write_output_files(outputs, lambda name, stream: write(name, stream, False), [report.file for report in reports])
    return EXIT_USAGE if unreadable else EXIT_PROBLEMS if failures or invalid else EXIT_OK


def _compared(reports: list[ScoreReport], invalid: bool) -> tuple[list[ScoreReport], Comparison | None]:
    """The maps ``--compare`` compares (a lone future-state map brings its baseline) and their comparison."""
    from cjmap.checking import baseline_of, score_paths
    from cjmap.score.metrics import compare

    if len(reports) == 1 and not invalid and (baseline := baseline_of(reports[0])):
        found, _, missing, _ = score_paths([baseline])
        if missing or not found:
            fail(f"baseline of {reports[0].file} is missing or not a valid map: {baseline}")
        reports = [found[0], reports[0]]
    elif len(reports) != 2 and not invalid:
        fail("--compare needs two maps (before and after), or one future-state map with a baseline")
    return reports, compare(reports[0], reports[1]) if len(reports) == 2 else None


def command(
    paths: PathsArgument = None,
    output_format: Annotated[ScoreFormat, typer.Option(
        "--format", "-f", metavar=choices(ScoreFormat), help="Output format.")] = ScoreFormat.text,
    compare: Annotated[bool, typer.Option(
        "--compare", help="Compare two maps (before, after), or one future-state map with its baseline.")] = False,
    fail_under: Annotated[list[str] | None, typer.Option(
        "--fail-under", metavar="METRIC=VALUE", show_default=False,
        help="Exit 1 when a map's metric is under VALUE (normalised -1..+1; coverage 0..1). Repeatable. "
             "Metrics: mean, median, min, max, end, peak-end, trend, coverage.")] = None,
    fail_over: Annotated[list[str] | None, typer.Option(
        "--fail-over", metavar="METRIC=VALUE", show_default=False,
        help="Exit 1 when a map's metric is over VALUE. Repeatable. Metrics: volatility, largest-drop, "
             "largest-rise, below-neutral-share, below-neutral-area, valleys.")] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", metavar="TAG", show_default=False,
        help="The language of the Markdown report's words (a BCP 47 tag: en, it, ru, ro, de, fr, es …; "
             "default en); the terminal and JSON reports stay English.")] = None,
    color: ColorOption = None,
    jobs: JobsOption = 0,
    exclude: ExcludeOption = None,
    output_file: OutputFileOption = None,
) -> None:
    exit_with(score, paths or [], output_format=output_format, compare=compare, fail_under=fail_under or [],
              fail_over=fail_over or [], color=color, jobs=jobs, exclude=exclude or [],
              output_file=output_file or [], lang=lang)
