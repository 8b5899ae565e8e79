"""The documentation site: `mkdocs build --strict` passes (a broken link or anchor fails it), the generated pages
(one per lint rule, the problem codes) are up to date, and the README stays short and links into docs/."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REPO

from cjmap.codes import CODES
from cjmap.lint.rules import RULES

DOCS = REPO / "docs"


def _tool() -> ModuleType:
    """tools/docs_pages.py, the repository's generator (not part of the installed package)."""
    spec = importlib.util.spec_from_file_location("docs_pages", REPO / "tools" / "docs_pages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _mkdocs_missing() -> str | None:
    for name in ("mkdocs", "material", "mdx_truly_sane_lists"):
        if importlib.util.find_spec(name) is None:
            return f"{name} is not installed (pip install -e '.[docs]')"
    return None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built as CI builds it: strict, so any warning fails."""
    if reason := _mkdocs_missing():
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)], cwd=REPO,
                            capture_output=True, text=True, check=False,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_the_site_builds_with_a_page_per_command_rule_and_code(site: Path) -> None:
    for page in ("index.html", "tutorial/index.html", "format/index.html", "commands/index.html",
                 "commands/validate/index.html", "commands/lint/index.html", "configuration/index.html",
                 "ci/index.html", "development/index.html", "codes/index.html", "rules/index.html"):
        assert (site / page).is_file(), page
    for code in RULES:
        text = (site / "rules" / code / "index.html").read_text(encoding="utf-8")
        assert f"{code} {RULES[code].NAME}" in text
    codes = (site / "codes" / "index.html").read_text(encoding="utf-8")
    assert all(f"<td>{code.code}</td>" in codes for code in CODES)
    assert not (site / "PYPI").exists()  # the package's long description is no page of the site


def test_lists_read_as_on_github(site: Path) -> None:
    # Python-Markdown alone wants a blank line before a list and four spaces to nest one; the pages are written
    # for GitHub (two spaces), so the site nests by two and no list may follow its paragraph directly.
    validate = (site / "commands" / "validate" / "index.html").read_text(encoding="utf-8")
    assert "<li><code>text</code> (default)" in validate
    development = (site / "development" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<li>Where things live.*?<ul>\s*<li>the shared bottom", development, re.DOTALL)


def test_a_broken_anchor_fails_the_strict_build(tmp_path: Path) -> None:
    if reason := _mkdocs_missing():
        pytest.skip(reason)
    copy = tmp_path / "repo"
    shutil.copytree(DOCS, copy / "docs")
    shutil.copy(REPO / "mkdocs.yml", copy / "mkdocs.yml")
    tutorial = copy / "docs" / "tutorial.md"
    tutorial.write_text(tutorial.read_text(encoding="utf-8") + "\nSee [nowhere](format.md#no-such-section).\n",
                        encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                             str(tmp_path / "site")], cwd=copy, capture_output=True, text=True, check=False,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 1
    assert "does not contain an anchor '#no-such-section'" in result.stderr


def test_the_generated_pages_are_up_to_date() -> None:
    tool = _tool()
    assert tool.stale(DOCS) == {}, "generated pages are out of date: run python tools/docs_pages.py"
    assert sorted(path.stem for path in (DOCS / "rules").glob("*.md")) == sorted([*RULES, "index"])


def test_the_generator_checks_writes_and_removes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tool = _tool()
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    codes = docs / "codes.md"
    codes.write_text(codes.read_text(encoding="utf-8").replace("| V001 | unreadable |", "| V001 | gone |"),
                     encoding="utf-8")
    (docs / "rules" / "Z999.md").write_text("# a rule that is gone\n", encoding="utf-8")
    (docs / "rules" / "C001.md").unlink()
    assert tool.main(["--check", str(docs)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{docs}/codes.md: out of date", f"{docs}/rules/C001.md: out of date", f"{docs}/rules/Z999.md: out of date",
        "run python tools/docs_pages.py"]
    assert tool.main([str(docs)]) == 0
    assert tool.main(["--check", str(docs)]) == 0
    assert codes.read_text(encoding="utf-8") == (DOCS / "codes.md").read_text(encoding="utf-8")
    assert not (docs / "rules" / "Z999.md").exists()
    assert tool.main(["--bad"]) == 2


def test_the_rule_page_is_the_explain_text_in_markdown() -> None:
    from cjmap.lint.docs import parse

    for code, rule in RULES.items():
        doc = parse(rule)
        page = (DOCS / "rules" / f"{code}.md").read_text(encoding="utf-8")
        assert page.startswith(f"# {code} {doc.name}\n")
        assert doc.summary in page and doc.description in page and doc.fails in page and doc.passes in page


def test_the_readme_is_short_and_links_into_the_docs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 300
    links = re.findall(r"\]\((docs/[^)#]+)(?:#[^)]*)?\)", readme)
    assert {"docs/tutorial.md", "docs/format.md", "docs/commands/index.md", "docs/rules/index.md", "docs/codes.md",
            "docs/configuration.md", "docs/ci.md", "docs/development.md"} <= set(links)
    assert all((REPO / link).is_file() for link in links), links
    commands = re.findall(r"^\| \[?`cjmap (\w+)`", readme, re.MULTILINE)
    assert {"validate", "lint", "score", "diff", "render", "portfolio", "fmt", "init"} <= set(commands)


def test_every_page_is_in_the_nav_or_generated() -> None:
    nav = (REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n", 1)[1]
    listed = set(re.findall(r"([\w/-]+\.md)", nav))
    pages = {path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md")}
    generated = {page for page in pages if page.startswith("rules/") and page != "rules/index.md"}
    assert pages - listed - generated == {"PYPI.md"}


def test_no_list_follows_its_paragraph_directly() -> None:
    # GitHub starts a list there, the site would not (it would run the items into the paragraph).
    item = re.compile(r"([-*+]|\d+\.) ")
    found = []
    for path in sorted(DOCS.rglob("*.md")):
        in_code = False
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, (before, line) in enumerate(zip(["", *lines], lines), 1):
            if line.startswith("```"):
                in_code = not in_code
            elif (not in_code and item.match(line) and before.strip() and not before[0].isspace()
                  and not item.match(before) and not before.startswith("<!--")):
                found.append(f"{path.relative_to(DOCS)}:{number}")
    assert found == [], "add a blank line before these lists"
