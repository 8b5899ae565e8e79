"""A findings baseline: the problems a project has accepted for now, so that only new ones are reported.

``cjmap lint --write-findings-baseline FILE`` records a run's findings; ``--findings-baseline FILE`` then
reports only the ones the file does not hold. (Named apart from a map's ``baseline:``, the current-state map a
future-state map improves on, and from ``diff --baseline``.)

A finding is known by its **fingerprint**: the code, the file (relative to its project root, with ``/``), and
the path of the item in the map (``/stages/id=pay/steps/id=card``) - never its line, so editing elsewhere in the
map does not bring it back. When one item has several findings of one code, their messages tell them apart
(with line and column numbers taken out, as they move). Entries are a multiset: each silences one finding.

The file is JSON, sorted and stable, so that it diffs well in review::

    {"format": "cjmap-findings-baseline", "version": 1,
     "findings": [{"code": "S001", "file": "maps/a.yaml", "path": "/stages/id=pay"}, ...]}

Pure: reading and writing the file are the command line's (through the one writer).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from cjmap.paths import project_of
from cjmap.problem import Problem
from cjmap.report import Report
from cjmap.source import STDIN, STDIN_DISPLAY

FORMAT = "cjmap-findings-baseline"
VERSION = 1
_MOVING = re.compile(r"\b(line|column) \d+")
_SPACE = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")


class BaselineError(ValueError):
    """A findings baseline that cannot be used; the message says why (to follow the file name)."""


@dataclass(frozen=True, order=True, slots=True, kw_only=True)
class Entry:
    """One accepted finding: ``message`` is set only where the item has several findings of the code."""

    file: str
    code: str
    path: str
    message: str | None = None

    def as_dict(self) -> dict[str, str]:
        found = {"code": self.code, "file": self.file, "path": self.path}
        return found if self.message is None else {**found, "message": self.message}

    def short(self) -> Entry:
        return Entry(file=self.file, code=self.code, path=self.path)


@dataclass(frozen=True, kw_only=True)
class Filtered:
    """A report with the known findings taken out: how many were, and the entries that matched nothing."""

    report: Report
    known: int
    stale: list[Entry]


def normalised(message: str) -> str:
    """A message as fingerprints hold it: line and column numbers out, white space folded."""
    return _SPACE.sub(" ", _MOVING.sub(r"\1 N", message)).strip()


class Keys:
    """File keys: a file's path relative to its project root (else the working directory), with ``/``;
    each file's project is looked up once."""

    def __init__(self) -> None:
        self._by_name: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        key = self._by_name.get(name)
        if key is None:
            if name in (STDIN, STDIN_DISPLAY):
                key = STDIN_DISPLAY
            else:
                root = project_of(name) or os.getcwd()
                key = PurePath(os.path.relpath(os.path.abspath(name), root)).as_posix()
            self._by_name[name] = key
        return key


def entries(problems: Iterable[Problem], keys: Keys | None = None) -> list[Entry]:
    """The sorted entries that accept ``problems``: messages only where one item has several findings of a
    code."""
    return sorted(fingerprints(problems, keys))


def fingerprints(problems: Iterable[Problem], keys: Keys | None = None) -> list[Entry]:
    """Each problem's entry, in the order given: messages only where one item has several findings of a code."""
    keys = keys or Keys()
    found = [(Entry(file=keys(problem.file), code=problem.code, path=problem.path), problem)
             for problem in problems]
    per_item = Counter(entry for entry, _ in found)
    return [entry if per_item[entry] == 1 else Entry(file=entry.file, code=entry.code, path=entry.path,
                                                     message=normalised(problem.message))
            for entry, problem in found]


def dumps(accepted: Sequence[Entry]) -> str:
    """The baseline file's text: stable, sorted, one entry a line (a fixed finding is one line less in review).
    Text as written, except surrogates (undecodable bytes of a file name), escaped so the file stays UTF-8."""
    lines = [_SURROGATE.sub(lambda found: f"\\u{ord(found[0]):04x}", json.dumps(entry.as_dict(), ensure_ascii=False))
             for entry in sorted(accepted)]
    findings = "[\n" + ",\n".join(f"    {line}" for line in lines) + "\n  ]" if lines else "[]"
    return f'{{\n  "format": "{FORMAT}",\n  "version": {VERSION},\n  "findings": {findings}\n}}\n'


def loads(text: str) -> list[Entry]:
    """The entries of a baseline file's text; raises :class:`BaselineError` for anything else."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BaselineError(f"not a findings baseline (no \"format\": \"{FORMAT}\")")
    if document.get("version") != VERSION:
        raise BaselineError(f"version {document.get('version')!r} is not one this cjmap reads ({VERSION}); "
                            "write it again with --write-findings-baseline")
    findings = document.get("findings")
    if not isinstance(findings, list):
        raise BaselineError("\"findings\" is not a list")
    accepted = []
    for number, item in enumerate(findings, 1):
        if (not isinstance(item, dict) or set(item) - {"code", "file", "path", "message"}
                or not all(isinstance(item.get(key), str) for key in ("code", "file", "path"))
                or not isinstance(item.get("message", ""), str)):
            raise BaselineError(f"finding {number} is not an object of strings code, file, path (and message)")
        accepted.append(Entry(file=item["file"], code=item["code"], path=item["path"], message=item.get("message")))
    return accepted


def subtract(report: Report, accepted: Sequence[Entry], judged: Callable[[str, str], bool]) -> Filtered:
    """``report`` without the findings ``accepted`` holds. Stale entries are those that matched nothing and
    that this run could have matched: ``judged(file_key, code)`` says whether it looked for that code there
    (a run over one folder, or with fewer rules, leaves the other entries alone)."""
    keys = Keys()
    left = Counter(accepted)
    new: list[Problem] = []
    pending: list[tuple[Problem, Entry]] = []
    for problem in report.sorted_problems():  # exact entries (with a message) first, then the plain ones
        short = Entry(file=keys(problem.file), code=problem.code, path=problem.path)
        exact = Entry(file=short.file, code=short.code, path=short.path, message=normalised(problem.message))
        if left[exact] > 0:
            left[exact] -= 1
        else:
            pending.append((problem, short))
    for problem, short in pending:
        if left[short] > 0:
            left[short] -= 1
        else:
            new.append(problem)
    kept = Report(report.command, list(report.files))
    kept.add(new)
    stale = sorted(entry for entry, count in left.items() for _ in range(count) if judged(entry.file, entry.code))
    return Filtered(report=kept, known=len(report.problems) - len(new), stale=stale)


def kept_apart(accepted: Sequence[Entry], judged: Callable[[str, str], bool]) -> list[Entry]:
    """The entries a rewrite keeps: those this run did not look at (other files, other rules)."""
    return [entry for entry in accepted if not judged(entry.file, entry.code)]
