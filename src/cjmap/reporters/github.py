"""``--format github``: workflow commands that GitHub Actions shows as annotations on the diff."""

from __future__ import annotations

from cjmap.problem import Severity
from cjmap.report import Report
from cjmap.reporters.base import Reporter
from cjmap.reporters.escape import visible, workflow_data, workflow_property

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


class GithubReporter(Reporter):
    """One ``::error file=…,line=…,col=…,title=…::message`` line per problem, every problem (no cap)."""

    def write(self, report: Report) -> None:
        lines = []
        for problem in report.sorted_problems():
            # Control characters are shown as escapes (an ESC would reach the log viewer); the one real newline
            # separates message and hint, and workflow_data keeps it inside the command as %0A.
            message = visible(problem.message) + (f"\nhint: {visible(problem.hint)}" if problem.hint else "")
            lines.append(
                f"::{_LEVEL[problem.severity]} file={workflow_property(visible(problem.file))},"
                f"line={problem.location.line},col={problem.location.column},"
                f"title={workflow_property(f'{problem.code} {problem.name}')}::{workflow_data(message)}\n"
            )
        self.stream.write("".join(lines))
