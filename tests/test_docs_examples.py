"""The README's and the documentation's examples are run: every map in a ```yaml block is validated with the CLI,
and every ``cjmap`` command in a ```console or ```sh block runs on the bundled examples.

Conventions a page follows (docs/development.md says the same to contributors):
- A ```yaml block is a map when it holds the marker (``cjmap: 1``) or ``steps:``. It must validate, unless the
  line before it is ``<!-- invalid -->``: then it must be reported (exit 1).
- A ```yaml block whose first line is a comment naming a path (``# maps/dentist.yaml``) is written there, in the
  page's workspace, before the commands that follow it run; so the tutorial's commands see the map as it stands.
- In a ```console block, ``$ cjmap …`` lines are commands and the lines up to the next ``$`` are what they print
  (standard output, then standard error); in a ```sh block every line that starts with ``cjmap`` (also after
  ``&&``) is a command. A command must exit 0 or 1 without a traceback, and print what the page says it prints.
  A block that cannot run on the bundled examples (it names files a reader has, not this repository) is marked
  ``<!-- skip -->`` on the line before it.
- Each page gets a workspace of its own holding ``examples/`` and a copy of it as ``maps/``.
The generated rule pages (docs/rules/) are left to tests/test_rules_reference.py, which lints their examples.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_support import chromium_missing
from conftest import EXAMPLES, REPO, CliRunner

DOCS = REPO / "docs"
GENERATED = DOCS / "rules"
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
MAP = re.compile(r"^(cjmap: *\d|\s*steps:)", re.MULTILINE)
PATH_COMMENT = re.compile(r"# ([\w./-]+\.ya?ml)$")
MARK = re.compile(r"<!-- (invalid|skip) -->\s*$")


@dataclass(frozen=True, kw_only=True)
class Block:
    """One fenced block of a page."""

    page: str
    line: int
    language: str
    text: str
    mark: str  # "invalid", "skip" or ""


def pages() -> list[Path]:
    """The README and every page of the site, less the generated rule pages."""
    return [REPO / "README.md", *sorted(path for path in DOCS.rglob("*.md") if GENERATED not in path.parents)]


def blocks(path: Path) -> list[Block]:
    """The fenced blocks of ``path``, in order, with the mark on the line before each."""
    text = path.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        before = text[:match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        mark = MARK.search(before)
        found.append(Block(page=path.relative_to(REPO).as_posix(), line=text.count("\n", 0, match.start()) + 1,
                           language=match[1], text=match[2], mark=mark[1] if mark else ""))
    return found


@dataclass(frozen=True, kw_only=True)
class Command:
    """A ``cjmap`` command of a page, with what the page says it prints (None: not said)."""

    args: list[str]
    env: dict[str, str]
    output: str | None


def commands(block: Block) -> list[Command]:
    """The ``cjmap`` commands of a console or sh block."""
    found: list[Command] = []
    lines = block.text.replace("\\\n", " ").splitlines()
    if block.language == "console":
        for index, line in enumerate(lines):
            if line.startswith("$ "):
                rest = lines[index + 1:]
                end = next((i for i, later in enumerate(rest) if later.startswith("$ ")), len(rest))
                printed = "\n".join(rest[:end])
                found += [Command(args=c.args, env=c.env, output=printed if end else None)
                          for c in _parse(line[2:])]
    else:
        for line in lines:
            found += _parse(line)
    return found


def _parse(line: str) -> list[Command]:
    """The ``cjmap`` commands of one shell line: each part of an ``&&`` chain that runs ``cjmap``."""
    found = []
    words = shlex.split(line, comments=True)
    chain: list[list[str]] = [[]]
    for word in words:
        if word == "&&":
            chain.append([])
        else:
            chain[-1].append(word)
    for part in chain:
        env = {}
        while part and re.fullmatch(r"[A-Z_]+=\S*", part[0]):
            name, _, value = part.pop(0).partition("=")
            env[name] = value
        if part and part[0] == "cjmap":
            cut = next((i for i, word in enumerate(part) if word in {">", "|", "2>", ">>"}), len(part))
            found.append(Command(args=part[1:cut], env=env, output=None))
    return found


def _workspace(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    shutil.copytree(EXAMPLES, tmp_path / "maps")
    return tmp_path


def _written_path(block: Block) -> str | None:
    first = block.text.split("\n", 1)[0]
    match = PATH_COMMENT.fullmatch(first.strip())
    return match[1] if match else None


def _check_map(cli: CliRunner, workspace: Path, block: Block) -> None:
    target = _written_path(block) or "maps/docs-example.yaml"
    path = workspace / target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(block.text, encoding="utf-8")
    result = cli("validate", "--no-cache", target)
    where = f"{block.page}:{block.line}"
    if block.mark == "invalid":
        assert result.code == 1, f"{where}: a map marked invalid validates: {result}"
    else:
        assert result.code == 0, f"{where}: the map does not validate:\n{result.stdout}{result.stderr}"
    if _written_path(block) is None:
        path.unlink()


def _needs_a_browser(args: list[str]) -> bool:
    """A render to PDF or PNG, which drives a local Chromium."""
    formats = {value for option, value in zip(args, args[1:]) if option in ("-f", "--format")}
    return bool(args) and args[0] == "render" and bool(formats & {"pdf", "png"})


def _run_command(cli: CliRunner, monkeypatch: pytest.MonkeyPatch, workspace: Path, block: Block,
                 command: Command) -> None:
    where = f"{block.page}:{block.line}: cjmap {shlex.join(command.args)}"
    if _needs_a_browser(command.args) and chromium_missing():
        return  # as on a user's machine without Chromium; CI has it, so the command runs there
    with monkeypatch.context() as scoped:
        for name, value in command.env.items():
            scoped.setenv(name, str(workspace / value.lstrip("/")) if value.startswith("/") else value)
        scoped.setenv("GITHUB_STEP_SUMMARY", str(workspace / "summary.md"))
        args = [os.path.expandvars(arg) for arg in command.args]
        result = cli(*args)
    assert result.code in (0, 1), f"{where} exits {result.code}:\n{result.stdout}{result.stderr}"
    assert "Traceback" not in result.stderr, where
    if command.output is not None:
        assert (result.stdout + result.stderr).rstrip("\n") == command.output, (
            f"{where} prints what the page does not say:\n{result.stdout}{result.stderr}")


@pytest.mark.parametrize("page", pages(), ids=lambda path: path.relative_to(REPO).as_posix())
def test_the_examples_of_a_page_run(page: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch,
                                    tmp_path: Path) -> None:
    workspace = _workspace(tmp_path)
    monkeypatch.chdir(workspace)
    for block in blocks(page):
        if block.mark == "skip":
            continue
        if block.language == "yaml" and MAP.search(block.text):
            _check_map(cli, workspace, block)
        elif block.language == "yaml" and (target := _written_path(block)):
            (workspace / target).write_text(block.text, encoding="utf-8")
        elif block.language in ("console", "sh"):
            for command in commands(block):
                _run_command(cli, monkeypatch, workspace, block, command)


def test_the_tutorial_runs_commands_and_shows_maps() -> None:
    # The tutorial is the page that runs most: a map at each step and the commands on it.
    found = blocks(DOCS / "tutorial.md")
    maps = [block for block in found if block.language == "yaml" and MAP.search(block.text)]
    runs = [command for block in found if block.language == "console" for command in commands(block)]
    assert len(maps) >= 4 and [block.mark for block in maps].count("invalid") == 1
    assert len(runs) >= 6 and sum(command.output is not None for command in runs) >= 5


def test_commands_are_read_as_a_shell_reads_them() -> None:
    block = Block(page="p.md", line=1, language="sh", mark="", text=(
        "pip install -e . && cjmap validate examples && cjmap lint examples\n"
        "CJMAP_CACHE_DIR=/tmp/c cjmap validate maps/   # a comment\n"
        "cjmap render a.yaml -f markdown > map.md\n"
        "jq . backlog.json\n"))
    assert [(c.args, c.env) for c in commands(block)] == [
        (["validate", "examples"], {}), (["lint", "examples"], {}),
        (["validate", "maps/"], {"CJMAP_CACHE_DIR": "/tmp/c"}), (["render", "a.yaml", "-f", "markdown"], {})]
    console = Block(page="p.md", line=1, language="console", mark="", text=(
        "$ cjmap validate maps/\nAll good! 1 file checked.\n$ cjmap fmt maps/\n"))
    assert [(c.args, c.output) for c in commands(console)] == [
        (["validate", "maps/"], "All good! 1 file checked."), (["fmt", "maps/"], None)]
