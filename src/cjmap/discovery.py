"""Which files a command works on: named files, maps found in directories, and stdin.

A folder search skips hidden folders, ``node_modules`` and ``__pycache__``, and what the ``exclude`` globs of
the configuration nearest to each folder name (see :mod:`cjmap.globs`), and what ``--exclude`` names. A path
named on the command line is always checked, even when a glob matches it (as ruff does without
``--force-exclude``): exclusion only keeps what a search finds out, so ``cjmap validate tests/invalid`` still
checks the folder a project excludes from ``cjmap validate .``.

Inside a project, a file a symbolic link leads out of it is skipped with a note when a search finds it, and
refused when read (:mod:`cjmap.paths`, :func:`cjmap.source.read_head`): ``validate .`` in a pull request's
checkout reads only the checkout.

A YAML file is a map when a top-level ``cjmap:`` key (``cjmap-persona:`` for a persona file) stands near its
start, or when its name follows the convention a team may opt into, which editors and SchemaStore can match
without reading the file: ``*.journey.yaml`` (or ``.yml``) for maps, ``*.persona.yaml`` for persona files.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from cjmap.globs import GlobError, GlobSet, child
from cjmap.paths import leaves_project
from cjmap.source import STDIN

SUFFIXES = (".yaml", ".yml")
_MARKER = re.compile(rb"^(?:\xef\xbb\xbf)?cjmap(?:-persona)?[ \t]*:", re.MULTILINE)
_MAP_MARKER = re.compile(rb"^(?:\xef\xbb\xbf)?cjmap[ \t]*:", re.MULTILINE)
_SNIFF_BYTES = 65536
MAP_NAMES = (".journey.yaml", ".journey.yml")
PERSONA_NAMES = (".persona.yaml", ".persona.yml")
"""The file-name endings that make a file a map (a persona file) whatever it holds: SchemaStore's catalogue
entries (``schemas/schemastore-catalog.json``) match the same names."""


@dataclass
class Selection:
    """The files to check, in a stable order, and the named paths that do not exist."""

    files: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class ConfigChoice:
    """Which configuration files a run reads, for its folder searches and its lint rules alike: the nearest one
    to each map (the default), one ``file`` for every map (``cjmap lint --config FILE``), or none (``use``
    false, ``--no-config``)."""

    file: str | None = None
    use: bool = True

    @property
    def nearest(self) -> bool:
        """Whether the configuration nearest to each folder applies."""
        return self.use and self.file is None

    def given(self) -> Path | None:
        """The one configuration file for every map, when there is one; raises
        :class:`~cjmap.config.ConfigError` when it does not exist."""
        if not self.use or self.file is None:
            return None
        path = Path(self.file)
        if not path.is_file():
            from cjmap.config import ConfigError

            raise ConfigError(f"{path}: no such configuration file")
        return path


@dataclass(frozen=True, kw_only=True)
class Exclusion:
    """What keeps found files out of a run, besides the built-in skips."""

    patterns: tuple[str, ...] = ()
    """``--exclude`` globs, relative to the working directory; added to the configuration's."""
    config: ConfigChoice = ConfigChoice()
    """Whose ``exclude`` applies: the nearest configuration's, the one given file's, or none."""
    on_skip: Callable[[str], None] | None = None
    """Told of every file a search leaves out because a symbolic link leads it out of the project, in a
    sentence (the command line prints it as a note)."""


def select(paths: list[str], maps_only: bool = True, exclusion: Exclusion | None = None) -> Selection:
    """Expand ``paths``: files as given, directories searched recursively for YAML files that look like maps,
    skipping what ``exclusion`` excludes (default: only the configurations' ``exclude``).

    Raises :class:`~cjmap.config.ConfigError` for a configuration (or ``--exclude`` glob) that cannot be
    used; configurations are only read when a folder is searched.
    """
    selection = Selection()
    seen: set[str] = set()
    search: _Search | None = None
    for name in paths:
        if name == STDIN:
            found = [STDIN]
        elif os.path.isdir(name):
            search = search or _Search(exclusion or Exclusion())
            found = [str(path) for path in search.walk(Path(name)) if not maps_only or looks_like_map(path)]
        elif os.path.exists(name):
            found = [name]
        else:
            selection.missing.append(name)
            continue
        for item in found:
            if item not in seen:
                seen.add(item)
                selection.files.append(item)
    return selection


@dataclass(frozen=True)
class _Place:
    """A folder of a search: the ``exclude`` in force there and the folder's path below each glob set's base."""

    config: GlobSet | None
    config_relative: str | None
    command_line_relative: str | None


class _Search:
    """Folder searches under one :class:`Exclusion`; each configuration file is read once."""

    def __init__(self, exclusion: Exclusion) -> None:
        from cjmap.config import ConfigError  # the configuration loads on the first folder search only

        self.exclusion = exclusion
        self._read: dict[Path, GlobSet | None] = {}
        try:
            self.command_line = GlobSet.of(Path.cwd(), exclusion.patterns) if exclusion.patterns else None
        except GlobError as exc:
            raise ConfigError(f"--exclude: {exc}") from None
        given = exclusion.config.given()
        self.fixed = self._exclude_of(given) if given is not None else None

    def _exclude_of(self, path: Path) -> GlobSet | None:
        from cjmap.config import read_config

        if path not in self._read:
            self._read[path] = read_config(path).exclude
        return self._read[path]

    def _start(self, root: Path) -> _Place:
        """Where a search of ``root`` starts: the configuration nearest to it, found walking up."""
        from cjmap.config import find_config

        real = root.resolve()
        config = self.fixed
        if self.exclusion.config.nearest:
            found = find_config(real)
            config = self._exclude_of(found) if found is not None else None
        return _Place(config, config.relative(real) if config is not None else None,
                      self.command_line.relative(real) if self.command_line is not None else None)

    def _excluded(self, place: _Place, name: str, is_dir: bool) -> bool:
        if place.config is not None and place.config.matches(child(place.config_relative, name), name, is_dir):
            return True
        line = self.command_line
        return line is not None and line.matches(child(place.command_line_relative, name), name, is_dir)

    def walk(self, root: Path) -> list[Path]:
        """Regular YAML files under ``root`` that nothing excludes, sorted for stable output.

        FIFOs, devices and sockets named ``*.yaml`` are skipped silently: opening a FIFO would wait for a
        writer forever. Symlinks count by what they point at; a dangling one is kept, so its error is reported,
        and one that leads out of the project is skipped with a note (``Exclusion.on_skip``). Linked folders
        are not entered.
        """
        from cjmap.config import config_in

        nested = self.exclusion.config.nearest
        places = {str(root): self._start(root)}
        found: list[Path] = []
        for directory, subdirs, files in os.walk(root):
            place = places.pop(directory)
            if nested and directory != str(root) and (local := config_in(Path(directory), files)) is not None:
                place = _Place(self._exclude_of(local), "", place.command_line_relative)  # the nearest one rules
            subdirs[:] = sorted(d for d in subdirs if not d.startswith(".") and d not in ("node_modules", "__pycache__")
                                and not self._excluded(place, d, True))
            for d in subdirs:
                places[os.path.join(directory, d)] = _Place(place.config, child(place.config_relative, d),
                                                            child(place.command_line_relative, d))
            found += [Path(directory, f) for f in sorted(files)
                      if f.endswith(SUFFIXES) and not f.startswith(".") and not self._excluded(place, f, False)
                      and _regular_or_broken(Path(directory, f)) and self._in_project(Path(directory, f))]
        return found

    def _in_project(self, path: Path) -> bool:
        """False, with a note, for a file that a symbolic link leads out of its project (:mod:`cjmap.paths`)."""
        reason = leaves_project(str(path))
        if reason is not None and self.exclusion.on_skip is not None:
            self.exclusion.on_skip(f"skipped {path}: {reason}")
        return reason is None


def _regular_or_broken(path: Path) -> bool:
    """False for what exists and is not a regular file; a path that cannot be stat'ed is kept for its error."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True


def is_map_text(content: bytes, *, personas: bool = True) -> bool:
    """True when a top-level ``cjmap:`` key (or, with ``personas``, ``cjmap-persona:``) appears near the start
    of ``content``: the test :func:`looks_like_map` makes on files, also for text read from git."""
    return (_MARKER if personas else _MAP_MARKER).search(content[:_SNIFF_BYTES]) is not None


def named_kind(name: str) -> Literal["map", "persona"] | None:
    """What a file's name says it is by the opt-in convention (``trip.journey.yaml`` a map,
    ``maya.persona.yaml`` a persona file), or None for any other name."""
    if name.endswith(MAP_NAMES):
        return "map"
    return "persona" if name.endswith(PERSONA_NAMES) else None


def looks_like_map(path: Path) -> bool:
    """True when the file's name follows the convention (:func:`named_kind`), or a top-level ``cjmap:`` or
    ``cjmap-persona:`` key appears near the start of the file."""
    from cjmap.source import read_head

    if named_kind(path.name) is not None:
        return True  # checked as what its name says: a missing marker is then reported, not passed over
    try:
        return is_map_text(read_head(str(path), _SNIFF_BYTES))
    except OSError:
        return True  # let validation report why it cannot be read
