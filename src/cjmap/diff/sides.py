"""What ``cjmap diff`` compares: the two sides of each map, read from files or through git, then validated.

Text from git goes through the same loader as files (same size, alias and nesting limits; a blob's size is
checked before it is read), and its persona and baseline references are read from the same revision. A map
a side of which does not validate is reported as ``invalid`` with that side's located problems, and the
other maps are still compared; anything else that prevents the comparison is a :class:`DiffError` with a
message for the user.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cjmap import codes, references
from cjmap.diff import git
from cjmap.diff.compute import diff_maps, file_renamed, map_added, map_removed
from cjmap.diff.model import INVALID, DiffReport, MapDiff
from cjmap.loader import LoadError, check_size
from cjmap.model import JourneyMap
from cjmap.problem import Location, Problem
from cjmap.source import read_bytes
from cjmap.validation.validator import FileResult, validate_bytes


class DiffError(Exception):
    """The comparison cannot be made; the message says why (exit 2)."""


@dataclass(frozen=True, kw_only=True)
class Version:
    """One side of a comparison: the bytes of a map and where they came from."""

    name: str
    """As reports show it: a file, or ``REV:path`` for a version read through git."""
    content: bytes
    base_dir: Path
    """Where its persona and baseline references resolve from (for git versions: the folder in the work tree)."""
    file: str | None = None
    """The file annotations point at (the new side's path in the repository), when there is one."""
    tree: references.Tree = references.WORKING_TREE
    """Where its references are read: the working tree, or the revision the version comes from."""
    size: int | None = None
    """The file's size when ``content`` holds only its head (a blob over the size limit is never read whole)."""


def _journey(result: FileResult, name: str) -> JourneyMap:
    if result.journey is None:
        raise DiffError(f"{name} is a persona file, not a map")
    return result.journey


def _load(version: Version) -> FileResult:
    if version.size is not None:
        try:
            check_size(version.size, version.name)
        except LoadError as exc:
            return FileResult(version.name, exc.problems)
    return validate_bytes(version.content, version.name, version.base_dir, version.tree)


def invalid(old: Version | None, new: Version | None, problems: list[Problem]) -> MapDiff:
    """A map that cannot be compared: the problems of the side (or sides) that do not validate."""
    return MapDiff(old_name=old.name if old else None, new_name=new.name if new else None,
                   new_file=new.file if new else None, status=INVALID, problems=tuple(problems))


def compare(old: Version | None, new: Version | None, *, renamed_from: str | None = None) -> MapDiff:
    """The diff of two versions of a map; either may be None (the map was added or removed). A side that
    does not validate makes the map :func:`invalid`."""
    loaded = [(version, _load(version)) for version in (old, new) if version is not None]
    problems = [problem for _, result in loaded for problem in result.problems]
    if problems:
        return invalid(old, new, problems)
    if old is None:
        assert new is not None
        return map_added(_journey(loaded[0][1], new.name), new_name=new.name, new_file=new.file)
    before = _journey(loaded[0][1], old.name)
    if new is None:
        return map_removed(before, old_name=old.name)
    result = loaded[1][1]
    after = _journey(result, new.name)
    found = diff_maps(before, after, old_name=old.name, new_name=new.name, new_file=new.file,
                      document=result.document)
    return file_renamed(found, renamed_from, new.file or new.name) if renamed_from else found


def _read(name: str) -> Version:
    try:
        content = read_bytes(name)
    except OSError as exc:
        raise DiffError(f"cannot read {name}: {exc.strerror or exc}") from None
    return Version(name=name, content=content, base_dir=references.base_dir_of(name), file=name)


def diff_files(old: str, new: str) -> DiffReport:
    """Two map files, old then new."""
    for name in (old, new):
        if name != "-" and not os.path.exists(name):
            raise DiffError(f"no such file or directory: {name}")
        if os.path.isdir(name):
            raise DiffError(f"{name} is a folder: compare folders between revisions with --rev")
    return DiffReport(maps=(compare(_read(old), _read(new)),))


def diff_baseline(name: str) -> DiffReport:
    """A future-state map against the baseline it names (both working-tree files)."""
    new = _read(name)
    result = _load(new)
    if result.problems:
        return DiffReport(maps=(invalid(None, new, result.problems),))
    journey = _journey(result, name)
    if journey.baseline is None:
        raise DiffError(f"{name} names no baseline: add `baseline: path/to/current.yaml`, or give both files")
    found = references.locate(journey.baseline, new.base_dir, references.BASELINE)
    if not isinstance(found, references.Target):  # validation reported it; only a file changed since says so
        problem = Problem.of(codes.MISSING_FILE, name, Location(), f"baseline {journey.baseline!r} cannot be read")
        return DiffReport(maps=(invalid(None, new, [problem]),))
    return DiffReport(maps=(compare(_read(found.shown), new),))


def diff_revisions(spec: str, paths: list[str]) -> DiffReport:
    """Maps changed between two revisions (``A..B``), or between a revision and the working tree (``A``)."""
    try:
        repo = git.repository()
        old_rev, _, new_rev = spec.partition("..")
        old_commit = git.verify(old_rev or "HEAD")
        new_commit = git.verify(new_rev) if new_rev else None
        for path in paths:
            in_repo = repo.path_of(path)
            if in_repo.startswith("../") or in_repo == "..":
                raise DiffError(f"{path} lies outside the repository at {repo.root}")
            if not (new_commit is None and os.path.exists(path)) and not git.exists(old_commit, in_repo, repo.root) \
                    and not (new_commit and git.exists(new_commit, in_repo, repo.root)):
                raise DiffError(f"no such file or directory: {path} (neither in the working tree nor at {spec})")
        changed = git.changed_files(old_commit, new_commit, paths)
    except git.GitError as exc:
        raise DiffError(str(exc)) from None
    old_tree = git.RevisionTree(commit=old_commit, label=old_rev or "HEAD", repo=repo)
    new_tree = git.RevisionTree(commit=new_commit, label=new_rev, repo=repo) if new_commit else None
    maps: list[MapDiff] = []
    for item in changed:
        old = _git_version(old_tree, item.old_path) if item.old_path else None
        if item.new_path is None:
            new = None
        elif new_tree is None:
            new = _working_version(item.new_path, repo)
        else:
            new = _git_version(new_tree, item.new_path)
        if (old is None or not git.is_map_text(old.content)) and (new is None or not git.is_map_text(new.content)):
            continue  # neither side is a map: some other YAML file
        old = old if old is not None and git.is_map_text(old.content) else None
        new = new if new is not None and git.is_map_text(new.content) else None
        renamed = item.old_path if item.status == "R" and old is not None and new is not None else None
        maps.append(compare(old, new, renamed_from=renamed))
    return DiffReport(maps=tuple(maps))


def _git_version(tree: git.RevisionTree, repo_path: str) -> Version | None:
    try:
        blob = git.show(tree.commit, repo_path, tree.repo.root)
    except git.GitError as exc:
        raise DiffError(str(exc)) from None
    if blob is None:
        return None
    return Version(name=f"{tree.label}:{repo_path}", content=blob.content, base_dir=(tree.repo.root / repo_path).parent,
                   file=repo_path, tree=tree, size=blob.size if blob.too_large else None)


def _working_version(repo_path: str, repo: git.Repository) -> Version | None:
    full = repo.root / repo_path
    try:
        content = read_bytes(str(full))
    except OSError:
        return None
    return Version(name=repo.shown(repo_path), content=content, base_dir=full.parent, file=repo_path)
