"""The public Python API: what the command line does, as functions that return values.

Each function is built on the same internals as its command (:mod:`cjmap.checking`, :mod:`cjmap.lint.engine`,
:mod:`cjmap.score`, :mod:`cjmap.diff`, :mod:`cjmap.render`, :mod:`cjmap.portfolio`), so its result is what the
command reports. Nothing is printed, nothing exits, nothing is written (but the result cache when
:attr:`Settings.cache` is on).

Inputs are paths (files, or folders searched for maps), :class:`~cjmap.api_types.Text` for YAML in memory,
and for :func:`score` and :func:`diff` a map :func:`load` returned. Errors in the input - a missing or
unreadable file, bad YAML, an invalid map - come back as problems, never as exceptions. Exceptions mean misuse
or an environment that cannot be used: ``TypeError``/``ValueError`` for a wrong argument, :class:`ConfigError`
for a configuration file (or a ``select``/``ignore`` rule) that cannot be used, :class:`BrowserError` when pdf
or png cannot be printed.

The names in ``cjmap.__all__`` are the stable API (semantic versioning from 1.0); this module's other names
are internal.
"""

from __future__ import annotations

import datetime
import errno
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from cjmap import codes
from cjmap.api_types import (
    Input,
    Inputs,
    LintResult,
    LoadResult,
    RenderResult,
    ScoreResult,
    Settings,
    Text,
    ValidationResult,
)
from cjmap.config import ConfigError
from cjmap.problem import Location, Problem
from cjmap.render.browser import BrowserError
from cjmap.report import Report
from cjmap.source import Source, unreadable

if TYPE_CHECKING:
    from cjmap.cache import Store
    from cjmap.diff.model import DiffReport
    from cjmap.discovery import ConfigChoice, Exclusion
    from cjmap.document import Document
    from cjmap.model import JourneyMap
    from cjmap.portfolio.report import Portfolio

__all__ = ["BrowserError", "ConfigError", "diff", "lint", "load", "portfolio", "render", "score", "validate"]

RENDER_FORMATS = ("html", "markdown", "mermaid", "pdf", "png")
"""What :func:`render` writes: text formats, and pdf and png printed by a local Chromium."""


def load(source: Input) -> LoadResult:
    """Read and validate one map (a path or :class:`Text`); the map is in ``journey`` when it is valid."""
    from cjmap.validation.validator import validate_file

    result = validate_file(_input(source))
    journey = result.journey if result.valid else None
    return LoadResult(file=result.name, journey=journey, problems=tuple(sorted(set(result.problems))))


def validate(sources: Inputs = ".", *, settings: Settings | None = None) -> ValidationResult:
    """Check maps against the format, as ``cjmap validate`` does: every problem of every file, sorted.

    ``sources``: paths (folders are searched for maps under ``settings.exclude`` and the configuration's
    ``exclude``) and :class:`Text` values; a path that does not exist is a V001 problem.
    """
    from cjmap import checking
    from cjmap.validation.validator import validate_file

    chosen = _settings(settings)
    paths, texts = _split(sources)
    report = Report("validate")
    if paths:
        found, missing, _ = checking.validate_paths(paths, chosen.jobs, exclusion=_exclusion(chosen),
                                                    store=_store(chosen))
        report.files += found.files
        report.add([*found.problems, *_missing(missing)])
    for text in texts:
        result = validate_file(_text_source(text))
        report.files.append(result.name)
        report.add(result.problems)
    return ValidationResult(files=tuple(report.all_files()), problems=tuple(report.sorted_problems()))


def lint(sources: Inputs = ".", *, select: str | Sequence[str] | None = None, ignore: str | Sequence[str] = (),
         settings: Settings | None = None) -> LintResult:
    """Check maps against good journey-mapping practice, as ``cjmap lint`` does: the validation problems of
    invalid maps, and the findings of the rules in force on valid ones (the configuration nearest each map,
    or ``settings.config``; ``select`` replaces its selection, ``ignore`` adds to it: codes, prefixes or names).

    Raises :class:`ConfigError` when a configuration file or a selector cannot be used. Fixes are not applied
    here: ``cjmap lint --fix`` writes them.
    """
    from cjmap.config import Config, split_selectors
    from cjmap.lint.engine import Linter, LintSettings, lint_paths
    from cjmap.validation.validator import validate_file

    chosen = _settings(settings)
    overrides = Config(source="lint(select, ignore)", today=chosen.today,
                       select=split_selectors(_words(select, "select")) if select is not None else None,
                       ignore=split_selectors(_words(ignore, "ignore")))
    lint_settings = LintSettings(config=_choice(chosen), overrides=overrides)
    paths, texts = _split(sources)
    report = Report("lint")
    if paths:
        done = lint_paths(paths, lint_settings, jobs=chosen.jobs, exclusion=_exclusion(chosen), store=_store(chosen))
        report.files += done.report.files
        report.add([*done.report.problems, *_missing(done.missing)])
    linter = Linter(lint_settings)
    for text in texts:
        source = _text_source(text)
        report.files.append(source.display)
        report.add(linter.lint(validate_file(source), source.text).problems)
    return LintResult(files=tuple(report.all_files()), problems=tuple(report.sorted_problems()))


def score(sources: Inputs | JourneyMap | Sequence[JourneyMap] = ".", *,
          settings: Settings | None = None) -> ScoreResult:
    """Measure the emotion curve of every valid map, as ``cjmap score`` does; also maps :func:`load` returned.

    The inputs that are not valid maps are left out, with their problems; persona files are skipped.
    """
    from cjmap import checking
    from cjmap.score.metrics import ScoreReport, score_map
    from cjmap.validation.validator import validate_file

    chosen = _settings(settings)
    journeys = _journeys(sources)
    paths, texts = _split(cast(Inputs, sources)) if journeys is None else ([], [])
    reports: list[ScoreReport] = []
    problems: list[Problem] = []
    if paths:
        found, invalid, missing, _ = checking.score_paths(paths, chosen.jobs, exclusion=_exclusion(chosen))
        reports += found
        problems += [*invalid, *_missing(missing)]
    for text in texts:
        result = validate_file(_text_source(text))
        if result.valid and result.journey is not None:
            reports.append(score_map(result.journey, result.name))
        problems += result.problems
    reports += [score_map(journey) for journey in journeys or ()]
    return ScoreResult(reports=tuple(reports), problems=tuple(sorted(set(problems))))


def diff(old: Input | JourneyMap, new: Input | JourneyMap) -> DiffReport:
    """What changed from ``old`` to ``new``, as ``cjmap diff OLD NEW`` reports it: stages, steps and items
    matched by id, field changes, emotion changes. A side that is not a valid map makes the one map of the
    report ``invalid``, with that side's problems (``report.invalid``); a loaded map is named ``<old>`` or
    ``<new>``."""
    from cjmap.diff.compute import diff_maps
    from cjmap.diff.model import INVALID, DiffReport, MapDiff

    before, after = _side(old, "<old>"), _side(new, "<new>")
    if before.journey is None or after.journey is None:
        return DiffReport(maps=(MapDiff(old_name=before.name, new_name=after.name, status=INVALID,
                                        problems=(*before.problems, *after.problems)),))
    return DiffReport(maps=(diff_maps(before.journey, after.journey, old_name=before.name, new_name=after.name,
                                      new_file=after.file, document=after.document),))


@dataclass(frozen=True, kw_only=True)
class _Side:
    """One side of a diff: its map (else its problems), its name, its file, the located document it came from."""

    name: str
    journey: JourneyMap | None = None
    problems: tuple[Problem, ...] = ()
    file: str | None = None
    document: Document | None = None


def _side(side: Input | JourneyMap, label: str) -> _Side:
    from cjmap.model import JourneyMap
    from cjmap.validation.validator import validate_file

    if isinstance(side, JourneyMap):
        return _Side(name=label, journey=side)
    result = validate_file(_input(side))
    if result.problems:
        return _Side(name=result.name, problems=tuple(sorted(set(result.problems))))
    if result.journey is None:
        return _Side(name=result.name, problems=(Problem.of(codes.NOT_A_MAP, result.name, Location(),
                                                            "a persona file, not a map"),))
    return _Side(name=result.name, journey=result.journey, document=result.document,
                 file=None if isinstance(side, Text) else result.name)


def render(source: Input, format: str = "html", *, settings: Settings | None = None,  # noqa: A002 - the CLI's word
           paper: str | None = None, orientation: str | None = None, template_dir: str | os.PathLike[str] | None = None,
           browser: str | None = None, language: str | None = None) -> RenderResult:
    """One map rendered, as ``cjmap render MAP --format FORMAT`` writes it: text for html, markdown and mermaid,
    bytes for pdf and png (printed by a local Chromium, ``browser`` or the first on PATH; raises
    :class:`BrowserError` when there is none). An invalid map gives no content and its problems.

    ``paper`` (A4, A3, A2, A1, letter, tabloid) and ``orientation`` (landscape, portrait) choose the sheet;
    ``template_dir`` holds templates searched before the built-in ones; ``language`` (a BCP 47 tag, ``--lang``)
    is the language of the page's words, numbers and dates (default: the map's ``language:``, else the
    configuration's, else English).
    """
    from cjmap.model import Style
    from cjmap.render.pages import load_map, printed, render_page
    from cjmap.render.paper import ORIENTATIONS, SHEETS

    chosen = _settings(settings)
    if format not in RENDER_FORMATS:
        raise ValueError(f"format must be one of {', '.join(RENDER_FORMATS)}; got {format!r}")
    if paper is not None and paper not in SHEETS:
        raise ValueError(f"paper must be one of {', '.join(SHEETS)}; got {paper!r}")
    if orientation is not None and orientation not in ORIENTATIONS:
        raise ValueError(f"orientation must be one of {', '.join(ORIENTATIONS)}; got {orientation!r}")
    if language is not None:
        from cjmap.language import tag_problem

        if (wrong := tag_problem(language)) is not None:
            raise ValueError(f"language: {wrong}")
    templates = Path(template_dir) if template_dir is not None else None
    if templates is not None and not templates.is_dir():
        raise ValueError(f"template_dir {templates} is not a folder")
    one = _input(source)
    loaded, problems = load_map(one)
    if problems:
        return RenderResult(content=None, problems=tuple(sorted(set(problems))))
    if loaded is None:
        name = one.display if isinstance(one, Source) else one
        problem = Problem.of(codes.NOT_A_MAP, name, Location(), "a persona file: there is no map to render")
        return RenderResult(content=None, problems=(problem,))
    rendered = render_page(loaded, format, template_dir=templates, today=chosen.today, paper=paper,
                           orientation=orientation, style=Style(palette=None, faces=None, icons=None),
                           language=language)
    if format in ("pdf", "png"):
        return RenderResult(content=printed(rendered, format, browser))
    return RenderResult(content=rendered.text)


def portfolio(sources: Inputs = ".", *, top: int = 10, settings: Settings | None = None) -> Portfolio:
    """Many maps read as one portfolio, as ``cjmap portfolio`` reports it: the heat grid, the worst moments and
    the ``top`` ranked pain points, coverage; the maps that are not valid are left out, with their problems
    (``portfolio.problems``)."""
    from cjmap import checking
    from cjmap.portfolio.digest import MapDigest, digest
    from cjmap.portfolio.report import build, project_frameworks
    from cjmap.validation.validator import validate_file

    chosen = _settings(settings)
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be a whole number of 1 or more; got {top!r}")
    paths, texts = _split(sources)
    digests: list[MapDigest] = []
    problems: list[Problem] = []
    if paths:
        found, invalid, missing, _ = checking.valid_maps(paths, digest, chosen.jobs, exclusion=_exclusion(chosen))
        digests += found
        problems += [*invalid, *_missing(missing)]
    for text in texts:
        result = validate_file(_text_source(text))
        if result.valid and result.journey is not None:
            digests.append(digest(result.journey, result.name))
        problems += result.problems
    return build(digests, list(dict.fromkeys(problems)), today=chosen.today or datetime.date.today(), top=top,
                 frameworks=project_frameworks([map_.file for map_ in digests]))


# Inputs and settings.

def _settings(settings: Settings | None) -> Settings:
    if settings is None:
        return Settings()
    if not isinstance(settings, Settings):
        raise TypeError(f"settings must be a cjmap.Settings, not {type(settings).__name__}")
    return settings


def _split(sources: Inputs) -> tuple[list[str], list[Text]]:
    """The paths and the texts among ``sources``, each in the order given."""
    items = [sources] if isinstance(sources, (str, os.PathLike, Text)) else sources
    if not isinstance(items, Sequence):
        raise TypeError(f"expected a path, a cjmap.Text or a sequence of them, not {type(sources).__name__}")
    paths: list[str] = []
    texts: list[Text] = []
    for item in items:
        if isinstance(item, Text):
            texts.append(item)
        elif isinstance(item, (str, os.PathLike)):
            paths.append(os.fspath(item))
        else:
            raise TypeError(f"expected a path or a cjmap.Text, not {type(item).__name__}")
    return paths, texts


def _journeys(sources: object) -> list[JourneyMap] | None:
    """The maps when ``sources`` is a loaded map or a sequence of them; None for paths and texts."""
    from cjmap.model import JourneyMap

    if isinstance(sources, JourneyMap):
        return [sources]
    if isinstance(sources, Sequence) and not isinstance(sources, str) and sources \
            and all(isinstance(item, JourneyMap) for item in sources):
        return list(sources)
    return None


def _input(source: Input) -> str | Source:
    """A path's name (read where it is used), or a text's :class:`Source`."""
    if isinstance(source, Text):
        return _text_source(source)
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    raise TypeError(f"expected a path or a cjmap.Text, not {type(source).__name__}")


def _text_source(text: Text) -> Source:
    return Source.of(text.name, text.text.encode("utf-8", "surrogateescape"))


def _words(value: str | Sequence[str], name: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Sequence) or not all(isinstance(item, str) for item in value):
        raise TypeError(f"{name} must be a str or a sequence of str")
    return list(value)


def _missing(names: Sequence[str]) -> list[Problem]:
    """A V001 problem for each named path that does not exist."""
    return [unreadable(name, FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), name)) for name in names]


def _choice(settings: Settings) -> ConfigChoice:
    from cjmap.discovery import ConfigChoice

    return ConfigChoice(file=settings.config, use=settings.use_config)


def _exclusion(settings: Settings) -> Exclusion:
    from cjmap.discovery import Exclusion

    return Exclusion(patterns=settings.exclude, config=_choice(settings))


def _store(settings: Settings) -> Store | None:
    """The result cache when the settings turn it on; one that cannot be used is a warning, and no cache."""
    from cjmap import cache

    if not settings.cache:
        return None
    store = cache.open_store(settings.cache_dir)
    if isinstance(store, str):
        warnings.warn(store, RuntimeWarning, stacklevel=3)
        return None
    return store
