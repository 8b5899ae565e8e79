"""Writing rendered files atomically: a reader (a web server, a CI artifact upload) never sees half a page."""

from __future__ import annotations

import os
import stat

from cjmap.roundtrip import replace_with


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_output(name: str, content: bytes) -> None:
    """Write ``content`` to ``name`` atomically (:func:`cjmap.roundtrip.replace_with`).

    An existing file keeps its mode; a new one gets the usual mode for new files (0666 less the umask).
    Unlike :func:`cjmap.roundtrip.write_atomic`, which guards a user's own map, nothing is fsynced: a rendered
    page can always be rendered again, and syncing every page of a site costs more than rendering it. Readers
    still never see half a file. Raises OSError.
    """
    try:
        mode = stat.S_IMODE(os.stat(name).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    replace_with(os.path.abspath(name), content, mode, sync=False)
