"""``cjmap render``: a map as Markdown, one self-contained HTML page, Mermaid, PDF or PNG; a folder as a site."""

from __future__ import annotations

import datetime
import enum
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cjmap.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    PATHS_HELP,
    ColorOption,
    ExcludeOption,
    JobsOption,
    LangOption,
    PathsArgument,
    check_language,
    check_output,
    choices,
    excluding,
    exit_with,
    fail,
    output_target,
    shown,
    warn,
    write_stdout,
    write_target,
)

if TYPE_CHECKING:
    from cjmap.problem import Problem
    from cjmap.render.pages import Loaded, Rendered
    from cjmap.render.views import Shortened

HELP = f"""Render maps for people: Markdown (with Mermaid charts), one self-contained HTML page, Mermaid,
or PDF and PNG printed by a local headless Chromium.

One map goes to stdout (text formats) or to -o FILE ('-o -' is stdout, also for pdf and png; /dev/null or a
FIFO is written into, never replaced). A folder, or several maps, becomes a site with -o DIR: one HTML page
per map and an index.html, moved into place whole. A map that does not validate is not rendered (a site
lists it on its index with its problems). Output is deterministic, so rendered files can be committed and
diffed. In Markdown, a step name too long for a Mermaid journey task box is cut with "…" in the diagram (a
warning names each; the page keeps it whole). Exit codes: 0 rendered, 1 a map is invalid, 2 usage or
environment error (missing path, no browser for pdf/png, a broken template or one that goes past its
bounds, an output that cannot be written).

The HTML page opens with the grid fitted to the window ("Full size" shows it at reading size). PDF and PNG
hold every step: the grid is fitted to the paper's width while its text stays at 7 pt or more, and otherwise
printed a page of steps at a time with the lanes and stages repeated; the paper is the smallest of A4, A3, A2,
A1 (landscape) that fits the grid, else A3 paged, unless --paper and --orientation say otherwise (they also set
the HTML page's print layout).

{PATHS_HELP}
"""


class PaperSize(str, enum.Enum):
    """Paper for ``--paper``."""

    A4 = "A4"
    A3 = "A3"
    A2 = "A2"
    A1 = "A1"
    letter = "letter"
    tabloid = "tabloid"


class Orientation(str, enum.Enum):
    """Paper orientation for ``--orientation``."""

    landscape = "landscape"
    portrait = "portrait"


class PaletteChoice(str, enum.Enum):
    """Stage colour palettes for ``--palette`` (cjmap.colours.PALETTES; a test keeps the two in step)."""

    default = "default"
    calm = "calm"
    vivid = "vivid"
    mono = "mono"


class RenderFormat(str, enum.Enum):
    """Formats for ``cjmap render``."""

    html = "html"
    markdown = "markdown"
    mermaid = "mermaid"
    pdf = "pdf"
    png = "png"


def _report(problems: Sequence[Problem], color: bool | None) -> None:
    """The located problems of invalid maps, on stderr (stdout may be carrying a rendered map)."""
    from cjmap.report import Report
    from cjmap.reporters import REPORTER_BY_NAME

    report = Report("validate", sorted({problem.file for problem in problems}))
    report.add(problems)
    REPORTER_BY_NAME["text"](sys.stderr, color).write(report)


def _browser_output(rendered: Rendered, fmt: str, browser: str | None) -> bytes:
    """The PDF or PNG Chromium makes of the page; no browser, or a failing one, stops the command."""
    from cjmap.render.browser import BrowserError
    from cjmap.render.pages import printed

    try:
        return printed(rendered, fmt, browser)
    except BrowserError as exc:
        fail(str(exc))


def _check_site(files: Sequence[str], output: str) -> None:
    """Refuse a site folder, or any page in it, that cannot be written, before anything is rendered: a map
    whose page name is too long for the file system, a link out of the project, a folder in the way."""
    from cjmap.render.site import INDEX, page_names

    if os.path.exists(output) and not os.path.isdir(output):
        fail(f"-o {shown(output)}: a site needs a folder, and this is a file")
    check_output(output, folder=True)
    for path, origin in [(os.path.join(output, INDEX), ""),
                         *((os.path.join(output, page), f" (the page of {shown(name)})")
                           for name, page in page_names(files).items())]:
        check_output(path, origin)
        if os.path.exists(path) and not os.path.isfile(path):  # a site's pages are files, moved into place
            fail(f"cannot write {shown(path)}{origin}: it is not a regular file")


def _warn_shortened(loaded: Loaded) -> None:
    """Say which step names the Markdown page's journey diagram cuts to fit Mermaid's task boxes."""
    from cjmap.render.mermaid import shortened_tasks
    from cjmap.reporters.escape import visible

    for cut in shortened_tasks(loaded.journey):
        warn(f"warning: step {cut.number} {visible(cut.step.name)!r} is shortened to {visible(cut.shown)!r} in the "
             "Mermaid journey diagram, whose task boxes clip longer names (the page names it in full)")


def _warn_own_lanes(loaded: Loaded) -> None:
    """Say once per map that a Mermaid journey has no room for the map's own lanes."""
    from cjmap.reporters.escape import visible

    if loaded.journey.lanes:
        titles = ", ".join(visible(lane.title) for lane in loaded.journey.lanes)
        warn(f"warning: {visible(loaded.name)}: the map's own lanes ({titles}) are left out of the Mermaid journey "
             "diagram, which has no place for them (HTML, Markdown, PDF and PNG show them)")


def _warn_too_large(loaded: Loaded, fmt: str) -> None:
    """Say when the journey diagram is past Mermaid's default maxTextSize, so that Mermaid would draw none."""
    from cjmap.render.mermaid import MAX_TEXT_SIZE, text_size, to_mermaid

    size = text_size(to_mermaid(loaded.journey, fit=fmt == "markdown"))
    if size > MAX_TEXT_SIZE:
        warn(f"warning: the Mermaid journey diagram is {size:,} characters long, over Mermaid's default maxTextSize "
             f"of {MAX_TEXT_SIZE:,}: Mermaid draws no diagram from it (shorten the names, split the map, or raise "
             "maxTextSize where the diagram is shown)")


def _warn_shortened_labels(shortened: Sequence[Shortened], name: str) -> None:
    """Say which of the curve's labels the page shortened, and where the whole text still is."""
    for item in shortened:
        where = {"chart": "emotion label shortened on the curve (whole text in the scores table and the "
                          "point's tooltip)"}.get(item.where, f"shortened in the {item.where}")
        warn(f"warning: {name}: step '{item.step}': {where}: '{item.text}'")


def _check_extension(target: str, fmt: str) -> None:
    from cjmap.render.pages import EXTENSIONS

    if not target.lower().endswith(EXTENSIONS[fmt]):
        warn(f"warning: -o {shown(target)}: --format {fmt} writes {EXTENSIONS[fmt][0]} content, and the name says "
             f"otherwise")


def render(paths: Sequence[str], *, output_format: RenderFormat = RenderFormat.html, output: str | None = None,
           template_dir: str | None = None, browser: str | None = None, color: bool | None = None,
           jobs: int = 0, today: datetime.date | None = None, exclude: Sequence[str] = (),
           paper: PaperSize | None = None, orientation: Orientation | None = None,
           palette: PaletteChoice | None = None, faces: bool | None = None, icons: bool | None = None,
           lang: str | None = None) -> int:
    """Render the maps under ``paths``; return the exit code. ``palette``, ``faces`` and ``icons`` override each
    map's ``style:`` when given, ``lang`` each map's ``language:``."""
    from jinja2 import TemplateError

    from cjmap import writer
    from cjmap.config import ConfigError
    from cjmap.discovery import select
    from cjmap.model import Style
    from cjmap.render.pages import SUFFIXES, load_map, render_page
    from cjmap.render.site import SiteError, build_site

    check_language(lang)
    templates = Path(template_dir) if template_dir is not None else None
    if templates is not None and not templates.is_dir():
        fail(f"--template-dir {template_dir}: not a directory")
    named = list(paths) or ["."]
    with excluding(exclude) as exclusion:
        selection = select(named, exclusion=exclusion)
    if selection.missing:
        fail("no such file or directory: " + ", ".join(selection.missing))
    fmt = output_format.value
    sheet = paper.value if paper is not None else None
    turn = orientation.value if orientation is not None else None
    style = Style(palette=palette.value if palette is not None else None, faces=faces, icons=icons)
    site = len(named) > 1 or any(os.path.isdir(name) for name in named)
    try:
        if site:
            if fmt != "html":
                fail(f"a folder or several maps render as an HTML site; --format {fmt} takes one map")
            if output is None or output == writer.STDOUT:
                fail("a folder or several maps render as a site: give the folder with -o DIR")
            try:
                _check_site(selection.files, output)
                written, problems = build_site(selection.files, Path(output), template_dir=templates,
                                               today=today, jobs=jobs, paper=sheet, orientation=turn,
                                               style=style, language=lang)
            except SiteError as exc:
                fail(str(exc))
            except OSError as exc:
                fail(f"cannot write the site {shown(output)}: {exc.strerror or exc}"
                     + (f" ({shown(str(exc.filename))})" if exc.filename else ""))
            warn(f"wrote {len(written)} pages to {shown(output)} (open {shown(os.path.join(output, 'index.html'))})")
            if problems:
                _report(problems, color)
                return EXIT_PROBLEMS
            return EXIT_OK
        loaded, problems = load_map(named[0])
        if problems:
            _report(problems, color)
            return EXIT_PROBLEMS
        if loaded is None:
            fail(f"{named[0]} is a persona file: there is no map to render")
        target = output
        if target is not None and target != writer.STDOUT and os.path.isdir(target):
            stem = Path(loaded.name).stem if loaded.name != "<stdin>" else loaded.journey.id
            target = os.path.join(target, stem + SUFFIXES[fmt])
        if target is None and fmt in ("pdf", "png"):
            fail(f"--format {fmt} writes a file: give it with -o FILE (or -o - for stdout)")
        place = output_target(target) if target is not None and target != writer.STDOUT else None
        rendered = render_page(loaded, fmt, template_dir=templates, today=today, paper=sheet, orientation=turn,
                               style=style, language=lang)
    except TemplateError as exc:
        fail(f"template error: {exc}")
    except ConfigError as exc:
        fail(str(exc))
    if place is not None and target is not None:
        _check_extension(target, fmt)
    if fmt == "markdown":
        _warn_shortened(loaded)
    elif fmt != "mermaid":  # the curve is drawn in HTML, PDF and PNG
        _warn_shortened_labels(rendered.context.shortened, loaded.name)
    if fmt == "mermaid":
        _warn_own_lanes(loaded)
    if fmt in ("markdown", "mermaid"):
        _warn_too_large(loaded, fmt)
    binary = fmt in ("pdf", "png")
    content = _browser_output(rendered, fmt, browser) if binary else rendered.text.encode("utf-8")
    if place is None:
        write_stdout(content, binary=binary)
    else:
        write_target(place, content)
        warn(f"wrote {shown(str(target))}")
    return EXIT_OK


def command(
    paths: PathsArgument = None,
    output_format: Annotated[RenderFormat, typer.Option(
        "--format", "-f", metavar=choices(RenderFormat), help="Output format.")] = RenderFormat.html,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="OUT", show_default=False,
        help="File to write (default: stdout; '-' is stdout too), or the site folder for a folder of maps.")] = None,
    template_dir: Annotated[str | None, typer.Option(
        "--template-dir", metavar="DIR", show_default=False,
        help="Folder of Jinja templates searched before the built-ins (map.html.j2, map.md.j2, map.mmd.j2, "
             "index.html.j2 and their partials); they run sandboxed, read only files inside DIR (symlinks "
             "resolved) and are bounded in time and size.")] = None,
    browser: Annotated[str | None, typer.Option(
        "--browser", metavar="PATH", show_default=False,
        help="Chromium or Chrome for pdf and png (default: the first found on PATH).")] = None,
    paper: Annotated[PaperSize | None, typer.Option(
        "--paper", metavar=choices(PaperSize), show_default=False, case_sensitive=False,
        help="Paper for pdf and png, and for printing the HTML page (default: the smallest of A4, A3, A2, A1 "
             "on which the whole grid fits readably, else A3 with the grid paged).")] = None,
    orientation: Annotated[Orientation | None, typer.Option(
        "--orientation", metavar=choices(Orientation), show_default=False,
        help="Paper orientation (default: landscape).")] = None,
    palette: Annotated[PaletteChoice | None, typer.Option(
        "--palette", metavar=choices(PaletteChoice), show_default=False,
        help="Stage colours from a named palette, each readable in light and dark mode (default: the map's "
             "style: palette, else the project configuration's; a stage's own colour: still wins).")] = None,
    faces: Annotated[bool | None, typer.Option(
        "--faces/--no-faces", show_default=False,
        help="Draw faces on the emotion curve's points (default: the map's style: faces, else the project "
             "configuration's; off).")] = None,
    icons: Annotated[bool | None, typer.Option(
        "--icons/--no-icons", show_default=False,
        help="Draw an icon beside each channel's name (default: the map's style: icons, else the project "
             "configuration's; off).")] = None,
    lang: LangOption = None,
    color: ColorOption = None,
    jobs: JobsOption = 0,
    exclude: ExcludeOption = None,
) -> None:
    exit_with(render, paths or [], output_format=output_format, output=output, template_dir=template_dir,
              browser=browser, color=color, jobs=jobs, exclude=exclude or [], paper=paper, orientation=orientation,
              palette=palette, faces=faces, icons=icons, lang=lang)
