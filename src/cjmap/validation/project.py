"""Lanes the project configuration declares for every map under it (``lanes:`` in ``.cjmap.yaml``, or in the
``[tool.cjmap]`` table of ``pyproject.toml``), found as lint finds its configuration: the nearest one, walking
up from the map's folder.

A configuration is read and checked once per process (cached by its real path and stat identity, as persona
files are, see :mod:`cjmap.references`); its lanes are checked as a map's are, and what is wrong with them is
reported in the configuration file itself, at the place to fix, on every map that uses it. Only ``lanes`` is
read here, and the lifecycle ``framework`` a map's ``lifecycle:`` must name a stage of (V040, through lint's
reading of the file, :mod:`cjmap.config`, which reports its own mistakes, exit 2).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cjmap.config import nearest_config, nearest_config_read
from cjmap.document import Document
from cjmap.framework import Framework
from cjmap.loader import LoadError, load
from cjmap.model import CustomLane, Strict
from cjmap.problem import Problem
from cjmap.validation import consistency, lanes, structure


class ProjectLanes(Strict):
    """The part of a project configuration that declares lanes (the rest is lint's)."""

    lanes: list[CustomLane] = []


@dataclass(frozen=True, kw_only=True)
class SharedLanes:
    """The lanes a configuration shares with every map under it, and what is wrong with them (in that file)."""

    source: str = ""
    lanes: tuple[CustomLane, ...] = ()
    problems: tuple[Problem, ...] = ()
    unjudged: frozenset[str] = frozenset()
    """Ids of shared lanes that are broken (reported in the configuration): a map may fill them, unjudged."""


NONE = SharedLanes()


def shared_lanes(base_dir: Path) -> SharedLanes:
    """The lanes shared with a map in ``base_dir`` (none when no configuration is found or declares any)."""
    found = nearest_config_read(os.path.abspath(base_dir))
    return NONE if found is None else _read_cached(*found)


def config_file(base_dir: Path) -> str | None:
    """The configuration file in force for maps in ``base_dir`` (its shared lanes, its style), or None."""
    return nearest_config(os.path.abspath(base_dir))


@functools.lru_cache(maxsize=64)
def _read_cached(path: str, identity: tuple[int, int, int, int]) -> SharedLanes:
    try:
        content = Path(path).read_bytes()
    except OSError:
        return NONE  # lint says why the configuration cannot be read
    document = _toml(content, path) if path.endswith(".toml") else _yaml(content, path)
    if document is None or "lanes" not in document.data:
        return NONE
    written = document.data["lanes"]
    entries = written if isinstance(written, list) else []
    problems = [consistency.located(document, finding) for finding in lanes.declaration_findings(entries)]
    try:
        ProjectLanes.model_validate({"lanes": written})
    except ValidationError as exc:
        problems += structure.problems_from(exc, document, ProjectLanes)
    # Each well-formed lane is shared even when another is broken, so one mistake does not make every map's
    # use of every shared lane an error too; the broken ones' ids are declared, their values not judged.
    good: dict[str, CustomLane] = {}
    unjudged: set[str] = set()
    for entry in entries:
        try:
            lane = CustomLane.model_validate(entry)
        except ValidationError:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                unjudged.add(entry["id"])
            continue
        good.setdefault(lane.id, lane)
    return SharedLanes(source=path, lanes=tuple(good.values()), problems=tuple(sorted(set(problems))),
                       unjudged=frozenset(unjudged - set(good)))


def _yaml(content: bytes, path: str) -> Document | None:
    try:
        document = load(content, path)
    except LoadError:
        return None  # lint reports a configuration that is no YAML mapping
    return document


def _toml(content: bytes, path: str) -> Document | None:
    """The ``[tool.cjmap]`` table as a document without places (TOML is read without them: problems point at
    the file's first line)."""
    import tomllib

    try:
        table: Any = tomllib.loads(content.decode("utf-8")).get("tool", {}).get("cjmap")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, AttributeError):
        return None
    return Document(name=path, data=table) if isinstance(table, dict) else None


def merged(own: list[CustomLane], shared: SharedLanes) -> list[CustomLane]:
    """A map's lanes: the shared ones in the configuration's order (each replaced by the map's own declaration
    of its id, if any), then the map's other lanes in its order."""
    mine = {lane.id: lane for lane in own}
    ids = {lane.id for lane in shared.lanes}
    return [mine.get(lane.id, lane) for lane in shared.lanes] + [lane for lane in own if lane.id not in ids]


def frameworks(base_dir: Path) -> tuple[Framework, ...] | None:
    """The lifecycle framework(s) the configuration in force for maps in ``base_dir`` declares (none when there
    is no configuration); ``None`` when it cannot be used: the commands that read it whole report why, exit 2."""
    found = nearest_config_read(os.path.abspath(base_dir))
    return () if found is None else _frameworks_cached(*found)


@functools.lru_cache(maxsize=64)
def _frameworks_cached(path: str, identity: tuple[int, int, int, int]) -> tuple[Framework, ...] | None:
    from cjmap.config import ConfigError, read_config

    try:
        return read_config(Path(path)).framework
    except ConfigError:
        return None


def lifecycle_problems(document: Document, base_dir: Path) -> list[Problem]:
    """A map's ``lifecycle:`` that names no stage of the project's framework (V040)."""
    from cjmap import codes
    from cjmap.framework import resolve

    written = document.data.get("lifecycle")
    if not isinstance(written, str) or not written:
        return []  # not text: the model reports it
    declared = frameworks(base_dir)
    if declared is None:
        return []  # a configuration that cannot be used is no ground to judge the map on
    found = resolve(written, declared)
    if not isinstance(found, str):
        return []
    hint = ("name a stage of the framework, or add the stage to it" if declared
            else "declare the stages under 'framework:' in the project configuration (.cjmap.yaml)")
    return [Problem.of(codes.UNKNOWN_LIFECYCLE_STAGE, document.name, document.value_location(("lifecycle",)),
                       found, path=document.pointer(("lifecycle",)), hint=hint)]


def clear_caches() -> None:
    """Forget the configurations read (tests that rewrite one within a second)."""
    nearest_config.cache_clear()
    _read_cached.cache_clear()
    _frameworks_cached.cache_clear()
