"""Reading old versions of maps through git itself: ``git rev-parse``, ``git show``, ``git diff --name-status``.

git runs as a subprocess with an argument list (never a shell), in the folder cjmap runs in. Every failure
(git missing, not a repository, an unknown revision) becomes a :class:`GitError` whose message is for the user.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cjmap import discovery
from cjmap.discovery import SUFFIXES
from cjmap.loader import MAX_BYTES


class GitError(Exception):
    """git cannot give what was asked (not a repository, unknown revision, git missing)."""


def _git(*args: str, cwd: str | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], capture_output=True, check=False, cwd=cwd)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None


@dataclass(frozen=True, kw_only=True)
class Repository:
    """The repository around the current folder: its top folder and where the current folder lies in it."""

    root: Path
    prefix: str
    """The current folder relative to the root, with a trailing '/' (empty at the root)."""

    def path_of(self, path: str) -> str:
        """A path given on the command line (relative to the current folder) as git names it from the root."""
        return os.path.normpath(os.path.join(self.prefix, path)).replace(os.sep, "/")

    def shown(self, repo_path: str) -> str:
        """A repository path as the user sees it: relative to the current folder when inside it."""
        full = self.root / repo_path
        try:
            return os.path.relpath(full)
        except ValueError:
            return str(full)


def repository() -> Repository:
    """The repository cjmap runs in; GitError when it runs outside one."""
    found = _git("rev-parse", "--show-toplevel", "--show-prefix")
    if found.returncode != 0:
        raise GitError("not inside a git repository (--rev reads old versions through git)")
    lines = found.stdout.decode("utf-8", "surrogateescape").splitlines()
    return Repository(root=Path(lines[0]).resolve(), prefix=lines[1] if len(lines) > 1 else "")


def verify(revision: str) -> str:
    """The commit id that ``revision`` names; GitError for an unknown one."""
    if not revision or revision.startswith("-"):  # never let a revision be read as an option
        raise GitError(f"unknown revision {revision!r}")
    found = _git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if found.returncode != 0:
        raise GitError(f"unknown revision {revision!r}: git knows no commit by that name")
    return found.stdout.decode("ascii").strip()


def show(commit: str, repo_path: str, root: Path) -> bytes | None:
    """The bytes of ``repo_path`` at ``commit`` (at most one byte past the size limit), or None when the
    commit has no such file. ``git cat-file blob`` is ``git show REV:PATH`` without any textconv filter."""
    found = _git("cat-file", "blob", f"{commit}:{repo_path}", cwd=str(root))
    if found.returncode != 0:
        return None
    return found.stdout[: MAX_BYTES + 1]


@dataclass(frozen=True, kw_only=True)
class Changed:
    """A file that differs between two revisions (or a revision and the working tree)."""

    status: str
    """A (added), D (deleted), M (modified) or R (renamed), as ``git diff --name-status`` says."""
    old_path: str | None
    new_path: str | None


def changed_files(old: str, new: str | None, pathspecs: list[str]) -> list[Changed]:
    """The YAML files that differ from commit ``old`` to commit ``new`` (None: the working tree), renames
    followed; untracked files count as added when comparing with the working tree."""
    args = ["diff", "--name-status", "-z", "-M", "--no-ext-diff", "--end-of-options", old]
    if new is not None:
        args.append(new)
    found = _git(*args, "--", *pathspecs)  # in the current folder: pathspecs as the user wrote them
    if found.returncode != 0:
        raise GitError(found.stderr.decode("utf-8", "replace").strip() or "git diff failed")
    fields = found.stdout.decode("utf-8", "surrogateescape").split("\0")
    changed: list[Changed] = []
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index][0]
        if status in ("R", "C"):
            changed.append(Changed(status="R" if status == "R" else "A", old_path=fields[index + 1] if status == "R"
                                   else None, new_path=fields[index + 2]))
            index += 3
            continue
        path = fields[index + 1]
        if status == "A":
            changed.append(Changed(status="A", old_path=None, new_path=path))
        elif status == "D":
            changed.append(Changed(status="D", old_path=path, new_path=None))
        else:  # M, T (type change), U (unmerged): both sides exist
            changed.append(Changed(status="M", old_path=path, new_path=path))
        index += 2
    if new is None:
        others = _git("ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", *pathspecs)
        changed += [Changed(status="A", old_path=None, new_path=path)
                    for path in others.stdout.decode("utf-8", "surrogateescape").split("\0") if path]
    return sorted((item for item in changed if (item.new_path or item.old_path or "").endswith(SUFFIXES)),
                  key=lambda item: (item.new_path or item.old_path or ""))


def is_map_text(content: bytes | None) -> bool:
    """Whether a version of a file is a map: a top-level ``cjmap:`` key near the start, the test
    :func:`cjmap.discovery.looks_like_map` makes on files (persona files, ``cjmap-persona:``, are no maps)."""
    return content is not None and discovery.is_map_text(content, personas=False)


def exists(commit: str, repo_path: str, root: Path) -> bool:
    """Whether ``commit`` has a file or folder at ``repo_path`` (``.`` is the root)."""
    spec = f"{commit}:" if repo_path in (".", "") else f"{commit}:{repo_path}"
    return _git("cat-file", "-e", spec, cwd=str(root)).returncode == 0
