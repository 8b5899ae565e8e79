"""How long does ``cjmap lsp`` take to check a map again after an edit? One check, in process, by size.

Usage: python benchmarks/lsp_bench.py [--steps 1000] [--repeat 5]

One check is what the server runs once typing pauses: validate and lint the editor's text
(:func:`cjmap.lsp.analysis.analyse`), then turn every finding into a diagnostic (its range in the client's
units). Needs the lsp extra (pygls). It is timed on two maps of
``--steps`` steps: the lean map of ``benchmarks/scaling.py`` (about 110 bytes a step, flow style) and
the commented block-style map of ``benchmarks/fmt_bench.py`` (comments, a fix on every step). The target is 300 ms for
1,000 steps. Wall time depends on what else the machine runs, so processor time is shown beside it.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType


def _load(name: str) -> ModuleType:
    """A benchmark module beside this one, loaded by path (the benchmarks folder is not a package)."""
    spec = importlib.util.spec_from_file_location(f"cjmap_bench_{name}", Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def check_once(text: str) -> tuple[float, float, int]:
    """Wall and processor seconds of one check and its diagnostics, and the number of findings."""
    from pygls.workspace import TextDocument

    from cjmap.lsp.analysis import analyse
    from cjmap.lsp.server import Units, diagnostic

    wall, processor = time.perf_counter(), time.process_time()
    analysis = analyse(text, "bench.yaml")
    units = Units.of(TextDocument("file:///bench.yaml", text, version=1))
    for problem in analysis.problems:
        diagnostic(units, analysis, problem)
    return time.perf_counter() - wall, time.process_time() - processor, len(analysis.problems)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    maps = {"lean": _load("scaling").generate_lean_map(options.steps),
            "commented": _load("fmt_bench").generate_commented_map(options.steps)}
    for name, text in maps.items():
        check_once(text)  # warm: imports, the rule registry
        runs = [check_once(text) for _ in range(options.repeat)]
        print(f"{name:>9}: {options.steps} steps, {text.count(chr(10)):,} lines, {runs[0][2]} findings: "
              f"median {statistics.median(run[0] for run in runs) * 1000:.0f} ms wall, "
              f"{statistics.median(run[1] for run in runs) * 1000:.0f} ms processor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
