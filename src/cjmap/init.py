"""Scaffolds for ``cjmap init``: a new map of each type, commented with what to write where.

A scaffold validates and lints without errors: its guidance is in comments, and the few values it must
write (a step per stage, a neutral score) are ones lint does not flag. Building the text is a pure function
of :class:`Scaffold`; the command writes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from cjmap.ids import slugify

TYPES = ("current-state", "future-state", "day-in-the-life", "service-blueprint")
CLASSIC_STAGES = ("Awareness", "Consideration", "Purchase", "Use", "Loyalty")
"""The stage set when ``--stages`` is not given."""
SCALES: dict[str, tuple[int, int]] = {"1..5": (1, 5), "-2..2": (-2, 2), "1..10": (1, 10)}

_INTRO = {
    "current-state": "How the journey goes today, step by step, as research shows it.",
    "future-state": "How the journey should go once the team has improved it.",
    "day-in-the-life": "The persona's whole day, including the moments outside your service.",
    "service-blueprint": "What it takes to deliver each step: frontstage, backstage and support.",
}


@dataclass(frozen=True, kw_only=True)
class Scaffold:
    """What ``cjmap init`` was asked for."""

    map_type: str
    map_id: str
    title: str
    stages: tuple[str, ...] = CLASSIC_STAGES
    scale: str = "1..5"
    persona_name: str | None = None
    persona_file: str | None = None
    """The persona file's path relative to the map, when the persona lives in its own file."""
    baseline: str | None = None
    """Future-state maps: the current-state map's path relative to the map."""
    schema: str = "schemas/cjmap.schema.json"
    """The map schema's path relative to the map (for the editor modeline)."""


def render_map(scaffold: Scaffold) -> str:
    """The text of a new map."""
    low, high = SCALES[scaffold.scale]
    neutral = (low + high) / 2
    neutral_text = str(int(neutral)) if neutral.is_integer() else str(neutral)
    lines = [
        f"# yaml-language-server: $schema={scaffold.schema}",
        f"# {_INTRO[scaffold.map_type]}",
        "# Check it with `cjmap validate` and `cjmap lint`; `cjmap fmt` keeps it tidy.",
        "cjmap: 1",
        f"id: {_text(scaffold.map_id)}",
        f"title: {_text(scaffold.title)}",
        "# description: one or two sentences for whoever opens the map first",
        f"type: {scaffold.map_type}",
        "status: draft",
        "# owner: the team that keeps the map true",
    ]
    if scaffold.map_type == "future-state":
        if scaffold.baseline is not None:
            lines.append(f"baseline: {_text(scaffold.baseline)}  # the current-state map this one improves on")
        else:
            lines.append("# baseline: the current-state map this one improves on, e.g. journey.current.yaml")
    lines += _persona(scaffold)
    lines += [
        "# scope:",
        "#   scenario: who wants what, in which situation (\"Maya starts a trial to send her first invoice\")",
        "#   business_goals: [what the business wants from this journey]",
        "#   learning_goals: [what the team wants to learn from the map]",
        f"scale: {scaffold.scale}  # {low} is the worst the persona feels, {high} the best",
        "# channels:  # where steps happen; steps name them in `channel:`",
        "#   web: Website",
        "# lanes:  # lanes of your own (quotes, data, engagement ...); steps fill them under `lanes:`",
        "#   - {id: quotes, title: Customer quotes, kind: text}  # kind: text, list, or score (min..max, 1..5)",
        "stages:",
    ]
    for number, name in enumerate(scaffold.stages):
        lines += _stage(scaffold, name, number, neutral_text)
    return "\n".join(lines) + "\n"


def render_persona(name: str, persona_id: str, schema: str) -> str:
    """The text of a new persona file; ``schema`` is the persona schema's path relative to it."""
    return "\n".join([
        f"# yaml-language-server: $schema={schema}",
        "# A persona shared by several maps. Base it on research, not on a stereotype.",
        "cjmap-persona: 1",
        f"id: {_text(persona_id)}",
        f"name: {_text(name)}",
        "# role: what they do, e.g. Freelance accountant, 34",
        "# quote: something they said in an interview",
        "# goals: [what they want to achieve]",
        "# needs: [what they need along the way]",
        "# frustrations: [what annoys them in general]",
    ]) + "\n"


def _persona(scaffold: Scaffold) -> list[str]:
    if scaffold.persona_file is not None:
        return [f"persona: {_text(scaffold.persona_file)}  # the persona file the map follows"]
    return [
        "persona:  # the one customer the map follows",
        "  # role: what they do, e.g. Freelance accountant, 34; goals: [what they want to achieve]",
        f"  name: {_text(scaffold.persona_name or 'The customer')}",
    ]


def _stage(scaffold: Scaffold, name: str, number: int, neutral: str) -> list[str]:
    stage_id = slugify(name) or f"stage-{number + 1}"
    lines = [] if number == 0 else [""]
    lines += [f"  - id: {_text(stage_id)}", f"    name: {_text(name)}"]
    if number == 0:
        lines.append("    # goals: [what the customer wants at this stage]")
    lines += [
        "    steps:",
        f"      - id: {_text(stage_id + '-1')}",
        f"        name: {_text(f'First step of {name}')}  # what the customer does, in their words",
    ]
    if number == 0:
        lines += [
            "        # touchpoint: where it happens (Search ad, Sign-up form ...); channel: an id from `channels`",
            "        # actions: [what they do]",
            "        # thoughts: [what they think or ask]",
            "        # pain_points: [what hurts]",
            "        # opportunities: [ideas to improve the step]",
        ]
    if scaffold.map_type == "day-in-the-life":
        lines.append('        # time: "07:30"  and/or  duration: 20 min')
    if scaffold.map_type == "service-blueprint":
        lines += [
            "        # frontstage: [what staff or systems do in view of the customer]",
            "        # backstage: [what happens out of view]",
            "        # support: [processes and systems behind it]",
        ]
    if scaffold.map_type != "future-state" and number == 0:
        lines.append("        # research: [the interview, observation or analytics behind the step]")
    if number == 0:
        lines.append("        # lanes: {quotes: what they said}  # the map's own lanes, by id")
    lines.append(f"        emotion: {neutral}  # neutral until research gives the score")
    return lines


def _text(value: str) -> str:
    """``value`` as a YAML scalar: plain when that reads back as the same text, else double-quoted."""
    from cjmap.format.order import reads_as_text

    plain_safe = reads_as_text(value) and not any(mark in value for mark in (": ", " #", "\"", "'")) \
        and value[0] not in "-?:,[]{}#&*!|>'\"%@`" and not value.endswith(":")
    return value if plain_safe else json.dumps(value, ensure_ascii=False)
