"""Rerunnable benchmark of ``cjmap history``: ``python benchmarks/history_bench.py [COMMITS] [MAPS]``.

Builds a repository (with ``git fast-import``, in a temporary folder) of MAPS maps of 20 steps each, then
COMMITS commits each of which changes one map (an emotion, a step renamed, a pain point added or removed in
turn), and times ``cjmap history -f json`` over all of it in a fresh process (start-up included), twice.
Target: 200 commits × 50 maps in a few seconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STEPS = 20


def map_text(index: int, version: int) -> str:
    lines = ["cjmap: 1", f"id: map-{index}", f"title: Journey {index}", "type: current-state", "stages:"]
    for stage in range(4):
        lines += [f"  - id: s{stage}", f"    name: Stage {stage}", "    steps:"]
        for step in range(STEPS // 4):
            number = stage * (STEPS // 4) + step
            name = f"Step {number}" + (" (renamed)" if (version + number) % 7 == 0 else "")
            lines += [f"      - id: step-{number}", f"        name: {name}",
                      f"        emotion: {(index + number + version) % 5 + 1}"]
            if (number + version) % 3 == 0:
                lines += ["        pain_points:", f"          - {{id: pain-{number}, text: Slow step {number}, "
                          f"severity: {('low', 'medium', 'high')[number % 3]}}}"]
    return "\n".join(lines) + "\n"


def build(root: Path, commits: int, maps: int) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    stream: list[bytes] = []
    when = 1_700_000_000

    def blob(path: str, text: str) -> None:
        data = text.encode()
        stream.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")

    for number in range(commits):
        message = f"commit {number}".encode()
        stream.append(f"commit refs/heads/main\ncommitter Bench <b@e.x> {when + number * 3600} +0000\n"
                      f"data {len(message)}\n".encode() + message + b"\n")
        if number == 0:
            for index in range(maps):
                blob(f"maps/map-{index}.yaml", map_text(index, 0))
        else:
            index = number % maps
            blob(f"maps/map-{index}.yaml", map_text(index, number))
        stream.append(b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)


def main() -> None:
    commits = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    maps = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    source = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": str(source)}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        build(root, commits, maps)
        for run in (1, 2):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "cjmap", "history", "-f", "json"], cwd=root, env=env,
                                  capture_output=True, check=False)
            seconds = time.perf_counter() - start
            report = json.loads(done.stdout)
            print(f"run {run}: {len(report['revisions'])} commits × {len(report['maps'])} maps: {seconds:.2f} s "
                  f"(exit {done.returncode})")


if __name__ == "__main__":
    main()
