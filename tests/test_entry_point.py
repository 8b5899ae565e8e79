"""The installed ``cjmap`` console script, run as a user runs it: every exit code, every usage error, the help.

Self-contained (no conftest, no files from the repository) so ``.ci/fresh-install-test`` can copy it next
to a clean, non-editable install and prove that what users get works with only the declared dependencies.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / ("cjmap.exe" if os.name == "nt" else "cjmap")
CJMAP = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "cjmap"]
"""The console script beside this interpreter; ``python -m cjmap`` where there is none."""

CLEAN = """\
cjmap: 1
id: checkout
title: Online checkout
type: current-state
owner: shop-team
reviewed: 2026-10-01
persona: {name: Maya, goals: [Pay quickly]}
scope: {scenario: Maya pays, business_goals: [Faster checkout]}
channels: {web: Website}
stages:
  - id: pay
    name: Pay
    steps:
      - {id: card, name: Enters card details, channel: web, emotion: 4, research: [Test]}
"""
"""Valid, lint-clean, scored +0.50 on its 1..5 scale."""

WARNED = "cjmap: 1\nid: m\ntitle: M\ntype: current-state\nstages:\n  - id: s\n    name: S\n"
"""Valid, with lint warnings (no owner, no persona, a stage without steps ...) but no lint error."""

INVALID = "cjmap: 2\nid: m\ntitle: M\ntype: current-state\nstages: []\n"
"""Not valid: format version 2."""

TRACEBACK = "Traceback (most recent call last)"
PYTHON_TYPES = re.compile(r"list\[|int range|<bool>|<int>|<str>|<text|<path>|<float>|<integer>|NoneType")


def cjmap(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CJMAP_TODAY")}
    return subprocess.run([*CJMAP, *args], capture_output=True, text=True, cwd=cwd, input=stdin, timeout=120,
                          check=False, env={**env, "NO_COLOR": "1", "COLUMNS": "100"})


@pytest.fixture
def maps(tmp_path: Path) -> Path:
    for name, text in {"clean.yaml": CLEAN, "warned.yaml": WARNED, "invalid.yaml": INVALID}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def error_line(stderr: str) -> str:
    """The one ``Error: ...`` line of a usage error (typer prints the usage line and a hint around it)."""
    found = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    assert len(found) == 1, stderr
    return found[0]


# --- exit codes of every command --------------------------------------------------------------------------


def test_version() -> None:
    result = cjmap("--version")
    assert (result.returncode, result.stdout, result.stderr) == (0, f"cjmap {version('cjmap')}\n", "")
    assert cjmap("-V").stdout == result.stdout


@pytest.mark.parametrize("args, code, stdout", [
    (["validate", "clean.yaml"], 0, "All good! 1 file checked.\n"),
    (["validate", "clean.yaml", "warned.yaml"], 0, "All good! 2 files checked.\n"),
    (["lint", "--no-config", "--today", "2026-11-01", "clean.yaml"], 0, "All good! 1 file checked.\n"),
])
def test_clean_runs_exit_0(maps: Path, args: list[str], code: int, stdout: str) -> None:
    result = cjmap(*args, cwd=maps)
    assert (result.returncode, result.stdout, result.stderr) == (code, stdout, "")


def test_validate_exits_1_on_an_invalid_map(maps: Path) -> None:
    result = cjmap("validate", "invalid.yaml", cwd=maps)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.startswith("invalid.yaml:1:8: V023 [invalid-value] format version 2")
    assert result.stdout.endswith("Found 1 error in 1 of 1 file.\n")


def test_lint_exit_codes(maps: Path) -> None:
    lint = ("lint", "--no-config", "--today", "2026-11-01")
    assert cjmap(*lint, "warned.yaml", cwd=maps).returncode == 0  # warnings only
    warned = cjmap(*lint, "--fail-on", "warning", "warned.yaml", cwd=maps)
    assert (warned.returncode, warned.stderr) == (1, "")
    assert "warned.yaml:1:1: H004 [map-without-owner] the map names no owner\n" in warned.stdout
    assert cjmap(*lint, "invalid.yaml", cwd=maps).returncode == 1  # validation errors always count


def test_score_exit_codes(maps: Path) -> None:
    passed = cjmap("score", "-f", "json", "--fail-under", "mean=0", "clean.yaml", cwd=maps)
    assert (passed.returncode, passed.stderr) == (0, "")
    assert json.loads(passed.stdout)["gates"] == [
        {"map": "clean.yaml", "metric": "mean", "kind": "under", "threshold": 0.0, "value": 0.5, "passed": True}]
    failed = cjmap("score", "--fail-under", "mean=0.75", "clean.yaml", cwd=maps)
    assert (failed.returncode, failed.stderr) == (1, "")
    assert failed.stdout.endswith("gate failed: clean.yaml: mean is +0.50, under the minimum +0.75\n")
    assert cjmap("score", "invalid.yaml", cwd=maps).returncode == 1


def test_portfolio_exit_codes(maps: Path) -> None:
    clean = cjmap("portfolio", "-f", "json", "clean.yaml", "warned.yaml", cwd=maps)
    assert (clean.returncode, clean.stderr) == (0, "")
    assert [row["file"] for row in json.loads(clean.stdout)["heat"]["rows"]] == ["clean.yaml", "warned.yaml"]
    invalid = cjmap("portfolio", "clean.yaml", "invalid.yaml", cwd=maps)
    assert (invalid.returncode, invalid.stderr) == (1, "")
    assert "left out: invalid.yaml:1:8: V023 format version 2" in invalid.stdout


def test_rules_and_schema_exit_0() -> None:
    rules = cjmap("rules", "--format", "json")
    assert (rules.returncode, rules.stderr) == (0, "")
    assert {"code", "name"} <= set(json.loads(rules.stdout)[0])
    for args in (["schema"], ["schema", "--persona"]):
        schema = cjmap(*args)
        assert (schema.returncode, schema.stderr) == (0, "")
        assert json.loads(schema.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


# --- usage and environment errors: exit 2, one message, no traceback ---------------------------------------


def test_no_arguments_prints_the_help_on_stderr_and_exits_2() -> None:
    result = cjmap()
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("Usage: cjmap [OPTIONS] ")  # then COMMAND or [COMMAND], by click version
    assert "Commands:" in result.stderr and TRACEBACK not in result.stderr


@pytest.mark.parametrize("args, message", [
    (["nosuchcommand"], "Error: No such command 'nosuchcommand'."),
    (["validate", "--bogus"], "Error: No such option"),  # then ": --bogus" or " '--bogus'", by click version
    (["lint", "--bogus"], "Error: No such option"),
    (["validate", "-f"], "Error: Option '-f' requires an argument."),
    (["validate", "--format", "xml"], "Error: Invalid value for '--format' / '-f': "),
    (["score", "--format", "sarif"], "Error: Invalid value for '--format' / '-f': "),
    (["rules", "--format", "xml"], "Error: Invalid value for '--format' / '-f': "),
    (["lint", "--fail-on", "fatal"], "Error: Invalid value for '--fail-on': "),
    (["validate", "-j", "-1"], "Error: Invalid value for '--jobs' / '-j': must be 0 or more; got -1"),
    (["score", "--jobs", "-3"], "Error: Invalid value for '--jobs' / '-j': must be 0 or more; got -3"),
    (["lint", "--max-warnings", "-1"], "Error: Invalid value for '--max-warnings': must be 0 or more; got -1"),
    (["validate", "-j", "many"], "Error: Invalid value for '--jobs' / '-j': "),
    (["schema", "extra"], "Error: Got unexpected extra argument"),
])
def test_usage_errors_exit_2_with_one_error_line(args: list[str], message: str) -> None:
    result = cjmap(*args)
    assert (result.returncode, result.stdout) == (2, "")
    line = error_line(result.stderr)
    assert line.startswith(message) and ("--bogus" in line or "--bogus" not in args), line
    assert TRACEBACK not in result.stderr and "internal error" not in result.stderr


@pytest.mark.parametrize("args, stderr", [
    (["validate", "nowhere.yaml"], "cjmap: error: no such file or directory: nowhere.yaml\n"),
    (["lint", "nowhere.yaml", "other.yaml"], "cjmap: error: no such file or directory: nowhere.yaml, other.yaml\n"),
    (["score", "nowhere.yaml"], "cjmap: error: no such file or directory: nowhere.yaml\n"),
    (["portfolio", "nowhere.yaml"], "cjmap: error: no such file or directory: nowhere.yaml\n"),
    (["portfolio", "--today", "soon", "clean.yaml"],
     "cjmap: error: --today must be a date written YYYY-MM-DD; got 'soon'\n"),
    (["score", "--fail-under", "happiness=1", "clean.yaml"],
     "cjmap: error: --fail-under: unknown metric 'happiness'; choose from mean, median, min, max, end, "
     "peak-end, trend, coverage\n"),
    (["score", "--fail-under", "volatility=1", "clean.yaml"],
     "cjmap: error: --fail-under: unknown metric 'volatility' (use --fail-over for volatility); choose from "
     "mean, median, min, max, end, peak-end, trend, coverage\n"),
    (["score", "--compare", "clean.yaml"],
     "cjmap: error: --compare needs two maps (before and after), or one future-state map with a baseline\n"),
    (["lint", "--today", "soon", "clean.yaml"], "cjmap: error: --today must be a date written YYYY-MM-DD; got 'soon'\n"),
    (["lint", "--config", "nowhere.toml", "clean.yaml"],
     "cjmap: error: nowhere.toml: no such configuration file\n"),
    (["lint", "--explain", "missing-ids"],
     "cjmap: error: no rule 'missing-ids' (did you mean 'missing-id'?); 'cjmap rules' lists them\n"),
    (["lint", "--fix", "-"], "cjmap: error: --fix cannot rewrite stdin; use --diff to see the fixes\n"),
])
def test_environment_errors_exit_2_with_one_line(maps: Path, args: list[str], stderr: str) -> None:
    result = cjmap(*args, cwd=maps, stdin="")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", stderr)


def test_an_internal_error_exits_3_with_two_lines_and_no_traceback(maps: Path) -> None:
    # The installed package with one function broken, so the last line of defence is what answers.
    code = ("import sys, cjmap.checking\n"
            "def boom(*args, **kwargs): raise RuntimeError('boom')\n"
            "cjmap.checking.validate_paths = boom\n"
            "from cjmap.cli import main\nsys.argv = ['cjmap', 'validate', 'clean.yaml']\nsys.exit(main())\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=maps, timeout=120,
                            check=False)
    assert (result.returncode, result.stdout) == (3, "")
    assert result.stderr == ("cjmap: internal error: RuntimeError: boom\n"
                             "This is a bug in cjmap; please report it with the command and the file that caused it.\n")


# --- help ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["validate"], ["lint"], ["score"], ["rules"], ["schema"], ["render"]])
def test_help_shows_metavars_people_read(command: list[str]) -> None:
    result = cjmap(*command, "--help")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(f"Usage: cjmap {' '.join(command)}".rstrip() + " [OPTIONS]")
    assert PYTHON_TYPES.findall(result.stdout) == [], result.stdout
    assert cjmap(*command, "-h").stdout == result.stdout


def _commands(*group: str) -> list[str]:
    """The command names ``cjmap [group] --help`` lists."""
    text = cjmap(*group, "--help").stdout
    listed = text.split("\nCommands:\n", 1)[1] if "\nCommands:\n" in text else ""
    return [line.split()[0] for line in listed.splitlines() if line.startswith("  ") and line.split()]




def test_no_command_help_shows_python_types_beyond_the_known_ones() -> None:
    commands = [[name] for name in _commands()]
    commands += [[*group, name] for group in commands for name in _commands(*group)]
    assert len(commands) >= 6
    offenders = {" ".join(command) for command in commands if PYTHON_TYPES.search(cjmap(*command, "--help").stdout)}
    assert offenders == set()


@pytest.mark.parametrize("command, shown", [
    ("validate", ["Usage: cjmap validate [OPTIONS] [PATH]...", "-f, --format text|json|github|sarif|codeclimate",
                  "-j, --jobs N",
                  "PATH: map files or directories", "--color / --no-color"]),
    ("lint", ["Usage: cjmap lint [OPTIONS] [PATH]...", "--fail-on error|warning|info", "--max-warnings N",
              "--today YYYY-MM-DD", "--select RULES", "--explain CODE", "--config FILE", "-j, --jobs N"]),
    ("score", ["Usage: cjmap score [OPTIONS] [PATH]...", "-f, --format text|json|markdown",
               "--fail-under METRIC=VALUE", "--fail-over METRIC=VALUE", "-j, --jobs N"]),
    ("rules", ["Usage: cjmap rules [OPTIONS]", "-f, --format text|json|markdown"]),
])
def test_help_names_each_option_value(command: str, shown: list[str]) -> None:
    lines = [line.strip() for line in cjmap(command, "--help").stdout.splitlines()]
    for text in shown:
        assert any(line.startswith(text) for line in lines), (text, lines)


# --- signals ------------------------------------------------------------------------------------------------


def _wait_until_blocked(process: subprocess.Popen[str]) -> None:
    """Wait until cjmap handles SIGTERM and sits idle (blocked reading stdin); Linux /proc tells."""
    status, stat = Path(f"/proc/{process.pid}/status"), Path(f"/proc/{process.pid}/stat")
    deadline, last, still = time.monotonic() + 60, "", 0
    while time.monotonic() < deadline and still < 5:
        time.sleep(0.05)
        caught = next((int(line.split()[1], 16) for line in status.read_text().splitlines()
                       if line.startswith("SigCgt:")), 0)
        fields = stat.read_text().rsplit(")", 1)[1].split()
        now = f"{fields[0]} {fields[11]} {fields[12]}"  # state, user time, system time
        still = still + 1 if caught & (1 << (signal.SIGTERM - 1)) and fields[0] == "S" and now == last else 0
        last = now
    assert still >= 5, "cjmap never settled to read stdin"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc to see cjmap wait on stdin")
@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_ends_the_run_with_its_exit_code_and_one_line(signum: signal.Signals, code: int) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    with subprocess.Popen([*CJMAP, "validate", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, env=env) as process:
        try:
            _wait_until_blocked(process)
            process.send_signal(signum)
            stdout, stderr = process.communicate(timeout=60)
        finally:
            process.kill()
    assert (process.returncode, stdout, stderr) == (code, "", "cjmap: interrupted\n")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_after_the_run_changes_nothing(signum: signal.Signals) -> None:
    # Python restores the signals' default action while it shuts down; a Ctrl-C landing then (the work done)
    # must neither kill cjmap by the signal nor print a traceback. An exit handler registered before cjmap's
    # runs after it, during shut-down, and sends the signal.
    code = ("import atexit, os, signal, sys, time\n"
            f"atexit.register(lambda: (os.kill(os.getpid(), {int(signum)}), time.sleep(0.2)))\n"
            "from cjmap.cli import main\nsys.argv = ['cjmap', '--version']\nsys.exit(main())\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"cjmap {version('cjmap')}\n", "")
