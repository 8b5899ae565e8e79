"""The pre-commit hooks (``.pre-commit-hooks.yaml``), run by the real pre-commit: ``pre-commit try-repo`` against
a temporary git repository with a good and a bad map.

try-repo installs the hook repository at a commit, so the tests commit this checkout's files (tracked and new,
as they are in the working tree) into a temporary repository first: what is tested is the code at hand, from a
clean clone in CI as much as from a working tree with uncommitted changes. pre-commit builds its environment
once (pip installs cjmap from that repository, its dependencies from the package index) into a cache the tests
share; the tests skip when pre-commit or git is absent.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CLEAN_MAP, REPO

HOOKS = REPO / ".pre-commit-hooks.yaml"
BAD_MAP = CLEAN_MAP.replace("type: current-state", "type: curent-state")
UNFORMATTED_MAP = CLEAN_MAP.replace("title: Online checkout\n", "title:   'Online checkout'\n")
UNFIXED_MAP = CLEAN_MAP.replace("  - id: pay\n    name: Pay\n", "  - name: Pay\n")
NOT_A_MAP = "name: ci\non: push\n"
"""A YAML file outside maps/: the hooks' default `files:` keeps it out."""
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def pre_commit() -> list[str] | None:
    """How to run pre-commit here: the module of this Python, else the program on PATH."""
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        found = shutil.which("pre-commit")
        return [found] if found else None
    return [sys.executable, "-m", "pre_commit"]


PRE_COMMIT = pre_commit()
pytestmark = [pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (pip install pre-commit)"),
              pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")]


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, timeout=120,
                   env={**os.environ, **GIT_ENV})


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout's files, committed into a temporary repository for try-repo to clone."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: the hook repository is made from its files")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            check=True, capture_output=True, timeout=120).stdout
    copy = tmp_path_factory.mktemp("hook-repo")
    for name in sorted({os.fsdecode(entry) for entry in listed.split(b"\0") if entry}):
        source = REPO / name
        if source.is_file() and not source.is_symlink():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    git(copy, "init", "-q")
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "cjmap as it is in the working tree")
    return copy


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One cache for the module: the hook environment is built once."""
    yield tmp_path_factory.mktemp("pre-commit-home")


def project(folder: Path, files: dict[str, str]) -> Path:
    """A git repository holding ``files``, added to the index (try-repo --all-files runs on what git lists)."""
    folder.mkdir()
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    return folder


def try_repo(hook_repo: Path, home: Path, folder: Path, hook: str) -> subprocess.CompletedProcess[str]:
    assert PRE_COMMIT is not None
    environ = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "NO_COLOR")}
    result = subprocess.run([*PRE_COMMIT, "try-repo", str(hook_repo), hook, "--all-files", "--color", "never"],
                            cwd=folder, capture_output=True, text=True, timeout=900, check=False,
                            env={**environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home)})
    if "An unexpected error has occurred" in result.stdout + result.stderr:  # pre-commit's own failure
        log = home / "pre-commit.log"
        details = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        pytest.fail(f"pre-commit failed:\n{result.stdout}\n{result.stderr}\n{details}")
    return result


def test_the_manifest_is_valid() -> None:
    assert PRE_COMMIT is not None
    result = subprocess.run([*PRE_COMMIT, "validate-manifest", str(HOOKS)], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_validate_passes_a_good_map(hook_repo: Path, pre_commit_home: Path, tmp_path: Path) -> None:
    folder = project(tmp_path / "good", {"maps/checkout.yaml": CLEAN_MAP, "ci.yml": NOT_A_MAP})
    result = try_repo(hook_repo, pre_commit_home, folder, "cjmap-validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cjmap validate" in result.stdout and "Passed" in result.stdout


def test_validate_fails_on_a_bad_map_with_its_finding(hook_repo: Path, pre_commit_home: Path,
                                                      tmp_path: Path) -> None:
    folder = project(tmp_path / "bad", {"maps/checkout.yaml": CLEAN_MAP, "maps/trial.yaml": BAD_MAP,
                                        "ci.yml": NOT_A_MAP})
    result = try_repo(hook_repo, pre_commit_home, folder, "cjmap-validate")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    assert "maps/trial.yaml:4:7: V023 [invalid-value] the text 'curent-state' is not allowed here" in result.stdout
    assert "Found 1 error in 1 of 2 files." in result.stdout  # both maps in one call; ci.yml left out
    assert "ci.yml" not in result.stdout


def test_lint_reports_what_it_finds(hook_repo: Path, pre_commit_home: Path, tmp_path: Path) -> None:
    good = project(tmp_path / "good", {"maps/checkout.yaml": CLEAN_MAP, "ci.yml": NOT_A_MAP})
    assert try_repo(hook_repo, pre_commit_home, good, "cjmap-lint").returncode == 0
    bad = project(tmp_path / "bad", {"maps/checkout.yaml": CLEAN_MAP, "maps/trial.yaml": BAD_MAP})
    result = try_repo(hook_repo, pre_commit_home, bad, "cjmap-lint")
    assert result.returncode == 1
    assert "maps/trial.yaml:4:7: V023 [invalid-value]" in result.stdout


def test_lint_fix_rewrites_the_map(hook_repo: Path, pre_commit_home: Path, tmp_path: Path) -> None:
    folder = project(tmp_path / "fix", {"maps/checkout.yaml": UNFIXED_MAP})
    result = try_repo(hook_repo, pre_commit_home, folder, "cjmap-lint-fix")
    assert result.returncode == 1 and "files were modified by this hook" in result.stdout, result.stdout
    assert (folder / "maps" / "checkout.yaml").read_text(encoding="utf-8") == CLEAN_MAP


def test_fmt_formats_the_map(hook_repo: Path, pre_commit_home: Path, tmp_path: Path) -> None:
    folder = project(tmp_path / "fmt", {"maps/checkout.yaml": UNFORMATTED_MAP})
    result = try_repo(hook_repo, pre_commit_home, folder, "cjmap-fmt")
    assert result.returncode == 1 and "files were modified by this hook" in result.stdout, result.stdout
    assert (folder / "maps" / "checkout.yaml").read_text(encoding="utf-8") == CLEAN_MAP
