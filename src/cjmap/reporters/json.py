"""``--format json``: one stable JSON object, printed plainly."""

from __future__ import annotations

from cjmap import __version__
from cjmap.problem import Severity
from cjmap.report import Report
from cjmap.reporters.base import Reporter
from cjmap.reporters.escape import json_text


class JsonReporter(Reporter):
    """The shape: ``{tool, version, command, files, summary: {errors, warnings, infos}, problems: [...]}``."""

    def write(self, report: Report) -> None:
        # A persona file is checked through the maps that name it: its problems are listed, so list it too
        # (the text summary counts the same files).
        files = report.all_files()
        document = {
            "tool": "cjmap",
            "version": __version__,
            "command": report.command,
            "files": files,
            "summary": {
                "files": len(files),
                "errors": report.count(Severity.ERROR),
                "warnings": report.count(Severity.WARNING),
                "infos": report.count(Severity.INFO),
            },
            "problems": [problem.as_dict() for problem in report.sorted_problems()],
        }
        self.stream.write(json_text(document, self.stream.encoding) + "\n")
