"""``cjmap import``: maps from other formats. ``cjmap import mermaid`` reads Mermaid journeys.

Each format is one subcommand of :data:`app` (a typer sub-app registered as ``import``): a plain function
returning an exit code, and its typer wrapper. Shared here: writing the YAML to stdout (``-o -`` too), ``-o FILE``
or ``-o DIR`` (atomic, never over an existing file without ``--force``), and reporting problems on stderr in
validate's ``file:line:col: CODE [name] message`` form.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from cjmap.cli import sheets
from cjmap.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    ColorOption,
    check_output,
    exists_already,
    exit_with,
    fail,
    output_target,
    shown,
    write_stdout,
    write_target,
)

if TYPE_CHECKING:
    from cjmap.interop.journey import Imported
    from cjmap.problem import Problem

app = typer.Typer(
    name="import",
    help="Make maps from other formats (Mermaid journeys). The map's YAML goes to stdout or -o.\n\n"
    "Exit codes: 0 imported (warnings allowed), 1 the input is malformed (nothing written), 2 usage error.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    rich_markup_mode=None,
)
HELP = app.info.help

OutputOption = Annotated[str | None, typer.Option(
    "--output", "-o", metavar="OUT", show_default=False,
    help="File to write (default: stdout; '-' is stdout too); a folder when several maps are imported (one NAME.yaml each, "
         "named from the title).")]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite files that exist.")]


def report_problems(problems: Sequence[Problem], files: Sequence[str], color: bool | None) -> None:
    """Located problems on stderr (stdout may carry the map), as ``cjmap validate`` prints them."""
    from cjmap.report import Report
    from cjmap.reporters import REPORTER_BY_NAME

    report = Report("import", list(files))
    report.add(problems)
    REPORTER_BY_NAME["text"](sys.stderr, color).write(report)


def write_maps(maps: Sequence[Imported], output: str | None, *, force: bool) -> None:
    """Write each map's YAML: one to stdout (no ``-o``, or ``-o -``) or ``output``, several into the folder
    ``output``. Every file is checked (:func:`~cjmap.cli.common.output_target`) before the first is written."""
    from cjmap.interop.emit import write_map
    from cjmap.writer import STDOUT

    texts = [write_map(imported.data, header=imported.header) for imported in maps]
    if output is None or output == STDOUT:
        if len(maps) > 1:
            fail(f"{len(maps)} maps to import: choose one with --block N, or write all with -o DIR")
        write_stdout(texts[0])
        return
    if len(maps) > 1 or os.path.isdir(output):
        if not os.path.exists(output):
            check_output(output, folder=True)  # the folder's own name and place, before it is created
            try:
                os.makedirs(output)
            except OSError as exc:
                fail(f"cannot create {shown(output)}: {exc.strerror or exc}")
        if not os.path.isdir(output):
            fail(f"-o {shown(output)}: several maps need a folder, and this is a file")
        targets = [os.path.join(output, name + ".yaml") for name in _unique_stems(maps)]
    else:
        targets = [output]
    replaced = [target for target in targets if check_output(target)]
    if replaced and not force:
        fail(exists_already(replaced))
    places = [output_target(target) for target in targets]
    for place, text in zip(places, texts):
        write_target(place, text.encode("utf-8"))


def _unique_stems(maps: Sequence[Imported]) -> list[str]:
    """File stems, ``-2``, ``-3`` added where two maps would share one."""
    taken: set[str] = set()
    stems = []
    for imported in maps:
        stem, counter = imported.stem, 2
        while stem in taken:
            stem, counter = f"{imported.stem}-{counter}", counter + 1
        taken.add(stem)
        stems.append(stem)
    return stems


def import_mermaid(file: str, *, block: int | None = None, output: str | None = None, force: bool = False,
                   color: bool | None = None) -> int:
    """Import the Mermaid journey(s) in ``file`` (``-`` is stdin); return the exit code."""
    from cjmap.interop.load import MermaidInputError, read_mermaid

    try:
        maps, problems, display = read_mermaid(file, block=block)
    except MermaidInputError as exc:
        fail(str(exc))
    if problems:
        report_problems(problems, [display], color)
    if not maps:
        return EXIT_PROBLEMS
    write_maps(maps, output, force=force)
    return EXIT_OK


def mermaid_command(
    file: Annotated[str, typer.Argument(metavar="FILE", show_default=False, hidden=True)],
    block: Annotated[int | None, typer.Option(
        "--block", metavar="N", min=1, show_default=False,
        help="Markdown: import only the Nth journey block (counted from 1).")] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    color: ColorOption = None,
) -> None:
    exit_with(import_mermaid, file, block=block, output=output, force=force, color=color)


MERMAID_HELP = """Import a Mermaid `journey` diagram as a map: a .mmd file, every journey block of a Markdown file
(one map each, or --block N) or stdin ('-').

Sections become stages, tasks steps (the task's score is the step's emotion), actors the actor catalogue.
Scores outside 1..5 keep their values on a scale that holds them (said in a warning). What a map cannot hold
is reported as a located warning (M002, M003); malformed input as file:line:col errors (M001), exit 1, and
nothing is written. An existing file is never overwritten without --force (exit 2).

FILE: a .mmd file, a Markdown file (.md) or '-' for stdin.
"""
app.command("mermaid", help=MERMAID_HELP)(mermaid_command)
# Spreadsheets (cli/sheets.py, which uses this module's writers when it runs).
app.command("csv", help=sheets.CSV_HELP)(sheets.csv_command)
app.command("xlsx", help=sheets.XLSX_HELP)(sheets.xlsx_command)
