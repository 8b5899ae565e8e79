"""Reading map files (and stdin) with the size limit applied before anything is parsed."""

from __future__ import annotations

import sys
from pathlib import Path

from cjmap.loader import MAX_BYTES

STDIN = "-"


def read_bytes(name: str) -> bytes:
    """The bytes of file ``name`` (``-`` for stdin), at most one byte past the limit so size errors stay cheap.

    Raises OSError when the file cannot be read.
    """
    if name == STDIN:
        return sys.stdin.buffer.read(MAX_BYTES + 1)
    with Path(name).open("rb") as handle:
        return handle.read(MAX_BYTES + 1)
