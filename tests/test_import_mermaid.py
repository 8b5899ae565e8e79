"""``cjmap import mermaid``: the parser over every grammar feature, errors with exact locations, Markdown
blocks, stdin, output files, and the installed console script's exit codes (0, 1, 2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES

from cjmap.interop.emit import write_map
from cjmap.interop.journey import choose_scale
from cjmap.interop.load import read_mermaid
from cjmap.interop.markdown import journey_blocks
from cjmap.render.mermaid import to_mermaid
from cjmap.render.pages import load_map

PLAIN_ENV = {"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
"""A bare environment; PYTHONPATH kept so that a checkout's own code runs."""
CJMAP = str(Path(sys.executable).parent / "cjmap")

RICH = """---
title: Front title
config:
  theme: dark
---
%%{init: {'theme': 'forest'}}%%
%% a comment before the header
journey
  accTitle: Getting coffee
  accDescr {
    How a morning
    coffee goes
  }
  Wake up: 2
  title Coffee #38; cake #9749;
  section Order #35;1
    Call at 08#58;00: 4.5: Me, Barista
    Pay: 3 # paid by card
  section 注文 ☕
    飲む: 5: 私, Me
"""
RICH_YAML = """# Imported by `cjmap import mermaid` from rich.mmd.
# Each Mermaid section is a stage and each task a step: the task's score is the step's emotion,
# its actors the step's actors. Ids are the ones cjmap derives from the names.
# Scores are Mermaid's, on its scale 1..5.
# Mermaid comment (line 7): a comment before the header
# Mermaid comment (line 18): paid by card
cjmap: 1
id: coffee-cake
title: Coffee & cake ☕
description: "How a morning\\ncoffee goes"
type: current-state
scale: 1..5
actors:
  me: Me
  barista: Barista
  si: 私
stages:
  - id: unnamed-section
    name: Unnamed section
    steps:
      - id: wake-up
        name: Wake up
        emotion: 2
  - id: order-1
    name: 'Order #1'
    steps:
      - id: call-at-08-00
        name: Call at 08:00
        emotion: 4.5
        actors: [me, barista]
      - id: pay
        name: Pay
        emotion: 3
  - id: zhuwen
    name: 注文 ☕
    steps:
      - id: yinmu
        name: 飲む
        emotion: 5
        actors: [si, me]
"""
RICH_WARNINGS = """rich.mmd:1:1: M002 [mermaid-dropped] the front-matter title 'Front title' is dropped: the `title` line wins, as in Mermaid
rich.mmd:3:1: M002 [mermaid-dropped] front matter `config` is dropped: a map has no Mermaid configuration
rich.mmd:6:1: M002 [mermaid-dropped] the %%{init}%% directive is dropped: a map has no Mermaid configuration or theme
rich.mmd:9:3: M002 [mermaid-dropped] the accessible title 'Getting coffee' is dropped: the map has one title
rich.mmd:14:3: M003 [mermaid-changed] tasks before the first section go into a stage named 'Unnamed section'
  hint: start the diagram with a `section` line to name it
Found 5 warnings in 1 of 1 file.
"""


def _run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CJMAP, *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=60, check=False,
                          env=PLAIN_ENV)


def _yaml(source: str, tmp_path: Path, name: str = "j.mmd") -> tuple[str, list[str]]:
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    maps, problems, _ = read_mermaid(str(path))
    messages = [f"{p.location.line}:{p.location.column} {p.code} {p.message}" for p in sorted(problems)]
    return (write_map(maps[0].data, header=maps[0].header) if maps else ""), messages


def test_every_grammar_feature_as_one_whole_file(tmp_path: Path) -> None:
    (tmp_path / "rich.mmd").write_text(RICH, encoding="utf-8")
    result = _run("import", "mermaid", "rich.mmd", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, RICH_YAML, RICH_WARNINGS)


def test_accessible_title_and_one_line_description_when_there_is_no_title(tmp_path: Path) -> None:
    text, messages = _yaml("journey\n  accTitle: Coffee run\n  accDescr: Short one\n  section S\n    T: 1\n",
                           tmp_path)
    assert text.split("\n", 4)[4] == (
        "cjmap: 1\nid: coffee-run\ntitle: Coffee run\ndescription: Short one\ntype: current-state\nscale: 1..5\n"
        "stages:\n  - id: s\n    name: S\n    steps:\n      - id: t\n        name: T\n        emotion: 1\n")
    assert messages == []


def test_scores_outside_one_to_five_choose_a_scale_and_say_so(tmp_path: Path) -> None:
    text, messages = _yaml("journey\n  title T\n  section S\n    A: 0\n    B: 7.5: Me\n", tmp_path)
    assert "scale: 0..10\n" in text and "emotion: 0\n" in text and "emotion: 7.5\n" in text
    assert "# Scores outside Mermaid's 1..5 are kept as written on scale 0..10.\n" in text
    assert messages == [("1:1 M003 scores outside Mermaid's 1..5 (0, 7.5): the map uses the scale 0..10, scores "
                         "kept as written; `cjmap render --format mermaid` maps them back onto 1..5")]


@pytest.mark.parametrize(("scores", "scale"), [
    ([1, 5, 3.5], (1, 5)), ([-2, 2], (-2, 2)), ([6, 1], (1, 10)), ([0, 10], (0, 10)), ([50, 0], (0, 100)),
    ([150, 200], (0, 200)), ([-5, 3], (-5, 3)),
])
def test_choose_scale(scores: list[float], scale: tuple[int, int]) -> None:
    assert choose_scale(scores) == scale


def test_scores_as_javascript_reads_them_and_what_is_no_number(tmp_path: Path) -> None:
    text, messages = _yaml("journey\n title T\n section S\n  A: 0x4\n  B: 2e0\n  size: 2rem\n  C: 3: , Me: x\n",
                           tmp_path)
    assert "name: A\n        emotion: 4\n" in text and "name: B\n        emotion: 2\n" in text
    assert "name: size\n  - " not in text and text.endswith("name: C\n        emotion: 3\n        actors: [me]\n")
    assert messages == [
        ("6:9 M002 the score '2rem' of 'size' is not a number (Mermaid draws the task off the chart); the step is "
         "imported without an emotion"),
        "7:8 M002 an empty actor name on 'C' is dropped",
        "7:13 M002 text after the actors of 'C' is dropped (Mermaid ignores it too): 'x'",
    ]


def test_semicolon_ends_a_statement_with_a_warning(tmp_path: Path) -> None:
    text, messages = _yaml("journey\n title T; section S\n  A: 5: Me; B: 4\n", tmp_path)
    assert "name: A\n        emotion: 5\n        actors: [me]\n      - id: b\n        name: B\n        emotion: 4\n" \
        in text
    assert messages == [
        f"{where} M003 `;` is read as the end of a statement, but Mermaid 12 rejects it here; the rendered "
        "diagram puts one statement per line" for where in ("2:9", "3:11")]


@pytest.mark.parametrize(("source", "expected"), [
    ("", "1:1 M001 not a Mermaid journey: it must start with `journey`; the text is empty"),
    ("flowchart LR\n A --> B\n", "1:1 M001 not a Mermaid journey: it must start with `journey`; found 'flowchart LR'"),
    ("journey\n section S\n  Pay: 5\n  Wander about\n", "4:3 M001 'Wander about' is not a statement: no `:` follows it"),
    ("journey\n section S\n  Pay:\n", "3:6 M001 the task 'Pay' has no score"),
    ("journey\n section S\n  Pay: : Me\n", "3:6 M001 the task 'Pay' has no score"),
    ("journey\n section S: x\n", "2:11 M001 a score without a task name"),
    ("journey\n accDescr {\n never closed\n", "2:2 M001 this `accDescr {` is never closed with `}`"),
    ("---\ntitle: x\njourney\n", "1:1 M001 the front matter opened here is never closed with `---`"),
    ("journey\njourney\n", "2:1 M001 a second `journey` header"),
])
def test_malformed_input_is_a_located_error_and_no_map(tmp_path: Path, source: str, expected: str) -> None:
    text, messages = _yaml(source, tmp_path)
    assert (text, [m for m in messages if " M001 " in m]) == ("", [expected])


def test_a_cjmap_rendered_diagram_imports_back_to_its_scale_and_scores() -> None:
    loaded, _ = load_map(str(EXAMPLES / "commuter-day.yaml"))
    assert loaded is not None
    journey = loaded.journey
    source = to_mermaid(journey)
    path = Path("/dev/null")  # only the name matters for messages
    from cjmap.interop.journey import to_map
    from cjmap.interop.mermaid import parse

    diagram, problems = parse(source, str(path))
    assert diagram is not None and problems == []
    imported, notes = to_map(diagram, file=str(path), origin="x", fallback="x")
    assert notes == [] and imported.data["scale"] == "1..10"
    steps = [step for stage in imported.data["stages"] for step in stage["steps"]]
    assert [step.get("emotion") for step in steps] == [
        None if step.emotion is None else step.emotion.score for _, step in journey.steps()]


MARKDOWN = """# Journeys

```mermaid
journey
  title First
  section A
    One: 5
```

Text between.

~~~mermaid
flowchart LR
  A --> B
~~~

```mermaid
%% the second journey
journey
  title Second
  section B
    Two: 4: Me
```
"""


def test_markdown_blocks_are_found_with_their_lines() -> None:
    blocks = journey_blocks(MARKDOWN)
    assert [(block.number, block.first_line, block.text.splitlines()[1]) for block in blocks] == [
        (1, 4, "  title First"), (2, 18, "journey")]


def test_markdown_two_blocks_block_two_and_folder(tmp_path: Path) -> None:
    (tmp_path / "doc.md").write_text(MARKDOWN, encoding="utf-8")
    both = _run("import", "mermaid", "doc.md", cwd=tmp_path)
    assert (both.returncode, both.stdout, both.stderr) == (
        2, "", "cjmap: error: 2 maps to import: choose one with --block N, or write all with -o DIR\n")
    second = _run("import", "mermaid", "doc.md", "--block", "2", cwd=tmp_path)
    assert second.returncode == 0 and second.stderr == ""
    assert second.stdout.startswith("# Imported by `cjmap import mermaid` from doc.md, journey block 2 (line 18).\n")
    assert "# Mermaid comment (line 18): the second journey\ncjmap: 1\nid: second\ntitle: Second\n" in second.stdout
    too_far = _run("import", "mermaid", "doc.md", "--block", "3", cwd=tmp_path)
    assert (too_far.returncode, too_far.stderr) == (2, "cjmap: error: --block 3: doc.md has 2 journey blocks\n")
    folder = _run("import", "mermaid", "doc.md", "-o", "maps", cwd=tmp_path)
    assert folder.returncode == 0 and sorted(p.name for p in (tmp_path / "maps").iterdir()) == [
        "first.yaml", "second.yaml"]
    assert _run("validate", "maps", cwd=tmp_path).returncode == 0
    again = _run("import", "mermaid", "doc.md", "-o", "maps", cwd=tmp_path)
    assert (again.returncode, again.stderr) == (
        2, "cjmap: error: maps/first.yaml, maps/second.yaml already exists; use --force to overwrite it\n")


def test_markdown_errors_are_located_in_the_markdown_file(tmp_path: Path) -> None:
    (tmp_path / "doc.md").write_text("Intro\n\n```mermaid\njourney\n  section S\n    Broken\n```\n", encoding="utf-8")
    result = _run("import", "mermaid", "doc.md", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith("doc.md:6:5: M001 [mermaid-syntax] 'Broken' is not a statement: no `:` "
                                    "follows it\n")
    (tmp_path / "none.md").write_text("# Nothing here\n", encoding="utf-8")
    none = _run("import", "mermaid", "none.md", cwd=tmp_path)
    assert none.returncode == 1 and none.stderr.startswith(
        "none.md:1:1: M001 [mermaid-syntax] no ```mermaid block holding a `journey` in this Markdown file\n")


def test_stdin_and_output_file_refused_without_force(tmp_path: Path) -> None:
    source = "journey\n  title From stdin\n  section S\n    T: 4\n"
    piped = _run("import", "mermaid", "-", cwd=tmp_path, stdin=source)
    assert piped.returncode == 0 and piped.stderr == ""
    assert piped.stdout.startswith("# Imported by `cjmap import mermaid` from <stdin>.\n")
    written = _run("import", "mermaid", "-", "-o", "map.yaml", cwd=tmp_path, stdin=source)
    assert (written.returncode, written.stdout, written.stderr) == (0, "", "")
    assert (tmp_path / "map.yaml").read_text(encoding="utf-8") == piped.stdout
    refused = _run("import", "mermaid", "-", "-o", "map.yaml", cwd=tmp_path, stdin=source.replace("4", "2"))
    assert (refused.returncode, refused.stderr) == (
        2, "cjmap: error: map.yaml already exists; use --force to overwrite it\n")
    assert "emotion: 4" in (tmp_path / "map.yaml").read_text(encoding="utf-8")
    forced = _run("import", "mermaid", "-", "-o", "map.yaml", "--force", cwd=tmp_path, stdin=source.replace("4", "2"))
    assert forced.returncode == 0 and "emotion: 2" in (tmp_path / "map.yaml").read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["map.yaml"]  # no temporary file left behind


def test_exit_codes_for_errors_and_usage(tmp_path: Path) -> None:
    broken = _run("import", "mermaid", "-", cwd=tmp_path, stdin="journey\n  Pay:\n")
    assert (broken.returncode, broken.stdout, broken.stderr) == (
        1, "", ("<stdin>:2:6: M001 [mermaid-syntax] the task 'Pay' has no score\n"
                "  hint: write a task as `NAME: SCORE` or `NAME: SCORE: ACTOR, ACTOR`\nFound 1 error in 1 of 1 file.\n"))
    missing = _run("import", "mermaid", "nope.mmd", cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (2, "cjmap: error: cannot read nope.mmd: No such file or directory\n")
    (tmp_path / "a.mmd").write_text("journey\n  T: 3\n", encoding="utf-8")
    block = _run("import", "mermaid", "a.mmd", "--block", "1", cwd=tmp_path)
    assert (block.returncode, block.stderr) == (
        2, "cjmap: error: --block 1: a.mmd is not Markdown; --block picks a block of a .md file\n")
    assert _run("import", cwd=tmp_path).returncode == 2
    assert "mermaid" in _run("import", "--help", cwd=tmp_path).stdout


def test_imported_maps_lint_and_render(tmp_path: Path) -> None:
    (tmp_path / "rich.mmd").write_text(RICH, encoding="utf-8")
    assert _run("import", "mermaid", "rich.mmd", "-o", "rich.yaml", cwd=tmp_path).returncode == 0
    assert _run("validate", "rich.yaml", cwd=tmp_path).returncode == 0
    rendered = _run("render", "--format", "mermaid", "rich.yaml", cwd=tmp_path)
    assert rendered.returncode == 0 and "    Call at 08#58;00: 4.5: Me, Barista\n" in rendered.stdout
    reimported = _run("import", "mermaid", "-", cwd=tmp_path, stdin=rendered.stdout)
    assert reimported.returncode == 0
    assert reimported.stdout.split("\ncjmap: 1\n")[1] == RICH_YAML.split("\ncjmap: 1\n")[1].replace(
        'description: "How a morning\\ncoffee goes"\n', "")
