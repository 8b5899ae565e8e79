"""Persona and baseline references: they stay inside the project, never crash, and never echo a file.

Each case is a small project in a temporary folder (``project/`` with a ``.git`` marker, maps in
``project/maps/``) next to a folder ``outside/`` that holds what a hostile map would like cjmap to print.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, REPO

from cjmap import references
from cjmap.checking import baseline_of, score_paths, validate_paths
from cjmap.loader import LoadError, load
from cjmap.validation.validator import validate_file

SECRETS = ("abc123", "sekrit")
ENV_TEXT = "SECRET_TOKEN=abc123\nKEY: sekrit\n"
LACKS = "persona file lacks 'cjmap-persona: 1'"
LACKS_HINT = "start a persona file with 'cjmap-persona: 1'"
FORMATS = ("text", "json", "github", "sarif")


def map_text(persona: str, *, baseline: str | None = None) -> str:
    """A minimal map with ``persona:`` on line 5 (value at column 10), or a future-state one with a baseline."""
    if baseline is not None:
        return f"cjmap: 1\nid: m\ntitle: M\ntype: future-state\nbaseline: {baseline}\nstages: []\n"
    return f"cjmap: 1\nid: m\ntitle: M\ntype: current-state\npersona: {persona}\nstages: []\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """``tmp_path/project`` (the root: it holds ``.git``) with a persona, a secret, and links in and out."""
    root = tmp_path / "project"
    for folder in (root / ".git", root / "maps", root / "personas", tmp_path / "outside"):
        folder.mkdir(parents=True)
    (root / "personas" / "maya.yaml").write_text("cjmap-persona: 1\nid: maya\nname: Maya\n", encoding="utf-8")
    (root / "secret.env").write_text(ENV_TEXT, encoding="utf-8")
    (root / "token.txt").write_text("abc123\n", encoding="utf-8")
    (tmp_path / "outside" / "persona.yaml").write_text("cjmap-persona: 1\nid: o\nname: abc123\n", encoding="utf-8")
    (tmp_path / "outside" / "secret.env").write_text(ENV_TEXT, encoding="utf-8")
    (root / "personas" / "out.yaml").symlink_to(tmp_path / "outside" / "persona.yaml")
    (root / "personas" / "alias.yaml").symlink_to(root / "personas" / "maya.yaml")
    os.mkfifo(root / "personas" / "fifo.yaml")
    return root


def cjmap_script() -> list[str]:
    """The installed console script, beside the interpreter running the tests."""
    script = Path(sys.executable).with_name("cjmap")
    found = str(script) if script.exists() else shutil.which("cjmap")
    assert found, "the cjmap console script is not installed"
    return [found]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``cjmap ARGS`` through the console script; the timeout also proves that no FIFO was opened."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "PY_COLORS")}
    return subprocess.run([*cjmap_script(), *args], capture_output=True, text=True, cwd=cwd, timeout=60,
                          check=False, env={**env, "NO_COLOR": "1"})


def write_map(project: Path, persona: str, name: str = "m.yaml") -> Path:
    path = project / "maps" / name
    path.write_text(map_text(persona), encoding="utf-8")
    return path


OUTSIDE_HINT = ("references stay inside the project root {root} (the nearest folder with .git, pyproject.toml or "
                ".cjmap.yaml); copy the file into the project")
CASES = {
    "absolute": ("/etc/passwd", "V034 [outside-project] persona file '/etc/passwd' is an absolute path",
                 "write the path relative to the map file; references stay inside the project root {root}"),
    "etc-passwd": ("../../etc/passwd", ("V034 [outside-project] persona file '../../etc/passwd' leads outside "
                                        "the project"), OUTSIDE_HINT),
    "dot-dot": ("../../outside/secret.env", ("V034 [outside-project] persona file '../../outside/secret.env' "
                                            "leads outside the project"), OUTSIDE_HINT),
    "symlink-out": ("../personas/out.yaml", ("V034 [outside-project] persona file '../personas/out.yaml' leads "
                                             "through a symbolic link outside the project"), OUTSIDE_HINT),
    "long-name": ("a" * 300, f"V032 [missing-file] persona file path '{'a' * 300}' has a name longer than 255 bytes",
                  "file systems refuse longer file names; check the reference"),
    "nul": ('"per\\0sona.yaml"', "V032 [missing-file] persona file path 'per\\x00sona.yaml' contains a NUL character",
            "a file path cannot hold NUL (\\0); check the reference"),
    "fifo": ("../personas/fifo.yaml", "V032 [missing-file] persona file '../personas/fifo.yaml' is not a regular file",
             "a persona file is a YAML file; a folder, FIFO or device cannot be one"),
    "folder": ("../personas", "V032 [missing-file] persona file '../personas' is not a regular file",
               "a persona file is a YAML file; a folder, FIFO or device cannot be one"),
    "env-file": ("../secret.env", f"V032 [missing-file] {LACKS}", LACKS_HINT),
    "plain-word": ("../token.txt", f"V032 [missing-file] {LACKS}", LACKS_HINT),
    "missing": ("../personas/nobody.yaml", "V032 [missing-file] persona file '../personas/nobody.yaml' not found",
                "paths are relative to the map file; looked for maps/../personas/nobody.yaml"),
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_refused_reference_is_one_located_problem_in_the_map(project: Path, case: str) -> None:
    persona, message, hint = CASES[case]
    write_map(project, persona)
    result = run("validate", "maps/m.yaml", cwd=project)
    hint = hint.format(root=project.resolve())
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == f"maps/m.yaml:5:10: {message}\n  hint: {hint}\nFound 1 error in 1 of 1 file.\n"


@pytest.mark.parametrize("case", ["absolute", "etc-passwd", "dot-dot", "symlink-out", "env-file", "plain-word"])
@pytest.mark.parametrize("output_format", FORMATS)
def test_no_format_ever_prints_the_referenced_file(project: Path, case: str, output_format: str) -> None:
    persona, message, _ = CASES[case]
    write_map(project, persona)
    result = run("validate", "--format", output_format, "maps/m.yaml", cwd=project)
    assert result.returncode == 1 and result.stderr == ""
    assert not [secret for secret in SECRETS if secret in result.stdout]
    text = message.split("] ", 1)[1]
    if output_format == "json":
        problems = json.loads(result.stdout)["problems"]
        assert [(p["file"], p["line"], p["column"], p["code"], p["message"]) for p in problems] == [
            ("maps/m.yaml", 5, 10, message[:4], text)]
    elif output_format == "sarif":
        results = json.loads(result.stdout)["runs"][0]["results"]
        assert [(r["ruleId"], r["message"]["text"].split(" (hint: ")[0],
                 r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("maps/m.yaml"),
                 r["locations"][0]["physicalLocation"]["region"]) for r in results] == [
            (message[:4], text, True, {"startLine": 5, "startColumn": 10})]
    elif output_format == "github":
        assert result.stdout.startswith(f"::error file=maps/m.yaml,line=5,col=10,title={message[:4]} ")
        assert f"::{text}%0Ahint: " in result.stdout
    else:
        assert result.stdout.startswith(f"maps/m.yaml:5:10: {message}\n")


@pytest.mark.parametrize("output_format", FORMATS)
def test_the_env_fixture_is_reported_without_its_content(output_format: str) -> None:
    names = ["tests/fixtures/references/env-persona.yaml", "tests/fixtures/references/token-persona.yaml"]
    result = run("validate", "--format", output_format, *names, cwd=REPO)
    assert result.returncode == 1 and result.stderr == ""
    assert not [secret for secret in SECRETS if secret in result.stdout]
    if output_format == "text":
        assert result.stdout == "".join(f"{name}:5:10: V032 [missing-file] {LACKS}\n  hint: {LACKS_HINT}\n"
                                        for name in names) + "Found 2 errors in 2 of 2 files.\n"


def test_a_symlink_that_stays_inside_the_project_is_fine(project: Path) -> None:
    write_map(project, "../personas/alias.yaml")
    assert (run("validate", "maps/m.yaml", cwd=project).returncode,
            validate_file(str(project / "maps" / "m.yaml")).problems) == (0, [])


def test_dot_dot_that_stays_inside_the_project_is_fine(project: Path) -> None:
    (project / "maps" / "deeper").mkdir()
    path = project / "maps" / "deeper" / "m.yaml"
    path.write_text(map_text("../../maps/../personas/maya.yaml"), encoding="utf-8")
    assert validate_file(str(path)).problems == []


def test_a_path_too_long_for_the_system_is_a_problem_not_a_crash(project: Path) -> None:
    written = "a/" * 2100 + "p.yaml"
    write_map(project, written)
    result = validate_file(str(project / "maps" / "m.yaml"))
    assert [(p.location.line, p.location.column, p.code, p.message) for p in result.problems] == [
        (5, 10, "V032", f"persona file path {written!r} is longer than 4,096 bytes")]


def test_a_baseline_outside_the_project_is_refused(project: Path) -> None:
    (project / "maps" / "future.yaml").write_text(map_text("", baseline="../../outside/secret.env"), encoding="utf-8")
    result = run("validate", "maps/future.yaml", cwd=project)
    assert (result.returncode, result.stdout) == (1, (
        "maps/future.yaml:5:11: V034 [outside-project] baseline map '../../outside/secret.env' leads outside the "
        f"project\n  hint: {OUTSIDE_HINT.format(root=project.resolve())}\nFound 1 error in 1 of 1 file.\n"))
    scored = run("score", "--compare", "maps/future.yaml", cwd=project)
    assert scored.returncode == 1 and not [s for s in SECRETS if s in scored.stdout + scored.stderr]


def test_baseline_of_reads_only_files_inside_the_project() -> None:
    reports, problems, _, _ = score_paths([str(EXAMPLES / "trial-onboarding.future.yaml")])
    assert problems == [] and len(reports) == 1
    assert baseline_of(reports[0]) == str(EXAMPLES / "trial-onboarding.current.yaml")
    for hostile in ("/etc/passwd", "../../../../../../../../etc/passwd", "x" * 300, "a\0b", "nowhere.yaml"):
        assert baseline_of(dataclasses.replace(reports[0], baseline=hostile)) is None
    assert baseline_of(dataclasses.replace(reports[0], baseline=None)) is None


def test_a_persona_shared_by_many_maps_is_read_and_reported_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "personas" / "broken.yaml").write_text("cjmap-persona: 1\nid: b\nnam: B\n", encoding="utf-8")
    for i in range(5):
        write_map(project, "../personas/broken.yaml", f"m{i}.yaml")
    loaded: list[str] = []

    def counting_load(content: bytes, name: str) -> object:
        loaded.append(name)
        return load(content, name)

    monkeypatch.setattr(references, "load", counting_load)
    report, _, _ = validate_paths([str(project / "maps")], jobs=1)
    assert loaded == [str(project.resolve() / "personas" / "broken.yaml")]
    broken = str(project / "maps" / ".." / "personas" / "broken.yaml")
    assert [(p.file, p.location.line, p.code, p.message) for p in report.sorted_problems()] == [
        (broken, 1, "V021", "missing required key 'name'"), (broken, 3, "V020", "unknown key 'nam'")]


def test_an_edited_persona_file_is_read_again(project: Path) -> None:
    persona = project / "personas" / "maya.yaml"
    path = write_map(project, "../personas/maya.yaml")
    assert validate_file(str(path)).problems == []
    persona.write_text("cjmap-persona: 1\nid: maya\nnam: Maya, edited\n", encoding="utf-8")
    assert [p.code for p in validate_file(str(path)).problems] == ["V021", "V020"]


def test_a_persona_file_that_is_broken_yaml_is_reported_in_that_file(project: Path) -> None:
    (project / "personas" / "bad.yaml").write_text("cjmap-persona: 1\nname: [Maya\n", encoding="utf-8")
    (project / "personas" / "bad-env.yaml").write_text("KEY: [sekrit\n", encoding="utf-8")
    path = write_map(project, "[../personas/bad.yaml, ../personas/bad-env.yaml]")
    problems = validate_file(str(path)).problems
    assert [(Path(p.file).name, p.code, p.message) for p in problems if p.code != "V010"] == [
        ("m.yaml", "V032", LACKS)]
    assert [Path(p.file).name for p in problems if p.code == "V010"] == ["bad.yaml"]
    assert not [p for p in problems if "sekrit" in p.message or "sekrit" in (p.hint or "")]


def test_the_project_root_is_the_nearest_folder_with_a_marker(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert references.project_root(deep) == str(deep.resolve())  # no marker: the map's own folder
    references.clear_caches()
    (tmp_path / "a" / "pyproject.toml").write_text("", encoding="utf-8")
    assert references.project_root(deep) == str((tmp_path / "a").resolve())
    references.clear_caches()
    (tmp_path / "a" / "b" / ".cjmap.yaml").write_text("", encoding="utf-8")
    assert references.project_root(deep) == str((tmp_path / "a" / "b").resolve())
    references.clear_caches()
    assert references.project_root(REPO / "tests" / "fixtures" / "invalid") == str(REPO.resolve())


def test_stdin_maps_resolve_from_the_current_directory(project: Path) -> None:
    result = subprocess.run([*cjmap_script(), "validate", "-"], input=map_text("../personas/maya.yaml"), text=True,
                            capture_output=True, cwd=project / "maps", timeout=60, check=False)
    assert (result.returncode, result.stdout) == (0, "All good! 1 file checked.\n")
    result = subprocess.run([*cjmap_script(), "validate", "-"], input=map_text("../../outside/persona.yaml"),
                            text=True, capture_output=True, cwd=project / "maps", timeout=60, check=False)
    assert result.returncode == 1
    assert result.stdout.startswith("<stdin>:5:10: V034 [outside-project] persona file '../../outside/persona.yaml' "
                                    "leads outside the project\n")


def test_fixtures_and_examples_that_reach_up_with_dot_dot_still_validate() -> None:
    for path in (FIXTURES / "valid" / "short-forms.yaml", EXAMPLES / "trial-onboarding.future.yaml",
                 EXAMPLES / "trial-onboarding.current.yaml"):
        assert validate_file(str(path)).problems == [], path


@pytest.mark.parametrize("content, kind", [
    (b"abc123\n", "a text value"), (b"'KEY: sekrit'\n", "a text value"), (b"12345\n", "a number"),
    (b"1.5\n", "a number"), (b"true\n", "a true/false value"), (b"- abc123\n", "a list"),
])
def test_a_top_level_that_is_not_a_mapping_is_described_by_kind_never_quoted(content: bytes, kind: str) -> None:
    with pytest.raises(LoadError) as caught:
        load(content, "f.yaml")
    assert [p.message for p in caught.value.problems] == [
        f"top level is {kind}; a map file is a mapping of keys such as 'cjmap: 1' and 'title:'"]
