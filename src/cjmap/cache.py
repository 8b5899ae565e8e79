"""A result cache for ``validate`` and ``lint``: a file whose bytes, settings and referenced files are unchanged
costs only their hashes on the next run.

Where: ``.cjmap_cache/`` in the project root of the current folder (the nearest folder up holding
``.cjmap.yaml``, ``.cjmap.yml``, ``pyproject.toml`` or ``.git``; else the current folder), or
``$CJMAP_CACHE_DIR``, or ``--cache-dir``. The folder holds a ``.gitignore`` (``*``) and a ``CACHEDIR.TAG``, and
one JSON entry per file result under ``entries/``.

An entry's key is the SHA-256 of cjmap's version, the command and the settings that shape its result for that
file (lint: the rules in force with their options and severities, and the date that counts as today), the
file's name and bytes, and the configuration file in force (its path and bytes: shared lanes come from it).
The files the result read on the way (persona files, their pictures, baselines; found or missing) are listed
in the entry with their hashes and checked on every read: one that changed makes the entry a miss.

An entry holds only the problems, exactly what the reporters print, so a cached run reports byte for byte what
an uncached one does. Entries are written atomically (:mod:`cjmap.writer`); a corrupted one is a miss and is
written again. Entries older than :data:`MAX_AGE_DAYS` are removed (at most once a day). Stdin is never
cached; a place that cannot be written turns the cache off for the run (the CLI says so once).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from cjmap import __version__, dependencies
from cjmap.problem import Problem
from cjmap.source import STDIN, Source

T = TypeVar("T")

FOLDER = ".cjmap_cache"
"""The cache's folder name in the project root."""
ENVIRONMENT = "CJMAP_CACHE_DIR"
"""The variable that names another cache folder."""
MAX_AGE_DAYS = 30
"""Entries written longer ago than this are removed."""
_PRUNE_EVERY = 24 * 3600
_TAG = (b"Signature: 8a477f597d28d172789f06886806bc55\n"
        b"# This file is a cache directory tag created by cjmap.\n"
        b"# For information about cache directory tags, see https://bford.info/cachedir/\n")
_ABSENT = "absent"
_NOT_REGULAR = "not a regular file"


@dataclass(frozen=True, kw_only=True)
class Store:
    """An open cache folder, checked writable."""

    folder: str

    def entry_path(self, key: str) -> str:
        return os.path.join(self.folder, "entries", key[:2], key + ".json")


@dataclass(frozen=True, kw_only=True)
class Keeping(Generic[T]):
    """How a command's per-file value is kept: the settings that shape it for a file, and its problems."""

    command: str
    shape: Callable[[str], str]
    """The settings that shape the result for the file of this name, as text (validate: none)."""
    to_problems: Callable[[T], list[Problem]]
    from_problems: Callable[[list[Problem]], T]


def default_folder() -> str:
    """``$CJMAP_CACHE_DIR``, else ``.cjmap_cache`` in the project root of the current folder."""
    from cjmap.paths import project_of

    if named := os.environ.get(ENVIRONMENT):
        return named
    root = project_of(os.path.join(os.getcwd(), "_")) or os.getcwd()
    return os.path.join(root, FOLDER)


def open_store(folder: str | None = None) -> Store | str:
    """The cache in ``folder`` (default :func:`default_folder`), created if need be; or why it cannot be used."""
    from cjmap.writer import OutputError, check

    folder = os.path.abspath(folder or default_folder())
    try:
        # The writer's rules: a folder chmod'ed read-only is left alone, by root too.
        check(folder, folder=True)
        check(os.path.join(folder, "entries"), folder=True)
        os.makedirs(os.path.join(folder, "entries"), exist_ok=True)
        for name, content in ((".gitignore", b"# Created by cjmap: the cache is never committed.\n*\n"),
                              ("CACHEDIR.TAG", _TAG)):
            if not os.path.isfile(os.path.join(folder, name)):
                _write(os.path.join(folder, name), content)
    except (OSError, ValueError, OutputError) as exc:
        return f"the cache {folder} cannot be used ({getattr(exc, 'strerror', None) or exc}); running without it"
    store = Store(folder=folder)
    _prune(store)
    return store


def clear(folder: str | None = None) -> None:
    """Remove every entry of the cache in ``folder`` (default :func:`default_folder`)."""
    import shutil

    shutil.rmtree(os.path.join(os.path.abspath(folder or default_folder()), "entries"), ignore_errors=True)


def kept(keeping: Keeping[T], store: Store, per_file: Callable[[Source], T], source: Source) -> T:
    """``per_file(source)``, or the value an unchanged earlier run kept in ``store``."""
    if source.name == STDIN:
        return per_file(source)
    key = _key(keeping, source)
    path = store.entry_path(key)
    problems = _read(path)
    if problems is not None:
        return keeping.from_problems(problems)
    with dependencies.recording() as noted:
        value = per_file(source)
    entry = {"version": __version__, "depends": {name: digest(name) for name in sorted(noted)},
             "problems": [problem.as_dict() for problem in keeping.to_problems(value)]}
    with contextlib.suppress(OSError, ValueError):  # a full disk or a vanished folder costs the entry, not the run
        os.makedirs(os.path.dirname(path), exist_ok=True)
        _write(path, json.dumps(entry, ensure_ascii=False, sort_keys=True).encode())
    return value


def _key(keeping: Keeping[T], source: Source) -> str:
    from cjmap.references import project_root
    from cjmap.validation.project import config_file

    config = config_file(source.base_dir)
    # The project root bounds where references may lead (V034), so it counts too.
    parts = [__version__, keeping.command, keeping.shape(source.name), source.display,
             project_root(source.base_dir), config or "", digest(config) if config else ""]
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode("utf-8", "surrogateescape") + b"\x00")
    hashed.update(source.content)
    return hashed.hexdigest()


def _read(path: str) -> list[Problem] | None:
    """The problems of the entry at ``path`` when it exists, is whole, and its files are unchanged."""
    try:
        with open(path, "rb") as handle:
            entry = json.loads(handle.read())
        if entry["version"] != __version__:
            return None
        if any(digest(name) != hashed for name, hashed in entry["depends"].items()):
            return None
        return [Problem.from_dict(item) for item in entry["problems"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, or corrupted: computed again and written over


_DIGESTS: dict[tuple[str, int, int, int, int], str] = {}


def digest(name: str) -> str:
    """The SHA-256 of file ``name``'s bytes (once per process per stat identity), or that it is absent."""
    try:
        found = os.stat(name)
    except (OSError, ValueError):
        return _ABSENT
    if not stat.S_ISREG(found.st_mode):
        return _NOT_REGULAR
    identity = (name, found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)
    if (known := _DIGESTS.get(identity)) is None:
        try:
            known = hashlib.sha256(Path(name).read_bytes()).hexdigest()
        except OSError:
            return _ABSENT
        _DIGESTS[identity] = known
    return known


def _write(path: str, content: bytes) -> None:
    from cjmap.writer import OutputError, write_file

    try:
        write_file(path, content)
    except OutputError as exc:
        raise OSError(str(exc)) from None


def _prune(store: Store) -> None:
    """Remove entries older than :data:`MAX_AGE_DAYS`, at most once a day (a stamp file records when)."""
    stamp = os.path.join(store.folder, "pruned")
    now = time.time()
    with contextlib.suppress(OSError):
        if now - os.stat(stamp).st_mtime < _PRUNE_EVERY:
            return
    limit = now - MAX_AGE_DAYS * 24 * 3600
    with contextlib.suppress(OSError):
        for shard in os.scandir(os.path.join(store.folder, "entries")):
            for entry in os.scandir(shard.path):
                if entry.stat().st_mtime < limit:
                    os.unlink(entry.path)
    with contextlib.suppress(OSError):
        _write(stamp, b"")
