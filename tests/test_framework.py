"""The lifecycle framework: declared in the project configuration, named by maps, shown by the portfolio.

Every test runs the CLI on a temporary project (a ``.git`` folder marks its root) as a user would.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import CliRunner
from markdown_support import assert_gfm, cmark_missing

from cjmap.validation import project as project_config

TODAY = "2026-12-04"
FRAMEWORK = "framework: [awareness, consideration, {id: onboarding, name: Getting started}, advocacy]\n"


def _map(map_id: str, lifecycle: str | None, emotion: int = 3) -> str:
    line = f"lifecycle: {lifecycle}\n" if lifecycle else ""
    return (f"cjmap: 1\nid: {map_id}\ntitle: {map_id.title()}\ntype: current-state\n{line}"
            f"stages:\n  - id: s\n    name: S\n    steps:\n      - {{id: t, name: T, emotion: {emotion}}}\n")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".cjmap.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (tmp_path / "sign-up.yaml").write_text(_map("sign-up", "onboarding", 2), encoding="utf-8")
    (tmp_path / "ads.yaml").write_text(_map("ads", "awareness", 4), encoding="utf-8")
    (tmp_path / "other.yaml").write_text(_map("other", None), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    project_config.clear_caches()
    return tmp_path


def test_maps_naming_framework_stages_validate(cli: CliRunner, project: Path) -> None:
    result = cli("validate", ".")
    assert (result.code, result.stderr) == (0, "")


def test_a_stage_the_framework_lacks_is_located_with_did_you_mean(cli: CliRunner, project: Path) -> None:
    (project / "sign-up.yaml").write_text(_map("sign-up", "onbording"), encoding="utf-8")
    result = cli("validate", "-f", "json", "sign-up.yaml")
    assert result.code == 1
    [problem] = json.loads(result.stdout)["problems"]
    assert (problem["code"], problem["line"], problem["column"], problem["path"]) == ("V040", 5, 12, "/lifecycle")
    assert problem["message"] == "lifecycle stage 'onbording' is not a stage of the framework (did you mean 'onboarding'?)"


def test_a_lifecycle_without_a_declared_framework_is_a_problem(cli: CliRunner, project: Path) -> None:
    (project / ".cjmap.yaml").write_text("select: [S]\n", encoding="utf-8")
    project_config.clear_caches()
    result = cli("validate", "sign-up.yaml")
    assert result.code == 1
    assert "V040" in result.stdout and "declares no framework" in result.stdout
    assert "declare the stages under 'framework:'" in result.stdout


def test_several_frameworks_name_a_shared_stage_with_its_framework(cli: CliRunner, project: Path) -> None:
    (project / ".cjmap.yaml").write_text(
        "framework:\n  retail: [awareness, onboarding]\n  business: [trial, onboarding]\n", encoding="utf-8")
    project_config.clear_caches()
    result = cli("validate", "sign-up.yaml")
    assert result.code == 1
    assert ("lifecycle stage 'onboarding' is in several frameworks; name one: retail/onboarding, "
            "business/onboarding") in result.stdout
    (project / "sign-up.yaml").write_text(_map("sign-up", "business/onboarding"), encoding="utf-8")
    assert cli("validate", "sign-up.yaml", "ads.yaml").code == 0  # 'awareness' is retail's alone
    report = json.loads(cli("portfolio", "-f", "json", "--today", TODAY).stdout)
    assert report["heat"]["stages"] == ["retail: awareness", "retail: onboarding", "business: trial",
                                        "business: onboarding"]


@pytest.mark.parametrize("text, message", [
    ("framework: 3\n", ".cjmap.yaml:1:1: 'framework' must be a list of lifecycle stages"),
    ("framework: []\n", ".cjmap.yaml:1:1: a framework needs at least one stage"),
    ("framework:\n  - awareness\n  - awareness\n", ".cjmap.yaml:1:1: stage 'awareness' is declared twice"),
    ("framework:\n  retail: awareness\n", ".cjmap.yaml:2:3: framework 'retail' must be a list of stages"),
    ("framework: [{id: a, title: A}]\n", ".cjmap.yaml:1:1: a stage is its id (awareness) or {id: awareness, "),
    ("framework: ['sign up']\n", ".cjmap.yaml:1:1: stage id 'sign up' must be a slug"),
])
@pytest.mark.parametrize("command", ["lint", "portfolio", "validate"])
def test_a_malformed_framework_is_a_configuration_error(cli: CliRunner, project: Path, text: str, message: str,
                                                        command: str) -> None:
    (project / ".cjmap.yaml").write_text(text, encoding="utf-8")
    project_config.clear_caches()
    result = cli(command, ".")
    assert result.code == 2
    assert result.stderr.startswith(f"cjmap: error: {project / message}"), result.stderr


def test_validating_one_file_under_a_malformed_framework_judges_no_lifecycle(cli: CliRunner, project: Path) -> None:
    (project / ".cjmap.yaml").write_text("framework: 3\n", encoding="utf-8")
    project_config.clear_caches()
    result = cli("validate", "--no-cache", "sign-up.yaml")
    assert (result.code, result.stderr) == (0, "")


def test_the_portfolio_places_maps_on_the_framework(cli: CliRunner, project: Path) -> None:
    result = cli("portfolio", "-f", "json", "--today", TODAY)
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    heat = report["heat"]
    assert heat["framework"] is True
    assert heat["stages"] == ["awareness", "consideration", "Getting started", "advocacy"]
    rows = {row["file"]: (row["cells"], row["lifecycle"]) for row in heat["rows"]}
    assert rows == {
        "ads.yaml": ([0.5, None, None, None], {"framework": "", "stage": "awareness", "name": "awareness"}),
        "other.yaml": ([None, None, None, None], None),
        "sign-up.yaml": ([None, None, -0.5, None],
                         {"framework": "", "stage": "onboarding", "name": "Getting started"}),
    }
    assert {m["file"]: m["lifecycle"] for m in report["maps"]} == {
        "ads.yaml": "awareness", "other.yaml": None, "sign-up.yaml": "onboarding"}
    assert report["coverage"]["framework_stages_without_map"] == ["consideration", "advocacy"]


def test_without_a_framework_the_columns_stay_stage_names(cli: CliRunner, project: Path) -> None:
    (project / ".cjmap.yaml").unlink()
    (project / "sign-up.yaml").write_text(_map("sign-up", None), encoding="utf-8")
    (project / "ads.yaml").write_text(_map("ads", None), encoding="utf-8")
    project_config.clear_caches()
    report = json.loads(cli("portfolio", "-f", "json", "--today", TODAY).stdout)
    assert (report["heat"]["framework"], report["heat"]["stages"]) == (False, ["S"])
    assert report["coverage"]["framework_stages_without_map"] == []


def test_text_and_markdown_show_the_placement_and_the_empty_stages(cli: CliRunner, project: Path) -> None:
    text = cli("portfolio", "--today", TODAY).stdout
    assert "heat grid: mean emotion per map, on the lifecycle framework" in text
    assert "framework stages without a map:\n  consideration\n  advocacy\n" in text
    markdown = cli("portfolio", "-f", "markdown", "--today", TODAY).stdout
    assert "| map | persona | type | mean | awareness | consideration | Getting started | advocacy |" in markdown
    assert "**Framework stages without a map:** consideration; advocacy" in markdown
    if not cmark_missing():
        assert_gfm(markdown)


def test_the_site_home_shows_the_framework(cli: CliRunner, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CJMAP_TODAY", TODAY)
    result = cli("render", ".", "-o", "site")
    assert result.code == 0, result.stderr
    index = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "Mean emotion per map, on the lifecycle framework" in index
    assert "<strong>Framework stages without a map:</strong> consideration; advocacy" in index
    assert "Getting started" in index
    # Each map's row in the list says where it stands on the framework (the stage's name); a map that names
    # no stage says nothing.
    rows = {title: row for row in index.split("<tr>")[1:] if (title := next(
        (t for t in ("Sign-Up", "Ads", "Other") if f">{t}</a>" in row), None))}
    assert '<span class="small">lifecycle: Getting started</span>' in rows["Sign-Up"]
    assert '<span class="small">lifecycle: awareness</span>' in rows["Ads"]
    assert "lifecycle:" not in rows["Other"]


def test_the_framework_grid_in_a_browser_has_no_overlapping_label(chromium: Any, cli: CliRunner, project: Path) -> None:
    from browser_support import watched_page
    from test_portfolio_browser import _check, _stress

    stages = [f"{{id: s{n}, name: \"Этап {n} — очень длинное название стадии жизненного цикла\"}}" if n % 3 == 0
              else f"s{n}" for n in range(8)]
    for path in project.glob("*.yaml"):  # the fixture's maps (and configuration)
        path.unlink()
    (project / ".cjmap.yaml").write_text(f"framework:\n  retail: [{', '.join(stages)}]\n  business: [trial, renewal]\n",
                                         encoding="utf-8")
    project_config.clear_caches()
    _stress(project)
    for number, path in enumerate(sorted(project.glob("map-*.yaml"))):
        stage = "business/renewal" if number % 9 == 0 else f"retail/s{number % 8}" if number % 5 else None
        if stage is not None:
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("type: current-state\n", f"type: current-state\nlifecycle: {stage}\n"),
                            encoding="utf-8")
    result = cli("portfolio", "-f", "html", "-o", "portfolio.html", "--today", TODAY, ".")
    assert result.code == 0, result.stderr
    placed = sum(1 for number in range(40) if number % 9 == 0 or number % 5)
    with watched_page(chromium, width=1400) as page:
        page.goto((project / "portfolio.html").as_uri())
        _check(page)
        assert page.locator("svg.heat g.cell").count() == placed
        titles = page.evaluate("() => [...document.querySelectorAll('svg.heat text.column title')]"
                               ".map((t) => t.textContent)")
        assert titles[0] == "retail: Этап 0 — очень длинное название стадии жизненного цикла"
        assert titles[-2:] == ["business: trial", "business: renewal"]


def test_a_spreadsheet_round_trip_keeps_the_lifecycle(cli: CliRunner, project: Path) -> None:
    assert cli("export", "xlsx", "sign-up.yaml", "-o", "sign-up.xlsx").code == 0
    result = cli("import", "xlsx", "sign-up.xlsx")
    assert result.code == 0, result.stderr
    assert "\nlifecycle: onboarding\n" in result.stdout
