"""The journey view ``cjmap diff --textconv`` prints: a map as one fact per line, for ``git diff`` to compare.

git's textconv runs on each side and line-diffs the results, so the view puts every stage, step and item on
its own line under a heading that names it by id: a change shows up next to the step it belongs to, however
the YAML was laid out. Map text is shown with control characters escaped.
"""

from __future__ import annotations

import json
from typing import Any

from cjmap.diff.emotion import value_of
from cjmap.model import JourneyMap
from cjmap.reporters.escape import visible

_STEP_SKIP = {"id", "name", "emotion", "pain_points", "opportunities", "kpis"}


def journey_view(journey: JourneyMap) -> str:
    """The map as readable lines: title, catalogue, then stage by stage, step by step."""
    lines = [f"map {journey.id}: {journey.title}", (f"type: {journey.type}, status: {journey.status}, "
             f"scale {journey.scale.describe()}")]
    top = journey.model_dump(mode="json", exclude={"cjmap", "id", "title", "type", "status", "scale", "stages",
                                                    "channels", "actors", "lanes"}, exclude_defaults=True)
    lines += _fields(top, "")
    for catalogue in ("channels", "actors"):
        for key, entry in getattr(journey, catalogue).items():
            lines.append(f"{catalogue[:-1]} {key}: {entry.name}")
    for lane in journey.lanes:
        lines.append(f"lane {lane.id}: {lane.title} ({lane.kind}"
                     + (f" {_number(lane.low)}..{_number(lane.high)})" if lane.kind == "score" else ")"))
        lines += _fields(lane.model_dump(mode="json", include={"description"}, exclude_defaults=True), "  ")
    for stage in journey.stages:
        lines.append("")
        lines.append(f"stage {stage.id}: {stage.name}" + ("" if stage.id_written else " (derived id)"))
        lines += _fields(stage.model_dump(mode="json", exclude={"id", "name", "steps"}, exclude_defaults=True), "  ")
        for step in stage.steps:
            score = value_of(step)
            feeling = "" if score is None else f"  [emotion {_number(score)}" + (
                f" {step.emotion.label}]" if step.emotion is not None and step.emotion.label else "]")
            lines.append(f"  step {step.id}: {step.name}{feeling}" + ("" if step.id_written else " (derived id)"))
            lines += _fields(step.model_dump(mode="json", exclude=_STEP_SKIP, exclude_defaults=True), "    ")
            for pain in step.pain_points:
                lines.append(f"    pain point {pain.id or '-'} ({pain.severity}): {pain.text}")
            for idea in step.opportunities:
                extra = ", ".join(part for part in (idea.priority, idea.owner and f"owner {idea.owner}",
                                                    idea.addresses and "addresses " + " ".join(idea.addresses)) if part)
                lines.append(f"    opportunity {idea.id or '-'}: {idea.text}" + (f" ({extra})" if extra else ""))
            for kpi in step.kpis:
                numbers = " ".join(part for part in (
                    kpi.value is not None and f"value {_number(kpi.value)}",
                    kpi.target is not None and f"target {_number(kpi.target)}", kpi.unit) if part)
                lines.append(f"    kpi {kpi.id or '-'}: {kpi.name}" + (f" ({numbers})" if numbers else ""))
    return "\n".join(visible(line) for line in lines) + "\n"


def _fields(data: dict[str, Any], indent: str) -> list[str]:
    """One line per non-empty field; nested mappings as ``key.sub``."""
    lines: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict) and value:
            lines += [f"{indent}{key}.{line.strip()}" for line in _fields(value, "")]
        elif value not in (None, [], {}, ""):
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            lines.append(f"{indent}{key}: {shown}")
    return lines


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
