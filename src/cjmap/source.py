"""Reading map files (and stdin) once: a :class:`Source` holds the name, the bytes and, on demand, the text.

Only regular files are read, and none through a symbolic link that leads out of the project the path lies in
(:mod:`cjmap.paths`): a pull request could otherwise make CI read ``/etc`` or a runner's secrets. A FIFO
named ``x.yaml`` would block ``open()`` until a writer appears, and a device could stream forever, so the
kind of file is checked with ``stat`` before opening, the file is opened non-blocking (a FIFO swapped in
after the check still cannot block), and checked again on the open descriptor. The size limit (the project's,
see :mod:`cjmap.limits`) is applied before anything is parsed.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from cjmap import codes
from cjmap.limits import limits_for
from cjmap.paths import leaves_project
from cjmap.problem import Location, Problem

STDIN = "-"
STDIN_DISPLAY = "<stdin>"


class NotAFileError(OSError):
    """The path names something other than a regular file (a FIFO, a device, a socket)."""

    def __init__(self, name: str, kind: str) -> None:
        super().__init__(errno.EINVAL, f"not a regular file: it is {kind}", name)
        self.kind = kind


class OutsideProjectError(OSError):
    """The path lies in a project and a symbolic link leads it out (see :mod:`cjmap.paths`): not read."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(errno.EPERM, reason, name)


@dataclass(frozen=True, kw_only=True)
class Source:
    """One input read once: its name as given, the name to show, and its bytes (text decoded on demand)."""

    name: str
    """As the user gave it (``-`` for stdin)."""
    display: str
    """As reports show it (``<stdin>`` for stdin)."""
    content: bytes

    @classmethod
    def of(cls, name: str, content: bytes) -> Source:
        """A source for ``content`` read from ``name`` (used for stdin and for text fixes produced)."""
        return cls(name=name, display=STDIN_DISPLAY if name in (STDIN, STDIN_DISPLAY) else name, content=content)

    @property
    def base_dir(self) -> Path:
        """The folder relative references (persona, baseline files) start from."""
        return Path.cwd() if self.name in (STDIN, STDIN_DISPLAY) else Path(self.name).parent

    @cached_property
    def text(self) -> str | None:
        """The decoded text (for suppression comments and fixes), or None when it does not decode."""
        from cjmap.loader import LoadError, decode

        try:
            return decode(self.content, self.display, limits_for(self.base_dir))
        except LoadError:
            return None


def read(name: str) -> Source:
    """Read file ``name`` (``-`` for stdin); raises OSError (NotAFileError for FIFOs, devices, sockets)."""
    return Source.of(name, read_bytes(name))


def read_bytes(name: str) -> bytes:
    """The bytes of file ``name`` (``-`` for stdin), at most one byte past the size limit in force for it, so
    size errors stay cheap.

    Raises OSError when the file cannot be read, :class:`NotAFileError` when it is not a regular file.
    """
    if name == STDIN:
        return sys.stdin.buffer.read(limits_for(Path.cwd()).file_size + 1)
    return read_head(name, limits_for(Path(name).parent).file_size + 1)


def read_head(name: str, size: int) -> bytes:
    """At most ``size`` bytes from the start of regular file ``name``; raises OSError (NotAFileError, and
    :class:`OutsideProjectError` for a symbolic link that leads out of the project, see :mod:`cjmap.paths`)."""
    if (reason := leaves_project(name)) is not None:
        raise OutsideProjectError(name, reason)
    _require_regular(os.stat(name).st_mode, name)
    # O_NONBLOCK: should a FIFO replace the file between stat and open, opening it still returns at once.
    descriptor = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb") as handle:
        _require_regular(os.fstat(descriptor).st_mode, name)
        return handle.read(size)


def _require_regular(mode: int, name: str) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
    raise NotAFileError(name, kind_of(mode))


def kind_of(mode: int) -> str:
    """What a file that is not regular is, in words."""
    for test, kind in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "a special file"


def unreadable(name: str, error: OSError) -> Problem:
    """The problem for a file that cannot be read: V004 when it is not a regular file, else V001."""
    if isinstance(error, NotAFileError):
        return Problem.of(codes.NOT_A_FILE, name, Location(), f"not a regular file: it is {error.kind}",
                          hint="cjmap reads regular files only (folders are searched, other kinds skipped)")
    return Problem.of(codes.UNREADABLE, name, Location(), f"cannot read file: {error.strerror or error}")
