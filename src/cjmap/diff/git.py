"""Reading old versions of maps through git itself: ``git rev-parse``, ``git ls-tree``, ``git cat-file``,
``git diff --name-status``.

git runs as a subprocess with an argument list (never a shell), in the folder cjmap runs in. Every failure
(git missing, not a repository, an unknown revision) becomes a :class:`GitError` whose message is for the user.
A blob's size is asked before it is read, and no more than the loader's limit is ever read of one (a 300 MB
blob costs nothing). A map version's persona and baseline files are read from its own revision
(:class:`RevisionTree`), under the same project-root rules as files in the working tree.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cjmap import codes, discovery, paths, references
from cjmap.discovery import SUFFIXES
from cjmap.loader import MAX_BYTES

HEAD_BYTES = 64 * 1024
"""What is read of a blob over the size limit: enough to tell whether it is a map (discovery reads as much)."""
MAX_LINKS = 40
"""Most symbolic links followed for one reference in a revision (Linux's limit)."""


class GitError(Exception):
    """git cannot give what was asked (not a repository, unknown revision, git missing)."""


def _git(*args: str, cwd: str | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], capture_output=True, check=False, cwd=cwd)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None


def run_git(*args: str, cwd: str | None) -> bytes:
    """What git prints for ``args``; GitError with git's own message when it fails."""
    found = _git(*args, cwd=cwd)
    if found.returncode != 0:
        message = found.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[0].removeprefix("fatal: ") if message else f"git {args[0]} failed")
    return found.stdout


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


@dataclass(frozen=True, kw_only=True)
class Entry:
    """A path in a commit's tree, as ``git ls-tree -l`` lists it."""

    mode: str
    """``100644``/``100755`` a file, ``120000`` a symbolic link, ``040000`` a folder, ``160000`` a submodule."""
    kind: str
    size: int
    """The blob's size in bytes (0 for anything but a blob)."""

    @property
    def is_file(self) -> bool:
        return self.kind == "blob" and self.mode in ("100644", "100755")

    @property
    def is_link(self) -> bool:
        return self.kind == "blob" and self.mode == "120000"


def entries(commit: str, repo_paths: Sequence[str], root: Path) -> dict[str, Entry]:
    """The entries of ``repo_paths`` (paths from the repository root) at ``commit``; absent paths are left out.

    One ``git ls-tree`` for all of them; it asks nothing of a blob but its size, and follows no link."""
    if not repo_paths:
        return {}
    found = _git("--literal-pathspecs", "ls-tree", "-z", "-l", "--full-tree", commit, "--", *repo_paths,
                 cwd=str(root))
    listed: dict[str, Entry] = {}
    if found.returncode != 0:
        return listed
    for record in found.stdout.split(b"\0"):
        head, tab, name = record.partition(b"\t")
        fields = head.split()
        if not tab or len(fields) != 4:
            continue
        mode, kind, _, size = (field.decode("ascii") for field in fields)
        listed[name.decode("utf-8", "surrogateescape")] = Entry(mode=mode, kind=kind,
                                                                size=int(size) if size.isdigit() else 0)
    return listed


def read_blob(commit: str, repo_path: str, root: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of the blob at ``repo_path`` in ``commit``: git is stopped once they are read.
    ``git cat-file blob`` is ``git show REV:PATH`` without any textconv filter."""
    with subprocess.Popen(["git", "cat-file", "blob", f"{commit}:{repo_path}"], cwd=str(root),
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as process:
        assert process.stdout is not None
        content = process.stdout.read(limit)
        process.kill()  # the rest of an over-size blob is never read (killing a finished git is harmless)
    return content


@dataclass(frozen=True, kw_only=True)
class Blob:
    """A file's version read through git: its size, and its bytes (of one over the size limit, only the head)."""

    size: int
    content: bytes

    @property
    def too_large(self) -> bool:
        return self.size > MAX_BYTES


def show(commit: str, repo_path: str, root: Path) -> Blob | None:
    """The file ``repo_path`` at ``commit``, or None when the commit has no such file. Its size is checked
    first: of a blob over the loader's limit only the first :data:`HEAD_BYTES` are read."""
    entry = entries(commit, [repo_path], root).get(repo_path)
    if entry is None or entry.kind != "blob":
        return None
    try:
        content = read_blob(commit, repo_path, root, HEAD_BYTES if entry.size > MAX_BYTES else MAX_BYTES + 1)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None
    return Blob(size=entry.size, content=content)


@dataclass(kw_only=True)
class RevisionTree:
    """Persona and baseline references of a map version, read from the revision it comes from.

    The rules of :mod:`cjmap.references`, applied to the commit's tree: no absolute path; the project root is
    the nearest folder of the revision, from the map's folder up, holding a root marker (else the repository's
    top); a path that leaves it, also through a symbolic link, is refused (V034); only regular files count.
    Messages name files as ``REV:path``.
    """

    commit: str
    label: str
    """How reports name the revision (``v1``, ``HEAD``)."""
    repo: Repository
    _entries: dict[str, Entry | None] = field(default_factory=dict)
    _roots: dict[str, str] = field(default_factory=dict)
    _personas: dict[str, references.PersonaCheck] = field(default_factory=dict)

    def locate(self, written: str, base_dir: Path, kind: str) -> references.Target | references.Refusal:
        if refusal := references.malformed(written, kind):
            return refusal
        relative = base_dir.relative_to(self.repo.root).as_posix()
        folder = "" if relative == "." else relative
        root = self._root(folder)
        shown_root = str(self.repo.root / root)
        if os.path.isabs(written) or posixpath.isabs(written):
            return references.absolute(written, kind, shown_root)
        path = posixpath.normpath(posixpath.join(folder, written.replace(os.sep, "/")))
        through_link = False
        for _ in range(MAX_LINKS):
            if not _inside(path, root):
                return references.outside(written, kind, shown_root, through_link=through_link)
            entry = self._entry(path)
            if entry is None:
                return references.not_found(written, kind, f"{self.label}:{path}")
            if not entry.is_link:
                if not entry.is_file:
                    return references.not_regular(written, kind)
                return references.Target(shown=f"{self.label}:{path}", real=path)
            link = read_blob(self.commit, path, self.repo.root, paths.MAX_PATH_BYTES).decode("utf-8",
                                                                                                  "surrogateescape")
            if posixpath.isabs(link):
                return references.outside(written, kind, shown_root, through_link=True)
            path = posixpath.normpath(posixpath.join(posixpath.dirname(path), link))
            through_link = True
        return references.Refusal(code=codes.MISSING_FILE,
                                  message=f"{kind} {written!r} goes through more than {MAX_LINKS} symbolic links")

    def inspect_persona(self, target: references.Target) -> references.PersonaCheck:
        if target.real not in self._personas:
            content = read_blob(self.commit, target.real, self.repo.root, MAX_BYTES + 1)
            self._personas[target.real] = references.check_persona(content, target.shown)
        return self._personas[target.real]

    def read(self, target: references.Target, limit: int) -> bytes:
        return read_blob(self.commit, target.real, self.repo.root, limit)

    def consulted(self) -> tuple[str, ...]:
        """The repository paths this tree has looked up so far (what a map version's references depend on)."""
        return tuple(sorted(self._entries))

    def _entry(self, path: str) -> Entry | None:
        if path not in self._entries:
            self._entries[path] = entries(self.commit, [path], self.repo.root).get(path)
        return self._entries[path]

    def _root(self, folder: str) -> str:
        """The project root of maps in ``folder`` at this revision, as a path from the repository's top."""
        if folder not in self._roots:
            parts = folder.split("/") if folder else []
            ancestors = ["/".join(parts[:end]) for end in range(len(parts), 0, -1)]
            candidates = [f"{ancestor}/{marker}" for ancestor in ancestors for marker in paths.ROOT_MARKERS]
            present = entries(self.commit, candidates, self.repo.root)
            self._roots[folder] = next((ancestor for ancestor in ancestors if any(
                f"{ancestor}/{marker}" in present for marker in paths.ROOT_MARKERS)), "")
        return self._roots[folder]


def _inside(path: str, root: str) -> bool:
    """Whether repository path ``path`` (normalised) lies in folder ``root`` ('' the repository's top)."""
    if path == ".." or path.startswith("../"):
        return False
    return not root or path == root or path.startswith(root + "/")


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
