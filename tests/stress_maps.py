"""Stress maps for the layout tests: any number of steps, long or Cyrillic text, every map type.

Generated, not stored: ``stress_map(40, text="cyrillic", kind="service-blueprint")`` is a valid map whose every
step carries its number in its name (``S07``), so a test can find each step in a PDF's text even when the
browser wraps or hyphenates the rest of the name. Also a script that writes them for a person to look at:
``python -m tests.stress_maps FOLDER``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

KINDS = ("current-state", "future-state", "day-in-the-life", "service-blueprint")
TEXTS = ("plain", "long", "cyrillic")

_WORDS = {
    "plain": ("Opens the app", "Compares plans", "Calls support", "Pays online", "Waits for the parcel",
              "Unpacks the box", "Sets it up", "Asks a friend"),
    "long": ("Opens the app again because the notification promised a discount that is nowhere to be seen",
             "Compares three plans side by side, reading every footnote about cancellation fees twice",
             "Calls support and waits on hold for twenty-five minutes while the music loops",
             "Pays online with a card that the bank first declines as suspicious"),
    "cyrillic": ("Открывает приложение", "Сравнивает тарифы и читает примечания",
                 "Звонит в поддержку и долго ждёт ответа", "Оплачивает заказ картой",
                 "Примеряет платье для свадьбы подруги", "Распаковывает коробку"),
}
_LABELS = {
    "plain": ("calm", "curious", "annoyed", "relieved", "happy"),
    "long": ("foarte stresată pentru că întârzie la serviciu", "furioasă în trafic și fără nicio veste",
             "relieved that it finally worked after all", "delighted and telling everyone about it"),
    "cyrillic": ("очень расстроена из-за задержки", "спокойна", "раздражена ожиданием", "довольна результатом"),
}
_SCORES = (-2, 1, -1, 2, 0, -2, -1, 2, 1, -2)


def step_label(number: int) -> str:
    """The marker every stress step's name starts with: ``S07``."""
    return f"S{number:02d}"


def stress_map(steps: int, *, text: str = "plain", kind: str = "current-state", baseline: str | None = None,
               map_id: str | None = None) -> dict[str, Any]:
    """A valid map of ``steps`` steps in stages of three to five, every customer lane filled."""
    words, labels = _WORDS[text], _LABELS[text]
    body: list[dict[str, Any]] = []
    for index in range(steps):
        number = index + 1
        step: dict[str, Any] = {
            "id": f"s{number}", "name": f"{step_label(number)} {words[index % len(words)]}",
            "channel": ["web" if index % 2 else "store"],
            "actions": [words[(index + 1) % len(words)]], "thoughts": [words[(index + 2) % len(words)] + "?"],
            "emotion": {"score": _SCORES[index % len(_SCORES)], "label": labels[index % len(labels)]},
            "pain_points": [{"id": f"p{number}", "text": words[(index + 3) % len(words)],
                             "severity": ("low", "medium", "high", "critical")[index % 4]}],
            "moment_of_truth": index % 7 == 3,
        }
        if index % 5 == 4:
            del step["emotion"]  # a gap in the curve
        if kind == "day-in-the-life":
            step["time"] = f"{7 + index // 4:02d}:{(index % 4) * 15:02d}"
        if kind == "service-blueprint":
            step.update(physical_evidence=[words[index % len(words)]], frontstage=[words[(index + 4) % len(words)]],
                        backstage=[words[(index + 5) % len(words)]], support=[words[(index + 6) % len(words)]])
        body.append(step)
    stages, start, size = [], 0, 3
    while start < len(body):
        stage_number = len(stages) + 1
        name = {"plain": f"Stage {stage_number}", "long": f"Stage {stage_number}: getting through the long part",
                "cyrillic": f"Этап {stage_number}: выбор и покупка"}[text]
        stages.append({"id": f"stage-{stage_number}", "name": name, "steps": body[start:start + size]})
        start += size
        size = 3 + stage_number % 3
    journey: dict[str, Any] = {
        "cjmap": 1, "id": map_id or f"stress-{steps}-{text}-{kind}", "title": f"{steps} steps, {text} text, {kind}",
        "type": kind, "owner": "layout-tests", "reviewed": "2026-11-01", "scale": "-2..2",
        "persona": {"name": "Пётр" if text == "cyrillic" else "Pat", "goals": ["Get it done"]},
        "channels": {"web": "Website", "store": "Store"},
        "stages": stages,
    }
    if kind == "future-state":
        journey["baseline"] = baseline or "baseline.yaml"
    return journey


def write_stress_map(folder: Path, steps: int, *, text: str = "plain", kind: str = "current-state") -> Path:
    """The map as a file in ``folder`` (JSON is YAML); a future-state map gets its baseline file beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"stress-{steps}-{text}-{kind}"
    if kind == "future-state":
        base = stress_map(steps, text=text, kind="current-state", map_id=f"{name}-baseline")
        for offset, stage in enumerate(base["stages"]):  # a different curve, so the two lines part
            for step in stage["steps"]:
                if "emotion" in step:
                    step["emotion"]["score"] = max(-2, step["emotion"]["score"] - 1 + offset % 2)
        Path(folder, f"{name}-baseline.yaml").write_text(json.dumps(base, ensure_ascii=False), encoding="utf-8")
    journey = stress_map(steps, text=text, kind=kind, baseline=f"{name}-baseline.yaml")
    path = Path(folder, f"{name}.yaml")
    path.write_text(json.dumps(journey, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m tests.stress_maps FOLDER")
    for count in (1, 12, 24, 40, 60):
        for text_kind in TEXTS:
            for map_kind in KINDS:
                print(write_stress_map(Path(sys.argv[1]), count, text=text_kind, kind=map_kind))
