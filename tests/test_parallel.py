"""Many files on several processes give exactly what one process gives."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjmap.cli import app
from cjmap.parallel import job_count, map_files

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
from bench import generate_map  # noqa: E402

runner = CliRunner()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("many")
    for index in range(12):
        text = generate_map(index, 20)
        if index % 4 == 0:
            text = text.replace("type: current-state", "type: current-stat")  # some invalid maps too
        if index % 3 == 0:
            text = text.replace("emotion: {score: -2}", "emotion: {score: -2, label: Happy}")
        (root / f"m{index:02}.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("command", ["validate", "lint", "score"])
def test_parallel_output_equals_serial(folder: Path, command: str) -> None:
    serial = runner.invoke(app, [command, str(folder), "-f", "json", "-j", "1"])
    parallel = runner.invoke(app, [command, str(folder), "-f", "json", "-j", "3"])
    assert parallel.exit_code == serial.exit_code == 1
    assert parallel.stdout == serial.stdout


def test_bad_configuration_still_exits_2_with_several_jobs(folder: Path, tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text("selekt: [S]\n", encoding="utf-8")
    result = runner.invoke(app, ["lint", str(folder), "--config", str(config), "-j", "2"])
    assert result.exit_code == 2
    assert "selekt" in result.stderr


def test_job_count() -> None:
    assert job_count(1, 100) == 1
    assert job_count(8, 100) == 8
    assert job_count(8, 9) == 2  # at least four files per process
    assert job_count(None, 3) == 1
    assert job_count(0, 1000) >= 1


def double(name: str) -> str:
    return name * 2


def test_map_files_keeps_order() -> None:
    names = [str(i) for i in range(40)]
    assert map_files(double, names, jobs=4) == [name * 2 for name in names]
    assert map_files(double, ["-", *names], jobs=4) == ["--", *(name * 2 for name in names)]  # stdin: in process
