"""A future-state map's baseline changed after the map was last reviewed.

A future state is designed against the current state it improves on. When the current-state map is
corrected or researched again (a new pain point, a lower curve), the promises of the future state may no
longer hold: its gains are measured against a journey that is not the one on record any more. The map
should be reviewed again, and its `reviewed:` date moved on.

The baseline's change date is the date of the last git commit that touched the baseline file (committer
date); a change counts only when the baseline's data now differs from its version on the review date, so
reformatting it (`cjmap fmt`) or editing its comments is no change. When git holds no version of the
baseline from the review date (it was committed later), what the map was reviewed against is unknown and the
rule stays silent, as it does outside a git repository, without git installed, or for a baseline git does
not track. Maps without `reviewed:` are left to `stale-review` (H001).

Fails:
    cjmap: 1
    id: checkout-future
    title: Online checkout (to-be)
    type: future-state
    reviewed: 2026-01-10
    baseline: checkout.yaml
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Pays with a wallet, emotion: 4}

Passes:
    cjmap: 1
    id: checkout-future
    title: Online checkout (to-be)
    type: future-state
    reviewed: 2026-11-20
    baseline: checkout.yaml
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Pays with a wallet, emotion: 4}
"""

from __future__ import annotations

import datetime
import os
import subprocess
from collections.abc import Iterator, Mapping
from typing import Any

from cjmap import dependencies, references
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.loader import MAX_BYTES, LoadError, load
from cjmap.problem import Severity

CODE = "P003"
NAME = "baseline-changed-after-review"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}
GIT_TIMEOUT = 10.0
"""Seconds one git query may take before the rule gives up (silently) on the map."""


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Future-state maps reviewed before a commit that changed their baseline's content."""
    journey = context.journey
    if journey.type != "future-state" or not journey.baseline or journey.reviewed is None:
        return
    target = references.locate(journey.baseline, references.base_dir_of(context.file), references.BASELINE)
    if not isinstance(target, references.Target):
        return
    changed = changed_since(target.real, journey.reviewed)
    if changed is not None:
        yield Violation(
            ("reviewed",),
            f"the baseline {journey.baseline} changed on {changed.isoformat()}, after this map was last reviewed "
            f"({journey.reviewed.isoformat()})",
            "review the future state against the current baseline, then set `reviewed:` to the review's date")


def changed_since(path: str, reviewed: datetime.date) -> datetime.date | None:
    """The date of the last commit that touched ``path`` when it is later than ``reviewed`` and the file's
    data differs from its version on that day (a change of layout or comments only is no change); else None,
    also without git, outside a repository and for an untracked file."""
    folder, name = os.path.dirname(path), os.path.basename(path)
    gitdir = _git(folder, "rev-parse", "--absolute-git-dir")
    if gitdir is None:
        return None
    # A kept lint result must be judged again after the next commit, whatever files it touches.
    dependencies.note(os.path.join(gitdir.strip(), "logs", "HEAD"))
    last = _git(folder, "log", "-1", "--format=%cs", "--", name)
    try:
        changed = datetime.date.fromisoformat(last.strip()) if last and last.strip() else None
    except ValueError:
        return None
    if changed is None or changed <= reviewed:
        return None
    then = _git(folder, "rev-list", "-1", f"--before={reviewed.isoformat()} 23:59:59", "HEAD", "--", name)
    if not then or not then.strip():
        return None  # git has no version from the review date: what the map was reviewed against is unknown
    return None if _same_data(_git_bytes(folder, "show", f"{then.strip()}:./{name}"), path) else changed


def _same_data(before: bytes | None, path: str) -> bool:
    """Whether the map ``before`` holds the same data as the file at ``path`` now."""
    if before is None:
        return False
    try:
        with open(path, "rb") as handle:
            now = handle.read(MAX_BYTES + 1)
        return bool(load(before, path).data == load(now, path).data)
    except (OSError, LoadError):
        return False


def _git(folder: str, *args: str) -> str | None:
    found = _git_bytes(folder, *args)
    return found.decode("utf-8", "replace") if found is not None else None


def _git_bytes(folder: str, *args: str) -> bytes | None:
    """The output of ``git args`` run in ``folder``, or None when git is missing, fails or takes too long."""
    try:
        found = subprocess.run(["git", "-C", folder, *args], capture_output=True, timeout=GIT_TIMEOUT, check=False,
                               env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return None
    return found.stdout if found.returncode == 0 else None
