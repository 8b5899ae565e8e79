"""Configuration: finding it, reading it, and every way it can be wrong."""

from __future__ import annotations

import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from cjmap.lint import config
from cjmap.lint.config import Config, ConfigError
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
    return {r.code: (r.severity.label, dict(r.options)) for r in config.resolve_rules(cfg, RULES)}


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
    assert [r.code for r in config.resolve_rules(cfg, RULES)] == ["H001", "S001", "S002", "S010"]


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
                     "expected select, ignore, severity, options, today"),
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
])
def test_registry_errors(tmp_path: Path, text: str, message: str) -> None:
    cfg = config.read_config(write(tmp_path / ".cjmap.yaml", text))
    with pytest.raises(ConfigError) as caught:
        config.resolve_rules(cfg, RULES)
    assert str(caught.value) == str(tmp_path) + "/" + message


def test_toml_errors_name_the_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.cjmap]\nselect = 'S'\nsevere = {}\n")
    with pytest.raises(ConfigError) as caught:
        config.read_config(path)
    assert str(caught.value) == (f"{path} [tool.cjmap]: unknown key 'severe' (did you mean 'severity'?); "
                                 "expected select, ignore, severity, options, today")
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
    assert all(config.matches(s, s001) for s in ("ALL", "all", "S", "s0", "S001", "stage-without-steps"))
    assert not any(config.matches(s, s001) for s in ("S002", "H", "stage", "S0010"))
    assert config.split_selectors(["S001,S002", "H  R"]) == ("S001", "S002", "H", "R")
