"""The Mermaid corpus round trip in real Mermaid: import -> validate -> render --format mermaid -> Mermaid.

For every diagram in ``../shared/corpus/mermaid-journeys``, Mermaid's own parse (its journey db:
``getSections()``, ``getTasks()``, ``getActors()``) of the rendered map must match its parse of the original:
the same sections, tasks, actors, and scores - equal when the map kept Mermaid's 1..5, mapped back from 1..5
onto the map's scale otherwise. Where the importer says it changes something (M002/M003), the comparison
expects exactly that change: tasks before any section sit in the stage 'Unnamed section', empty actor
names are gone, a score that is no number is drawn at the scale's neutral.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import browser, load_mermaid, mermaid_missing, watched_page
from conftest import SHARED

from cjmap.interop.emit import write_map
from cjmap.interop.journey import UNNAMED_SECTION
from cjmap.interop.load import read_mermaid
from cjmap.render.mermaid import from_mermaid_score, to_mermaid, to_mermaid_score
from cjmap.source import Source
from cjmap.validation.validator import validate_file

CORPUS = SHARED / "corpus" / "mermaid-journeys"
FILES = sorted(CORPUS.glob("*.mmd")) if CORPUS.is_dir() else []

JOURNEY_DB = """async (source) => {
  try {
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
    const db = diagram.db;
    return {sections: db.getSections(),
            tasks: db.getTasks().map((t) => ({section: t.section, task: t.task, score: t.score, people: t.people})),
            actors: db.getActors()};
  } catch (error) { return {error: String(error.message || error)}; }
}"""


def _text(value: str) -> str:
    """Mermaid's db text with its entity placeholders (encodeEntities) decoded and whitespace collapsed."""
    value = re.sub("\ufb02\u00b0\u00b0(\\d+)\u00b6\u00df", lambda m: chr(int(m[1])), value)
    value = re.sub("\ufb02\u00b0(\\w+)\u00b6\u00df", lambda m: html.unescape(f"&{m[1]};"), value)
    return " ".join(value.split())


@pytest.fixture(scope="module")
def mermaid_page() -> Iterator[Any]:
    if reason := mermaid_missing():
        pytest.skip(reason)
    with browser() as instance, watched_page(instance) as page:
        load_mermaid(page)
        yield page


def _parsed(page: Any, source: str) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(JOURNEY_DB, source)
    assert "error" not in result, result
    return result


@pytest.mark.skipif(not FILES, reason=f"{CORPUS} is absent")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_corpus_round_trip(mermaid_page: Any, path: Path) -> None:
    maps, problems, _ = read_mermaid(str(path))
    assert [p for p in problems if p.severity.label == "error"] == [] and len(maps) == 1
    text = write_map(maps[0].data, header=maps[0].header)
    result = validate_file(Source.of(path.stem + ".yaml", text.encode("utf-8")))
    assert result.valid, result.problems
    journey = result.journey
    assert journey is not None
    original = _parsed(mermaid_page, path.read_text(encoding="utf-8"))
    rendered = _parsed(mermaid_page, to_mermaid(journey))

    unnamed = any(task["section"] == "" for task in original["tasks"])
    assert [_text(s) for s in rendered["sections"]] == (
        [UNNAMED_SECTION] * unnamed + [_text(s) for s in original["sections"]])
    assert sorted(_text(a) for a in rendered["actors"]) == sorted(_text(a) for a in original["actors"] if _text(a))
    assert len(rendered["tasks"]) == len(original["tasks"])
    scale = journey.scale
    for before, after in zip(original["tasks"], rendered["tasks"]):
        assert _text(after["section"]) == (_text(before["section"]) or UNNAMED_SECTION)
        assert _text(after["task"]) == _text(before["task"])
        assert [_text(a) for a in after["people"]] == [_text(a) for a in before["people"] if _text(a)]
        if before["score"] is None or (isinstance(before["score"], float) and math.isnan(before["score"])):
            # NaN (a score that is no number) reaches JSON as null: the step has no emotion, drawn at neutral.
            assert after["score"] == pytest.approx(to_mermaid_score(scale, float(scale.neutral or 0)), abs=0.005)
        elif (scale.min, scale.max) == (1, 5):
            assert after["score"] == before["score"]
        else:
            assert from_mermaid_score(scale, after["score"]) == pytest.approx(before["score"], abs=0.005 * scale.span() / 4 + 1e-9)


def test_the_corpus_is_all_there() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent")
    assert len(FILES) == 29
