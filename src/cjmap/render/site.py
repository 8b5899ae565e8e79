"""Directory mode: one page per map and an ``index.html`` listing them, all linked relatively.

Relative links only, so the folder can be published anywhere (GitHub or GitLab Pages, a CI artifact). The
site is written only when every map validates: a half-published portfolio would hide the broken map.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cjmap.model import Persona
from cjmap.parallel import map_files
from cjmap.problem import Problem
from cjmap.render import svg
from cjmap.render.context import TYPE_LABELS, _overdue, number
from cjmap.render.environment import environment
from cjmap.render.output import write_output
from cjmap.render.pages import Loaded, load_map, render_map
from cjmap.render.views import Link
from cjmap.score.metrics import score_map

INDEX = "index.html"


@dataclass(frozen=True, kw_only=True)
class IndexEntry:
    """One map's row in the index."""

    title: str
    href: str
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


@dataclass(frozen=True, kw_only=True)
class IndexContext:
    title: str
    entries: tuple[IndexEntry, ...]
    overdue: int


def page_names(files: Sequence[str]) -> dict[str, str]:
    """Each map file's page, relative to the site: its path below the files' common folder, ``.html``."""
    if not files:
        return {}
    common = os.path.commonpath([os.path.dirname(os.path.abspath(f)) for f in files])
    pages = {}
    for name in files:
        relative = os.path.relpath(os.path.abspath(name), common)
        stem = relative[: -len(Path(relative).suffix)] if Path(relative).suffix else relative
        pages[name] = Path(stem + ".html").as_posix()
    return pages


def _href(page: str, target: str) -> str:
    """The relative link from site page ``page`` to site page ``target``."""
    return Path(os.path.relpath(target, os.path.dirname(page) or ".")).as_posix()


def _persona_name(loaded: Loaded) -> str:
    people = list(loaded.personas) or [p for p in loaded.journey.persona if isinstance(p, Persona)]
    return people[0].name if people else ""


def _entry(loaded: Loaded, page: str, baseline_page: str | None, futures: list[tuple[str, str]],
           today: datetime.date) -> IndexEntry:
    journey = loaded.journey
    report = score_map(journey)
    scale = journey.scale
    mean = report.on_scale.mean if report.on_scale else None
    return IndexEntry(
        title=journey.title, href=page, type=journey.type, type_label=TYPE_LABELS[journey.type],
        persona=_persona_name(loaded), owner=journey.owner or "", status=journey.status,
        reviewed=journey.reviewed.isoformat() if journey.reviewed else "", review_every=journey.review_every or "",
        overdue=_overdue(journey, today),
        sparkline=svg.sparkline([p.value for p in report.points], float(scale.min), float(scale.max)),
        mean=f"{number(mean)} on {number(scale.min)}..{number(scale.max)}" if mean is not None else "",
        scored=f"{len(report.points)} of {report.steps} steps scored",
        baseline=Link(href=baseline_page, text=loaded.baseline.title) if baseline_page and loaded.baseline else None,
        futures=tuple(Link(href=href, text=title) for title, href in sorted(futures)),
    )


@dataclass(frozen=True, kw_only=True)
class _Rendered:
    """What a worker sends back for one file: the loaded map and its page, or its problems."""

    loaded: Loaded | None
    html: str
    entry: IndexEntry | None
    problems: list[Problem]


def build_site(files: Sequence[str], folder: Path, *, template_dir: Path | None = None,
               today: datetime.date | None = None, jobs: int | None = None) -> tuple[list[str], list[Problem]]:
    """Render every map in ``files`` into ``folder`` with an index; the pages written, or the problems of the
    maps that do not validate (then nothing is written). Persona files among ``files`` are skipped."""
    day = today or datetime.date.today()
    # Page names come from the file names alone, so every page (with its links) renders in parallel.
    pages = page_names(files)
    by_real = {os.path.realpath(name): page for name, page in pages.items()}

    def render_one(name: str) -> _Rendered:
        loaded, problems = load_map(name)
        if loaded is None:
            return _Rendered(loaded=None, html="", entry=None, problems=problems)
        page = pages[name]
        baseline_page = by_real.get(loaded.baseline_file or "")
        html = render_map(loaded, "html", template_dir=template_dir, today=day, index_href=_href(page, INDEX),
                          baseline_href=_href(page, baseline_page) if baseline_page else None)
        return _Rendered(loaded=loaded, html=html, entry=_entry(loaded, page, baseline_page, [], day), problems=[])

    done = map_files(render_one, list(files), jobs)
    problems = [problem for result in done for problem in result.problems]
    if problems:
        return [], sorted(set(problems), key=lambda p: (p.file, p.location, p.code, p.message))
    rendered = [result for result in done if result.loaded is not None and result.entry is not None]
    futures: dict[str, list[tuple[str, str]]] = {}
    for result in rendered:
        assert result.loaded is not None and result.entry is not None
        if result.entry.baseline is not None:
            target = by_real[result.loaded.baseline_file or ""]
            futures.setdefault(target, []).append((result.entry.title, result.entry.href))
    written: list[str] = []
    entries = []
    for result in rendered:
        assert result.entry is not None
        page_file = folder / result.entry.href
        page_file.parent.mkdir(parents=True, exist_ok=True)
        write_output(str(page_file), result.html.encode("utf-8"))
        written.append(str(page_file))
        # Index links are relative to the index, which sits at the top of the site.
        entries.append(dataclasses.replace(result.entry, futures=tuple(
            Link(href=href, text=title) for title, href in sorted(futures.get(result.entry.href, [])))))
    entries.sort(key=lambda entry: (entry.title.casefold(), entry.href))
    index = IndexContext(title="Journey maps", entries=tuple(entries),
                         overdue=sum(1 for entry in entries if entry.overdue))
    html = environment(template_dir).get_template("index.html.j2").render(site=index)
    folder.mkdir(parents=True, exist_ok=True)
    write_output(str(folder / INDEX), html.encode("utf-8"))
    written.append(str(folder / INDEX))
    return written, []
