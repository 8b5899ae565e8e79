"""Architecture: only the CLI and the reporters know the terminal, and start-up stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "cjmap"
TERMINAL = {"typer", "click", "rich"}


def may_use_the_terminal(relative: Path) -> bool:
    """The CLI, the reporters, and modules that render score output for a terminal."""
    name = relative.name
    return (relative.parts[0] in ("reporters", "cli") or name == "scorecard.py"
            or name.startswith("score_output"))


def terminal_imports(source: str) -> list[str]:
    """Every import of a terminal library in ``source``, wherever it stands (also inside functions)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] in TERMINAL]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in TERMINAL:
                found.append(node.module)
        elif (isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))
              and getattr(node.func, "id", getattr(node.func, "attr", "")) in ("import_module", "__import__")
              and node.args and isinstance(node.args[0], ast.Constant)
              and str(node.args[0].value).split(".")[0] in TERMINAL):
            found.append(str(node.args[0].value))
    return found


def test_the_detector_finds_every_way_of_importing() -> None:
    source = ("import os\nimport rich.console\nfrom typer import Exit\ndef f():\n    import click\n"
              "    importlib.import_module('rich.table')\nfrom . import cli\nfrom richer import x\n")
    assert terminal_imports(source) == ["rich.console", "typer", "click", "rich.table"]


def test_only_the_cli_and_reporters_import_terminal_libraries() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 10
    offenders = {str(path.relative_to(PACKAGE)): imports for path in modules
                 if not may_use_the_terminal(path.relative_to(PACKAGE))
                 and (imports := terminal_imports(path.read_text(encoding="utf-8")))}
    assert offenders == {}


@pytest.mark.parametrize("relative, allowed", [
    ("cli/__init__.py", True), ("cli/common.py", True), ("lint/cli.py", False), ("cli.py", False),
    ("reporters/text.py", True), ("reporters/scorecard.py", True), ("scorecard.py", True),
    ("score_output.py", True), ("score_output_text.py", True), ("scoring.py", False), ("loader.py", False),
    ("rules/s001.py", False),
])
def test_the_exemptions_are_narrow(relative: str, allowed: bool) -> None:
    assert may_use_the_terminal(Path(relative)) is allowed


HEAVY = ("ruamel", "pydantic", "jinja2", "cjmap.model", "cjmap.loader", "cjmap.validation.validator", "cjmap.schema")


def loaded_after(*args: str) -> set[str]:
    """The modules ``sys.modules`` holds after running the CLI with ``args`` in a fresh interpreter."""
    code = ("import sys\nfrom cjmap.cli import main\nsys.argv = ['cjmap', *sys.argv[1:]]\n"
            "try:\n    code = main()\nfinally:\n    sys.stderr.write('\\n'.join(sorted(sys.modules)))\n"
            "sys.exit(code)\n")
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return set(result.stderr.split())


def heavy(modules: set[str]) -> set[str]:
    return {name for name in modules if any(name == h or name.startswith(h + ".") for h in HEAVY)}


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["-V"]])
def test_version_and_help_do_not_import_yaml_model_or_templates(args: list[str]) -> None:
    modules = loaded_after(*args)
    assert "cjmap.cli" in modules  # the probe works: it sees what was imported
    assert heavy(modules) == set()


def test_the_probe_does_see_heavy_imports(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text("cjmap: 1\nid: m\ntitle: M\ntype: current-state\nstages: []\n", encoding="utf-8")
    assert {"ruamel.yaml", "pydantic", "cjmap.model", "cjmap.loader"} <= heavy(loaded_after("validate", str(tmp_path)))


def test_python_dash_x_importtime_agrees() -> None:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "cjmap", "--version"],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0 and result.stdout.startswith("cjmap ")
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "cjmap.cli" in imported
    assert heavy(imported) == set()


def test_analyses_never_print() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if may_use_the_terminal(relative):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
                offenders.append(f"{relative}:{node.lineno}")
    assert offenders == []


@pytest.mark.parametrize("command", ["validate", "lint", "score", "schema", "rules", "history", "lsp"])
def test_command_help_does_not_import_our_machinery(command: str) -> None:
    # typer itself imports pydantic to resolve parameter types of a command; the YAML, model, rule and
    # template machinery must still stay out.
    modules = loaded_after(command, "--help")
    assert {m for m in heavy(modules) if not m.startswith("pydantic")} == set(), command


# The layers: the core (the format, reading, the configuration, validation) knows nothing of the commands
# built on it. An arrow from the core up to lint, rendering or the CLI is how a newcomer loses the way.
CORE_PACKAGES = ("model", "validation")
CORE_MODULES = ("codes", "collector", "config", "discovery", "document", "framework", "globs", "ids", "interrupts",
                "language", "limits", "loader", "matching", "measures", "paths", "problem", "references", "scalars",
                "source", "streams", "suggestions", "syntax")
ABOVE_CORE = ("api", "cli", "diff", "format", "history", "interop", "lint", "lsp", "portfolio", "render", "reporters",
              "score", "serve")


def cjmap_imports(source: str) -> list[str]:
    """Every ``cjmap.*`` module ``source`` imports, wherever the import stands (also inside functions)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith("cjmap.")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.startswith("cjmap."):
                found.append(node.module)
            elif node.module == "cjmap":
                found += [f"cjmap.{alias.name}" for alias in node.names]
    return found


def core_files() -> list[Path]:
    files = [PACKAGE / f"{name}.py" for name in CORE_MODULES]
    files += [path for package in CORE_PACKAGES for path in sorted((PACKAGE / package).rglob("*.py"))]
    return files


def test_the_core_never_imports_the_layers_above_it() -> None:
    assert all(path.is_file() for path in core_files())  # a renamed module must be renamed here too
    upward = [f"{path.relative_to(PACKAGE)} imports {module}" for path in core_files()
              for module in cjmap_imports(path.read_text(encoding="utf-8"))
              if module.split(".")[1] in ABOVE_CORE]
    assert upward == []


def test_the_layer_detector_sees_an_upward_import() -> None:
    source = "def f():\n    from cjmap.lint.engine import lint_paths\n    from cjmap import render\n"
    assert [module for module in cjmap_imports(source) if module.split(".")[1] in ABOVE_CORE] == [
        "cjmap.lint.engine", "cjmap.render"]
