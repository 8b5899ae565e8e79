"""Check many files on every core: forked workers, results in input order.

Validation is CPU-bound Python, so folders of maps are split across processes. Workers are forked, so
they inherit the loaded modules and any state the caller prepared (configuration, rules) for free, and
only results travel back. Small runs, stdin, and platforms without ``fork`` stay in one process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

from cjmap.source import STDIN

T = TypeVar("T")
MIN_FILES_PER_JOB = 4
"""Below this many files per extra process, forking costs more than it saves."""


def job_count(requested: int | None, files: int) -> int:
    """How many processes to use: ``requested`` (0 or None = one per core), capped by the work there is."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    wanted = cores if not requested else requested
    return max(1, min(wanted, files // MIN_FILES_PER_JOB))


def map_files(function: Callable[[str], T], names: Sequence[str], jobs: int | None = None) -> list[T]:
    """``[function(name) for name in names]``, spread over processes when that pays off.

    ``function`` must be a module-level function (it is sent to the workers by name).
    """
    count = job_count(jobs, len(names))
    if count <= 1 or STDIN in names or "fork" not in multiprocessing.get_all_start_methods():
        return [function(name) for name in names]
    context = multiprocessing.get_context("fork")
    with context.Pool(count) as pool:
        return pool.map(function, names, chunksize=max(1, len(names) // (count * 4)))
