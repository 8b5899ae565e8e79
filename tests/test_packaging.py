"""Packaging ready to publish: ``python -m build`` makes an sdist and a wheel that pass ``twine check``, with the
project's URLs and the short description of ``docs/PYPI.md`` (not the whole README).

The build runs on a copy of the files git would ship (tracked and new, not ignored), so nothing is written
into the working tree; it skips when build or twine is not installed (both are in the ``test`` extra).
"""

from __future__ import annotations

import email
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
REPOSITORY = PROJECT["urls"]["Repository"]
LONG_DESCRIPTION = REPO / PROJECT["readme"]


def installed(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


needs_tools = pytest.mark.skipif(not (installed("build") and installed("twine")),
                                 reason="build and twine are not installed (pip install -e '.[test]')")


def shipped_files() -> list[str]:
    """What git would ship: tracked and new files, not ignored ones, that exist; every file outside git."""
    if (REPO / ".git").exists() and shutil.which("git"):
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                                check=True, capture_output=True, timeout=120).stdout
        names = [os.fsdecode(entry) for entry in listed.split(b"\0") if entry]
    else:
        names = [str(path.relative_to(REPO)) for path in REPO.rglob("*") if path.is_file()
                 and not {"node_modules", "__pycache__", ".git"} & set(path.relative_to(REPO).parts)]
    return sorted(name for name in names if (REPO / name).is_file() and not (REPO / name).is_symlink())


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel, built the way a release is."""
    work = tmp_path_factory.mktemp("packaging")
    source = work / "source"
    for name in shipped_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    environ = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-m", "build", "--outdir", str(work / "dist"), str(source)],
                            capture_output=True, text=True, timeout=900, check=False, env=environ)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return work / "dist"


def one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, found
    return found[0]


@needs_tools
def test_twine_check_passes(dist: Path) -> None:
    files = [str(one(dist, "*.whl")), str(one(dist, "*.tar.gz"))]
    result = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *files], capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2


@needs_tools
def test_the_wheel_holds_the_package_and_its_metadata(dist: Path) -> None:
    from cjmap import __version__

    wheel = one(dist, "*.whl")
    assert wheel.name == f"cjmap-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = email.message_from_string(archive.read(f"cjmap-{__version__}.dist-info/METADATA").decode("utf-8"))
    expected = {str(path.relative_to(REPO / "src")).replace(os.sep, "/")
                for path in (REPO / "src" / "cjmap").rglob("*") if path.is_file() and "__pycache__" not in path.parts}
    assert expected <= names  # every module, py.typed and the templates
    assert not any(name.startswith(("tests/", "examples/")) for name in names)
    assert metadata["Name"] == "cjmap" and metadata["Version"] == __version__
    assert metadata["License-Expression"] == "MIT"
    assert metadata["Requires-Python"] == PROJECT["requires-python"]
    assert sorted(metadata.get_all("Project-URL") or []) == sorted(f"{label}, {url}" for label, url in
                                                                   PROJECT["urls"].items())
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert str(metadata.get_payload()).strip() == LONG_DESCRIPTION.read_text(encoding="utf-8").strip()


@needs_tools
def test_the_sdist_builds_the_same_package(dist: Path) -> None:
    with tarfile.open(one(dist, "*.tar.gz")) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"pyproject.toml", "LICENSE", PROJECT["readme"], "src/cjmap/__init__.py", "src/cjmap/py.typed",
            "PKG-INFO"} <= names


def test_the_long_description_is_short_and_links_the_repository() -> None:
    text = LONG_DESCRIPTION.read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert PROJECT["readme"] != "README.md"
    assert len(text.splitlines()) < 80 < len(readme.splitlines())
    links = re.findall(r"\]\((\S+?)\)", text)
    assert links and all(link.startswith("https://") for link in links)  # a package page has no relative links
    assert f"{PROJECT['urls']['Documentation']}/index.md" in links  # the documentation's home, on GitHub
    assert "pipx install cjmap" in text and "python3 -m venv" in text


def test_the_repository_address_has_one_value() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    addresses = set(re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", readme + LONG_DESCRIPTION.read_text(
        encoding="utf-8")))
    assert addresses == {REPOSITORY}
    assert f"- repo: {REPOSITORY}\n" in readme  # the pre-commit snippet


def test_the_quick_start_installs_where_pep_668_refuses_pip() -> None:
    quick_start = (REPO / "README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "python3 -m venv .venv && . .venv/bin/activate" in quick_start
    assert "pipx install cjmap" in quick_start
    assert "externally-managed-environment" in quick_start
