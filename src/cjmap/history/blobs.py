"""Reading many versions of many files through git without checking anything out: one ``git ls-tree`` per
revision says which blob each path holds, and ONE ``git cat-file --batch`` process reads every blob asked of it.
A blob over the loader's size limit is never read (its size is known from the tree)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from cjmap.diff import git


@dataclass(frozen=True, kw_only=True)
class TreeEntry:
    """A file of a revision: its mode, blob id and size."""

    mode: str
    sha: str
    size: int


def listing(commit: str, root: Path) -> dict[str, TreeEntry]:
    """Every file of ``commit`` (paths from the repository's top), regular files and links alike."""
    found = git.run_git("ls-tree", "-r", "-z", "-l", "--full-tree", commit, cwd=str(root))
    files: dict[str, TreeEntry] = {}
    for record in found.split(b"\0"):
        head, tab, name = record.partition(b"\t")
        fields = head.split()
        if not tab or len(fields) != 4 or fields[1] != b"blob":
            continue
        size = fields[3].decode("ascii")
        files[name.decode("utf-8", "surrogateescape")] = TreeEntry(
            mode=fields[0].decode("ascii"), sha=fields[2].decode("ascii"), size=int(size) if size.isdigit() else 0)
    return files


class BlobReader:
    """One ``git cat-file --batch`` process, asked for one blob after another."""

    def __init__(self, root: Path) -> None:
        try:
            self._process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=str(root), stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise git.GitError(f"cannot run git: {exc.strerror or exc}") from None

    def read(self, sha: str) -> bytes:
        """The bytes of blob ``sha``; GitError when git has no such object."""
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(sha.encode("ascii") + b"\n")
            stdin.flush()
            header = stdout.readline().split()
        except OSError as exc:
            raise git.GitError(f"git cat-file stopped: {exc.strerror or exc}") from None
        if len(header) != 3 or not header[2].isdigit():
            raise git.GitError(f"git has no blob {sha}")
        content = stdout.read(int(header[2]))
        stdout.read(1)  # the newline after every object
        return content

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._process.wait()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
