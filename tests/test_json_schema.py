"""The generated JSON Schema: in sync with the models, and agreeing with them on real files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from cjmap.loader import load
from cjmap.schema import SCHEMA_FILES, render_schema

ROOT = Path(__file__).parents[1]
MAPS = Path(__file__).parent / "maps"
SEMANTIC_ONLY = {"V030", "V031", "V032", "V033"}  # ids, references, files and scale bounds: beyond a schema
CROSS_FIELD = {"scale.yaml", "scale-labels.yaml"}  # min < max and labels within min..max compare two fields


@pytest.mark.parametrize("kind", ["map", "persona"])
def test_schema_files_match_the_models(kind: str) -> None:
    committed = (ROOT / "schemas" / SCHEMA_FILES[kind]).read_text(encoding="utf-8")
    assert committed == render_schema(kind), f"regenerate with: cjmap schema{' --persona' if kind == 'persona' else ''}"


def test_schema_declares_draft_2020_12() -> None:
    schema = json.loads(render_schema("map"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def as_json(value: Any) -> Any:
    """What an external validator sees: JSON data (mapping keys as strings, dates as text)."""
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


def schema_errors(path: Path) -> list[str]:
    data = as_json(load(path.read_bytes(), str(path)).data)
    kind = "persona" if "cjmap-persona" in data else "map"
    validator = Draft202012Validator(json.loads(render_schema(kind)))  # type: ignore[arg-type]
    return [error.message for error in validator.iter_errors(data)]


VALID = [*sorted(ROOT.glob("examples/**/*.yaml")), *sorted((MAPS / "valid").glob("*.yaml"))]


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_external_validator_accepts_what_cjmap_accepts(path: Path) -> None:
    assert schema_errors(path) == []


def structural_fixtures() -> list[Path]:
    found = []
    for path in sorted((MAPS / "invalid").glob("*.yaml")):
        codes = set(__import__("re").findall(r"# expect: \d+:\d+ (V\d+)", path.read_text(encoding="utf-8")))
        if codes - SEMANTIC_ONLY - {"V011"} and path.name not in CROSS_FIELD:  # duplicate keys never reach a schema
            found.append(path)
    return found


@pytest.mark.parametrize("path", structural_fixtures(), ids=lambda p: p.name)
def test_external_validator_rejects_what_cjmap_rejects(path: Path) -> None:
    assert schema_errors(path) != []


def test_semantic_only_fixture_passes_the_schema() -> None:
    # references.yaml breaks only what a schema cannot see; the validator must not invent errors.
    assert schema_errors(MAPS / "invalid" / "references.yaml") == []
