"""``cjmap rules``: list the lint rules."""

from __future__ import annotations

import enum
import sys
from typing import Annotated

import typer

from cjmap.cli.common import EXIT_OK, choices, exit_with

HELP = "List the lint rules: code, name, default severity and what each finds."


class RulesFormat(str, enum.Enum):
    """Formats for ``cjmap rules``."""

    text = "text"
    json = "json"
    markdown = "markdown"


def rules(*, output_format: RulesFormat = RulesFormat.text) -> int:
    """Print the rule list; always exit 0."""
    from cjmap.lint import docs
    from cjmap.lint.rules import RULES

    render = {RulesFormat.text: docs.render_list, RulesFormat.json: docs.render_json,
              RulesFormat.markdown: docs.render_markdown}
    sys.stdout.write(render[output_format](RULES))
    return EXIT_OK


def command(
    output_format: Annotated[RulesFormat, typer.Option(
        "--format", "-f", metavar=choices(RulesFormat), help="Output format.")] = RulesFormat.text,
) -> None:
    exit_with(rules, output_format=output_format)
