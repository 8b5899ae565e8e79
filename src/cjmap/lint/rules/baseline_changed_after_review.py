"""A future-state map's baseline changed after the map was last reviewed.

A future state is designed against the current state it improves on. When the current-state map is
corrected or researched again (a new pain point, a lower curve), the promises of the future state may no
longer hold: its gains are measured against a journey that is not the one on record any more. The map
should be reviewed again, and its `reviewed:` date moved on.

The baseline's change date is the date of the last git commit that touched the baseline file (committer
date). Outside a git repository, without git installed, or for a baseline git does not track, the rule
stays silent. Maps without `reviewed:` are left to `stale-review` (H001).

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
from cjmap.problem import Severity

CODE = "P003"
NAME = "baseline-changed-after-review"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}
GIT_TIMEOUT = 10.0
"""Seconds one git query may take before the rule gives up (silently) on the map."""


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Future-state maps reviewed before their baseline's last commit."""
    journey = context.journey
    if journey.type != "future-state" or not journey.baseline or journey.reviewed is None:
        return
    target = references.locate(journey.baseline, references.base_dir_of(context.file), references.BASELINE)
    if not isinstance(target, references.Target):
        return
    changed = last_commit_date(target.real)
    if changed is not None and changed > journey.reviewed:
        yield Violation(
            ("reviewed",),
            f"the baseline {journey.baseline} changed on {changed.isoformat()}, after this map was last reviewed "
            f"({journey.reviewed.isoformat()})",
            "review the future state against the current baseline, then set `reviewed:` to the review's date")


def last_commit_date(path: str) -> datetime.date | None:
    """The committer date of the last commit that touched ``path``, or None (no git, no repository, untracked)."""
    folder = os.path.dirname(path)
    try:
        found = subprocess.run(
            ["git", "-C", folder, "log", "-1", "--format=%cs", "--", os.path.basename(path)],
            capture_output=True, text=True, timeout=GIT_TIMEOUT, check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
        gitdir = subprocess.run(["git", "-C", folder, "rev-parse", "--absolute-git-dir"], capture_output=True,
                                text=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if gitdir.returncode == 0 and gitdir.stdout.strip():
        # A kept lint result must be judged again after the next commit, whatever files it touches.
        dependencies.note(os.path.join(gitdir.stdout.strip(), "logs", "HEAD"))
    lines = found.stdout.split()
    if found.returncode != 0 or not lines:
        return None
    try:
        return datetime.date.fromisoformat(lines[0])
    except ValueError:
        return None
