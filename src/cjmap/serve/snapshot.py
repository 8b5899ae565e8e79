"""What ``cjmap serve`` serves at one moment: every page, rendered in memory from the maps as they are on disk.

One map is served as its page at ``/``; a folder (or several paths) as the site ``cjmap render DIR -o SITE``
writes, with ``/`` its index. A map that does not validate is served as a page of its problems, located
(file:line:column, code, message), at the address its page has, so an open page shows why instead of going
stale, and is the map again after the next good save. Nothing here reads a request: the server looks a path
up in :attr:`Snapshot.pages` and serves nothing else.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError

from cjmap import dependencies
from cjmap.discovery import Exclusion, select
from cjmap.problem import Problem
from cjmap.render import links

ROOT = ""
"""The key of the page served at ``/``."""


@dataclass(frozen=True, kw_only=True)
class Request:
    """What to serve: the paths as named, and whether they make a site."""

    paths: tuple[str, ...]
    site: bool
    """A folder or several paths: the site with its index; else one map's page."""
    exclusion: Exclusion = Exclusion()
    """``--exclude`` and the configuration's ``exclude``, for the folders searched at every build."""


@dataclass(frozen=True, kw_only=True)
class ProblemLine:
    """One problem as the problems page shows it."""

    where: str
    """``file:line:column``."""
    code: str
    message: str
    hint: str


@dataclass(frozen=True, kw_only=True)
class ProblemsContext:
    """The problems page's context: one map's problems, or why nothing could be rendered."""

    title: str
    lines: tuple[ProblemLine, ...]
    failure: str
    """Why no page could be rendered at all (a broken configuration, two maps on one page), or ''."""
    index_href: str
    """The link back to the site's index, '' for a single map."""
    lang: str = "en"
    """The page's language tag (the project configuration's ``language``, as the site's index speaks) and its
    direction."""
    dir: str = "ltr"


@dataclass(frozen=True, kw_only=True)
class Snapshot:
    """Every page served, by its path in the site without the leading ``/`` (``ROOT`` for ``/``)."""

    pages: dict[str, bytes]
    problems: tuple[Problem, ...]
    failure: str = ""
    """Why the last build failed as a whole ('' when it did not)."""
    inputs: frozenset[str] = frozenset()
    """The files the maps' references led to (persona files, baselines, pictures, zoomed maps), found or not,
    and the project configuration in force: a save to one of them changes pages too."""

    def page(self, key: str) -> bytes | None:
        """The bytes of the page at ``key``, or None: only pages in the snapshot exist."""
        return self.pages.get(key)


@functools.lru_cache(maxsize=8)
def _environment(tag: str) -> Environment:
    from cjmap.language import language

    env = Environment(loader=PackageLoader("cjmap.serve", "templates"), autoescape=True, undefined=StrictUndefined,
                      keep_trailing_newline=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(language(tag).translations, newstyle=True)  # type: ignore[attr-defined]
    return env


def problems_page(context: ProblemsContext) -> bytes:
    """The page shown instead of a map that does not validate (or of every page, when nothing renders), in
    the language its context names."""
    return _environment(context.lang).get_template("problems.html.j2").render(page=context).encode("utf-8")


def _language(files: Sequence[str]) -> dict[str, str]:
    """The ``lang`` and ``dir`` of the problems pages of ``files``: the site's index's language."""
    from cjmap.language import language
    from cjmap.render.site import index_language

    words = language(index_language(files))
    return {"lang": words.tag, "dir": words.direction}


def _lines(problems: Sequence[Problem]) -> tuple[ProblemLine, ...]:
    return tuple(ProblemLine(where=f"{links.readable(p.file)}:{p.location.line}:{p.location.column}", code=p.code,
                             message=p.message, hint=p.hint or "") for p in sorted(problems))


def _single(name: str) -> Snapshot:
    from cjmap.render.pages import load_map, render_map

    loaded, problems = load_map(name)
    if problems:
        page = problems_page(ProblemsContext(title=links.readable(name), lines=_lines(problems), failure="",
                                             index_href="", **_language([name])))
        return Snapshot(pages={ROOT: page}, problems=tuple(problems))
    if loaded is None:
        return failed(f"{name} is a persona file: there is no map to show", [ROOT])
    return Snapshot(pages={ROOT: render_map(loaded, "html").encode("utf-8")}, problems=())


def _site(files: Sequence[str]) -> Snapshot:
    from cjmap.render.pages import load_map
    from cjmap.render.site import INDEX, page_names, site_pages

    # One process: the server's threads are running, and forking a threaded process is not safe.
    content, problems = site_pages(files, jobs=1)
    for name, page in page_names(files).items():
        # A map without a page did not validate: its problems (some may be in a persona file it names) are
        # read again, for this map alone. A persona file has no page and, when valid, no problems either.
        if page not in content and (found := load_map(name)[1]):
            content[page] = problems_page(ProblemsContext(
                title=links.readable(name), lines=_lines(found), failure="", index_href=links.between(page, INDEX),
                **_language(files)))
    content[ROOT] = content[INDEX]
    return Snapshot(pages=content, problems=tuple(problems))


def failed(reason: str, keys: Sequence[str]) -> Snapshot:
    """A snapshot whose every page (``keys``, and ``/``) says why nothing could be rendered."""
    page = problems_page(ProblemsContext(title="cjmap serve", lines=(), failure=reason, index_href=""))
    return Snapshot(pages=dict.fromkeys([ROOT, *keys], page), problems=(), failure=reason)


def build(request: Request, previous: Snapshot | None = None) -> Snapshot:
    """The pages of the maps found under the request's paths now, as :attr:`Request.site` says.

    Never raises for what a user can fix by saving a file: a broken configuration, a template error, a site
    whose maps collide on one page, or a map that disappeared become a page saying so, served at every address
    the previous snapshot had, so an open page shows the reason and recovers with the next good save.
    """
    from cjmap.config import ConfigError
    from cjmap.render.site import SiteError

    keys = sorted(previous.pages) if previous is not None else []
    with dependencies.recording() as noted:
        try:
            selection = select(list(request.paths), exclusion=request.exclusion)
            if selection.missing:
                built = failed(f"no such file or directory: {', '.join(selection.missing)} (moved or removed?)",
                               keys)
            elif request.site:
                built = _site(selection.files)
            else:
                built = _single(selection.files[0])
        except (ConfigError, SiteError, TemplateError) as exc:
            built = failed(str(exc), keys)
        except OSError as exc:
            built = failed(f"cannot read {exc.filename or 'a file'}: {exc.strerror or exc}", keys)
    return dataclasses.replace(built, inputs=frozenset(noted) | _configurations(request.paths))


def _configurations(paths: Sequence[str]) -> frozenset[str]:
    """The project configuration files in force for ``paths`` (their style and lanes shape the pages)."""
    from cjmap.config import ConfigError, find_config

    found = set()
    for path in paths:
        try:
            config = find_config(Path(path if os.path.isdir(path) else os.path.dirname(path) or "."))
        except (ConfigError, OSError):  # the build said why already
            continue
        if config is not None:
            found.add(str(config))
    return frozenset(found)


