"""Rerunnable benchmark of ``cjmap diff``: ``python benchmarks/diff_bench.py``.

Two maps of 1,000 steps (and then 10,000) that differ the way real edits do: one emotion in ten changed, a
step in fifty renamed, a step in a hundred moved to another stage, one in a hundred removed and one added,
and two stages swapped. Prints the in-process time of the diff itself (both maps already validated; target
≤ 300 ms at 1,000 steps), of the whole run (validate both, diff, write text, Markdown and JSON), and the
ratio between 10,000 and 1,000 steps (linear: about 10).
"""

from __future__ import annotations

import copy
import io
import json
import statistics
import time
from pathlib import Path
from typing import Any


def big_map(steps: int, stages: int = 10) -> dict[str, Any]:
    """A map of ``steps`` steps, each with an emotion, a channel and a pain point (lean enough that 10,000
    steps stay under the loader's limits: 5 MiB, 250,000 values)."""
    per_stage = steps // stages
    return {
        "cjmap": 1, "id": "big", "title": f"A journey of {steps} steps", "type": "current-state", "scale": "-2..2",
        "channels": {"web": "Website", "app": "App"},
        "stages": [{"id": f"stage-{s}", "name": f"Stage {s}", "steps": [
            {"id": f"step-{s}-{i}", "name": f"Step {s}.{i}", "channel": "web" if i % 2 else "app",
             "emotion": {"score": (s + i) % 5 - 2},
             "pain_points": [{"id": f"pain-{s}-{i}", "text": "It is slow"}]}
            for i in range(per_stage)]} for s in range(stages)],
    }


def changed(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` edited the way a pull request edits a map."""
    new = copy.deepcopy(data)
    stages = new["stages"]
    moved = []
    for s, stage in enumerate(stages):
        kept = []
        for i, step in enumerate(stage["steps"]):
            if i % 10 == 3:
                step["emotion"]["score"] = -step["emotion"]["score"]
            if i % 50 == 7:
                step["name"] += " (renamed)"
            if i % 100 == 11:
                moved.append(step)
                continue
            if i % 100 == 13:
                continue  # removed
            kept.append(step)
        stage["steps"] = kept
        stage["steps"].append({"id": f"added-{s}", "name": "A new step", "emotion": 1})
    stages[0]["steps"] += moved
    stages[1], stages[2] = stages[2], stages[1]
    return new


def timed(function: Any, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(steps: int, runs: int) -> tuple[float, float, int]:
    """(diff only, whole run, number of changes) for two maps of ``steps`` steps."""
    from cjmap.diff.compute import diff_maps
    from cjmap.diff.model import DiffReport
    from cjmap.reporters.diff import DIFF_REPORTER_BY_NAME
    from cjmap.validation.validator import validate_bytes

    old_data = big_map(steps, stages=10)
    old = json.dumps(old_data).encode()
    new = json.dumps(changed(old_data)).encode()
    here = Path.cwd()
    a, b = validate_bytes(old, "old.yaml", here), validate_bytes(new, "new.yaml", here)
    assert a.journey is not None and b.journey is not None, (a.problems[:3], b.problems[:3])
    old_map, new_map, document = a.journey, b.journey, b.document

    def diff_only() -> Any:
        return diff_maps(old_map, new_map, old_name="old.yaml", new_name="new.yaml", document=document)

    def whole() -> None:
        x, y = validate_bytes(old, "old.yaml", here), validate_bytes(new, "new.yaml", here)
        assert x.journey is not None and y.journey is not None
        report = DiffReport(maps=(diff_maps(x.journey, y.journey, old_name="old.yaml", new_name="new.yaml",
                                            document=y.document),))
        for name in ("text", "markdown", "json"):
            DIFF_REPORTER_BY_NAME[name](io.StringIO(), report, False)

    return timed(diff_only, runs), timed(whole, max(1, runs // 3)), len(diff_only().changes)


def main() -> None:
    small_diff, small_whole, small_changes = measure(1_000, 9)
    print(f"1,000 steps:  diff {small_diff * 1000:7.1f} ms (target ≤ 300)   validate + diff + 3 formats "
          f"{small_whole * 1000:7.1f} ms   {small_changes:,} changes")
    big_diff, big_whole, big_changes = measure(10_000, 3)
    print(f"10,000 steps: diff {big_diff * 1000:7.1f} ms   validate + diff + 3 formats {big_whole * 1000:7.1f} ms   "
          f"{big_changes:,} changes")
    print(f"ratio 10,000 / 1,000 steps: diff {big_diff / small_diff:.1f}x, whole run {big_whole / small_whole:.1f}x "
          "(linear: about 10x)")


if __name__ == "__main__":
    main()
