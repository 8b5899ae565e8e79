"""``--format text``: for people at a terminal; colour only on a terminal, and never with NO_COLOR."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from cjmap.problem import Severity
from cjmap.report import Report
from cjmap.reporters.base import Reporter

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


class TextReporter(Reporter):
    """``file:line:col: CODE [name] message``, a hint line where there is one, then a summary."""

    def write(self, report: Report) -> None:
        # emoji=False: a key such as ':smile:' is shown as written, not as an emoji.
        console = Console(file=self.stream, highlight=False, soft_wrap=True, emoji=False,
                          force_terminal=self.color, no_color=self.color is False)
        for problem in report.sorted_problems():
            where = f"{problem.file}:{problem.location.line}:{problem.location.column}"
            style = _STYLE[problem.severity]
            console.print(
                f"[bold]{escape(where)}[/]: [{style}]{problem.code}[/] "
                f"[dim]\\[{escape(problem.name)}][/] {escape(problem.message)}"
            )
            if problem.hint:
                console.print(f"  [dim]hint:[/] {escape(problem.hint)}")
        console.print(self.summary(report))

    @staticmethod
    def summary(report: Report) -> str:
        files = len(report.files)
        checked = f"{files} file{'s' if files != 1 else ''} checked"
        if not report.problems:
            return f"[green]All good![/] {checked}."
        parts = [f"{n} {label}{'s' if n != 1 else ''}" for n, label in (
            (report.count(Severity.ERROR), "error"),
            (report.count(Severity.WARNING), "warning"),
            (report.count(Severity.INFO), "info"),
        ) if n]
        return f"Found {', '.join(parts)} in {report.files_with_problems()} of {checked.replace(' checked', '')}."
