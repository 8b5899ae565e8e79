"""``--format text``: for people at a terminal.

Written as plain strings, not through rich: a file with 100,000 problems must not cost a renderable each,
and map text must print exactly as written (no markup, no emoji codes, no wrapping). Colour, when
:func:`~cjmap.reporters.base.use_color` says so, is a handful of ANSI SGR codes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from itertools import groupby

from cjmap.config import CONFIG_NAMES, PYPROJECT
from cjmap.problem import Problem, Severity
from cjmap.report import Report
from cjmap.reporters.base import Reporter
from cjmap.reporters.escape import line_start, visible

MAX_PROBLEMS_PER_FILE = 50
"""Text output lists at most this many problems per file, then counts the rest (other formats list all)."""

_Paint = Callable[[str, str], str]
"""Wraps text (second argument) in an SGR style (first argument), or returns it unchanged."""

_SEVERITY_STYLE = {Severity.ERROR: "1;31", Severity.WARNING: "33", Severity.INFO: "36"}


class TextReporter(Reporter):
    """``file:line:col: CODE [name] message``, a hint line where there is one, then a summary."""

    def write(self, report: Report) -> None:
        paint = self._paint if self.color else _plain
        lines: list[str] = []
        for file, group in groupby(report.sorted_problems(), key=lambda problem: problem.file):
            problems = list(group)
            for problem in problems[:MAX_PROBLEMS_PER_FILE]:
                lines += self._problem_lines(problem, paint)
            rest = len(problems) - MAX_PROBLEMS_PER_FILE
            if rest > 0:
                lines.append(paint("2", f"… and {rest:,} more problem{'s' if rest != 1 else ''} in "
                                        f"{visible(file)} (use --format json for all)"))
        lines.append(self.summary(report, paint))
        self.stream.write("\n".join(lines) + "\n")

    @staticmethod
    def _problem_lines(problem: Problem, paint: _Paint) -> list[str]:
        # Only the file name starts a line, so only it needs guarding against a leading '::'.
        where = f"{line_start(problem.file)}:{problem.location.line}:{problem.location.column}"
        first = (f"{paint('1', where)}: {paint(_SEVERITY_STYLE[problem.severity], problem.code)} "
                 f"{paint('2', f'[{problem.name}]')} {visible(problem.message)}")
        if not problem.hint:
            return [first]
        return [first, f"  {paint('2', 'hint:')} {visible(problem.hint)}"]

    @staticmethod
    def _paint(style: str, text: str) -> str:
        return f"\x1b[{style}m{text}\x1b[0m"

    @staticmethod
    def summary(report: Report, paint: _Paint | None = None) -> str:
        """The last line: ``All good! N files checked.`` or ``Found … in M of N files.``

        N counts the files ``--format json`` lists: the files checked, and the persona files they use whose
        problems are listed, which the line then names apart: ``Found 3 errors in 2 of 2 files (1 file
        checked, 1 persona file it uses).`` (or ``1 configuration``, whose shared lanes have problems). So M never
        exceeds N.
        """
        paint = paint or _plain
        checked = len(set(report.files))
        if not report.problems:
            return f"{paint('32', 'All good!')} {_files(checked)} checked."
        parts = [f"{n} {label}{'s' if n != 1 else ''}" for n, label in (
            (report.count(Severity.ERROR), "error"),
            (report.count(Severity.WARNING), "warning"),
            (report.count(Severity.INFO), "info"),
        ) if n]
        used = report.used_files()
        found = f"Found {', '.join(parts)} in {report.files_with_problems()} of {_files(checked + used)}"
        if not used:
            return f"{found}."
        users = "it uses" if checked == 1 else "they use"
        configurations = sum(1 for name in report.used() if os.path.basename(name) in CONFIGURATION_NAMES)
        personas = used - configurations
        kinds = [f"{personas} persona file{'s' if personas != 1 else ''}"] if personas else []
        kinds += [f"{configurations} configuration{'s' if configurations != 1 else ''}"] if configurations else []
        return f"{found} ({_files(checked)} checked, {' and '.join(kinds)} {users})."


CONFIGURATION_NAMES = (*CONFIG_NAMES, PYPROJECT)
"""Names of the project configuration, whose shared lanes a map uses."""


def _files(count: int) -> str:
    return f"{count} file{'s' if count != 1 else ''}"


def _plain(style: str, text: str) -> str:
    """No colour: the text as it is."""
    return text

