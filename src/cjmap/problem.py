"""Findings as values: what is wrong, where in the map, and where in the file."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from cjmap.codes import Code


class Severity(enum.IntEnum):
    """How much a finding matters; higher is worse."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}; expected error, warning or info") from None


class Location(NamedTuple):
    """A 1-based line and column in a source file (a tuple: cheap to make, ordered)."""

    line: int = 1
    column: int = 1


@dataclass(frozen=True, order=True, slots=True, kw_only=True)
class Problem:
    """One finding about one file.

    ``code`` is stable (``V020``, ``S001``), ``name`` readable (``unknown-key``), ``path`` points into
    the map the way diffs do (``/stages/id=pay/steps/id=card/emotion``). Keyword-only: a positional slip (a
    hint passed as a severity) would otherwise pass unnoticed until it reaches a user.
    """

    file: str
    location: Location
    code: str
    name: str
    message: str
    severity: Severity = Severity.ERROR
    path: str = ""
    hint: str | None = field(default=None, compare=False)
    fixable: bool = field(default=False, compare=False)

    @property
    def line(self) -> int:
        """The 1-based line the problem points at."""
        return self.location.line

    @property
    def column(self) -> int:
        """The 1-based column the problem points at."""
        return self.location.column

    @classmethod
    def of(cls, code: Code, file: str, location: Location, message: str, *, hint: str | None = None,
           path: str = "", severity: Severity = Severity.ERROR) -> Problem:
        """A problem with a code from :mod:`cjmap.codes` (validation and engine findings)."""
        return cls(file=file, location=location, code=code.code, name=code.name, message=message, hint=hint,
                   path=path, severity=severity)

    def as_dict(self) -> dict[str, object]:
        """The stable JSON shape of a problem."""
        return {
            "file": self.file,
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity.label,
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "hint": self.hint,
            "path": self.path,
            "fixable": self.fixable,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Problem:
        """The problem :meth:`as_dict` gave; raises KeyError, TypeError or ValueError for another shape."""
        line, column, hint = data["line"], data["column"], data["hint"]
        if not isinstance(line, int) or not isinstance(column, int) or not (hint is None or isinstance(hint, str)):
            raise TypeError("a problem's line, column or hint has the wrong type")
        return cls(file=str(data["file"]), location=Location(line, column), code=str(data["code"]),
                   name=str(data["name"]), message=str(data["message"]), severity=Severity.parse(str(data["severity"])),
                   path=str(data["path"]), hint=hint, fixable=bool(data["fixable"]))
