"""A channel is declared in the catalogue but no step uses it.

The channel catalogue says where the journey happens. A channel no step takes place in is either
left over from an earlier version of the map, or, worse, a gap in the research: the persona does use
the app, but nobody mapped those moments. When the channel is also listed in `scope.channels`, the
map promises to cover it and does not.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    channels:
      web: Website
      phone: Hotline
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, channel: web, emotion: 2}

Passes:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    channels:
      web: Website
      phone: Hotline
    stages:
      - id: pay
        name: Pay
        steps:
          - {id: card, name: Enters card details, channel: web, emotion: 2}
          - {id: call, name: Calls to ask about delivery, channel: phone, emotion: 3}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import LintContext, Violation
from cjmap.problem import Severity

CODE = "R001"
NAME = "unused-channel"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Catalogue channels that no step names."""
    journey = context.journey
    used = {channel for ref in _helpers.steps(journey) for channel in ref.step.channel}
    in_scope = set(journey.scope.channels) if journey.scope is not None else set()
    for channel_id in journey.channels:
        if channel_id in used:
            continue
        if channel_id in in_scope:
            yield Violation(
                ("channels", channel_id),
                f"channel '{channel_id}' is in scope but no step takes place in it",
                f"map the persona's moments in that channel (`channel: {channel_id}` on their steps), "
                "or take it out of `scope.channels`",
                at_key=True,
            )
        else:
            yield Violation(
                ("channels", channel_id),
                f"channel '{channel_id}' is declared but no step uses it",
                f"add `channel: {channel_id}` to the steps that happen there, or remove it from `channels:`",
                at_key=True,
            )
