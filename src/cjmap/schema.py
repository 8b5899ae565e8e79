"""The JSON Schema of map and persona files, generated from the models.

Each schema carries a stable ``$id``: the address it is published at, so an editor outside a cjmap checkout
can fetch it (``# yaml-language-server: $schema=<the address>``) and a SchemaStore catalogue entry can name
it. :data:`SCHEMA_BASE` is the one place that address is written.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel

from cjmap.model import JourneyMap, PersonaFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE = "https://raw.githubusercontent.com/cjmap/cjmap/main/schemas/"
"""Where ``schemas/`` is published: the repository's main branch, as GitHub serves its raw files."""
SCHEMA_FILES: dict[str, str] = {"map": "cjmap.schema.json", "persona": "cjmap-persona.schema.json"}
_MODELS: dict[str, type[BaseModel]] = {"map": JourneyMap, "persona": PersonaFile}


def schema_url(kind: Literal["map", "persona"] = "map") -> str:
    """The published address of a schema: its ``$id``."""
    return SCHEMA_BASE + SCHEMA_FILES[kind]


def build_schema(kind: Literal["map", "persona"] = "map") -> dict[str, Any]:
    """The schema as a dict, with ``$schema`` and ``$id`` first."""
    generated = _MODELS[kind].model_json_schema(mode="validation")
    return {"$schema": DIALECT, "$id": schema_url(kind), **generated}


def render_schema(kind: Literal["map", "persona"] = "map") -> str:
    """The schema as stable, indented JSON text (what ``schemas/`` holds)."""
    return json.dumps(build_schema(kind), indent=2, ensure_ascii=False) + "\n"
