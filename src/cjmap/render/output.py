"""Writing rendered files atomically: a reader (a web server, a CI artifact upload) never sees half a page."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile

from cjmap import interrupts
from cjmap.roundtrip import TEMPORARY_MARK, TEMPORARY_SUFFIX


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_output(name: str, content: bytes) -> None:
    """Write ``content`` to ``name`` through a temporary file in the same folder and ``os.replace``.

    An existing file keeps its mode; a new one gets the usual mode for new files (0666 less the umask).
    Unlike :func:`cjmap.roundtrip.write_atomic`, which guards a user's own map, nothing is fsynced: a rendered
    page can always be rendered again, and syncing every page of a site costs more than rendering it. Readers
    still never see half a file. Raises OSError.
    """
    try:
        mode = stat.S_IMODE(os.stat(name).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    directory = os.path.dirname(os.path.abspath(name))
    with interrupts.held():  # created and registered as one step, so a signal cannot orphan it
        handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(name)}{TEMPORARY_MARK}{os.getpid()}-",
                                             suffix=TEMPORARY_SUFFIX, dir=directory)
        interrupts.register(temporary)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, mode)
        os.replace(temporary, name)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    finally:
        interrupts.unregister(temporary)
