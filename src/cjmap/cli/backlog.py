"""``cjmap backlog``: the opportunities of many maps as one ranked backlog, for a tracker or a spreadsheet."""

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
    PATHS_HELP,
    ColorOption,
    ExcludeOption,
    JobsOption,
    PathsArgument,
    ReportLangOption,
    ReportOutputOption,
    check_language,
    choices,
    deliver,
    excluding,
    exit_with,
    fail,
    output_target,
)

HELP = f"""Gather the opportunities of many maps into one backlog: merged by id across maps (or by text), each
with every map and step it serves and the pain points it addresses, ranked by value ÷ effort
(customer_value and business_value 1..5 over effort 1..5), then priority, pain severity and maps served.
Also lists high and critical pain points that no opportunity with an issue: ticket addresses.

Formats: text, json, markdown, csv, xlsx, and issues (JSON for gh issue create or GitLab: one object per
opportunity with a stable fingerprint, also written into the body, so a re-export updates an issue rather
than filing it twice).

Exit codes: 0 the backlog was written, 1 some map is not valid (it is left out), 2 usage or environment error.

{PATHS_HELP}
"""


class BacklogFormat(str, enum.Enum):
    """Formats for ``cjmap backlog``."""

    text = "text"
    json = "json"
    markdown = "markdown"
    issues = "issues"
    csv = "csv"
    xlsx = "xlsx"


def backlog(paths: Sequence[str], *, output_format: BacklogFormat = BacklogFormat.text, output: str | None = None,
            color: bool | None = None, jobs: int = 0, exclude: Sequence[str] = (), lang: str | None = None) -> int:
    """Gather the backlog of every map under ``paths``, write it, return the exit code. ``lang`` is the language
    of the Markdown report (default English); the other formats stay English and neutral."""
    from cjmap.checking import valid_maps
    from cjmap.portfolio.backlog import build_backlog
    from cjmap.portfolio.digest import digest
    from cjmap.reporters.backlog import BACKLOG_REPORTER_BY_NAME, BINARY
    from cjmap.reporters.base import use_color

    check_language(lang)
    place = output_target(output) if output not in (None, "-") else None
    with excluding(exclude) as exclusion:
        digests, problems, missing, unreadable = valid_maps(list(paths) or ["."], digest, jobs,
                                                            exclusion=exclusion)
    if missing:
        fail("no such file or directory: " + ", ".join(missing))
    colored = place is None and output_format is BacklogFormat.text and use_color(color, sys.stdout)
    if output_format is BacklogFormat.markdown:
        from cjmap.language import language
        from cjmap.reporters.backlog import write_markdown

        content = write_markdown(build_backlog(digests), problems, colored, language(lang))
    else:
        content = BACKLOG_REPORTER_BY_NAME[output_format.value](build_backlog(digests), problems, colored)
    deliver(content, place, binary=output_format.value in BINARY)
    return EXIT_USAGE if unreadable else EXIT_PROBLEMS if problems else EXIT_OK


def command(
    paths: PathsArgument = None,
    output_format: Annotated[BacklogFormat, typer.Option(
        "--format", "-f", metavar=choices(BacklogFormat), help="Output format.")] = BacklogFormat.text,
    output: ReportOutputOption = None,
    color: ColorOption = None,
    jobs: JobsOption = 0,
    exclude: ExcludeOption = None,
    lang: ReportLangOption = None,
) -> None:
    exit_with(backlog, paths or [], output_format=output_format, output=output, color=color, jobs=jobs,
              exclude=exclude or [], lang=lang)
