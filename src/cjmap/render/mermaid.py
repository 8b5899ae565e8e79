"""The map as a Mermaid ``journey`` diagram: a pure writer, and the escaping an importer reverses.

Mermaid's journey lexer (``journey.jison``) ends a task name at the first ``:``, treats ``#`` as the start of a
comment and ``;`` as the end of a statement anywhere, and starts a comment at a ``%`` that opens a token. Its
pre-parser turns ``#NN;`` into an HTML character reference after lexing, so every such character is written as
``#<code point>;`` and the text survives. A name that starts with a keyword (``section``, ``title``,
``journey``, ``accTitle``, ``accDescr``) would be read as that keyword, so its first letter is escaped too.
"""

from __future__ import annotations

import re

from cjmap.model import JourneyMap, Scale, Step
from cjmap.score.metrics import step_value

MERMAID_MIN = 1
MERMAID_MAX = 5

_SPECIAL = {"#": "#35;", ":": "#58;", ";": "#59;", "%": "#37;", "&": "#38;", ",": "#44;", "`": "#96;",
            "<": "#60;", ">": "#62;"}
"""Characters that break a journey statement. ``,`` only splits actor lists, a backtick only matters inside a
Markdown fence, and ``<`` ``>`` are written as entities so no renderer of the diagram (GitHub's, GitLab's)
ever sees markup; all are escaped everywhere so one rule reverses all."""
_SPECIAL_RE = re.compile("[#:;%&,`<>]")
_KEYWORD_START = re.compile(r"^(journey|title|section|acctitle|accdescr)", re.IGNORECASE)
_ENTITY = re.compile(r"#(\d+);")
_SCALE_COMMENT = re.compile(r"^%% cjmap scale (-?[\d.]+)\.\.(-?[\d.]+) mapped onto 1\.\.5")


def escape(text: str) -> str:
    """``text`` as one line of a Mermaid journey name, every character kept (newlines become spaces)."""
    flat = " ".join(text.split())
    escaped = _SPECIAL_RE.sub(lambda match: _SPECIAL[match[0]], flat)
    if _KEYWORD_START.match(escaped):
        escaped = f"#{ord(escaped[0])};{escaped[1:]}"
    return escaped


def unescape(text: str) -> str:
    """The reverse of :func:`escape` (for the Mermaid importer): ``#58;`` back to ``:``."""
    return _ENTITY.sub(lambda match: chr(int(match[1])), text)


def to_mermaid_score(scale: Scale, value: float) -> float:
    """``value`` on the map's scale mapped linearly onto Mermaid's 1..5."""
    return MERMAID_MIN + (value - scale.min) * (MERMAID_MAX - MERMAID_MIN) / scale.span()


def from_mermaid_score(scale: Scale, score: float) -> float:
    """The reverse of :func:`to_mermaid_score` (for the Mermaid importer)."""
    return scale.min + (score - MERMAID_MIN) * scale.span() / (MERMAID_MAX - MERMAID_MIN)


def number(value: float) -> str:
    """A score as Mermaid reads it: an integer when whole, else at most two decimals."""
    rounded = round(value, 2)
    return str(int(rounded)) if float(rounded).is_integer() else f"{rounded:g}"


def scale_comment(scale: Scale) -> str:
    """The ``%%`` line that says how scores were mapped, so a reader (or the importer) can map them back."""
    return (f"%% cjmap scale {number(scale.min)}..{number(scale.max)} mapped onto 1..5: "
            "mermaid = 1 + 4 * (score - min) / (max - min)")


def parse_scale_comment(line: str) -> tuple[float, float] | None:
    """The (min, max) a :func:`scale_comment` line names, else ``None`` (for the Mermaid importer)."""
    match = _SCALE_COMMENT.match(line.strip())
    return (float(match[1]), float(match[2])) if match else None


def _task(journey: JourneyMap, step: Step, indent: str) -> list[str]:
    value = step_value(step)
    lines = []
    if value is None:  # Mermaid needs a score: an unscored step is drawn at neutral and said so
        lines.append(f"{indent}%% {step.id} has no emotion; drawn at neutral")
        value = float(journey.scale.neutral)  # type: ignore[arg-type]
    actors = [escape(journey.actors[actor].name if actor in journey.actors else actor) for actor in step.actors]
    task = f"{indent}{escape(step.name)}: {number(to_mermaid_score(journey.scale, value))}"
    lines.append(f"{task}: {', '.join(actors)}" if actors else task)
    return lines


def journey_lines(journey: JourneyMap, indent: str = "  ") -> list[str]:
    """The Mermaid ``journey`` diagram of ``journey``, line by line (one section per stage, one task per step)."""
    lines = ["journey", f"{indent}{scale_comment(journey.scale)}", f"{indent}title {escape(journey.title)}"]
    for stage in journey.stages:
        lines.append(f"{indent}section {escape(stage.name)}")
        for step in stage.steps:
            lines += _task(journey, step, indent * 2)
    return lines


def to_mermaid(journey: JourneyMap) -> str:
    """The Mermaid ``journey`` diagram of ``journey`` as text, ending in a newline."""
    return "\n".join(journey_lines(journey)) + "\n"


def _quoted(text: str) -> str:
    return '"' + escape(text).replace('"', "#34;") + '"'


def xychart(journey: JourneyMap, title: str = "Emotion curve") -> str:
    """The curve as a Mermaid ``xychart-beta`` line over the scored steps, on the map's own scale."""
    scored = [(step, value) for _, step in journey.steps() if (value := step_value(step)) is not None]
    scale = journey.scale
    lines = [
        "xychart-beta",
        f"  title {_quoted(title)}",
        f"  x-axis [{', '.join(_quoted(step.name) for step, _ in scored)}]",
        f"  y-axis {_quoted(f'Emotion ({number(scale.min)}..{number(scale.max)})')} "
        f"{number(scale.min)} --> {number(scale.max)}",
        f"  line [{', '.join(number(value) for _, value in scored)}]",
    ]
    return "\n".join(lines) + "\n"
