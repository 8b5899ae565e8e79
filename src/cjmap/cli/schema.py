"""``cjmap schema``: print the JSON Schema of map (or persona) files."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cjmap.cli.common import EXIT_OK, exit_with

HELP = "Print the JSON Schema (draft 2020-12) of map files, for editors and external validators."


def schema(*, persona: bool = False) -> int:
    """Print the schema; always exit 0."""
    from cjmap.schema import render_schema

    sys.stdout.write(render_schema("persona" if persona else "map"))
    return EXIT_OK


def command(
    persona: Annotated[bool, typer.Option("--persona", help="Print the schema of persona files instead.")] = False,
) -> None:
    exit_with(schema, persona=persona)
