"""The action's inputs as the scripts read them: ``INPUT_*`` variables that action.yml sets from ``inputs``.

Stdlib only, like every script here: they run on any runner's Python before (and beside) cjmap's own install.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Mapping, Sequence

_TRUE = ("true", "yes", "1", "on")
_FALSE = ("false", "no", "0", "off", "")


class InputError(ValueError):
    """An input the action cannot use; the message names it."""


def text(name: str, environ: Mapping[str, str] | None = None) -> str:
    """Input ``name`` (``sarif-file``), stripped; empty when not given."""
    env = os.environ if environ is None else environ
    return env.get("INPUT_" + name.upper().replace("-", "_"), "").strip()


def flag(name: str, environ: Mapping[str, str] | None = None) -> bool:
    """A true/false input; anything else is refused rather than guessed."""
    value = text(name, environ).lower()
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    raise InputError(f"input {name!r} is {value!r}; expected true or false")


def words(name: str, environ: Mapping[str, str] | None = None) -> list[str]:
    """A list input: white space (or new lines) between items, quotes around an item that holds spaces."""
    try:
        return shlex.split(text(name, environ))
    except ValueError as exc:
        raise InputError(f"input {name!r}: {exc}") from None


def set_output(name: str, value: str, environ: Mapping[str, str] | None = None) -> None:
    """Record a step output in ``$GITHUB_OUTPUT`` (ignored outside Actions)."""
    path = (os.environ if environ is None else environ).get("GITHUB_OUTPUT")
    if path:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(f"{name}={value}\n")


def annotate(level: str, message: str) -> None:
    """A workflow command (``::error::``, ``::warning::``) on stdout, its text escaped as Actions wants."""
    escaped = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    print(f"::{level}::{escaped}", flush=True)


def cjmap(args: Sequence[str], *, capture: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``cjmap ARGS`` with this Python (the one cjmap was installed into), echoing the command."""
    print("+ cjmap " + shlex.join(args), flush=True)
    return subprocess.run([sys.executable, "-m", "cjmap", *args], text=True, check=False,
                          capture_output=capture, encoding="utf-8" if capture else None)
