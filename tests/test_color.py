"""When output is coloured: ``--color/--no-color`` wins, then FORCE_COLOR, then NO_COLOR, then "is it a terminal".

The rule is one function (``cjmap.reporters.base.use_color``), tested as a table; the end-to-end cases run the
real ``python -m cjmap`` with its stdout on a pseudo-terminal (``os.openpty``) or a pipe and look for ESC bytes.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_MAP

from cjmap.reporters.base import use_color

ESC = b"\x1b"


class FakeStream(io.StringIO):
    """A stream that says whether it is a terminal."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(("flag", "environ", "tty", "expected"), [
    (None, {}, True, True),
    (None, {}, False, False),
    (None, {"NO_COLOR": "1"}, True, False),
    (None, {"NO_COLOR": ""}, True, True),  # empty means unset (no-color.org)
    (None, {"FORCE_COLOR": "1"}, False, True),
    (None, {"FORCE_COLOR": ""}, False, False),
    (None, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, True),
    (None, {"TERM": "dumb"}, True, False),
    (None, {"TERM": "dumb", "FORCE_COLOR": "1"}, False, True),
    (True, {"NO_COLOR": "1"}, False, True),
    (False, {"FORCE_COLOR": "1"}, True, False),
])
def test_the_colour_rule(flag: bool | None, environ: dict[str, str], tty: bool, expected: bool) -> None:
    assert use_color(flag, FakeStream(tty), environ) is expected


def test_a_closed_stream_is_not_a_terminal() -> None:
    stream = FakeStream(True)
    stream.isatty = io.StringIO().isatty  # type: ignore[method-assign]
    stream.close()
    assert use_color(None, stream, {}) is False


@pytest.fixture(scope="module")
def bad_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("color") / "bad.yaml"
    path.write_text(MINIMAL_MAP + "emoton: 3\n", encoding="utf-8")
    return path


def _env(extra: dict[str, str]) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PY_COLORS", "TERM")}
    return {**base, "TERM": "xterm-256color", "COLUMNS": "120", **extra}


def run_in_pty(args: list[str], extra: dict[str, str]) -> bytes:
    """Everything ``python -m cjmap ARGS`` writes when its stdout and stderr are a pseudo-terminal."""
    controller, terminal = os.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "cjmap", *args], stdin=subprocess.DEVNULL,
                                   stdout=terminal, stderr=terminal, env=_env(extra))
    finally:
        os.close(terminal)
    chunks = []
    try:
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(controller)
        process.wait(timeout=60)
    assert process.returncode == 1
    return b"".join(chunks)


def run_in_pipe(args: list[str], extra: dict[str, str]) -> bytes:
    result = subprocess.run([sys.executable, "-m", "cjmap", *args], capture_output=True, timeout=60, check=False,
                            env=_env(extra))
    assert (result.returncode, result.stderr) == (1, b"")
    return result.stdout


pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs pseudo-terminals (POSIX)")


def test_a_terminal_gets_colour(bad_map: Path) -> None:
    out = run_in_pty(["validate", str(bad_map)], {})
    assert ESC + b"[1m" in out and b"unknown key 'emoton'" in out


def test_no_color_on_a_terminal_means_no_escape_codes_at_all(bad_map: Path) -> None:
    out = run_in_pty(["validate", str(bad_map)], {"NO_COLOR": "1"})
    assert ESC not in out
    assert out.replace(b"\r\n", b"\n").decode().startswith(f"{bad_map}:6:1: V020 [unknown-key] unknown key 'emoton'\n")


def test_the_flag_beats_no_color(bad_map: Path) -> None:
    assert ESC in run_in_pty(["validate", "--color", str(bad_map)], {"NO_COLOR": "1"})


def test_force_color_colours_a_pipe_and_the_flag_beats_it(bad_map: Path) -> None:
    assert ESC in run_in_pipe(["validate", str(bad_map)], {"FORCE_COLOR": "1"})
    assert ESC not in run_in_pipe(["validate", "--no-color", str(bad_map)], {"FORCE_COLOR": "1"})
    assert ESC not in run_in_pipe(["validate", str(bad_map)], {})


def test_lint_follows_the_same_rule(bad_map: Path) -> None:
    assert ESC in run_in_pty(["lint", "--no-config", str(bad_map)], {})
    assert ESC not in run_in_pty(["lint", "--no-config", str(bad_map)], {"NO_COLOR": "1"})


def test_score_follows_the_same_rule(bad_map: Path) -> None:
    # An invalid map is reported as "not scored" (exit 1), in red on a terminal.
    assert ESC in run_in_pty(["score", str(bad_map)], {})
    assert ESC not in run_in_pty(["score", str(bad_map)], {"NO_COLOR": "1"})
    assert ESC in run_in_pipe(["score", str(bad_map)], {"FORCE_COLOR": "1"})
