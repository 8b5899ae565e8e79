"""Exclusion: gitignore-style globs, folder searches that skip what ``exclude`` and ``--exclude`` name, and
the repository's own configuration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MINIMAL_MAP, REPO, CliRunner

from cjmap.config import ConfigError
from cjmap.discovery import ConfigChoice, Exclusion, select
from cjmap.globs import GlobError, GlobSet, compile_glob


def write(path: Path, text: str = MINIMAL_MAP) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(cli: CliRunner, *args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one ``cjmap`` run."""
    result = cli(*args)
    return result.code, result.stdout, result.stderr


def found(root: Path, exclusion: Exclusion | None = None) -> list[str]:
    """The maps a search of ``root`` finds, relative to it."""
    return [Path(name).relative_to(root).as_posix() for name in select([str(root)], exclusion=exclusion).files]


# Globs

@pytest.mark.parametrize(("glob", "relative", "is_dir", "expected"), [
    ("drafts", "drafts", True, True),
    ("drafts", "maps/drafts", True, True),  # no '/': a name at any depth
    ("drafts", "drafts", False, True),
    ("drafts/", "drafts", False, False),  # a trailing '/' matches folders only
    ("drafts/", "a/drafts", True, True),
    ("*.draft.yaml", "a/b/x.draft.yaml", False, True),
    ("**/*.draft.yaml", "x.draft.yaml", False, True),
    ("**/*.draft.yaml", "a/x.draft.yaml", False, True),
    ("*.yaml", "a.yml", False, False),
    ("map?.yaml", "map1.yaml", False, True),
    ("map?.yaml", "map10.yaml", False, False),
    ("map[0-4].yaml", "map3.yaml", False, True),
    ("map[!0-4].yaml", "map3.yaml", False, False),
    ("map[!0-4].yaml", "map7.yaml", False, True),
    ("tests/fixtures", "tests/fixtures", True, True),
    ("tests/fixtures", "x/tests/fixtures", True, False),  # a '/' anchors to the base
    ("/top.yaml", "top.yaml", False, True),
    ("/top.yaml", "a/top.yaml", False, False),
    ("tests/*/invalid", "tests/maps/invalid", True, True),
    ("tests/*/invalid", "tests/a/b/invalid", True, False),  # '*' stays within a segment
    ("tests/**/invalid", "tests/invalid", True, True),
    ("tests/**/invalid", "tests/a/b/invalid", True, True),
    ("tests/**", "tests/a.yaml", False, True),
    ("tests/**", "tests", True, False),  # what is inside, not the folder itself
    ("**", "anything/at/all.yaml", False, True),
    ("a\\*b.yaml", "a*b.yaml", False, True),
    ("a\\*b.yaml", "axb.yaml", False, False),
    ("a.b", "aXb", False, False),  # regex characters are literal
])
def test_glob_matches(glob: str, relative: str, is_dir: bool, expected: bool) -> None:
    assert compile_glob(glob).matches(relative, relative.rsplit("/", 1)[-1], is_dir) is expected


def test_outside_the_base_only_name_globs_match() -> None:
    assert compile_glob("*.draft.yaml").matches(None, "x.draft.yaml", False)
    assert not compile_glob("maps/*.draft.yaml").matches(None, "x.draft.yaml", False)


@pytest.mark.parametrize(("glob", "message"), [
    ("", "a glob must be non-empty text"),
    ("  ", "a glob must be non-empty text"),
    ("/", "'/': matches no path; name files or folders below the configuration's folder"),
    ("!keep.yaml", "'!keep.yaml': negation ('!') is not supported; list only what to leave out"),
    ("a//b", "'a//b': empty path segment ('//')"),
    ("./a", "'./a': '.' segments are not supported; globs are relative to the configuration's folder and "
            "cannot leave it"),
    ("a/../b", "'a/../b': '..' segments are not supported; globs are relative to the configuration's folder "
               "and cannot leave it"),
    ("a**", "'a**': '**' must be a whole path segment, as in 'a/**/b' or '**/*.yaml'"),
    ("a[bc", "'a[bc': '[' opens a set of characters that no ']' closes"),
    ("a[]", "'a[]': '[' opens a set of characters that no ']' closes"),
    ("a\\", "'a\\\\': ends with an escaping '\\'"),
])
def test_malformed_globs(glob: str, message: str) -> None:
    with pytest.raises(GlobError) as caught:
        compile_glob(glob)
    assert str(caught.value) == message


def test_covers_looks_at_the_file_and_its_folders(tmp_path: Path) -> None:
    globs = GlobSet.of(tmp_path, ["legacy", "maps/old/"])
    assert globs.covers(tmp_path / "legacy" / "a" / "b.yaml")
    assert globs.covers(tmp_path / "maps" / "old" / "b.yaml")
    assert not globs.covers(tmp_path / "maps" / "old.yaml")  # 'maps/old/' names a folder
    assert globs.covers(tmp_path / "legacy")


# Folder searches

@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with maps to keep and maps its configuration excludes."""
    root = tmp_path / "project"
    for name in ("a.yaml", "maps/b.yaml", "maps/c.draft.yaml", "drafts/d.yaml", "maps/drafts/e.yaml",
                 "tests/invalid/f.yaml", "tests/valid/g.yaml", "node_modules/h.yaml", ".hidden/i.yaml"):
        write(root / name)
    write(root / ".cjmap.yaml", "exclude: [drafts, '**/*.draft.yaml', tests/invalid]\n")
    return root


def test_search_skips_what_the_configuration_excludes(project: Path) -> None:
    assert found(project) == ["a.yaml", "maps/b.yaml", "tests/valid/g.yaml"]
    assert found(project, Exclusion(config=ConfigChoice(use=False))) == [
        "a.yaml", "drafts/d.yaml", "maps/b.yaml", "maps/c.draft.yaml", "maps/drafts/e.yaml",
        "tests/invalid/f.yaml", "tests/valid/g.yaml"]


def test_named_paths_are_checked_even_when_excluded(project: Path) -> None:
    named = [str(project / "drafts"), str(project / "maps" / "c.draft.yaml")]
    assert select(named).files == [str(project / "drafts" / "d.yaml"), str(project / "maps" / "c.draft.yaml")]
    # below a named folder the globs still apply, relative to the configuration's folder
    assert found(project / "maps") == ["b.yaml"]
    assert found(project / "tests") == ["valid/g.yaml"]


def test_the_configuration_is_found_walking_up_and_the_nearest_one_rules(project: Path) -> None:
    write(project / "maps" / ".cjmap.yaml", "exclude: [b.yaml]\n")  # replaces the project's exclude below maps/
    assert found(project) == ["a.yaml", "maps/c.draft.yaml", "maps/drafts/e.yaml", "tests/valid/g.yaml"]
    assert found(project / "maps") == ["c.draft.yaml", "drafts/e.yaml"]
    write(project / "maps" / ".cjmap.yaml", "# nothing excluded here\n")
    assert found(project / "maps") == ["b.yaml", "c.draft.yaml", "drafts/e.yaml"]


def test_a_pyproject_table_excludes_too(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml")
    write(tmp_path / "old" / "b.yaml")
    write(tmp_path / "pyproject.toml", "[tool.cjmap]\nexclude = ['old/']\n")
    assert found(tmp_path) == ["a.yaml"]
    write(tmp_path / "old" / "pyproject.toml", "[project]\nname = 'cjmap-old'\n")  # no table: not a configuration
    assert found(tmp_path) == ["a.yaml"]


def test_command_line_globs_are_relative_to_the_working_directory(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    assert found(project, Exclusion(patterns=("maps",))) == ["a.yaml", "tests/valid/g.yaml"]
    assert found(project, Exclusion(patterns=("/a.yaml", "tests/**"))) == ["maps/b.yaml"]
    monkeypatch.chdir(project / "maps")
    assert found(project, Exclusion(patterns=("/a.yaml", "b.yaml"))) == ["a.yaml", "tests/valid/g.yaml"]


def test_an_explicit_configuration_file_excludes_everywhere(project: Path, tmp_path: Path) -> None:
    other = write(tmp_path / "other" / "cjmap.yaml", "exclude: ['*.yaml']\n")
    assert found(project, Exclusion(config=ConfigChoice(file=str(other)))) == []
    assert found(project, Exclusion(config=ConfigChoice(file=str(project / ".cjmap.yaml"), use=False))) == [
        "a.yaml", "drafts/d.yaml", "maps/b.yaml", "maps/c.draft.yaml", "maps/drafts/e.yaml",
        "tests/invalid/f.yaml", "tests/valid/g.yaml"]
    with pytest.raises(ConfigError, match=r"missing.yaml: no such configuration file$"):
        select([str(project)], exclusion=Exclusion(config=ConfigChoice(file=str(tmp_path / "missing.yaml"))))




def test_configuration_errors_stop_a_search_but_not_a_named_file(project: Path) -> None:
    write(project / "maps" / ".cjmap.yaml", "exclude: ['a[']\n")
    with pytest.raises(ConfigError) as caught:
        select([str(project)])
    assert str(caught.value) == (f"{project / 'maps' / '.cjmap.yaml'}:1:1: bad glob in 'exclude': 'a[': '[' "
                                 "opens a set of characters that no ']' closes")
    assert select([str(project / "maps" / "b.yaml")]).files == [str(project / "maps" / "b.yaml")]
    with pytest.raises(ConfigError, match=r"^--exclude: 'x\[': '\[' opens a set"):
        select([str(project / "drafts")], exclusion=Exclusion(patterns=("x[",)))


# The commands

def test_every_command_searches_with_exclude(project: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / "drafts" / "d.yaml", "cjmap: 1\nid: broken\n")  # would fail validation if it were checked
    monkeypatch.chdir(project)
    assert run(cli, "validate") == (0, "All good! 3 files checked.\n", "")
    assert run(cli, "validate", ".", "--exclude", "tests", "--exclude", "/a.yaml") == (
        0, "All good! 1 file checked.\n", "")
    code, out, err = run(cli, "validate", "drafts")
    assert (code, err, out.splitlines()[-1].endswith("errors in 1 of 1 file.")) == (1, "", True)
    code, out, err = run(cli, "lint", "--no-config", "--today", "2026-11-01", "--format", "json", "--exclude", "drafts")
    assert (code, err, json.loads(out)["files"]) == (0, "", [  # 'drafts' is a name, so maps/drafts goes too
        "a.yaml", "maps/b.yaml", "maps/c.draft.yaml", "tests/invalid/f.yaml", "tests/valid/g.yaml"])
    code, out, err = run(cli, "lint", "--config", ".cjmap.yaml", "--today", "2026-11-01", "--format", "json", "maps")
    assert (code, err, json.loads(out)["files"]) == (0, "", ["maps/b.yaml"])
    code, out, err = run(cli, "score", "--format", "json", "--exclude", "maps")
    assert (code, err, [report["file"] for report in json.loads(out)["maps"]]) == (
        0, "", ["a.yaml", "tests/valid/g.yaml"])


def test_render_searches_with_exclude(project: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    assert run(cli, "render", ".", "-o", "site", "--exclude", "tests") == (
        0, "", "cjmap: wrote 3 pages to site (open site/index.html)\n")
    assert sorted(path.relative_to(project / "site").as_posix() for path in (project / "site").rglob("*.html")) == [
        "a.html", "index.html", "maps/b.html"]


@pytest.mark.parametrize("command", ["validate", "lint", "score", "render"])
def test_bad_exclusion_exits_2(project: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    monkeypatch.chdir(project)
    assert run(cli, command, ".", "--exclude", "a**") == (
        2, "", "cjmap: error: --exclude: 'a**': '**' must be a whole path segment, as in 'a/**/b' or '**/*.yaml'\n")
    write(project / ".cjmap.yaml", "exclude: [drafts]\nexlude: [tests]\n")
    assert run(cli, command, ".") == (  # configurations are found resolved, so named in full
        2, "", f"cjmap: error: {project.resolve() / '.cjmap.yaml'}:2:1: unknown key 'exlude' (did you mean "
               "'exclude'?); expected select, ignore, severity, options, today, exclude, per-file-ignores, lanes, style, framework, language, limits\n")


# The repository's own configuration

@pytest.mark.parametrize("command", ["validate", "lint", "score"])
def test_the_repository_checks_clean_at_its_root(cli: CliRunner, monkeypatch: pytest.MonkeyPatch,
                                                  command: str) -> None:
    monkeypatch.chdir(REPO)
    code, out, err = run(cli, command, "--format", "json")
    assert (code, err) == (0, ""), out
    report = json.loads(out)
    files = report["files"] if command != "score" else [entry["file"] for entry in report["maps"]]
    assert "examples/trial-onboarding.current.yaml" in files
    assert "tests/fixtures/valid/anchors.yaml" in files
    skipped = ("tests/fixtures/invalid/", "tests/maps/invalid/", "tests/rule_cases/", "tests/lint_data/",
               "tests/fixtures/references/", "tests/fixtures/personas/broken.yaml")
    assert [name for name in files if name.startswith(skipped)] == []


def test_the_repository_still_checks_its_invalid_maps_when_named(cli: CliRunner,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, out, _ = run(cli, "validate", "tests/maps/invalid", "--format", "json")
    assert code == 1
    unconfigured = Exclusion(config=ConfigChoice(use=False))
    assert json.loads(out)["files"] == select(["tests/maps/invalid"], exclusion=unconfigured).files
    assert len(json.loads(out)["files"]) > 5


def test_per_file_ignores_turn_rules_off_for_the_files_they_cover(
        tmp_path: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "legacy" / "a.yaml")
    write(tmp_path / "b.yaml")
    write(tmp_path / ".cjmap.yaml", "select: [S004, S005]\nper-file-ignores:\n  legacy: [S004]\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(cli, "lint", "--format", "json")
    found_codes = sorted((problem["file"], problem["code"]) for problem in json.loads(out)["problems"])
    assert (code, err, found_codes) == (0, "", [
        ("b.yaml", "S004"), ("b.yaml", "S005"), ("legacy/a.yaml", "S005")])
    write(tmp_path / ".cjmap.yaml", "per-file-ignores:\n  legacy: [S004, S00x]\n")
    assert run(cli, "lint") == (2, "", f"cjmap: error: {tmp_path.resolve() / '.cjmap.yaml'}:2:3: 'S00x' matches "
                                        "no rule (did you mean 'S007'?); use a rule code (S001), a code prefix (S) "
                                        "or a rule name ('cjmap rules' lists them)\n")
