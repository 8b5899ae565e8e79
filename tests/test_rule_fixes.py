"""A fix never creates a finding: for every rule that offers fixes, on every fail case of it.

Each case is fixed through the engine (``lint_paths(..., fix=True)``) with every registered rule on, then the
findings before and after are compared as (code, path) pairs. After the fix, the fixed findings are gone and
nothing appears that was not there before; the fixed text is still a valid map.

Paths are compared by list index (``/stages/0/steps/1``), not by id: a fix that gives an entity an id
changes its readable pointer (``/pain_points/0`` becomes ``/pain_points/id=slow-page``) but not the entity.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_rules import TODAY, case_files, case_options, run, validated

from cjmap.config import Config
from cjmap.discovery import ConfigChoice
from cjmap.document import Document
from cjmap.lint.engine import LintSettings, lint_paths
from cjmap.lint.rules import RULES
from cjmap.problem import Problem
from cjmap.validation.validator import validate_bytes

REVEALED_BY: dict[str, frozenset[str]] = {"R006": frozenset({"I001", "I004"})}
"""Findings a fix may bring to light, not create: `unaddressed-pain-point` and `unmeasured-pain-point`
cannot judge a pain point without an id and stay silent until the `missing-id` fix gives it one. They are
allowed only on an entity that fix gave an id to."""

Finding = tuple[str, str]
"""A finding as (code, index path)."""


def fixable_cases() -> list[Path]:
    """The fail cases on which their rule offers at least one fix."""
    found = []
    for case in case_files("fail"):
        text = case.read_text(encoding="utf-8")
        result = validated(text.encode(), str(case), case.parent)
        if any(violation.fix for violation in run(RULES[case.parent.name], result, case_options(text))):
            found.append(case)
    return found


def index_path(document: Document, pointer: str) -> str:
    """``pointer`` with every ``id=X`` step replaced by the index of the list item with that id.

    The ids are read as the document names them, derived ones included: a stage or step written without
    ``id`` is ``id=<slug of its name>`` in a pointer."""
    node: Any = document.data
    prefix: tuple[str | int, ...] = ()
    for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
        if isinstance(node, list):
            named = [document.pointer((*prefix, i)).rsplit("/", 1)[1] for i in range(len(node))]
            index = named.index(part) if part in named else int(part)
            prefix = (*prefix, index)
            node = node[index]
        else:
            prefix = (*prefix, part)
            node = node.get(part) if isinstance(node, dict) else None
    return "/" + "/".join(map(str, prefix))


def findings(problems: list[Problem], document: Document) -> set[Finding]:
    return {(problem.code, index_path(document, problem.path)) for problem in problems}


def settings(code: str, options: dict[str, Any]) -> LintSettings:
    """Every registered rule, no configuration file, a fixed today, and the case's options for its rule."""
    return LintSettings(config=ConfigChoice(use=False), overrides=Config(source="command line", today=TODAY,
                                                        options={code: options} if options else {}))


@pytest.mark.parametrize("case", fixable_cases(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_a_fix_creates_no_finding_and_leaves_a_valid_map(case: Path) -> None:
    code = case.parent.name
    text = case.read_text(encoding="utf-8")
    lint_settings = settings(code, case_options(text))
    before_document = validated(text.encode(), str(case), case.parent).document
    assert before_document is not None
    before_problems = lint_paths([str(case)], lint_settings).report.problems
    before = findings(before_problems, before_document)
    fixed = {(p.code, index_path(before_document, p.path)) for p in before_problems if p.fixable}
    assert {finding_code for finding_code, _ in fixed} >= {code}

    fixing = lint_paths([str(case)], lint_settings, fix=True)
    [file_fix] = fixing.fixes
    assert file_fix.refused is None and file_fix.changed
    after_result = validate_bytes(file_fix.after.encode(), str(case), case.parent)
    assert after_result.valid, [problem.as_dict() for problem in after_result.problems]
    assert after_result.document is not None
    after = findings(fixing.report.problems, after_result.document)

    revealed = {(c, path) for c, path in after - before
                if any(c in REVEALED_BY.get(fixer, ()) and path == fixed_path for fixer, fixed_path in fixed)}
    assert after - revealed <= before - fixed, f"new after the fix: {sorted(after - revealed - before)}"


def test_the_fix_cases_cover_every_rule_that_offers_a_fix() -> None:
    assert {case.parent.name for case in fixable_cases()} == {"H005", "R002", "R006", "R007"}


def test_paths_are_compared_by_index() -> None:
    text = ("cjmap: 1\nid: m\ntitle: M\ntype: current-state\nstages:\n  - id: s\n    name: S\n    steps:\n"
            "      - {id: t, name: T, emotion: 2, pain_points: [{id: p, text: P}, Q]}\n")
    document = validate_bytes(text.encode(), "m.yaml", Path.cwd()).document
    assert document is not None
    assert index_path(document, "/stages/id=s/steps/id=t/pain_points/id=p") == "/stages/0/steps/0/pain_points/0"
    assert index_path(document, "/stages/id=s/steps/id=t/pain_points/1") == "/stages/0/steps/0/pain_points/1"
    assert index_path(document, "") == "/"


def test_paths_by_derived_id_are_compared_by_index() -> None:
    text = ("cjmap: 1\nid: m\ntitle: M\ntype: current-state\nstages:\n  - name: Pay\n    steps:\n"
            "      - {name: Enters card, emotion: 2}\n      - {name: Enters card, emotion: 3}\n")
    document = validate_bytes(text.encode(), "m.yaml", Path.cwd()).document
    assert document is not None
    assert index_path(document, "/stages/id=pay/steps/id=enters-card-2/emotion") == "/stages/0/steps/1/emotion"

