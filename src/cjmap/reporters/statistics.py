"""``--statistics``: how often each code was found, the most frequent first, instead of every problem (as
``ruff check --statistics`` does); text and JSON, picked by name."""

from __future__ import annotations

from cjmap.report import Report
from cjmap.reporters.base import Reporter
from cjmap.reporters.escape import json_text
from cjmap.reporters.text import TextReporter

FIXABLE_MARK = "[*]"


class TextStatisticsReporter(Reporter):
    """``COUNT  CODE  [*] name`` per code in aligned columns (``[*]``: ``lint --fix`` repairs some), then the
    summary line of ``--format text``."""

    def write(self, report: Report) -> None:
        statistics = report.statistics()
        count_width = max((len(f"{statistic.count:,}") for statistic in statistics), default=0)
        code_width = max((len(statistic.code) for statistic in statistics), default=0)
        lines = [f"{statistic.count:>{count_width},}  {statistic.code:<{code_width}}  "
                 f"{FIXABLE_MARK if statistic.fixable else ' ' * len(FIXABLE_MARK)} {statistic.name}"
                 for statistic in statistics]
        fixable = sum(problem.fixable for problem in report.problems)
        if fixable:
            lines.append(f"{FIXABLE_MARK} {fixable:,} fixable with `cjmap lint --fix`.")
        lines.append(TextReporter.summary(report))
        self.stream.write("\n".join(lines) + "\n")


class JsonStatisticsReporter(Reporter):
    """A JSON list of ``{code, name, count, fixable}``, the most frequent first (ruff's shape)."""

    def write(self, report: Report) -> None:
        document = [statistic.as_dict() for statistic in report.statistics()]
        self.stream.write(json_text(document, self.stream.encoding) + "\n")


STATISTICS_REPORTER_BY_NAME: dict[str, type[Reporter]] = {
    "text": TextStatisticsReporter,
    "json": JsonStatisticsReporter,
}
