"""``--format codeclimate``: a Code Climate issue list, the report GitLab CI shows as Code Quality.

GitLab reads a JSON array of issues, each with ``description``, ``check_name``, ``fingerprint``, ``severity``
and ``location: {path, lines: {begin}}``. The fingerprint is what a findings baseline knows a finding by (code,
file from its project root, path in the map; never the line), hashed with MD5 as GitLab expects: moving a
finding within its map keeps it the same issue, so a merge request shows only the ones it brings or fixes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path, PurePath
from typing import Any

from cjmap.findings_baseline import fingerprints
from cjmap.problem import Problem, Severity
from cjmap.report import Report
from cjmap.reporters.base import Reporter
from cjmap.reporters.escape import json_text
from cjmap.reporters.sarif import STDIN_NAMES

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
"""cjmap's severities as Code Climate's (info, minor, major, critical, blocker)."""


class CodeclimateReporter(Reporter):
    """One issue per problem, every problem, in the order of the other formats."""

    def write(self, report: Report) -> None:
        self.stream.write(json_text(codeclimate_issues(report), self.stream.encoding) + "\n")


def codeclimate_issues(report: Report, cwd: Path | None = None) -> list[dict[str, Any]]:
    """The issues of ``report`` as JSON-ready data; paths relative to ``cwd`` (the repository root in CI)."""
    root = os.path.abspath(cwd or Path.cwd())
    problems = report.sorted_problems()
    seen: Counter[str] = Counter()
    issues = []
    for problem, entry in zip(problems, fingerprints(problems), strict=True):
        key = json.dumps(entry.as_dict(), sort_keys=True)  # ASCII: undecodable file names hash too
        seen[key] += 1
        # The same finding twice (one message, one item) is two issues: the second gets its own fingerprint.
        occurrence = "" if seen[key] == 1 else f"#{seen[key]}"
        issues.append({
            "type": "issue",
            "engine_name": "cjmap",
            "check_name": problem.code,
            "description": _description(problem),
            "fingerprint": hashlib.md5((key + occurrence).encode("ascii"), usedforsecurity=False).hexdigest(),
            "severity": SEVERITY[problem.severity],
            "location": {"path": _path(problem.file, root), "lines": {"begin": problem.location.line}},
        })
    return issues


def _description(problem: Problem) -> str:
    return f"{problem.name}: {problem.message}" + (f" (hint: {problem.hint})" if problem.hint else "")


def _path(file: str, root: str) -> str:
    """``file`` relative to ``root`` with ``/`` when it lies under it (GitLab links those), else as given."""
    if file in STDIN_NAMES:
        return file
    relative = os.path.relpath(os.path.normpath(os.path.join(root, file)), root)
    return file if relative.startswith("..") else PurePath(relative).as_posix()
