"""The result cache (cjmap.cache): it never changes what is reported, and anything a result depends on
invalidates it."""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from pathlib import Path

import pytest
from conftest import CLEAN_MAP, EXAMPLES, CliRunner
from fuzzing import mutate, seeds

from cjmap import checking, references
from cjmap.lint import engine
from cjmap.source import Source
from cjmap.validation import project
from cjmap.validation.validator import FileResult

FORMATS = ("text", "json", "github", "sarif")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache folder of the test, named by $CJMAP_CACHE_DIR; the test runs in ``tmp_path``."""
    folder = tmp_path / "the-cache"
    monkeypatch.setenv("CJMAP_CACHE_DIR", str(folder))
    monkeypatch.chdir(tmp_path)
    return folder


def entries(folder: Path) -> dict[str, int]:
    """Each entry file and its inode (an atomic rewrite gives a new one)."""
    return {path.name: path.stat().st_ino for path in sorted((folder / "entries").rglob("*.json"))}


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files validated from now on (validate and lint both validate each file they compute)."""
    seen: list[str] = []
    real = checking.validate_file

    def validate_file(source: Source) -> FileResult:
        seen.append(source.display)
        return real(source)

    monkeypatch.setattr(checking, "validate_file", validate_file)
    monkeypatch.setattr(engine, "validate_file", validate_file)
    return seen


def mutated_maps(folder: Path, count: int) -> Path:
    """``count`` mutated maps (tests/fuzzing.py), with the examples' persona folder beside them."""
    rng = random.Random(20261204)
    pool = seeds()
    folder.mkdir()
    shutil.copytree(EXAMPLES / "personas", folder / "personas")
    for number in range(count):
        _, text = rng.choice(pool)
        (folder / f"m{number:03d}.yaml").write_text(mutate(text, rng), encoding="utf-8", errors="surrogateescape")
    return folder


@pytest.mark.parametrize("command", ["validate", "lint"])
@pytest.mark.parametrize("output_format", FORMATS)
def test_a_cached_run_reports_byte_for_byte_what_an_uncached_one_does(
        cli: CliRunner, store: Path, tmp_path: Path, command: str, output_format: str) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    mutated_maps(tmp_path / "mutated", 30)
    args = (command, "examples", "mutated", "--format", output_format, "-j", "1", "--today", "2026-12-01")[
        : None if command == "lint" else -2]
    uncached = cli(*args, "--no-cache")
    assert not store.exists()
    cold = cli(*args)
    assert entries(store), "the first run keeps its results"
    warm = cli(*args)
    assert (cold.code, cold.stdout, cold.stderr) == (uncached.code, uncached.stdout, uncached.stderr)
    assert (warm.code, warm.stdout, warm.stderr) == (uncached.code, uncached.stdout, uncached.stderr)
    assert uncached.stdout


def test_unchanged_files_are_not_validated_again(cli: CliRunner, store: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    first = cli("validate", "examples", "-j", "1")
    kept = entries(store)
    seen = counting(monkeypatch)
    second = cli("validate", "examples", "-j", "1")
    assert seen == []
    assert entries(store) == kept
    assert second == first


def write_project(root: Path) -> Path:
    """A project with a config, a map naming a persona file, and the persona file; returns the map."""
    (root / ".cjmap.yaml").write_text("select: [S]\n", encoding="utf-8")
    shutil.copytree(EXAMPLES / "personas", root / "personas")
    journey = root / "checkout.yaml"
    journey.write_text(CLEAN_MAP.replace("persona: {name: Maya, goals: [Pay quickly]}",
                                         "persona: personas/solo-accountant.yaml"), encoding="utf-8")
    return journey


def rewrite(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` and forget what this process remembers of it (as a new run would)."""
    path.write_text(text, encoding="utf-8")
    references.clear_caches()
    project.clear_caches()


@pytest.mark.parametrize("change", ["map", "persona", "persona removed", "config", "select"])
def test_what_a_result_depends_on_invalidates_it(cli: CliRunner, store: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    journey = write_project(tmp_path)
    persona = tmp_path / "personas" / "solo-accountant.yaml"
    args = ["lint", "checkout.yaml", "-j", "1", "--format", "json"]
    before = cli(*args)
    assert before.code in (0, 1) and before.stdout
    seen = counting(monkeypatch)
    if change == "map":
        rewrite(journey, journey.read_text(encoding="utf-8").replace("owner: shop-team\n", ""))
    elif change == "persona":
        rewrite(persona, persona.read_text(encoding="utf-8") + "unknown_key: 1\n")
    elif change == "persona removed":
        persona.unlink()
        references.clear_caches()
    elif change == "config":
        rewrite(tmp_path / ".cjmap.yaml", "select: [S]\nignore: [S001]\n")
    else:
        args += ["--select", "S001"]
    cached = cli(*args)
    assert seen == ["checkout.yaml"]
    assert cached == cli(*args, "--no-cache")


def test_a_corrupted_entry_is_ignored_and_written_again(cli: CliRunner, store: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    first = cli("lint", "examples", "-j", "1", "--format", "json", "--today", "2026-12-01")
    paths = sorted((store / "entries").rglob("*.json"))
    paths[0].write_bytes(b'{"version": "0.1.0", "depends": {}, "problems": [{"file": ')
    paths[1].write_text(json.dumps({"version": "0.1.0", "depends": {}, "problems": [{"line": "one"}]}))
    seen = counting(monkeypatch)
    second = cli("lint", "examples", "-j", "1", "--format", "json", "--today", "2026-12-01")
    assert second == first
    assert len(seen) == 2
    for path in paths[:2]:
        assert json.loads(path.read_bytes())["version"] == "0.1.0"


def test_an_unwritable_cache_is_a_note_and_the_output_is_unchanged(cli: CliRunner, store: Path,
                                                                   tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    expected = cli("validate", "examples", "--no-cache")
    store.write_text("a file where the cache folder should be")
    found = cli("validate", "examples")
    assert (found.code, found.stdout) == (expected.code, expected.stdout)
    assert found.stderr.count("note: the cache") == 1
    assert "running without it" in found.stderr
    assert store.read_text() == "a file where the cache folder should be"


def test_a_read_only_cache_is_left_alone(cli: CliRunner, store: Path, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    cli("validate", "examples")
    kept = entries(store)
    (tmp_path / "examples" / "commuter-day.yaml").write_text(CLEAN_MAP, encoding="utf-8")
    expected = cli("validate", "examples", "--no-cache")
    store.chmod(0o555)
    try:
        found = cli("validate", "examples")
    finally:
        store.chmod(0o755)
    assert (found.code, found.stdout) == (expected.code, expected.stdout)
    assert "read-only" in found.stderr and found.stderr.count("note: the cache") == 1
    assert entries(store) == kept


def test_no_cache_writes_nothing_and_stdin_is_never_kept(cli: CliRunner, store: Path, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    cli("validate", "examples", "--no-cache")
    cli("lint", "examples", "--no-cache")
    assert not store.exists()
    cli("validate", "-", stdin=CLEAN_MAP.encode())
    assert entries(store) == {}


def poison(folder: Path) -> None:
    """Make every kept entry report a problem no check finds."""
    for path in (folder / "entries").rglob("*.json"):
        entry = json.loads(path.read_bytes())
        entry["problems"] = [{"file": "m.yaml", "line": 1, "column": 1, "severity": "error", "code": "X001",
                              "name": "kept", "message": "KEPT", "hint": None, "path": "", "fixable": False}]
        path.write_text(json.dumps(entry))


def test_fixing_and_no_cache_read_no_kept_result(cli: CliRunner, store: Path, tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(CLEAN_MAP, encoding="utf-8")
    cli("lint", "m.yaml")
    poison(store)
    assert "KEPT" in cli("lint", "m.yaml").stdout  # the entry is read
    assert "KEPT" not in cli("lint", "m.yaml", "--no-cache").stdout
    assert "KEPT" not in cli("lint", "m.yaml", "--diff").stdout
    assert "KEPT" not in cli("lint", "m.yaml", "--fix").stdout


def test_the_default_cache_is_in_the_project_root_and_ignored_by_git(cli: CliRunner, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CJMAP_CACHE_DIR")
    (tmp_path / ".git").mkdir()
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "m.yaml").write_text(CLEAN_MAP, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "maps")
    assert cli("validate", "m.yaml").code == 0
    folder = tmp_path / ".cjmap_cache"
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_bytes().startswith(b"Signature: 8a477f597d28d172789f06886806bc55")
    assert len(entries(folder)) == 1
    other = tmp_path / "elsewhere"
    assert cli("validate", "m.yaml", "--cache-dir", str(other)).code == 0
    assert len(entries(other)) == 1


def test_a_second_run_over_many_unchanged_maps_costs_only_their_hashes(
        cli: CliRunner, store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from stress_maps import write_stress_map

    names = []
    for number in range(200):
        path = write_stress_map(tmp_path / "maps", 12 + number % 7)
        names.append(f"maps/map-{number:03d}.yaml")
        path.rename(names[-1])  # named one by one: a folder search looks for 'cjmap:', and these are JSON
    timings = []
    outputs = []
    for _ in range(2):
        started = time.perf_counter()
        outputs.append(cli("lint", *names, "--format", "json", "--today", "2026-12-01"))
        timings.append(time.perf_counter() - started)
    with capsys.disabled():  # measured and shown, never asserted: the machine may be busy
        print(f"\nlint over 200 maps: cold {timings[0]:.2f} s, warm {timings[1]:.2f} s")
    kept = entries(store)
    assert len(kept) == 200
    assert '"files": 200' in outputs[0].stdout
    seen = counting(monkeypatch)
    assert cli("lint", *names, "--format", "json", "--today", "2026-12-01", "-j", "1") == outputs[0] == outputs[1]
    assert seen == [] and entries(store) == kept
    assert os.path.isfile(store / "pruned")


def test_entries_older_than_the_limit_are_pruned_once_a_day(cli: CliRunner, store: Path, tmp_path: Path) -> None:
    from cjmap.cache import MAX_AGE_DAYS

    (tmp_path / "m.yaml").write_text(CLEAN_MAP, encoding="utf-8")
    cli("validate", "m.yaml")
    old = store / "entries" / "zz" / ("z" * 64 + ".json")
    old.parent.mkdir()
    old.write_text("{}")
    long_ago = time.time() - (MAX_AGE_DAYS + 1) * 24 * 3600
    os.utime(old, (long_ago, long_ago))
    cli("validate", "m.yaml")
    assert old.exists(), "pruned at most once a day"
    (store / "pruned").unlink()
    cli("validate", "m.yaml")
    assert not old.exists()
    assert len(entries(store)) == 1
