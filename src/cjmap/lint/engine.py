"""The lint engine: run the configured rules on maps that validate, and gather one report.

Per file (one :func:`cjmap.run.run` loop, the file read once into a Source): validate it (validation problems are reported and stop lint for that
file), find the configuration that applies, run the active rules, turn their violations into located
:class:`~cjmap.problem.Problem` values, and drop the ones an inline suppression silences. With fixing on,
the safe fixes of the remaining violations are applied round-trip (see :mod:`cjmap.lint.fix`) and the map is
linted again, until nothing more changes.
"""

from __future__ import annotations

import codecs
import datetime
import functools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path as FilePath

from cjmap import cache, codes, roundtrip
from cjmap import config as configuration
from cjmap.config import Config
from cjmap.discovery import ConfigChoice, Exclusion
from cjmap.lint import selection, suppression
from cjmap.lint.fix import FileFix, apply_fixes
from cjmap.lint.project import is_project_rule, project_problems
from cjmap.lint.rules.base import Fix, LintContext, RuleModule, Violation
from cjmap.lint.selection import ActiveRule
from cjmap.problem import Problem, Severity
from cjmap.report import Report
from cjmap.run import run
from cjmap.source import STDIN, Source, read
from cjmap.validation.validator import FileResult, validate_file

FIX_PASSES = 5
"""Most rounds of lint-then-fix per file; one or two are enough for every rule's fix."""


@dataclass(frozen=True)
class LintSettings:
    """What the command line asks of a lint run."""

    config: ConfigChoice = ConfigChoice()
    """The configuration files read: the nearest one to each map (default), one given file (``--config``), or
    none (``--no-config``)."""
    overrides: Config = field(default_factory=lambda: Config(source="command line"))
    """Settings given on the command line; they win over the configuration file."""
    rules: Mapping[str, RuleModule] | None = None
    """The rule registry; ``None`` means :data:`cjmap.lint.rules.RULES`."""


@dataclass
class FileLint:
    """The outcome of linting one file: its problems and the fixes on offer."""

    result: FileResult
    problems: list[Problem] = field(default_factory=list)
    fixes: list[tuple[Problem, Fix]] = field(default_factory=list)


@dataclass
class LintRun:
    """Everything a lint command needs to report: problems, fixes, and the paths that went wrong."""

    report: Report
    fixes: list[FileFix] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unreadable: bool = False


def registry() -> Mapping[str, RuleModule]:
    """The registered rules, keyed by code."""
    from cjmap.lint.rules import RULES

    return RULES


class Linter:
    """Runs rules with the configuration that applies to each file (found once per folder)."""

    def __init__(self, settings: LintSettings | None = None) -> None:
        self.settings = settings or LintSettings()
        self.rules = self.settings.rules if self.settings.rules is not None else registry()
        self._config_by_folder: dict[FilePath, Config] = {}
        self._active: dict[tuple[int, tuple[str, ...]], tuple[Config, list[ActiveRule], datetime.date]] = {}
        self._explicit: Config | None = None
        self._isolated = Config()

    def base_config(self, name: str) -> Config:
        """The configuration file's settings for file ``name`` (found once per folder); raises ConfigError."""
        choice = self.settings.config
        if not choice.use:
            base = self._isolated
        elif (given := choice.given()) is not None:
            if self._explicit is None:
                self._explicit = configuration.read_config(given)
            base = self._explicit
        else:
            folder = FilePath.cwd() if name in (STDIN, "<stdin>") else FilePath(name).parent
            base = self._config_by_folder.get(folder)  # type: ignore[assignment]
            if base is None:
                found = configuration.find_config(folder)
                base = configuration.read_config(found) if found is not None else Config()
                self._config_by_folder[folder] = base
        return base

    def config_file(self, name: str) -> str | None:
        """The configuration file in force for file ``name`` (``--config``, else the nearest), or None."""
        choice = self.settings.config
        if not choice.use:
            return None
        if choice.file is not None:
            return choice.file
        from cjmap.validation.project import config_file

        return config_file(FilePath.cwd() if name in (STDIN, "<stdin>") else FilePath(name).parent)

    def active_rules(self, name: str) -> tuple[list[ActiveRule], datetime.date]:
        """The rules in force for file ``name`` and the date that counts as today."""
        base = self.base_config(name)
        ignored = base.ignored_for(name)  # the per-file-ignores that cover this file
        key = (id(base), ignored)  # configurations hold dicts: cached by identity (each is kept alive)
        if key not in self._active:
            # Command-line selectors are checked under their own name, so errors point at the right place.
            overrides = self.settings.overrides
            for selector in (*(overrides.select or ()), *overrides.ignore):
                selection.check_selector(selector, self.rules, "command line")
            config = base.overridden(overrides).ignoring(ignored)
            self._active[key] = (base, selection.resolve_rules(config, self.rules),
                                 config.today or datetime.date.today())
        _, rules, today = self._active[key]
        return rules, today

    def shape(self, name: str) -> str:
        """What shapes file ``name``'s lint result besides its bytes: the rules in force, with their severity
        and options, and the date that counts as today (the key of its result cache entry)."""
        rules, today = self.active_rules(name)
        return json.dumps([today.isoformat(), sorted(self.rules),
                           [[rule.code, rule.severity.label, rule.options] for rule in rules]],
                          sort_keys=True, default=repr)

    def lint(self, result: FileResult, text: str | None) -> FileLint:
        """Lint one validated file; ``text`` is its source, for suppression comments."""
        linted = FileLint(result, list(result.problems))
        if not result.valid or result.journey is None or result.document is None:
            return linted
        rules, today = self.active_rules(result.name)
        document = result.document
        context = LintContext(journey=result.journey, document=document, today=today, file=result.name)
        suppressions = suppression.scan(text) if text is not None else suppression.Suppressions()
        known = {rule.CODE: rule for rule in self.rules.values()}
        linted.problems += _directive_problems(result.name, suppressions, self.rules)
        ran: set[str] = set()  # rules that ran to the end; only their suppressions can be judged unused
        for rule in rules:
            if is_project_rule(rule):
                continue  # judged over the whole run (cjmap.lint.project); its suppressions are not judged here
            try:
                violations = list(rule.module.check(context, rule.options))
            except Exception as exc:  # noqa: BLE001 - a broken rule is reported, not a crash of the run
                linted.problems.append(Problem.of(codes.RULE_FAILED, result.name, document.value_location(()),
                                               f"rule {rule.code} ({rule.name}) failed on this map: "
                                               f"{type(exc).__name__}: {exc}",
                                               hint="this is a bug in cjmap; please report it"))
                continue
            ran.add(rule.code)
            for violation in violations:
                problem = to_problem(violation, rule, result)
                picks = _picker(known[rule.code])
                if suppressions.silences(problem.location.line, picks):
                    continue
                linted.problems.append(problem)
                if violation.fix is not None:
                    linted.fixes.append((problem, violation.fix))
        linted.problems += suppression.unused_problems(result.name, suppressions, self.rules, ran)
        linted.problems = sorted(set(linted.problems))
        return linted


def _picker(rule: RuleModule) -> Callable[[str], bool]:
    """A test of whether a selector names ``rule``."""
    return lambda selector: selection.matches(selector, rule)


def to_problem(violation: Violation, rule: ActiveRule, result: FileResult) -> Problem:
    """A located problem from a rule's violation."""
    document = result.document
    assert document is not None
    path = violation.path
    if violation.at_key and path in document.keys:
        location = document.keys[path]
    else:
        location = document.value_location(document.resolve(path))
    return Problem(file=result.name, location=location, code=rule.code, name=rule.name, message=violation.message,
                   severity=rule.severity, path=document.pointer(path), hint=violation.hint,
                   fixable=violation.fix is not None)


def _directive_problems(name: str, found: suppression.Suppressions,
                        rules: Mapping[str, RuleModule]) -> list[Problem]:
    """Problems with suppression comments: unreadable ones, and names that match no rule."""
    from cjmap.problem import Location

    problems = []
    for directive in found.directives:
        where = Location(directive.line, directive.column)
        if directive.error:
            problems.append(Problem.of(codes.INVALID_SUPPRESSION, name, where, directive.error,
                                       severity=Severity.WARNING))
            continue
        for selector in directive.selectors:
            if not any(selection.matches(selector, rule) for rule in rules.values()):
                problems.append(Problem.of(codes.INVALID_SUPPRESSION, name, where,
                                           f"'{directive.action}={selector}' names no rule",
                                           severity=Severity.WARNING,
                                           hint="name rules by code (S001), code prefix (S) or name; "
                                                "'cjmap rules' lists them"))
    return problems


def lint_results(results: Sequence[FileResult], settings: LintSettings | None = None,
                 texts: Mapping[str, str] | None = None) -> Report:
    """Lint already validated files; suppression comments come from ``texts``, else from each document's
    source, else (results built from bare bytes) from the file read again."""
    linter = Linter(settings)
    report = Report("lint", [result.name for result in results])
    for result in results:
        report.add(linter.lint(result, (texts or {}).get(result.name) or _text_of(result)).problems)
    return report


def _text_of(result: FileResult) -> str | None:
    if result.document is not None and result.document.source is not None:
        return result.document.source.text
    if not result.valid or result.name == "<stdin>":
        return None
    try:
        return read(result.name).text
    except OSError:
        return None


def _lint_file(linter: Linter, fix: bool, source: Source) -> tuple[list[Problem], FileFix | None]:
    """Validate and lint one file; with ``fix``, also compute its fixed text (writing is the caller's)."""
    result = validate_file(source)
    linted = linter.lint(result, source.text)
    if fix and linted.fixes and source.text is not None:
        file_fix, linted = _fix(linter, source, linted)
        return linted.problems, file_fix
    return linted.problems, None


def lint_paths(paths: list[str], settings: LintSettings | None = None, fix: bool = False,
               jobs: int | None = None, *, exclusion: Exclusion | None = None,
               store: cache.Store | None = None) -> LintRun:
    """Lint every selected file; with ``fix``, compute the fixed text of each (writing is the caller's).
    Folders are searched under ``exclusion``; results are kept in ``store`` (never when fixing)."""
    linter = Linter(settings)

    def configure(names: Sequence[str]) -> None:
        # Configuration errors surface here, before any worker starts; the workers inherit the caches.
        for name in names:
            linter.active_rules(name)

    # Fixing writes files: it never trusts a kept result.
    keeping = None if fix else cache.Keeping(command="lint", shape=linter.shape, to_problems=_problems_of,
                                             from_problems=_unfixed)
    done = run(paths, functools.partial(_lint_file, linter, fix), jobs, before=configure, exclusion=exclusion,
               keeping=keeping, store=store)
    lint_run = LintRun(Report("lint", done.names), missing=done.missing, unreadable=done.unreadable)
    for outcome in done.outcomes:
        if outcome.problem is not None:
            lint_run.report.add([outcome.problem])
        if outcome.value is None:
            continue
        problems, file_fix = outcome.value
        lint_run.report.add(problems)
        if file_fix is not None:
            lint_run.fixes.append(file_fix)
    valid = [outcome.name for outcome in done.outcomes if outcome.value is not None and outcome.name != "<stdin>"
             and not any(problem.code.startswith("V") and problem.severity is Severity.ERROR
                         and problem.file == outcome.name for problem in outcome.value[0])]
    lint_run.report.add(project_problems(valid, paths, rules_for=lambda name: linter.active_rules(name)[0],
                                         config_for=linter.base_config, config_file=linter.config_file))
    return lint_run


def _problems_of(value: tuple[list[Problem], FileFix | None]) -> list[Problem]:
    return value[0]


def _unfixed(problems: list[Problem]) -> tuple[list[Problem], FileFix | None]:
    return problems, None


def fix_source(source: Source, settings: LintSettings | None = None) -> FileFix:
    """Every safe fix of one source, applied round by round as ``--fix`` applies them; nothing is written."""
    linter = Linter(settings)
    linted = linter.lint(validate_file(source), source.text)
    if not linted.fixes or source.text is None:
        return FileFix(source.display, source.text or "", source.text or "")
    return _fix(linter, source, linted)[0]


def _fix(linter: Linter, source: Source, linted: FileLint) -> tuple[FileFix, FileLint]:
    """Apply fixes round by round until none is left; returns what changed and the final lint."""
    text = source.text
    assert text is not None
    file_fix = FileFix(source.display, text, text, bom=source.content.startswith(codecs.BOM_UTF8))
    try:
        source.content.decode("utf-8-sig")
    except UnicodeDecodeError:
        file_fix.refused = "the file is not UTF-8; cjmap writes fixes to UTF-8 files only"
        return file_fix, linted
    for _ in range(FIX_PASSES):
        if not linted.fixes:
            break
        # Later places first, so list edits do not shift the paths of fixes still to come.
        fixes = [fix for _, fix in sorted(linted.fixes, key=lambda item: item[0], reverse=True)]
        outcome = apply_fixes(file_fix.after, fixes)
        if outcome.refused is not None:
            file_fix.refused = outcome.refused
            break
        if outcome.text == file_fix.after:
            break
        fixed = Source.of(source.name, roundtrip.encode(outcome.text, file_fix.bom))
        result = validate_file(fixed)
        if not result.valid:
            problem = result.problems[0]
            file_fix.refused = (f"the fixes would leave the map invalid ({problem.code} at line "
                                f"{problem.location.line}: {problem.message}); nothing was changed")
            break
        file_fix.after = outcome.text
        file_fix.applied += outcome.applied
        linted = linter.lint(result, fixed.text)
    if file_fix.refused is not None:
        file_fix.after = file_fix.before
        file_fix.applied = []
        linted = linter.lint(validate_file(source), text)
    return file_fix, linted


def exit_code(report: Report, fail_on: Severity = Severity.ERROR, max_warnings: int | None = None) -> int:
    """1 when a problem reaches ``fail_on`` or warnings exceed ``max_warnings``, else 0."""
    return 1 if report.fails(fail_on, max_warnings) else 0

