"""``cjmap diff --rev`` reads each version's persona and baseline files from its own revision (issue 21, item 7),
reports a map that does not validate as that map's problem while the rest is compared, and never reads more
of a blob than the size limit (item 18).

Against a real temporary git repository, through the console script (and in process where a spy is needed).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cjmap import references
from cjmap.diff import git as diff_git
from cjmap.diff import sides
from cjmap.loader import MAX_BYTES

CJMAP = Path(sys.executable).parent / "cjmap"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PERSONA = "cjmap-persona: 1\nid: maya\nname: Maya\n"
CURRENT = """\
cjmap: 1
id: checkout
title: Checkout today
type: current-state
persona: {persona}
stages:
  - id: pay
    name: Pay
    steps:
      - {{id: card, name: Enters card, emotion: 2}}
"""
FUTURE = """\
cjmap: 1
id: checkout-future
title: {title}
type: future-state
baseline: {baseline}
persona: {persona}
stages:
  - id: pay
    name: Pay
    steps:
      - {{id: card, name: Enters card, emotion: 4}}
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def cjmap(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run([str(CJMAP), *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=60,
                          check=False)


def commit(repo: Path, tag: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", tag)
    git(repo, "tag", tag)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """v1: maps/current.yaml and maps/future.yaml (baseline current.yaml), both with persona personas/maya.yaml;
    v2: the persona file and the baseline renamed with git mv, the references and the future title changed."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test")
    git(root, "config", "user.email", "test@example.com")
    git(root, "config", "commit.gpgsign", "false")
    maps = root / "maps"
    write(maps / "personas" / "maya.yaml", PERSONA)
    write(maps / "current.yaml", CURRENT.format(persona="personas/maya.yaml"))
    write(maps / "future.yaml", FUTURE.format(title="Checkout", baseline="current.yaml", persona="personas/maya.yaml"))
    commit(root, "v1")
    git(root, "mv", "maps/personas/maya.yaml", "maps/personas/maya-k.yaml")
    git(root, "mv", "maps/current.yaml", "maps/today.yaml")
    write(maps / "today.yaml", CURRENT.format(persona="personas/maya-k.yaml"))
    write(maps / "future.yaml", FUTURE.format(title="Checkout tomorrow", baseline="today.yaml",
                                              persona="personas/maya-k.yaml"))
    commit(root, "v2")
    return root


def test_renamed_persona_and_baseline_between_revisions(repo: Path) -> None:
    result = cjmap(repo, "diff", "--rev", "v1..v2", "-f", "json")
    assert (result.returncode, result.stderr) == (0, "")
    maps = json.loads(result.stdout)["maps"]
    assert [(m["old"], m["new"], m["status"]) for m in maps] == [
        ("v1:maps/future.yaml", "v2:maps/future.yaml", "modified"),
        ("v1:maps/current.yaml", "v2:maps/today.yaml", "modified"),
    ]
    assert [(c["path"], c["before"], c["after"]) for c in maps[0]["changes"]] == [
        ("/title", "Checkout", "Checkout tomorrow"),
        ("/baseline", "current.yaml", "today.yaml"),
        ("/persona", ["personas/maya.yaml"], ["personas/maya-k.yaml"]),
    ]
    assert all("problems" not in m for m in maps)


def test_renamed_persona_and_baseline_against_the_working_tree(repo: Path) -> None:
    result = cjmap(repo / "maps", "diff", "--rev", "v1", "--exit-code")
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines()[0] == "diff v1:maps/future.yaml → future.yaml  Checkout tomorrow"


@pytest.fixture
def broken(repo: Path) -> Path:
    """v3: future.yaml names a baseline that v3 does not have; today.yaml changes its title."""
    maps = repo / "maps"
    write(maps / "future.yaml", FUTURE.format(title="Checkout tomorrow", baseline="gone.yaml",
                                              persona="personas/maya-k.yaml"))
    write(maps / "today.yaml", CURRENT.format(persona="personas/maya-k.yaml").replace("today", "as is"))
    commit(repo, "v3")
    return repo


def test_a_map_broken_in_one_revision_is_its_problem_and_the_rest_is_reported_as_json(broken: Path) -> None:
    result = cjmap(broken, "diff", "--rev", "v2..v3", "-f", "json")
    assert result.returncode == 2
    assert result.stderr == ("cjmap: error: 1 map could not be compared: a version that does not validate (its "
                             "problems are in the report)\n")
    maps = json.loads(result.stdout)["maps"]
    assert [(m["new"], m["status"]) for m in maps] == [("v3:maps/future.yaml", "invalid"),
                                                       ("v3:maps/today.yaml", "modified")]
    [problem] = maps[0]["problems"]
    assert (problem["file"], problem["line"], problem["code"], problem["message"]) == (
        "v3:maps/future.yaml", 5, "V032", "baseline map 'gone.yaml' not found")
    assert problem["hint"] == "paths are relative to the map file; looked for v3:maps/gone.yaml"
    assert maps[1]["changes"][0]["after"] == "Checkout as is"


def test_a_map_broken_in_one_revision_in_text_markdown_and_github(broken: Path) -> None:
    text = cjmap(broken, "diff", "--rev", "v2..v3")
    assert text.returncode == 2
    assert text.stdout.startswith(
        "diff v2:maps/future.yaml → v3:maps/future.yaml\n"
        "  not compared: does not validate\n"
        "    v3:maps/future.yaml:5:11: V032 [missing-file] baseline map 'gone.yaml' not found\n"
        "      hint: paths are relative to the map file; looked for v3:maps/gone.yaml\n"
        "\n"
        "diff v2:maps/today.yaml → v3:maps/today.yaml  Checkout as is\n")
    markdown = cjmap(broken, "diff", "--rev", "v2..v3", "-f", "markdown")
    assert markdown.returncode == 2
    assert ("### `v2:maps/future.yaml → v3:maps/future.yaml`\n\nNot compared: does not validate.\n\n"
            "- `v3:maps/future.yaml:5:11` V032 baseline map 'gone.yaml' not found\n") in markdown.stdout
    assert "### `v2:maps/today.yaml → v3:maps/today.yaml` — Checkout as is" in markdown.stdout
    github = cjmap(broken, "diff", "--rev", "v2..v3", "-f", "github")
    assert github.stdout.splitlines()[0] == ("::error file=maps/future.yaml,line=5,col=11,title=V032 missing-file::"
                                             "v3:maps/future.yaml: baseline map 'gone.yaml' not found")


def test_a_persona_file_broken_in_the_old_revision_is_named_in_that_revision(repo: Path) -> None:
    write(repo / "maps" / "personas" / "maya-k.yaml", PERSONA + "nmae: typo\n")
    commit(repo, "v3")
    write(repo / "maps" / "personas" / "maya-k.yaml", PERSONA)
    write(repo / "maps" / "today.yaml", CURRENT.format(persona="personas/maya-k.yaml").replace("today", "now"))
    result = cjmap(repo, "diff", "--rev", "v3", "-f", "json")  # v3 against the repaired working tree
    assert result.returncode == 2
    maps = json.loads(result.stdout)["maps"]
    assert [(m["old"], m["status"]) for m in maps] == [("v3:maps/today.yaml", "invalid")]
    assert [(p["file"], p["line"], p["code"]) for p in maps[0]["problems"]] == [
        ("v3:maps/personas/maya-k.yaml", 4, "V020")]


@pytest.mark.parametrize("reference, setup, code, message", [
    ("../../etc/passwd", None, "V034", "persona file '../../etc/passwd' leads outside the project"),
    ("/etc/passwd", None, "V034", "persona file '/etc/passwd' is an absolute path"),
    ("personas/link.yaml", ("personas/link.yaml", "../../../etc/passwd"), "V034",
     "persona file 'personas/link.yaml' leads through a symbolic link outside the project"),
    ("personas/inner.yaml", ("personas/inner.yaml", "maya-k.yaml"), None, None),
    ("../shared/p.yaml", ("pyproject.toml", None), "V034", "persona file '../shared/p.yaml' leads outside the project"),
    ("personas", None, "V032", "persona file 'personas' is not a regular file"),
    ("nowhere.yaml", None, "V032", "persona file 'nowhere.yaml' not found"),
])
def test_references_in_a_revision_stay_inside_its_project(repo: Path, reference: str,
                                                           setup: tuple[str, str | None] | None, code: str | None,
                                                           message: str | None) -> None:
    maps = repo / "maps"
    write(repo / "shared" / "p.yaml", PERSONA)
    if setup is not None:
        name, link = setup
        if link is None:  # a root marker: maps/ becomes the project root at this revision
            write(maps / name, "[project]\nname = 'x'\n")
        else:
            (maps / name).symlink_to(link)
    write(maps / "today.yaml", CURRENT.format(persona=reference).replace("today", "now"))
    commit(repo, "v3")
    if setup is not None:  # the working tree no longer has them: only the revision can say
        os.remove(maps / setup[0])
    result = cjmap(repo, "diff", "--rev", "v3..v3", "-f", "json")  # no change: nothing compared
    assert json.loads(result.stdout)["maps"] == []
    # v2..v3 compares today.yaml, whose v3 version holds the reference, read at v3 only.
    result = cjmap(repo, "diff", "--rev", "v2..v3", "maps/today.yaml", "-f", "json")
    [found] = json.loads(result.stdout)["maps"]
    if code is None:
        assert (result.returncode, found["status"]) == (0, "modified"), result.stdout
        return
    assert result.returncode == 2
    assert [(p["file"], p["code"], p["message"]) for p in found["problems"]] == [
        ("v3:maps/today.yaml", code, message)]


def test_an_over_size_blob_is_a_problem_and_is_never_read_whole(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = repo / "maps" / "big.yaml"
    write(big, "cjmap: 1\n" + "# padding\n" * (MAX_BYTES // 10 + 100))
    commit(repo, "v3")
    reads: list[tuple[str, int]] = []
    read_blob = diff_git.read_blob

    def spy(commit: str, repo_path: str, root: Path, limit: int) -> bytes:
        reads.append((repo_path, limit))
        return read_blob(commit, repo_path, root, limit)

    monkeypatch.setattr(diff_git, "read_blob", spy)
    monkeypatch.chdir(repo)
    references.clear_caches()
    report = sides.diff_revisions("v2..v3", [])
    [item] = report.maps
    assert item.status == "invalid"
    assert [(p.file, p.code, p.message) for p in item.problems] == [
        ("v3:maps/big.yaml", "V003", f"file is over the {MAX_BYTES:,}-byte limit")]
    assert reads == [("maps/big.yaml", diff_git.HEAD_BYTES)]  # the head, to see that it is a map; no more


def test_an_over_size_blob_through_the_console_script(repo: Path) -> None:
    write(repo / "maps" / "big.yaml", "cjmap: 1\n" + "# padding\n" * (MAX_BYTES // 10 + 100))
    commit(repo, "v3")
    result = cjmap(repo, "diff", "--rev", "v2..v3")
    assert result.returncode == 2
    assert result.stdout.startswith("diff v3:maps/big.yaml (new map)\n  not compared: does not validate\n"
                                    "    v3:maps/big.yaml:1:1: V003 [file-too-large]")
