"""``cjmap history``: how the experience changed over git history, per map and for the portfolio."""

from __future__ import annotations

import enum
import os
from collections.abc import Sequence
from typing import Annotated, TextIO

import typer

from cjmap.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    ColorOption,
    ExcludeOption,
    PathsArgument,
    ReportLangOption,
    ReportOutputOption,
    check_language,
    choices,
    deliver_report,
    exit_with,
    fail,
    output_target,
)

HELP = """Show how the experience changed over git history: for each commit of a range (or each tag) that
touches a map, the curve metrics of every map (mean, min, end, peak-end, valleys, normalised), its open pain
points by severity and its KPIs met, the portfolio's (the mean of the maps), and how long each pain point
stayed open. Maps are read from git objects; nothing is checked out.

\b
  cjmap history                          every commit of HEAD that touches a map
  cjmap history --rev v1..HEAD maps/     a range, the maps under maps/
  cjmap history --tags --since 2025-01-01
  cjmap history --fail-if-worse mean,end --base origin/main

PATH: files or folders in the repository (default: all of it). A map version that does not validate is
reported with its problems and left out of the series. Exit codes: 0 the report was written, 1 the gate
failed or a map does not validate at the last revision, 2 usage or environment error (unknown revision,
not inside a git repository).
"""


class HistoryFormat(str, enum.Enum):
    """Formats for ``cjmap history``."""

    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


def history(paths: Sequence[str], *, rev: str | None = None, tags: bool = False, since: str | None = None,
            output_format: HistoryFormat = HistoryFormat.text, output: str | None = None,
            fail_if_worse: str | None = None, base: str | None = None, color: bool | None = None,
            exclude: Sequence[str] = (), lang: str | None = None) -> int:
    """Read the maps under ``paths`` at every revision asked for, write the history, return the exit code.
    ``lang`` is the language of the Markdown and HTML reports (default English)."""
    from cjmap.config import ConfigError
    from cjmap.diff import git
    from cjmap.history import collect, report, revisions
    from cjmap.reporters.history import HISTORY_REPORTER_BY_NAME

    check_language(lang)
    if rev is not None and tags:
        fail("--rev and --tags do not combine: give a range, or every tag")
    try:
        gate = report.gate_metrics(fail_if_worse) if fail_if_worse is not None else []
    except ValueError as exc:
        fail(str(exc))
    if gate and base is None:
        fail("--fail-if-worse needs --base REV: the revision the last one must be no worse than")
    if base is not None and not gate:
        fail("--base is the revision --fail-if-worse compares with: give --fail-if-worse METRICS too")
    place = output_target(output) if output not in (None, "-") else None
    try:
        repo = git.repository()
        repo_paths = []
        for path in paths:
            in_repo = repo.path_of(path)
            if in_repo == ".." or in_repo.startswith("../"):
                fail(f"{path} lies outside the repository at {repo.root}")
            repo_paths.append("" if in_repo == "." else in_repo)
        chosen = collect.chosen_files(repo.root, repo_paths, exclude)
        if tags:
            listed = revisions.tags(since=since)
        else:
            listed = revisions.commits(rev or "HEAD", repo_paths, repo.root, since=since)
        base_revision = revisions.single(base) if base is not None else None
        snapshots = collect.collect(repo, [*listed, *([base_revision] if base_revision else [])], chosen)
    except (git.GitError, ConfigError) as exc:
        fail(str(exc))
    base_snapshot = snapshots.pop() if base_revision is not None else None
    for path, in_repo in zip(paths, repo_paths, strict=True):
        if not os.path.exists(path) and not any(collect.under(file, in_repo) for snapshot in snapshots
                                                for file in (*snapshot.maps, *snapshot.invalid)):
            fail(f"no such file or directory: {path} (no map there in the working tree or in the history)")
    if base_snapshot is not None and not snapshots:  # no commit of the range touches a map: compare its end
        try:
            snapshots = collect.collect(repo, [revisions.end_of(None if tags else rev)], chosen)
        except git.GitError as exc:
            fail(str(exc))
    found = report.build(snapshots, base=base_snapshot, gate=gate)

    def page() -> str:  # templates load only for HTML
        from cjmap.render.history import render_history

        return render_history(found, lang)

    def write(stream: TextIO, colour: bool | None) -> None:
        if output_format is HistoryFormat.markdown:
            from cjmap.language import language
            from cjmap.reporters.history import write_markdown

            write_markdown(stream, found, colour, language(lang))
        else:
            HISTORY_REPORTER_BY_NAME[output_format.value](stream, found, colour)

    deliver_report(place, page if output_format is HistoryFormat.html else None, write, color)
    if found.failures or found.invalid_at_end:
        return EXIT_PROBLEMS
    return EXIT_OK


def command(
    paths: PathsArgument = None,
    rev: Annotated[str | None, typer.Option(
        "--rev", "-r", metavar="REV", show_default=False,
        help="The commits of A..B, or of all the history of REV (default HEAD).")] = None,
    tags: Annotated[bool, typer.Option("--tags", help="One point per tag instead of per commit.")] = False,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE", show_default=False,
        help="Only commits (or tags' commits) made since DATE (any date git understands: 2025-01-01, '3 months ago').")
    ] = None,
    output_format: Annotated[HistoryFormat, typer.Option(
        "--format", "-f", metavar=choices(HistoryFormat), help="Output format.")] = HistoryFormat.text,
    output: ReportOutputOption = None,
    fail_if_worse: Annotated[str | None, typer.Option(
        "--fail-if-worse", metavar="METRICS", show_default=False,
        help="Exit 1 when one of these metrics (comma-separated: mean,min,end,peak-end,valleys) of a map is "
             "worse at the last revision than at --base.")] = None,
    base: Annotated[str | None, typer.Option(
        "--base", metavar="REV", show_default=False,
        help="The revision --fail-if-worse compares with (e.g. origin/main).")] = None,
    color: ColorOption = None,
    exclude: ExcludeOption = None,
    lang: ReportLangOption = None,
) -> None:
    exit_with(history, paths or [], rev=rev, tags=tags, since=since, output_format=output_format, output=output,
              fail_if_worse=fail_if_worse, base=base, color=color, exclude=exclude or [], lang=lang)
