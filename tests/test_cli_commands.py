"""Each command is a plain function returning its exit code: callable without typer, printing its report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CLEAN_MAP

from cjmap.cli.common import CommandError, OutputFormat
from cjmap.cli.lint import FailOn, lint
from cjmap.cli.rules import RulesFormat, rules
from cjmap.cli.schema import schema
from cjmap.cli.score import ScoreFormat, score
from cjmap.cli.validate import validate

WARNED = "cjmap: 1\nid: m\ntitle: M\ntype: current-state\nstages:\n  - id: s\n    name: S\n"
"""Valid, with four lint warnings and one info, no error."""


@pytest.fixture
def maps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CJMAP_TODAY", raising=False)
    (tmp_path / "clean.yaml").write_text(CLEAN_MAP, encoding="utf-8")
    (tmp_path / "warned.yaml").write_text(WARNED, encoding="utf-8")
    (tmp_path / "invalid.yaml").write_text(CLEAN_MAP.replace("cjmap: 1", "cjmap: 2"), encoding="utf-8")
    return tmp_path


def test_validate(maps: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(["clean.yaml"]) == 0
    assert capsys.readouterr() == ("All good! 1 file checked.\n", "")
    assert validate([]) == 1  # no path: the current directory, with the invalid map in it
    capsys.readouterr()
    assert validate(["invalid.yaml"], output_format=OutputFormat.json) == 1
    assert [p["code"] for p in json.loads(capsys.readouterr().out)["problems"]] == ["V023"]


def test_validate_fails_on_a_missing_path(maps: Path) -> None:
    with pytest.raises(CommandError, match=r"^no such file or directory: nowhere.yaml$"):
        validate(["nowhere.yaml"])


def test_lint(maps: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert lint(["clean.yaml"], no_config=True, today="2026-11-01") == 0
    assert capsys.readouterr() == ("All good! 1 file checked.\n", "")
    assert lint(["warned.yaml"], no_config=True, today="2026-11-01") == 0
    assert lint(["warned.yaml"], no_config=True, today="2026-11-01", fail_on=FailOn.warning) == 1
    assert lint(["warned.yaml"], no_config=True, today="2026-11-01", max_warnings=4) == 0
    assert lint(["warned.yaml"], no_config=True, today="2026-11-01", max_warnings=3) == 1
    assert lint(["invalid.yaml"], no_config=True, today="2026-11-01") == 1
    capsys.readouterr()
    assert lint([], explain="map-without-owner") == 0
    assert capsys.readouterr().out.startswith("H004 map-without-owner")


@pytest.mark.parametrize("kwargs, message", [
    ({"today": "soon"}, "--today must be a date written YYYY-MM-DD; got 'soon'"),
    ({"fix": True, "paths": ["-"]}, "--fix cannot rewrite stdin; use --diff to see the fixes"),
    ({"explain": "nope"}, "no rule 'nope'; 'cjmap rules' lists them"),
    ({"paths": ["nowhere.yaml"]}, "no such file or directory: nowhere.yaml"),
])
def test_lint_failures(maps: Path, kwargs: dict[str, object], message: str) -> None:
    paths = kwargs.pop("paths", ["clean.yaml"])
    with pytest.raises(CommandError) as caught:
        lint(paths, no_config=True, **kwargs)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_score(maps: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert score(["clean.yaml"], fail_under=["mean=0"]) == 0
    capsys.readouterr()
    assert score(["clean.yaml"], output_format=ScoreFormat.json, fail_under=["mean=0.75"]) == 1
    assert json.loads(capsys.readouterr().out)["gates"] == [
        {"map": "clean.yaml", "metric": "mean", "kind": "under", "threshold": 0.75, "value": 0.5, "passed": False}]
    assert score(["clean.yaml"], output_format=ScoreFormat.markdown, fail_over=["volatility=-1"]) == 1
    assert capsys.readouterr().out.endswith(
        "### Failed gates\n\n- clean.yaml: volatility is +0.00, over the maximum -1.00\n")
    assert score(["clean.yaml", "invalid.yaml"]) == 1
    with pytest.raises(CommandError, match=r"^--fail-over: unknown metric 'mean' \(use --fail-under for mean\)"):
        score(["clean.yaml"], fail_over=["mean=0"])


def test_rules_and_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert rules(output_format=RulesFormat.json) == 0
    assert "H004" in {rule["code"] for rule in json.loads(capsys.readouterr().out)}
    assert schema(persona=True) == 0
    assert json.loads(capsys.readouterr().out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
