"""The reporter interface."""

from __future__ import annotations

from typing import TextIO

from cjmap.report import Report


class Reporter:
    """Writes a report to a stream in one format."""

    def __init__(self, stream: TextIO, color: bool | None = None) -> None:
        self.stream = stream
        self.color = color

    def write(self, report: Report) -> None:
        raise NotImplementedError
