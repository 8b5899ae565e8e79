"""A future-state map names no baseline.

A future-state map is a promise of improvement, and an improvement is relative to something: the
current-state map it improves on. With `baseline:` pointing at that map, the two can be compared
step by step (`cjmap diff`), and every claimed gain in the curve can be checked against today.

Fails:
    cjmap: 1
    id: checkout-future
    title: Online checkout (to-be)
    type: future-state
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
    baseline: checkout.current.yaml
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Pays with a wallet, emotion: 4}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "T001"
NAME = "future-state-without-baseline"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Future-state maps without ``baseline``."""
    journey = context.journey
    if journey.type == "future-state" and not journey.baseline:
        yield Violation(
            ("type",),
            "this future-state map names no baseline",
            "add `baseline:` with the path of the current-state map it improves on, relative to this file",
        )
