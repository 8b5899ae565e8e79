"""Ctrl-C and SIGTERM: stop cleanly, with the exit codes shells use (130, 143), no tracebacks, no leftovers.

SIGINT already raises ``KeyboardInterrupt`` in the main thread. SIGTERM kills a Python process on the spot
by default, which would leave worker processes and temporary files behind; :func:`handled` turns it into
:class:`Terminated` (a ``SystemExit`` with code 143), so ``finally`` blocks run: the pool of workers is
terminated and temporary files are removed. Temporary files are also listed in a registry the handler
empties first, so one is removed even when the signal lands between its creation and its ``try``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from types import FrameType

EXIT_INTERRUPTED = 130
"""128 + SIGINT, what shells report for Ctrl-C."""
EXIT_TERMINATED = 143
"""128 + SIGTERM."""
MESSAGE = "cjmap: interrupted"
"""The one line the command line prints on stderr for either signal."""

_TEMPORARIES: set[str] = set()
_RECEIVED: list[int] = []
"""The signals that arrived since :func:`install` (the last one last)."""
_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


class Terminated(SystemExit):
    """SIGTERM arrived: unwind (running ``finally`` blocks) and exit with code 143."""

    def __init__(self) -> None:
        super().__init__(EXIT_TERMINATED)


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    _RECEIVED.append(signum)
    remove_temporaries()
    raise Terminated()


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    _RECEIVED.append(signum)
    raise KeyboardInterrupt


def install() -> None:
    """Turn SIGTERM into :class:`Terminated` and note SIGINT (still ``KeyboardInterrupt``) for the rest of the
    process (main thread only); forget the signals of an earlier run in this process."""
    _RECEIVED.clear()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)
        signal.signal(signal.SIGINT, _on_sigint)


def stop_behind(error: BaseException) -> BaseException | None:
    """The interruption an exception stands for, if a signal arrived: a library may catch the
    ``KeyboardInterrupt`` raised in its code and raise its own error instead (pydantic turns one raised while it
    builds a model into a ``SchemaError``), which must still end the run as Ctrl-C does, not as a bug."""
    if isinstance(error, (KeyboardInterrupt, Terminated)) or not _RECEIVED:
        return None
    return Terminated() if _RECEIVED[-1] == signal.SIGTERM else KeyboardInterrupt()


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """Turn SIGTERM into :class:`Terminated` inside the block; nested and repeated use is fine."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) is _on_sigterm:
        yield
        return
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back inside the block; they are delivered when it ends.

    Used around forking (a child must not inherit the parent's handlers before it installs its own) and
    around registering a temporary file (so it cannot exist unregistered).
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def quiet_worker() -> None:
    """In a worker process: ignore Ctrl-C (the parent handles it) and die silently on SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _TEMPORARIES.clear()  # the parent's, not ours to remove
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)


def register(path: str) -> None:
    """Remove ``path`` should SIGTERM arrive before :func:`unregister`."""
    _TEMPORARIES.add(path)


def unregister(path: str) -> None:
    _TEMPORARIES.discard(path)


def remove_temporaries() -> None:
    """Remove every registered temporary file (called from the SIGTERM handler)."""
    for path in list(_TEMPORARIES):
        with contextlib.suppress(OSError):
            os.unlink(path)
        _TEMPORARIES.discard(path)
