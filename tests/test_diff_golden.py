"""``cjmap diff`` golden outputs: every kind of change in every format, asserted whole.

The pairs of maps live in tests/golden/diff/maps; the expected outputs beside them. After a deliberate change
of output, regenerate with ``CJMAP_UPDATE_GOLDEN=1 pytest tests/test_diff_golden.py`` and review the diff.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from cjmap.diff.sides import diff_files
from cjmap.reporters.diff import DIFF_REPORTER_BY_NAME

GOLDEN = Path(__file__).parent / "golden" / "diff"
PAIRS = {"kinds": ("maps/old.yaml", "maps/new.yaml"), "scale": ("maps/scale-old.yaml", "maps/scale-new.yaml"),
         "same": ("maps/old.yaml", "maps/old.yaml")}
SUFFIX = {"text": "txt", "markdown": "md", "json": "json", "github": "github.txt"}


def output(pair: str, fmt: str) -> str:
    old, new = PAIRS[pair]
    stream = io.StringIO()
    DIFF_REPORTER_BY_NAME[fmt](stream, diff_files(old, new), False)
    return stream.getvalue()


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CJMAP_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_golden_output(pair: str, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN)
    check_golden(f"{pair}.{SUFFIX[fmt]}", output(pair, fmt))


def test_the_kinds_pair_has_every_kind_of_change(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN)
    report = diff_files(*PAIRS["kinds"])
    (item,) = report.maps
    assert {kind for kind, n in item.counts().items() if n} == {
        "added", "removed", "modified", "moved", "renamed", "order-changed"}
    assert {(change.kind, change.entity) for change in item.changes} >= {
        ("added", "stage"), ("removed", "stage"), ("added", "step"), ("moved", "step"),
        ("renamed", "step"), ("renamed", "channel"), ("added", "channel"), ("removed", "channel"),
        ("moved", "pain_point"), ("order-changed", "steps"), ("order-changed", "stages")}
    assert {delta.direction for delta in item.emotions} == {"up", "down", "added", "removed"}
    assert any(change.derived_id for change in item.changes)


def test_the_scale_pair_compares_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GOLDEN)
    (item,) = diff_files(*PAIRS["scale"]).maps
    assert item.scale_changed
    assert [(d.step, d.direction, d.delta) for d in item.emotions] == [
        ("lands", "same", 0.0), ("form", "up", 1.0), ("done", "same", 0.0)]
