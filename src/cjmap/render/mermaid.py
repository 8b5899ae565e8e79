"""The map as a Mermaid ``journey`` diagram: a pure writer, and the escaping an importer reverses.

Mermaid's journey lexer (``journey.jison``) ends a task name at the first ``:``, treats ``#`` as the start of a
comment and ``;`` as the end of a statement anywhere, and starts a comment at a ``%`` that opens a token. Its
pre-parser turns ``#NN;`` into an HTML character reference after lexing, so every such character is written as
``#<code point>;`` and the text survives. A name that starts with a keyword (``section``, ``title``,
``journey``, ``accTitle``, ``accDescr``) would be read as that keyword, so its first letter is escaped too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from cjmap.language import N_, Language
from cjmap.model import CustomLane, JourneyMap, Scale, Step
from cjmap.score.metrics import step_value

MERMAID_MIN = 1
MERMAID_MAX = 5
MAX_TEXT_SIZE = 50_000
"""Mermaid's default ``maxTextSize``: a longer diagram is not drawn (Mermaid shows a 'Maximum text size in
diagram exceeded' message instead); counted in UTF-16 code units, as JavaScript counts a string's length."""

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


TASK_BOX_PX = 144
"""The width a journey task's name may take on one line: Mermaid draws each task in a box 150 px wide (its
``journey.width``) and clips what does not fit; 6 px are kept for rounding and kerning."""
TASK_BOX_LINES = 2
"""Lines a task box shows: it is 50 px high and Mermaid's theme sets its text in 16 px (about 19 px a line)."""
_WIDTHS = {4: "ijl'", 5: "IJ .,;:/", 6: "frt!-()", 8: "szг?", 9: "ckvxyFLвзстухчьэ",
           11: "ABCRVXZдцъАБВКСХЧЬЭЯ", 12: "DGHNUмДИЙЛНПЦ&", 13: "wOQыюОЪ", 14: "MжфМФЫ", 15: "шщ", 16: "mW…",
           17: "ЖШЮ", 18: "Щ"}
"""Widths in px at 16 px of DejaVu Sans (as wide as Verdana: the widest fonts Mermaid's font list falls back
to), measured in Chromium; other letters and digits are 10 px, other capitals 11, wide East Asian characters 18."""
_WIDTH = {char: float(width) for width, chars in _WIDTHS.items() for char in chars}


def _px(text: str) -> float:
    """The width of ``text`` in a task box (accented letters as their base letter)."""
    width = 0.0
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        if base in _WIDTH:
            width += _WIDTH[base]
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            width += 18.0
        else:
            width += 11.0 if char.isupper() else 10.0
    return width


def _fits_task_box(text: str) -> bool:
    """Whether ``text``, wrapped at spaces as the browser wraps it, fits a task box (no word wider than a line)."""
    lines, used = 1, 0.0
    for word in text.split():
        width = _px(word)
        if width > TASK_BOX_PX:
            return False
        if used and used + _px(" ") + width > TASK_BOX_PX:
            lines, used = lines + 1, width
        else:
            used += width + (_px(" ") if used else 0.0)
    return lines <= TASK_BOX_LINES


def task_name(name: str) -> str:
    """``name`` as a journey task box can show it whole: as written when it fits, else cut after the last word
    that fits (inside a word only when the first is too long) and ended with "…"."""
    flat = " ".join(name.split())
    if _fits_task_box(flat):
        return flat
    words = flat.split(" ")
    kept = 0
    while kept < len(words) and _fits_task_box(" ".join(words[:kept + 1]) + "\N{HORIZONTAL ELLIPSIS}"):
        kept += 1
    if kept:
        return " ".join(words[:kept]).rstrip(",;:.-–—") + "\N{HORIZONTAL ELLIPSIS}"
    cut = len(words[0])
    while cut > 1 and not _fits_task_box(words[0][:cut] + "\N{HORIZONTAL ELLIPSIS}"):
        cut -= 1
    return words[0][:cut] + "\N{HORIZONTAL ELLIPSIS}"


@dataclass(frozen=True, kw_only=True)
class Shortened:
    """A step whose name a journey diagram on a page shows cut (the page names it in full elsewhere)."""

    number: int
    step: Step
    shown: str


def shortened_tasks(journey: JourneyMap) -> list[Shortened]:
    """The steps whose names :func:`task_name` cuts, with their numbers in the map (for a warning)."""
    steps = [step for _, step in journey.steps()]
    return [Shortened(number=number, step=step, shown=shown) for number, step in enumerate(steps, 1)
            if (shown := task_name(step.name)) != " ".join(step.name.split())]


def _task(journey: JourneyMap, step: Step, indent: str, fit: bool) -> list[str]:
    value = step_value(step)
    lines = []
    if value is None:  # Mermaid needs a score: an unscored step is drawn at neutral and said so
        lines.append(f"{indent}%% {step.id} has no emotion; drawn at neutral")
        value = float(journey.scale.neutral)  # type: ignore[arg-type]
    actors = [escape(journey.actors[actor].name if actor in journey.actors else actor) for actor in step.actors]
    name = task_name(step.name) if fit else step.name
    task = f"{indent}{escape(name)}: {number(to_mermaid_score(journey.scale, value))}"
    lines.append(f"{task}: {', '.join(actors)}" if actors else task)
    return lines


def journey_lines(journey: JourneyMap, indent: str = "  ", *, fit: bool = False) -> list[str]:
    """The Mermaid ``journey`` diagram of ``journey``, line by line (one section per stage, one task per step).

    Every name is kept whole (the diagram goes back to a map with ``cjmap import mermaid``); with ``fit``, a
    step name too long for its task box is cut with "…" (:func:`task_name`), for pages that name the steps in
    full elsewhere."""
    lines = ["journey", f"{indent}{scale_comment(journey.scale)}", f"{indent}title {escape(journey.title)}"]
    for stage in journey.stages:
        lines.append(f"{indent}section {escape(stage.name)}")
        for step in stage.steps:
            lines += _task(journey, step, indent * 2, fit)
    return lines


def to_mermaid(journey: JourneyMap, *, fit: bool = False) -> str:
    """The Mermaid ``journey`` diagram of ``journey`` as text, ending in a newline (``fit``: see
    :func:`journey_lines`)."""
    return "\n".join(journey_lines(journey, fit=fit)) + "\n"


def text_size(diagram: str) -> int:
    """The length Mermaid measures against :data:`MAX_TEXT_SIZE`: UTF-16 code units (an emoji counts 2)."""
    return len(diagram.encode("utf-16-le")) // 2


def _quoted(text: str) -> str:
    return '"' + escape(text).replace('"', "#34;") + '"'


@dataclass(frozen=True, kw_only=True)
class LineColour:
    """A line's colour in an ``xychart-beta`` chart, and how a legend in text shows it."""

    hex: str
    square: str
    name: str

    def legend(self, meaning: str, words: Language | None = None) -> str:
        """``🟦 after (blue)``: the colour shown, said in words too (in the language of ``words``)."""
        return f"{self.square} {meaning} ({words.gettext(self.name) if words else self.name})"


BEFORE = LineColour(hex="#E8710A", square="\N{LARGE ORANGE SQUARE}", name=N_("orange"))
AFTER = LineColour(hex="#1A73E8", square="\N{LARGE BLUE SQUARE}", name=N_("blue"))
"""Orange and blue: told apart in every common colour blindness, on light and dark backgrounds."""

_CHART_WIDTH = 700
"""Mermaid's default ``xyChart.width``; a chart with more steps than fit gets wider (GitHub scales it down)."""


def line_chart(*, title: str, labels: Sequence[str], y_title: str, y_range: tuple[float, float],
               lines: Sequence[tuple[LineColour, Sequence[float]]], x_title: str = "Step") -> str:
    """A Mermaid ``xychart-beta`` with short ``labels`` on the x-axis (step numbers, which a table beside the
    chart names) and one line per entry in ``lines``, each in its colour.

    Mermaid writes every category label in 14 px and never rotates or skips one, so long names overprint:
    the labels are numbers, and the chart is made wide enough that they stand apart (an init directive)."""
    digits = max((len(label) for label in labels), default=1)
    width = max(_CHART_WIDTH, 120 + (10 + 9 * digits) * len(labels))
    palette = ", ".join(colour.hex for colour, _ in lines)
    config = ('%%{init: {"xyChart": {"width": ' + str(width) + ', "height": ' + str(max(500, width // 2)) + '}, '
              '"themeVariables": {"xyChart": {"plotColorPalette": "' + palette + '"}}}}%%')
    out = [config, "xychart-beta", f"  title {_quoted(title)}",
           f"  x-axis {_quoted(x_title)} [{', '.join(_quoted(label) for label in labels)}]",
           f"  y-axis {_quoted(y_title)} {number(y_range[0])} --> {number(y_range[1])}"]
    out += [f"  line [{', '.join(number(value) for value in values)}]" for _, values in lines]
    return "\n".join(out) + "\n"


LANE_COLOURS = (LineColour(hex="#188038", square="\N{LARGE GREEN SQUARE}", name=N_("green")),
                LineColour(hex="#8E24AA", square="\N{LARGE PURPLE SQUARE}", name=N_("purple")),
                LineColour(hex="#5F6368", square="\N{BLACK LARGE SQUARE}", name=N_("grey")))
"""The lines of score lanes after the emotion's blue (a fourth lane takes the first colour again)."""


def _lane_lines(journey: JourneyMap, scored: Sequence[str]) -> list[tuple[CustomLane, LineColour, list[float]]]:
    """The score lanes that score exactly the steps the emotion scores (a Mermaid line has no gaps), with their
    colour and scores stretched onto the map's scale."""
    lines: list[tuple[CustomLane, LineColour, list[float]]] = []
    for lane in journey.lanes:
        scores = lane.scores(journey) if lane.kind == "score" else {}
        if scores and set(scores) == set(scored):
            colour = LANE_COLOURS[len(lines) % len(LANE_COLOURS)]
            lines.append((lane, colour, [lane.on_scale(journey.scale, scores[step]) for step in scored]))
    return lines


def xychart(journey: JourneyMap, words: Language | None = None) -> str:
    """The curve as a Mermaid ``xychart-beta`` line over the scored steps, on the map's own scale; the x-axis
    shows each step's number in the map (the page's score table names them). A score lane that scores the same
    steps is a further line (see :func:`xychart_legend`). Titles in the language of ``words`` (default
    English); the numbers Mermaid draws stay in its own notation."""
    _, said = (words.gettext, words.number) if words else (str, number)
    steps = [step for _, step in journey.steps()]
    scored = [(str(index), step.id, value) for index, step in enumerate(steps, 1)
              if (value := step_value(step)) is not None]
    scale = journey.scale
    lanes = [(colour, values) for _, colour, values in _lane_lines(journey, [step for _, step, _ in scored])]
    return line_chart(title=_("Emotion curve"), labels=[label for label, _step, _value in scored], x_title=_("Step"),
                      y_title=_("Emotion (%(min)s..%(max)s)") % {"min": said(scale.min), "max": said(scale.max)},
                      y_range=(float(scale.min), float(scale.max)),
                      lines=[(AFTER, [value for _, _, value in scored]), *lanes])


def xychart_legend(journey: JourneyMap, words: Language | None = None) -> str:
    """What the lines of :func:`xychart` are, when there is more than the emotion's; else an empty string (in
    the language of ``words``, default English)."""
    _, said = (words.gettext, words.number) if words else (str, number)
    scored = [step.id for _, step in journey.steps() if step_value(step) is not None]
    lanes = _lane_lines(journey, scored)
    if not lanes:
        return ""
    lines = [colour.legend(_("%(lane)s %(low)s..%(high)s, stretched onto the emotion scale")
                           % {"lane": lane.title, "low": said(lane.low), "high": said(lane.high)}, words)
             for lane, colour, _scores in lanes]
    return " · ".join([AFTER.legend(_("emotion"), words), *lines])
