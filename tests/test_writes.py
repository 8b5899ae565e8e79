"""Safe writes: read-only files and folders are refused with a message, and no temporary file is left behind."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cjmap import writer
from cjmap.lint.fix import FileFix, Written, write_fixes

DATA = Path(__file__).parent / "lint_data"
CJMAP = [sys.executable, "-m", "cjmap"]
FIX = ["lint", "--no-config", "--today", "2026-11-01", "--fix", "-f", "json", "-j", "2"]


def temporaries(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.rglob("*.tmp"))


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path
    for path in (tmp_path, *tmp_path.rglob("*")):  # let pytest clean up what a test made read-only
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


def fixable(folder: Path, count: int = 1) -> list[Path]:
    paths = []
    for index in range(count):
        path = folder / f"m{index:02}.yaml"
        path.write_bytes((DATA / "preserve.yaml").read_bytes())
        paths.append(path)
    return paths


def test_a_read_only_file_is_refused_and_left_alone(writable: Path) -> None:
    [target] = fixable(writable)
    target.chmod(0o444)
    with pytest.raises(writer.OutputError, match="^the file is read-only$"):
        writer.write_file(str(target), b"new\n")
    assert target.read_bytes() == (DATA / "preserve.yaml").read_bytes()
    assert temporaries(writable) == []


def test_a_read_only_folder_is_refused(writable: Path) -> None:
    [target] = fixable(writable)
    writable.chmod(0o555)
    with pytest.raises(writer.OutputError) as refused:
        writer.write_file(str(target), b"new\n")
    assert str(refused.value) == f"the folder {os.path.realpath(writable)} is read-only"
    assert target.read_bytes() == (DATA / "preserve.yaml").read_bytes()


def test_write_fixes_reports_each_file_and_goes_on(writable: Path) -> None:
    locked, free = fixable(writable, 2)
    locked.chmod(0o444)
    fixes = [FileFix(str(path), "old\n", "new\n", applied=["a", "b"]) for path in (locked, free)]
    fixes.append(FileFix(str(writable / "same.yaml"), "same\n", "same\n"))  # unchanged: not written
    assert write_fixes(fixes) == [Written(name=str(locked), fixes=2, error="the file is read-only"),
                                  Written(name=str(free), fixes=2)]
    assert [w.message for w in write_fixes(fixes)] == [f"cannot fix {locked}: the file is read-only",
                                                       f"fixed {free}: 2 fixes applied"]
    assert free.read_text() == "new\n"


def test_lint_fix_on_a_read_only_file_prints_the_report_and_exits_2(writable: Path) -> None:
    [target] = fixable(writable)
    target.chmod(0o444)
    result = subprocess.run([*CJMAP, *FIX, str(target)], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert result.stderr == f"cjmap: cannot fix {target}: the file is read-only\n"
    report = json.loads(result.stdout)  # the report is still printed
    assert (report["command"], report["files"]) == ("lint", [str(target)])
    assert sorted(problem["code"] for problem in report["problems"]) == ["I001", "I005"]
    assert target.read_bytes() == (DATA / "preserve.yaml").read_bytes()


def test_temporary_files_are_named_for_their_file_and_process(writable: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [target] = fixable(writable)
    seen: list[str] = []

    def spy(source: str, destination: str) -> None:
        seen.append(os.path.basename(source))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", spy)
    with pytest.raises(writer.OutputError, match="^No space left on device$"):
        writer.write_file(str(target), b"new\n")
    [name] = seen
    assert name.startswith(f".m00.yaml.cjmap-{os.getpid()}-") and name.endswith(".tmp")
    assert temporaries(writable) == []


def test_a_write_removes_stale_temporaries_of_dead_runs_only(writable: Path) -> None:
    [target] = fixable(writable)
    dead = subprocess.Popen(["true"])  # a process that is surely gone
    dead.wait()
    alive = subprocess.Popen(["sleep", "30"])
    try:
        (writable / f".m00.yaml.cjmap-{dead.pid}-abc.tmp").write_text("x")
        (writable / f".m00.yaml.cjmap-{alive.pid}-def.tmp").write_text("x")  # a run writing right now
        (writable / ".other.yaml.cjmap-1-ghi.tmp").write_text("x")  # another file's: not this write's business
        writer.write_file(str(target), b"new\n")
        assert temporaries(writable) == sorted([f".m00.yaml.cjmap-{alive.pid}-def.tmp", ".other.yaml.cjmap-1-ghi.tmp"])
    finally:
        alive.kill()
        alive.wait()


def _wait_for_handler(pid: int, signum: signal.Signals, timeout: float = 30.0) -> None:
    """Wait until process ``pid`` catches ``signum`` (its bit in SigCgt of /proc/PID/status), or has ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return
        caught = next((int(line.split()[1], 16) for line in status.splitlines() if line.startswith("SigCgt:")), 0)
        if caught & (1 << (signum - 1)):
            return
        time.sleep(0.02)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_caught_signal_during_fix_leaves_no_temporary_file(writable: Path, signum: signal.Signals) -> None:
    paths = fixable(writable, 40)
    rng = random.Random(7)
    for _ in range(12):
        for path in paths:
            path.write_bytes((DATA / "preserve.yaml").read_bytes())
        process = subprocess.Popen([*CJMAP, *FIX, str(writable)], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, start_new_session=True)
        # A signal during the interpreter's start-up, before cjmap's main() runs, is Python's to handle: wait
        # until main() has installed its SIGTERM handler (however slowly a loaded machine starts), then 0.3 s more.
        _wait_for_handler(process.pid, signal.SIGTERM)
        time.sleep(rng.uniform(0.3, 1.4))
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=30)
        assert "Traceback" not in stderr.decode(), stderr.decode()
        assert process.returncode in (0, 130 if signum == signal.SIGINT else 143), stderr.decode()  # 0: finished
        assert temporaries(writable) == []


def test_after_sigkill_the_next_fix_removes_what_was_left(writable: Path) -> None:
    paths = fixable(writable, 40)
    rng = random.Random(11)
    for _ in range(8):
        process = subprocess.Popen([*CJMAP, *FIX, str(writable)], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.3, 1.5))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    result = subprocess.run([*CJMAP, *FIX, str(writable)], capture_output=True, text=True, timeout=60, check=False)
    assert "Traceback" not in result.stderr
    assert temporaries(writable) == []
    assert all(path.read_bytes() == (DATA / "preserve.fixed.yaml").read_bytes() for path in paths)
