"""The lint engine: run the configured rules on maps that validate, and gather one report.

Per file: read the bytes once, validate them (validation problems are reported and stop lint for that
file), find the configuration that applies, run the active rules, turn their violations into located
:class:`~cjmap.problem.Problem` values, and drop the ones an inline suppression silences. With fixing on,
the safe fixes of the remaining violations are applied round-trip (see :mod:`cjmap.lint.fix`) and the map is
linted again, until nothing more changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path as FilePath

from cjmap.lint import config as configuration
from cjmap.lint.fix import apply_fixes, encode
from cjmap.lint import suppression
from cjmap.lint.config import ActiveRule, Config, ConfigError
from cjmap import codes
from cjmap.discovery import select
from cjmap.loader import LoadError, decode
from cjmap.parallel import map_files
from cjmap.problem import Problem, Severity
from cjmap.report import Report
from cjmap.lint.rules.base import Fix, LintContext, RuleModule, Violation
from cjmap.source import STDIN, read_bytes
from cjmap.validation.validator import FileResult, validate_bytes

FIX_PASSES = 5
"""Most rounds of lint-then-fix per file; one or two are enough for every rule's fix."""


@dataclass(frozen=True)
class LintSettings:
    """What the command line asks of a lint run."""

    config_file: str | None = None
    """An explicit configuration file (``--config``); otherwise the nearest one to each map is used."""
    isolated: bool = False
    """Ignore configuration files altogether (``--no-config``)."""
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
class FileFix:
    """What fixing did to one file: the text before and after, what was applied, and any refusal."""

    name: str
    before: str
    after: str
    applied: list[str] = field(default_factory=list)
    refused: str | None = None
    bom: bool = False

    @property
    def changed(self) -> bool:
        return self.after != self.before


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
        self._active: dict[int, tuple[Config, list[ActiveRule], datetime.date]] = {}
        self._explicit: Config | None = None
        self._isolated = Config()

    def base_config(self, name: str) -> Config:
        """The configuration file's settings for file ``name`` (found once per folder); raises ConfigError."""
        if self.settings.isolated:
            base = self._isolated
        elif self.settings.config_file is not None:
            if self._explicit is None:
                path = FilePath(self.settings.config_file)
                if not path.is_file():
                    raise ConfigError(f"{path}: no such configuration file")
                self._explicit = configuration.read_config(path)
            base = self._explicit
        else:
            folder = FilePath.cwd() if name in (STDIN, "<stdin>") else FilePath(name).parent
            base = self._config_by_folder.get(folder)  # type: ignore[assignment]
            if base is None:
                found = configuration.find_config(folder)
                base = configuration.read_config(found) if found is not None else Config()
                self._config_by_folder[folder] = base
        return base

    def active_rules(self, name: str) -> tuple[list[ActiveRule], datetime.date]:
        """The rules in force for file ``name`` and the date that counts as today."""
        base = self.base_config(name)
        key = id(base)  # configurations hold dicts, so they are cached by identity (each is kept alive)
        if key not in self._active:
            # Command-line selectors are checked under their own name, so errors point at the right place.
            overrides = self.settings.overrides
            for selector in (*(overrides.select or ()), *overrides.ignore):
                configuration.check_selector(selector, self.rules, "command line")
            config = base.overridden(overrides)
            self._active[key] = (base, configuration.resolve_rules(config, self.rules),
                                 config.today or datetime.date.today())
        _, rules, today = self._active[key]
        return rules, today

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
        for rule in rules:
            try:
                violations = list(rule.module.check(context, rule.options))
            except Exception as exc:  # noqa: BLE001 - a broken rule is reported, not a crash of the run
                linted.problems.append(Problem.of(codes.RULE_FAILED, result.name, document.value_location(()),
                                               f"rule {rule.code} ({rule.name}) failed on this map: "
                                               f"{type(exc).__name__}: {exc}",
                                               hint="this is a bug in cjmap; please report it"))
                continue
            for violation in violations:
                problem = to_problem(violation, rule, result)
                picks = _picker(known[rule.code])
                if suppressions.silences(problem.location.line, picks):
                    continue
                linted.problems.append(problem)
                if violation.fix is not None:
                    linted.fixes.append((problem, violation.fix))
        linted.problems = sorted(set(linted.problems))
        return linted


def _picker(rule: RuleModule) -> Callable[[str], bool]:
    """A test of whether a selector names ``rule``."""
    return lambda selector: configuration.matches(selector, rule)


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
            if not any(configuration.matches(selector, rule) for rule in rules.values()):
                problems.append(Problem.of(codes.INVALID_SUPPRESSION, name, where,
                                           f"'{directive.action}={selector}' names no rule",
                                           severity=Severity.WARNING,
                                           hint="name rules by code (S001), code prefix (S) or name; "
                                                "'cjmap rules' lists them"))
    return problems


def read_source(name: str) -> tuple[bytes | None, Problem | None]:
    """The bytes of ``name``, or the V001 problem saying why it cannot be read."""
    from cjmap.problem import Location

    try:
        return read_bytes(name), None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return None, Problem.of(codes.UNREADABLE, name, Location(), f"cannot read file: {reason}")


def _validate(content: bytes, name: str) -> tuple[FileResult, str | None]:
    """Validate ``content``; also returns its text when it decodes, for suppression comments."""
    display = "<stdin>" if name == STDIN else name
    base_dir = FilePath.cwd() if name == STDIN else FilePath(name).parent
    result = validate_bytes(content, display, base_dir)
    try:
        text = decode(content, display)
    except LoadError:
        text = None
    return result, text


def lint_results(results: Sequence[FileResult], settings: LintSettings | None = None,
                 texts: Mapping[str, str] | None = None) -> Report:
    """Lint already validated files (texts for suppressions are read again when not given)."""
    linter = Linter(settings)
    report = Report("lint", [result.name for result in results])
    for result in results:
        text = (texts or {}).get(result.name)
        if text is None and result.valid and result.name != "<stdin>":
            content, _ = read_source(result.name)
            text = _decode_or_none(content, result.name)
        report.add(linter.lint(result, text).problems)
    return report


def _decode_or_none(content: bytes | None, name: str) -> str | None:
    if content is None:
        return None
    try:
        return decode(content, name)
    except LoadError:
        return None


_LINTER: Linter | None = None
"""The linter forked workers use (set just before they start)."""


def _lint_one(name: str) -> tuple[str, list[Problem], bool]:
    """Read, validate and lint one file with the prepared linter: (shown name, problems, unreadable)."""
    assert _LINTER is not None
    content, unreadable = read_source(name)
    if content is None:
        assert unreadable is not None
        return name, [unreadable], True
    result, text = _validate(content, name)
    return result.name, _LINTER.lint(result, text).problems, False


def lint_paths(paths: list[str], settings: LintSettings | None = None, fix: bool = False,
               jobs: int | None = None) -> LintRun:
    """Lint every selected file; with ``fix``, compute the fixed text of each (writing is the caller's)."""
    global _LINTER
    linter = Linter(settings)
    selection = select(paths)
    run = LintRun(Report("lint"), missing=selection.missing)
    if not fix:
        for name in selection.files:
            linter.active_rules(name)  # configuration errors surface here, before any worker starts
        _LINTER = linter
        try:
            outcomes = map_files(_lint_one, selection.files, jobs)
        finally:
            _LINTER = None
        for shown, problems, unreadable in outcomes:
            run.unreadable |= unreadable
            run.report.files.append(shown)
            run.report.add(problems)
        return run
    for name in selection.files:
        content, unreadable = read_source(name)
        if content is None:
            assert unreadable is not None
            run.unreadable = True
            run.report.files.append(name)
            run.report.add([unreadable])
            continue
        result, text = _validate(content, name)
        run.report.files.append(result.name)
        linted = linter.lint(result, text)
        if linted.fixes and text is not None:
            file_fix, linted = _fix(linter, name, content, text, linted)
            run.fixes.append(file_fix)
        run.report.add(linted.problems)
    return run


def _fix(linter: Linter, name: str, content: bytes, text: str, linted: FileLint) -> tuple[FileFix, FileLint]:
    """Apply fixes round by round until none is left; returns what changed and the final lint."""
    file_fix = FileFix(linted.result.name, text, text, bom=content.startswith(b"\xef\xbb\xbf"))
    try:
        content.decode("utf-8-sig")
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
        result, new_text = _validate(encode(outcome.text, file_fix.bom), name)
        if not result.valid:
            problem = result.problems[0]
            file_fix.refused = (f"the fixes would leave the map invalid ({problem.code} at line "
                                f"{problem.location.line}: {problem.message}); nothing was changed")
            break
        file_fix.after = outcome.text
        file_fix.applied += outcome.applied
        linted = linter.lint(result, new_text)
    if file_fix.refused is not None:
        file_fix.after = file_fix.before
        file_fix.applied = []
        linted = linter.lint(*_validate(content, name))
    return file_fix, linted


def exit_code(report: Report, fail_on: Severity = Severity.ERROR, max_warnings: int | None = None) -> int:
    """1 when a problem reaches ``fail_on`` or warnings exceed ``max_warnings``, else 0."""
    if any(problem.severity >= fail_on for problem in report.problems):
        return 1
    if max_warnings is not None and report.count(Severity.WARNING) > max_warnings:
        return 1
    return 0

