"""``cjmap init``: scaffold a new map (and persona file), or write the JSON Schemas into a repository."""

from __future__ import annotations

import enum
import os
from pathlib import Path
from typing import Annotated

import typer

from cjmap.cli.common import EXIT_OK, choices, exit_with, fail, warn

HELP = """Scaffold a new map from a template per type, commented with what to write where.

The map validates and lints without errors, and its first line points the editor at the JSON Schema
(write the schemas with 'cjmap init --schema [DIR]', default ./schemas). Existing files are not
overwritten without --force.
Exit codes: 0 written, 2 usage or environment error (file exists, bad option, missing baseline).

PATH: the map file to create; with --schema, the folder for the schemas (default ./schemas).
"""


class MapType(str, enum.Enum):
    current_state = "current-state"
    future_state = "future-state"
    day_in_the_life = "day-in-the-life"
    service_blueprint = "service-blueprint"


class ScaleChoice(str, enum.Enum):
    five = "1..5"
    signed = "-2..2"
    ten = "1..10"


def init(path: str | None, *, map_type: MapType | None = None, title: str | None = None,
         map_id: str | None = None, stages: str | None = None, scale: ScaleChoice = ScaleChoice.five,
         persona: str | None = None, persona_file: str | None = None, baseline: str | None = None,
         schema: bool = False, force: bool = False) -> int:
    """Write a new map (or with ``schema`` the schemas); the exit code."""
    if schema:
        return _write_schemas(Path(path or "schemas"), force)
    if path is None:
        fail("name the map file to create, e.g. 'cjmap init maps/checkout.yaml --type current-state'")
    if map_type is None:
        fail("choose the map's type with --type " + choices(MapType))
    from cjmap.ids import slugify
    from cjmap.init import CLASSIC_STAGES, Scaffold, render_map, render_persona

    target = Path(path)
    _refuse_existing(target, force)
    if target.suffix not in (".yaml", ".yml"):
        fail(f"{path}: a map file name ends in .yaml or .yml")
    if persona is not None and persona_file is not None and Path(persona_file).exists():
        fail(f"--persona names the persona of a new persona file, but {persona_file} exists already")
    if baseline is not None and map_type is not MapType.future_state:
        fail("--baseline is for future-state maps (--type future-state)")
    if baseline is not None and not Path(baseline).is_file():
        fail(f"--baseline {baseline}: no such file; name the current-state map this map improves on")
    stage_names = tuple(name.strip() for name in stages.split(",")) if stages is not None else CLASSIC_STAGES
    if not stage_names or not all(stage_names):
        fail(f"--stages {stages!r}: give stage names separated by commas, e.g. --stages \"Discover,Buy,Use\"")
    stem = target.name.split(".")[0]
    identifier = map_id or slugify(stem) or "journey"
    folder = target.parent
    schemas = _schema_folder(folder)
    scaffold = Scaffold(
        map_type=map_type.value, map_id=identifier, title=title or stem.replace("-", " ").capitalize(),
        stages=stage_names, scale=scale.value, persona_name=persona,
        persona_file=_relative(Path(persona_file), folder) if persona_file is not None else None,
        baseline=_relative(Path(baseline), folder) if baseline is not None else None,
        schema=_relative(schemas / "cjmap.schema.json", folder))
    text = render_map(scaffold)
    created: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if persona_file is not None and not Path(persona_file).exists():
            persona_path = Path(persona_file)
            persona_path.parent.mkdir(parents=True, exist_ok=True)
            name = persona or persona_path.name.split(".")[0].replace("-", " ").capitalize()
            persona_text = render_persona(name, slugify(persona_path.name.split(".")[0]) or "persona",
                                          _relative(schemas / "cjmap-persona.schema.json", persona_path.parent))
            persona_path.write_text(persona_text, encoding="utf-8")
            created.append(persona_path)
        _check(text, target)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        for made in created:
            made.unlink(missing_ok=True)
        fail(f"cannot write {exc.filename or path}: {exc.strerror or exc}")
    except BaseException:
        for made in created:
            made.unlink(missing_ok=True)
        raise
    for made in created:
        warn(f"created {made}")
    warn(f"created {target}")
    if not (schemas / "cjmap.schema.json").is_file():
        shown = os.path.relpath(schemas)
        warn(f"the modeline points at {shown}/cjmap.schema.json; write it with 'cjmap init --schema {shown}'")
    return EXIT_OK


def _check(text: str, target: Path) -> None:
    """Refuse a scaffold that would not validate (a persona or baseline outside the project, say)."""
    from cjmap.validation.validator import validate_bytes

    result = validate_bytes(text.encode("utf-8"), str(target), target.parent)
    if result.problems:
        problem = result.problems[0]
        fail(f"the new map would not validate: {problem.message}" + (f" ({problem.hint})" if problem.hint else ""))


def _refuse_existing(target: Path, force: bool) -> None:
    if target.exists() and not force:
        fail(f"{target} exists already; use --force to overwrite it")
    if target.exists() and not target.is_file():
        fail(f"{target} is not a file")


def _write_schemas(folder: Path, force: bool) -> int:
    """Write the map and persona schemas into ``folder``."""
    from cjmap.schema import SCHEMA_FILES, render_schema

    targets = [(folder / SCHEMA_FILES[kind], kind) for kind in ("map", "persona")]
    for target, _ in targets:
        _refuse_existing(target, force)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for target, kind in targets:
            target.write_text(render_schema(kind), encoding="utf-8")  # type: ignore[arg-type]
    except OSError as exc:
        fail(f"cannot write {exc.filename or folder}: {exc.strerror or exc}")
    for target, _ in targets:
        warn(f"created {target}")
    return EXIT_OK


def _schema_folder(folder: Path) -> Path:
    """The nearest ``schemas/`` folder holding the map schema, from the map's folder upwards; else ./schemas."""
    for candidate in (folder.resolve(), *folder.resolve().parents):
        if (candidate / "schemas" / "cjmap.schema.json").is_file():
            return candidate / "schemas"
    return Path.cwd() / "schemas"


def _relative(path: Path, start: Path) -> str:
    """``path`` relative to folder ``start``, with forward slashes (what YAML references and URLs use)."""
    return Path(os.path.relpath(path.resolve(), start.resolve())).as_posix()


def command(
    path: Annotated[str | None, typer.Argument(metavar="PATH", show_default=False, hidden=True)] = None,
    map_type: Annotated[MapType | None, typer.Option(
        "--type", "-t", metavar=choices(MapType), show_default=False, help="The type of map.")] = None,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="The map's title.")] = None,
    map_id: Annotated[str | None, typer.Option(
        "--id", metavar="ID", help="The map's id (default: from the file name).")] = None,
    stages: Annotated[str | None, typer.Option(
        "--stages", metavar="A,B,C", show_default=False,
        help="Stage names, comma-separated (default: Awareness,Consideration,Purchase,Use,Loyalty).")] = None,
    scale: Annotated[ScaleChoice, typer.Option(
        "--scale", metavar=choices(ScaleChoice), help="The emotion scale.")] = ScaleChoice.five,
    persona: Annotated[str | None, typer.Option(
        "--persona", metavar="NAME", help="The persona's name (inline, or of a new --persona-file).")] = None,
    persona_file: Annotated[str | None, typer.Option(
        "--persona-file", metavar="PATH",
        help="Use this persona file; created (with cjmap-persona: 1) when it does not exist.")] = None,
    baseline: Annotated[str | None, typer.Option(
        "--baseline", metavar="PATH", help="Future-state maps: the current-state map (must exist).")] = None,
    schema: Annotated[bool, typer.Option(
        "--schema", help="Write cjmap.schema.json and cjmap-persona.schema.json into PATH (default ./schemas).")]
    = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    exit_with(init, path, map_type=map_type, title=title, map_id=map_id, stages=stages, scale=scale,
              persona=persona, persona_file=persona_file, baseline=baseline, schema=schema, force=force)
