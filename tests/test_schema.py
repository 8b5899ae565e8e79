"""The JSON Schemas in ``schemas/``: generated from the models, never drifting, and agreeing with them.

An external validator (``jsonschema``, draft 2020-12) must accept every example and valid fixture and
reject every invalid fixture whose problems are structural (V020-V023). Consistency problems (V030-V033)
need the whole map, which a schema cannot see: those fixtures must be *accepted* by the schema, which
proves the line between the two kinds of check is where the codes say.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, FIXTURES, SCHEMAS, CliRunner, example_files
from jsonschema import Draft202012Validator
from test_validation import INVALID, VALID, declared

from cjmap.loader import LoadError, load
from cjmap.schema import DIALECT, SCHEMA_BASE, SCHEMA_FILES, build_schema, render_schema, schema_url

STRUCTURAL = {"V020", "V021", "V022", "V023"}
SEMANTIC = {
    "V011": "duplicate keys vanish when YAML becomes data; the schema sees only the later value",
    "V030": "unique ids across a list need the whole map",
    "V031": "references resolve against catalogues elsewhere in the map",
    "V032": "files on disk are outside a schema's reach",
    "V033": "the scale an emotion must lie on is declared elsewhere in the map",
}
UNLOADABLE = {"V002", "V010", "V012", "V013", "V014"}
"""The file never becomes data, so there is nothing to hand to an external validator."""
CROSS_FIELD = {
    "scale-labels.yaml": "labels must lie between min and max: JSON Schema cannot compare a key with a sibling",
    "scale-neutral.yaml": "neutral must lie between min and max: JSON Schema cannot compare siblings",
    "scale-reversed.yaml": "min must be below max: JSON Schema cannot compare siblings",
}
"""Structural (V023) problems that come from model validators comparing values: the schema accepts these."""


def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def as_json(value: Any) -> Any:
    """Loaded YAML as JSON would hold it: keys are strings (scale labels are integer keys in YAML)."""
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


def external_errors(path: Path) -> list[str]:
    data = as_json(load(path.read_bytes(), str(path)).data)
    kind = "persona" if "cjmap-persona" in data else "map"
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator(kind).iter_errors(data)]


@pytest.mark.parametrize("kind", ["map", "persona"])
def test_schema_files_are_what_the_models_generate(kind: str) -> None:
    on_disk = (SCHEMAS / SCHEMA_FILES[kind]).read_text(encoding="utf-8")
    assert on_disk == render_schema(kind), (
        f"schemas/{SCHEMA_FILES[kind]} drifted from the models; regenerate it with 'cjmap schema"
        f"{' --persona' if kind == 'persona' else ''} > schemas/{SCHEMA_FILES[kind]}'")


@pytest.mark.parametrize("args, file", [(["schema"], "cjmap.schema.json"),
                                        (["schema", "--persona"], "cjmap-persona.schema.json")])
def test_schema_command_prints_the_committed_file(cli: CliRunner, args: list[str], file: str) -> None:
    result = cli(*args)
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == (SCHEMAS / file).read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["map", "persona"])
def test_schemas_declare_draft_2020_12_first_and_are_valid_schemas(kind: str) -> None:
    schema = build_schema(kind)
    assert DIALECT == "https://json-schema.org/draft/2020-12/schema"
    assert next(iter(schema)) == "$schema" and schema["$schema"] == DIALECT
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("kind", ["map", "persona"])
def test_schemas_carry_their_published_address_and_a_title(kind: str) -> None:
    schema = build_schema(kind)
    assert list(schema)[:2] == ["$schema", "$id"]
    assert schema["$id"] == schema_url(kind) == SCHEMA_BASE + SCHEMA_FILES[kind]
    assert schema["$id"].startswith("https://") and schema["$id"].endswith("/" + SCHEMA_FILES[kind])
    assert schema["title"].startswith("cjmap ") and schema["description"]


def test_the_published_address_is_in_the_repository_pyproject_names() -> None:
    import tomllib

    repository = tomllib.loads((SCHEMAS.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"][
        "Repository"]
    owner_and_name = repository.removeprefix("https://github.com/")
    assert SCHEMA_BASE == f"https://raw.githubusercontent.com/{owner_and_name}/main/schemas/"


def undescribed(schema: Any, at: str = "#") -> list[str]:
    """Every property, anywhere in ``schema`` (``$defs``, ``anyOf`` branches ...), that has no description."""
    found: list[str] = []
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                found += [f"{at}/properties/{name}" for name, sub in value.items() if not sub.get("description")]
            found += undescribed(value, f"{at}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            found += undescribed(value, f"{at}/{index}")
    return found


@pytest.mark.parametrize("kind", ["map", "persona"])
def test_every_property_has_a_description_for_hover_and_completion(kind: str) -> None:
    schema = json.loads((SCHEMAS / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))
    assert undescribed(schema) == [], "add Field(description=...) to these fields of the models"


def test_the_description_check_finds_a_property_without_one() -> None:
    schema = {"$defs": {"Step": {"anyOf": [{"type": "string"}, {"properties": {"name": {"type": "string"},
                                                                              "id": {"description": "x"}}}]}}}
    assert undescribed(schema) == ["#/$defs/Step/anyOf/1/properties/name"]


def test_map_schema_names_the_required_keys_and_forbids_others() -> None:
    schema = build_schema("map")
    assert schema["required"] == ["cjmap", "id", "title", "type", "stages"]
    assert schema["additionalProperties"] is False
    assert build_schema("persona")["required"] == ["name", "cjmap-persona"]


@pytest.mark.parametrize("path", example_files() + VALID, ids=lambda p: p.name)
def test_external_validator_accepts_examples_and_valid_fixtures(path: Path) -> None:
    assert external_errors(path) == []


def test_examples_point_editors_at_the_schemas() -> None:
    for path in example_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = (path.parent / first.removeprefix("# yaml-language-server: $schema=")).resolve()
        assert target.parent == SCHEMAS.resolve() and target.is_file(), path


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_external_validator_agrees_with_the_models_on_invalid_fixtures(path: Path) -> None:
    codes = {expected.code for expected in declared(path) if expected.file == str(path)}
    if codes & UNLOADABLE:
        with pytest.raises(LoadError):
            load(path.read_bytes(), str(path))
        return
    errors = external_errors(path)
    if path.name in CROSS_FIELD:
        assert codes == {"V023"} and errors == [], CROSS_FIELD[path.name]
    elif codes & STRUCTURAL:
        assert errors, f"the models report {sorted(codes)} but the schema accepts {path.name}"
    else:
        assert codes <= set(SEMANTIC), codes
        assert errors == [], f"only consistency problems {sorted(codes)}, yet the schema refuses"


def test_the_agreement_test_covers_both_kinds() -> None:
    kinds = {frozenset({e.code for e in declared(path) if e.file == str(path)} & (STRUCTURAL | set(SEMANTIC)))
             for path in INVALID}
    assert any(kind & STRUCTURAL for kind in kinds) and any(kind and kind <= set(SEMANTIC) for kind in kinds)


def test_persona_files_with_problems_are_refused_by_the_persona_schema() -> None:
    assert external_errors(FIXTURES / "personas" / "broken.yaml") != []
    assert external_errors(FIXTURES / "personas" / "maya.yaml") == []
    assert external_errors(EXAMPLES / "personas" / "solo-accountant.yaml") == []
