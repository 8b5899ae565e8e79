"""``--format sarif``: SARIF 2.1.0 for code-scanning dashboards."""

from __future__ import annotations

import json
from pathlib import PurePath

from cjmap import __version__
from cjmap.problem import Severity
from cjmap.report import Report
from cjmap.reporters.base import Reporter

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


class SarifReporter(Reporter):
    """One run of the ``cjmap`` driver; rules are the codes that occur, results carry regions."""

    def write(self, report: Report) -> None:
        problems = report.sorted_problems()
        rules = sorted({(problem.code, problem.name) for problem in problems})
        index = {code: i for i, (code, _) in enumerate(rules)}
        sarif = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "cjmap",
                    "version": __version__,
                    "rules": [{"id": code, "name": name, "shortDescription": {"text": name.replace("-", " ")}}
                              for code, name in rules],
                }},
                "results": [{
                    "ruleId": problem.code,
                    "ruleIndex": index[problem.code],
                    "level": _LEVEL[problem.severity],
                    "message": {"text": problem.message + (f" (hint: {problem.hint})" if problem.hint else "")},
                    "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": PurePath(problem.file).as_posix()},
                        "region": {"startLine": problem.location.line, "startColumn": problem.location.column},
                    }}],
                } for problem in problems],
            }],
        }
        self.stream.write(json.dumps(sarif, indent=2, ensure_ascii=False) + "\n")
