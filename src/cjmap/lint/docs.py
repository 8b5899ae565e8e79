"""Rule documentation: read from each rule module's docstring, laid out for ``cjmap rules``, ``--explain``
and the documentation site's page per rule.

A rule's docstring is its documentation: a one-line summary, paragraphs on what it checks and why, an
optional ``Options:`` list, and a failing and a passing example (indented YAML after lines ``Fails:`` and
``Passes:``). The site's rule pages (docs/rules/) are generated from them by ``python tools/docs_pages.py``.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cjmap.lint.rules.base import RuleModule, is_opt_in

_SECTIONS = ("Options:", "Fails:", "Passes:")


@dataclass(frozen=True)
class RuleDoc:
    """The documentation of one rule, in parts."""

    code: str
    name: str
    severity: str
    opt_in: bool
    options: Mapping[str, Any]
    summary: str
    description: str
    options_text: str
    fails: str
    passes: str


def parse(rule: RuleModule) -> RuleDoc:
    """Split a rule module's docstring into summary, description, options and examples."""
    text = textwrap.dedent(_after_first_line(rule.__doc__ or "")).strip("\n")
    summary = (rule.__doc__ or "").strip().split("\n", 1)[0].strip()
    parts: dict[str, list[str]] = {"": [], **{name: [] for name in _SECTIONS}}
    current = ""
    for line in text.split("\n"):
        if line.strip() in _SECTIONS and not line.startswith((" ", "\t")):
            current = line.strip()
            continue
        parts[current].append(line)
    return RuleDoc(
        code=rule.CODE,
        name=rule.NAME,
        severity=rule.SEVERITY.label,
        opt_in=is_opt_in(rule),
        options=dict(rule.OPTIONS),
        summary=summary,
        description="\n".join(parts[""]).strip("\n"),
        options_text="\n".join(parts["Options:"]).strip("\n"),
        fails=_example(parts["Fails:"]),
        passes=_example(parts["Passes:"]),
    )


def _after_first_line(doc: str) -> str:
    stripped = doc.strip("\n")
    return stripped.split("\n", 1)[1] if "\n" in stripped else ""


def _example(lines: list[str]) -> str:
    """The YAML of an example: an indented block, or a fenced one."""
    text = "\n".join(lines).strip("\n")
    fenced = re.fullmatch(r"\s*```[\w-]*\n(.*?)\n\s*```\s*", text, re.DOTALL)
    if fenced:
        text = fenced[1]
    return textwrap.dedent(text).rstrip() + "\n" if text.strip() else ""


def docs(rules: Mapping[str, RuleModule]) -> list[RuleDoc]:
    """The documentation of every rule, in code order."""
    return [parse(rules[code]) for code in sorted(rules)]


def format_value(value: Any) -> str:
    """An option value as it is written in a configuration file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(item) for item in value) + "]"
    return str(value)


def _options_line(doc: RuleDoc) -> str:
    return ", ".join(f"{name}: {format_value(value)}" for name, value in doc.options.items()) or "none"


# The plain-text layouts of ``cjmap rules`` and ``cjmap lint --explain``.

def render_list(rules: Mapping[str, RuleModule]) -> str:
    """A table of rules: code, name, default severity, whether it runs by default, summary."""
    all_docs = docs(rules)
    rows = [(doc.code, doc.name, doc.severity, "no" if doc.opt_in else "yes", doc.summary) for doc in all_docs]
    header = ("CODE", "NAME", "SEVERITY", "DEFAULT", "SUMMARY")
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths)) + "  " + row[4]
             for row in (header, *rows)]
    opt_in = sum(doc.opt_in for doc in all_docs)
    return "\n".join(lines) + (
        f"\n\n{len(rows)} rules; {opt_in} opt-in (DEFAULT no: run only when `select` names them by code, prefix "
        "or name). 'cjmap lint --explain CODE' shows a rule's documentation.\n")


def render_json(rules: Mapping[str, RuleModule]) -> str:
    """Every rule's documentation as stable JSON."""
    return json.dumps([{
        "code": doc.code, "name": doc.name, "severity": doc.severity, "opt_in": doc.opt_in, "options": dict(doc.options),
        "summary": doc.summary, "description": doc.description, "options_text": doc.options_text,
        "fails": doc.fails, "passes": doc.passes,
    } for doc in docs(rules)], indent=2, ensure_ascii=False) + "\n"


def render_explain(rule: RuleModule) -> str:
    """One rule's documentation for the terminal."""
    doc = parse(rule)
    out = [f"{doc.code} {doc.name}", f"Default severity: {doc.severity}. Options: {_options_line(doc)}.", "",
           doc.summary]
    if doc.description:
        out += ["", doc.description]
    if doc.options_text:
        out += ["", "Options:", doc.options_text]
    for title, example in (("Fails:", doc.fails), ("Passes:", doc.passes)):
        if example:
            out += ["", title, textwrap.indent(example.rstrip("\n"), "    ")]
    return "\n".join(out) + "\n"


# The rules reference in Markdown: one document (``cjmap rules --format markdown``) or a page per rule (the
# documentation site, written by tools/docs_pages.py).

def render_markdown(rules: Mapping[str, RuleModule]) -> str:
    """The rules reference: a summary table, then each rule's documentation and examples."""
    all_docs = docs(rules)
    out = [*markdown_table(all_docs, lambda doc: f"#{_anchor(doc)}")]
    for doc in all_docs:
        out += ["", f"### {doc.code} {doc.name}", "", *_markdown_body(doc)]
    return "\n".join(out) + "\n"


def markdown_table(all_docs: list[RuleDoc], link: Callable[[RuleDoc], str]) -> list[str]:
    """The summary table of rules, each code linked to ``link(doc)``, with the line that introduces it."""
    out = [
        f"{len(all_docs)} rules. Codes are stable; select, ignore and configure rules by code, code prefix or "
        "name (see `cjmap lint`).",
        "",
        "| code | name | severity | options | what it finds |",
        "|---|---|---|---|---|",
    ]
    for doc in all_docs:
        options = ", ".join(f"`{name}: {format_value(value)}`" for name, value in doc.options.items())
        out.append(f"| [{doc.code}]({link(doc)}) | {doc.name} | {doc.severity} | {options} | "
                   f"{_cell(doc.summary)} |")
    return out


def render_markdown_page(rule: RuleModule) -> str:
    """One rule's documentation as a page of its own, headed by its code and name."""
    doc = parse(rule)
    return "\n".join([f"# {doc.code} {doc.name}", "", *_markdown_body(doc)]) + "\n"


def _markdown_body(doc: RuleDoc) -> list[str]:
    out = [doc.summary, "", f"Default severity: **{doc.severity}**. Options: {_markdown_options(doc)}."]
    if doc.description:
        out += ["", doc.description]
    if doc.options_text:
        out += ["", "Options:", "", doc.options_text]
    for title, example in (("Fails:", doc.fails), ("Passes:", doc.passes)):
        if example:
            out += ["", title, "", "```yaml", example.rstrip("\n"), "```"]
    return out


def _markdown_options(doc: RuleDoc) -> str:
    return ", ".join(f"`{name}` (default `{format_value(value)}`)" for name, value in doc.options.items()) or "none"


def _anchor(doc: RuleDoc) -> str:
    """GitHub's anchor for the heading ``### CODE name``."""
    return re.sub(r"[^a-z0-9 _-]", "", f"{doc.code} {doc.name}".lower()).replace(" ", "-")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
