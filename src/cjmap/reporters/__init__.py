"""Output formats for checking commands (validate, lint), picked by name."""

from __future__ import annotations

from cjmap.reporters.base import Reporter
from cjmap.reporters.codeclimate import CodeclimateReporter
from cjmap.reporters.github import GithubReporter
from cjmap.reporters.json import JsonReporter
from cjmap.reporters.sarif import SarifReporter
from cjmap.reporters.text import TextReporter

REPORTER_BY_NAME: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "github": GithubReporter,
    "sarif": SarifReporter,
    "codeclimate": CodeclimateReporter,
}

__all__ = ["REPORTER_BY_NAME", "Reporter"]
