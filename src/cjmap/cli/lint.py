"""``cjmap lint``: check maps against good journey-mapping practice; fix what is safe to fix."""

from __future__ import annotations

import enum
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from cjmap.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    PATHS_HELP,
    CacheDirOption,
    ColorOption,
    ExcludeOption,
    FormatOption,
    JobsOption,
    NoCacheOption,
    OutputFormat,
    PathsArgument,
    StatisticsOption,
    caching,
    check_statistics,
    choices,
    excluding,
    exit_with,
    fail,
    not_negative,
    shown,
    warn,
    write_stdout,
)
from cjmap.cli.findings import (
    FindingsBaselineOption,
    WriteFindingsBaselineOption,
    findings_baseline,
    settle,
    write_outcome,
)
from cjmap.cli.outputs import OutputFileOption, output_files

if TYPE_CHECKING:
    from cjmap.lint.engine import LintSettings
    from cjmap.lint.fix import FileFix

HELP = f"""Check maps against good journey-mapping practice with coded rules; fix what is safe to fix.

Maps are validated first: validation problems are reported and lint runs only on valid maps.
Configuration comes from the nearest .cjmap.yaml or pyproject.toml [tool.cjmap] (or --config).
Exit codes: 0 clean, 1 a problem at --fail-on or above (default: error) or more warnings than
--max-warnings, 2 usage or environment error (bad configuration, missing path, unreadable file).

{PATHS_HELP}
"""


class FailOn(str, enum.Enum):
    """The lowest severity that makes ``cjmap lint`` exit with 1."""

    error = "error"
    warning = "warning"
    info = "info"


def lint(paths: Sequence[str], *, output_format: OutputFormat = OutputFormat.text, color: bool | None = None,
         config: str | None = None, no_config: bool = False, select: Sequence[str] | None = None,
         ignore: Sequence[str] = (), today: str | None = None, fix: bool = False, diff: bool = False,
         explain: str | None = None, max_warnings: int | None = None, fail_on: FailOn = FailOn.error,
         jobs: int = 0, exclude: Sequence[str] = (), output_file: Sequence[str] = (),
         statistics: bool = False, known: str | None = None, write_known: str | None = None,
         no_cache: bool = False, cache_dir: str | None = None) -> int:
    """Lint (and with ``fix``/``diff`` fix) every map under ``paths``, print the outcome (and write the
    ``--output-file`` ones), return the exit code. ``known`` is the ``--findings-baseline``, ``write_known``
    the ``--write-findings-baseline``."""
    from cjmap import config as configuration
    from cjmap.discovery import ConfigChoice
    from cjmap.lint.engine import LintSettings, exit_code, lint_paths
    from cjmap.lint.fix import write_fixes
    from cjmap.problem import Severity

    if explain is not None:
        return _explain(explain)
    names = list(paths) or ["."]
    if fix and not diff and "-" in names:
        fail("--fix cannot rewrite stdin; use --diff to see the fixes")
    if diff and (output_file or statistics or known or write_known):
        fail("--diff prints fixes, not findings: it takes no --output-file, --statistics, --findings-baseline or "
             "--write-findings-baseline")
    check_statistics(statistics, output_format)
    outputs = output_files(output_file, OutputFormat, names)
    baseline = findings_baseline(known, write_known)
    try:
        overrides = configuration.command_line_config(select=select, ignore=ignore, today=today)
        choice = ConfigChoice(file=config, use=not no_config)
        settings = LintSettings(config=choice, overrides=overrides)
        # Fixing writes files, so it reads no kept result (lint_paths keeps none then either).
        store = caching(not (no_cache or fix or diff), cache_dir)
        with excluding(exclude, config=choice) as exclusion:
            run = lint_paths(names, settings, fix=fix or diff, jobs=jobs, exclusion=exclusion, store=store)
    except configuration.ConfigError as exc:
        fail(str(exc))
    if run.missing:
        fail("no such file or directory: " + ", ".join(run.missing))
    for file_fix in run.fixes:
        if file_fix.refused:
            warn(f"not fixed: {shown(file_fix.name)}: {file_fix.refused}")
    if diff:
        _print_diffs(run.fixes)
        changed = any(file_fix.changed for file_fix in run.fixes)
        return EXIT_USAGE if run.unreadable else EXIT_PROBLEMS if changed else EXIT_OK
    settled = settle(baseline, run.report, unreadable=run.unreadable,
                     rule_codes=lambda: _rule_codes(settings, run.report.files))
    report = settled.report
    code = (EXIT_USAGE if run.unreadable else EXIT_OK if settled.recording
            else exit_code(report, Severity.parse(fail_on.value), max_warnings))
    if fix:
        for written in write_fixes(run.fixes):
            warn(shown(written.message))  # on stderr: stdout keeps the report
            if written.error is not None:
                code = EXIT_USAGE  # a file that cannot be written is an environment error; the rest are written
    write_outcome(baseline, settled, outputs, output_format=output_format, color=color, code=code,
                  statistics=statistics)
    return code


def _rule_codes(settings: LintSettings, names: Sequence[str]) -> dict[str, list[str]]:
    """The codes of the rules in force for each file (configurations may differ by folder)."""
    from cjmap.lint.engine import Linter

    linter = Linter(settings)
    return {name: [rule.code for rule in linter.active_rules(name)[0]] for name in names}


def _explain(name: str) -> int:
    """Print one rule's documentation, or fail naming the rule that comes closest."""
    from cjmap.lint.docs import render_explain
    from cjmap.lint.rules import RULES
    from cjmap.lint.selection import find_rule

    rule = find_rule(name, RULES)
    if rule is None:
        from cjmap.suggestions import did_you_mean

        hint = did_you_mean(name, [*RULES, *(r.NAME for r in RULES.values())])
        fail(f"no rule {name!r}" + (f" ({hint})" if hint else "") + "; 'cjmap rules' lists them")
    sys.stdout.write(render_explain(rule))
    return EXIT_OK


def _print_diffs(fixes: Sequence[FileFix]) -> None:
    from cjmap.lint.fix import unified_diff

    for file_fix in fixes:
        if file_fix.changed:
            write_stdout(unified_diff(file_fix.name, file_fix.before, file_fix.after))


def command(
    paths: PathsArgument = None,
    output_format: FormatOption = OutputFormat.text,
    color: ColorOption = None,
    config: Annotated[str | None, typer.Option(
        "--config", metavar="FILE", show_default=False,
        help="Use this configuration (.cjmap.yaml or pyproject.toml) instead of the nearest one to each map.")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore configuration files.")] = False,
    select: Annotated[list[str] | None, typer.Option(
        "--select", metavar="RULES", show_default=False,
        help="Run only these rules: codes, code prefixes or names, comma-separated (replaces the configured "
             "selection).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", metavar="RULES", show_default=False,
        help="Skip these rules (added to the configured ones).")] = None,
    today: Annotated[str | None, typer.Option(
        "--today", metavar="YYYY-MM-DD", show_default=False,
        help="The date the review-age rule counts from (default: $CJMAP_TODAY, the config's 'today', the real "
             "date).")] = None,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes to the files, then report what is left.")]
    = False,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Print the fixes as a unified diff; write nothing (exit 1 when something would change).")]
    = False,
    explain: Annotated[str | None, typer.Option(
        "--explain", metavar="CODE", show_default=False, help="Print the documentation of a rule and exit.")] = None,
    max_warnings: Annotated[int | None, typer.Option(
        "--max-warnings", metavar="N", callback=not_negative, show_default=False,
        help="Exit 1 when there are more than N warnings.")] = None,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", metavar=choices(FailOn), help="Exit 1 when a problem is at least this severe.")] = FailOn.error,
    jobs: JobsOption = 0,
    exclude: ExcludeOption = None,
    output_file: OutputFileOption = None,
    statistics: StatisticsOption = False,
    known: FindingsBaselineOption = None,
    write_known: WriteFindingsBaselineOption = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    exit_with(lint, paths or [], output_format=output_format, color=color, config=config, no_config=no_config,
              select=select, ignore=ignore or [], today=today, fix=fix, diff=diff, explain=explain,
              max_warnings=max_warnings, fail_on=fail_on, jobs=jobs, exclude=exclude or [],
              output_file=output_file or [], statistics=statistics, known=known, write_known=write_known,
              no_cache=no_cache, cache_dir=cache_dir)
