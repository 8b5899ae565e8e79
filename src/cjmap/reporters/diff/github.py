"""``cjmap diff --format github``: one notice per change on the new file's line, shown on the pull request."""

from __future__ import annotations

from typing import TextIO

from cjmap.diff.model import DiffReport
from cjmap.reporters.diff.values import KIND_WORDS
from cjmap.reporters.diff.words import plain, sentence
from cjmap.reporters.escape import visible, workflow_data, workflow_property


def write(stream: TextIO, report: DiffReport, color: bool | None) -> None:
    """Write ``report`` as GitHub workflow commands (``::notice file=…,line=…,col=…,title=…::…``), each change
    said in the map's names with the stage it is in."""
    lines: list[str] = []
    for item in report.maps:
        for problem in item.problems:  # a version that does not validate: an error on the new file, if it is one
            place = (f"file={workflow_property(visible(item.new_file))},line={problem.location.line},"
                     f"col={problem.location.column}," if item.new_file and problem.file == item.new_name else "")
            message = workflow_data(visible(f"{problem.file}: {problem.message}"))
            lines.append(f"::error {place}title={workflow_property(f'{problem.code} {problem.name}')}::{message}\n")
        for change in item.changes:
            message = workflow_data(visible(plain(sentence(change, with_stage=True))))
            title = workflow_property(f"cjmap diff: {KIND_WORDS[change.kind]}")
            if item.new_file is not None and change.line:
                where = (f"file={workflow_property(visible(item.new_file))},line={change.line},"
                         f"col={change.column},")
            else:  # a removed map has no new file to point at: the annotation goes on the run
                where = ""
            lines.append(f"::notice {where}title={title}::{message}\n")
    stream.write("".join(lines))
