"""What a checking command found, ready for a reporter: the files looked at and their problems."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cjmap.problem import Problem, Severity


@dataclass(frozen=True, kw_only=True)
class Statistic:
    """How often one code was found in a run (``--statistics``); ``fixable`` when ``lint --fix`` can repair
    some of them."""

    code: str
    name: str
    count: int
    fixable: bool

    def as_dict(self) -> dict[str, object]:
        """The stable JSON shape of a statistic (ruff's)."""
        return {"code": self.code, "name": self.name, "count": self.count, "fixable": self.fixable}


@dataclass
class Report:
    """The files a command checked and every problem found, sorted by file and position."""

    command: str
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    _seen: set[Problem] = field(default_factory=set, repr=False, compare=False)

    def add(self, problems: Iterable[Problem]) -> None:
        """Add problems once each (a persona file shared by several maps is checked once per map)."""
        for problem in problems:
            if problem not in self._seen:
                self._seen.add(problem)
                self.problems.append(problem)

    def sorted_problems(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.file, p.location, p.code, p.message))

    def statistics(self) -> list[Statistic]:
        """Every code found, with its count: the most frequent first, then by code."""
        counts: dict[tuple[str, str], list[Problem]] = {}
        for problem in self.problems:
            counts.setdefault((problem.code, problem.name), []).append(problem)
        found = [Statistic(code=code, name=name, count=len(problems), fixable=any(p.fixable for p in problems))
                 for (code, name), problems in counts.items()]
        return sorted(found, key=lambda statistic: (-statistic.count, statistic.code, statistic.name))

    def count(self, severity: Severity) -> int:
        return sum(1 for problem in self.problems if problem.severity == severity)

    def fails(self, fail_on: Severity = Severity.ERROR, max_warnings: int | None = None) -> bool:
        """Whether a problem reaches ``fail_on``, or the warnings are more than ``max_warnings`` (lint's gate)."""
        return (any(problem.severity >= fail_on for problem in self.problems)
                or (max_warnings is not None and self.count(Severity.WARNING) > max_warnings))

    def files_with_problems(self) -> int:
        return len({problem.file for problem in self.problems})

    def all_files(self) -> list[str]:
        """Every file the report speaks of, each once, sorted: the files checked, and the files they use whose
        problems are listed (persona files, checked through the maps that name them)."""
        return sorted({*self.files, *(problem.file for problem in self.problems)})

    def used_files(self) -> int:
        """How many files the report lists problems of without having checked them by name (persona files, and
        the project configuration whose lanes the maps use)."""
        return len(self.used())

    def used(self) -> set[str]:
        """The files :meth:`used_files` counts."""
        return {problem.file for problem in self.problems} - set(self.files)
