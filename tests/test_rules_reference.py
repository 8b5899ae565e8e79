"""Rule documentation: laid out from the docstrings; every rule's examples do what they say (the site's generated
rule pages are kept in step by tests/test_docs_site.py)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_rules import NEEDS_GIT, PROJECT_RULES, with_referenced_files

from cjmap.config import Config
from cjmap.discovery import ConfigChoice
from cjmap.lint import docs as ruledocs
from cjmap.lint.engine import LintSettings, lint_paths
from cjmap.lint.rules import RULES
from cjmap.problem import Severity


def test_at_least_twenty_documented_rules() -> None:
    docs = ruledocs.docs(RULES)
    assert len(docs) >= 20
    for doc in docs:
        assert doc.summary and doc.description and doc.fails and doc.passes, doc.code


@pytest.mark.parametrize("code", sorted(set(RULES) - PROJECT_RULES - NEEDS_GIT))  # those: test_framework_rules.py
def test_documented_examples_fail_and_pass(code: str, tmp_path: Path) -> None:
    doc = ruledocs.parse(RULES[code])
    (tmp_path / "fails.yaml").write_text(doc.fails, encoding="utf-8")
    (tmp_path / "passes.yaml").write_text(doc.passes, encoding="utf-8")
    for example in (doc.fails, doc.passes):  # files an example points at must exist for it to validate
        for target in re.findall(r"^baseline: *(\S+)$", example, re.MULTILINE):
            (tmp_path / target).write_text(doc.fails, encoding="utf-8")
        with_referenced_files(re.sub(r"^baseline: .*$", "", example, flags=re.MULTILINE), tmp_path)  # zoomed maps
    settings = LintSettings(config=ConfigChoice(use=False),
                            overrides=Config(select=(code,), today=datetime.date(2026, 11, 1)))
    failing = lint_paths([str(tmp_path / "fails.yaml")], settings).report.problems
    passing = lint_paths([str(tmp_path / "passes.yaml")], settings).report.problems
    assert [p.code for p in failing if not p.code.startswith(code)] == [], failing
    assert any(p.code == code for p in failing), f"{code}'s failing example does not fail"
    assert passing == [], f"{code}'s passing example fails: {passing}"


DOC = '''Things are wrong.

Why it matters, with `code`.

Options:
- `max` (default `3`): the most.

Fails:
    a: 1
      b: 2

Passes:
    ```yaml
    a: 2
    ```
'''


def test_parse_and_render_a_docstring() -> None:
    rule = SimpleNamespace(CODE="Z001", NAME="things-wrong", SEVERITY=Severity.INFO, OPTIONS={"max": 3, "on": True},
                           __doc__=DOC)
    doc = ruledocs.parse(rule)  # type: ignore[arg-type]
    assert (doc.summary, doc.description, doc.options_text) == (
        "Things are wrong.", "Why it matters, with `code`.", "- `max` (default `3`): the most.")
    assert (doc.fails, doc.passes) == ("a: 1\n  b: 2\n", "a: 2\n")
    assert ruledocs.render_explain(rule) == (  # type: ignore[arg-type]
        "Z001 things-wrong\nDefault severity: info. Options: max: 3, on: true.\n\nThings are wrong.\n\n"
        "Why it matters, with `code`.\n\nOptions:\n- `max` (default `3`): the most.\n\n"
        "Fails:\n    a: 1\n      b: 2\n\nPasses:\n    a: 2\n")
    markdown = ruledocs.render_markdown({"Z001": rule})  # type: ignore[dict-item]
    assert "| [Z001](#z001-things-wrong) | things-wrong | info | `max: 3`, `on: true` | Things are wrong. |" in markdown
    assert markdown.endswith("### Z001 things-wrong\n\nThings are wrong.\n\nDefault severity: **info**. Options: "
                             "`max` (default `3`), `on` (default `true`).\n\nWhy it matters, with `code`.\n\n"
                             "Options:\n\n- `max` (default `3`): the most.\n\nFails:\n\n```yaml\na: 1\n  b: 2\n```\n\n"
                             "Passes:\n\n```yaml\na: 2\n```\n")
    page = ruledocs.render_markdown_page(rule)  # type: ignore[arg-type]
    assert page.startswith("# Z001 things-wrong\n\nThings are wrong.\n\nDefault severity: **info**.")
    assert page.endswith(markdown.split("### Z001 things-wrong\n", 1)[1])


def test_no_problem_code_literal_outside_the_table() -> None:
    # Validation and engine codes are written once, in codes.py; everything else names the constant.
    package = Path(__file__).parents[1] / "src" / "cjmap"
    literal = re.compile(r"[\"'](?:[VLX]0\d\d)[\"']")
    offenders = [f"{path.relative_to(package)}:{number}"
                 for path in sorted(package.rglob("*.py")) if path.name != "codes.py"
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if literal.search(line)]
    assert offenders == []
