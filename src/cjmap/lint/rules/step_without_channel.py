"""A step names neither a touchpoint nor a channel.

Every moment of a journey happens somewhere: on a web page, in an email, at a counter, on the phone.
Without a touchpoint or channel, nobody can tell which team owns the moment, the channel view of the
map leaves it out, and omnichannel gaps (the persona switching from app to phone) stay invisible.
Give the step a `channel` from the map's catalogue, or at least a `touchpoint`.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, emotion: 2}

Passes:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    channels:
      web: Website
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, channel: web, touchpoint: Payment form, emotion: 2}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "S002"
NAME = "step-without-channel"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Steps without a touchpoint and without a channel."""
    known = ", ".join(sorted(context.journey.channels))
    hint = (f"add `channel:` (one of {known})" if known else "declare a channel catalogue under `channels:` and add "
            "`channel:` to the step") + ", or `touchpoint:` naming where it happens"
    for ref in _helpers.steps(context.journey):
        if not ref.step.channel and not ref.step.touchpoint:
            yield Violation(ref.path, f"step '{ref.step.id}' names neither a touchpoint nor a channel", hint)
