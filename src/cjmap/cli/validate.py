"""``cjmap validate``: check maps against the format."""

from __future__ import annotations

from collections.abc import Sequence

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
    excluding,
    exit_with,
    fail,
)
from cjmap.cli.findings import (
    FindingsBaselineOption,
    WriteFindingsBaselineOption,
    findings_baseline,
    settle,
    write_outcome,
)
from cjmap.cli.outputs import OutputFileOption, output_files

HELP = f"""Check maps against the format: structure, types, ids, references and emotion scales.

Every problem in every file is reported at once, at file:line:col.
Exit codes: 0 all valid, 1 problems found, 2 usage or environment error (missing path, unreadable file).

{PATHS_HELP}
"""


def validate(paths: Sequence[str], *, output_format: OutputFormat = OutputFormat.text, color: bool | None = None,
             jobs: int = 0, exclude: Sequence[str] = (), output_file: Sequence[str] = (),
             statistics: bool = False, known: str | None = None, write_known: str | None = None,
             no_cache: bool = False, cache_dir: str | None = None) -> int:
    """Validate every map under ``paths``, print the report (and write the ``--output-file`` ones), return the
    exit code."""
    from cjmap import checking  # looked up at call time, so a test can replace validate_paths

    check_statistics(statistics, output_format)
    outputs = output_files(output_file, OutputFormat, paths)
    baseline = findings_baseline(known, write_known)
    store = caching(not no_cache, cache_dir)
    with excluding(exclude) as exclusion:
        report, missing, unreadable = checking.validate_paths(list(paths) or ["."], jobs, exclusion=exclusion,
                                                              store=store)
    if missing:
        fail("no such file or directory: " + ", ".join(missing))
    settled = settle(baseline, report, unreadable=unreadable)
    report = settled.report
    code = EXIT_USAGE if unreadable else EXIT_OK if settled.recording else EXIT_PROBLEMS if report.problems else EXIT_OK
    write_outcome(baseline, settled, outputs, output_format=output_format, color=color, code=code,
                  statistics=statistics)
    return code


def command(paths: PathsArgument = None, output_format: FormatOption = OutputFormat.text,
            color: ColorOption = None, jobs: JobsOption = 0, exclude: ExcludeOption = None,
            output_file: OutputFileOption = None, statistics: StatisticsOption = False,
            known: FindingsBaselineOption = None, write_known: WriteFindingsBaselineOption = None,
            no_cache: NoCacheOption = False, cache_dir: CacheDirOption = None) -> None:
    exit_with(validate, paths or [], output_format=output_format, color=color, jobs=jobs, exclude=exclude or [],
              output_file=output_file or [], statistics=statistics, known=known, write_known=write_known,
              no_cache=no_cache, cache_dir=cache_dir)
