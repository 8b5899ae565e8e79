"""Do ``cjmap fmt`` and ``cjmap lint --fix`` stay linear? Their time per step at two sizes, in process.

Usage: python benchmarks/fmt_bench.py [--small 1000] [--large 10000] [--repeat 1] [--every 10]

The map (:func:`generate_commented_map`) is written in block style with comments and blank lines, so the
comment bookkeeping of both rewrites is measured too (``--every N``: a comment on every N-th step), and uses the renamed ``evidence`` key on every step,
so ``lint --fix`` has a fix on each. A linear rewrite takes about as long per step at 10,000 steps as at 1,000 (ratio near
1); a comment matched against every entry, or a line diff that compares every line with every other, shows
a ratio near 10. ``tests/test_fmt_speed_shape.py`` asserts the ratios (at smaller sizes).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType


def _scaling() -> ModuleType:
    """benchmarks/scaling.py, loaded by path (the benchmarks folder is not a package)."""
    if "cjmap_bench_scaling" in sys.modules:
        return sys.modules["cjmap_bench_scaling"]
    spec = importlib.util.spec_from_file_location("cjmap_bench_scaling", Path(__file__).with_name("scaling.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def generate_commented_map(steps: int, every: int = 10) -> str:
    """A valid map of ``steps`` steps (ten a stage) in block style, as people write maps: many lines alike
    (``channel: web``), a comment line and a blank line above every stage, a comment line above and an
    end-of-line comment on every ``every``-th step, and the renamed ``evidence`` key on every step (a fix for
    ``lint --fix`` each)."""
    lines = ["# A generated map for timing fmt and lint --fix.", "cjmap: 1", "id: fmt-bench", "title: Fmt bench",
             "type: current-state", "reviewed: 2026-10-01", "owner: growth", "scale: -2..2",
             "channels: {web: Website, app: Mobile app}", "actors: {rep: Sales rep}", "stages:"]
    for number in range(steps):
        stage, step = divmod(number, 10)
        if step == 0:
            lines += ["", f"  # Stage {stage}: ten generated steps", f"  - id: stage-{stage}",
                      f"    name: Stage {stage}", "    steps:"]
        marked = number % every == 0
        lines += [*([f"      # Step {number} comes next"] if marked else []),
                  f"      - id: s-{number}" + ("  # a marked step" if marked else ""),
                  f"        name: Step {number}",
                  f"        channel: {'web' if number % 2 else 'app'}",
                  f"        emotion: {(number * 7) % 5 - 2}",
                  "        actors: [rep]",
                  "        pain_points:",
                  f"          - {{id: pain-{number}, text: Too many fields, severity: high}}",
                  "        evidence: [Interviews]"]
    return "\n".join(lines) + "\n"


def fmt_once(text: str, name: str) -> str:
    """``cjmap fmt`` on ``text``: the formatted text (the file must be formattable)."""
    from cjmap.format.engine import format_source
    from cjmap.source import Source

    formatted = format_source(Source.of(name, text.encode("utf-8")))
    assert formatted.refused is None and not formatted.problems, (formatted.refused, formatted.problems[:3])
    return formatted.after


def fix_once(text: str, name: str) -> str:
    """``cjmap lint --fix`` on ``text`` (lint, fix, validate and lint again): the fixed text."""
    from cjmap.lint.engine import Linter, _lint_file
    from cjmap.source import Source

    outcome = _lint_file(Linter(None), True, Source.of(name, text.encode("utf-8")))
    file_fix = outcome[1]
    assert file_fix is not None and file_fix.refused is None and file_fix.applied, file_fix
    return file_fix.after


@dataclass(frozen=True)
class Rewrite:
    """Time per step of one rewrite at a small and a large map, in CPU milliseconds."""

    command: str
    small: int
    large: int
    small_ms: float
    large_ms: float

    @property
    def ratio(self) -> float:
        return self.large_ms / self.small_ms


def per_step_ms(steps: int, repeat: int, every: int = 10) -> dict[str, float]:
    """CPU milliseconds per step of fmt and lint --fix on a commented map of ``steps`` steps."""
    best_seconds = _scaling().best_seconds
    text = generate_commented_map(steps, every)
    name = f"fmt-bench-{steps}.yaml"
    figures = {}
    for command, action in (("fmt", fmt_once), ("lint --fix", fix_once)):
        figures[command] = best_seconds(lambda action=action: action(text, name), repeat) * 1e3 / steps
    return figures


def measure(small: int, large: int, repeat: int, every: int = 10) -> list[Rewrite]:
    """Per-step times of fmt and lint --fix at ``small`` and ``large`` steps."""
    at_small, at_large = per_step_ms(small, repeat, every), per_step_ms(large, repeat, every)
    return [Rewrite(command, small, large, at_small[command], at_large[command]) for command in at_small]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--every", type=int, default=10, help="a comment on every N-th step")
    args = parser.parse_args()
    table: list[tuple[str, float, str]] = []
    for found in measure(args.small, args.large, args.repeat, args.every):
        table += [(f"{found.command}, per step at {found.small:,} steps", found.small_ms, "ms"),
                  (f"{found.command}, per step at {found.large:,} steps", found.large_ms, "ms"),
                  (f"{found.command}, per-step ratio {found.large:,} / {found.small:,}", found.ratio, "x")]
    width = max(len(label) for label, _, _ in table)
    for label, figure, unit in table:
        print(f"{label:<{width}}  {figure:9.2f} {unit}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
