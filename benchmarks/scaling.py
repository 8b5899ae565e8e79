"""Does the time per step stay flat as maps grow? validate / lint / score at two sizes, in process.

Usage: python benchmarks/scaling.py [--small 1000] [--large 10000] [--repeat 3]

A linear analysis takes about as long per step at 10,000 steps as at 1,000 (ratio near 1); a quadratic one
(a membership test in a list of every id, a scan of every suppression per finding) shows a ratio near 10.
``benchmarks/bench.py`` prints these rows too, and ``tests/test_scaling.py`` asserts them.

The maps are lean (about 19 values and 110 bytes a step), so 10,000 steps stay within the loader's limits
(5 MiB, 250,000 values), yet they use every kind of reference validation checks: channels, actors from a
catalogue, and pain points addressed by opportunities and KPIs at the other end of the journey.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


def generate_lean_map(steps: int, broken: bool = False) -> str:
    """A valid current-state map of ``steps`` (an even number) steps, ten a stage; ``broken``: every reference misses."""
    miss = "x" if broken else ""  # 'pain-3x' names no pain point, 'webx' no channel: one problem per reference
    lines = [
        "cjmap: 1",
        "id: scaling",
        "title: Scaling map",
        "type: current-state",
        "reviewed: 2026-10-01",
        "owner: growth",
        "persona: {name: Bench persona, goals: [Finish quickly]}",
        "scope: {scenario: A generated journey, goals: [Measure speed]}",
        "scale: -2..2",
        "channels: {web: Website, app: Mobile app}",
        "actors: {rep: Sales rep}",
        "stages:",
    ]
    for number in range(steps):
        stage, step = divmod(number, 10)
        if step == 0:
            lines += [f"  - id: stage-{stage}", f"    name: Stage {stage}", "    steps:"]
        channel = "web" if number % 2 else "app"
        head = (f"      - {{id: s-{number}, name: Step {number}, channel: {channel}{miss}, "
                f"emotion: {(number * 7) % 5 - 2}, actors: rep")
        # Opportunities and KPIs address pain points from the other end of the journey: a lookup that
        # scans the ids in journey order (the quadratic kind) pays for half the map on each reference.
        target = f"pain-{steps - 1 - number}{miss}"
        if number % 2 == 0:
            tail = f"pain_points: [{{id: pain-{number}, text: Too many fields, severity: high}}]"
        elif number % 4 == 1:
            tail = f"opportunities: [{{id: idea-{number}, text: Ask later, owner: growth, addresses: {target}}}]"
        else:
            tail = f"kpis: [{{id: kpi-{number}, name: completion, addresses: {target}}}]"
        lines.append(f"{head}, {tail}, evidence: Interviews}}")
    return "\n".join(lines) + "\n"


def best_seconds(action: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs of ``action``, in CPU seconds, with the cycle collector out of the way.

    CPU time, not wall time: on a busy machine (a CI runner, tests in parallel) a long run is preempted more
    often than a short one, which inflates the per-step time of the large map and reads as poor scaling.
    The collector's pauses depend on what earlier runs left on the heap, not on the code measured; they made
    the same lint run 30 times slower the first time round.
    """
    timings = []
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            start = time.process_time()
            action()
            timings.append(time.process_time() - start)
    finally:
        if enabled:
            gc.enable()
    return min(timings)


@dataclass(frozen=True)
class Scaling:
    """Time per step of one analysis at a small and a large map."""

    analysis: str
    small: int
    large: int
    small_us: float
    large_us: float

    @property
    def ratio(self) -> float:
        """Per-step time at the large size over the small one: ~1 linear, ~large/small quadratic."""
        return self.large_us / self.small_us


def per_step_us(steps: int, repeat: int, broken: bool = False) -> dict[str, float]:
    """Microseconds per step of validate, lint and score on a lean map of ``steps`` steps."""
    from cjmap.lint.engine import lint_results
    from cjmap.score.metrics import score_map
    from cjmap.validation.validator import validate_bytes

    text = generate_lean_map(steps, broken)
    content = text.encode("utf-8")
    name = f"scaling-{steps}.yaml"

    def validate() -> object:
        return validate_bytes(content, name, Path.cwd())

    result = validate_bytes(content, name, Path.cwd())
    if broken:
        assert result.journey is not None and result.problems, "the broken map should have reference problems"
    else:
        assert result.valid, result.problems[:3]
    figures = {"validate": best_seconds(validate, repeat)}
    if not broken:
        journey = result.journey
        assert journey is not None
        figures["lint"] = best_seconds(lambda: lint_results([result], texts={name: text}), repeat)
        figures["score"] = best_seconds(lambda: score_map(journey), repeat)
    return {analysis: seconds * 1e6 / steps for analysis, seconds in figures.items()}


def measure(small: int, large: int, repeat: int, broken: bool = False) -> list[Scaling]:
    """Per-step times of each analysis at ``small`` and ``large`` steps."""
    at_small = per_step_us(small, repeat, broken)
    at_large = per_step_us(large, repeat, broken)
    return [Scaling(analysis, small, large, at_small[analysis], at_large[analysis]) for analysis in at_small]


def rows(small: int, large: int, repeat: int) -> list[tuple[str, float, str]]:
    """(label, figure, unit) rows for the benchmark's table: per-step times and their ratios."""
    table: list[tuple[str, float, str]] = []
    for broken in (False, True):
        for found in measure(small, large, repeat, broken):
            what = f"{found.analysis}{' (every reference broken)' if broken else ''}"
            table += [
                (f"{what}, per step at {small:,} steps", found.small_us, "us"),
                (f"{what}, per step at {large:,} steps", found.large_us, "us"),
                (f"{what}, per-step ratio {large:,} / {small:,}", found.ratio, "x"),
            ]
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    table = rows(args.small, args.large, args.repeat)
    width = max(len(label) for label, _, _ in table)
    for label, figure, unit in table:
        print(f"{label:<{width}}  {figure:9.1f} {unit}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
