"""The JSON Schema of map and persona files, generated from the models."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel

from cjmap.model import JourneyMap, PersonaFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILES: dict[str, str] = {"map": "cjmap.schema.json", "persona": "cjmap-persona.schema.json"}
_MODELS: dict[str, type[BaseModel]] = {"map": JourneyMap, "persona": PersonaFile}


def build_schema(kind: Literal["map", "persona"] = "map") -> dict[str, Any]:
    """The schema as a dict, with ``$schema`` first."""
    generated = _MODELS[kind].model_json_schema(mode="validation")
    return {"$schema": DIALECT, **generated}


def render_schema(kind: Literal["map", "persona"] = "map") -> str:
    """The schema as stable, indented JSON text (what ``schemas/`` holds)."""
    return json.dumps(build_schema(kind), indent=2, ensure_ascii=False) + "\n"
