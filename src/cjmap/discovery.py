"""Which files a command works on: named files, maps found in directories, and stdin."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from cjmap.source import STDIN

SUFFIXES = (".yaml", ".yml")
_MARKER = re.compile(rb"^(?:\xef\xbb\xbf)?cjmap(?:-persona)?[ \t]*:", re.MULTILINE)
_SNIFF_BYTES = 65536


@dataclass
class Selection:
    """The files to check, in a stable order, and the named paths that do not exist."""

    files: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def select(paths: list[str], maps_only: bool = True) -> Selection:
    """Expand ``paths``: files as given, directories searched recursively for YAML files that look like maps."""
    selection = Selection()
    seen: set[str] = set()
    for name in paths:
        if name == STDIN:
            found = [STDIN]
        elif os.path.isdir(name):
            found = [str(path) for path in _walk(Path(name)) if not maps_only or looks_like_map(path)]
        elif os.path.exists(name):
            found = [name]
        else:
            selection.missing.append(name)
            continue
        for item in found:
            if item not in seen:
                seen.add(item)
                selection.files.append(item)
    return selection


def _walk(root: Path) -> list[Path]:
    """Regular YAML files under ``root``, skipping hidden directories, sorted for stable output.

    FIFOs, devices and sockets named ``*.yaml`` are skipped silently: opening a FIFO would wait for a
    writer forever. Symlinks count by what they point at; a dangling one is kept, so its error is reported.
    """
    found: list[Path] = []
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
        found += [Path(directory, f) for f in sorted(files)
                  if f.endswith(SUFFIXES) and not f.startswith(".") and _regular_or_broken(Path(directory, f))]
    return found


def _regular_or_broken(path: Path) -> bool:
    """False for what exists and is not a regular file; a path that cannot be stat'ed is kept for its error."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True


def looks_like_map(path: Path) -> bool:
    """True when a top-level ``cjmap:`` or ``cjmap-persona:`` key appears near the start of the file."""
    from cjmap.source import read_head

    try:
        return _MARKER.search(read_head(str(path), _SNIFF_BYTES)) is not None
    except OSError:
        return True  # let validation report why it cannot be read
