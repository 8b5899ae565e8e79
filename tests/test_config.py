"""Configuration: finding it, reading it, and every way it can be wrong."""

from __future__ import annotations

import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from cjmap import config
from cjmap.config import Config, ConfigError
from cjmap.lint import selection
from cjmap.problem import Severity


def rule(code: str, name: str, severity: Severity = Severity.WARNING, **options: Any) -> Any:
    return SimpleNamespace(CODE=code, NAME=name, SEVERITY=severity, OPTIONS=options, check=None, __doc__="")


RULES: dict[str, Any] = {
    "S001": rule("S001", "stage-without-steps"),
    "S002": rule("S002", "step-without-channel"),
    "S010": rule("S010", "too-many-steps", threshold=12, ratio=0.5, strict=False, kinds=["a"]),
    "H001": rule("H001", "stale-review", Severity.INFO, level="medium"),
}
RULES["H001"].OPTION_CHOICES = {"level": ("low", "medium", "high")}


def active(cfg: Config) -> dict[str, tuple[str, dict[str, Any]]]:
    return {r.code: (r.severity.label, dict(r.options)) for r in selection.resolve_rules(cfg, RULES)}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# Finding

def test_nearest_config_wins_and_pyproject_needs_the_table(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.cjmap]\nignore = ['S001']\n")
    write(tmp_path / "a" / "pyproject.toml", "[project]\nname = 'cjmap-maps'\n")  # mentions cjmap, no table
    write(tmp_path / "a" / "b" / ".cjmap.yaml", "select: [S]\n")
    (tmp_path / "a" / "b" / "c").mkdir()
    assert config.find_config(tmp_path / "a" / "b" / "c") == (tmp_path / "a" / "b" / ".cjmap.yaml").resolve()
    assert config.find_config(tmp_path / "a") == (tmp_path / "pyproject.toml").resolve()


def test_yaml_beats_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.cjmap]\n")
    write(tmp_path / ".cjmap.yml", "")
    assert config.find_config(tmp_path) == (tmp_path / ".cjmap.yml").resolve()


# Reading

def test_yaml_config_full(tmp_path: Path) -> None:
    path = write(tmp_path / ".cjmap.yaml", """\
select: [S, H001]
ignore: S002
severity:
  S: error
  S001: info
options:
  too-many-steps: {threshold: 20, ratio: 1}
today: 2026-01-15
""")
    cfg = config.read_config(path)
    assert (cfg.select, cfg.ignore, cfg.today) == (("S", "H001"), ("S002",), datetime.date(2026, 1, 15))
    assert active(cfg) == {
        "H001": ("info", {"level": "medium"}),
        "S001": ("info", {}),  # the exact code beats the prefix
        "S010": ("error", {"threshold": 20, "ratio": 1.0, "strict": False, "kinds": ["a"]}),
    }


def test_toml_config(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", """\
[tool.cjmap]
ignore = ["stale-review"]
today = 2026-02-01

[tool.cjmap.severity]
S001 = "error"

[tool.cjmap.options.S010]
threshold = 3
""")
    cfg = config.read_config(path)
    assert cfg.today == datetime.date(2026, 2, 1)
    assert active(cfg) == {
        "S001": ("error", {}),
        "S002": ("warning", {}),
        "S010": ("warning", {"threshold": 3, "ratio": 0.5, "strict": False, "kinds": ["a"]}),
    }


def test_empty_yaml_config_is_the_default(tmp_path: Path) -> None:
    cfg = config.read_config(write(tmp_path / ".cjmap.yaml", "# nothing yet\n"))
    assert [r.code for r in selection.resolve_rules(cfg, RULES)] == ["H001", "S001", "S002", "S010"]


def test_command_line_overrides() -> None:
    base = Config(select=("S",), ignore=("S002",), severity={"S001": Severity.INFO},
                  options={"S010": {"threshold": 3, "ratio": 0.1}}, today=datetime.date(2020, 1, 1))
    merged = base.overridden(Config(select=("S", "H"), ignore=("H001",), options={"S010": {"threshold": 9}}))
    assert merged.select == ("S", "H")
    assert merged.ignore == ("S002", "H001")
    assert merged.options == {"S010": {"threshold": 9, "ratio": 0.1}}
    assert merged.today == datetime.date(2020, 1, 1)


# Everything that can be wrong: exit 2 with the file and the fault.

@pytest.mark.parametrize(("text", "message"), [
    ("selct: [S]\n", ".cjmap.yaml:1:1: unknown key 'selct' (did you mean 'select'?); "
                     "expected select, ignore, severity, options, today, exclude, per-file-ignores, lanes, style, framework, language, limits"),
    ("select: 3\n", ".cjmap.yaml:1:1: 'select' must be a list of rule codes or names, e.g. select: "
                    "[S001, stage-without-steps]; got a whole number"),
    ("severity: [S001]\n", ".cjmap.yaml:1:1: 'severity' must map rule codes to error, warning or info, "
                           "e.g. severity: {S001: warning}; got a list"),
    ("severity:\n  S001: loud\n", ".cjmap.yaml:2:3: severity of S001 must be error, warning or info; got 'loud'"),
    ("options:\n  S010: 3\n", ".cjmap.yaml:2:3: options of S010 must be a mapping of option names to values; "
                              "got a whole number"),
    ("today: tomorrow\n", ".cjmap.yaml:1:1: 'today' must be a date written YYYY-MM-DD; got 'tomorrow'"),
    ("select: [S\n", ".cjmap.yaml:2:1: invalid YAML: while parsing a flow sequence did not find expected "
                     "',' or ']'"),
    ("- S001\n", ".cjmap.yaml: a configuration must be a mapping of settings, e.g. 'select: [S]'"),
    ("select: [S]\nselect: [H]\n", ".cjmap.yaml:2:1: duplicate key 'select': first defined at line 1, column 1"),
    ("per_file_ignores: {}\n", ".cjmap.yaml:1:1: unknown key 'per_file_ignores' (did you mean "
                               "'per-file-ignores'?); expected select, ignore, severity, options, today, exclude, "
                               "per-file-ignores, lanes, style, framework, language, limits"),
    ("style: {palette: loud}\n", ".cjmap.yaml:1:9: style.palette: Input should be 'default', 'calm', 'vivid' or "
                                 "'mono'; expected style: {palette: default | calm | vivid | mono, faces: true | "
                                 "false, icons: true | false}"),
    ("exclude: {a: b}\n", ".cjmap.yaml:1:1: 'exclude' must be a list of globs relative to the configuration's "
                          "folder, e.g. exclude: [drafts, '**/*.draft.yaml']; got a mapping"),
    ("exclude: [drafts, 3]\n", ".cjmap.yaml:1:1: 'exclude' must be a list of globs relative to the "
                               "configuration's folder, e.g. exclude: [drafts, '**/*.draft.yaml']; got a list"),
    ("\nexclude: ['maps/[ab']\n", ".cjmap.yaml:2:1: bad glob in 'exclude': 'maps/[ab': '[' opens a set of "
                                  "characters that no ']' closes"),
    ("exclude: ['../shared']\n", ".cjmap.yaml:1:1: bad glob in 'exclude': '../shared': '..' segments are not "
                                 "supported; globs are relative to the configuration's folder and cannot leave it"),
    ("per-file-ignores: [S001]\n", ".cjmap.yaml:1:1: 'per-file-ignores' must map globs to rules, e.g. "
                                   "per-file-ignores: {'drafts/**': [S004, H]}; got a list"),
    ("per-file-ignores:\n  'a**/*.yaml': [S001]\n", ".cjmap.yaml:2:3: bad glob in 'per-file-ignores': "
                                                   "'a**/*.yaml': '**' must be a whole path segment, as in "
                                                   "'a/**/b' or '**/*.yaml'"),
    ("per-file-ignores:\n  drafts: {S001: true}\n", ".cjmap.yaml:2:3: the rules ignored for drafts must be a "
                                                    "list of rule codes or names, e.g. [S004, "
                                                    "stage-without-steps]; got a mapping"),
])
def test_shape_errors(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / ".cjmap.yaml", text)
    with pytest.raises(ConfigError) as caught:
        config.read_config(path)
    assert str(caught.value) == str(tmp_path) + "/" + message


@pytest.mark.parametrize(("text", "message"), [
    ("select: [X]\n", ".cjmap.yaml:1:1: 'X' matches no rule; use a rule code (S001), a code prefix (S) or a "
                      "rule name ('cjmap rules' lists them)"),
    ("ignore: [stage-without-step]\n", ".cjmap.yaml:1:1: 'stage-without-step' matches no rule (did you mean "
                                       "'stage-without-steps'?); use a rule code (S001), a code prefix (S) or a "
                                       "rule name ('cjmap rules' lists them)"),
    ("severity: {S9: error}\n", ".cjmap.yaml:1:12: 'S9' matches no rule; use a rule code (S001), a code prefix "
                                "(S) or a rule name ('cjmap rules' lists them)"),
    ("options: {S: {threshold: 1}}\n", ".cjmap.yaml:1:11: options for 'S', which is not a rule; name a rule by "
                                       "code or name"),
    ("options: {S010: {treshold: 1}}\n", ".cjmap.yaml:1:18: rule S010 (too-many-steps) has no option 'treshold' "
                                         "(did you mean 'threshold'?); its options: kinds, ratio, strict, "
                                         "threshold"),
    ("options: {S010: {threshold: '12'}}\n", ".cjmap.yaml:1:18: option 'threshold' of S010 must be a whole "
                                             "number, like its default 12; got text '12'"),
    ("options: {S010: {threshold: true}}\n", ".cjmap.yaml:1:18: option 'threshold' of S010 must be a whole "
                                             "number, like its default 12; got true or false True"),
    ("options: {S010: {strict: 1}}\n", ".cjmap.yaml:1:18: option 'strict' of S010 must be true or false, like "
                                       "its default False; got a whole number 1"),
    ("options: {S010: {kinds: [1]}}\n", ".cjmap.yaml:1:18: option 'kinds' of S010 must be a list, like its "
                                        "default ['a']; got a list [1]"),
    ("options: {H001: {level: huge}}\n", ".cjmap.yaml:1:18: option 'level' of H001 must be one of low, medium, "
                                         "high; got 'huge'"),
    ("options: {S001: {x: 1}}\n", ".cjmap.yaml:1:18: rule S001 (stage-without-steps) has no option 'x'; its "
                                  "options: none"),
    ("per-file-ignores:\n  drafts: [S001, stale-reviw]\n", ".cjmap.yaml:2:3: 'stale-reviw' matches no rule "
                                                          "(did you mean 'stale-review'?); use a rule code (S001), "
                                                          "a code prefix (S) or a rule name ('cjmap rules' lists "
                                                          "them)"),
])
def test_registry_errors(tmp_path: Path, text: str, message: str) -> None:
    cfg = config.read_config(write(tmp_path / ".cjmap.yaml", text))
    with pytest.raises(ConfigError) as caught:
        selection.resolve_rules(cfg, RULES)
    assert str(caught.value) == str(tmp_path) + "/" + message


def test_toml_errors_name_the_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.cjmap]\nselect = 'S'\nsevere = {}\n")
    with pytest.raises(ConfigError) as caught:
        config.read_config(path)
    assert str(caught.value) == (f"{path} [tool.cjmap]: unknown key 'severe' (did you mean 'severity'?); "
                                 "expected select, ignore, severity, options, today, exclude, per-file-ignores, lanes, style, framework, language, limits")
    write(tmp_path / "pyproject.toml", "[tool.cjmap\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml: invalid TOML: "):
        config.read_config(path)
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml: no \[tool.cjmap\] table$"):
        config.read_config(path)


def test_unreadable_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read configuration"):
        config.read_config(tmp_path / "missing.yaml")


def test_today_from_environment() -> None:
    assert config.today_from_env({"CJMAP_TODAY": "2026-03-04"}) == datetime.date(2026, 3, 4)
    assert config.today_from_env({}) is None
    with pytest.raises(ConfigError, match="environment variable CJMAP_TODAY: 'today' must be a date"):
        config.today_from_env({"CJMAP_TODAY": "03/04/2026"})


def test_selectors() -> None:
    s001 = RULES["S001"]
    assert all(selection.matches(s, s001) for s in ("ALL", "all", "S", "s0", "S001", "stage-without-steps"))
    assert not any(selection.matches(s, s001) for s in ("S002", "H", "stage", "S0010"))
    assert config.split_selectors(["S001,S002", "H  R"]) == ("S001", "S002", "H", "R")


# Exclusion and per-file ignores (discovery and lint use them; see test_exclude.py for the searches)

def test_globs_are_relative_to_the_configuration_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "project" / ".cjmap.yaml", """\
exclude: [drafts, '**/*.draft.yaml']
per-file-ignores:
  legacy: [S001, S002]
  '*.old.yaml': H
  /top.yaml: stage-without-steps
""")
    monkeypatch.chdir(tmp_path)  # file names as a user gives them, relative to where cjmap runs
    cfg = config.read_config(path)
    assert cfg.exclude is not None and cfg.exclude.base == (tmp_path / "project").resolve()
    assert [glob.text for glob in cfg.exclude.globs] == ["drafts", "**/*.draft.yaml"]
    assert cfg.ignored_for("project/legacy/deep/a.yaml") == ("S001", "S002")
    assert cfg.ignored_for("project/maps/b.old.yaml") == ("H",)
    assert cfg.ignored_for(str(tmp_path / "project" / "legacy" / "x.old.yaml")) == ("S001", "S002", "H")
    assert cfg.ignored_for("project/top.yaml") == ("stage-without-steps",)
    assert cfg.ignored_for("project/maps/top.yaml") == ()  # '/top.yaml' is anchored to the folder
    assert cfg.ignored_for("elsewhere/legacy/a.yaml") == ()  # outside the folder: only name globs match
    assert cfg.ignored_for("elsewhere/c.old.yaml") == ("H",)
    assert cfg.ignored_for("-") == cfg.ignored_for("<stdin>") == ()
    by_code = {r.code for r in selection.resolve_rules(cfg.ignoring(cfg.ignored_for("project/legacy/a.yaml")), RULES)}
    assert by_code == {"H001", "S010"}


def test_toml_globs_are_relative_to_the_pyproject_folder(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.cjmap]\nexclude = ['drafts']\n"
                                              "[tool.cjmap.per-file-ignores]\n'legacy/**' = ['S001']\n")
    cfg = config.read_config(path)
    assert cfg.exclude is not None and cfg.exclude.base == tmp_path.resolve()
    assert cfg.ignored_for(str(tmp_path / "legacy" / "a.yaml")) == ("S001",)
    assert cfg.ignored_for(str(tmp_path / "legacy.yaml")) == ()
    with pytest.raises(ConfigError) as caught:
        config.read_config(write(tmp_path / "pyproject.toml", "[tool.cjmap]\nexclude = ['!keep']\n"))
    assert str(caught.value) == (f"{path} [tool.cjmap]: bad glob in 'exclude': '!keep': negation ('!') is not "
                                 "supported; list only what to leave out")


def test_overriding_keeps_the_files_exclusion_and_ignores(tmp_path: Path) -> None:
    cfg = config.read_config(write(tmp_path / ".cjmap.yaml", "exclude: [a]\nper-file-ignores: {b: [S001]}\n"))
    merged = cfg.overridden(config.command_line_config(ignore=["S002"]))
    assert (merged.exclude, merged.per_file_ignores) == (cfg.exclude, cfg.per_file_ignores)
    assert merged.ignoring(()) is merged
    assert merged.ignoring(("S001",)).ignore == ("S002", "S001")


def test_config_in_a_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[project]\nname = 'cjmap-maps'\n")
    assert config.config_in(tmp_path) is None
    assert config.config_in(tmp_path, ["pyproject.toml"]) is None
    write(tmp_path / ".cjmap.yml", "")
    assert config.config_in(tmp_path) == tmp_path / ".cjmap.yml"
    assert config.config_in(tmp_path, ["a.yaml"]) is None  # the listing given says there is none
