"""``--format github``: workflow commands that GitHub Actions shows as annotations on the diff."""

from __future__ import annotations

from cjmap.problem import Severity
from cjmap.report import Report
from cjmap.reporters.base import Reporter

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    """One ``::error file=…,line=…,col=…,title=…::message`` line per problem."""

    def write(self, report: Report) -> None:
        for problem in report.sorted_problems():
            message = problem.message + (f"\nhint: {problem.hint}" if problem.hint else "")
            self.stream.write(
                f"::{_LEVEL[problem.severity]} file={_property(problem.file)},line={problem.location.line},"
                f"col={problem.location.column},title={_property(f'{problem.code} {problem.name}')}"
                f"::{_data(message)}\n"
            )
