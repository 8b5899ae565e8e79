"""``cjmap diff`` between files: the shared id matcher, Markdown truncation, the CLI's modes and exit codes."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from cjmap.diff.model import Change, DiffReport, MapDiff
from cjmap.matching import kept_in_order, match, merged_order
from cjmap.reporters.diff import markdown

CJMAP = Path(sys.executable).parent / "cjmap"
REPO = Path(__file__).parents[1]
MAPS = Path(__file__).parent / "golden" / "diff" / "maps"


def cjmap(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CJMAP), *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, "NO_COLOR": "1"})


def quadratic_merged_order(old: list[str], new: list[str]) -> list[str]:
    """The order ``score --compare`` used before the shared matcher (insert after the predecessor)."""
    keys = list(new)
    for index, key in enumerate(old):
        if key not in keys:
            previous = old[index - 1] if index else None
            keys.insert(keys.index(previous) + 1 if previous in keys else 0, key)
    return keys


@pytest.mark.parametrize("seed", range(200))
def test_merged_order_is_the_order_score_compare_always_gave(seed: int) -> None:
    rng = random.Random(seed)
    universe = [f"s{i}" for i in range(rng.randint(0, 12))]
    old = rng.sample(universe, rng.randint(0, len(universe)))
    new = rng.sample(universe, rng.randint(0, len(universe)))
    assert merged_order(old, new) == quadratic_merged_order(old, new)


def test_match_pairs_by_key_and_keeps_each_side_order() -> None:
    found = match(["a", "b", "c"], ["c", "d", "a"], key=lambda item: item)
    assert (found.pairs, found.removed, found.added) == ((("c", "c"), ("a", "a")), ("b",), ("d",))


@pytest.mark.parametrize("sequence, kept", [
    ([], set()), ([0, 1, 2], {0, 1, 2}), ([2, 0, 1], {1, 2}), ([1, 0], {1}), ([0, 3, 1, 2], {0, 2, 3}),
])
def test_kept_in_order_is_a_longest_increasing_run(sequence: list[int], kept: set[int]) -> None:
    assert kept_in_order(sequence) == kept


def test_the_matcher_is_linear() -> None:
    import time

    old = [f"s{i}" for i in range(200_000)]
    new = old[1::2] + ["x"]
    start = time.perf_counter()
    merged = merged_order(old, new)
    assert time.perf_counter() - start < 2.0  # the quadratic version takes minutes here
    assert len(merged) == len(old) + 1


def test_markdown_stays_under_githubs_limit_with_a_note() -> None:
    changes = tuple(Change(kind="added", path=f"/stages/id=s/steps/id=step-{i}", entity="step", after={"id": i},
                           stage="s") for i in range(5000))
    report = DiffReport(maps=(MapDiff(old_name="a.yaml", new_name="b.yaml", title="Big", changes=changes,
                                      stage_names={"s": "S"}),))
    comment = markdown.render(report)
    assert len(comment) <= markdown.LIMIT
    assert comment.count("<details>") == comment.count("</details>") == 1
    assert comment.endswith("Run `cjmap diff --format json` for every change.\n")
    assert "> **Truncated:** " in comment and " of 5,000 lines are not shown" in comment
    small = markdown.render(DiffReport(maps=(MapDiff(old_name="a", new_name="b", changes=changes[:3]),)))
    assert "Truncated" not in small


def test_two_files_exit_codes() -> None:
    differ = cjmap("diff", str(MAPS / "old.yaml"), str(MAPS / "new.yaml"), "--exit-code")
    assert (differ.returncode, differ.stderr) == (1, "")
    same = cjmap("diff", str(MAPS / "old.yaml"), str(MAPS / "old.yaml"), "--exit-code")
    assert (same.returncode, same.stderr) == (0, "")
    assert same.stdout.endswith("  no semantic changes\n\nNo differences in 1 map.\n")
    assert cjmap("diff", str(MAPS / "old.yaml"), str(MAPS / "new.yaml")).returncode == 0


def test_baseline_compares_a_future_map_with_the_map_it_names() -> None:
    result = cjmap("diff", "--baseline", "trial-onboarding.future.yaml", "--exit-code", cwd=REPO / "examples")
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.startswith(
        "diff trial-onboarding.current.yaml → trial-onboarding.future.yaml  Free trial to first invoice (to-be)\n")
    no_baseline = cjmap("diff", "--baseline", "trial-onboarding.current.yaml", cwd=REPO / "examples")
    assert (no_baseline.returncode, no_baseline.stderr) == (2, (
        "cjmap: error: trial-onboarding.current.yaml names no baseline: add `baseline: path/to/current.yaml`, "
        "or give both files\n"))


@pytest.mark.parametrize("args, message", [
    (("diff", "only-one.yaml"), "give two maps (OLD NEW), or --rev REV [PATH...], or --baseline MAP"),
    (("diff", "a.yaml", "b.yaml", "c.yaml"), "give two maps (OLD NEW), or --rev REV [PATH...], or --baseline MAP"),
    (("diff", "missing.yaml", "examples/commuter-day.yaml"), "no such file or directory: missing.yaml"),
    (("diff", "examples", "examples"), "examples is a folder: compare folders between revisions with --rev"),
    (("diff", "--rev", "HEAD", "--baseline", "x.yaml"),
     "--rev and --baseline do not combine: --baseline compares working-tree files"),
    (("diff", "--baseline"), "--baseline takes one map: the future-state map that names its baseline"),
    (("diff", "examples/personas/solo-accountant.yaml", "examples/commuter-day.yaml"),
     "examples/personas/solo-accountant.yaml is a persona file, not a map"),
])
def test_usage_errors(args: tuple[str, ...], message: str) -> None:
    result = cjmap(*args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"cjmap: error: {message}\n")


def test_an_invalid_side_exits_2_with_located_problems(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("cjmap: 1\nid: x\ntitle: X\ntype: current-state\nstages:\n  - name: A\n    stpes: []\n")
    result = cjmap("diff", str(MAPS / "old.yaml"), str(broken), "--exit-code")
    assert result.returncode == 2
    assert result.stdout.startswith(f"diff {MAPS / 'old.yaml'} → {broken}\n  not compared: does not validate\n"
                                    f"    {broken}:7:5: V020 [unknown-key]")
    assert result.stderr == ("cjmap: error: 1 map could not be compared: a version that does not validate (its "
                             "problems are in the report)\n")


def test_textconv_prints_a_journey_view_and_always_exits_0(tmp_path: Path) -> None:
    view = cjmap("diff", "--textconv", str(MAPS / "scale-old.yaml"))
    assert (view.returncode, view.stderr) == (0, "")
    assert view.stdout == (
        "map signup: Sign-up\n"
        "type: current-state, status: draft, scale 1..5 (neutral 3)\n"
        "\n"
        "stage start: Start\n"
        "  step lands: Lands on the page  [emotion 3]\n"
        "  step form: Fills the form  [emotion 2]\n"
        "  step done: Is signed up  [emotion 4]\n")
    broken = tmp_path / "broken.yaml"
    broken.write_text("cjmap: 1\n  bad: [\n")
    shown = cjmap("diff", "--textconv", str(broken))
    assert (shown.returncode, shown.stdout) == (0, "cjmap: 1\n  bad: [\n")
    missing = cjmap("diff", "--textconv", str(tmp_path / "gone.yaml"))
    assert missing.returncode == 0


def test_colour_only_when_asked() -> None:
    plain = cjmap("diff", str(MAPS / "old.yaml"), str(MAPS / "new.yaml"))
    assert "\x1b[" not in plain.stdout
    coloured = cjmap("diff", str(MAPS / "old.yaml"), str(MAPS / "new.yaml"), "--color")
    assert "\x1b[32m+\x1b[0m stage “Loyalty” added (1 step)" in coloured.stdout
