"""``cjmap diff`` against a real temporary git repository: revisions, ranges, branches, a renamed file, the
textconv driver through ``git diff`` and ``git log -p``, and every exit code through the console script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CJMAP = Path(sys.executable).parent / "cjmap"
MAPS = Path(__file__).parent / "golden" / "diff" / "maps"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def cjmap(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run([str(CJMAP), *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=60,
                          check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Commits: v1 (old.yaml as maps/checkout.yaml, a persona-free signup map, a non-map YAML), v2 (checkout
    changed, signup renamed with git mv, a map removed, a map added); a branch 'future' off v2."""
    root = tmp_path / "repo"
    (root / "maps").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test")
    git(root, "config", "user.email", "test@example.com")
    git(root, "config", "commit.gpgsign", "false")
    shutil.copy(MAPS / "old.yaml", root / "maps" / "checkout.yaml")
    shutil.copy(MAPS / "scale-old.yaml", root / "maps" / "signup.yaml")
    (root / "maps" / "retired.yaml").write_text((MAPS / "scale-old.yaml").read_text().replace("id: signup",
                                                                                             "id: retired"))
    (root / "config.yaml").write_text("not: a map\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "v1")
    git(root, "tag", "v1")
    shutil.copy(MAPS / "new.yaml", root / "maps" / "checkout.yaml")
    git(root, "mv", "maps/signup.yaml", "maps/sign-up.yaml")
    git(root, "rm", "-q", "maps/retired.yaml")
    (root / "maps" / "added.yaml").write_text((MAPS / "scale-new.yaml").read_text().replace("id: signup",
                                                                                           "id: added"))
    (root / "config.yaml").write_text("not: a map, still\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "v2")
    git(root, "tag", "v2")
    git(root, "checkout", "-q", "-b", "future")
    return root


def test_two_revisions_report_changed_added_removed_and_renamed_maps(repo: Path) -> None:
    result = cjmap(repo, "diff", "--rev", "v1..v2", "--exit-code")
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    heads = [line for line in result.stdout.splitlines() if line.startswith("diff ")]
    assert heads == [
        "diff v2:maps/added.yaml (new map)  Sign-up",
        "diff v1:maps/checkout.yaml → v2:maps/checkout.yaml  Checkout today",
        "diff v1:maps/retired.yaml (removed map)  Sign-up",
        "diff v1:maps/signup.yaml → v2:maps/sign-up.yaml  Sign-up",
    ]
    assert "    * file “maps/signup.yaml” renamed to “maps/sign-up.yaml”" in result.stdout
    assert result.stdout.endswith("22 changes in 4 maps: 8 added, 3 removed, 4 modified, 2 moved, 3 renamed, "
                                  "2 reordered.\n")


def test_the_working_tree_against_head_and_a_branch(repo: Path) -> None:
    assert cjmap(repo, "diff", "--rev", "HEAD", "--exit-code").returncode == 0
    checkout = repo / "maps" / "checkout.yaml"
    checkout.write_text(checkout.read_text().replace("title: Checkout today", "title: Checkout tomorrow"))
    result = cjmap(repo / "maps", "diff", "--rev", "main", "checkout.yaml", "--exit-code")
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == (
        "diff main:maps/checkout.yaml → checkout.yaml  Checkout tomorrow\n"
        "  map\n"
        "    ~ title changed from “Checkout today” to “Checkout tomorrow”\n"
        "\n"
        "1 change in 1 map: 1 modified.\n")
    assert cjmap(repo, "diff", "--rev", "HEAD").returncode == 0  # without --exit-code, differences exit 0


def test_a_folder_between_revisions_as_json(repo: Path) -> None:
    import json

    result = cjmap(repo, "diff", "--rev", "v1..v2", "maps", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(m["old"], m["new"], m["status"]) for m in data["maps"]] == [
        (None, "v2:maps/added.yaml", "added"),
        ("v1:maps/checkout.yaml", "v2:maps/checkout.yaml", "modified"),
        ("v1:maps/retired.yaml", None, "removed"),
        ("v1:maps/signup.yaml", "v2:maps/sign-up.yaml", "modified"),
    ]
    assert data["summary"]["maps"] == 4 and data["differs"] is True


def test_markdown_and_github_between_revisions(repo: Path) -> None:
    markdown = cjmap(repo, "diff", "--rev", "v1..v2", "-f", "markdown")
    assert markdown.returncode == 0
    assert markdown.stdout.startswith("## cjmap diff\n\n**22 changes in 4 maps:")
    assert "### `v1:maps/retired.yaml (removed map)` — Sign-up" in markdown.stdout
    github = cjmap(repo, "diff", "--rev", "v1..v2", "-f", "github").stdout.splitlines()
    assert github[0] == "::notice file=maps/added.yaml,line=1,col=1,title=cjmap diff%3A added::map “Sign-up” added"
    assert "::notice title=cjmap diff%3A removed::map “Sign-up” removed" in github


@pytest.mark.parametrize("args, message", [
    (("--rev", "no-such-rev"), "cjmap: error: unknown revision 'no-such-rev': git knows no commit by that name\n"),
    (("--rev", "v1..nope"), "cjmap: error: unknown revision 'nope': git knows no commit by that name\n"),
    (("--rev", "HEAD", "missing.yaml"),
     "cjmap: error: no such file or directory: missing.yaml (neither in the working tree nor at HEAD)\n"),
])
def test_usage_errors_exit_2(repo: Path, args: tuple[str, ...], message: str) -> None:
    result = cjmap(repo, "diff", *args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)


def test_outside_a_repository_exits_2(tmp_path: Path) -> None:
    result = cjmap(tmp_path, "diff", "--rev", "HEAD")
    assert (result.returncode, result.stderr) == (
        2, "cjmap: error: not inside a git repository (--rev reads old versions through git)\n")


def test_a_map_that_does_not_validate_exits_2_with_its_problems(repo: Path) -> None:
    (repo / "maps" / "checkout.yaml").write_text("cjmap: 1\nid: checkout\ntitle: Checkout\ntype: nonsense\n"
                                                 "stages: []\n")
    result = cjmap(repo, "diff", "--rev", "HEAD", "--exit-code")
    assert result.returncode == 2
    assert result.stdout.startswith("diff HEAD:maps/checkout.yaml → maps/checkout.yaml\n"
                                    "  not compared: does not validate\n"
                                    "    maps/checkout.yaml:4:7: V023 [invalid-value]")
    assert result.stderr.endswith("cjmap: error: 1 map could not be compared: a version that does not validate "
                                  "(its problems are in the report)\n")


def test_textconv_driver_in_git_diff_and_log(repo: Path) -> None:
    (repo / ".gitattributes").write_text("maps/** diff=cjmap\n")
    git(repo, "config", "diff.cjmap.textconv", f"{CJMAP} diff --textconv")
    shown = git(repo, "diff", "v1", "v2", "--", "maps/checkout.yaml")
    assert "-  step compare: Compares prices  [emotion 2]\n" in shown
    assert "+  step compare: Compares prices and fees  [emotion 1]\n" in shown
    assert "-channel shop: Shop\n" in shown
    log = git(repo, "log", "-p", "--format=%s", "--", "maps/checkout.yaml")
    assert "+stage loyalty: Loyalty\n" in log
    # A broken map mid-edit must not stop git: the textconv shows the text as it is and exits 0.
    (repo / "maps" / "checkout.yaml").write_text("cjmap: 1\n  bad: [\n")
    assert "+  bad: [\n" in git(repo, "diff", "--", "maps/checkout.yaml")


def test_difftool_recipe(repo: Path) -> None:
    git(repo, "config", "difftool.cjmap.cmd", f'{CJMAP} diff --no-color "$LOCAL" "$REMOTE"')
    shown = git(repo, "difftool", "--no-prompt", "--tool=cjmap", "v1", "v2", "--", "maps/checkout.yaml")
    assert "* step “Compares prices” renamed to “Compares prices and fees”" in shown
    assert shown.endswith("19 changes in 1 map: 7 added, 2 removed, 4 modified, 2 moved, 2 renamed, "
                          "2 reordered.\n")
