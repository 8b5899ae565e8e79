"""``--format sarif``: SARIF 2.1.0 for code-scanning dashboards, valid by Microsoft's SARIF validator.

Files are written as URIs: paths under the working directory relative to the ``SRCROOT`` base (declared in
``originalUriBaseIds``), anything else (an absolute path, ``../x.yaml``) as an absolute ``file:`` URI, both
percent-encoded; stdin has no URI, only a description. Every rule that occurs is described (short and full
description, default level, help text); ``helpUri`` and the tool's ``informationUri`` must be absolute URIs,
so they are written only when the installed package declares a project URL (``[project.urls]``). A rule's
``helpUri`` is its page in the documentation (``docs/``: ``rules/CODE.md``, ``codes.md``), written only when
the package declares a ``Documentation`` URL, the folder those pages are found in.
"""

from __future__ import annotations

import os
from importlib import metadata
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from cjmap import __version__
from cjmap.codes import CODE_BY_ID, UNREADABLE
from cjmap.problem import Problem, Severity
from cjmap.report import Report
from cjmap.reporters.base import Reporter
from cjmap.reporters.escape import json_text
from cjmap.streams import OUTPUT_ERRORS

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "SRCROOT"
STDIN_NAMES = ("<stdin>", "-")
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_URL_LABELS = ("documentation", "homepage", "repository", "source")


class SarifReporter(Reporter):
    """One run of the ``cjmap`` driver; rules are the codes that occur, results carry regions."""

    def write(self, report: Report) -> None:
        self.stream.write(json_text(sarif_log(report, self.exit_code), self.stream.encoding) + "\n")


def sarif_log(report: Report, exit_code: int | None = None, cwd: Path | None = None) -> dict[str, Any]:
    """The SARIF log of ``report`` as JSON-ready data; ``exit_code`` defaults to what ``validate`` would return."""
    root = Path(os.path.abspath(cwd or Path.cwd()))
    problems = report.sorted_problems()
    codes = sorted({problem.code for problem in problems})
    index = {code: i for i, code in enumerate(codes)}
    first = {problem.code: problem for problem in reversed(problems)}
    home = project_url()
    docs = documentation_url()
    code = derived_exit_code(report) if exit_code is None else exit_code
    driver: dict[str, Any] = {"name": "cjmap", "version": __version__, "semanticVersion": __version__,
                              "rules": [rule_descriptor(first[c], docs) for c in codes]}
    if home:
        driver["informationUri"] = home
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "invocations": [{"executionSuccessful": code in (0, 1), "exitCode": code}],
            "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",  # the loader counts columns in characters
            "results": [_result(problem, index[problem.code], root) for problem in problems],
        }],
    }


def derived_exit_code(report: Report) -> int:
    """The exit code ``validate`` (or ``lint`` with its defaults) returns for ``report``."""
    if any(problem.code == UNREADABLE.code for problem in report.problems):
        return 2
    if report.command == "lint":
        return 1 if report.count(Severity.ERROR) else 0
    return 1 if report.problems else 0


def _project_urls() -> dict[str, str]:
    """The installed package's project URLs that are absolute https addresses, by lower-case label."""
    try:
        entries = metadata.metadata("cjmap").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return {}
    urls = {label.strip().lower(): url.strip() for label, _, url in (entry.partition(",") for entry in entries)}
    return {label: url for label, url in urls.items() if url.startswith("https://")}


def project_url() -> str | None:
    """The project's documentation or home page, when the installed package declares one (else None)."""
    urls = _project_urls()
    return next((urls[label] for label in _URL_LABELS if label in urls), None)


def documentation_url() -> str | None:
    """The folder of the documentation's pages, when the installed package declares it (else None)."""
    return _project_urls().get("documentation")


def rule_descriptor(problem: Problem, docs: str | None) -> dict[str, Any]:
    """What SARIF says about a rule: from the code table for validation codes, from the rule module for lint."""
    known = CODE_BY_ID.get(problem.code)
    level = _LEVEL[problem.severity]
    if known is not None:
        summary = _sentence(known.summary)
        full = summary
        help_text = f"{known.code} {known.name}: {known.summary}."
        page = "codes.md"
    else:
        from cjmap.lint.docs import parse, render_explain
        from cjmap.lint.rules import RULES

        rule = RULES.get(problem.code)
        if rule is None:  # a code from neither table: describe it by its name rather than fail the report
            summary = full = help_text = _sentence(problem.name.replace("-", " "))
            page = "rules/index.md"
        else:
            doc = parse(rule)
            summary = _sentence(doc.summary)
            full = summary + (f"\n\n{doc.description}" if doc.description else "")
            help_text = render_explain(rule)
            level = _LEVEL[rule.SEVERITY]
            page = f"rules/{doc.code}.md"
    descriptor: dict[str, Any] = {
        "id": problem.code,
        "name": problem.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": level},
        "help": {"text": help_text},
    }
    if docs:
        descriptor["helpUri"] = f"{docs.split('#', 1)[0].rstrip('/')}/{page}"
    return descriptor


def _sentence(text: str) -> str:
    """Text as a sentence: capital first letter, final period (the validator asks descriptions to end so)."""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _result(problem: Problem, rule_index: int, root: Path) -> dict[str, Any]:
    return {
        "ruleId": problem.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[problem.severity],
        "message": {"text": problem.message + (f" (hint: {problem.hint})" if problem.hint else "")},
        "locations": [{"physicalLocation": {
            "artifactLocation": artifact_location(problem.file, root),
            "region": {"startLine": problem.location.line, "startColumn": problem.location.column},
        }}],
        **({"properties": properties} if (properties := _properties(problem)) else {}),
    }


def _properties(problem: Problem) -> dict[str, Any]:
    """cjmap's own facts about a result: the path into the map, and whether ``lint --fix`` can fix it."""
    return {**({"path": problem.path} if problem.path else {}), **({"fixable": True} if problem.fixable else {})}


def artifact_location(file: str, root: Path) -> dict[str, Any]:
    """Where ``file`` is, as SARIF wants it: relative to SRCROOT when under ``root``, else an absolute URI."""
    if file in STDIN_NAMES:
        return {"description": {"text": "standard input"}}
    # Lexical normalisation (no symlinks resolved): '../x.yaml' leaves the root, 'a/../b.yaml' does not.
    absolute = Path(os.path.normpath(root / file))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return {"uri": absolute.as_uri()}
    # quote() percent-encodes spaces, '%', '#', '?', ':' and non-ASCII (as UTF-8), so the result is an
    # RFC 3986 relative reference whose first segment cannot be mistaken for a scheme.
    # A name that is no valid UTF-8 holds surrogates (surrogateescape): its bytes are percent-encoded as they are.
    return {"uri": quote(PurePath(relative).as_posix(), safe="/", errors=OUTPUT_ERRORS), "uriBaseId": SRCROOT}
