"""``cjmap fmt`` and ``lint --fix`` stay linear and keep what they must (issue 21): time per step at ten times
the steps within 3x (a comment looked up among every entry, or a line diff comparing every repeated line with
every other, made it 3 to 10 times more), and line endings either kept or the file refused."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import CliRunner

SMALL, LARGE = 300, 3_000
MARGIN = 3.0


def _bench() -> ModuleType:
    """benchmarks/fmt_bench.py, loaded by path: the benchmarks folder is not a package."""
    path = Path(__file__).parents[1] / "benchmarks" / "fmt_bench.py"
    spec = importlib.util.spec_from_file_location("cjmap_bench_fmt", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = _bench()


@pytest.fixture(scope="module")
def rewrites() -> list[Any]:
    """Per-step times of fmt and lint --fix on a map with a comment on every step (measured once)."""
    return list(bench.measure(SMALL, LARGE, repeat=1, every=1))


@pytest.mark.parametrize("command", ["fmt", "lint --fix"])
def test_per_step_time_stays_flat(rewrites: list[Any], command: str) -> None:
    found = next(item for item in rewrites if item.command == command)
    assert found.ratio <= MARGIN, (f"{command}: {found.small_ms:.2f} ms/step at {SMALL:,} steps, "
                                   f"{found.large_ms:.2f} ms/step at {LARGE:,} steps")


def test_the_bench_map_keeps_every_comment_through_both_rewrites() -> None:
    text = bench.generate_commented_map(30, every=3)
    formatted = bench.fmt_once(text, "bench.yaml")
    fixed = bench.fix_once(text, "bench.yaml")
    comments = [line.strip() for line in text.splitlines() if "#" in line]
    for rewritten in (formatted, fixed):
        assert [line[line.index("#"):].strip() for line in rewritten.splitlines() if "#" in line] == \
            [line[line.index("#"):] for line in comments]
    # The fix renames each step's key and touches nothing else.
    assert fixed == text.replace("evidence: [Interviews]", "research: [Interviews]")


def test_line_opcodes_rebuild_the_new_lines() -> None:
    import random

    from cjmap.roundtrip import line_opcodes

    rng = random.Random(21)
    for _ in range(500):
        old = [rng.choice(["a", "b", "  - x", "c: 1"]) + str(rng.randint(0, 9)) for _ in range(rng.randint(0, 40))]
        new = list(old)
        for _ in range(rng.randint(0, 6)):
            at = rng.randint(0, len(new))
            choice = rng.random()
            if choice < 0.3 and new:
                del new[min(at, len(new) - 1)]
            elif choice < 0.6:
                new.insert(at, f"added {rng.randint(0, 3)}")
            elif new:
                new[min(at, len(new) - 1)] = "changed"
        rebuilt: list[str] = []
        position = (0, 0)
        for tag, i1, i2, j1, j2 in line_opcodes(old, new):
            assert (i1, j1) == position
            if tag == "equal":
                assert old[i1:i2] == new[j1:j2]
            rebuilt += new[j1:j2]
            position = (i2, j2)
        assert position == (len(old), len(new)) and rebuilt == new


def test_mixed_line_endings_are_refused_not_made_all_crlf(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "mixed.yaml"
    content = b"cjmap: 1\r\nid: m\ntitle: M\r\ntype:   current-state\nstages: []\n"
    path.write_bytes(content)
    result = cli("fmt", str(path))
    assert result.code == 1
    assert result.stderr == (f"cjmap: not formatted: {path}: the file mixes line endings (CRLF and LF, or lone "
                             "carriage returns); formatting would change them\n")
    assert path.read_bytes() == content


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_one_kind_of_line_ending_is_kept(cli: CliRunner, tmp_path: Path, newline: str) -> None:
    path = tmp_path / "same.yaml"
    path.write_bytes("cjmap: 1\nid: m\ntitle: M\ntype:   current-state\nstages: []\n".replace("\n", newline)
                     .encode())
    assert cli("fmt", str(path)).code == 0
    assert path.read_bytes() == "cjmap: 1\nid: m\ntitle: M\ntype: current-state\nstages: []\n".replace(
        "\n", newline).encode()
