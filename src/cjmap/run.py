"""The one loop over files every command uses: select the files, read each once, apply the command's function.

Commands differ only in ``per_file`` (validate, lint, score ...) and in how they report. The loop reads
each file into a :class:`~cjmap.source.Source` (refusing what is not a regular file), spreads the work
over every core (:mod:`cjmap.parallel`), and keeps one file's failure that file's own: an unreadable file
becomes a V001/V004 problem, an exception raised for one file an X001 problem, and the other files are
still reported. SIGTERM ends the run with :class:`~cjmap.interrupts.Terminated` (exit 143).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from cjmap import cache, codes, interrupts
from cjmap.discovery import Exclusion, select
from cjmap.parallel import map_files
from cjmap.problem import Location, Problem
from cjmap.source import STDIN, STDIN_DISPLAY, Source, read, unreadable

T = TypeVar("T")
Terminated = interrupts.Terminated


@dataclass(frozen=True, kw_only=True)
class Outcome(Generic[T]):
    """What happened to one file: ``value`` from ``per_file``, or the ``problem`` that took its place."""

    name: str
    """The name reports show (``<stdin>`` for stdin)."""
    value: T | None = None
    problem: Problem | None = None
    """Why there is no value: the file cannot be read (V001, V004) or cjmap failed on it (X001)."""
    unreadable: bool = False
    """The file could not be read: an environment error, exit code 2."""


@dataclass(kw_only=True)
class Run(Generic[T]):
    """The outcome of every selected file, in a stable order, and the named paths that do not exist."""

    outcomes: list[Outcome[T]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def unreadable(self) -> bool:
        return any(outcome.unreadable for outcome in self.outcomes)

    @property
    def names(self) -> list[str]:
        return [outcome.name for outcome in self.outcomes]

    @property
    def problems(self) -> list[Problem]:
        """The problems that replaced a value (unreadable files, internal errors)."""
        return [outcome.problem for outcome in self.outcomes if outcome.problem is not None]


def run(paths: Sequence[str], per_file: Callable[[Source], T], jobs: int | None = None,
        before: Callable[[Sequence[str]], object] | None = None, *, exclusion: Exclusion | None = None,
        keeping: cache.Keeping[T] | None = None, store: cache.Store | None = None) -> Run[T]:
    """Apply ``per_file`` to every file selected by ``paths``, on every core when that pays off.

    Folders are searched under ``exclusion`` (default: only the configurations' ``exclude``); a configuration
    that cannot be used raises :class:`~cjmap.config.ConfigError` before any file is read. ``before`` sees
    the selected files first, in this process (configuration errors raised there are the run's, not a file's;
    what it caches, the forked workers inherit). With ``keeping`` and a ``store``, values are kept in that
    result cache (see :mod:`cjmap.cache`).
    """
    selection = select(list(paths), exclusion=exclusion)
    if before is not None:
        before(selection.files)
    if keeping is not None and store is not None:
        per_file = functools.partial(cache.kept, keeping, store, per_file)
    with interrupts.handled():
        outcomes = map_files(functools.partial(_one, per_file), selection.files, jobs)
    return Run(outcomes=outcomes, missing=selection.missing)


def _one(per_file: Callable[[Source], T], name: str) -> Outcome[T]:
    """Read ``name`` and apply ``per_file``; never raises for one file's sake."""
    shown = STDIN_DISPLAY if name == STDIN else name
    try:
        source = read(name)
    except OSError as exc:
        return Outcome(name=shown, problem=unreadable(shown, exc), unreadable=True)
    try:
        return Outcome(name=shown, value=per_file(source))
    except Exception as exc:  # noqa: BLE001 - one file's failure is that file's problem, the run goes on
        if (stop := interrupts.stop_behind(exc)) is not None:
            raise stop from exc
        return Outcome(name=shown, problem=internal_error(shown, exc))


def internal_error(name: str, error: BaseException) -> Problem:
    """The X001 problem for an exception cjmap raised while working on file ``name``."""
    return Problem.of(codes.INTERNAL_ERROR, name, Location(),
                      f"cjmap failed on this file: {type(error).__name__}: {error}",
                      hint="this is a bug in cjmap; please report it with the file that caused it")
