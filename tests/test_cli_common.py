"""The shared command-line layer (``cjmap.cli.common``): exit codes, the error handler, options; and the
command-line settings the lint configuration builds (``command_line_config``)."""

from __future__ import annotations

import datetime
import enum
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cjmap import interrupts
from cjmap.cli import app, common
from cjmap.cli.common import CommandError, choices, exit_with, fail, not_negative, run
from cjmap.config import Config, ConfigError, command_line_config

CLI_DIR = Path(__file__).parents[1] / "src" / "cjmap" / "cli"


def test_exit_codes_are_the_documented_ones() -> None:
    assert (common.EXIT_OK, common.EXIT_PROBLEMS, common.EXIT_USAGE, common.EXIT_INTERNAL,
            common.EXIT_INTERRUPTED, common.EXIT_TERMINATED) == (0, 1, 2, 3, 130, 143)


def test_choices_are_written_as_the_readme_writes_them() -> None:
    class Kind(enum.Enum):
        a = "text"
        b = "json"

    assert choices(Kind) == "text|json"
    assert choices(common.OutputFormat) == "text|json|github|sarif|codeclimate"


def test_not_negative() -> None:
    assert (not_negative(0), not_negative(3), not_negative(None)) == (0, 3, None)
    with pytest.raises(typer.BadParameter, match=r"^must be 0 or more; got -1$"):
        not_negative(-1)


def _exit_code_of(function: object, *args: object) -> int:
    with pytest.raises(typer.Exit) as caught:
        exit_with(function, *args)  # type: ignore[arg-type]
    return caught.value.exit_code


@pytest.mark.parametrize("raised, code, stderr", [
    (None, 1, ""),
    (CommandError("no such file or directory: x.yaml"), 2, "cjmap: error: no such file or directory: x.yaml\n"),
    (KeyboardInterrupt(), 130, "cjmap: interrupted\n"),
    (interrupts.Terminated(), 143, "cjmap: interrupted\n"),
])
def test_exit_with_turns_a_command_into_typer_s_exit(raised: BaseException | None, code: int, stderr: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    def command(value: int) -> int:
        if raised is not None:
            raise raised
        return value

    assert _exit_code_of(command, 1) == code
    assert capsys.readouterr() == ("", stderr)


def test_fail_raises_the_message() -> None:
    with pytest.raises(CommandError, match=r"^bad$"):
        fail("bad")


def _app_raising(error: BaseException) -> typer.Typer:
    broken = typer.Typer(rich_markup_mode=None)

    @broken.command()
    def go() -> None:
        raise error

    @broken.command()
    def other() -> None:
        """Two commands, so typer keeps the command names."""

    return broken


@pytest.mark.parametrize("error, code, stderr", [
    (ValueError("boom"), 3, "cjmap: internal error: ValueError: boom\n"
                            "This is a bug in cjmap; please report it with the command and the file that caused it.\n"),
    (OSError(5, "Input/output error"), 3, "cjmap: internal error: OSError: [Errno 5] Input/output error\n"
                                          "This is a bug in cjmap; please report it with the command and the file that "
                                          "caused it.\n"),
    (interrupts.Terminated(), 143, "cjmap: interrupted\n"),
    (SystemExit(None), 0, ""),
    (SystemExit("odd"), 2, ""),
    (typer.Exit(1), 1, ""),
])
def test_run_is_the_last_line_of_defence(error: BaseException, code: int, stderr: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert run(_app_raising(error), ["go"]) == code
    assert capsys.readouterr().err == stderr


def test_run_lets_typer_report_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(_app_raising(ValueError()), ["nosuchcommand"]) == 2
    err = capsys.readouterr().err
    assert "Error: No such command 'nosuchcommand'." in err.splitlines()
    assert "Traceback" not in err and "internal error" not in err


def test_plain_cjmap_prints_the_help_on_stderr_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(app, []) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("Usage: ") and "\nCommands:\n" in err
    for command in ("validate", "lint", "score", "rules", "schema"):
        assert f"\n  {command} " in err


def test_the_app_answers_the_cli_runner_with_the_same_codes() -> None:
    runner = CliRunner()
    assert runner.invoke(app, []).exit_code == 2
    assert runner.invoke(app, ["validate", "--jobs", "-1"]).exit_code == 2
    assert runner.invoke(app, ["rules", "-f", "json"]).exit_code == 0


def test_python_dash_m_is_the_same_program(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "cjmap", "validate", "nowhere.yaml"], capture_output=True,
                            text=True, cwd=tmp_path, timeout=60, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (
        2, "", "cjmap: error: no such file or directory: nowhere.yaml\n")


def test_every_cli_module_stays_small() -> None:
    for path in sorted(CLI_DIR.glob("*.py")):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path.name


# --- the command line's part of the lint configuration -------------------------------------------------------


def test_command_line_config_without_options_is_empty() -> None:
    assert command_line_config(environ={}) == Config(source="command line")


def test_command_line_config_splits_selectors_and_pins_today() -> None:
    config = command_line_config(select=["S001,S002", "H"], ignore=["R006 T"], today="2026-11-01", environ={})
    assert config == Config(source="command line", select=("S001", "S002", "H"), ignore=("R006", "T"),
                            today=datetime.date(2026, 11, 1))


def test_today_option_beats_the_environment() -> None:
    env = {"CJMAP_TODAY": "2020-01-01"}
    assert command_line_config(today="2026-11-01", environ=env).today == datetime.date(2026, 11, 1)
    assert command_line_config(environ=env).today == datetime.date(2020, 1, 1)
    assert command_line_config(select=[], environ={}).select is None  # an empty --select selects nothing new


@pytest.mark.parametrize("today, environ, message", [
    ("soon", {}, "--today must be a date written YYYY-MM-DD; got 'soon'"),
    ("2026-13-01", {}, "--today must be a date written YYYY-MM-DD; got '2026-13-01'"),
    (None, {"CJMAP_TODAY": "tomorrow"},
     "environment variable CJMAP_TODAY: 'today' must be a date written YYYY-MM-DD; got 'tomorrow'"),
])
def test_bad_dates_are_configuration_errors(today: str | None, environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        command_line_config(today=today, environ=environ)
    assert str(caught.value) == message
