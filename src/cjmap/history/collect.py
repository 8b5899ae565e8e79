"""The maps at each revision of a history, read through git (never checked out) and validated.

Each version of a map is validated with its persona and baseline files read from its own revision, and the
result is kept per (path, blob): an unchanged map is validated and scored once, unless a file it refers to
changed (the blob ids of the files its references looked up are part of the cache key).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cjmap import interrupts
from cjmap.diff import git
from cjmap.diff.model import CURVE_METRICS
from cjmap.discovery import SUFFIXES
from cjmap.globs import GlobError, GlobSet
from cjmap.history.blobs import BlobReader, TreeEntry, listing
from cjmap.history.report import MapVersion, Pain, Snapshot
from cjmap.history.revisions import Revision
from cjmap.loader import MAX_BYTES, LoadError, check_size
from cjmap.model import JourneyMap
from cjmap.portfolio.digest import text_key
from cjmap.problem import Problem
from cjmap.run import internal_error
from cjmap.score.metrics import score_map
from cjmap.validation.validator import validate_bytes

Chosen = Callable[[str], bool]
"""Whether a repository path is one of the files a history covers (inside the paths, not excluded)."""

_Result = MapVersion | tuple[Problem, ...] | None
"""A valid version, the problems of one that does not validate, or None for a file that is no map."""


@dataclass(kw_only=True)
class Reader:
    """Reads the maps of one repository at revision after revision, validating each blob once."""

    repo: git.Repository
    chosen: Chosen
    blobs: BlobReader
    _cache: dict[tuple[str, str], list[tuple[dict[str, str | None], _Result]]] = field(default_factory=dict)

    def snapshot(self, revision: Revision) -> Snapshot:
        """The maps at ``revision``."""
        files = listing(revision.commit, self.repo.root)
        maps: dict[str, MapVersion] = {}
        invalid: dict[str, tuple[Problem, ...]] = {}
        for path, entry in sorted(files.items()):
            if entry.mode not in ("100644", "100755") or not path.endswith(SUFFIXES) or not self.chosen(path):
                continue
            result = self._version(revision, path, entry, files)
            if isinstance(result, MapVersion):
                maps[path] = result
            elif result is not None:
                invalid[path] = result
        return Snapshot(revision=revision, maps=maps, invalid=invalid)

    def _version(self, revision: Revision, path: str, entry: TreeEntry, files: dict[str, TreeEntry]) -> _Result:
        known = self._cache.setdefault((path, entry.sha), [])
        for depends, result in known:
            if all((files[name].sha if name in files else None) == sha for name, sha in depends.items()):
                return result
        tree = git.RevisionTree(commit=revision.commit, label=revision.label, repo=self.repo)
        try:
            result = self._validate(revision, path, entry, tree)
        except git.GitError:
            raise
        except Exception as exc:  # noqa: BLE001 - one version's failure is that version's problem, the run goes on
            if (stop := interrupts.stop_behind(exc)) is not None:
                raise stop from exc
            result = (internal_error(f"{revision.label}:{path}", exc),)
        known.append(({name: files[name].sha if name in files else None for name in tree.consulted()}, result))
        return result

    def _validate(self, revision: Revision, path: str, entry: TreeEntry, tree: git.RevisionTree) -> _Result:
        name = f"{revision.label}:{path}"
        if entry.size > MAX_BYTES:
            try:
                check_size(entry.size, name)
            except LoadError as exc:
                return tuple(exc.problems)
        content = self.blobs.read(entry.sha)
        if not git.is_map_text(content):
            return None
        result = validate_bytes(content, name, (self.repo.root / path).parent, tree)
        if result.problems:
            return tuple(result.problems)
        if result.journey is None:
            return None
        return version_of(result.journey, name)


def version_of(journey: JourneyMap, name: str) -> MapVersion:
    """What the history keeps of a valid map."""
    report = score_map(journey, name)
    return MapVersion(
        title=journey.title, metrics=tuple(report.metric(metric) for metric in CURVE_METRICS),
        pains=tuple(Pain(key=f"id:{pain.id}" if pain.id else f"text:{text_key(pain.text)}", text=pain.text,
                         severity=pain.severity, step=step.name)
                    for _, step in journey.steps() for pain in step.pain_points),
        kpis_met=report.kpis.count("met"), kpis=len(report.kpis.items))


def collect(repo: git.Repository, revisions: Sequence[Revision], chosen: Chosen) -> list[Snapshot]:
    """The maps at every revision, oldest first, through one ``git cat-file --batch``."""
    with BlobReader(repo.root) as blobs:
        reader = Reader(repo=repo, chosen=chosen, blobs=blobs)
        return [reader.snapshot(revision) for revision in revisions]


def chosen_files(root: Path, repo_paths: Sequence[str], patterns: Sequence[str]) -> Chosen:
    """Paths inside any of ``repo_paths`` (all when none), never in a hidden folder or ``node_modules`` (as
    folder searches skip them), nor excluded by ``--exclude`` (relative to the working directory) or the
    ``exclude`` of the configuration in force in the working directory. Raises
    :class:`~cjmap.config.ConfigError` for a glob or configuration that cannot be used."""
    from cjmap.config import ConfigError, find_config, read_config

    prefixes = tuple(path.rstrip("/") for path in repo_paths) or ("",)
    try:
        globs = [GlobSet.of(Path.cwd(), patterns)] if patterns else []
    except GlobError as exc:
        raise ConfigError(f"--exclude: {exc}") from None
    config = find_config(Path.cwd())
    if config is not None and (configured := read_config(config).exclude) is not None:
        globs.append(configured)

    def chosen(path: str) -> bool:
        parts = path.split("/")
        if any(part.startswith(".") or part in ("node_modules", "__pycache__") for part in parts):
            return False
        if not any(under(path, prefix) for prefix in prefixes):
            return False
        return not any(found.covers(root / path) for found in globs)

    return chosen


def under(path: str, folder: str) -> bool:
    """Whether repository path ``path`` is ``folder`` or inside it (``""``: the repository's top)."""
    return not folder or path == folder or path.startswith(folder + "/")
