"""Rerunnable benchmark: error-heavy maps (every problem with a did-you-mean hint), cjmap beside check-jsonschema.

Usage: python benchmarks/errors_bench.py [--maps 100] [--problems 500] [--runs 3] [--peers /tmp/peers/bin]

Each generated map has ``--problems / 10`` steps whose opportunity and KPI each address five misspelt
pain-point ids (``pian-s0-1``, ``pain-s0-1x`` ...): ``--problems`` broken references per map, each of which cjmap reports
with the id it most likely meant (:mod:`cjmap.suggestions`). Rows, as median CPU seconds (the process and its
workers, from ``os.wait4``) of ``--runs`` interleaved runs: ``cjmap validate -j 1 --no-cache`` in each output
format, and ``check-jsonschema`` with cjmap's exported schema over the same files (which sees the structure
only, not references, so it reports nothing: the work of reading and checking every file is what compares).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import generate_map  # noqa: E402 - the benchmarks share one map generator
from startup import check_jsonschema, cjmap_command, medians  # noqa: E402

ADDRESSES = re.compile(r"addresses: \[pain-(s[0-9]+-[0-9]+)\]")


def error_heavy_map(index: int, problems: int) -> str:
    """A map whose every step's opportunity and KPI address five misspelt pain points: ``problems`` broken
    references."""
    return ADDRESSES.sub(lambda found: "addresses: [pian-{0}, pain-{0}x, pain{0}, pain-{0}-, pan-{0}]".format(
        found[1]), generate_map(index, problems // 10))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--maps", type=int, default=100)
    parser.add_argument("--problems", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peers", type=Path, default=Path("/tmp/peers/bin"))
    args = parser.parse_args()
    cjmap = cjmap_command()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        names = []
        for index in range(args.maps):
            (base / f"map{index:03}.yaml").write_text(error_heavy_map(index, args.problems), encoding="utf-8")
            names.append(f"map{index:03}.yaml")
        found = subprocess.run([*cjmap, "validate", "--no-cache", "-f", "json", names[0]], capture_output=True,
                               text=True, cwd=folder, check=False).stdout
        assert found.count("did you mean") == args.problems, found[:2000]  # every problem has its hint
        rows = [(f"cjmap validate -f {output}", [*cjmap, "validate", "-j", "1", "--no-cache", "-f", output, *names])
                for output in ("text", "json", "sarif")]
        if (checker := check_jsonschema(cjmap, args.peers, base)) is not None:
            rows.append(("check-jsonschema", [*checker, *names]))
        result = medians(rows, args.runs, folder)
    print(f"{args.maps} maps x {args.problems} broken references each, median CPU of {args.runs} runs")
    for label, value in result.items():
        print(f"{label:<28} {value / 1000:>7.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
