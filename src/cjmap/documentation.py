"""Where a problem code is documented: the address SARIF's ``helpUri`` and the language server's
``codeDescription`` link to.

The addresses come from the installed package's project URLs (``[project.urls]`` in pyproject.toml), so a
fork or a hosted site changes them in one place. The ``Documentation`` URL is the folder of the pages
under ``docs/``: ``codes.md`` for validation codes, ``rules/CODE.md`` for lint rules.
"""

from __future__ import annotations

from functools import cache
from importlib import metadata

from cjmap.codes import CODE_BY_ID

_URL_LABELS = ("documentation", "homepage", "repository", "source")


@cache
def _project_urls() -> dict[str, str]:
    """The installed package's project URLs that are absolute https addresses, by lower-case label."""
    try:
        entries = metadata.metadata("cjmap").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return {}
    urls = {label.strip().lower(): url.strip() for label, _, url in (entry.partition(",") for entry in entries)}
    return {label: url for label, url in urls.items() if url.startswith("https://")}


def project_url() -> str | None:
    """The project's documentation or home page, when the installed package declares one (else None)."""
    urls = _project_urls()
    return next((urls[label] for label in _URL_LABELS if label in urls), None)


def documentation_url() -> str | None:
    """The folder of the documentation's pages, when the installed package declares it (else None)."""
    return _project_urls().get("documentation")


def page(code: str) -> str:
    """The documentation page of a code, relative to the documentation folder."""
    from cjmap.lint.rules import RULES

    if code in CODE_BY_ID:
        return "codes.md"
    return f"rules/{code}.md" if code in RULES else "rules/index.md"


def address(code: str) -> str | None:
    """The absolute address of a code's page, or None when the package declares no documentation URL."""
    docs = documentation_url()
    return f"{docs.split('#', 1)[0].rstrip('/')}/{page(code)}" if docs else None
