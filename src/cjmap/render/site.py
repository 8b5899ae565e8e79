"""Directory mode: one page per map and an ``index.html`` listing them, all linked relatively.

Relative links only (:mod:`cjmap.render.links`), so the folder can be published anywhere (GitHub or GitLab
Pages, a CI artifact). A map that does not validate gets no page; the index lists it with its problems, so a
broken draft neither hides the others nor goes unnoticed. The site is moved into place whole
(:func:`cjmap.writer.write_folder`).
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import posixpath
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cjmap import writer
from cjmap.framework import label
from cjmap.language import N_, Language, N_plural, resolve
from cjmap.language import language as load_language
from cjmap.model import Persona, Style
from cjmap.parallel import map_files
from cjmap.portfolio.digest import MapDigest, digest
from cjmap.portfolio.report import build, project_frameworks
from cjmap.problem import Problem
from cjmap.render import links, sandbox, svg
from cjmap.render.context import CADENCE_LABELS, STATUS_LABELS, TYPE_LABELS, _overdue
from cjmap.render.environment import environment
from cjmap.render.pages import Loaded, _defaults, load_map, render_map
from cjmap.render.portfolio import PortfolioView, portfolio_view
from cjmap.render.views import Link
from cjmap.score.metrics import ScoreReport, score_map

INDEX = "index.html"


@dataclass(frozen=True, kw_only=True)
class IndexEntry:
    """One map's row in the index."""

    title: str
    page: str
    """The page's path in the site."""
    href: str
    """The link to the page from the index."""
    type: str
    type_label: str
    persona: str
    owner: str
    status: str
    reviewed: str
    review_every: str
    overdue: bool
    sparkline: str
    mean: str
    scored: str
    baseline: Link | None
    futures: tuple[Link, ...]
    lifecycle: str = ""
    """The framework stage the map is placed on (its ``lifecycle:``), when the project declares a framework."""


@dataclass(frozen=True, kw_only=True)
class InvalidEntry:
    """A map that does not validate: listed on the index with its problems instead of a page."""

    file: str
    problems: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class IndexContext:
    title: str
    summary: str
    """The line under the title: how many maps, how many do not validate, how many are overdue."""
    entries: tuple[IndexEntry, ...]
    invalid: tuple[InvalidEntry, ...]
    overdue: int
    portfolio: PortfolioView
    """The portfolio of the valid maps: the index opens with it."""


class SiteError(Exception):
    """The site cannot be built as asked (two maps would share a page); the message is for the user."""


def page_names(files: Sequence[str]) -> dict[str, str]:
    """Each map file's page, relative to the site: its path below the files' common folder, ``.html``
    instead of its extension (``maps/a.yaml`` → ``a.html``).

    Where that would give two files one page (``x.yaml`` and ``x.yml``; ``X.yaml`` and ``x.yaml``, one file
    on a case-insensitive disk), or a file the index's name (``index.yaml``), those keep their extension
    (``x.yaml.html``, ``x.yml.html``, ``index.yaml.html``). Raises :class:`SiteError` if names still collide.
    """
    if not files:
        return {}
    common = os.path.commonpath([os.path.dirname(os.path.abspath(f)) for f in files])
    relatives = {name: Path(os.path.relpath(os.path.abspath(name), common)).as_posix() for name in files}
    short = {name: posixpath.splitext(relative)[0] + ".html" for name, relative in relatives.items()}
    count = Counter(page.casefold() for page in short.values())
    pages = {name: relatives[name] + ".html" if count[page.casefold()] > 1 or page.casefold() == INDEX else page
             for name, page in short.items()}
    taken: dict[str, str] = {}
    for name, page in pages.items():
        other = taken.setdefault(page.casefold(), name)
        if other != name or page.casefold() == INDEX:
            clash = f"{other} and {name} would both" if other != name else f"{name} would"
            raise SiteError(f"{clash} become the page {page}: rename one of them")
    return pages


def _persona_name(loaded: Loaded) -> str:
    people = list(loaded.personas) or [p for p in loaded.journey.persona if isinstance(p, Persona)]
    return people[0].name if people else ""


MEAN_ON_SCALE = N_("%(mean)s on %(min)s..%(max)s")
STEPS_SCORED = N_plural("%(scored)s of %(num)s step scored", "%(scored)s of %(num)s steps scored")
INDEX_SUMMARY = (N_plural("%(num)s map", "%(num)s maps"), N_plural("%(num)s not valid", "%(num)s not valid"),
                 N_plural("%(num)s overdue for review", "%(num)s overdue for review"))


def _entry(loaded: Loaded, report: ScoreReport, page: str, baseline_page: str | None,
           today: datetime.date, words: Language) -> IndexEntry:
    """The index row of a map in the index's language (links relative to the index, which sits at the top of
    the site)."""
    journey = loaded.journey
    scale = journey.scale
    mean = report.on_scale.mean if report.on_scale else None
    every = journey.review_every or ""
    return IndexEntry(
        title=journey.title, page=page, href=links.between(INDEX, page), type=journey.type,
        type_label=words.gettext(TYPE_LABELS[journey.type]),
        persona=_persona_name(loaded), owner=journey.owner or "", status=words.gettext(STATUS_LABELS[journey.status]),
        reviewed=journey.reviewed.isoformat() if journey.reviewed else "",
        review_every=words.gettext(CADENCE_LABELS[every]) if every in CADENCE_LABELS else every,
        overdue=_overdue(journey, today),
        sparkline=svg.sparkline([p.value for p in report.points], float(scale.min), float(scale.max)),
        mean=words.gettext(MEAN_ON_SCALE) % {"mean": words.number(mean), "min": words.number(scale.min),
                                             "max": words.number(scale.max)} if mean is not None else "",
        scored=words.counted(*STEPS_SCORED, report.steps, scored=words.number(len(report.points))),
        baseline=Link(href=links.between(INDEX, baseline_page), text=loaded.baseline.title)
        if baseline_page and loaded.baseline else None,
        futures=(),
    )


def _zoomed(loaded: Loaded, name: str, by_real: dict[str, str]) -> list[tuple[str, str, str]]:
    """(step id, page, step name) of each step of ``loaded`` that zooms into a map with a page in the site."""
    from cjmap import references

    found = []
    for _, step in loaded.journey.steps():
        if step.zoom:
            target = references.locate(step.zoom, references.base_dir_of(name), references.ZOOM)
            if isinstance(target, references.Target) and (page := by_real.get(target.real)) is not None:
                found.append((step.id, page, step.name))
    return found


def _invalid(name: str, problems: Sequence[Problem]) -> InvalidEntry:
    """The index's note on a map that does not validate: its file, as given, and why."""
    return InvalidEntry(file=links.readable(name), problems=tuple(f"line {p.location.line}: {p.code} {p.message}"
                                                  for p in sorted(problems)))


@dataclass(frozen=True, kw_only=True)
class _Rendered:
    """What a worker sends back for one file: its page and index row, or its problems (neither for a
    persona file)."""

    html: str
    entry: IndexEntry | None
    digest: MapDigest | None
    baseline_page: str | None
    problems: list[Problem]
    zoomed: tuple[tuple[str, str], ...] = ()
    """The pages of the site this map's steps zoom into, with the step's name."""


def index_language(files: Sequence[str], override: str | None = None) -> str:
    """The language of a site's index and portfolio: ``override`` (``--lang``), else the ``language`` of the
    configuration nearest to the maps' common folder, else English. (The maps' own ``language:`` names the
    language of their pages only: an index lists maps in many.) Raises ConfigError for a broken configuration."""
    if override or not files:
        return resolve(override)
    common = os.path.commonpath([os.path.dirname(os.path.abspath(name)) for name in files])
    return resolve(_defaults(Path(common))[1])


def build_site(files: Sequence[str], folder: Path, *, template_dir: Path | None = None,
               today: datetime.date | None = None, jobs: int | None = None, paper: str | None = None,
               orientation: str | None = None, style: Style | None = None,
               language: str | None = None) -> tuple[list[str], list[Problem]]:
    """Render every map in ``files`` into ``folder`` with an index; the pages written and the problems of the
    maps that do not validate (listed on the index, not rendered). Persona files among ``files`` are skipped.
    Each map's page speaks its own language unless ``language`` (``--lang``) names one for all; the index and
    its portfolio speak ``language``, else the project configuration's, else English.

    The site is written into a temporary folder beside ``folder`` and moved into place at the end, so an
    error or a signal leaves the old site as it was. Raises :class:`SiteError`, TemplateError, OSError.
    """
    content, problems = site_pages(files, template_dir=template_dir, today=today, jobs=jobs, paper=paper,
                                   orientation=orientation, style=style, language=language)
    writer.write_folder(folder, content, last=INDEX)
    return [str(folder / page) for page in content], problems


def site_pages(files: Sequence[str], *, template_dir: Path | None = None, today: datetime.date | None = None,
               jobs: int | None = None, paper: str | None = None, orientation: str | None = None,
               style: Style | None = None, language: str | None = None) -> tuple[dict[str, bytes], list[Problem]]:
    """The site of the maps in ``files``, in memory: each page's path in the site (the index last) and its
    bytes, and the problems of the maps that do not validate. Each map's page speaks its own language unless
    ``language`` names one for all; the index speaks :func:`index_language`. Raises :class:`SiteError`,
    TemplateError, ConfigError."""
    day = today or datetime.date.today()
    words = load_language(index_language(files, language))
    # Page names come from the file names alone, so every page (with its links) renders in parallel.
    pages = page_names(files)
    by_real = {os.path.realpath(name): page for name, page in pages.items()}

    parents: dict[str, list[Link]] = {}  # page -> breadcrumbs, known after the first pass

    def render_one(name: str) -> _Rendered:
        loaded, problems = load_map(name)
        if loaded is None:
            return _Rendered(html="", entry=None, digest=None, baseline_page=None, problems=problems)
        page = pages[name]
        baseline_page = by_real.get(loaded.baseline_file or "")
        zoomed = _zoomed(loaded, name, by_real)
        html = render_map(loaded, "html", template_dir=template_dir, today=day,
                          index_href=links.between(page, INDEX),
                          baseline_href=links.between(page, baseline_page) if baseline_page else None,
                          paper=paper, orientation=orientation, style=style, language=language,
                          zooms={step: links.between(page, target) for step, target, _ in zoomed},
                          parents=[Link(href=links.between(page, link.href), text=link.text)
                                   for link in parents.get(page, ())])
        report = score_map(loaded.journey, name)
        return _Rendered(html=html, entry=_entry(loaded, report, page, baseline_page, day, words),
                         digest=digest(loaded.journey, name, report), baseline_page=baseline_page, problems=[],
                         zoomed=tuple((target, step_name) for _, target, step_name in zoomed))

    done = dict(zip(files, map_files(render_one, list(files), jobs)))
    # Breadcrumbs: a page that a step of another map zooms into is rendered again, now that its parents are known.
    for result in done.values():
        for target, step_name in result.zoomed:
            assert result.entry is not None
            parents.setdefault(target, []).append(Link(href=result.entry.page, text=f"{result.entry.title} › {step_name}"))
    children = [name for name in files if pages[name] in parents and done[name].entry is not None]
    done.update(zip(children, map_files(render_one, children, jobs)))
    problems = sorted({problem for result in done.values() for problem in result.problems},
                      key=lambda p: (p.file, p.location, p.code, p.message))
    invalid = tuple(_invalid(name, result.problems) for name, result in sorted(done.items()) if result.problems)
    rendered = [result for result in done.values() if result.entry is not None]
    digests = [result.digest for result in rendered if result.digest is not None]
    frameworks = project_frameworks([d.file for d in digests])
    portfolio = build(digests, problems, today=day, frameworks=frameworks)
    places = {row.file: label(row.lifecycle, frameworks) for row in portfolio.heat.rows if row.lifecycle}
    futures: dict[str, list[Link]] = {}
    for result in rendered:
        assert result.entry is not None
        if result.baseline_page is not None:
            futures.setdefault(result.baseline_page, []).append(Link(href=result.entry.href, text=result.entry.title))
    entries = sorted((dataclasses.replace(result.entry, lifecycle=places.get(name, ""), futures=tuple(sorted(
        futures.get(result.entry.page, []), key=lambda link: (link.text, link.href))))
        for name, result in done.items() if result.entry is not None),
        key=lambda entry: (entry.title.casefold(), entry.href))
    hrefs = {name: result.entry.href for name, result in done.items() if result.entry is not None}
    overdue = sum(1 for entry in entries if entry.overdue)
    summary = [words.counted(*INDEX_SUMMARY[0], len(entries))]
    summary += [words.counted(*INDEX_SUMMARY[1], len(invalid))] if invalid else []
    summary += [words.counted(*INDEX_SUMMARY[2], overdue)] if overdue else []
    index = IndexContext(title=words.gettext(N_("Journey maps")), summary=" · ".join(summary), entries=tuple(entries),
                         invalid=invalid, overdue=overdue, portfolio=portfolio_view(portfolio, hrefs, words))
    content = {result.entry.page: result.html.encode("utf-8") for result in rendered if result.entry is not None}
    content[INDEX] = sandbox.render(environment(template_dir, words.tag), "index.html.j2", site=index).encode("utf-8")
    return content, problems
