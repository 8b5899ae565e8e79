"""Reading a Mermaid source (a ``.mmd`` file, a Markdown file or stdin) into imported maps, or problems.

Every map is checked by cjmap's own validator before it is handed back, so an import never writes a file
that ``cjmap validate`` would refuse.
"""

from __future__ import annotations

from pathlib import Path

from cjmap import codes
from cjmap.interop import markdown, mermaid
from cjmap.interop.journey import Imported, to_map
from cjmap.problem import Location, Problem, Severity


class MermaidInputError(Exception):
    """The input cannot be read, or the options do not fit it (a usage or environment error, exit 2)."""


def read_mermaid(name: str, *, block: int | None = None) -> tuple[list[Imported], list[Problem], str]:
    """The maps in file ``name`` (``-`` is stdin), every problem found, and the name reports show.

    No maps come back when any block has an error: an import is all or nothing.
    """
    from cjmap.loader import LoadError, decode
    from cjmap.source import STDIN, STDIN_DISPLAY, read_bytes

    display = STDIN_DISPLAY if name == STDIN else name
    try:
        content = read_bytes(name)
    except OSError as exc:
        raise MermaidInputError(f"cannot read {name}: {exc.strerror or exc}") from None
    try:
        text = decode(content, display)
    except LoadError as exc:
        return [], list(exc.problems), display
    fallback = "Journey" if name == STDIN else Path(name).stem
    if markdown.is_markdown(name, text):
        blocks = markdown.journey_blocks(text)
        if not blocks:
            return [], [Problem.of(codes.MERMAID_SYNTAX, display, Location(), "no ```mermaid block holding a "
                                   "`journey` in this Markdown file")], display
        if block is not None:
            if block > len(blocks):
                raise MermaidInputError(f"--block {block}: {display} has {len(blocks)} journey "
                                        f"block{'s' if len(blocks) != 1 else ''}")
            blocks = [blocks[block - 1]]
        sources = [(item.text, item.first_line, f"{display}, journey block {item.number} (line {item.first_line})",
                    f"{fallback} {item.number}" if len(blocks) > 1 else fallback) for item in blocks]
    else:
        if block is not None:
            raise MermaidInputError(f"--block {block}: {display} is not Markdown; --block picks a block of a "
                                    ".md file")
        sources = [(text, 1, display, fallback)]
    maps, problems = [], []
    for body, first_line, origin, title in sources:
        diagram, found = mermaid.parse(body, display, first_line=first_line)
        problems += found
        if diagram is not None:
            imported, notes = to_map(diagram, file=display, origin=origin, fallback=title)
            problems += notes + _validated(imported, display, first_line)
            maps.append(imported)
    if any(problem.severity == Severity.ERROR for problem in problems):
        return [], problems, display
    return maps, problems, display


def _validated(imported: Imported, display: str, first_line: int) -> list[Problem]:
    """Nothing when the map validates; else one error per problem (a bug in the importer, said plainly)."""
    from cjmap.interop.emit import write_map
    from cjmap.loader import MAX_BYTES
    from cjmap.source import Source
    from cjmap.validation.validator import validate_file

    text = write_map(imported.data, header=imported.header)
    if len(text.encode("utf-8")) > MAX_BYTES:
        return [Problem.of(codes.MERMAID_SYNTAX, display, Location(first_line, 1), "the imported map would be "
                           f"over the {MAX_BYTES:,}-byte limit of a map file", hint="split the journey")]
    result = validate_file(Source.of(f"{imported.stem}.yaml", text.encode("utf-8")))
    return [Problem.of(codes.MERMAID_SYNTAX, display, Location(first_line, 1),
                       f"the imported map would not validate ({problem.code} {problem.message} at "
                       f"{problem.path or problem.location}); this is a bug in cjmap import")
            for problem in result.problems if problem.severity == Severity.ERROR]
