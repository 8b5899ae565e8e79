"""What cjmap accepts as a path: names a file system can hold, and the project a symbolic link may not leave.

The **project** of a path is the nearest folder, from the path's own folder upwards, that holds
``.cjmap.yaml``, ``.cjmap.yml``, ``pyproject.toml`` or ``.git``; the folders are walked as written
(``docs/site`` below ``/repo``, even when ``docs/site`` is a symbolic link to somewhere else). Inside a project
cjmap neither reads a map nor writes a file through a symbolic link that leads out of it: a pull request can
commit ``docs/site -> /home/runner/.ssh`` or ``maps/x.yaml -> /etc/passwd``. A path the user typed that is
itself outside every project (``-o /tmp/out.html``, ``-o /dev/null``) is the user's choice and allowed.

References inside maps follow the stricter rule of :mod:`cjmap.references` (relative, inside the root of the
map's project or, without one, the map's own folder); they share :data:`ROOT_MARKERS` with this module.
"""

from __future__ import annotations

import os

ROOT_MARKERS = (".cjmap.yaml", ".cjmap.yml", "pyproject.toml", ".git")
"""A folder holding one of these is a project root."""
MAX_NAME_BYTES = 255
"""Longest file name (one path component) common file systems accept."""
MAX_PATH_BYTES = 4096
"""Longest path Linux accepts (PATH_MAX)."""


def malformed(path: str) -> str | None:
    """Why no file system can hold ``path`` (a NUL, a name over 255 bytes, a path over 4,096), or None."""
    if "\x00" in path:
        return "a path cannot hold a NUL character"
    try:
        encoded = os.fsencode(path)
    except UnicodeError:
        return "it holds characters no file name can hold"
    if len(encoded) > MAX_PATH_BYTES:
        return f"the path is longer than {MAX_PATH_BYTES:,} bytes"
    separators = [os.fsencode(sep) for sep in (os.sep, os.altsep) if sep]
    for separator in separators[1:]:
        encoded = encoded.replace(separator, separators[0])
    for part in encoded.split(separators[0]):
        if len(part) > MAX_NAME_BYTES:
            shown = os.fsdecode(part[:40]) + "…"
            return f"the name {shown!r} is {len(part)} bytes long; file systems accept at most {MAX_NAME_BYTES}"
    return None


def inside(path: str, root: str) -> bool:
    """Whether ``path`` is ``root`` or below it (both absolute and normalised)."""
    path, root = os.path.normcase(path), os.path.normcase(root)  # case-insensitive file systems (Windows)
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def project_of(path: str) -> str | None:
    """The project folder of ``path`` as written (made absolute, ``..`` folded), or None outside any project."""
    folder = os.path.dirname(os.path.abspath(path))
    while True:
        if any(os.path.lexists(os.path.join(folder, marker)) for marker in ROOT_MARKERS):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def leaves_project(path: str) -> str | None:
    """Why ``path`` must not be read or written: it lies in a project, and symbolic links lead it out of
    that project; else None (also for a path that does not exist yet, judged by the folders that do)."""
    absolute = os.path.abspath(path)
    try:
        real = os.path.realpath(absolute)
    except (OSError, ValueError):
        return None  # the read or write itself reports what is wrong with the path
    if real == absolute:  # no symbolic link on the way (the common case: no walk up to a project root)
        return None
    project = project_of(absolute)
    if project is None:
        return None
    root = os.path.realpath(project)
    if inside(real, root):
        return None
    return f"a symbolic link leads it outside the project {project} (to {real})"
