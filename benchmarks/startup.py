"""Rerunnable start-up benchmark: CPU time of short cjmap runs, side by side with the interpreter and the peers.

Usage: python benchmarks/startup.py [--runs 21] [--peers /tmp/peers/bin] [--cjmap CMD]

Every row is a command run ``--runs`` times, the rows interleaved (row 1, row 2, ... row 1, row 2, ...) so a
busy machine slows them alike; each figure is the median CPU time (user + system, from ``os.wait4``) of the
child process, in milliseconds. CPU time, not wall time: on a machine shared with other work the wall clock
measures the others too. Rows:

- ``python -c pass``: the floor, the interpreter's own start-up;
- ``cjmap --version``, ``cjmap --help``, ``cjmap validate one.yaml`` (a valid 20-step map), ``cjmap lint``
  of the same map;
- ``check-jsonschema`` (cjmap's exported schema over the same map) and ``yamllint`` of the same map, when
  they are installed beside ``--peers`` (``python -m venv /tmp/peers && /tmp/peers/bin/pip install
  check-jsonschema yamllint``).

The ``cjmap`` command is the console script beside this interpreter unless ``--cjmap`` names another.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import generate_map  # noqa: E402 - the benchmarks share one map generator

Row = tuple[str, list[str]]


ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
"""The children's environment: they write and then use bytecode caches (``__pycache__``), as an installed
package does; compiling every module from source on every run would be measured otherwise."""


def cpu_ms(argv: list[str], cwd: str) -> float:
    """The CPU time (user + system) one run of ``argv`` took, in milliseconds."""
    process = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=ENVIRONMENT)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return (usage.ru_utime + usage.ru_stime) * 1000


def medians(rows: list[Row], runs: int, cwd: str) -> dict[str, float]:
    """Each row's median CPU time over ``runs`` interleaved runs (after one warm-up run of each)."""
    times: dict[str, list[float]] = {label: [] for label, _ in rows}
    for _, argv in rows:
        cpu_ms(argv, cwd)  # warm the file system cache and write the bytecode
    for _ in range(runs):
        for label, argv in rows:
            times[label].append(cpu_ms(argv, cwd))
    return {label: statistics.median(values) for label, values in times.items()}


def cjmap_command(given: str | None = None) -> list[str]:
    """The cjmap command: ``given`` (split as a shell would), else the console script beside this Python, else
    ``python -m cjmap``."""
    script = Path(sys.executable).parent / "cjmap"
    return shlex.split(given) if given else [str(script)] if script.exists() else [sys.executable, "-m", "cjmap"]


def check_jsonschema(cjmap: list[str], peers: Path | None, folder: Path) -> list[str] | None:
    """check-jsonschema with cjmap's exported schema (written into ``folder``), when it is installed in
    ``peers``; file names follow."""
    if peers is None or not (peers / "check-jsonschema").exists():
        return None
    schema = folder / "cjmap.schema.json"
    schema.write_text(subprocess.run([*cjmap, "schema"], capture_output=True, text=True, check=True).stdout,
                      encoding="utf-8")
    return [str(peers / "check-jsonschema"), "--schemafile", str(schema)]


def rows_for(cjmap: list[str], peers: Path | None, folder: Path) -> list[Row]:
    rows: list[Row] = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("cjmap --version", [*cjmap, "--version"]),
        ("cjmap --help", [*cjmap, "--help"]),
        ("cjmap validate one.yaml", [*cjmap, "validate", "--no-cache", "one.yaml"]),
        ("cjmap lint one.yaml", [*cjmap, "lint", "--no-cache", "one.yaml"]),
    ]
    if (checker := check_jsonschema(cjmap, peers, folder)) is not None:
        rows.append(("check-jsonschema one.yaml", [*checker, "one.yaml"]))
    if peers is not None and (peers / "yamllint").exists():
        rows.append(("yamllint one.yaml", [str(peers / "yamllint"), "one.yaml"]))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--peers", type=Path, default=Path("/tmp/peers/bin"),
                        help="folder holding the check-jsonschema and yamllint scripts (skipped when absent)")
    parser.add_argument("--cjmap", help="the cjmap command (default: the console script beside this Python)")
    args = parser.parse_args()
    cjmap = cjmap_command(args.cjmap)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "one.yaml").write_text(generate_map(0, 20), encoding="utf-8")
        result = medians(rows_for(cjmap, args.peers if args.peers.exists() else None, Path(folder)), args.runs,
                         folder)
    floor = result["python -c pass"]
    print(f"{'command':<28} {'CPU ms':>8} {'minus python':>13}")
    for label, value in result.items():
        print(f"{label:<28} {value:>8.1f} {value - floor:>13.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
