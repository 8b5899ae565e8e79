"""Rerunnable benchmark: cold start, and validate / lint / score / portfolio over generated 100-step maps.

Usage: python benchmarks/bench.py [--maps 100] [--steps 100] [--repeat 3] [--scaling 1000,10000]

Maps are generated into a temporary directory (realistic steps: channel, actions, thoughts, emotion,
pain point, opportunity, KPI, research), so the figures do not depend on the examples.
Each figure is the best of ``--repeat`` runs, in milliseconds. The end-to-end rows of ``validate`` and ``lint``
run without the result cache; the cache rows run them with an empty cache (cold) and a full one (warm).

Then the scaling rows (see ``benchmarks/scaling.py``): validate, lint and score in process on one lean map at
two sizes, as CPU microseconds per step, and the ratio of the two (about 1 when linear, about 10 for
1,000 vs 10,000 steps when quadratic); ``--scaling 0`` skips them.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def generate_map(index: int, steps: int) -> str:
    """A valid current-state map with ``steps`` steps in stages of ten."""
    lines = [
        "cjmap: 1",
        f"id: bench-{index}",
        f"title: Benchmark map {index}",
        "type: current-state",
        "reviewed: 2026-10-01",
        "persona: {name: Bench persona, goals: [Finish quickly]}",
        "scope: {scenario: A generated journey, business_goals: [Measure speed]}",
        "scale: -2..2",
        "channels:",
        "  web: Website",
        "  app: {name: Mobile app, kind: digital}",
        "stages:",
    ]
    for number in range(steps):
        stage, step = divmod(number, 10)
        if step == 0:
            lines += [f"  - id: stage-{stage}", f"    name: Stage {stage}", "    steps:"]
        sid = f"s{stage}-{step}"
        lines += [
            f"      - id: {sid}",
            f"        name: Step {step} of stage {stage}",
            "        touchpoint: Pricing page",
            f"        channel: {'web' if number % 2 else 'app'}",
            "        actions: [Reads the page, Compares plans]",
            '        thoughts: ["Is this worth it?"]',
            f"        emotion: {{score: {(number * 7) % 5 - 2}}}",
            "        pain_points:",
            f"          - {{id: pain-{sid}, text: Too many fields before anything useful, severity: high}}",
            "        opportunities:",
            f"          - {{id: idea-{sid}, text: Ask later, owner: growth, priority: medium, addresses: [pain-{sid}]}}",
            "        kpis:",
            f"          - {{id: kpi-{sid}, name: completion, value: 0.4, target: 0.6, unit: ratio, addresses: [pain-{sid}]}}",
            "        research: [Interviews 2026-09]",
        ]
    return "\n".join(lines) + "\n"


def best_ms(action: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs of ``action``, in milliseconds."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return min(timings)


def cold_start_ms(repeat: int) -> float:
    """Median wall time of ``cjmap --version`` in a fresh interpreter."""
    timings = []
    for _ in range(max(repeat, 5)):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cjmap", "--version"], check=True, capture_output=True)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


CACHED = ("validate", "lint")
"""The commands with a result cache (see the README's Cache section)."""


def cache_rows(folder: str, maps: int, repeat: int) -> list[tuple[str, float]]:
    """End to end runs of the cached commands over ``folder``: with an empty cache, and with a full one."""
    rows = []
    for command in CACHED:
        argv = [sys.executable, "-m", "cjmap", command, folder, "-f", "json", "--cache-dir"]

        def cold(argv: list[str] = argv) -> None:
            with tempfile.TemporaryDirectory() as cache:
                subprocess.run([*argv, cache], capture_output=True)

        rows.append((f"cache: cjmap {command} on {maps} maps, cold (all cores)", best_ms(cold, repeat)))
        with tempfile.TemporaryDirectory() as cache:
            subprocess.run([*argv, cache], capture_output=True)
            rows.append((f"cache: cjmap {command} on {maps} maps, warm (all cores)",
                         best_ms(lambda argv=argv, cache=cache: subprocess.run([*argv, cache], capture_output=True),
                                 repeat)))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maps", type=int, default=100)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scaling", default="1000,10000", help="SMALL,LARGE step counts, or 0 to skip")
    args = parser.parse_args()

    from cjmap.validation.validator import validate_file

    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for index in range(args.maps):
            path = Path(tmp, f"map-{index:03}.yaml")
            path.write_text(generate_map(index, args.steps), encoding="utf-8")
            files.append(str(path))
        one = files[0]
        assert validate_file(one).valid, validate_file(one).problems
        rows: list[tuple[str, float]] = [
            ("cjmap --version, cold start (median)", cold_start_ms(args.repeat)),
            (f"validate 1 map x {args.steps} steps", best_ms(lambda: validate_file(one), args.repeat)),
            (f"validate {args.maps} maps x {args.steps} steps (in process, one core)", best_ms(lambda: [validate_file(f) for f in files], args.repeat)),
        ]
        results = [validate_file(f) for f in files]
        if importlib.util.find_spec("cjmap.lint.engine"):
            from cjmap.lint.engine import lint_results

            rows.append((f"lint rules only, {args.maps} maps (one core)", best_ms(lambda: lint_results(results), args.repeat)))
        if importlib.util.find_spec("cjmap.score.metrics"):
            from cjmap.score.metrics import score_map

            rows.append((f"score only, {args.maps} maps (one core)",
                         best_ms(lambda: [score_map(r.journey) for r in results], args.repeat)))
        for command in ("validate", "lint", "score", "portfolio"):
            argv = [sys.executable, "-m", "cjmap", command, tmp, "-f", "json"]
            argv += ["--no-cache"] if command in CACHED else []
            rows.append((f"end to end: cjmap {command} on {args.maps} maps (all cores)",
                         best_ms(lambda argv=argv: subprocess.run(argv, capture_output=True), args.repeat)))
        rows += cache_rows(tmp, args.maps, args.repeat)
    table = [(label, ms, "ms") for label, ms in rows]
    if args.scaling != "0":
        from scaling import rows as scaling_rows  # benchmarks/ is on sys.path when this script runs

        small, large = (int(part) for part in args.scaling.split(","))
        table += scaling_rows(small, large, args.repeat)
    width = max(len(label) for label, _, _ in table)
    for label, figure, unit in table:
        print(f"{label:<{width}}  {figure:9.1f} {unit}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
