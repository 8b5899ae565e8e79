"""Input limits that scale with the input and that a project adjusts: ``limits:`` in the cjmap configuration.

The loader's own cases (alias budgets, exact locations) are in test_loader.py; here, what a user sees: the
defaults admit a full 10,000-step map, and a configuration's ``limits:`` changes what ``cjmap validate`` accepts.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import CliRunner

from cjmap import limits
from cjmap.config import ConfigError, parse_config
from cjmap.loader import DEFAULT_LIMITS, Limits, load

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
from bench import generate_map  # noqa: E402 - the benchmarks' realistic map generator

MAP = "cjmap: 1\nid: m\ntitle: M\ntype: current-state\nstages: []\n"
WITH_ALIAS = MAP + "owner: &team Growth\npersona: {name: *team}\n"


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    limits.clear_caches()


def test_the_defaults_admit_a_full_10000_step_map() -> None:
    content = generate_map(0, 10_000).encode("utf-8")
    assert 6_000_000 < len(content) <= DEFAULT_LIMITS.file_size
    document = load(content, "big.yaml")
    assert len(document.data["stages"]) == 1_000


@pytest.mark.parametrize("config, expected", [
    ("limits: {file-size: 100}", Limits(file_size=100)),
    ("limits: {file-size: 32 MiB}", Limits(file_size=32 * 1024 * 1024)),
    ("limits: {file-size: 20MB, alias-ratio: 2.5}", Limits(file_size=20_000_000, alias_ratio=2.5)),
    ("limits: {alias-ratio: 0}", Limits(alias_ratio=0)),
    ("limits: {}", DEFAULT_LIMITS),
])
def test_a_configuration_sets_the_limits(tmp_path: Path, config: str, expected: Limits) -> None:
    (tmp_path / ".cjmap.yaml").write_text(config + "\n", encoding="utf-8")
    assert limits.limits_for(tmp_path / "maps" / "deeper") == expected
    assert limits.limits_for(tmp_path.parent) == DEFAULT_LIMITS  # outside the project


@pytest.mark.parametrize("value, message", [
    ("{file-size: 1, alias-ratoi: 3}", "t.yaml: unknown key 'alias-ratoi' in 'limits' (did you mean 'alias-ratio'?); "
                                       "expected file-size, alias-ratio"),
    ("{file-size: 0}", "t.yaml: 'file-size' must be a number of bytes or a size such as 32 MiB or 20 MB, 1 byte "
                       "or more; got 0"),
    ("{file-size: lots}", "t.yaml: 'file-size' must be a number of bytes or a size such as 32 MiB or 20 MB, 1 "
                          "byte or more; got 'lots'"),
    ("{alias-ratio: -1}", "t.yaml: 'alias-ratio' must be a number, 0 or more (the values aliases may add per "
                          "value written; 0 refuses every alias that repeats a value); got -1"),
    ("{alias-ratio: yes}", "t.yaml: 'alias-ratio' must be a number, 0 or more (the values aliases may add per "
                           "value written; 0 refuses every alias that repeats a value); got 'yes'"),
    ("[32 MiB]", "t.yaml: 'limits' must be a mapping, e.g. limits: {file-size: 32 MiB, alias-ratio: 10}; got a list"),
])
def test_a_mistake_in_limits_is_named(value: str, message: str) -> None:
    from cjmap.loader import load as load_yaml

    with pytest.raises(ConfigError) as raised:
        parse_config(load_yaml(f"limits: {value}\n".encode(), "t.yaml").data, "t.yaml")
    assert str(raised.value) == message


def test_validate_applies_the_projects_file_size(cli: CliRunner, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("m.yaml").write_text(MAP, encoding="utf-8")
    assert cli("validate", "m.yaml").code == 0
    Path(".cjmap.yaml").write_text("limits: {file-size: 50}\n", encoding="utf-8")
    limits.clear_caches()
    result = cli("validate", "m.yaml")
    assert (result.code, result.stdout) == (1, (
        "m.yaml:1:1: V003 [file-too-large] file is over the 50-byte limit\n"
        "  hint: split the map, raise limits: file-size in the cjmap configuration, or check that this is the "
        "file you meant\nFound 1 error in 1 of 1 file.\n"))


def test_validate_applies_the_projects_alias_ratio(cli: CliRunner, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("m.yaml").write_text(WITH_ALIAS, encoding="utf-8")
    assert "V012" not in cli("validate", "m.yaml").stdout
    Path(".cjmap.yaml").write_text("limits: {alias-ratio: 0}\n", encoding="utf-8")
    limits.clear_caches()
    result = cli("validate", "m.yaml")
    assert result.code == 1
    assert result.stdout.startswith("m.yaml:7:17: V012 [yaml-limit] aliases repeat more than 0 values, 0 times the "
                                    "1,000 written (an alias bomb?)\n")


def test_lint_refuses_a_mistake_in_limits(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("m.yaml").write_text(MAP, encoding="utf-8")
    Path(".cjmap.yaml").write_text("limits: {file-size: -3}\n", encoding="utf-8")
    result = cli("lint", "m.yaml")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"cjmap: error: {tmp_path / '.cjmap.yaml'}:1:10: 'file-size' must be")
