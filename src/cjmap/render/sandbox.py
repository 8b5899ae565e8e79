"""The fence around a user's templates (``--template-dir``): code from a pull request, run in CI.

Three things keep such a template from harming the machine that renders it:

- :class:`FolderLoader` reads a template only when its real path (symlinks resolved) lies inside the
  template folder, so ``{% include "leak.txt" %}`` with ``leak.txt -> /etc/passwd`` is refused.
- :class:`BoundedEnvironment` is Jinja's sandbox (no access to Python internals) with bounds on what one
  render may cost: :data:`TIME_LIMIT` seconds, :data:`SIZE_LIMIT` characters for any string it builds and
  for its output, ranges of at most :data:`RANGE_LIMIT` numbers, and no runaway recursion.
- :func:`render` runs a template under those bounds and turns every way of exceeding them into a
  :class:`TemplateLimitError` naming the template (a template error for the user, exit 2, never a crash).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from types import FrameType
from typing import Any

from jinja2 import Environment, FileSystemLoader, TemplateError, TemplateNotFound
from jinja2.compiler import CodeGenerator, Frame
from jinja2.loaders import split_template_path
from jinja2.nodes import Concat
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

TIME_LIMIT = 60.0
"""Seconds one template may take to render (a 10,000-step map renders in a few)."""
SIZE_LIMIT = 100_000_000
"""Characters in any one string a template builds, and in its output (a 10,000-step page is about 20 MB)."""
RANGE_LIMIT = 100_000
"""Numbers in one ``range(...)``."""
MEMORY_LIMIT = 2 * 2**30
"""Bytes of address space a render may add to the process (Linux), a backstop behind the size limit."""


class TemplateLimitError(TemplateError):
    """A template went past a bound, or outside its folder; the message names the template."""


class FolderLoader(FileSystemLoader):
    """A :class:`FileSystemLoader` for one folder that refuses any template whose real path lies outside it."""

    def __init__(self, folder: str) -> None:
        super().__init__(folder)
        self.root = os.path.realpath(folder)

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = os.path.join(self.root, *split_template_path(template))
        if not os.path.lexists(path):
            raise TemplateNotFound(template)
        real = os.path.realpath(path)
        if os.path.commonpath([self.root, real]) != self.root:
            raise TemplateLimitError(f"template {template}: its real path is outside the template folder "
                                     f"{self.root} (templates and what they include must lie inside it)")
        if not os.path.isfile(real):
            raise TemplateLimitError(f"template {template}: not a regular file")
        try:
            with open(real, encoding=self.encoding) as stream:
                source = stream.read()
            modified = os.path.getmtime(real)
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateLimitError(f"template {template}: cannot read it: {exc}") from None

        def uptodate() -> bool:
            try:
                return os.path.realpath(path) == real and os.path.getmtime(real) == modified
            except OSError:
                return False

        return source, real, uptodate


class _BoundedCodeGenerator(CodeGenerator):
    """Sends every ``~`` concatenation through :meth:`BoundedEnvironment.checked`, so doubling a string in a
    loop stops at the size limit (Jinja compiles ``~`` to a plain join the sandbox never sees)."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.checked(")
        super().visit_Concat(node, frame)
        self.write(")")


class BoundedEnvironment(SandboxedEnvironment):
    """Jinja's sandbox with bounds on time, string size, ranges and recursion (see :func:`render`)."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        # No folding of constants at compile time: '{{ "x"|center(10**9) }}' would run while compiling.
        super().__init__(optimized=False, **options)
        self.globals["range"] = self._range
        self.deadline = float("inf")
        self.time_limit = TIME_LIMIT
        self.size_limit = SIZE_LIMIT

    def tick(self) -> None:
        """Stop the render once its time is up (where no alarm signal can: outside the main thread)."""
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(f"took longer than {self.time_limit:g} s")

    def checked(self, value: Any) -> Any:
        """``value`` when its length is within the size limit."""
        self.tick()
        if isinstance(value, (str, list, tuple)) and len(value) > self.size_limit:
            raise TemplateLimitError(f"builds a value of more than {self.size_limit:,} items")
        return value

    def _range(self, *arguments: int) -> range:
        numbers = range(*arguments)
        if len(numbers) > RANGE_LIMIT:
            raise TemplateLimitError(f"range of {len(numbers):,} numbers (at most {RANGE_LIMIT:,})")
        return numbers

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) \
                        and len(sequence) * count > self.size_limit:
                    raise TemplateLimitError(f"builds a value of more than {self.size_limit:,} items")
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1 \
                and right * abs(left).bit_length() > 8 * self.size_limit:
            raise TemplateLimitError(f"builds a number of more than {self.size_limit:,} bytes")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self.tick()
        return __self.checked(super().call(__context, __obj, *args, **kwargs))

    def concat(self, chunks: Iterable[str]) -> str:
        """The output of a template (or macro), stopped at the size and time limits as it grows."""
        parts, size = [], 0
        for chunk in chunks:
            size += len(chunk)
            if size > self.size_limit:
                raise TemplateLimitError(f"writes more than {self.size_limit:,} characters")
            self.tick()
            parts.append(chunk)
        return "".join(parts)


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise :class:`TemplateLimitError` in the main thread after ``seconds`` (a loop that writes nothing
    never reaches :meth:`BoundedEnvironment.tick`)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TemplateLimitError(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _address_space() -> int | None:
    """This process's address space in bytes (Linux), or None."""
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            return int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextlib.contextmanager
def _memory(limit: int) -> Iterator[None]:
    """Let the process grow by at most ``limit`` bytes inside the block (then allocation fails: MemoryError)."""
    try:
        import resource
    except ImportError:  # not on this platform
        yield
        return
    used = _address_space()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = None if used is None else used + limit
    if ceiling is None or (soft != resource.RLIM_INFINITY and soft <= ceiling) \
            or (hard != resource.RLIM_INFINITY and hard < ceiling):
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def render(environment: Environment, name: str, **context: Any) -> str:
    """Template ``name`` of ``environment`` filled with ``context``; a bounded environment's limits apply, and
    going past one raises :class:`TemplateLimitError` naming the template."""
    if not isinstance(environment, BoundedEnvironment):
        return environment.get_template(name).render(**context)
    environment.deadline = time.monotonic() + environment.time_limit
    try:
        with _alarm(environment.time_limit), _memory(MEMORY_LIMIT):
            return environment.get_template(name).render(**context)
    except TemplateLimitError as exc:
        raise TemplateLimitError(f"template {name}: {exc}") from None
    except RecursionError:
        raise TemplateLimitError(f"template {name}: recursion too deep (a template that includes or calls "
                                 f"itself without end?)") from None
    except MemoryError:
        raise TemplateLimitError(f"template {name}: needs more than {MEMORY_LIMIT // 2**20:,} MiB of memory") \
            from None
    except OverflowError as exc:
        raise TemplateLimitError(f"template {name}: {exc}") from None
    finally:
        environment.deadline = float("inf")
