"""An emotion label contradicts its score.

When a label and a score disagree (`{score: 2, label: delighted}` on a 1..5 scale), readers of the
map and readers of the curve see two different journeys, and nobody knows which one the research
said. The rule compares labels with the scale's own labels (`scale.labels`), which are the map's
vocabulary, and with the plain meaning of common emotion words:

- a label that is the scale's label of *another* score contradicts the score;
- a label spelt differently from the scale's label for its score ("Annoyed" for "annoyed") is
  normalised;
- a common negative word ("frustrated", "anxious", ...) on a score above neutral, or a common
  positive word ("delighted", "relieved", ...) below neutral, contradicts the score.

Actors' emotions are checked the same way. The fix sets the label to the scale's label for the
score, when the scale has one.

Options:
- `strict` (default `false`): also report any label other than the scale's label for the score
  (e.g. "stressed" where the scale says "annoyed"), for teams that keep to one vocabulary.

Fails:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    scale:
      min: 1
      max: 5
      labels: {1: angry, 2: annoyed, 3: neutral, 4: pleased, 5: delighted}
    stages:
      - id: pay
        name: Pay
        steps:
          - id: card
            name: Enters card details
            emotion: {score: 2, label: delighted}

Passes:
    cjmap: 1
    id: checkout
    title: Online checkout
    type: current-state
    scale:
      min: 1
      max: 5
      labels: {1: angry, 2: annoyed, 3: neutral, 4: pleased, 5: delighted}
    stages:
      - id: pay
        name: Pay
        steps:
          - id: card
            name: Enters card details
            emotion: {score: 2, label: annoyed}
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from cjmap.document import Path
from cjmap.lint.rules import _helpers
from cjmap.lint.rules.base import Fix, LintContext, RoundTripData, Violation
from cjmap.model import Emotion, Scale
from cjmap.problem import Severity

CODE = "R002"
NAME = "emotion-label-mismatch"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"strict": False}

POSITIVE = frozenset(
    "calm cheerful confident content delighted eager excited glad grateful happy hopeful impressed "
    "joyful pleased proud reassured relaxed relieved satisfied thrilled".split()
)
NEGATIVE = frozenset(
    "afraid angry annoyed anxious bored confused disappointed frustrated furious grumpy helpless "
    "impatient irritated lost nervous overwhelmed sad scared stressed tired uncertain unhappy upset "
    "worried".split()
)


def _key(label: str) -> str:
    return " ".join(label.split()).casefold()


def check(context: LintContext, options: Mapping[str, Any]) -> Iterator[Violation]:
    """Labels that name another score's label, read the opposite way, or are spelt differently."""
    strict = bool(_helpers.merged(OPTIONS, options)["strict"])
    scale = context.journey.scale
    owner = {_key(label): score for score, label in scale.labels.items()}
    for ref in _helpers.steps(context.journey):
        scored: list[tuple[Path, str, Emotion | None]] = [((*ref.path, "emotion"), f"step '{ref.step.id}'",
                                                          ref.step.emotion)]
        scored += [((*ref.path, "actors", actor), f"actor '{actor}' at step '{ref.step.id}'", emotion)
                   for actor, emotion in ref.step.actors.items()]
        for path, who, emotion in scored:
            if emotion is None or emotion.label is None:
                continue
            found = _mismatch(emotion, scale, owner, strict)
            if found is None:
                continue
            expected = _scale_label(scale, emotion.score)
            fix = None
            hint = "change the label or the score so they tell the same story"
            if expected is not None:
                hint = f"the scale's label for {emotion.score} is '{expected}'; use it, or change the score"
                fix = Fix(f"set the label to '{expected}'", _set_label(path, expected))
            yield Violation((*path, "label"), f"emotion of {who}: {found}", hint, fix)


def _scale_label(scale: Scale, score: float) -> str | None:
    if not float(score).is_integer():
        return None
    return scale.labels.get(int(score))


def _mismatch(emotion: Emotion, scale: Scale, owner: dict[str, int], strict: bool) -> str | None:
    """What is wrong with the label, or ``None``."""
    label, score = emotion.label or "", emotion.score
    key = _key(label)
    expected = _scale_label(scale, score)
    if expected is not None and key == _key(expected):
        return None if label == expected else f"label '{label}' is spelt differently from the scale's '{expected}'"
    if key in owner:
        return f"label '{label}' is the scale's label for {owner[key]}, but the score is {score}"
    side = scale.normalise(score)
    if key in NEGATIVE and side > 0:
        return f"label '{label}' reads negative, but the score {score} is above neutral ({scale.neutral})"
    if key in POSITIVE and side < 0:
        return f"label '{label}' reads positive, but the score {score} is below neutral ({scale.neutral})"
    if strict and expected is not None:
        return f"label '{label}' is not the scale's label for {score} ('{expected}')"
    return None


def _set_label(path: Path, label: str) -> Callable[[RoundTripData], None]:
    def apply(data: RoundTripData) -> None:
        emotion = _helpers.node_at(data, path)
        if isinstance(emotion, Mapping) and "label" in emotion:
            emotion["label"] = label  # type: ignore[index]

    return apply
