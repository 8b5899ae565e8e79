"""One map from file to rendered text: validate it, resolve its persona files and baseline, fill a template."""

from __future__ import annotations

import base64
import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cjmap import references
from cjmap.language import language as load_language
from cjmap.language import resolve
from cjmap.model import JourneyMap, Persona, Style
from cjmap.problem import Problem
from cjmap.render import links, sandbox
from cjmap.render.context import build_context, resolve_style
from cjmap.render.environment import environment
from cjmap.render.views import Link, MapContext
from cjmap.source import Source
from cjmap.validation.validator import validate_file

_BLANK_RUNS = re.compile(r"\n{3,}")
TEXT_FORMATS = ("markdown", "html", "mermaid")
BROWSER_FORMATS = ("pdf", "png")
FORMATS = TEXT_FORMATS + BROWSER_FORMATS
TEMPLATES = {"markdown": "map.md.j2", "html": "map.html.j2", "mermaid": "map.mmd.j2", "pdf": "map.html.j2",
             "png": "map.html.j2"}
EXTENSIONS = {"markdown": (".md", ".markdown"), "html": (".html", ".htm"), "mermaid": (".mmd", ".mermaid"),
              "pdf": (".pdf",), "png": (".png",)}
"""The file extensions that match each format; the first is the one cjmap gives a file it names."""
SUFFIXES = {fmt: names[0] for fmt, names in EXTENSIONS.items()}


@dataclass(frozen=True, kw_only=True)
class Loaded:
    """A valid map ready to render, with the files it points at already read."""

    name: str
    journey: JourneyMap
    personas: tuple[Persona, ...]
    pictures: tuple[str, ...]
    """The ``data:`` URI of each persona's picture ('' for none), in the order of :attr:`personas`."""
    style_defaults: Style | None
    """The ``style`` of the project configuration that covers the map (``.cjmap.yaml``, ``[tool.cjmap]``)."""
    language_default: str | None = None
    """The ``language`` of that configuration: the pages' language when the map declares none."""
    baseline: JourneyMap | None
    baseline_file: str | None
    """The baseline's real path (so a site can link to the baseline's page)."""


def _picture(persona: Persona, base_dir: Path) -> str:
    """``persona``'s picture as a ``data:`` URI, read and checked by the rules validation applied; else ''."""
    if persona.picture is None:
        return ""
    found = references.read_picture(persona.picture, base_dir)
    if isinstance(found, references.Refusal):  # validation reported it already
        return ""
    return f"data:{found.media_type};base64,{base64.b64encode(found.content).decode('ascii')}"


def _defaults(base_dir: Path) -> tuple[Style | None, str | None]:
    """The ``style`` and ``language`` of the configuration nearest to ``base_dir``; raises ConfigError for a
    broken one."""
    from cjmap.config import find_config, read_config

    found = find_config(base_dir)
    if found is None:
        return None, None
    config = read_config(found)
    return config.style, config.language


def load_map(file: str | Source) -> tuple[Loaded | None, list[Problem]]:
    """Validate one file; a valid map comes back loaded, an invalid one as its problems, a persona file as
    neither (there is nothing to render). Raises ConfigError when the project configuration is broken."""
    result = validate_file(file)
    if not result.valid or result.journey is None:
        return None, list(result.problems)
    journey = result.journey
    base_dir = references.base_dir_of(result.name)
    personas: list[Persona] = []
    pictures: list[str] = []
    for entry in journey.persona:
        if isinstance(entry, Persona):
            personas.append(entry)
            pictures.append(_picture(entry, base_dir))
        elif isinstance(target := references.locate(entry, base_dir, references.PERSONA), references.Target):
            if (persona := references.read_persona(target)) is not None:
                personas.append(persona)
                pictures.append(_picture(persona, Path(target.real).parent))
    baseline, baseline_file = None, None
    if journey.baseline is not None:
        target = references.locate(journey.baseline, base_dir, references.BASELINE)
        if isinstance(target, references.Target):
            found = validate_file(target.real)
            if found.valid and found.journey is not None:
                baseline, baseline_file = found.journey, target.real
    style, language = _defaults(base_dir)
    return Loaded(name=result.name, journey=journey, personas=tuple(personas), pictures=tuple(pictures),
                  style_defaults=style, language_default=language, baseline=baseline,
                  baseline_file=baseline_file), []


@dataclass(frozen=True, kw_only=True)
class Rendered:
    """A rendered map: its text, and what the page holds (the printed layout, the texts it shortened)."""

    text: str
    context: MapContext


def render_page(loaded: Loaded, output_format: str, *, template_dir: Path | None = None,
                index_href: str | None = None, baseline_href: str | None = None,
                today: datetime.date | None = None, paper: str | None = None,
                orientation: str | None = None, style: Style | None = None,
                zooms: Mapping[str, str] | None = None, parents: Sequence[Link] = (),
                language: str | None = None) -> Rendered:
    """``loaded`` rendered in ``output_format``: a text format, or the HTML page that Chromium turns into a
    ``pdf`` or ``png`` (the grid laid out as printed pages). ``paper`` and ``orientation`` choose the sheet
    (default: the one that fits); ``style`` overrides the map's own (``--palette``, ``--faces``), which
    overrides the project configuration's. ``language`` (``--lang``) overrides the map's ``language:``, which
    overrides the configuration's, else English.

    ``baseline_href`` links the baseline's title to its page, given only where that page is written (a
    site); an HTML page alone shows the title without a link. Markdown links to the baseline's file. So with
    ``zooms`` (step id → the href of its detailed map's page) and ``parents`` (breadcrumbs to the steps that
    zoom into this map).
    """
    if baseline_href is None and output_format == "markdown" and loaded.journey.baseline is not None:
        baseline_href = links.relative(loaded.journey.baseline)
    if zooms is None and output_format == "markdown":
        zooms = {step.id: links.relative(step.zoom) for _, step in loaded.journey.steps() if step.zoom}
    look = resolve_style(loaded.journey.style, override=style, defaults=loaded.style_defaults)
    tag = page_language(loaded, language)
    context = build_context(loaded.journey, baseline=loaded.baseline, baseline_href=baseline_href,
                            personas=loaded.personas, pictures=loaded.pictures, index_href=index_href, today=today,
                            paper=paper, orientation=orientation, paged=output_format in BROWSER_FORMATS, style=look,
                            zooms=zooms, parents=parents, language=load_language(tag))
    text = sandbox.render(environment(template_dir, tag), TEMPLATES[output_format], map=context)
    if output_format == "markdown":  # templates may be generous with blank lines; Markdown wants one
        text = _BLANK_RUNS.sub("\n\n", text).strip("\n") + "\n"
    return Rendered(text=text, context=context)


def render_map(loaded: Loaded, output_format: str, *, template_dir: Path | None = None,
               index_href: str | None = None, baseline_href: str | None = None,
               today: datetime.date | None = None, paper: str | None = None,
               orientation: str | None = None, style: Style | None = None,
               zooms: Mapping[str, str] | None = None, parents: Sequence[Link] = (),
               language: str | None = None) -> str:
    """The text of :func:`render_page`."""
    return render_page(loaded, output_format, template_dir=template_dir, index_href=index_href,
                       baseline_href=baseline_href, today=today, paper=paper, orientation=orientation,
                       style=style, zooms=zooms, parents=parents, language=language).text


def printed(rendered: Rendered, output_format: str, browser: str | None = None) -> bytes:
    """The ``pdf`` or ``png`` a local Chromium (``browser``, else the first found on PATH) makes of a page
    :func:`render_page` rendered in that format, printed into a private temporary folder; raises
    :class:`~cjmap.render.browser.BrowserError` when there is no browser or printing fails."""
    import tempfile

    from cjmap.render import browser as chromium
    from cjmap.render.grid import screenshot_size

    executable = chromium.find_browser(browser)
    try:
        with tempfile.TemporaryDirectory(prefix="cjmap-render-") as scratch:
            temporary = Path(scratch, "out." + output_format)
            if output_format == "pdf":
                chromium.print_pdf(executable, rendered.text, temporary)
            else:
                width, height = screenshot_size(rendered.context)
                chromium.screenshot(executable, rendered.text, temporary, width, height)
            return temporary.read_bytes()
    except OSError as exc:
        raise chromium.BrowserError(f"cannot print the page: {exc.strerror or exc}") from None


def page_language(loaded: Loaded, override: str | None = None) -> str:
    """The language tag of ``loaded``'s pages: ``override`` (``--lang``), else the map's ``language:``, else the
    project configuration's, else English (:data:`cjmap.language.DEFAULT`)."""
    return resolve(override, loaded.journey.language, loaded.language_default)
