"""The model package: every public name re-exported from ``cjmap.model``, every module kept small."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import cjmap.model

MODEL = Path(cjmap.model.__file__).parent
MODULES = sorted(path.stem for path in MODEL.glob("*.py") if path.stem != "__init__")


def defined_names(path: Path) -> set[str]:
    """The public names a module defines at its top level (classes, functions, constants, type aliases)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(target.id for target in targets if isinstance(target, ast.Name))
    return {name for name in names if not name.startswith("_")}


def test_the_package_has_the_modules_the_format_is_split_into() -> None:
    assert MODULES == ["base", "journey", "scale", "step"]


@pytest.mark.parametrize("module", MODULES)
def test_every_public_name_is_reexported(module: str) -> None:
    # `from cjmap.model import X` is the one way to import the format: a name missing here breaks callers.
    assert defined_names(MODEL / f"{module}.py") - set(cjmap.model.__all__) == set()


@pytest.mark.parametrize("module", MODULES)
def test_reexported_names_are_the_modules_own(module: str) -> None:
    loaded = importlib.import_module(f"cjmap.model.{module}")
    for name in defined_names(MODEL / f"{module}.py"):
        assert getattr(cjmap.model, name) is getattr(loaded, name), name


def test_all_lists_only_names_the_package_has() -> None:
    assert [name for name in cjmap.model.__all__ if not hasattr(cjmap.model, name)] == []
    assert len(set(cjmap.model.__all__)) == len(cjmap.model.__all__)


@pytest.mark.parametrize("path", sorted(MODEL.glob("*.py")), ids=lambda path: path.name)
def test_every_model_module_stays_under_400_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


@pytest.mark.parametrize("field, written, read", [
    ("goals", "Save time", ["Save time"]),
    ("goals", ["Save time", "Pay less"], ["Save time", "Pay less"]),
    ("frustrations", [], []),
])
def test_text_lists_take_a_single_text_or_a_list(field: str, written: object, read: list[str]) -> None:
    persona = cjmap.model.Persona.model_validate({"name": "Ana", field: written})
    assert getattr(persona, field) == read


def test_a_lane_may_be_left_out_or_written_as_one_text() -> None:
    step = cjmap.model.Step.model_validate({"name": "Pays", "backstage": "Fraud check"})
    assert (step.backstage, step.frontstage) == (["Fraud check"], None)
