"""``cjmap fmt``: write maps in canonical form (key order, indentation, quoting, short forms), comments kept."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from cjmap.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    PATHS_HELP,
    ColorOption,
    ExcludeOption,
    JobsOption,
    OutputFormat,
    PathsArgument,
    excluding,
    exit_with,
    fail,
    shown,
    warn,
    write_report,
    write_stdout,
)

if TYPE_CHECKING:
    from cjmap.format import Formatted

HELP = f"""Format maps and persona files: canonical key order, two-space indentation, quotes only where
needed, short forms where they say the same (emotion: 2, channel: web ...). Every comment is kept.

Files that do not validate are reported and left alone. --check and --diff write nothing.
Exit codes: 0 done (or, with --check/--diff, nothing to change), 1 a file would change (--check,
--diff), does not validate or cannot be formatted safely, 2 usage or environment error.

{PATHS_HELP}
"""


def fmt(paths: Sequence[str], *, check: bool = False, diff: bool = False, color: bool | None = None,
        jobs: int = 0, exclude: Sequence[str] = ()) -> int:
    """Format every map under ``paths`` (or with ``check``/``diff`` show what would change); the exit code."""
    from cjmap.format import format_source
    from cjmap.report import Report
    from cjmap.run import run

    names = list(paths) or ["."]
    with excluding(exclude) as exclusion:
        done = run(names, format_source, jobs, exclusion=exclusion)
    if done.missing:
        fail("no such file or directory: " + ", ".join(done.missing))
    results = [outcome.value for outcome in done.outcomes if outcome.value is not None]
    report = Report("fmt", done.names)
    report.add(done.problems)
    for result in results:
        report.add(result.problems)
    code = EXIT_PROBLEMS if report.problems else EXIT_OK
    for result in results:
        if result.refused is not None:
            warn(f"not formatted: {shown(result.name)}: {result.refused}")
            code = EXIT_PROBLEMS
    changed = [result for result in results if result.changed]
    if check or diff or names == ["-"]:
        _show(changed, results, check=check, diff=diff)
        code = max(code, EXIT_PROBLEMS if changed and (check or diff) else EXIT_OK)
    else:
        code = max(code, _write(changed))
    if report.problems:
        write_report(report, OutputFormat.text, color)
    return EXIT_USAGE if done.unreadable else code


def _show(changed: Sequence[Formatted], results: Sequence[Formatted], *, check: bool, diff: bool) -> None:
    """Print diffs (``--check``, ``--diff``), or stdin formatted."""
    from cjmap.lint.fix import unified_diff

    if not check and not diff:  # ``cjmap fmt -``: the formatted text on stdout, like black and ruff
        for result in results:
            if not result.problems and result.refused is None:
                write_stdout(result.after)
        return
    for result in changed:
        write_stdout(unified_diff(result.name, result.before, result.after))
        if check:
            warn(f"would reformat {shown(result.name)}")
    if check:
        warn(f"{_files(len(changed))} would be reformatted, {_files(len(results) - len(changed))} left as they are")


def _write(changed: Sequence[Formatted]) -> int:
    """Write every changed file; one that cannot be written is reported (exit 2) and the others still written."""
    from cjmap import interrupts, writer

    code = EXIT_OK
    with interrupts.handled():  # SIGTERM mid-write removes the temporary file and exits 143
        for result in changed:
            try:
                writer.write_file(result.name, result.content, sync=True)
            except writer.OutputError as exc:
                warn(f"cannot format {shown(result.name)}: {exc}")
                code = EXIT_USAGE
            else:
                warn(f"formatted {shown(result.name)}")
    return code


def _files(count: int) -> str:
    return f"{count} file{'' if count == 1 else 's'}"


def command(
    paths: PathsArgument = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; print a diff of what would change and exit 1 when something would.")]
    = False,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Print the changes as a unified diff; write nothing (exit 1 when something would change).")]
    = False,
    color: ColorOption = None,
    jobs: JobsOption = 0,
    exclude: ExcludeOption = None,
) -> None:
    exit_with(fmt, paths or [], check=check, diff=diff, color=color, jobs=jobs, exclude=exclude or [])
