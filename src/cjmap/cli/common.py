"""What every command shares: exit codes, option types, ``fail()``, and the one error handler.

Commands are plain functions that return an exit code; :func:`exit_with` turns that code (or a
:class:`CommandError`) into typer's exit, and :func:`run` is the last line of defence around the whole app:
typer reports usage errors itself (exit 2), anything unexpected becomes one "internal error" message and
exit 3, and Ctrl-C or SIGTERM (see :mod:`cjmap.interrupts`) end the run with 130 or 143 - never a Python
traceback.
"""

from __future__ import annotations

import contextlib
import enum
import io
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Annotated, NoReturn, ParamSpec, TextIO

import typer

from cjmap import interrupts

if TYPE_CHECKING:
    from cjmap.cache import Store
    from cjmap.discovery import ConfigChoice, Exclusion
    from cjmap.report import Report
    from cjmap.writer import Target

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
"""A usage or environment error: unknown option or value, missing path, unreadable file, bad configuration."""
EXIT_INTERNAL = 3
"""A bug in cjmap: an exception nothing expected."""
EXIT_INTERRUPTED = interrupts.EXIT_INTERRUPTED
"""Ctrl-C: 130, what shells report for 128 + SIGINT."""
EXIT_TERMINATED = interrupts.EXIT_TERMINATED
"""SIGTERM: 143."""

P = ParamSpec("P")


class OutputFormat(str, enum.Enum):
    """Formats of the checking commands (validate, lint)."""

    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    codeclimate = "codeclimate"


def choices(kind: type[enum.Enum]) -> str:
    """``text|json|sarif``: an enum's values as a metavar, the way the README's synopses write them."""
    return "|".join(str(member.value) for member in kind)


def not_negative(value: int | None) -> int | None:
    """Refuse a negative count as a usage error (typer's own range check words it differently per version)."""
    if value is not None and value < 0:
        raise typer.BadParameter(f"must be 0 or more; got {value}")
    return value


def _typer_brackets_metavars() -> bool:
    """Whether typer writes an optional, repeatable argument's metavar as ``[PATH]...`` itself (0.29 on);
    before, it printed a metavar that starts with ``[`` as given."""
    major, minor = (int(part) for part in typer.__version__.split(".")[:2])
    return (major, minor) >= (0, 29)


# Option types. Every value-taking option names a metavar, so help shows ``-j N`` rather than a Python type;
# PATH is described in each command's help text because typer prints an argument's Python type beside it.
PathsArgument = Annotated[list[str] | None, typer.Argument(
    metavar="PATH" if _typer_brackets_metavars() else "[PATH]...", show_default=False, hidden=True)]
PATHS_HELP = ("PATH: map files or directories (searched recursively for *.yaml and *.yml maps); '-' reads "
              "stdin. Without PATH, the current directory.")
FormatOption = Annotated[OutputFormat, typer.Option(
    "--format", "-f", metavar=choices(OutputFormat), help="Output format.")]
ReportOutputOption = Annotated[str | None, typer.Option(
    "--output", "-o", metavar="FILE", show_default=False,
    help="Write the report to FILE (replaced atomically) instead of standard output.")]
ColorOption = Annotated[bool | None, typer.Option(
    "--color/--no-color", show_default=False,
    help="Force colour on or off (default: on a terminal, unless NO_COLOR is set).")]
ExcludeOption = Annotated[list[str] | None, typer.Option(
    "--exclude", metavar="GLOB", show_default=False,
    help="Skip files and folders matching GLOB (gitignore-style, relative to the working directory) when "
         "searching folders, besides the configuration's 'exclude'; named files are still checked. Repeatable.")]
StatisticsOption = Annotated[bool, typer.Option(
    "--statistics",
    help="Print how often each code was found (count, code, name, [*] when fixable), the most frequent first, "
         "instead of every problem; text or json.")]
JobsOption = Annotated[int, typer.Option(
    "--jobs", "-j", metavar="N", callback=not_negative, show_default=False,
    help="Processes to use for many files: 0 (the default) one per core, 1 no extra processes.")]

LangOption = Annotated[str | None, typer.Option(
    "--lang", metavar="TAG", show_default=False,
    help="The language of the generated words (a BCP 47 tag: en, it, ru, ro, de, fr, es …; default: the map's "
         "language:, else the configuration's, else en).")]


ReportLangOption = Annotated[str | None, typer.Option(
    "--lang", metavar="TAG", show_default=False,
    help="The language of the report's words in Markdown and HTML (a BCP 47 tag: en, it, ru, ro, de, fr, es …; default: en). "
         "Text and JSON stay English.")]
"""``--lang`` of a report over many maps: they may speak many languages, so it is English unless given."""


def check_language(tag: str | None) -> None:
    """Refuse a ``--lang`` that is no language tag (exit 2) before anything is read."""
    if tag is None:
        return
    from cjmap.language import tag_problem

    problem = tag_problem(tag)
    if problem is not None:
        fail(f"--lang {tag}: {problem}")


class CommandError(Exception):
    """A usage or environment error found by a command; the message is for the user (exit 2)."""
NoCacheOption = Annotated[bool, typer.Option(
    "--no-cache", help="Neither read nor write the result cache (.cjmap_cache/ in the project root).")]
CacheDirOption = Annotated[str | None, typer.Option(
    "--cache-dir", metavar="DIR", show_default=False,
    help="Keep the result cache in DIR (default: $CJMAP_CACHE_DIR, else .cjmap_cache/ in the project root).")]


def fail(message: str) -> NoReturn:
    """Stop the command: ``cjmap: error: <message>`` on stderr, exit code 2."""
    raise CommandError(message)


def warn(message: str) -> None:
    """A note for the user on stderr (stdout keeps the report)."""
    typer.echo(f"cjmap: {message}", err=True)


@contextlib.contextmanager
def excluding(patterns: Sequence[str] = (), *, config: ConfigChoice | None = None) -> Iterator[Exclusion]:
    """The exclusion to search folders with: ``--exclude`` and the configuration's ``exclude``; a configuration
    or glob that cannot be used, inside the block, stops the command (exit 2)."""
    from cjmap import discovery
    from cjmap.config import ConfigError

    try:
        yield discovery.Exclusion(patterns=tuple(patterns), config=config or discovery.ConfigChoice(),
                                  on_skip=lambda sentence: warn(f"note: {shown(sentence)}"))
    except ConfigError as exc:
        fail(str(exc))


def caching(enabled: bool = True, folder: str | None = None) -> Store | None:
    """The result cache to keep per-file results in (see :mod:`cjmap.cache`), None unless ``enabled``; a cache
    that cannot be used is a note on stderr, and the run goes on without it."""
    from cjmap import cache

    store = cache.open_store(folder) if enabled else None
    if isinstance(store, str):
        warn(f"note: {shown(store)}")
        return None
    return store


def exit_with(command: Callable[P, int], *args: P.args, **kwargs: P.kwargs) -> NoReturn:
    """Run a command function and leave typer with its exit code; a :class:`CommandError` exits 2, Ctrl-C
    130 and SIGTERM 143 (caught here because typer turns Ctrl-C into exit 130 or 1 depending on its version)."""
    try:
        code = command(*args, **kwargs)
    except CommandError as exc:
        typer.echo(f"cjmap: error: {exc}", err=True)
        code = EXIT_USAGE
    except (KeyboardInterrupt, interrupts.Terminated) as exc:
        code = _stopped(exc)
    raise typer.Exit(code)


def _stopped(stop: BaseException) -> int:
    """Say that a signal stopped the run; its exit code."""
    typer.echo(interrupts.MESSAGE, err=True)
    return EXIT_TERMINATED if isinstance(stop, interrupts.Terminated) else EXIT_INTERRUPTED


def shown(path: str) -> str:
    """A path for a message: a newline or escape character in a file name cannot break the message's line."""
    from cjmap.reporters.escape import visible

    return visible(path)


def write_stdout(content: str | bytes, *, binary: bool = False) -> None:
    """Write a command's output to standard output (no ``-o``, or ``-o -``).

    A file or a pipe gets the exact bytes. A terminal gets text with its control characters shown as escapes
    (:func:`cjmap.reporters.escape.terminal_text`), so map text cannot repaint or retitle it; a binary
    format (xlsx, pdf, png) is refused there.
    """
    from cjmap.reporters.escape import terminal_text
    from cjmap.streams import OUTPUT_ERRORS

    if sys.stdout.isatty():
        if binary:
            fail("this format is binary and stdout is a terminal: redirect it to a file, or give -o FILE")
        text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        sys.stdout.write(terminal_text(text))
        sys.stdout.flush()
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(content.encode("utf-8", OUTPUT_ERRORS) if isinstance(content, str) else content)
    sys.stdout.buffer.flush()


def check_output(name: str, origin: str = "", *, force: bool = True, folder: bool = False) -> bool:
    """Check an output path before anything is written, even when its folders do not exist yet (the pages of a
    site): its name, a folder in the way, a symbolic link out of the project, a read-only file (see
    :func:`cjmap.writer.check`); without ``force`` an existing file too, though a device or FIFO is only
    written into. ``origin`` says where the name comes from (' (the page of X)'). Stops the command (exit 2);
    returns whether writing replaces a file."""
    from cjmap import writer

    try:
        replaces = writer.check(name, folder=folder)
    except writer.OutputError as exc:
        fail(f"cannot write {shown(name)}{origin}: {exc}")
    if replaces and not force:
        fail(exists_already([name]))
    return replaces


def exists_already(names: Sequence[str]) -> str:
    """The refusal for outputs that exist when --force was not given."""
    return f"{', '.join(shown(name) for name in names)} already exists; use --force to overwrite it"


def output_target(name: str, *, force: bool = True) -> Target:
    """:func:`check_output`, then the place to write to, once its folder exists (:func:`cjmap.writer.target`)."""
    from cjmap import writer

    check_output(name, force=force)
    try:
        return writer.target(name)
    except writer.OutputError as exc:
        fail(f"cannot write {shown(name)}: {exc}")


def write_target(place: Target, content: bytes) -> None:
    """Write ``content`` to a target :func:`output_target` checked; a failure stops the command (exit 2)."""
    from cjmap import writer

    try:
        writer.write(place, content)
    except writer.OutputError as exc:
        fail(f"cannot write {shown(place.name)}: {exc}")


def deliver(content: bytes, place: Target | None, *, binary: bool = False) -> None:
    """A report's bytes to the place :func:`output_target` checked, or to standard output when there is none."""
    if place is None:
        write_stdout(content, binary=binary)
    else:
        write_target(place, content)


def deliver_report(place: Target | None, page: Callable[[], str] | None,
                   writer: Callable[[TextIO, bool | None], None], color: bool | None) -> None:
    """Write a report to ``place`` (None: standard output): the whole ``page`` when one is made (HTML), else
    what ``writer`` writes (``color`` only counts on a terminal)."""
    if page is None and place is None:
        writer(sys.stdout, color)
        return
    if page is not None:
        content = page()
    else:
        buffer = io.StringIO()
        writer(buffer, False)
        content = buffer.getvalue()
    from cjmap.streams import OUTPUT_ERRORS

    deliver(content.encode("utf-8", OUTPUT_ERRORS), place)


def write_report(report: Report, output_format: OutputFormat | str, color: bool | None, exit_code: int | None = None,
                 stream: TextIO | None = None, *, statistics: bool = False) -> None:
    """Print a checking report with the reporter of that name (to ``stream``, default stdout); ``exit_code`` is
    recorded where a format keeps it. With ``statistics``, the counts per code instead (see
    :func:`check_statistics`)."""
    from cjmap.reporters import REPORTER_BY_NAME
    from cjmap.reporters.statistics import STATISTICS_REPORTER_BY_NAME

    name = output_format.value if isinstance(output_format, OutputFormat) else output_format
    reporters = STATISTICS_REPORTER_BY_NAME if statistics else REPORTER_BY_NAME
    reporters[name](stream or sys.stdout, color, exit_code=exit_code).write(report)


def check_statistics(statistics: bool, output_format: OutputFormat) -> None:
    """Refuse ``--statistics`` in a format that has no statistics (annotations and SARIF are per problem)."""
    from cjmap.reporters.statistics import STATISTICS_REPORTER_BY_NAME

    if statistics and output_format.value not in STATISTICS_REPORTER_BY_NAME:
        fail(f"--statistics prints {' or '.join(STATISTICS_REPORTER_BY_NAME)}, not {output_format.value}; "
             f"write {output_format.value} with --output-file {output_format.value}:PATH")


def _never_fail_on_text() -> None:
    """Standard output and error write any text: what the stream cannot encode is escaped (see
    :data:`cjmap.streams.OUTPUT_ERRORS`), never a crash."""
    from cjmap.streams import OUTPUT_ERRORS

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
                reconfigure(errors=OUTPUT_ERRORS)


def run(app: typer.Typer, args: list[str] | None = None, *, prog_name: str | None = None) -> int:
    """Run the app as the ``cjmap`` program and return its exit code, whatever happens inside."""
    _never_fail_on_text()
    try:
        with interrupts.handled():  # SIGTERM unwinds like Ctrl-C (finally blocks run) instead of killing
            # Standalone mode: typer itself prints usage errors (unknown command or option, bad value) with
            # the usage line and exits 2, the same with every typer version, vendored click or not.
            app(args=args, prog_name=prog_name)
    except (KeyboardInterrupt, interrupts.Terminated) as exc:  # a signal outside a command (rare)
        return _stopped(exc)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_OK if exc.code is None else EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback reaches a user
        if (stop := interrupts.stop_behind(exc)) is not None:
            return _stopped(stop)
        typer.echo(f"cjmap: internal error: {type(exc).__name__}: {exc}", err=True)
        typer.echo("This is a bug in cjmap; please report it with the command and the file that caused it.",
                   err=True)
        return EXIT_INTERNAL
    return EXIT_OK  # not reached: standalone mode always exits
