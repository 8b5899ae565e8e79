"""Check many files on every core: forked workers, results in input order.

Validation is CPU-bound Python, so folders of maps are split across processes. Workers are forked, so
they inherit the loaded modules and the function to apply, with any state it holds (configuration,
rules), for free; only names and results travel between processes. Small runs, stdin, and platforms without ``fork`` stay in one process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from cjmap import interrupts
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

    ``function`` may be any callable, a closure too: forked workers inherit it, only names and results
    are sent between processes. On Ctrl-C or SIGTERM (see :mod:`cjmap.interrupts`) the workers are
    terminated before the exception goes on, so none is left behind and none prints a traceback.
    """
    count = job_count(jobs, len(names))
    if count <= 1 or STDIN in names:
        return [function(name) for name in names]
    import multiprocessing  # only when there are workers to start: most runs of one file have none

    if "fork" not in multiprocessing.get_all_start_methods():
        return [function(name) for name in names]
    context = multiprocessing.get_context("fork")
    pool = None
    try:
        # Signals are held while forking, so no worker runs a moment with the parent's handlers; each
        # worker installs its own (ignore Ctrl-C, die quietly on SIGTERM) before letting them through.
        with interrupts.held():
            pool = context.Pool(count, initializer=_start_worker, initargs=(function,))
        results: list[T] = pool.map(_call, names, chunksize=max(1, len(names) // (count * 4)))
        return results
    finally:
        if pool is not None:
            with interrupts.held():  # a second Ctrl-C must not cut the clean-up short
                pool.terminate()
                pool.join()


_FUNCTION: Callable[[str], object] | None = None
"""The function a worker applies; set only inside worker processes, by :func:`_start_worker`."""


def _start_worker(function: Callable[[str], object]) -> None:
    global _FUNCTION
    _FUNCTION = function
    interrupts.quiet_worker()


def _call(name: str) -> Any:
    assert _FUNCTION is not None
    return _FUNCTION(name)
