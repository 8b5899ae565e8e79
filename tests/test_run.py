"""The one file loop: only regular files are read, and one file's failure is that file's problem."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cjmap import checking
from cjmap.discovery import select
from cjmap.parallel import map_files
from cjmap.problem import Location, Problem
from cjmap.run import Outcome, run
from cjmap.source import NotAFileError, Source, read, read_bytes

MAP = """\
cjmap: 1
id: m
title: M
type: current-state
stages:
  - id: s
    name: S
    steps:
      - {id: a, name: A, emotion: 1}
"""
CJMAP = [sys.executable, "-m", "cjmap"]
FIFO_PROBLEM = "V004 [not-a-file] not a regular file: it is a FIFO (named pipe)"
FIFO_HINT = "  hint: cjmap reads regular files only (folders are searched, other kinds skipped)"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with one valid map and a FIFO named like a map."""
    (tmp_path / "good.yaml").write_text(MAP, encoding="utf-8")
    os.mkfifo(tmp_path / "x.yaml")
    return tmp_path


def cjmap(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # A real process with a timeout: a FIFO that is opened blocks forever, and the test must fail, not hang.
    return subprocess.run([*CJMAP, *args], capture_output=True, text=True, timeout=60, cwd=cwd, check=False)


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_a_fifo_named_directly_is_refused_with_v004_and_exit_2(folder: Path, command: str) -> None:
    result = cjmap(command, "x.yaml", "--no-color", *(["--no-config"] if command == "lint" else []), cwd=folder)
    assert (result.returncode, result.stderr) == (2, "")
    assert result.stdout == f"x.yaml:1:1: {FIFO_PROBLEM}\n{FIFO_HINT}\nFound 1 error in 1 of 1 file.\n"


def test_score_refuses_a_fifo_named_directly(folder: Path) -> None:
    result = cjmap("score", "x.yaml", "-f", "json", cwd=folder)
    assert result.returncode == 2
    assert '"code": "V004"' in result.stdout and "FIFO" in result.stdout


@pytest.mark.parametrize("command", ["validate", "lint", "score"])
def test_a_fifo_inside_a_folder_is_skipped(folder: Path, command: str) -> None:
    result = cjmap(command, ".", "-f", "json", *(["--no-config"] if command == "lint" else []), cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "x.yaml" not in result.stdout and result.stderr == ""


def test_selection_keeps_only_regular_files_but_reports_named_ones(folder: Path) -> None:
    (folder / "gone.yaml").symlink_to(folder / "nowhere.yaml")  # dangling: kept, so its error is reported
    assert select([str(folder)]).files == [str(folder / "gone.yaml"), str(folder / "good.yaml")]
    assert select([str(folder / "x.yaml")]).files == [str(folder / "x.yaml")]


def test_reading_refuses_what_is_not_a_regular_file(folder: Path) -> None:
    with pytest.raises(NotAFileError, match="it is a FIFO"):
        read_bytes(str(folder / "x.yaml"))
    with pytest.raises(IsADirectoryError):
        read_bytes(str(folder))
    # Only while /dev/null is the device: a writer that once replaced it left a regular file there.
    if os.path.exists("/dev/null") and stat.S_ISCHR(os.stat("/dev/null").st_mode):
        with pytest.raises(NotAFileError, match="it is a character device"):
            read_bytes("/dev/null")


def test_a_source_is_read_once_and_kept_in_the_document(folder: Path) -> None:
    from cjmap.validation.validator import validate_file

    source = read(str(folder / "good.yaml"))
    assert (source.name, source.display, source.content, source.text) == (
        str(folder / "good.yaml"), str(folder / "good.yaml"), MAP.encode(), MAP)
    assert source.base_dir == folder
    result = validate_file(source)
    assert result.valid and result.document is not None and result.document.source is source
    assert Source.of("-", b"").display == "<stdin>"
    assert Source.of("m.yaml", b"\xff").text is None


def explode_on_b(source: Source) -> str:
    if source.name.endswith("b.yaml"):
        raise ValueError("boom")
    return source.display


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_exception_for_one_file_is_that_files_x001_problem(tmp_path: Path, jobs: int) -> None:
    names = [str(tmp_path / f"{letter}.yaml") for letter in "abcdefghij"]
    for name in names:
        Path(name).write_text(MAP, encoding="utf-8")
    done = run([str(tmp_path)], explode_on_b, jobs)
    problem = Problem(file=names[1], location=Location(1, 1), code="X001", name="internal-error",
                      message="cjmap failed on this file: ValueError: boom")
    assert done.outcomes == [Outcome(name=name, value=name) if name != names[1] else Outcome(name=name, problem=problem)
                             for name in names]
    assert done.problems == [problem] and not done.unreadable
    assert done.problems[0].hint == "this is a bug in cjmap; please report it with the file that caused it"


@pytest.mark.parametrize("jobs", [1, 2])
def test_validate_paths_reports_the_other_files_when_one_crashes(tmp_path: Path, jobs: int,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    for index in range(10):
        text = MAP if index != 3 else MAP.replace("type: current-state", "type: curent-state")
        (tmp_path / f"m{index}.yaml").write_text(text, encoding="utf-8")
    from cjmap.validation.validator import validate_file as real

    def crash_on_m7(source: Source) -> object:
        if source.name.endswith("m7.yaml"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(source)

    monkeypatch.setattr(checking, "validate_file", crash_on_m7)  # forked workers inherit the patch
    report, missing, unreadable = checking.validate_paths([str(tmp_path)], jobs)
    assert (missing, unreadable, len(report.files)) == ([], False, 10)
    assert [(Path(p.file).name, p.code, p.message) for p in report.sorted_problems()] == [
        ("m3.yaml", "V023", report.sorted_problems()[0].message),
        ("m7.yaml", "X001", "cjmap failed on this file: RecursionError: maximum recursion depth exceeded")]


def test_workers_apply_closures_the_fork_inherits() -> None:
    offset = 1000
    names = [str(i) for i in range(40)]
    assert map_files(lambda name: int(name) + offset, names, jobs=3) == [i + offset for i in range(40)]
