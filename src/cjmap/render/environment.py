"""The Jinja environments: the built-in templates (package data) behind a user's ``--template-dir``.

Templates from a user's ``--template-dir`` (code from a pull request, in CI) run sandboxed, confined to their
folder and bounded in time and size (:mod:`cjmap.render.sandbox`); every template runs with
``StrictUndefined``, and map text only ever reaches a template as data: HTML templates autoescape it,
Markdown templates escape it with the ``md`` filter. Nothing from a map is compiled as a template.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from jinja2.loaders import BaseLoader

from cjmap.language import DEFAULT
from cjmap.language import language as load_language
from cjmap.render.sandbox import BoundedEnvironment, FolderLoader

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~&$])")
"""Characters that start Markdown or HTML inline syntax on GitHub and GitLab (``$`` starts maths)."""
_MD_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+[.)](?=\s|$))", re.MULTILINE)
"""Characters that mean something only at the start of a line: headings, quotes, lists, setext lines."""


def escape_markdown(text: object) -> str:
    """``text`` as literal inline Markdown: syntax characters backslash-escaped, lines joined with ``<br>``.

    A newline cannot live inside a table cell or a list item's line, so it becomes an HTML line break, which
    GitHub and GitLab both keep; this is the only HTML the filter writes.
    """
    value = _MD_SPECIAL.sub(r"\\\1", str(text))
    # Angle brackets as entities rather than backslash escapes: no raw "<tag" reaches any Markdown renderer.
    value = value.replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_LINE_START.sub(lambda match: match[1] + "".join(c if c.isdigit() else "\\" + c
                                                                 for c in match[2]), value)
    lines = [line.strip() for line in value.splitlines()]
    return "<br>".join(line for line in lines) if lines else ""


def _autoescape(name: str | None) -> bool:
    return name is not None and (name.endswith(".html.j2") or name.endswith(".svg.j2") or name.endswith(".html"))


def environment(template_dir: Path | None = None, language: str = DEFAULT) -> Environment:
    """The environment that finds templates in ``template_dir`` first, then the built-ins, in ``language``
    (see :func:`_environment`); one per folder and language, however the arguments are passed."""
    return _environment(template_dir, language)


def clear_environments() -> None:
    """Forget every environment made (a test that changed one's bounds puts them back this way)."""
    _environment.cache_clear()


@functools.lru_cache(maxsize=32)
def _environment(template_dir: Path | None, language: str) -> Environment:
    """The environment that finds templates in ``template_dir`` first, then the built-ins, and speaks
    ``language`` (a BCP 47 tag): ``{% trans %}`` and ``_()`` in templates read its catalogue (jinja2.ext.i18n).

    With a ``template_dir`` every template runs in a :class:`~cjmap.render.sandbox.BoundedEnvironment` (a
    user's templates are untrusted code) and is read only from inside that folder; the built-ins alone are
    cjmap's own code and run unsandboxed, which halves the time to render a page (the sandbox checks every
    attribute access). Cached, so a site compiles each template once
    (Jinja still recompiles a template whose file changed).
    """
    loaders: list[BaseLoader] = [PackageLoader("cjmap.render", "templates")]
    kind: type[Environment] = Environment
    if template_dir is not None:
        loaders.insert(0, FolderLoader(str(template_dir)))
        kind = BoundedEnvironment
    env = kind(
        loader=ChoiceLoader(loaders), autoescape=_autoescape, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, extensions=["jinja2.ext.i18n"],
    )
    # newstyle: variables in {% trans %} are escaped like any other output, and _() formats its keywords.
    env.install_gettext_translations(load_language(language).translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["md"] = escape_markdown
    return env
