"""``--findings-baseline FILE`` and ``--write-findings-baseline FILE`` on lint and validate: read, apply and
write a findings baseline (see :mod:`cjmap.findings_baseline`).

Both files are checked before any map is read: a baseline that is missing or is not one, or a file cjmap
cannot write, stops the command (exit 2).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

import typer

from cjmap.cli.common import OutputFormat, fail, output_target, shown, warn, write_report, write_target
from cjmap.cli.outputs import OutputFile, write_output_files
from cjmap.report import Report

if TYPE_CHECKING:
    from cjmap.findings_baseline import Entry
    from cjmap.writer import Target

FindingsBaselineOption = Annotated[str | None, typer.Option(
    "--findings-baseline", metavar="FILE", show_default=False,
    help="Report only the findings FILE does not hold (written by --write-findings-baseline); say how many "
         "of its entries no longer match.")]
WriteFindingsBaselineOption = Annotated[str | None, typer.Option(
    "--write-findings-baseline", metavar="FILE", show_default=False,
    help="Record this run's findings in FILE (JSON; entries for files and rules this run did not check are "
         "kept) and exit 0 instead of reporting them.")]

Judged = Callable[[str, str], bool]
"""Whether this run looked for code (second) in the file with key (first): only then can an entry go stale."""


@dataclass(frozen=True, kw_only=True)
class FindingsBaseline:
    """What ``--findings-baseline``/``--write-findings-baseline`` asked for, read and checked up front."""

    read: str | None = None
    accepted: list[Entry] = field(default_factory=list)
    write: Target | None = None
    existing: list[Entry] = field(default_factory=list)

    @property
    def used(self) -> bool:
        """Whether either option was given."""
        return self.read is not None or self.write is not None


def findings_baseline(read: str | None, write: str | None) -> FindingsBaseline:
    """Read ``--findings-baseline`` and check ``--write-findings-baseline`` before any map is read."""
    if read is not None and write is not None:
        fail("--findings-baseline reports new findings and --write-findings-baseline records them all; "
             "give one of them")
    if read is not None:
        return FindingsBaseline(read=read, accepted=_load(read, "--findings-baseline"))
    if write is not None:
        place = output_target(write)
        existing = _load(write, "--write-findings-baseline") if place.exists and not place.special else []
        return FindingsBaseline(write=place, existing=existing)
    return FindingsBaseline()


def _load(name: str, option: str) -> list[Entry]:
    from cjmap.findings_baseline import BaselineError, loads
    from cjmap.source import read_bytes

    try:
        content = read_bytes(name)
    except FileNotFoundError:
        fail(f"{option} {shown(name)}: no such file; write one with --write-findings-baseline {shown(name)}")
    except OSError as exc:
        fail(f"{option} {shown(name)}: cannot read it: {exc.strerror or exc}")
    try:
        return loads(content.decode("utf-8"))
    except UnicodeDecodeError:
        problem = "not UTF-8 text"
    except BaselineError as exc:
        problem = str(exc)
    fix = "; delete it to record afresh" if option.startswith("--write") else ""
    fail(f"{option} {shown(name)}: {problem}{fix}")


@dataclass(frozen=True, kw_only=True)
class Settled:
    """A run's report after the findings baseline: what to print, or (``recording``) what to record."""

    report: Report
    recording: bool = False
    judged: Judged | None = None


def settle(baseline: FindingsBaseline, report: Report, *, unreadable: bool,
           rule_codes: Callable[[], Mapping[str, Collection[str]]] | None = None) -> Settled:
    """Apply ``--findings-baseline`` to ``report``, or prepare to record it for ``--write-findings-baseline``
    (not when a file could not be read: the record would miss its findings). ``rule_codes`` gives lint's
    rules per file."""
    if not baseline.used:
        return Settled(report=report)
    if baseline.write is not None and unreadable:
        warn(f"not recorded in {shown(baseline.write.name)}: a file could not be read")
        return Settled(report=report)
    judged = judged_by(report, rule_codes() if rule_codes is not None else None)
    if baseline.write is not None:
        return Settled(report=report, recording=True, judged=judged)
    return Settled(report=without_known(baseline, report, judged), judged=judged)


def without_known(baseline: FindingsBaseline, report: Report, judged: Judged) -> Report:
    """The report without the findings ``--findings-baseline`` accepts; notes on stderr say how many were
    left out, and how many of its entries are stale."""
    from cjmap.findings_baseline import subtract

    if baseline.read is None:
        return report
    filtered = subtract(report, baseline.accepted, judged)
    if filtered.known:
        warn(f"note: {_findings(filtered.known)} in {shown(baseline.read)} not shown")
    if stale := len(filtered.stale):
        warn(f"note: {stale} findings baseline {'entries' if stale != 1 else 'entry'} no longer "
             f"match{'es' if stale == 1 else ''}; rewrite "
             f"with --write-findings-baseline {shown(baseline.read)}")
    return filtered.report


def record(baseline: FindingsBaseline, settled: Settled) -> None:
    """Write the report's findings to ``--write-findings-baseline`` (with the entries of the old file this run
    did not look at); say so on stderr."""
    from cjmap.findings_baseline import dumps, entries, kept_apart

    assert baseline.write is not None and settled.judged is not None
    report, judged = settled.report, settled.judged
    recorded = entries(report.problems)
    kept = kept_apart(baseline.existing, judged)
    write_target(baseline.write, dumps([*recorded, *kept]).encode("utf-8"))
    files = len({entry.file for entry in recorded})
    also = f" (and kept {len(kept):,} for files or rules this run did not check)" if kept else ""
    warn(f"recorded {_findings(len(recorded))} in {files:,} file{'s' if files != 1 else ''} to "
         f"{shown(baseline.write.name)}{also}")


def write_outcome(baseline: FindingsBaseline, settled: Settled, outputs: Sequence[OutputFile], *,
                  output_format: OutputFormat, color: bool | None, code: int, statistics: bool) -> None:
    """The end of a checking command (validate, lint): record the findings (``--write-findings-baseline``) or
    print the report, then write the ``--output-file`` ones."""
    report = settled.report
    if settled.recording:
        record(baseline, settled)
    else:
        write_report(report, output_format, color, code, statistics=statistics)
    write_output_files(outputs, lambda name, stream: write_report(report, name, False, code, stream),
                       report.all_files())


def _findings(count: int) -> str:
    return f"{count:,} finding{'s' if count != 1 else ''}"


def judged_by(report: Report, codes_by_file: Mapping[str, Collection[str]] | None = None) -> Judged:
    """What a run looked for: validation's codes in every file it checked, and with ``codes_by_file`` (lint)
    each file's rules, in the files that validate."""
    from cjmap import codes
    from cjmap.findings_baseline import Keys

    keys = Keys()
    checked = {keys(name) for name in report.all_files()}
    engine = {code.code for code in (codes.INVALID_SUPPRESSION, codes.RULE_FAILED, codes.UNUSED_SUPPRESSION)}
    validation = set(codes.CODE_BY_ID) - engine
    invalid = {keys(problem.file) for problem in report.problems if problem.code in validation}
    rules = {keys(name): set(found) for name, found in (codes_by_file or {}).items()}

    def judged(file: str, code: str) -> bool:
        if file not in checked:
            return False
        if code in validation or (code in engine and codes_by_file is not None):
            return True
        return file not in invalid and code in rules.get(file, ())

    return judged


__all__ = ["FindingsBaseline", "FindingsBaselineOption", "Judged", "Settled", "WriteFindingsBaselineOption",
           "findings_baseline", "judged_by", "record", "settle", "without_known", "write_outcome"]
