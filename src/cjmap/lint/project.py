"""Project rules: findings about the maps of a lint run together, judged once every map is linted.

Per-file lint results are kept in the result cache and linted in parallel, each map alone; a project rule
(``PROJECT = True``, see :mod:`cjmap.lint.rules.base`) needs all of them at once. After the run, the maps
that validated are grouped by the configuration that applies to them; for each group whose rules in force
include a project rule, every map is read and loaded again (its located document, no model) and the rule
judges them together. Nothing is read when no project rule is in force, so a run without one costs nothing
more, and neither does one whose rules cannot apply (``applies(context)`` of a rule, asked before any map is
read: P001 needs a declared framework and a run over the configuration's whole folder). Findings are never cached: they depend on every map. Inline suppressions in a map silence a finding
located in it, as for any rule.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from cjmap import codes
from cjmap.config import Config
from cjmap.document import Document
from cjmap.lint import selection, suppression
from cjmap.lint.rules.base import ProjectContext, ProjectMap, ProjectViolation, RuleModule
from cjmap.lint.selection import ActiveRule
from cjmap.loader import LoadError, load
from cjmap.problem import Location, Problem
from cjmap.source import read


def is_project_rule(rule: ActiveRule) -> bool:
    """Whether ``rule`` judges the maps of a run together."""
    return bool(getattr(rule.module, "PROJECT", False))


def project_problems(files: Sequence[str], searched: Sequence[str], *,
                     rules_for: Callable[[str], list[ActiveRule]], config_for: Callable[[str], Config],
                     config_file: Callable[[str], str | None]) -> list[Problem]:
    """The findings of the project rules in force for the valid map ``files`` of a run over the paths
    ``searched``; ``rules_for``, ``config_for`` and ``config_file`` give each file's rules, configuration, and
    configuration file."""
    groups: dict[int, list[str]] = {}
    configs: dict[int, Config] = {}
    for name in files:
        if any(is_project_rule(rule) for rule in rules_for(name)):
            config = config_for(name)
            groups.setdefault(id(config), []).append(name)
            configs[id(config)] = config
    problems: list[Problem] = []
    folders = [os.path.realpath(path) for path in searched if os.path.isdir(path)]
    for key, names in groups.items():
        path = config_file(names[0])
        shown = os.path.relpath(path) if path is not None and _within(os.path.realpath(path), os.getcwd()) else path
        problems += _group_problems(names, configs[key], shown, folders, rules_for)
    return problems


def _group_problems(names: Sequence[str], config: Config, config_path: str | None, folders: Sequence[str],
                    rules_for: Callable[[str], list[ActiveRule]]) -> list[Problem]:
    """The findings of the project rules over the maps one configuration covers."""
    whole = config_path is not None and any(_within(os.path.dirname(os.path.realpath(config_path)), folder)
                                            for folder in folders)
    where = config.where.get(("framework",)) if config_path is not None and config.framework else None
    rules: dict[str, ActiveRule] = {}
    for name in names:
        for rule in rules_for(name):
            if is_project_rule(rule):
                rules.setdefault(rule.code, rule)
    # A rule that cannot find anything in this project (no framework declared...) costs no reading.
    bare = ProjectContext(maps=(), config_file=config_path, frameworks=config.framework, framework_at=where,
                          whole=whole)
    rules = {code: rule for code, rule in rules.items() if getattr(rule.module, "applies")(bare)}
    if not rules:
        return []
    loaded: dict[str, tuple[Document, suppression.Suppressions]] = {}
    for name in names:
        try:
            source = read(name)
            if source.text is None:
                continue
            document = load(source.content, name)
        except (OSError, LoadError):
            continue  # the per-file lint reported it
        loaded[name] = (document, suppression.scan(source.text))
    problems = []
    for rule in rules.values():
        context = dataclasses.replace(bare, maps=tuple(
            ProjectMap(file=name, document=loaded[name][0]) for name in names
            if name in loaded and any(r.code == rule.code for r in rules_for(name))))
        check = getattr(rule.module, "check_project")
        try:
            violations: list[ProjectViolation] = list(check(context, rule.options))
        except Exception as exc:  # noqa: BLE001 - a broken rule is reported, not a crash of the run
            problems.append(Problem.of(codes.RULE_FAILED, config_path or names[0], Location(1, 1),
                                       f"rule {rule.code} ({rule.name}) failed on this project: "
                                       f"{type(exc).__name__}: {exc}", hint="this is a bug in cjmap; please report it"))
            continue
        for violation in violations:
            found = loaded.get(violation.file)
            if found is not None and found[1].silences(violation.location.line,
                                                         _selecting(rule.module)):
                continue
            problems.append(Problem(file=violation.file, location=violation.location, code=rule.code, name=rule.name,
                                    message=violation.message, severity=rule.severity, path=violation.pointer,
                                    hint=violation.hint))
    return problems


def _within(folder: str, searched: str) -> bool:
    """Whether real path ``folder`` is ``searched`` or inside it."""
    return Path(folder) == Path(searched) or Path(searched) in Path(folder).parents


def _selecting(module: RuleModule) -> Callable[[str], bool]:
    """Whether a suppression's selector names ``module``'s rule."""
    return lambda selector: selection.matches(selector, module)
