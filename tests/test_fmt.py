"""cjmap fmt: canonical form, every comment kept, the same model, idempotent; the CLI's exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cjmap.format import KEY_ORDER, format_source, format_text
from cjmap.model import Channel, CustomLane, JourneyMap, Kpi, Opportunity, PainPoint, Persona, Scope, Stage, Step, Style
from cjmap.source import Source, read
from cjmap.validation.validator import validate_bytes
from tests.conftest import EXAMPLES, FIXTURES

CJMAP = Path(sys.executable).parent / "cjmap"
CORPUS = sorted([*EXAMPLES.rglob("*.yaml"), *(FIXTURES / "valid").glob("*.yaml")])

COMMENTED = """\
# yaml-language-server: $schema=schemas/cjmap.schema.json
# head two

title: Commented   # eol title
cjmap: 1  # eol cjmap
# before id
id: commented
type: current-state
scale: {min: 1, max: 5}
channels:
  web: {name: Website}  # the site
stages:  # eol stages
  # before first stage
  - name: Order
    id: order
    steps:
      # before first step
      - name: Joins
        emotion: {score: 3}
        channel: [web]
        # before pain points
        pain_points:
          - {text: Long queue}
          # between items
          - text: Slow till  # eol text
      # between steps

      - {name: Pays, emotion: {score: 2, label: meh}}  # eol flow step
# end of file
#   indented end
"""

COMMENTED_FORMATTED = """\
# yaml-language-server: $schema=schemas/cjmap.schema.json
# head two

cjmap: 1  # eol cjmap
# before id
id: commented
title: Commented  # eol title
type: current-state
scale: 1..5
channels:
  web: Website  # the site
stages:  # eol stages
  # before first stage
  - id: order
    name: Order
    steps:
      # before first step
      - name: Joins
        channel: web
        emotion: 3
        # before pain points
        pain_points:
          - Long queue
          # between items
          - text: Slow till  # eol text
      # between steps

      - {name: Pays, emotion: {score: 2, label: meh}}  # eol flow step
# end of file
#   indented end
"""


def test_comments_everywhere_are_kept_and_keys_ordered() -> None:
    assert format_text(COMMENTED) == COMMENTED_FORMATTED
    assert format_text(COMMENTED_FORMATTED) == COMMENTED_FORMATTED


def test_short_forms_and_quotes() -> None:
    text = ("cjmap: 1\nid: q\ntitle: 'Quoted'\ntype: current-state\npersona: [p.yaml]\n"
            "actors: {kid: {name: Kid}}\nstages:\n  - name: \"S\"\n    steps:\n"
            "      - name: A\n        time: '07:30'\n        actors: {kid: null}\n        opportunities: [{text: Faster}]\n"
            "        thoughts: ['yes']\n")
    assert format_text(text) == (
        "cjmap: 1\nid: q\ntitle: Quoted\ntype: current-state\npersona: p.yaml\n"
        "actors: {kid: Kid}\nstages:\n  - name: S\n    steps:\n"
        "      - name: A\n        time: '07:30'\n        thoughts: ['yes']\n        actors: [kid]\n"
        "        opportunities: [Faster]\n")


def test_a_commented_long_form_is_not_shortened() -> None:
    text = "cjmap: 1\nid: c\ntitle: C\ntype: current-state\nstages:\n  - name: S\n    steps:\n" \
           "      - name: A\n        emotion:\n          score: 2  # survey\n"
    assert format_text(text) == text


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: path.name)
def test_idempotent_and_same_model(path: Path) -> None:
    source = read(str(path))
    first = format_source(source)
    assert first.problems == [] and first.refused is None
    again = format_source(Source.of(str(path), first.content or source.content))
    assert again.after == first.after and not again.changed
    before = validate_bytes(source.content, str(path), path.parent)
    after = validate_bytes(first.content or source.content, str(path), path.parent)
    assert after.problems == []
    assert before.document is not None and after.document is not None
    model = JourneyMap if "cjmap-persona" not in before.document.data else None
    if model is not None:
        assert before.journey is not None and after.journey is not None
        assert after.journey.model_dump() == before.journey.model_dump()


def test_key_orders_cover_the_models() -> None:
    models = {"map": JourneyMap, "persona": Persona, "scope": Scope, "stage": Stage, "step": Step,
              "pain-point": PainPoint, "opportunity": Opportunity, "kpi": Kpi, "channel": Channel, "style": Style,
              "lane": CustomLane}
    for kind, model in models.items():
        renamed = set(getattr(model, "RENAMED", {}))
        assert set(KEY_ORDER[kind]) == {*model.model_fields, *renamed}, kind


def test_cli_check_diff_write_and_invalid(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    target = tmp_path / "m.yaml"
    target.write_text(COMMENTED, encoding="utf-8")
    checked = subprocess.run([str(CJMAP), "fmt", "--check", str(target)], capture_output=True, text=True)
    assert checked.returncode == 1
    assert checked.stdout.startswith(f"--- {target}\n+++ {target}\n")
    assert f"would reformat {target}" in checked.stderr
    assert target.read_text(encoding="utf-8") == COMMENTED
    diffed = subprocess.run([str(CJMAP), "fmt", "--diff", str(target)], capture_output=True, text=True)
    assert (diffed.returncode, diffed.stdout) == (1, checked.stdout)
    written = subprocess.run([str(CJMAP), "fmt", str(tmp_path)], capture_output=True, text=True)
    assert (written.returncode, written.stdout, written.stderr) == (0, "", f"cjmap: formatted {target}\n")
    assert target.read_text(encoding="utf-8") == COMMENTED_FORMATTED
    clean = subprocess.run([str(CJMAP), "fmt", "--check", str(target)], capture_output=True, text=True)
    assert (clean.returncode, clean.stdout) == (0, "")
    bad = tmp_path / "bad.yaml"
    bad.write_text("cjmap: 1\nid: b\ntitle: B\ntype: nope\nstages: []\n", encoding="utf-8")
    invalid = subprocess.run([str(CJMAP), "fmt", str(bad)], capture_output=True, text=True)
    assert invalid.returncode == 1 and "V023" in invalid.stdout
    assert bad.read_text(encoding="utf-8").endswith("type: nope\nstages: []\n")
    missing = subprocess.run([str(CJMAP), "fmt", str(tmp_path / "none.yaml")], capture_output=True, text=True)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_cli_honours_exclude(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "skip").mkdir()
    shutil.copy(EXAMPLES / "commuter-day.yaml", tmp_path / "skip" / "c.yaml")
    result = subprocess.run([str(CJMAP), "fmt", "--check", "--exclude", "skip", "."], capture_output=True,
                            text=True, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")


def test_the_bundled_examples_are_formatted() -> None:
    checked = subprocess.run([str(CJMAP), "fmt", "--check", str(EXAMPLES)], capture_output=True, text=True)
    assert (checked.returncode, checked.stdout) == (0, "")


def test_quotes_stay_on_text_libyaml_would_refuse_plain() -> None:
    # [Who?] and [at 9:00] are valid YAML 1.2 that libyaml refuses: quotes there are never dropped.
    text = 'cjmap: 1\nid: m\ntitle: M\ntype: current-state\nstages:\n  - name: S\n    steps:\n' \
           '      - name: T\n        thoughts: ["Who?", "at 9:00", "a, b", "plain"]\n'
    assert format_text(text) == text.replace('"plain"]', 'plain]')
