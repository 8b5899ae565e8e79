"""``cjmap portfolio``: many maps as one report — where customers suffer most, what to fix first, what is missing."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Sequence
from typing import Annotated, TextIO

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
    deliver_report,
    excluding,
    exit_with,
    fail,
    output_target,
)

HELP = f"""Read many maps as one portfolio: a heat grid of mean emotion per stage and map, the worst moments
across all maps, pain points ranked by severity, depth and how many maps share them, and coverage (maps per
persona and type, current states without a future state, future states without a baseline, overdue reviews,
maps without an owner, KPIs that miss their target).

Invalid maps are listed with their problems and left out; the rest of the report goes on. Exit codes: 0 the
report was written, 1 some map is not valid, 2 usage or environment error (missing path, bad date).

{PATHS_HELP}
"""

DEFAULT_TOP = 10


class PortfolioFormat(str, enum.Enum):
    """Formats for ``cjmap portfolio``."""

    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


def portfolio(paths: Sequence[str], *, output_format: PortfolioFormat = PortfolioFormat.text,
              output: str | None = None, top: int = DEFAULT_TOP, today: str | None = None,
              color: bool | None = None, jobs: int = 0, exclude: Sequence[str] = (), lang: str | None = None) -> int:
    """Read every map under ``paths`` into one portfolio, write it, return the exit code. ``lang`` is the
    language of the Markdown and HTML reports (default English); text and JSON stay English and neutral."""
    from cjmap.checking import valid_maps
    from cjmap.config import ConfigError, command_line_config
    from cjmap.portfolio.digest import digest
    from cjmap.portfolio.report import build, project_frameworks
    from cjmap.reporters.portfolio import PORTFOLIO_REPORTER_BY_NAME

    check_language(lang)
    try:
        day = command_line_config(today=today).today
    except ConfigError as exc:
        fail(str(exc))
    place = output_target(output) if output not in (None, "-") else None
    with excluding(exclude) as exclusion:
        digests, problems, missing, unreadable = valid_maps(list(paths) or ["."], digest, jobs, exclusion=exclusion)
    if missing:
        fail("no such file or directory: " + ", ".join(missing))
    report = build(digests, problems, today=day or datetime.date.today(), top=top,
                   frameworks=project_frameworks([map_.file for map_ in digests]))

    def page() -> str:  # templates load only for HTML
        from cjmap.render.portfolio import render_portfolio

        return render_portfolio(report, language=lang)

    def write(stream: TextIO, colour: bool | None) -> None:
        if output_format is PortfolioFormat.markdown:
            from cjmap.language import language
            from cjmap.reporters.portfolio import write_markdown

            write_markdown(stream, report, colour, language(lang))
        else:
            PORTFOLIO_REPORTER_BY_NAME[output_format.value](stream, report, colour)

    deliver_report(place, page if output_format is PortfolioFormat.html else None, write, color)
    return EXIT_USAGE if unreadable else EXIT_PROBLEMS if problems else EXIT_OK


def _positive(value: int) -> int:
    if value < 1:
        raise typer.BadParameter("must be 1 or more")
    return value


def command(
    paths: PathsArgument = None,
    output_format: Annotated[PortfolioFormat, typer.Option(
        "--format", "-f", metavar=choices(PortfolioFormat), help="Output format.")] = PortfolioFormat.text,
    output: ReportOutputOption = None,
    top: Annotated[int, typer.Option(
        "--top", metavar="N", callback=_positive,
        help="How many worst moments and ranked pain points to list.")] = DEFAULT_TOP,
    today: Annotated[str | None, typer.Option(
        "--today", metavar="YYYY-MM-DD", show_default=False,
        help="The date overdue reviews count from (default: $CJMAP_TODAY, else the real date).")] = None,
    color: ColorOption = None,
    jobs: JobsOption = 0,
    exclude: ExcludeOption = None,
    lang: ReportLangOption = None,
) -> None:
    exit_with(portfolio, paths or [], output_format=output_format, output=output, top=top, today=today,
              color=color, jobs=jobs, exclude=exclude or [], lang=lang)
