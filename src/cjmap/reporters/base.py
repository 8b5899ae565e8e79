"""The reporter interface, and the one rule for when output is coloured."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

from cjmap.report import Report


def use_color(flag: bool | None, stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour output to ``stream``.

    ``--color``/``--no-color`` (``flag``) wins; else a non-empty ``FORCE_COLOR`` forces colour and a non-empty
    ``NO_COLOR`` (https://no-color.org) turns it off; else colour only on a terminal that is not ``TERM=dumb``.
    Every reporter asks here, so the rule is the same for validate, lint and score.
    """
    if flag is not None:
        return flag
    env = os.environ if environ is None else environ
    if env.get("FORCE_COLOR"):
        return True
    if env.get("NO_COLOR"):
        return False
    if env.get("TERM") in ("dumb", "unknown"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or stream-like object without a terminal behind it
        return False


class Reporter:
    """Writes a report to a stream in one format.

    ``color`` is the ``--color/--no-color`` flag (None: decide from the environment, see :func:`use_color`);
    ``exit_code`` is the code the command will exit with, for formats that record it (SARIF's invocation);
    when it is None the reporter derives it from the report the way ``validate`` does.
    """

    def __init__(self, stream: TextIO, color: bool | None = None, *, exit_code: int | None = None) -> None:
        self.stream = stream
        self.color = use_color(color, stream)
        self.exit_code = exit_code

    def write(self, report: Report) -> None:
        raise NotImplementedError
