"""``cjmap init``: scaffold a new map (and persona file), or write the JSON Schemas into a repository."""

from __future__ import annotations

import enum
import os
from pathlib import Path
from typing import Annotated

import typer

from cjmap.cli.common import (
    EXIT_OK,
    check_output,
    choices,
    exit_with,
    fail,
    output_target,
    shown,
    warn,
    write_stdout,
    write_target,
)

HELP = """Scaffold a new map from a template per type, commented with what to write where.

The map validates and lints without errors, and its first line points the editor at the JSON Schema
(write the schemas with 'cjmap init --schema [DIR]', default ./schemas). Existing files are not
overwritten without --force.
Exit codes: 0 written, 2 usage or environment error (file exists, bad option, missing baseline).

PATH: the map file to create ('-' prints it on stdout); with --schema, the folder for the schemas (default
./schemas).
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
    from cjmap.writer import STDOUT

    if schema:
        if path == STDOUT:
            fail("--schema writes two files into a folder; 'cjmap schema' prints one on stdout")
        return _write_schemas(path or "schemas", force)
    if path is None:
        fail("name the map file to create, e.g. 'cjmap init maps/checkout.yaml --type current-state'")
    if map_type is None:
        fail("choose the map's type with --type " + choices(MapType))
    from cjmap.ids import slugify
    from cjmap.init import CLASSIC_STAGES, Scaffold, render_map, render_persona

    to_stdout = path == STDOUT
    target = Path("journey.yaml" if to_stdout else path)
    if not to_stdout:
        check_output(path, force=force)
        if target.suffix not in (".yaml", ".yml"):
            fail(f"{shown(path)}: a map file name ends in .yaml or .yml")
    new_persona = persona_file is not None and not os.path.lexists(persona_file)
    if persona is not None and persona_file is not None and not new_persona:
        fail(f"--persona names the persona of a new persona file, but {shown(persona_file)} exists already")
    if persona_file is not None and new_persona:
        check_output(persona_file)
    if baseline is not None and map_type is not MapType.future_state:
        fail("--baseline is for future-state maps (--type future-state)")
    if baseline is not None and not Path(baseline).is_file():
        fail(f"--baseline {shown(baseline)}: no such file; name the current-state map this map improves on")
    stage_names = tuple(name.strip() for name in stages.split(",")) if stages is not None else CLASSIC_STAGES
    if not stage_names or not all(stage_names):
        fail(f"--stages {stages!r}: give stage names separated by commas, e.g. --stages \"Discover,Buy,Use\"")
    stem = "journey" if to_stdout else target.name.split(".")[0]
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
    if not new_persona:
        _check(text, target)
    # Every name is checked: now the folders, the persona file, then (once the map validates with it) the map.
    created: list[str] = []
    try:
        if persona_file is not None and new_persona:
            persona_path = Path(persona_file)
            _make_folder(persona_path.parent)
            name = persona or persona_path.name.split(".")[0].replace("-", " ").capitalize()
            persona_text = render_persona(name, slugify(persona_path.name.split(".")[0]) or "persona",
                                          _relative(schemas / "cjmap-persona.schema.json", persona_path.parent))
            write_target(output_target(persona_file), persona_text.encode("utf-8"))
            created.append(persona_file)
            _check(text, target)
        if to_stdout:
            write_stdout(text)
        else:
            _make_folder(folder)
            write_target(output_target(path, force=force), text.encode("utf-8"))
            created.append(path)
    except BaseException:
        for made in created:
            Path(made).unlink(missing_ok=True)
        raise
    for made in created:
        warn(f"created {shown(made)}")
    if not to_stdout and not (schemas / "cjmap.schema.json").is_file():
        where = os.path.relpath(schemas)
        warn(f"the modeline points at {shown(where)}/cjmap.schema.json; write it with "
             f"'cjmap init --schema {shown(where)}'")
    return EXIT_OK


def _make_folder(folder: Path) -> None:
    """Create ``folder`` and its parents for a file checked already; a failure stops the command (exit 2)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"cannot create {shown(str(exc.filename or folder))}: {exc.strerror or exc}")


def _check(text: str, target: Path) -> None:
    """Refuse a scaffold that would not validate (a persona or baseline outside the project, say)."""
    from cjmap.validation.validator import validate_bytes

    result = validate_bytes(text.encode("utf-8"), str(target), target.parent)
    if result.problems:
        problem = result.problems[0]
        fail(f"the new map would not validate: {problem.message}" + (f" ({problem.hint})" if problem.hint else ""))


def _write_schemas(path: str, force: bool) -> int:
    """Write the map and persona schemas into folder ``path``; every name is checked before the first write."""
    from cjmap.schema import SCHEMA_FILES, render_schema

    check_output(path, folder=True)
    targets = [(os.path.join(path, SCHEMA_FILES[kind]), kind) for kind in ("map", "persona")]
    for target, _ in targets:
        check_output(target, force=force)
    _make_folder(Path(path))
    places = [(output_target(target, force=force), kind) for target, kind in targets]
    for place, kind in places:
        write_target(place, render_schema(kind).encode("utf-8"))  # type: ignore[arg-type]
    for target, _ in targets:
        warn(f"created {shown(target)}")
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
