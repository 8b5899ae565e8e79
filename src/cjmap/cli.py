"""The command line: parse arguments, run an analysis, hand the result to a reporter, return an exit code.

Heavy modules (YAML, Pydantic models, templates) are imported inside the commands that need them, so
``cjmap --help`` and ``cjmap --version`` start quickly.
"""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from cjmap import __version__

if TYPE_CHECKING:
    from cjmap.lint.engine import FileFix

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

app = typer.Typer(
    name="cjmap",
    help="Customer journey maps as code: validate, lint and score YAML journey maps.\n\n"
    "Exit codes: 0 clean, 1 problems found, 2 usage or environment error.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(str, enum.Enum):
    """Formats for checking commands."""

    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cjmap {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", "-V", help="Show the version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Customer journey maps as code."""


PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(help="Map files or directories (searched recursively for *.yaml/*.yml maps); '-' reads stdin. "
                   "Defaults to the current directory.", show_default=False, metavar="PATH"),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
ColorOption = Annotated[
    bool | None,
    typer.Option("--color/--no-color", help="Force colour on or off (default: on a terminal, unless NO_COLOR is set).",
                 show_default=False),
]


JobsOption = Annotated[
    int,
    typer.Option("--jobs", "-j", min=0, help="Processes to use for many files (0: one per core; 1: no extra processes)."),
]


def fail(message: str) -> NoReturn:
    """Report a usage or environment error on stderr and exit with code 2."""
    typer.echo(f"cjmap: error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


@app.command()
def validate(
    paths: PathsArgument = None,
    output_format: FormatOption = OutputFormat.text,
    color: ColorOption = None,
    jobs: JobsOption = 0,
) -> None:
    """Check maps against the format: structure, types, ids, references and emotion scales.

    Every problem in every file is reported at once, at file:line:col.
    Exit codes: 0 all valid, 1 problems found, 2 usage or environment error (missing path, unreadable file).
    """
    from cjmap.checking import validate_paths

    report, missing, unreadable = validate_paths(paths or ["."], jobs)
    if missing:
        fail("no such file or directory: " + ", ".join(missing))
    _write(report, output_format, color)
    raise typer.Exit(EXIT_USAGE if unreadable else EXIT_PROBLEMS if report.problems else EXIT_OK)


@app.command()
def schema(
    persona: Annotated[bool, typer.Option("--persona", help="Print the schema of persona files instead.")] = False,
) -> None:
    """Print the JSON Schema (draft 2020-12) of map files, for editors and external validators."""
    from cjmap.schema import render_schema

    sys.stdout.write(render_schema("persona" if persona else "map"))


class FailOn(str, enum.Enum):
    """The lowest severity that makes ``cjmap lint`` exit with 1."""

    error = "error"
    warning = "warning"
    info = "info"


class RulesFormat(str, enum.Enum):
    """Formats for ``cjmap rules``."""

    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def lint(
    paths: PathsArgument = None,
    output_format: FormatOption = OutputFormat.text,
    color: ColorOption = None,
    config: Annotated[str | None, typer.Option("--config", metavar="FILE", show_default=False,
                                               help="Use this configuration (.cjmap.yaml or pyproject.toml) "
                                                    "instead of the nearest one to each map.")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore configuration files.")] = False,
    select: Annotated[list[str] | None, typer.Option("--select", metavar="RULES", show_default=False,
                                                     help="Run only these rules: codes, code prefixes or names, "
                                                          "comma-separated (replaces the configured selection).")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", metavar="RULES", show_default=False,
                                                     help="Skip these rules (added to the configured ones).")] = None,
    today: Annotated[str | None, typer.Option("--today", metavar="YYYY-MM-DD", show_default=False,
                                              help="The date the review-age rule counts from "
                                                   "(default: $CJMAP_TODAY, the config's 'today', the real date).")] = None,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes to the files, then report what is left.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print the fixes as a unified diff; write nothing "
                                                      "(exit 1 when something would change).")] = False,
    explain: Annotated[str | None, typer.Option("--explain", metavar="CODE", show_default=False,
                                                help="Print the documentation of a rule and exit.")] = None,
    max_warnings: Annotated[int | None, typer.Option("--max-warnings", min=0, metavar="N", show_default=False,
                                                     help="Exit 1 when there are more than N warnings.")] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a problem is at least this severe.")]
    = FailOn.error,
    jobs: JobsOption = 0,
) -> None:
    """Check maps against good journey-mapping practice with coded rules; fix what is safe to fix.

    Maps are validated first: validation problems are reported and lint runs only on valid maps.
    Configuration comes from the nearest .cjmap.yaml or pyproject.toml [tool.cjmap] (or --config).
    Exit codes: 0 clean, 1 a problem at --fail-on or above (default: error) or more warnings than
    --max-warnings, 2 usage or environment error (bad configuration, missing path, unreadable file).
    """
    import datetime

    from cjmap.lint import config as configuration
    from cjmap.lint.engine import LintSettings, exit_code, lint_paths
    from cjmap.problem import Severity

    if explain is not None:
        _explain(explain)
        return
    names = paths or ["."]
    if fix and not diff and "-" in names:
        fail("--fix cannot rewrite stdin; use --diff to see the fixes")
    try:
        pinned = (datetime.date.fromisoformat(today) if today is not None else configuration.today_from_env())
    except ValueError:
        fail(f"--today must be a date written YYYY-MM-DD; got {today!r}")
    except configuration.ConfigError as exc:
        fail(str(exc))
    overrides = configuration.Config(
        source="command line",
        select=configuration.split_selectors(select) if select else None,
        ignore=configuration.split_selectors(ignore or []),
        today=pinned,
    )
    settings = LintSettings(config_file=config, isolated=no_config, overrides=overrides)
    try:
        run = lint_paths(names, settings, fix=fix or diff, jobs=jobs)
    except configuration.ConfigError as exc:
        fail(str(exc))
    if run.missing:
        fail("no such file or directory: " + ", ".join(run.missing))
    for file_fix in run.fixes:
        if file_fix.refused:
            typer.echo(f"cjmap: not fixed: {file_fix.name}: {file_fix.refused}", err=True)
    if diff:
        _print_diffs(run.fixes)
        raise typer.Exit(EXIT_USAGE if run.unreadable else EXIT_PROBLEMS if any(f.changed for f in run.fixes)
                         else EXIT_OK)
    if fix:
        _write_fixes(run.fixes)
    _write(run.report, output_format, color)
    code = exit_code(run.report, Severity.parse(fail_on.value), max_warnings)
    raise typer.Exit(EXIT_USAGE if run.unreadable else code)


def _explain(name: str) -> None:
    """Print one rule's documentation, or fail naming the rules that come close."""
    import difflib

    from cjmap.lint.config import find_rule
    from cjmap.lint.docs import render_explain
    from cjmap.lint.rules import RULES

    rule = find_rule(name, RULES)
    if rule is None:
        close = difflib.get_close_matches(name, [*RULES, *(r.NAME for r in RULES.values())], n=1)
        fail(f"no rule {name!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
             + "; 'cjmap rules' lists them")
    sys.stdout.write(render_explain(rule))


def _print_diffs(fixes: list[FileFix]) -> None:
    from cjmap.lint.fix import unified_diff

    for file_fix in fixes:
        if file_fix.changed:
            sys.stdout.write(unified_diff(file_fix.name, file_fix.before, file_fix.after))


def _write_fixes(fixes: list[FileFix]) -> None:
    """Write each fixed file atomically and say so on stderr (stdout keeps the report)."""
    from cjmap.lint.fix import encode, write_atomic

    for file_fix in fixes:
        if not file_fix.changed:
            continue
        try:
            write_atomic(file_fix.name, encode(file_fix.after, file_fix.bom))
        except OSError as exc:
            fail(f"cannot write {file_fix.name}: {exc.strerror or exc}")
        count = len(file_fix.applied)
        typer.echo(f"cjmap: fixed {file_fix.name}: {count} fix{'es' if count != 1 else ''} applied", err=True)


@app.command()
def rules(
    output_format: Annotated[RulesFormat, typer.Option("--format", "-f", help="Output format.")] = RulesFormat.text,
) -> None:
    """List the lint rules: code, name, default severity and what each finds."""
    from cjmap.lint import docs as ruledocs
    from cjmap.lint.rules import RULES

    render = {"text": ruledocs.render_list, "json": ruledocs.render_json, "markdown": ruledocs.render_markdown}
    sys.stdout.write(render[output_format.value](RULES))


class ScoreFormat(str, enum.Enum):
    """Formats for ``cjmap score``."""

    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def score(
    paths: PathsArgument = None,
    output_format: Annotated[ScoreFormat, typer.Option("--format", "-f", help="Output format.")] = ScoreFormat.text,
    compare: Annotated[bool, typer.Option(
        "--compare", help="Compare two maps (before, after), or one future-state map with its baseline.")] = False,
    fail_under: Annotated[list[str] | None, typer.Option(
        "--fail-under", metavar="METRIC=VALUE",
        help="Exit 1 when a map's metric is under VALUE (normalised -1..+1; coverage 0..1). Repeatable. "
             "Metrics: mean, median, min, max, end, peak-end, trend, coverage.")] = None,
    fail_over: Annotated[list[str] | None, typer.Option(
        "--fail-over", metavar="METRIC=VALUE",
        help="Exit 1 when a map's metric is over VALUE. Repeatable. Metrics: volatility, largest-drop, "
             "largest-rise, below-neutral-share, below-neutral-area, valleys.")] = None,
    color: ColorOption = None,
    jobs: JobsOption = 0,
) -> None:
    """Measure emotion curves: metrics, the curve drawn, valleys, portfolio ranking, comparisons and CI gates.

    One map gives a detailed report, several a ranked portfolio. Exit codes: 0 all gates pass, 1 a gate
    failed or a map is invalid, 2 usage or environment error (unknown metric, missing path).
    """
    from cjmap.checking import baseline_of, score_paths
    from cjmap.reporters.scorecard import write_json, write_markdown, write_text
    from cjmap.score.metrics import compare as compare_reports
    from cjmap.score.metrics import parse_gate

    try:
        gates = [parse_gate(text, True) for text in fail_under or []]
        gates += [parse_gate(text, False) for text in fail_over or []]
    except ValueError as exc:
        fail(str(exc))
    reports, invalid, missing, unreadable = score_paths(paths or ["."], jobs)
    if missing:
        fail("no such file or directory: " + ", ".join(missing))
    comparison = None
    if compare:
        if len(reports) == 1 and not invalid and baseline_of(reports[0]):
            baseline, _, base_missing, _ = score_paths([baseline_of(reports[0]) or ""])
            if base_missing or not baseline:
                fail(f"baseline of {reports[0].file} is missing or not a valid map: {baseline_of(reports[0])}")
            reports = [baseline[0], reports[0]]
        elif len(reports) != 2 and not invalid:
            fail("--compare needs two maps (before and after), or one future-state map with a baseline")
        if len(reports) == 2:
            comparison = compare_reports(reports[0], reports[1])
    failures = [message for report in reports for gate in gates if (message := gate.check(report))]
    if output_format is ScoreFormat.json:
        checks = [{"map": report.file, "metric": gate.metric, "kind": "under" if gate.under else "over",
                   "threshold": gate.threshold, "value": report.metric(gate.metric),
                   "passed": gate.check(report) is None} for report in reports for gate in gates]
        write_json(sys.stdout, reports, comparison, checks, invalid)
    elif output_format is ScoreFormat.markdown:
        write_markdown(sys.stdout, reports, comparison, failures, invalid)
    else:
        write_text(sys.stdout, reports, comparison, failures, invalid, color)
    raise typer.Exit(EXIT_USAGE if unreadable else EXIT_PROBLEMS if failures or invalid else EXIT_OK)


def _write(report: object, output_format: OutputFormat, color: bool | None) -> None:
    from cjmap.reporters import REPORTER_BY_NAME

    REPORTER_BY_NAME[output_format.value](sys.stdout, color).write(report)  # type: ignore[arg-type]


def main() -> int:
    """Entry point: run the app and return its exit code (never a traceback for bad input)."""
    try:
        result = app(standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        typer.echo("cjmap: interrupted", err=True)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback reaches a user
        if isinstance(exc, typer.Abort):
            return 130
        # Usage errors (a bad option value, an unknown option) are click's ClickException, or the same class
        # vendored as typer._click in newer typer: recognise them by what they can do, not by their module.
        if callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()  # type: ignore[attr-defined]
            return EXIT_USAGE
        typer.echo(f"cjmap: internal error: {type(exc).__name__}: {exc}", err=True)
        typer.echo("This is a bug in cjmap; please report it with the command and the file that caused it.", err=True)
        return 3
    return result if isinstance(result, int) else EXIT_OK
