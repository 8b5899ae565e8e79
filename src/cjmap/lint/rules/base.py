"""The contract between lint rules and the lint engine.

A rule is one module in ``cjmap/rules/`` with:

- ``CODE`` (stable, e.g. ``"S001"``), ``NAME`` (readable, e.g. ``"stage-without-steps"``),
- ``SEVERITY`` (the default :class:`~cjmap.problem.Severity`),
- ``OPTIONS`` (a dict of option name -> default value; empty when the rule has none),
- optionally ``OPTION_CHOICES`` (option name -> the allowed values), so a bad value in configuration is a
  configuration error (exit 2) rather than a failing rule,
- optionally ``OPT_IN = True``: the rule runs only when a selector names it (its code, a prefix, its name),
  never through ``ALL`` or the default selection,
- ``check(context, options)``, a generator of :class:`Violation`,
- a module docstring that *is* the user documentation: what the rule checks and why, its options, and a
  failing and a passing example (YAML blocks introduced by lines ``Fails:`` and ``Passes:``).

A **project rule** (``PROJECT = True``) judges the maps of a lint run together rather than one map: its
``check`` yields nothing, ``applies(context)`` says from a :class:`ProjectContext` without maps whether the
run can hold a finding at all, and ``check_project(context, options)`` yields :class:`ProjectViolation` values, located in any of the maps or in the configuration. The engine runs it once
per configuration, after every map is linted (see :mod:`cjmap.lint.project`).

Rules are pure: they read the model and the located document and yield values; they never print.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from cjmap.document import Document, Path
from cjmap.model import JourneyMap
from cjmap.problem import Location, Severity

if TYPE_CHECKING:
    from cjmap.framework import Framework

RoundTripData = Any
"""The ruamel.yaml round-trip data (CommentedMap) of the file a fix edits."""


@dataclass(frozen=True)
class Fix:
    """A safe, mechanical change: ``apply`` edits the round-trip data in place."""

    description: str
    apply: Callable[[RoundTripData], None]


@dataclass(frozen=True)
class Violation:
    """What a rule found: a message about the value at ``path`` (a data path, as in :class:`Document`)."""

    path: Path
    message: str
    hint: str | None = None
    fix: Fix | None = None
    at_key: bool = False


@dataclass(frozen=True)
class LintContext:
    """Everything a rule may look at."""

    journey: JourneyMap
    document: Document
    today: datetime.date
    file: str = ""


@dataclass(frozen=True, kw_only=True)
class ProjectMap:
    """One map of the run, as project rules see it: its name and its located document (as written)."""

    file: str
    document: Document


@dataclass(frozen=True, kw_only=True)
class ProjectContext:
    """Everything a project rule may look at: the valid maps a configuration covers in this run."""

    maps: tuple[ProjectMap, ...]
    config_file: str | None
    """The configuration's file, ``None`` when no configuration applies."""
    frameworks: tuple[Framework, ...] = ()
    framework_at: Location | None = None
    """Where the configuration writes ``framework:``, when it does."""
    whole: bool = False
    """Whether the run searched the configuration's whole folder (a project-wide finding is then no noise)."""


@dataclass(frozen=True, kw_only=True)
class ProjectViolation:
    """What a project rule found: a message about a place in one of the maps or in the configuration."""

    file: str
    location: Location
    message: str
    pointer: str = ""
    hint: str | None = None


class RuleModule(Protocol):
    """The shape of a rule module (checked by a test over the registry)."""

    CODE: str
    NAME: str
    SEVERITY: Severity
    OPTIONS: dict[str, Any]
    __doc__: str | None
    __name__: str

    def check(self, context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]: ...


def is_opt_in(rule: RuleModule) -> bool:
    """Whether the rule runs only when a selector names it (``OPT_IN = True`` in its module)."""
    return bool(getattr(rule, "OPT_IN", False))
