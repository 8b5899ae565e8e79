"""A stage of the team's lifecycle framework has no map.

The framework declared in the project configuration (`framework:`) is the team's picture of the whole
customer lifecycle. A stage that no map names in its `lifecycle:` is a part of the customers' experience
nobody has mapped: the portfolio shows an empty column there, and nobody knows whether customers suffer in it.

This is a project rule: it judges every map a configuration covers together, and only when `cjmap lint`
searched the configuration's whole folder (`cjmap lint .` at the project root), so that linting one file or
one subfolder does not report stages mapped elsewhere. The finding is located at the configuration's
`framework:` key. It is opt-in (`cjmap lint --select P001 .`, or `select:` in the configuration): it reads
every map a second time, after the per-file lint (which the result cache may have skipped), and so doubles
the time of a lint run. `cjmap portfolio` lists the same stages under coverage at no extra cost. The examples are the only map of a project whose configuration reads:

    # .cjmap.yaml
    framework: [onboarding]

Fails:
    cjmap: 1
    id: sign-up
    title: Signing up
    type: current-state
    stages:
      - id: start
        name: Start
        steps:
          - {id: form, name: Fills in the form, emotion: 3}

Passes:
    cjmap: 1
    id: sign-up
    title: Signing up
    type: current-state
    lifecycle: onboarding
    stages:
      - id: start
        name: Start
        steps:
          - {id: form, name: Fills in the form, emotion: 3}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cjmap.framework import Placement, label, placements, resolve
from cjmap.lint.rules.base import LintContext, ProjectContext, ProjectViolation, Violation
from cjmap.problem import Location, Severity

CODE = "P001"
NAME = "framework-stage-without-map"
SEVERITY = Severity.INFO
OPTIONS: dict[str, Any] = {}
PROJECT = True
OPT_IN = True


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Nothing on one map: see :func:`check_project`."""
    return iter(())


def applies(context: ProjectContext) -> bool:
    """Whether the run can hold a finding (asked before any map is read): a framework, judged whole."""
    return context.whole and bool(context.frameworks) and context.config_file is not None


def check_project(context: ProjectContext, options: Mapping[str, Any]) -> Iterator[ProjectViolation]:
    """Framework stages no map of the configuration names in ``lifecycle:``."""
    if not applies(context) or context.config_file is None:
        return
    placed: set[Placement] = set()
    for map_ in context.maps:
        written = map_.document.data.get("lifecycle")
        if isinstance(written, str) and isinstance(found := resolve(written, context.frameworks), Placement):
            placed.add(found)
    for place in placements(context.frameworks):
        if place not in placed:
            yield ProjectViolation(
                file=context.config_file, location=context.framework_at or Location(1, 1), pointer="/framework",
                message=f"framework stage '{label(place, context.frameworks)}' has no map",
                hint=f"map the stage and add `lifecycle: {place.ref}` to the map")
