"""Architecture: only the CLI and the reporters know the terminal; start-up stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "src" / "cjmap"
TERMINAL = {"typer", "click", "rich"}
ALLOWED = {"cli.py"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_only_cli_and_reporters_import_terminal_libraries() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "reporters" or relative.name in ALLOWED:
            continue
        if imported_roots(path) & TERMINAL:
            offenders.append(str(relative))
    assert offenders == []


def test_analyses_never_print() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "reporters" or relative.name in ALLOWED or relative.name == "ruledocs.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
                offenders.append(f"{relative}:{node.lineno}")
    assert offenders == []


def loaded_modules(*args: str) -> set[str]:
    code = ("import sys\nfrom cjmap.cli import main\nsys.argv = ['cjmap', *sys.argv[1:]]\n"
            "try:\n    main()\nfinally:\n    print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return set(result.stderr.split())


OURS = {"cjmap.model", "cjmap.loader", "cjmap.validation", "cjmap.linting", "cjmap.scoring", "cjmap.rules"}


def test_help_and_version_do_not_import_heavy_machinery() -> None:
    for args in (["--version"], ["--help"]):
        modules = loaded_modules(*args)
        heavy = {m for m in modules if m.split(".")[0] in {"ruamel", "pydantic", "jinja2", "rich"} or m in OURS}
        assert heavy == set(), args


def test_command_help_does_not_import_our_machinery() -> None:
    # typer itself imports pydantic to resolve parameter types of a command; the YAML, model, rule and
    # template machinery must still stay out.
    for command in ("validate", "lint", "score", "schema", "rules"):
        modules = loaded_modules(command, "--help")
        heavy = {m for m in modules if m.split(".")[0] in {"ruamel", "jinja2"} or m in OURS}
        assert heavy == set(), command
