"""The public Python API (``import cjmap``): used as a script uses it, and agreeing with the command line.

The script-style tests use only the names in ``cjmap.__all__``. The agreement tests run the same files through
the CLI (``--format json``) and compare every problem, metric and change; where the CLI's JSON is a whole
document, the API's result is written with the same reporter and compared byte for byte.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from conftest import CLEAN_MAP, MINIMAL_MAP, REPO, CliRunner

import cjmap

TODAY = datetime.date(2026, 11, 1)
NAMED = ["examples", "tests/maps/invalid", "tests/maps/valid", "tests/maps/invalid/typos.yaml",
         "examples/personas/solo-accountant.yaml"]
"""Inputs as a user names them (relative to the repository): folders, a broken map, a persona file."""
BROKEN = "cjmap: 1\nid: broken\ntitle: [unclosed\n"


@pytest.fixture(autouse=True)
def _in_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, so the API and the CLI see the same relative names and configuration."""
    monkeypatch.chdir(REPO)


def cli_json(cli: CliRunner, *args: str) -> Any:
    result = cli(*args, "--format", "json")
    assert result.code in (0, 1), result.stderr
    return json.loads(result.stdout)


def shapes(problems: tuple[cjmap.Problem, ...]) -> list[dict[str, object]]:
    return [problem.as_dict() for problem in problems]


# A script, as a user writes one.

SCRIPT = textwrap.dedent("""\
    import sys
    import cjmap
    import cjmap.diff.model, cjmap.lint.engine  # importing the packages the functions are named after changes nothing

    result = cjmap.validate(["examples", "tests/maps/invalid/typos.yaml"])
    for problem in result.problems:
        print(f"{problem.file}:{problem.line}:{problem.column}: {problem.code} {problem.severity.label}")
    loaded = cjmap.load("examples/trial-onboarding.future.yaml")
    scored = cjmap.score(loaded.journey)
    print(loaded.ok, loaded.journey.id, round(scored.reports[0].metric("mean"), 4))
    changes = cjmap.diff("examples/trial-onboarding.current.yaml", loaded.journey)
    print(changes.differs, changes.counts()["renamed"])
    page = cjmap.render(cjmap.Text(sys.stdin.read(), name="stdin.yaml"), "mermaid")
    print(page.ok, page.content.splitlines()[0])
    linted = cjmap.lint("examples", settings=cjmap.Settings(today=__import__("datetime").date(2026, 11, 1)))
    print(linted.failed(), linted.failed(cjmap.Severity.INFO), len(cjmap.portfolio("examples").maps))
    """)


def test_a_script_uses_the_public_names_only(tmp_path: Path) -> None:
    script = tmp_path / "report.py"
    script.write_text(SCRIPT, encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run([sys.executable, str(script)], input=CLEAN_MAP, capture_output=True, text=True,
                            cwd=REPO, env=environment, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    # The same calls in this process (after the test modules imported every package) say the same.
    problems = [f"{p.file}:{p.line}:{p.column}: {p.code} {p.severity.label}"
                for p in cjmap.validate(["examples", "tests/maps/invalid/typos.yaml"]).problems]
    future = cjmap.load("examples/trial-onboarding.future.yaml").journey
    mean = cjmap.score(future).reports[0].metric("mean")  # type: ignore[arg-type]
    changes = cjmap.diff("examples/trial-onboarding.current.yaml", future)  # type: ignore[arg-type]
    page = cjmap.render(cjmap.Text(CLEAN_MAP), "mermaid").content
    linted = cjmap.lint("examples", settings=cjmap.Settings(today=TODAY))
    assert problems and future is not None and mean is not None and isinstance(page, str) and linted.problems
    assert result.stdout.splitlines() == [
        *problems,
        f"True trial-onboarding-future {round(mean, 4)}",
        f"True {changes.counts()['renamed']}",
        f"True {page.splitlines()[0]}",
        f"{linted.failed()} {linted.failed(cjmap.Severity.INFO)} {len(cjmap.portfolio('examples').maps)}",
    ]


def test_the_example_of_the_api_page_runs() -> None:
    page = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    example = page.split("```python\n", 1)[1].split("```", 1)[0]
    printed = python(example, cwd=REPO).stdout.splitlines()
    settings = cjmap.Settings(today=TODAY)
    linted = cjmap.lint("examples", ignore=["H001"], settings=settings)
    worst = cjmap.portfolio("examples", top=3, settings=settings).worst
    assert cjmap.validate("examples").ok and linted.problems and worst
    verdict = "lint fails" if linted.failed(max_warnings=10) else "lint passes"
    assert printed[0] == f"{verdict} {len(linted.problems)} findings"
    assert printed[-1] == str([moment.step for moment in worst])


def test_the_api_page_names_every_public_name() -> None:
    page = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    assert [name for name in cjmap.__all__ if f"`{name}" not in page and f"cjmap.{name}" not in page] == []


def test_a_bad_map_is_problems_not_an_exception() -> None:
    result = cjmap.validate(cjmap.Text(BROKEN, name="maps/broken.yaml"))
    assert not result.ok
    assert result.files == ("maps/broken.yaml",)
    [problem] = result.problems
    assert (problem.file, problem.line, problem.code, problem.severity) == (
        "maps/broken.yaml", 4, "V010", cjmap.Severity.ERROR)
    loaded = cjmap.load(cjmap.Text(BROKEN))
    assert loaded.journey is None and loaded.problems == (problem.__class__(**{**_fields(problem), "file": "<text>"}),)
    assert cjmap.render(cjmap.Text(BROKEN)).content is None
    assert cjmap.score(cjmap.Text(BROKEN)).reports == ()


def _fields(problem: cjmap.Problem) -> dict[str, Any]:
    return {name: getattr(problem, name) for name in ("file", "location", "code", "name", "message", "severity",
                                                      "path", "hint", "fixable")}


def test_a_missing_path_is_a_problem_of_that_path() -> None:
    for result in (cjmap.validate(["examples/commuter-day.yaml", "nowhere.yaml"]), cjmap.lint("nowhere.yaml"),
                   cjmap.score("nowhere.yaml"), cjmap.portfolio("nowhere.yaml"), cjmap.render("nowhere.yaml"),
                   cjmap.diff("nowhere.yaml", "examples/commuter-day.yaml").maps[0]):
        assert [(p.file, p.code) for p in result.problems] == [("nowhere.yaml", "V001")], result


def test_text_and_file_give_the_same_problems() -> None:
    name = "tests/maps/invalid/typos.yaml"
    as_text = cjmap.validate(cjmap.Text(Path(name).read_text(encoding="utf-8"), name=name))
    assert as_text == cjmap.validate(name)
    assert cjmap.lint(cjmap.Text(CLEAN_MAP)).problems == ()


def test_a_persona_file_has_no_map() -> None:
    persona = "examples/personas/solo-accountant.yaml"
    loaded = cjmap.load(persona)
    assert (loaded.ok, loaded.journey) == (True, None)
    assert [p.code for p in cjmap.render(persona).problems] == ["V014"]
    assert [p.code for p in cjmap.diff(persona, "examples/commuter-day.yaml").maps[0].problems] == ["V014"]
    assert cjmap.score(persona) == cjmap.ScoreResult(reports=(), problems=())


# The same answers as the command line.

@pytest.mark.parametrize("named", NAMED)
def test_validate_agrees_with_the_cli(cli: CliRunner, named: str) -> None:
    expected = cli_json(cli, "validate", named)
    result = cjmap.validate(named)
    assert (list(result.files), shapes(result.problems)) == (expected["files"], expected["problems"])


@pytest.mark.parametrize("named", NAMED)
def test_lint_agrees_with_the_cli(cli: CliRunner, named: str) -> None:
    expected = cli_json(cli, "lint", "--today", TODAY.isoformat(), named)
    result = cjmap.lint(named, settings=cjmap.Settings(today=TODAY))
    assert (list(result.files), shapes(result.problems)) == (expected["files"], expected["problems"])
    assert result.failed() == (cli(named and "lint", "--today", TODAY.isoformat(), named).code == 1)


def test_lint_settings_agree_with_the_cli_options(cli: CliRunner) -> None:
    expected = cli_json(cli, "lint", "--today", TODAY.isoformat(), "--no-config", "--select", "H,I",
                        "--ignore", "I005", "--exclude", "examples/commuter-day.yaml", "examples")
    result = cjmap.lint("examples", select="H,I", ignore=["I005"],
                        settings=cjmap.Settings(today=TODAY, use_config=False,
                                                exclude=("examples/commuter-day.yaml",)))
    assert expected["problems"] and shapes(result.problems) == expected["problems"]
    assert list(result.files) == expected["files"]


def test_score_agrees_with_the_cli(cli: CliRunner) -> None:
    from cjmap.reporters.scorecard import write_json

    expected = cli(*["score", "--format", "json", "examples", "tests/maps/invalid/typos.yaml"])
    result = cjmap.score(["examples", "tests/maps/invalid/typos.yaml"])
    written = io.StringIO()
    write_json(written, list(result.reports), None, [], list(result.problems))
    assert len(result.reports) == 4 and result.problems
    assert written.getvalue() == expected.stdout


def test_diff_agrees_with_the_cli(cli: CliRunner) -> None:
    from cjmap.reporters.diff import DIFF_REPORTER_BY_NAME

    old, new = "examples/trial-onboarding.current.yaml", "examples/trial-onboarding.future.yaml"
    for output_format in ("json", "text"):
        expected = cli("diff", "--format", output_format, old, new)
        written = io.StringIO()
        DIFF_REPORTER_BY_NAME[output_format](written, cjmap.diff(old, new), False)
        assert written.getvalue() == expected.stdout


def test_diff_of_loaded_maps_finds_the_same_changes() -> None:
    old, new = "examples/trial-onboarding.current.yaml", "examples/trial-onboarding.future.yaml"
    from_files = cjmap.diff(old, new).maps[0]
    loaded = cjmap.diff(cjmap.load(old).journey, cjmap.load(new).journey).maps[0]  # type: ignore[arg-type]
    assert (loaded.old_name, loaded.new_name) == ("<old>", "<new>")
    # Without the file, a change has no line, so only the order of changes in one place may differ.
    assert sorted((c.kind, c.path) for c in loaded.changes) == sorted((c.kind, c.path) for c in from_files.changes)
    assert len(from_files.changes) > 10


def test_portfolio_agrees_with_the_cli(cli: CliRunner) -> None:
    from cjmap.reporters.portfolio import PORTFOLIO_REPORTER_BY_NAME

    expected = cli("portfolio", "--format", "json", "--today", TODAY.isoformat(), "examples", "tests/maps/invalid")
    written = io.StringIO()
    report = cjmap.portfolio(["examples", "tests/maps/invalid"], settings=cjmap.Settings(today=TODAY))
    PORTFOLIO_REPORTER_BY_NAME["json"](written, report, False)
    assert report.problems and written.getvalue() == expected.stdout


@pytest.mark.parametrize("output_format", ["html", "markdown", "mermaid"])
def test_render_agrees_with_the_cli(cli: CliRunner, output_format: str) -> None:
    expected = cli("render", "--format", output_format, "examples/commuter-day.yaml")
    assert expected.code == 0, expected.stderr
    result = cjmap.render("examples/commuter-day.yaml", output_format)
    assert result.ok and result.content == expected.stdout


def test_render_prints_pdf_with_chromium() -> None:
    chromium = os.environ.get("CJMAP_CHROMIUM", "/usr/bin/chromium")
    if not os.access(chromium, os.X_OK):
        pytest.skip(f"Chromium not found at {chromium} (apt-get install chromium; or set CJMAP_CHROMIUM)")
    result = cjmap.render("examples/commuter-day.yaml", "pdf", browser=chromium, paper="A3")
    assert isinstance(result.content, bytes) and result.content.startswith(b"%PDF-")
    with pytest.raises(cjmap.BrowserError, match="no such executable"):
        cjmap.render("examples/commuter-day.yaml", "png", browser="/no/such/chromium")


def test_jobs_and_the_cache_change_nothing(tmp_path: Path) -> None:
    plain = cjmap.lint(NAMED, settings=cjmap.Settings(today=TODAY))
    for settings in (cjmap.Settings(today=TODAY, jobs=0), cjmap.Settings(today=TODAY, cache=True,
                                                                        cache_dir=str(tmp_path / "cache"))):
        assert cjmap.lint(NAMED, settings=settings) == plain
    assert list((tmp_path / "cache" / "entries").rglob("*.json"))  # the cache was written ...
    assert cjmap.lint(NAMED, settings=cjmap.Settings(today=TODAY, cache=True,
                                                     cache_dir=str(tmp_path / "cache"))) == plain  # ... and read


def test_a_cache_that_cannot_be_used_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    unusable = cjmap.Settings(cache=True, cache_dir=str(tmp_path / "file"))
    with pytest.warns(RuntimeWarning, match="cannot be used"):
        result = cjmap.validate("tests/maps/invalid", settings=unusable)
    assert result == cjmap.validate("tests/maps/invalid") and result.problems


def test_settings_choose_the_configuration_and_the_exclusion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "d.yaml").write_text(MINIMAL_MAP, encoding="utf-8")
    (tmp_path / "m.yaml").write_text(MINIMAL_MAP, encoding="utf-8")
    (tmp_path / ".cjmap.yaml").write_text("exclude: [drafts]\n", encoding="utf-8")
    (tmp_path / "other.yaml").write_text("select: [S004]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cjmap.validate(".").files == ("m.yaml",)
    assert cjmap.validate(".", settings=cjmap.Settings(use_config=False)).files == ("drafts/d.yaml", "m.yaml")
    assert cjmap.validate(".", settings=cjmap.Settings(exclude=("m.yaml",))).files == ()
    assert cjmap.validate("drafts").files == ("drafts/d.yaml",)  # a named folder is still searched
    only_s004 = cjmap.lint("m.yaml", settings=cjmap.Settings(config="other.yaml", today=TODAY))
    assert {problem.code for problem in only_s004.problems} == {"S004"}


# Misuse raises; the public names are there, and light.

@pytest.mark.parametrize("call, error", [
    (lambda: cjmap.validate(42), TypeError),  # type: ignore[arg-type]
    (lambda: cjmap.validate(["examples", 1]), TypeError),  # type: ignore[list-item]
    (lambda: cjmap.validate(".", settings={"jobs": 1}), TypeError),  # type: ignore[arg-type]
    (lambda: cjmap.Settings(jobs=-1), ValueError),
    (lambda: cjmap.Settings(exclude="drafts"), TypeError),  # type: ignore[arg-type]
    (lambda: cjmap.Settings(today="2026-11-01"), TypeError),  # type: ignore[arg-type]
    (lambda: cjmap.Text(b"cjmap: 1"), TypeError),  # type: ignore[arg-type]
    (lambda: cjmap.render("examples/commuter-day.yaml", "docx"), ValueError),
    (lambda: cjmap.render("examples/commuter-day.yaml", paper="B5"), ValueError),
    (lambda: cjmap.render("examples/commuter-day.yaml", language="klingon"), ValueError),
    (lambda: cjmap.portfolio("examples", top=0), ValueError),
    (lambda: cjmap.lint("examples", select="S99x"), cjmap.ConfigError),
    (lambda: cjmap.lint("examples", settings=cjmap.Settings(config="no-such.yaml")), cjmap.ConfigError),
])
def test_misuse_raises(call: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        call()


def test_every_public_name_resolves() -> None:
    assert sorted(cjmap.__all__) == cjmap.__all__
    for name in cjmap.__all__:
        assert getattr(cjmap, name) is not None, name
    for name in ("load", "validate", "lint", "score", "diff", "render", "portfolio"):
        function = getattr(cjmap, name)
        assert callable(function) and function.__doc__, name
    with pytest.raises(AttributeError):
        cjmap.no_such_name  # type: ignore[attr-defined]  # noqa: B018


SHADOWED = ("diff", "lint", "portfolio", "render", "score")
"""The API functions named like the packages that hold their internals (see ``cjmap/__init__.py``)."""
SHADOWING = re.compile(r"^\s*import cjmap\.(?:%s)\.[\w.]+ as |(?:setattr|patch)\(\s*[\"']cjmap\.(?:%s)\.[\w.]+[\"']"
                       % ("|".join(SHADOWED), "|".join(SHADOWED)), re.MULTILINE)


def test_no_code_reaches_a_shadowed_package_through_the_attribute() -> None:
    """``cjmap.render`` is the function, so ``import cjmap.render.pages as pages`` and a patch target written
    ``"cjmap.render.pages.x"`` would find the function, not the package: code writes ``from cjmap.render import
    pages`` and patches module objects instead (``importlib.import_module`` of a dotted name is fine)."""
    assert SHADOWING.search("import cjmap.render.pages as pages\n")
    assert SHADOWING.search("monkeypatch.setattr('cjmap.lint.engine.run', run)")
    assert not SHADOWING.search("from cjmap.render import pages\nimport cjmap.render.pages\nfind_spec('cjmap.lint.x')")
    offenders = [f"{path.relative_to(REPO)}: {found.group(0).strip()}"
                 for folder in ("src", "tests", "benchmarks", "action")
                 for path in sorted((REPO / folder).rglob("*.py"))
                 for found in SHADOWING.finditer(path.read_text(encoding="utf-8"))
                 if path.name != "test_api.py"]
    assert offenders == []
    assert callable(cjmap.render) and __import__("cjmap.render.pages").render is cjmap.render


def python(code: str, *options: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter that finds this checkout's cjmap."""
    result = subprocess.run([sys.executable, *options, "-c", code], capture_output=True, text=True, timeout=120,
                            check=False, cwd=cwd, env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert result.returncode == 0, result.stderr
    return result


HEAVY = ("pydantic", "ruamel", "jinja2", "typer", "rich")


def test_import_cjmap_stays_light() -> None:
    timed = python("import cjmap", "-X", "importtime").stderr.splitlines()
    imported = {line.rsplit("|", 1)[-1].strip() for line in timed if line.startswith("import time:")}
    assert "cjmap" in imported and "encodings" in imported  # the detector sees what it should
    assert {name for name in imported if name.split(".")[0] in HEAVY} == set()
    # The settings and the text value are light too; a function brings the machinery in when called.
    loaded = python("import sys, cjmap\ncjmap.Settings(); cjmap.Text('')\nprint(*sys.modules)").stdout.split()
    assert "cjmap.api_types" in loaded and {name for name in loaded if name.split(".")[0] in HEAVY} == set()
