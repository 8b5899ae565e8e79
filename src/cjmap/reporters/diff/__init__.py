"""Output formats for ``cjmap diff``, picked by name: each writes a :class:`~cjmap.diff.model.DiffReport`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from cjmap.diff.model import DiffReport
from cjmap.reporters.diff import github, json, markdown, text

DiffWriter = Callable[[TextIO, DiffReport, bool | None], None]
"""Writes a report to a stream; the flag is ``--color/--no-color`` (None: decide from the stream)."""

DIFF_REPORTER_BY_NAME: dict[str, DiffWriter] = {
    "text": text.write,
    "markdown": markdown.write,
    "json": json.write,
    "github": github.write,
}

__all__ = ["DIFF_REPORTER_BY_NAME", "DiffWriter"]
