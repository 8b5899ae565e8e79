"""Which rules a run uses: selectors (code, prefix, name, ALL) matched against the registry, and each rule
with the severity and options a configuration gives it.

Reading configuration files is :mod:`cjmap.config`'s; this module turns a :class:`Config` into the
:class:`ActiveRule` list the engine runs, and checks every rule name and option it meets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cjmap.config import ALL, Config, ConfigError, did_you_mean, kind_of, same_kind
from cjmap.lint.rules.base import RuleModule, is_opt_in
from cjmap.problem import Severity


@dataclass(frozen=True)
class ActiveRule:
    """A rule as a run uses it: its module, the severity and the options in force."""

    module: RuleModule
    severity: Severity
    options: Mapping[str, Any]

    @property
    def code(self) -> str:
        return self.module.CODE

    @property
    def name(self) -> str:
        return self.module.NAME


def matches(selector: str, rule: RuleModule) -> bool:
    """Whether ``selector`` (``ALL``, a code, a code prefix or a rule name) picks ``rule``."""
    return selects(selector, rule.CODE, rule.NAME)


def selects(selector: str, code: str, name: str) -> bool:
    """Whether ``selector`` picks the rule with ``code`` and ``name``."""
    if selector.upper() == ALL:
        return True
    return code.startswith(selector.upper()) or selector.lower() == name


def _specificity(selector: str, rules: Mapping[str, RuleModule]) -> int:
    """How narrowly a selector picks: full codes and names beat prefixes, long prefixes beat short ones."""
    if selector.upper() == ALL:
        return 0
    if selector.upper() in rules or any(selector.lower() == rule.NAME for rule in rules.values()):
        return 1000
    return len(selector)


def check_selector(selector: str, rules: Mapping[str, RuleModule], source: str) -> None:
    """Raise :class:`ConfigError` when ``selector`` picks no rule."""
    if not any(matches(selector, rule) for rule in rules.values()):
        choices = [*rules, *(rule.NAME for rule in rules.values())]
        raise ConfigError(f"{source}: {selector!r} matches no rule{did_you_mean(selector, choices)}; "
                          "use a rule code (S001), a code prefix (S) or a rule name ('cjmap rules' lists them)")


def find_rule(key: str, rules: Mapping[str, RuleModule]) -> RuleModule | None:
    """The rule whose code or name is exactly ``key``."""
    if key.upper() in rules:
        return rules[key.upper()]
    return next((rule for rule in rules.values() if rule.NAME == key.lower()), None)


def resolve_rules(config: Config, rules: Mapping[str, RuleModule]) -> list[ActiveRule]:
    """The rules a configuration turns on, in code order, with severities and options; checks every name."""
    for entry in config.per_file_ignores:  # first: the engine adds the ones that apply to 'ignore'
        for selector in entry.rules:
            check_selector(selector, rules, config.describe("per-file-ignores", entry.pattern))
    for key in ("select", "ignore"):
        for selector in getattr(config, key) or ():
            check_selector(selector, rules, config.describe(key))
    for selector in config.severity:
        check_selector(selector, rules, config.describe("severity", selector))
    options = {rule.CODE: dict(rule.OPTIONS) for rule in rules.values()}
    for key, settings in config.options.items():
        rule = find_rule(key, rules)
        if rule is None:
            choices = [*rules, *(r.NAME for r in rules.values())]
            raise ConfigError(f"{config.describe('options', key)}: options for {key!r}, which is not a rule"
                              f"{did_you_mean(key, choices)}; name a rule by code or name")
        for name, value in settings.items():
            options[rule.CODE][name] = check_option(rule, name, value, config.describe("options", key, name))
    select = config.select if config.select is not None else (ALL,)
    by_specificity = sorted(config.severity.items(), key=lambda item: _specificity(item[0], rules))
    active: list[ActiveRule] = []
    for code in sorted(rules):
        rule = rules[code]
        chosen = [s for s in select if matches(s, rule)]
        if not chosen or any(matches(s, rule) for s in config.ignore):
            continue
        if is_opt_in(rule) and all(s.upper() == ALL for s in chosen):
            continue  # an opt-in rule runs only when a selector names it (code, prefix or name), not with ALL
        severity = rule.SEVERITY
        for selector, level in by_specificity:
            if matches(selector, rule):
                severity = level
        active.append(ActiveRule(rule, severity, options[code]))
    return active


def check_option(rule: RuleModule, name: str, value: Any, source: str) -> Any:
    """``value`` when it suits option ``name`` of ``rule`` (same type as the default), else ConfigError."""
    if name not in rule.OPTIONS:
        known = ", ".join(sorted(rule.OPTIONS)) or "none"
        raise ConfigError(f"{source}: rule {rule.CODE} ({rule.NAME}) has no option {name!r}"
                          f"{did_you_mean(name, list(rule.OPTIONS))}; its options: {known}")
    default = rule.OPTIONS[name]
    choices = getattr(rule, "OPTION_CHOICES", {}).get(name)  # optional: rules may list an option's values
    if choices is not None and value not in choices:
        raise ConfigError(f"{source}: option {name!r} of {rule.CODE} must be one of "
                          f"{', '.join(map(str, choices))}; got {value!r}")
    if default is None or same_kind(value, default):
        return float(value) if isinstance(default, float) and not isinstance(value, float) else value
    raise ConfigError(f"{source}: option {name!r} of {rule.CODE} must be {kind_of(default)}, "
                      f"like its default {default!r}; got {kind_of(value)} {value!r}")
