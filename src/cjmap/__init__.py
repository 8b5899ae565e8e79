"""cjmap: customer journey maps as code.

The public Python API is the names in ``__all__`` (see docs/api.md): they follow semantic versioning from
1.0; every other module and name is internal. They are imported on first use (PEP 562), so ``import cjmap``
and ``cjmap --version`` load no YAML, model or template machinery.
"""

import sys
import types
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from cjmap.api import BrowserError, ConfigError, diff, lint, load, portfolio, render, score, validate
    from cjmap.api_types import (
        LintResult,
        LoadResult,
        RenderResult,
        ScoreResult,
        Settings,
        Text,
        ValidationResult,
    )
    from cjmap.diff.model import DiffReport
    from cjmap.model import JourneyMap
    from cjmap.portfolio.report import Portfolio
    from cjmap.problem import Problem, Severity
    from cjmap.score.metrics import ScoreReport

_HOMES: dict[str, str] = {
    **dict.fromkeys(("load", "validate", "lint", "score", "diff", "render", "portfolio", "ConfigError",
                     "BrowserError"), "cjmap.api"),
    **dict.fromkeys(("Settings", "Text", "LoadResult", "ValidationResult", "LintResult", "ScoreResult",
                     "RenderResult"), "cjmap.api_types"),
    "Problem": "cjmap.problem",
    "Severity": "cjmap.problem",
    "JourneyMap": "cjmap.model",
    "ScoreReport": "cjmap.score.metrics",
    "DiffReport": "cjmap.diff.model",
    "Portfolio": "cjmap.portfolio.report",
}
"""Where each public name lives."""

__all__ = [
    "BrowserError", "ConfigError", "DiffReport", "JourneyMap", "LintResult", "LoadResult", "Portfolio", "Problem",
    "RenderResult", "ScoreReport", "ScoreResult", "Settings", "Severity", "Text", "ValidationResult", "__version__",
    "diff", "lint", "load", "portfolio", "render", "score", "validate",
]


def __getattr__(name: str) -> object:
    """Import a public name from its home on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'cjmap' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    if name not in _SHADOWED:
        globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


_SHADOWED = ("diff", "lint", "portfolio", "render", "score")
"""Functions named like the packages that do the work (``cjmap.diff`` the function, ``cjmap/diff/`` the
package). Importing ``cjmap.diff.model`` sets the attribute ``diff`` of this module to the package, which would
hide the function from :func:`__getattr__`; so the module's class answers these names itself (a property wins
over the attribute), and the package stays importable by its dotted name. Code reaches their modules with
``from cjmap.render import pages``: ``import cjmap.render.pages as pages`` and a patch target written
``"cjmap.render.pages.x"`` go through the attribute and find the function (tests/test_api.py keeps it so)."""


def _function(name: str) -> property:
    def get(module: types.ModuleType) -> object:
        return __getattr__(name)

    def keep(module: types.ModuleType, value: object) -> None:  # the import system records the package here
        module.__dict__[name] = value

    return property(get, keep)


class _Module(types.ModuleType):
    """This module, answering the :data:`_SHADOWED` names with the API's functions."""


for _name in _SHADOWED:
    setattr(_Module, _name, _function(_name))
sys.modules[__name__].__class__ = _Module
