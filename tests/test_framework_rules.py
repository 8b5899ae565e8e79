"""Lint rules across maps (P001-P004), through ``cjmap lint`` on temporary projects, one a real git repository.

The per-file rules (P002, P003) also have case files or docstring examples under tests/test_rules.py; the
project rules (P001, P004) and P003's failing example need several files or a git history, built here.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import CliRunner
from test_rules import docstring_examples

from cjmap.lint.rules import RULES
from cjmap.validation import project as project_config

STEPS = "stages:\n  - id: s\n    name: S\n    steps:\n      - {id: t, name: T, emotion: 3}\n"


def _map(map_id: str, extra: str = "", steps: str = STEPS) -> str:
    return f"cjmap: 1\nid: {map_id}\ntitle: {map_id.title()}\ntype: current-state\n{extra}{steps}"


def _findings(cli: CliRunner, *args: str) -> list[tuple[str, int, int, str, str]]:
    result = cli("lint", "-f", "json", "--no-cache", *args)
    assert result.code in (0, 1), result.stderr
    return [(p["file"], p["line"], p["column"], p["code"], p["message"])
            for p in json.loads(result.stdout)["problems"] if p["code"].startswith("P")]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    project_config.clear_caches()
    return tmp_path


# --- P001 framework-stage-without-map -------------------------------------------------------------------------

def test_framework_stages_without_a_map_are_reported_at_the_configuration(cli: CliRunner, project: Path) -> None:
    (project / ".cjmap.yaml").write_text("select: [P]\nframework: [awareness, onboarding, advocacy]\n",
                                         encoding="utf-8")
    (project / "maps").mkdir()
    (project / "maps" / "sign-up.yaml").write_text(_map("sign-up", "lifecycle: onboarding\n"), encoding="utf-8")
    assert _findings(cli, ".") == [
        (".cjmap.yaml", 2, 1, "P001", "framework stage 'advocacy' has no map"),
        (".cjmap.yaml", 2, 1, "P001", "framework stage 'awareness' has no map"),
    ]
    result = cli("lint", "--no-cache", ".")
    assert result.code == 0  # infos
    assert "hint: map the stage and add `lifecycle: advocacy` to the map" in result.stdout
    # One file, or a folder below the configuration's: the other stages may be mapped elsewhere.
    assert _findings(cli, "maps/sign-up.yaml") == []
    assert _findings(cli, "maps") == []
    assert _findings(cli, "--ignore", "P001", ".") == []


def test_framework_stage_without_map_docstring_examples(cli: CliRunner, project: Path) -> None:
    fails, passes = docstring_examples(RULES["P001"])
    (project / ".cjmap.yaml").write_text("framework: [onboarding]\n", encoding="utf-8")
    (project / "map.yaml").write_text(fails, encoding="utf-8")
    assert _findings(cli, ".") == []  # opt-in
    assert [code for *_, code, _ in _findings(cli, "--select", "P001", ".")] == ["P001"]
    (project / "map.yaml").write_text(passes, encoding="utf-8")
    assert _findings(cli, "--select", "P001", ".") == []


def test_a_project_without_framework_or_project_rule_reads_no_map_twice(cli: CliRunner, project: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from cjmap.lint import project as project_rules

    (project / "a.yaml").write_text(_map("a"), encoding="utf-8")
    reads: list[str] = []
    monkeypatch.setattr(project_rules, "read", lambda name: reads.append(name) or None)  # type: ignore[func-returns-value]
    assert _findings(cli, "--select", "P001", ".") == []  # in force, but no framework is declared
    assert reads == []


# --- P002 zoom-persona-mismatch ------------------------------------------------------------------------------

def test_a_zoom_into_another_personas_map_must_say_so(cli: CliRunner, project: Path) -> None:
    (project / "ana.persona.yaml").write_text("cjmap-persona: 1\nname: Ana\n", encoding="utf-8")
    (project / "detail").mkdir()
    (project / "detail" / "pay.yaml").write_text(_map("pay", "persona: {name: Bo}\n"), encoding="utf-8")
    (project / "detail" / "ship.yaml").write_text(_map("ship", "persona: ../ana.persona.yaml\n"), encoding="utf-8")
    steps = ("stages:\n  - id: s\n    name: S\n    steps:\n      - {id: pay, name: Pays, zoom: detail/pay.yaml}\n"
             "      - {id: ship, name: Waits, zoom: detail/ship.yaml}\n")
    (project / "buy.yaml").write_text(_map("buy", "persona: {name: ana}\n", steps), encoding="utf-8")
    assert _findings(cli, "buy.yaml") == [
        ("buy.yaml", 10, 37, "P002", "step 'pay' zooms into a map of persona 'Bo', but this map's persona is 'ana'")]
    (project / "buy.yaml").write_text(
        _map("buy", "persona: {name: ana}\n", steps.replace("zoom: detail/pay.yaml", "zoom: detail/pay.yaml, "
                                                            "zoom_other_persona: true")), encoding="utf-8")
    assert _findings(cli, "buy.yaml") == []


# --- P003 baseline-changed-after-review ----------------------------------------------------------------------

def _git(folder: Path, *args: str, date: str = "2026-03-01T12:00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


FUTURE = ("cjmap: 1\nid: future\ntitle: Future\ntype: future-state\nreviewed: 2026-04-01\n"
          "baseline: current.yaml\n" + STEPS)


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose baseline was committed before the future state's review (2026-04-01)."""
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "current.yaml").write_text(_map("current"), encoding="utf-8")
    (tmp_path / "future.yaml").write_text(FUTURE, encoding="utf-8")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "maps", date="2026-03-01T12:00:00")
    monkeypatch.chdir(tmp_path)
    project_config.clear_caches()
    return tmp_path


def test_a_baseline_changed_after_the_review_is_reported(cli: CliRunner, repository: Path) -> None:
    assert _findings(cli, "future.yaml") == []
    (repository / "current.yaml").write_text(_map("current", steps=STEPS.replace("emotion: 3", "emotion: 1")),
                                             encoding="utf-8")
    _git(repository, "commit", "-q", "-am", "lower curve", date="2026-05-02T12:00:00")
    assert _findings(cli, "future.yaml") == [
        ("future.yaml", 5, 11, "P003", "the baseline current.yaml changed on 2026-05-02, after this map was last "
                                       "reviewed (2026-04-01)")]
    (repository / "future.yaml").write_text(FUTURE.replace("2026-04-01", "2026-05-03"), encoding="utf-8")
    assert _findings(cli, "future.yaml") == []


def test_reformatting_the_baseline_is_no_change(cli: CliRunner, repository: Path) -> None:
    (repository / "current.yaml").write_text("# reformatted\n" + _map("current").replace("{id: t, name: T, emotion: 3}",
                                             "{id: t,   name: T,   emotion: 3}"), encoding="utf-8")
    _git(repository, "commit", "-q", "-am", "fmt", date="2026-05-02T12:00:00")
    assert _findings(cli, "future.yaml") == []


def test_a_baseline_committed_after_the_review_date_is_unknown_and_silent(cli: CliRunner, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "current.yaml").write_text(_map("current"), encoding="utf-8")
    (tmp_path / "future.yaml").write_text(FUTURE, encoding="utf-8")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "maps", date="2026-06-01T12:00:00")
    monkeypatch.chdir(tmp_path)
    assert _findings(cli, "future.yaml") == []


def test_outside_git_the_rule_is_silent(cli: CliRunner, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "current.yaml").write_text(_map("current"), encoding="utf-8")
    (project / "future.yaml").write_text(FUTURE, encoding="utf-8")
    assert _findings(cli, "future.yaml") == []
    monkeypatch.setenv("PATH", str(project / "no-git-here"))  # no git at all
    assert _findings(cli, "future.yaml") == []


def test_a_kept_result_is_judged_again_after_a_commit(cli: CliRunner, repository: Path) -> None:
    cache = str(repository / ".cache")

    def cached() -> list[str]:
        result = cli("lint", "-f", "json", "--cache-dir", cache, "--select", "P003", "future.yaml")
        return [p["code"] for p in json.loads(result.stdout)["problems"]]

    assert cached() == []
    # The same bytes in the baseline as committed above would be... changed and committed later:
    (repository / "current.yaml").write_text(_map("current", steps=STEPS.replace("emotion: 3", "emotion: 2")),
                                             encoding="utf-8")
    assert cached() == []  # not committed yet: the review date still stands against git's record
    _git(repository, "commit", "-q", "-am", "lower curve", date="2026-05-02T12:00:00")
    assert cached() == ["P003"]


# --- P004 opportunity-conflict -------------------------------------------------------------------------------

def _with_opportunity(map_id: str, owner: str, text: str = "Offer Apple Pay") -> str:
    steps = ("stages:\n  - id: pay\n    name: Pay\n    steps:\n      - id: card\n        name: Types the card\n"
             f"        emotion: 2\n        opportunities: [{{id: wallet, text: {text}, owner: {owner}}}]\n")
    return _map(map_id, steps=steps)


def test_an_opportunity_with_another_owner_in_another_map_is_opt_in(cli: CliRunner, project: Path) -> None:
    (project / "web.yaml").write_text(_with_opportunity("web", "web-team"), encoding="utf-8")
    (project / "app.yaml").write_text(_with_opportunity("app", "payments-team"), encoding="utf-8")
    (project / "kiosk.yaml").write_text(_with_opportunity("kiosk", "payments-team", "offer apple pay."),
                                        encoding="utf-8")
    assert _findings(cli, ".") == []  # opt-in
    assert _findings(cli, "--select", "P004", ".") == [
        ("app.yaml", 12, 30, "P004", "opportunity 'wallet' has another owner in web.yaml: 'web-team'"),
        ("kiosk.yaml", 12, 30, "P004", "opportunity 'wallet' has another owner in web.yaml: 'web-team'"),
        ("web.yaml", 12, 30, "P004", "opportunity 'wallet' has another owner in app.yaml: 'payments-team'"),
    ]
    (project / "web.yaml").write_text(_with_opportunity("web", "payments-team", "Offer Google Pay"),
                                      encoding="utf-8")
    (project / "kiosk.yaml").write_text("# cjmap: disable-file=P004\n" + _with_opportunity("kiosk", "payments-team"),
                                        encoding="utf-8")
    assert _findings(cli, "--select", "P004", ".") == [
        ("app.yaml", 12, 30, "P004", "opportunity 'wallet' has another text in web.yaml: 'Offer Google Pay'"),
        ("web.yaml", 12, 30, "P004", "opportunity 'wallet' has another text in app.yaml: 'Offer Apple Pay'"),
    ]


def test_opportunity_conflict_docstring_examples(cli: CliRunner, project: Path) -> None:
    fails, passes = docstring_examples(RULES["P004"])
    (project / "other.yaml").write_text(_with_opportunity("other", "payments-team"), encoding="utf-8")
    for example, expected in ((fails, ["P004", "P004"]), (passes, [])):
        (project / "map.yaml").write_text(example, encoding="utf-8")
        assert [code for *_, code, _ in _findings(cli, "--select", "P004", ".")] == expected
