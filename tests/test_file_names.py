"""The opt-in file-name convention: ``*.journey.yaml`` is a map and ``*.persona.yaml`` a persona file, found
by a folder search and checked as what the name says even without the ``cjmap:`` (``cjmap-persona:``) marker,
as editors and SchemaStore's catalogue entries match the same names."""

from __future__ import annotations

import json
import re
from fnmatch import fnmatch
from pathlib import Path

import pytest
from conftest import MINIMAL_MAP, SCHEMAS, CliRunner

from cjmap.discovery import MAP_NAMES, PERSONA_NAMES, named_kind, select
from cjmap.schema import SCHEMA_FILES, schema_url

UNMARKED_MAP = MINIMAL_MAP.removeprefix("cjmap: 1\n")
UNMARKED_PERSONA = "name: Maya\nrole: Freelance accountant\n"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("name", "kind"), [
    ("checkout.journey.yaml", "map"), ("checkout.journey.yml", "map"), ("maya.persona.yaml", "persona"),
    ("maya.persona.yml", "persona"), ("checkout.yaml", None), ("journey.yaml", None), ("persona.yaml", None),
    ("checkout.journey.yaml.bak", None), ("checkout.journey.json", None),
])
def test_the_name_says_what_a_file_is(name: str, kind: str | None) -> None:
    assert named_kind(name) == kind


def test_a_folder_search_finds_files_by_name_as_by_marker(tmp_path: Path) -> None:
    write(tmp_path, {"a.journey.yaml": UNMARKED_MAP, "b.journey.yml": UNMARKED_MAP, "c.yaml": MINIMAL_MAP,
                     "people/maya.persona.yaml": UNMARKED_PERSONA, "notes.yaml": "title: not a map\n",
                     "other.yml": UNMARKED_MAP})
    found = [Path(name).relative_to(tmp_path).as_posix() for name in select([str(tmp_path)]).files]
    assert found == ["a.journey.yaml", "b.journey.yml", "c.yaml", "people/maya.persona.yaml"]


def test_named_files_are_checked_as_what_their_names_say(cli: CliRunner, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"maps/trip.journey.yaml": UNMARKED_MAP, "maps/maya.persona.yaml": UNMARKED_PERSONA,
                     "maps/done.journey.yaml": MINIMAL_MAP, "maps/notes.yaml": "title: not a map\n"})
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "maps")
    assert (result.code, result.stdout) == (1, (
        "maps/maya.persona.yaml:1:1: V021 [missing-key] missing required key 'cjmap-persona'\n"
        "  hint: start the file with 'cjmap-persona: 1' (the format version of persona files)\n"
        "maps/trip.journey.yaml:1:1: V021 [missing-key] missing required key 'cjmap'\n"
        "  hint: start the file with 'cjmap: 1' (the format version)\n"
        "Found 2 errors in 2 of 3 files.\n"))


def test_the_marker_wins_over_the_name(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A map saved under a persona's name is still a map (and a persona file under a map's name a persona).
    write(tmp_path, {"odd.persona.yaml": MINIMAL_MAP, "odd.journey.yaml": "cjmap-persona: 1\n" + UNMARKED_PERSONA})
    monkeypatch.chdir(tmp_path)
    result = cli("validate", ".")
    assert (result.code, result.stdout, result.stderr) == (0, "All good! 2 files checked.\n", "")


def test_the_schemastore_catalogue_matches_the_names_discovery_knows() -> None:
    catalogue = json.loads((SCHEMAS / "schemastore-catalog.json").read_text(encoding="utf-8"))
    entries = {entry["url"]: entry for entry in catalogue["schemas"]}
    assert sorted(entries) == sorted(schema_url(kind) for kind in SCHEMA_FILES)
    for kind, endings in (("map", MAP_NAMES), ("persona", PERSONA_NAMES)):
        entry = entries[schema_url(kind)]
        assert entry["name"] and entry["description"]
        assert sorted(entry["fileMatch"]) == sorted(f"*{ending}" for ending in endings)
        for glob in entry["fileMatch"]:
            assert named_kind(glob.replace("*", "checkout")) == kind
            assert not fnmatch("checkout.yaml", glob)


def test_the_editor_page_gives_the_published_addresses_and_the_names() -> None:
    page = (SCHEMAS.parent / "docs" / "editors-schema.md").read_text(encoding="utf-8")
    addresses = set(re.findall(r"https://raw\.githubusercontent\.com/[^\s\"'`|)]+", page))
    assert addresses == {schema_url(kind) for kind in SCHEMA_FILES}
    vscode = re.search(r"```json\n(\{\n  \"yaml\.schemas\".*?)```", page, re.DOTALL)
    assert vscode is not None, "the VS Code settings block"
    settings = json.loads(vscode[1])
    assert settings["yaml.schemas"] == {schema_url("map"): [f"*{end}" for end in MAP_NAMES],
                                        schema_url("persona"): [f"*{end}" for end in PERSONA_NAMES]}
