"""The values of the public Python API (:mod:`cjmap.api`): its one settings object, YAML text as an input, and
the plain frozen results the functions return.

Light on purpose: importing this module imports no YAML, model or template machinery (the model's types are
named for type checkers only), so ``cjmap.Settings`` costs nothing at start-up.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias

from cjmap.problem import Problem, Severity

if TYPE_CHECKING:
    from cjmap.model import JourneyMap
    from cjmap.score.metrics import ScoreReport

TEXT_NAME = "<text>"
"""The name a :class:`Text` without one is reported under."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything outside the maps themselves that shapes a run, in one value passed to each function.

    ``Settings()`` reads the configuration nearest to each map (``.cjmap.yaml``, ``pyproject.toml``
    ``[tool.cjmap]``) as the command line does, uses one process and no result cache.
    """

    config: str | None = None
    """A configuration file to use for every map instead of the nearest one (``cjmap lint --config``)."""
    use_config: bool = True
    """False: read no configuration file at all (``cjmap lint --no-config``)."""
    exclude: tuple[str, ...] = ()
    """Globs (gitignore-style, relative to the working directory) of files and folders a folder search skips,
    besides the configuration's ``exclude`` (``--exclude``); a path named directly is still checked."""
    jobs: int = 1
    """Processes for many files: 1 works in this process, 0 one per core (the command line's default)."""
    cache: bool = False
    """Keep and reuse per-file validate and lint results in the result cache (the command line's default is
    on); it never changes a result."""
    cache_dir: str | None = None
    """Where the cache lives (default: ``$CJMAP_CACHE_DIR``, else ``.cjmap_cache/`` in the project root)."""
    today: datetime.date | None = None
    """The date that counts as today (lint's review age, a portfolio's overdue reviews, a page's review note);
    default: the configuration's ``today``, else the real date."""

    def __post_init__(self) -> None:
        if self.config is not None and not isinstance(self.config, (str, os.PathLike)):
            raise TypeError(f"Settings.config must be a path or None, not {type(self.config).__name__}")
        if isinstance(self.config, os.PathLike):
            object.__setattr__(self, "config", os.fspath(self.config))
        if isinstance(self.exclude, str) or not all(isinstance(glob, str) for glob in self.exclude):
            raise TypeError("Settings.exclude must be a sequence of glob strings")
        object.__setattr__(self, "exclude", tuple(self.exclude))
        if isinstance(self.jobs, bool) or not isinstance(self.jobs, int):
            raise TypeError(f"Settings.jobs must be an int, not {type(self.jobs).__name__}")
        if self.jobs < 0:
            raise ValueError(f"Settings.jobs must be 0 or more; got {self.jobs}")
        if self.today is not None and not isinstance(self.today, datetime.date):
            raise TypeError(f"Settings.today must be a datetime.date or None, not {type(self.today).__name__}")


@dataclass(frozen=True)
class Text:
    """A map (or persona file) given as YAML text instead of a path.

    ``name`` is what problems are reported under; its folder (none: the working directory) is where the map's
    relative persona and baseline references are looked up.
    """

    text: str
    name: str = TEXT_NAME

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or not isinstance(self.name, str):
            raise TypeError("Text takes the YAML as a str and a str name")


PathInput: TypeAlias = str | os.PathLike[str]
"""A file or folder (folders are searched for maps)."""
Input: TypeAlias = str | os.PathLike[str] | Text
"""A path, or YAML text."""
Inputs: TypeAlias = str | os.PathLike[str] | Text | Sequence[str | os.PathLike[str] | Text]
"""One input or several."""


class _Problems:
    """What every result with problems offers."""

    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when there is no problem at all."""
        return not self.problems

    def count(self, severity: Severity) -> int:
        """How many problems have ``severity``."""
        return sum(1 for problem in self.problems if problem.severity == severity)


@dataclass(frozen=True, kw_only=True)
class LoadResult(_Problems):
    """One file read and validated: the map when it is valid, else its problems."""

    file: str
    journey: JourneyMap | None
    """The map; None when the file is not a valid map (or is a persona file, which has no map)."""
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ValidationResult(_Problems):
    """What ``cjmap validate`` finds: the files checked and every problem, sorted by file and position."""

    files: tuple[str, ...]
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, kw_only=True)
class LintResult(_Problems):
    """What ``cjmap lint`` finds: validation problems of invalid maps and rule findings of valid ones."""

    files: tuple[str, ...]
    problems: tuple[Problem, ...] = ()

    def failed(self, fail_on: Severity = Severity.ERROR, max_warnings: int | None = None) -> bool:
        """Whether ``cjmap lint --fail-on`` / ``--max-warnings`` would exit 1 for these findings."""
        from cjmap.report import Report

        return Report("lint", list(self.files), list(self.problems)).fails(fail_on, max_warnings)


@dataclass(frozen=True, kw_only=True)
class ScoreResult(_Problems):
    """What ``cjmap score`` measures: one report per valid map (``report.metric("mean")`` …), and the problems
    of the inputs that are not valid maps."""

    reports: tuple[ScoreReport, ...] = field(default=())
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, kw_only=True)
class RenderResult(_Problems):
    """A rendered map: text (html, markdown, mermaid) or bytes (pdf, png); None when the map is not valid."""

    content: str | bytes | None
    problems: tuple[Problem, ...] = ()
