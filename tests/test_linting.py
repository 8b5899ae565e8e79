"""The lint engine with small rules of its own: selection, severities, options, locations, suppressions."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from cjmap.config import Config, ConfigError
from cjmap.discovery import ConfigChoice
from cjmap.lint.engine import LintSettings, exit_code, lint_paths, lint_results
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Location, Problem, Severity
from cjmap.report import Report
from cjmap.validation.validator import validate_file

MAP = """\
cjmap: 1
id: checkout
title: Online checkout
type: current-state
reviewed: 2026-01-01
stages:
  - id: pay
    name: Pay
    steps:
      - id: card
        name: Enters card details
        emotion: 2
      - id: done
        name: Sees confirmation
        emotion: 4
  - id: empty
    name: Nothing here
"""


def empty_stages(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    for index, stage in enumerate(context.journey.stages):
        if not stage.steps:
            yield Violation(("stages", index), f"stage '{stage.id}' has no steps")


def low_steps(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    for s, stage in enumerate(context.journey.stages):
        for t, step in enumerate(stage.steps):
            if step.emotion is not None and step.emotion.score < options["threshold"]:
                yield Violation(("stages", s, "steps", t, "emotion"), f"step '{step.id}' scores low",
                                hint="look into it")


def old_review(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    reviewed = context.journey.reviewed
    if reviewed is not None and (context.today - reviewed).days > options["days"]:
        yield Violation(("reviewed",), f"reviewed {(context.today - reviewed).days} days ago", at_key=True)


def missing_owner(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    if context.journey.owner is None:
        yield Violation(("owner",), "no owner")


def crashing(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    raise ZeroDivisionError("division by zero")
    yield  # pragma: no cover


def rule(code: str, name: str, check: Any, severity: Severity = Severity.WARNING, **options: Any) -> Any:
    return SimpleNamespace(CODE=code, NAME=name, SEVERITY=severity, OPTIONS=options, check=check,
                           __doc__=f"{name}.")


RULES: dict[str, Any] = {
    "T001": rule("T001", "stage-without-steps", empty_stages),
    "T002": rule("T002", "low-step", low_steps, Severity.INFO, threshold=3),
    "T003": rule("T003", "old-review", old_review, Severity.ERROR, days=90),
    "T004": rule("T004", "missing-owner", missing_owner, Severity.INFO),
}
TODAY = datetime.date(2026, 4, 11)


def settings(**overrides: Any) -> LintSettings:
    return LintSettings(config=ConfigChoice(use=False), rules=RULES,
                        overrides=Config(source="command line", **{"today": TODAY, **overrides}))


def write_map(folder: Path, text: str = MAP, name: str = "map.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def lines(report: Report) -> list[str]:
    return [f"{p.location.line}:{p.location.column} {p.code} {p.severity.label} {p.path} {p.message}"
            for p in report.sorted_problems()]


def test_every_rule_runs_with_default_severities_and_locations(tmp_path: Path) -> None:
    path = write_map(tmp_path)
    report = lint_paths([str(path)], settings()).report
    assert report.command == "lint"
    assert report.files == [str(path)]
    assert lines(report) == [
        "1:1 T004 info /owner no owner",
        "5:1 T003 error /reviewed reviewed 100 days ago",  # at_key: the key's location
        "12:18 T002 info /stages/id=pay/steps/id=card/emotion step 'card' scores low",
        "16:5 T001 warning /stages/id=empty stage 'empty' has no steps",
    ]
    low = next(p for p in report.problems if p.code == "T002")
    assert (low.name, low.hint, low.fixable) == ("low-step", "look into it", False)


def test_options_severities_selection_and_today(tmp_path: Path) -> None:
    path = write_map(tmp_path)
    report = lint_paths([str(path)], settings(
        select=("T0",), ignore=("missing-owner",), severity={"T": Severity.ERROR, "T002": Severity.WARNING},
        options={"low-step": {"threshold": 5}, "T003": {"days": 101}})).report
    assert lines(report) == [
        "12:18 T002 warning /stages/id=pay/steps/id=card/emotion step 'card' scores low",
        "15:18 T002 warning /stages/id=pay/steps/id=done/emotion step 'done' scores low",
        "16:5 T001 error /stages/id=empty stage 'empty' has no steps",
    ]


def test_config_file_found_per_folder(tmp_path: Path) -> None:
    strict = write_map(tmp_path / "strict")
    (tmp_path / "strict" / ".cjmap.yaml").write_text("select: [T003]\ntoday: 2026-12-01\n")
    loose = write_map(tmp_path / "loose")
    (tmp_path / "loose" / ".cjmap.yaml").write_text("select: [T003]\ntoday: 2026-01-02\n")
    report = lint_paths([str(tmp_path)], LintSettings(rules=RULES)).report
    assert [(p.file, p.message) for p in report.sorted_problems()] == [
        (str(strict), "reviewed 334 days ago"),
    ]
    assert sorted(report.files) == sorted([str(strict), str(loose)])


def test_command_line_today_beats_the_config(tmp_path: Path) -> None:
    path = write_map(tmp_path)
    (tmp_path / ".cjmap.yaml").write_text("select: [T003]\ntoday: 2026-12-01\n")
    run = lint_paths([str(path)], LintSettings(rules=RULES, overrides=Config(today=datetime.date(2026, 1, 5))))
    assert run.report.problems == []


def test_explicit_config_file(tmp_path: Path) -> None:
    path = write_map(tmp_path / "maps")
    config = tmp_path / "ci.yaml"
    config.write_text("select: [T001]\n")
    report = lint_paths([str(path)], LintSettings(config=ConfigChoice(file=str(config)), rules=RULES)).report
    assert [p.code for p in report.problems] == ["T001"]
    with pytest.raises(ConfigError, match="no-such.yaml: no such configuration file"):
        lint_paths([str(path)], LintSettings(config=ConfigChoice(file=str(tmp_path / "no-such.yaml")), rules=RULES))


def test_bad_config_raises_with_file_and_fault(tmp_path: Path) -> None:
    path = write_map(tmp_path)
    (tmp_path / ".cjmap.yaml").write_text("ignore: [T999]\n")
    with pytest.raises(ConfigError, match=r"\.cjmap\.yaml:1:1: 'T999' matches no rule"):
        lint_paths([str(path)], LintSettings(rules=RULES))


def test_command_line_selector_errors_name_the_command_line(tmp_path: Path) -> None:
    path = write_map(tmp_path)
    with pytest.raises(ConfigError, match=r"^command line: 'Q' matches no rule"):
        lint_paths([str(path)], settings(select=("Q",)))


def test_invalid_maps_get_validation_problems_only(tmp_path: Path) -> None:
    path = write_map(tmp_path, MAP.replace("type: current-state", "type: curent-state"))
    report = lint_paths([str(path)], settings()).report
    assert [(p.code, p.severity) for p in report.problems] == [("V023", Severity.ERROR)]


def test_unreadable_and_missing_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = lint_paths([str(tmp_path / "nope.yaml")], settings())
    assert run.missing == [str(tmp_path / "nope.yaml")]

    def refuse(name: str) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("cjmap.source.read_bytes", refuse)
    run = lint_paths([str(write_map(tmp_path))], settings())
    assert run.unreadable
    assert lines(run.report) == ["1:1 V001 error  cannot read file: Permission denied"]


def test_suppressions_silence_by_line_block_and_file(tmp_path: Path) -> None:
    text = MAP.replace("reviewed: 2026-01-01", "reviewed: 2026-01-01  # cjmap: disable-line=old-review")
    text = text.replace("      - id: card\n", "      # cjmap: disable=T002\n      - id: card\n")
    text = text.replace("      - id: done\n", "      # cjmap: enable=T002\n      - id: done\n")
    text = "# cjmap: disable-file=T004\n" + text
    path = write_map(tmp_path, text)
    report = lint_paths([str(path)], settings(options={"T002": {"threshold": 5}})).report
    assert lines(report) == [
        "18:18 T002 info /stages/id=pay/steps/id=done/emotion step 'done' scores low",
        "19:5 T001 warning /stages/id=empty stage 'empty' has no steps",
    ]


def test_bad_suppressions_are_reported(tmp_path: Path) -> None:
    text = MAP.replace("id: checkout", "id: checkout  # cjmap: disable-line=T0,Z123\n# cjmap: disable-lines")
    report = lint_paths([str(write_map(tmp_path, text))], settings(select=("T001",))).report
    assert lines(report) == [
        "2:15 L001 warning  'disable-line=Z123' names no rule",
        "3:1 L001 warning  unknown suppression 'disable-lines'; use one of disable-line, disable-next-line, "
        "disable, enable, disable-file",
        "17:5 T001 warning /stages/id=empty stage 'empty' has no steps",
    ]


def test_a_crashing_rule_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    rules = {**RULES, "T009": rule("T009", "crasher", crashing)}
    report = lint_paths([str(write_map(tmp_path))], LintSettings(config=ConfigChoice(use=False), rules=rules,
                                                                  overrides=Config(select=("T009", "T001")))).report
    assert lines(report) == [
        "1:1 L002 error  rule T009 (crasher) failed on this map: ZeroDivisionError: division by zero",
        "16:5 T001 warning /stages/id=empty stage 'empty' has no steps",
    ]


def test_lint_results_reads_suppressions_from_disk(tmp_path: Path) -> None:
    path = write_map(tmp_path, MAP.replace("  - id: empty", "  # cjmap: disable-next-line\n  - id: empty"))
    report = lint_results([validate_file(str(path))], settings(select=("T001",)))
    assert report.problems == []


def test_exit_code() -> None:
    def report(*severities: Severity) -> Report:
        return Report("lint", ["m"], [Problem(file="m", location=Location(), code="T", name="t", message=str(i), severity=s) for i, s in enumerate(severities)])

    assert exit_code(report()) == 0
    assert exit_code(report(Severity.WARNING, Severity.INFO)) == 0
    assert exit_code(report(Severity.ERROR)) == 1
    assert exit_code(report(Severity.WARNING), Severity.WARNING) == 1
    assert exit_code(report(Severity.INFO), Severity.WARNING) == 0
    assert exit_code(report(Severity.INFO), Severity.INFO) == 1
    assert exit_code(report(Severity.WARNING, Severity.WARNING), max_warnings=2) == 0
    assert exit_code(report(Severity.WARNING, Severity.WARNING), max_warnings=1) == 1


def test_registered_rules_do_not_clash_with_engine_codes() -> None:
    from cjmap.lint.rules import RULES as REGISTERED

    assert not [code for code in REGISTERED if code.startswith("L")]
    assert all(code == module.CODE for code, module in REGISTERED.items())
    names = [module.NAME for module in REGISTERED.values()]
    assert len(names) == len(set(names))


def test_examples_lint_without_engine_findings() -> None:
    examples = Path(__file__).parent.parent / "examples"
    run = lint_paths([str(examples)], LintSettings(config=ConfigChoice(use=False),
                                                   overrides=Config(today=datetime.date(2026, 11, 1))))
    assert not run.missing and not run.unreadable
    assert not [p for p in run.report.problems if p.code.startswith(("V", "L"))]
