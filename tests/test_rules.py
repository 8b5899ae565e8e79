"""Lint rules, data-driven: case files under ``tests/rule_cases/<CODE>/``, the docstring examples, the registry.

A case file is a complete map. ``fail-*.yaml`` files declare what the rule must report in leading
comments, one line per violation in the order the rule reports them::

    # expect: /stages/id=pay 12:5
    # options: {threshold: 0.5}
    # message: stage 'pay' has no steps

``# message:`` lines are optional; when a case has them, they are the messages, in the same order.
``pass-*.yaml`` files must draw nothing from the rule. A ``fail-*.fixed.yaml`` sidecar holds the file
as it must read after every fix of the case is applied.
"""

from __future__ import annotations

import ast
import datetime
import io
import re
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from cjmap import ids
from cjmap.document import Document
from cjmap.lint.rules import RULES
from cjmap.lint.rules.base import LintContext, RuleModule, Violation
from cjmap.problem import Location, Severity
from cjmap.validation.validator import FileResult, validate_bytes

TODAY = datetime.date(2026, 11, 25)
CASES = Path(__file__).parent / "rule_cases"
RULES_DIR = Path(__file__).parents[1] / "src" / "cjmap" / "lint" / "rules"
EXAMPLES = Path(__file__).parents[1] / "examples"
NOT_RULES = {"__init__", "base", "_helpers"}
FIXABLE = {"H005", "R002", "R006", "R007"}
PROJECT_RULES = {code for code, rule in RULES.items() if getattr(rule, "PROJECT", False)}
"""Rules over the maps of a run together: their examples and cases run as projects (tests/test_framework_rules.py)."""
NEEDS_GIT = {"P003"}
"""Rules whose failing examples need a git history (tests/test_framework_rules.py builds one)."""


# --- helpers ---------------------------------------------------------------------------------------------

def validated(content: bytes, name: str, base_dir: Path) -> FileResult:
    """The validation result of a map that must be valid."""
    result = validate_bytes(content, name, base_dir)
    assert result.valid, [problem.as_dict() for problem in result.problems]
    return result


def run(rule: RuleModule, result: FileResult, options: Mapping[str, Any] | None = None) -> list[Violation]:
    """The violations of one rule on a validated map."""
    assert result.journey is not None and result.document is not None
    context = LintContext(journey=result.journey, document=result.document, today=TODAY, file=result.name)
    return list(rule.check(context, {**rule.OPTIONS, **(options or {})}))


def location(document: Document, violation: Violation) -> Location:
    """Where the engine will report a violation."""
    path = document.resolve(violation.path)
    assert path == violation.path, f"path {violation.path} does not exist in the document"
    return document.key_location(path) if violation.at_key else document.value_location(path)


def described(document: Document, violations: list[Violation]) -> list[str]:
    """Violations as ``pointer line:column``, as case files declare them."""
    return [f"{document.pointer(v.path)} {location(document, v).line}:{location(document, v).column}"
            for v in violations]


def header(text: str, key: str) -> list[str]:
    """The values of leading ``# key: value`` comment lines."""
    prefix = f"# {key}:"
    return [line[len(prefix):].strip() for line in text.splitlines() if line.startswith(prefix)]


def case_options(text: str) -> dict[str, Any]:
    """The rule options a case file sets in a leading ``# options: {...}`` line."""
    return roundtrip().load("\n".join(header(text, "options")) or "{}") or {}


def roundtrip() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def apply_fixes(content: str, violations: list[Violation]) -> str:
    """The file text after applying every fix, as ``cjmap lint --fix`` would."""
    yaml = roundtrip()
    data = yaml.load(content)
    for violation in violations:
        if violation.fix is not None:
            violation.fix.apply(data)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def case_files(kind: str) -> list[Path]:
    return sorted(path for path in CASES.glob(f"*/{kind}-*.yaml") if not path.name.endswith(".fixed.yaml"))


def docstring_examples(rule: RuleModule) -> tuple[str, str]:
    """The YAML under ``Fails:`` and ``Passes:`` in a rule's docstring."""
    doc = rule.__doc__ or ""
    match = re.search(r"^Fails:\n(?P<fails>(?:    .*\n|\n)+)Passes:\n(?P<passes>(?:    .*\n|\n)+)\Z", doc, re.M)
    assert match, f"{rule.CODE}: the docstring must end with 'Fails:' and 'Passes:' blocks indented by 4"
    return _dedent(match["fails"]), _dedent(match["passes"])


def _dedent(block: str) -> str:
    return "".join(line[4:] if line.strip() else "\n" for line in block.splitlines(keepends=True)).strip() + "\n"


def with_referenced_files(content: str, folder: Path) -> Path:
    """A folder holding the files a docstring example points at (a baseline map; a zoomed map, of another
    persona), so it validates."""
    for match in re.finditer(r"^baseline: (\S+)$", content, re.M):
        (folder / match[1]).write_text("cjmap: 1\n", encoding="utf-8")
    for match in re.finditer(r"zoom: ([^\s,}]+)", content):
        (folder / match[1]).write_text("cjmap: 1\npersona: {name: Someone else}\n", encoding="utf-8")
    return folder


# --- case files ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", case_files("fail"), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_fail_case_reports_exactly_what_it_declares(case: Path) -> None:
    rule = RULES[case.parent.name]
    text = case.read_text(encoding="utf-8")
    expected = header(text, "expect")
    assert expected, "a fail case declares at least one '# expect:' line"
    options = case_options(text)
    result = validated(text.encode(), str(case), case.parent)
    violations = run(rule, result, options)
    assert described(result.document, violations) == expected  # type: ignore[arg-type]
    messages = header(text, "message")
    if messages:
        assert [violation.message for violation in violations] == messages
    for violation in violations:
        assert violation.message and violation.hint, "every violation teaches: a message and a hint"
        assert "\n" not in violation.message


@pytest.mark.parametrize("case", case_files("pass"), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_pass_case_reports_nothing(case: Path) -> None:
    rule = RULES[case.parent.name]
    text = case.read_text(encoding="utf-8")
    options = case_options(text)
    result = validated(text.encode(), str(case), case.parent)
    assert described(result.document, run(rule, result, options)) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("code", sorted(set(RULES) - PROJECT_RULES - NEEDS_GIT))
def test_every_rule_has_fail_and_pass_cases(code: str) -> None:
    folder = CASES / code
    assert list(folder.glob("fail-*.yaml")), f"{code} has no fail case"
    assert list(folder.glob("pass-*.yaml")), f"{code} has no pass case"


# --- fixes -----------------------------------------------------------------------------------------------

def fixed_cases() -> list[Path]:
    return sorted(CASES.glob("*/fail-*.fixed.yaml"))


@pytest.mark.parametrize("fixed", fixed_cases(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_fixes_edit_the_file_minimally_and_resolve_the_violations(fixed: Path) -> None:
    rule = RULES[fixed.parent.name]
    case = fixed.with_name(fixed.name.replace(".fixed.yaml", ".yaml"))
    text = case.read_text(encoding="utf-8")
    result = validated(text.encode(), str(case), case.parent)
    before = run(rule, result, case_options(text))
    assert any(violation.fix for violation in before)
    after_text = apply_fixes(text, before)
    assert after_text == fixed.read_text(encoding="utf-8")
    # the fixed file is a valid map on which only the violations without a fix remain
    after = validated(after_text.encode(), str(fixed), fixed.parent)
    unfixable = [v for v in before if v.fix is None]
    assert [v.path for v in run(rule, after, case_options(text))] == [v.path for v in unfixable]
    # applying the same fixes again changes nothing
    assert apply_fixes(after_text, before) == after_text


@pytest.mark.parametrize("code", sorted(FIXABLE))
def test_fixable_rules_have_a_fixed_case(code: str) -> None:
    assert list((CASES / code).glob("fail-*.fixed.yaml"))


def test_only_the_fixable_rules_offer_fixes() -> None:
    offering = set()
    for case in case_files("fail"):
        result = validated(case.read_bytes(), str(case), case.parent)
        if any(violation.fix for violation in run(RULES[case.parent.name], result)):
            offering.add(case.parent.name)
    assert offering == FIXABLE


def test_missing_id_fix_converts_short_forms_in_flow_lists() -> None:
    text = ("cjmap: 1\nid: m\ntitle: M\ntype: current-state\nstages:\n  - id: s\n    name: S\n    steps:\n"
            "      - id: t\n        name: T\n        emotion: 2\n"
            "        pain_points: [Slow page, \"Slow page!\"]  # two of a kind\n")
    result = validated(text.encode(), "m.yaml", CASES)
    violations = run(RULES["R006"], result)
    assert [v.fix.description for v in violations if v.fix] == [
        "write it as `{id: slow-page, text: ...}`", "write it as `{id: slow-page-2, text: ...}`"]
    assert apply_fixes(text, violations).endswith(
        "pain_points: [{id: slow-page, text: Slow page}, {id: slow-page-2, text: \"Slow page!\"}] # two of a kind\n")


def test_missing_id_offers_no_fix_for_multi_line_short_forms() -> None:
    text = ("cjmap: 1\nid: m\ntitle: M\ntype: current-state\nstages:\n  - id: s\n    name: S\n    steps:\n"
            "      - id: t\n        name: T\n        emotion: 2\n        opportunities:\n          - |\n"
            "            Call back\n            within a day\n")
    violations = run(RULES["R006"], validated(text.encode(), "m.yaml", CASES))
    assert len(violations) == 1 and violations[0].fix is None
    assert violations[0].hint == "give it a stable slug id such as `id: call-back-within-day`; references and diffs rely on ids"


@pytest.mark.parametrize(("text", "taken", "slug"), [
    ("The form asks for a VAT number before showing anything", set(), "form-asks-vat-number-showing"),
    ("Slow page", {"slow-page"}, "slow-page-2"),
    ("Slow page", {"slow-page", "slow-page-2"}, "slow-page-3"),
    ("¿¡!?", set(), "pain-point"),
    ("The", set(), "the"),
    ("Supercalifragilisticexpialidocious-and-then-some-more-words", set(),
     "supercalifragilisticexpialidocious-some"),
    ("x" * 90, set(), "x" * 40),
])
def test_fresh_ids(text: str, taken: set[str], slug: str) -> None:
    fresh = ids.Allocator(taken)
    assert fresh.new(text, "pain-point", short=True) == slug
    assert slug in fresh.taken
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", slug) and len(slug) <= 80


def test_fresh_ids_count_on_past_taken_suffixes_and_ids_taken_later() -> None:
    taken = {"slow-page", "slow-page-3"}
    fresh = ids.Allocator(taken)
    assert [fresh.new("Slow page", "item", short=True) for _ in range(3)] == ["slow-page-2", "slow-page-4",
                                                                               "slow-page-5"]
    assert fresh.new("Slow page 6", "item", short=True) == "slow-page-6"  # a text whose slug is the next suffix
    assert fresh.new("Slow page", "item", short=True) == "slow-page-7"
    assert fresh.new("Fast page", "item", short=True) == "fast-page"
    assert fresh.taken >= {"slow-page-2", "slow-page-7", "fast-page"}


def test_missing_id_is_linear_in_id_less_items_with_the_same_text() -> None:
    def timed(count: int) -> tuple[float, list[Violation]]:
        lines = ["cjmap: 1", "id: m", "title: M", "type: current-state", "stages:", "  - id: s", "    name: S",
                 "    steps:", "      - id: t", "        name: T", "        emotion: 2", "        pain_points:"]
        lines += ["          - Slow page"] * count
        result = validated(("\n".join(lines) + "\n").encode(), "m.yaml", CASES)
        best, violations = float("inf"), []
        for _ in range(3):  # the best of three, so that a busy machine does not fail the test
            start = time.perf_counter()
            violations = run(RULES["R006"], result)
            best = min(best, time.perf_counter() - start)
        return best, violations

    small_time, _ = timed(500)
    large_time, violations = timed(5000)
    assert [v.fix.description for v in violations[:2] if v.fix] == [
        "write it as `{id: slow-page, text: ...}`", "write it as `{id: slow-page-2, text: ...}`"]
    assert (violations[-1].hint or "").startswith("give it a stable slug id such as `id: slow-page-5000`;")
    # ten times the items: quadratic work would take a hundred times as long
    assert large_time < 30 * max(small_time, 0.005), (small_time, large_time)


# --- docstrings and registry -----------------------------------------------------------------------------

@pytest.mark.parametrize("code", sorted(set(RULES) - PROJECT_RULES))
def test_docstring_examples_fail_and_pass(code: str, tmp_path: Path) -> None:
    rule = RULES[code]
    fails, passes = docstring_examples(rule)
    for example, should_fail in ((fails, code not in NEEDS_GIT), (passes, False)):
        folder = with_referenced_files(example, tmp_path)
        result = validated(example.encode(), str(folder / f"{code}.yaml"), folder)
        assert bool(run(rule, result)) is should_fail, f"{code}: {'Fails' if should_fail else 'Passes'} example"


@pytest.mark.parametrize("code", sorted(RULES))
def test_docstring_structure(code: str) -> None:
    rule = RULES[code]
    doc = rule.__doc__ or ""
    summary, blank, *rest = doc.splitlines()
    assert summary.endswith(".") and not summary.startswith(" ") and blank == "", "a one-line summary first"
    body = "\n".join(rest)
    assert body.index("\nFails:\n") < body.index("\nPasses:\n")
    prose = body.split("\nFails:\n")[0]
    assert len(prose.split()) >= 25, "say why the rule matters"
    if rule.OPTIONS:
        assert "\nOptions:\n" in "\n" + prose + "\n"
        for name in rule.OPTIONS:
            assert f"- `{name}` (default `" in prose, f"option {name} is documented with its default"
    else:
        assert "Options:" not in prose


def registered_modules() -> set[str]:
    return {path.stem for path in RULES_DIR.glob("*.py")} - NOT_RULES


def test_every_rule_module_is_registered_once_in_code_order() -> None:
    assert {rule.__name__.rsplit(".", 1)[1] for rule in RULES.values()} == registered_modules()
    assert list(RULES) == sorted(RULES)
    assert len(set(map(id, RULES.values()))) == len(RULES)
    assert len(RULES) >= 20


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_module_shape(code: str) -> None:
    rule = RULES[code]
    assert rule.CODE == code
    assert re.fullmatch(r"[SRITHCP]\d{3}", code)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)+", rule.NAME)
    assert rule.__name__ == f"cjmap.lint.rules.{rule.NAME.replace('-', '_')}", "the module is named after the rule"
    assert isinstance(rule.SEVERITY, Severity)
    assert isinstance(rule.OPTIONS, dict)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", name) for name in rule.OPTIONS)


def test_names_are_unique() -> None:
    names = [rule.NAME for rule in RULES.values()]
    assert len(names) == len(set(names))


def test_every_function_in_the_rules_package_is_annotated() -> None:
    for path in RULES_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
                missing = [arg.arg for arg in args if arg.annotation is None and arg.arg != "self"]
                assert node.returns is not None and not missing, f"{path.name}: {node.name} is not annotated"


def test_rules_never_call_date_today_or_print() -> None:
    for path in RULES_DIR.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "date.today(" not in source and "datetime.now(" not in source and "print(" not in source, path.name


# --- the bundled examples, determinism, speed ------------------------------------------------------------

def lint(result: FileResult) -> list[str]:
    """Every finding of every rule a default run uses (opt-in rules are not), as ``line:column CODE pointer``."""
    found = []
    for code, rule in RULES.items():
        if getattr(rule, "OPT_IN", False):
            continue
        for violation in run(rule, result):
            where = location(result.document, violation)  # type: ignore[arg-type]
            found.append(f"{where.line}:{where.column} {code} {result.document.pointer(violation.path)}")  # type: ignore[union-attr]
    return found


def test_bundled_examples_lint_nearly_clean() -> None:
    found = {}
    for path in sorted(EXAMPLES.glob("*.yaml")):
        found[path.name] = lint(validated(path.read_bytes(), str(path), path.parent))
    assert found == {
        "cafe-order.blueprint.yaml": [],
        "commuter-day.yaml": [],
        "trial-onboarding.current.yaml": [],
        "trial-onboarding.future.yaml": [
            "67:13 I005 /stages/id=first-use/steps/id=creates-invoice/opportunities/id=invoice-templates"],
    }


def big_map(steps: int) -> str:
    """A map of ``steps`` steps in stages of ten, touching every rule's inputs."""
    lines = ["cjmap: 1", "id: big", "title: Big", "type: service-blueprint", "scale: -2..2",
             "channels: {web: Website, app: App}", "stages:"]
    for n in range(steps):
        if n % 10 == 0:
            lines += [f"  - id: stage-{n}", f"    name: 'Stage #{n}'", "    steps:"]
        lines += [f"      - id: step-{n}", f"        name: Step {n % 3}", f"        channel: {'web' if n % 2 else 'app'}",
                  f"        emotion: {{score: {(n * 7) % 5 - 2}, label: frustrated}}",
                  "        frontstage: []",
                  f"        pain_points: [{{text: Pain {n}, severity: high}}]",
                  f"        opportunities: [{{text: Idea {n}, addresses: []}}]",
                  f"        kpis: [{{name: KPI {n}}}]"]
    return "\n".join(lines) + "\n"


def test_rules_are_linear_and_deterministic() -> None:
    small = validated(big_map(200).encode(), "small.yaml", CASES)
    large = validated(big_map(2000).encode(), "large.yaml", CASES)
    start = time.perf_counter()
    small_found = lint(small)
    small_time = time.perf_counter() - start
    start = time.perf_counter()
    large_found = lint(large)
    large_time = time.perf_counter() - start
    assert len(large_found) > 9 * len(small_found) > 0
    assert large_time < 2.0 and large_time < 40 * max(small_time, 0.005), (small_time, large_time)
    assert lint(large) == large_found
