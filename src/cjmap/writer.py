"""The one writer: every file cjmap writes goes through :func:`write_file` (fixed and formatted maps, rendered
pages, imported maps, exports, scaffolds and schemas), and a whole folder of files through
:func:`write_folder` (a rendered site, moved into place all or none).

Before a byte is written, :func:`target` decides where the bytes go, or refuses with the reason
(:class:`OutputError`):

- a name no file system can hold (a name over 255 bytes, a NUL) is refused, so a command can check every
  name before it writes the first file;
- a folder is refused where a file is expected, and so is a missing folder;
- a symbolic link that leads out of the project is refused, never followed (:mod:`cjmap.paths`); one that
  stays inside is written through, and stays a link;
- a file whose mode has no write bit, or in a folder whose mode has none, is refused: ``os.replace`` only
  needs the folder to be writable, and root ignores permission bits altogether, so nothing else would stop
  it;
- an existing character device or FIFO (``/dev/null``, a named pipe) is written into directly, never
  replaced by a regular file; block devices and sockets are refused.

A regular file is replaced atomically (:func:`replace_with`): the content goes to a temporary file in the same
folder, ``.NAME.cjmap-PID-XXXXXXXX.tmp``, is flushed to disk when asked (a user's own map, not a page that can
be rendered again) and moved over the target with its mode (and, when allowed, its owner) kept; a new file
gets 0666 less the umask. The temporary file is removed on any exception, on Ctrl-C and on SIGTERM (see
:mod:`cjmap.interrupts`). SIGKILL cannot be caught: a temporary file a killed run left behind is removed by
the next write to the same file, once the process named in it is gone.

``-`` (:data:`STDOUT`) is standard output; the command line writes it (``cjmap.cli.common.write_stdout``)
and never passes it here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass

from cjmap import interrupts
from cjmap.paths import leaves_project, malformed

STDOUT = "-"
"""The output name that means standard output, for every command that writes."""
TEMPORARY_MARK = ".cjmap-"
"""Temporary files are named ``.NAME.cjmap-PID-RANDOM.tmp``."""
TEMPORARY_SUFFIX = ".tmp"


class OutputError(Exception):
    """cjmap will not, or cannot, write a file; the message says why, to follow 'cannot write NAME: '."""


@dataclass(frozen=True, kw_only=True)
class Target:
    """Where the bytes for one output go, once :func:`target` has checked the name."""

    name: str
    """As the command was given it (messages show this)."""
    real: str
    """The path with symbolic links resolved: the file that is replaced or created, or the device written to."""
    exists: bool
    """Something is there already (a dangling symbolic link counts): commands without --force refuse it."""
    special: bool
    """An existing character device or FIFO: written into, never replaced."""
    mode: int
    """The mode the file keeps (an existing one's) or gets (0666 less the umask)."""
    owner: tuple[int, int] | None
    """An existing file's owner and group, kept when allowed."""


def check(name: str, *, folder: bool = False) -> bool:
    """What :func:`target` checks that does not need the folder to exist yet (a site checks every page before
    it creates a folder): the name, a link out of the project, what is in the way; with ``folder``, ``name``
    is a folder to write into. Whether writing would replace something (a file, a dangling link; writing
    into a device or FIFO replaces nothing). Raises :class:`OutputError`."""
    if folder:
        _named(name)
        if os.path.exists(name) and not os.path.isdir(name):
            raise OutputError("it is not a folder")
        _creatable(os.path.join(os.path.realpath(name), "_"))
        return False
    real, status = _existing(name)
    if status is None or stat.S_ISREG(status.st_mode):
        _creatable(real)
    return os.path.lexists(name) and (status is None or stat.S_ISREG(status.st_mode))


def _creatable(real: str) -> None:
    """Refuse a file whose folder, or the nearest one that exists (the others are created on the way), is
    read-only or is not a folder."""
    folder = os.path.dirname(real) or "."
    while not os.path.lexists(folder) and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
    if not os.path.isdir(folder):
        raise OutputError(f"{folder} is not a folder")
    if not _writable(folder, os.stat(folder), search=True):
        raise OutputError(f"the folder {folder} is read-only")


def _named(name: str) -> None:
    """Refuse a name no file system can hold, or a path that symbolic links lead out of the project."""
    if (problem := malformed(name)) is not None:
        raise OutputError(problem)
    if (problem := leaves_project(name)) is not None:
        raise OutputError(problem)


def _existing(name: str) -> tuple[str, os.stat_result | None]:
    """The real path of ``name`` and the status of the regular file there (None when there is none yet)."""
    _named(name)
    real = os.path.realpath(name)
    try:
        status = os.stat(real)
    except (FileNotFoundError, NotADirectoryError):
        return real, None
    except OSError as exc:
        raise OutputError(exc.strerror or str(exc)) from None
    if not stat.S_ISREG(status.st_mode):
        _refuse_special(real, status)
    elif not _writable(real, status):
        raise OutputError("the file is read-only")
    return real, status


def target(name: str) -> Target:
    """Check that ``name`` may be written, without writing anything; raises :class:`OutputError`."""
    real, status = _existing(name)
    if status is not None and not stat.S_ISREG(status.st_mode):
        return Target(name=name, real=real, exists=True, special=True, mode=0, owner=None)
    _creatable(real)
    if not os.path.isdir(os.path.dirname(real) or "."):
        raise OutputError(f"the folder {os.path.dirname(name) or '.'} does not exist")
    if status is None:
        return Target(name=name, real=real, exists=os.path.lexists(name), special=False, mode=0o666 & ~_umask(),
                      owner=None)
    return Target(name=name, real=real, exists=True, special=False, mode=stat.S_IMODE(status.st_mode),
                  owner=(status.st_uid, status.st_gid))


def _refuse_special(real: str, status: os.stat_result) -> None:
    """Refuse an existing node that is neither a regular file nor a device or FIFO to write into."""
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        raise OutputError("it is a folder; give a file name")
    if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        kind = "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "a special file"
        raise OutputError(f"it is {kind}; cjmap writes regular files, character devices and FIFOs only")
    if not _writable(real, status):
        raise OutputError("the file is read-only")


def _writable(path: str, status: os.stat_result, *, search: bool = False) -> bool:
    """Permission bits are read as well as ``os.access``: root may write anything, yet a file chmod'ed
    ``a-w`` says 'do not change me' to root too."""
    return bool(status.st_mode & 0o222) and os.access(path, os.W_OK | (os.X_OK if search else 0))


def write_file(name: str, content: bytes, *, sync: bool = False) -> None:
    """Check ``name`` (:func:`target`) and write ``content`` there; raises :class:`OutputError`."""
    write(target(name), content, sync=sync)


def write(place: Target, content: bytes, *, sync: bool = False) -> None:
    """Write ``content`` to a checked target: into a device or FIFO, else atomically over the file.
    ``sync`` flushes a regular file to disk before it replaces the old one. Raises :class:`OutputError`."""
    try:
        if place.special:
            _write_into(place.real, content)
            return
        folder = os.path.dirname(place.real) or "."
        remove_stale(folder, os.path.basename(place.real))
        replace_with(place.real, content, place.mode, sync=sync, owner=place.owner)
    except OSError as exc:
        where = f" in {exc.filename}" if exc.filename and os.path.isdir(exc.filename) else ""
        raise OutputError(f"{exc.strerror or exc}{where}") from None


def _write_into(real: str, content: bytes) -> None:
    """Write into a character device or FIFO as a shell's ``>`` would (a FIFO waits for its reader)."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(real, flags)
    with os.fdopen(descriptor, "wb") as stream:
        mode = os.fstat(descriptor).st_mode
        if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):  # swapped for something else since target() looked
            raise OSError(errno.EINVAL, "it is no longer a device or FIFO", real)
        stream.write(content)


def replace_with(target: str, content: bytes, mode: int, *, sync: bool, owner: tuple[int, int] | None = None) -> None:
    """Put ``content`` at path ``target`` through a temporary file in its folder and ``os.replace``: readers see
    the old file or the new one, never half of one. The temporary file is removed on any error, Ctrl-C or
    SIGTERM. ``sync`` flushes it to disk first; ``owner`` is kept when allowed to (root fixing someone's
    file). Raises OSError."""
    directory = os.path.dirname(target) or "."
    base = os.path.basename(target)
    with interrupts.held():  # created and registered as one step, so a signal cannot orphan it
        handle, temporary = tempfile.mkstemp(prefix=f".{_short(base)}{TEMPORARY_MARK}{os.getpid()}-",
                                             suffix=TEMPORARY_SUFFIX, dir=directory)
        interrupts.register(temporary)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            if sync:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if owner is not None and owner != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):
                os.chown(temporary, *owner)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    finally:
        interrupts.unregister(temporary)


def write_folder(folder: str | os.PathLike[str], content: dict[str, bytes], *, last: str | None = None) -> None:
    """Put the files ``content`` (relative path → bytes) into ``folder``, all or none (a rendered site).

    They are written into a temporary folder beside ``folder`` first. A new ``folder`` is then that folder
    renamed; into an existing one the files are moved one by one with signals held, ``last`` (the index) last,
    so Ctrl-C or SIGTERM never leaves pages without their index. Files already in ``folder`` that ``content``
    does not name stay, and a replaced file keeps its mode. The temporary folder is removed on any error,
    Ctrl-C or SIGTERM. The caller checks ``folder`` first (:func:`check` with ``folder=True``). Raises OSError.
    """
    target = os.path.abspath(folder)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    scratch: str | None = None
    try:
        with interrupts.held():  # created and named as one step: a signal delivered after it finds `scratch`
            scratch = _scratch_folder(target)
        for name, data in content.items():
            os.makedirs(os.path.dirname(os.path.join(scratch, name)), exist_ok=True)
            with open(os.path.join(scratch, name), "wb") as stream:
                stream.write(data)
        with interrupts.held():
            if not os.path.lexists(target):
                os.chmod(scratch, 0o777 & ~_umask())
                os.rename(scratch, target)
                return
            for name in sorted(content, key=lambda name: (name == last, name)):
                os.makedirs(os.path.dirname(os.path.join(target, name)), exist_ok=True)
                with contextlib.suppress(FileNotFoundError):
                    os.chmod(os.path.join(scratch, name), stat.S_IMODE(os.stat(os.path.join(target, name)).st_mode))
                os.replace(os.path.join(scratch, name), os.path.join(target, name))
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _scratch_folder(target: str) -> str:
    """A new temporary folder beside ``target`` (on its file system, so moving out of it is a rename), or
    inside an existing ``target`` when its parent is read-only (``-o .`` in a container)."""
    prefix = f".{_short(os.path.basename(target))}{TEMPORARY_MARK}site-{os.getpid()}-"
    try:
        return tempfile.mkdtemp(prefix=prefix, dir=os.path.dirname(target))
    except PermissionError:
        if not os.path.isdir(target):
            raise
        return tempfile.mkdtemp(prefix=prefix, dir=target)


def _short(base: str) -> str:
    """``base`` cut so that the temporary file's name stays within 255 bytes (a 250-byte name is valid)."""
    encoded = os.fsencode(base)
    return base if len(encoded) <= 200 else encoded[:200].decode("utf-8", "ignore")


def remove_stale(directory: str, base: str) -> list[str]:
    """Remove temporary files for ``base`` that cjmap runs killed before they finished; the ones removed.

    Only files of cjmap's own naming whose process is gone are touched, so a run writing the same file
    at this moment keeps its temporary file.
    """
    prefix = f".{_short(base)}{TEMPORARY_MARK}"
    removed: list[str] = []
    try:
        names = [entry for entry in os.listdir(directory) if entry.startswith(prefix) and entry.endswith(TEMPORARY_SUFFIX)]
    except OSError:
        return removed
    for entry in names:
        pid = entry[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(directory, entry))
                removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
