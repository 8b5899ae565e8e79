"""Fuzzing every command: mutated maps (and Mermaid and CSV files) through the CLI, as a user runs it.

validate, lint, ``lint --fix`` (on a copy), score, diff, portfolio and backlog of two mutated maps, render (html, markdown, mermaid),
export (csv, xlsx), import (mermaid, csv) of mutated inputs, ``fmt --check`` and ``fmt`` (on a copy), init
with hostile options. Each run must exit 0, 1 or 2, print no traceback and no "internal error", and its JSON,
SARIF and Code Climate output must parse. In process through ``cjmap.cli.main`` (the ``cli`` fixture), a few
through the installed script.

Deterministic (a fixed seed) and bounded: ``CJMAP_FUZZ_BUDGET`` maps (default 60: about 300 command runs,
25 s of CPU). A long run: ``CJMAP_FUZZ_BUDGET=10000 python -m pytest tests/test_fuzz_commands.py``
(``CJMAP_FUZZ_SEED`` picks another seed). Every failure names the command and the input, saved under the
test's temporary folder.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, CliResult, CliRunner
from fuzzing import NASTY_CHARACTERS, NASTY_SCALARS, TEXT_MUTATIONS, mutate, mutate_bytes, seeds

SEED = int(os.environ.get("CJMAP_FUZZ_SEED", "20261021"))
BUDGET = int(os.environ.get("CJMAP_FUZZ_BUDGET", "60"))
"""Mutated maps per run; each goes through validate, lint and score and two of the other commands."""
CJMAP = Path(sys.executable).parent / "cjmap"
CRASH_MARKS = ("Traceback (most recent call last)", "internal error", "This is a bug in cjmap")

Command = Callable[["Fuzz"], tuple[str, ...]]


class Fuzz:
    """One mutated map (``m.yaml``) and its partner (``m2.yaml``) in a project folder, with the paths commands use."""

    def __init__(self, work: Path, rng: random.Random, corpus: list[tuple[Path, str]],
                 mermaid: list[str], sheets: list[str]) -> None:
        self.work = work
        self.rng = rng
        self.corpus = corpus
        self.mermaid = mermaid
        self.sheets = sheets
        self.number = 0
        self.content = b""

    def next_map(self, number: int) -> None:
        self.number = number
        self.content = self.mutated_map()
        (self.work / "m.yaml").write_bytes(self.content)

    def mutated_map(self) -> bytes:
        path, seed_text = self.rng.choice(self.corpus)
        content = mutate(seed_text, self.rng).encode("utf-8", "surrogatepass")
        if self.rng.random() < 0.15:
            content = mutate_bytes(content, self.rng)
        return content

    def mutated_text(self, texts: list[str]) -> bytes:
        text = self.rng.choice(texts)
        for _ in range(self.rng.choice((1, 1, 2, 3))):
            text = self.rng.choice(TEXT_MUTATIONS)(text, self.rng)
        content = text.encode("utf-8", "surrogatepass")
        return mutate_bytes(content, self.rng) if self.rng.random() < 0.15 else content

    def copy(self, name: str) -> str:
        shutil.copyfile(self.work / "m.yaml", self.work / name)
        return name

    def partner(self) -> str:
        (self.work / "m2.yaml").write_bytes(self.mutated_map())
        return "m2.yaml"

    def input_file(self, name: str, content: bytes) -> str:
        (self.work / name).write_bytes(content)
        return name

    def nasty(self) -> str:
        value = self.rng.choice(NASTY_SCALARS) if self.rng.random() < 0.7 else self.rng.choice(NASTY_CHARACTERS) * 3
        return value.replace("\x00", "")  # an argument cannot hold NUL (the OS refuses it before cjmap runs)


# Every command but the three each map goes through; each map runs two of these (one in turn, one at random).
OTHER_COMMANDS: tuple[Command, ...] = (
    lambda f: ("validate", "-f", f.rng.choice(("github", "codeclimate")), "m.yaml"),
    lambda f: ("lint", "--fix", f.copy("fix.yaml")),
    lambda f: ("diff", "-f", "json", "m.yaml", f.partner()),
    lambda f: ("diff", "-f", f.rng.choice(("text", "markdown", "github")), f.partner(), "m.yaml"),
    lambda f: ("portfolio", "-f", f.rng.choice(("json", "text", "markdown")), "m.yaml", f.partner()),
    lambda f: ("backlog", "-f", f.rng.choice(("json", "text", "markdown", "issues", "csv")), "m.yaml", f.partner()),
    lambda f: ("render", "m.yaml", "-o", "out/page.html"),
    lambda f: ("render", "-f", "markdown", "m.yaml"),
    lambda f: ("render", "-f", "mermaid", "m.yaml"),
    lambda f: ("export", "csv", "m.yaml", "-o", "out/m.csv"),
    lambda f: ("export", "xlsx", "m.yaml", "-o", "out/m.xlsx"),
    lambda f: ("import", "mermaid", f.input_file("in.mmd", f.mutated_text(f.mermaid)), "-o", "out/mmd.yaml",
               "--force"),
    lambda f: ("import", "csv", f.input_file("in.csv", f.mutated_text(f.sheets)), "-o", "out/csv.yaml", "--force"),
    lambda f: ("fmt", "--check", "m.yaml"),
    lambda f: ("fmt", f.copy("fmt.yaml")),
    lambda f: ("init", f"out/new-{f.number}.yaml", "--title", f.nasty(), "--stages", f.nasty(),
               *(("--id", f.nasty()) if f.rng.random() < 0.3 else ()),
               "-t", f.rng.choice(("current-state", "future-state", "day-in-the-life", "service-blueprint"))),
)
EVERY_MAP: tuple[tuple[str, ...], ...] = (
    ("validate", "-f", "json", "m.yaml"),
    ("lint", "-f", "sarif", "m.yaml"),
    ("score", "-f", "json", "m.yaml"),
)


def wrong(args: tuple[str, ...], result: CliResult) -> str | None:
    """What is wrong with one run, or None."""
    if result.code not in (0, 1, 2):
        return f"exit code {result.code}"
    output = result.stdout + result.stderr
    if any(mark in output for mark in CRASH_MARKS):
        return "crashed"
    machine = any(name in args for name in ("json", "sarif", "codeclimate"))
    if machine and result.stdout.strip():
        try:
            data = json.loads(result.stdout)
        except ValueError as exc:
            return f"output is no JSON: {exc}"
        if "sarif" in args and not data.get("runs"):
            return "SARIF output without runs"
    return None


@pytest.fixture
def fuzz(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: CliRunner) -> Fuzz:
    """A project folder (personas of the examples beside the maps) and the Mermaid and CSV seeds, made by
    exporting the seed maps."""
    work = tmp_path / "project"
    shutil.copytree(EXAMPLES / "personas", work / "personas")
    (work / "out").mkdir()
    (work / "pyproject.toml").write_text("[project]\nname = 'fuzz'\n")
    monkeypatch.chdir(work)
    corpus = seeds()
    mermaid: list[str] = []
    sheets: list[str] = []
    for path, _ in corpus:
        for kind, texts in (("mermaid", mermaid), ("csv", sheets)):
            args = ("render", "-f", "mermaid", str(path)) if kind == "mermaid" else (
                "export", "csv", str(path))
            made = cli(*args)
            if made.code == 0:
                texts.append(made.stdout)
    assert mermaid and sheets
    return Fuzz(work, random.Random(SEED), corpus, mermaid, sheets)


def test_every_command_survives_mutated_input(fuzz: Fuzz, cli: CliRunner,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    failures: list[str] = []
    runs = 0
    for number in range(BUDGET):
        fuzz.next_map(number)
        chosen = [*EVERY_MAP, OTHER_COMMANDS[number % len(OTHER_COMMANDS)](fuzz),
                  fuzz.rng.choice(OTHER_COMMANDS)(fuzz)]
        for args in chosen:
            result = cli(*args)
            runs += 1
            if (problem := wrong(args, result)) is not None:
                kept = fuzz.work.parent / f"failure-{len(failures)}"
                shutil.copytree(fuzz.work, kept, ignore=shutil.ignore_patterns("personas", "out"))
                failures.append(f"map {number}: cjmap {' '.join(args)}: {problem} (inputs kept in {kept})\n"
                                f"map: {fuzz.content[:300]!r}\nstderr: {result.stderr[-800:]}")
        if number % 500 == 499:
            _log(capsys, f"{number + 1:,} maps, {runs:,} runs, {len(failures)} failures")
    _log(capsys, f"{BUDGET:,} mutated maps, {runs:,} command runs, {len(failures)} failures")
    assert not failures, f"{len(failures)} failures; the first:\n" + "\n\n".join(failures[:3])


def _log(capsys: pytest.CaptureFixture[str], line: str) -> None:
    """Progress and the count of runs, for the log of a long run (``pytest -s``; the CLI's output is captured)."""
    with capsys.disabled():
        print(f"\n{line}", flush=True)


@pytest.mark.parametrize("number", range(3))
def test_mutated_maps_through_the_installed_script(tmp_path: Path, number: int) -> None:
    rng = random.Random(SEED + number)
    path, text = rng.choice(seeds())
    content = mutate_bytes(mutate(text, rng).encode("utf-8", "surrogatepass"), rng)
    (tmp_path / "m.yaml").write_bytes(content)
    env = {**os.environ, "NO_COLOR": "1"}
    for args in (("validate", "-f", "sarif", "m.yaml"), ("render", "m.yaml", "-o", "page.html"),
                 ("fmt", "--check", "m.yaml")):
        done = subprocess.run([str(CJMAP), *args], cwd=tmp_path, capture_output=True, text=True, env=env,
                              timeout=60, check=False)
        assert wrong(args, CliResult(done.returncode, done.stdout, done.stderr)) is None, (args, content[:300],
                                                                                          done.stderr)
