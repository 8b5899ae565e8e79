"""Pages in the map's language: a map rendered in each shipped language holds no English word of cjmap's
(none of the catalogue's messages), declares its language, and takes it from --lang, the map, the
configuration, in that order."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from browser_support import chromium_missing
from conftest import CliRunner

from cjmap.language import DOMAIN, LOCALES, SHIPPED

MAPS = Path(__file__).parent / "maps" / "languages"
MAP = MAPS / "vozvrat.future.yaml"
"""A service blueprint written in Russian with every part a page can show (persona, scope, baseline, actors,
a score lane, faces, every severity, priority and KPI verdict, durations, a shortened label, an overdue
review): in any language, the only Latin words on its pages are cjmap's own."""
SAME_WORDS = {
    "it": {"Backlog", "KPI", "Persona", "persona", "Scenario", "Service blueprint", "in", "ticket"},
    "ru": {"KPI"},
    "ro": {"Backlog", "KPI", "Persona", "persona", "Site", "minute"},
    "de": {"Backlog", "Backstage", "Emotion", "Frontstage", "Journey", "KPI", "KPIs", "KPIs in", "Map", "Neutral",
           "neutral", "Persona", "Portfolio", "Revision", "Status", "in", "orange"},
    "fr": {"Actions", "Backlog", "Frustrations", "KPI", "Motivations", "Persona", "persona", "personas", "Site", "Type",
           "type", "Technologies", "date", "effort", "minute", "minutes", "on", "orange", "ticket"},
    "es": {"Backlog", "Backstage", "Frontstage", "KPI", "Persona", "persona", "personas", "Service blueprint", "neutral",
           "ticket"},
}
"""The English words of the catalogue that each language writes the same (the field borrows them)."""
TRANSLATED = SHIPPED[1:]


def english_words() -> set[str]:
    """The words of every message of the catalogue, as they stand between its placeholders and markup."""
    with open(LOCALES / f"{DOMAIN}.pot", "rb") as pot:
        messages = [text for message in read_po(pot) if message.id
                    for text in ([message.id] if isinstance(message.id, str) else message.id)]
    words = set()
    for message in messages:
        for part in re.split(r"%\(\w+\)s", re.sub(r"<[^>]*>", " ", message)):
            part = part.strip(" .,:;()·—–-…★✓✗")
            if re.search(r"[^\W\d_]{2,}", part):
                words.add(part)
    return words


ENGLISH = english_words()


def left_in_english(text: str, tag: str, shortest: int = 2) -> list[str]:
    """The catalogue's English words that stand in ``text`` (whole words, as written, of ``shortest``
    characters or more), but those ``tag`` writes the same."""
    return sorted(word for word in ENGLISH - SAME_WORDS[tag] if len(word) >= shortest
                  and re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text))


def visible(page: str) -> str:
    """What a reader sees of an HTML page (or of Markdown's inline HTML): the text between the tags."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]*>", " ", page))


def test_the_check_sees_english() -> None:
    assert ENGLISH >= {"Pain points", "moment of truth", "rendered by cjmap", "how the journey ends", "day", "days"}
    assert left_in_english("Болевые точки · Pain points · how the journey ends", "ru") == [
        "Pain points", "how the journey ends"]
    assert left_in_english("KPI: 5", "ru") == [] and left_in_english("Emotion", "de") == []


@pytest.fixture()
def project(tmp_path: Path) -> Iterator[Path]:
    for source in MAPS.iterdir():
        shutil.copy(source, tmp_path / source.name)
    yield tmp_path


@pytest.mark.parametrize("tag", TRANSLATED)
def test_html_and_markdown_hold_no_english_word(cli: CliRunner, project: Path, tag: str) -> None:
    page = cli("render", str(project / MAP.name), "--lang", tag)
    assert page.code == 0, page.stderr
    assert f'<html lang="{tag}" dir="ltr">' in page.stdout
    assert left_in_english(visible(page.stdout), tag) == []
    markdown = cli("render", str(project / MAP.name), "--lang", tag, "-f", "markdown")
    assert markdown.code == 0, markdown.stderr
    # Mermaid's %% comments are for the importer (the scale's mapping, read back), not for readers.
    assert left_in_english(visible(re.sub(r"(?m)^\s*%%.*$", "", markdown.stdout)), tag) == []


def test_the_same_page_in_english_is_english(cli: CliRunner, project: Path) -> None:
    page = cli("render", str(project / MAP.name), "--lang", "en")
    assert '<html lang="en" dir="ltr">' in page.stdout
    shown = visible(page.stdout)
    for words in ("Pain points", "moment of truth", "review overdue", "Line of visibility", "Emotion of",
                  "their own scores", "stretched onto the emotion scale", "1 week", "how the journey ends",
                  "Baseline: ", "target missed", "no target", "critical", "high priority", "January 10, 2025"):
        assert words in shown


def test_the_page_speaks_the_maps_language_without_lang(cli: CliRunner, project: Path) -> None:
    page = cli("render", str(project / MAP.name))
    assert '<html lang="ru" dir="ltr">' in page.stdout
    shown = visible(page.stdout)
    assert "Болевые точки" in shown and "момент истины" in shown and "1 неделя" in shown
    assert "10 января 2025" in shown and "4,5" in shown
    assert "на согласовании" in shown and "in-review" not in shown  # the status, not its key
    assert left_in_english(shown, "ru") == []


def test_the_configuration_gives_the_language_of_maps_that_declare_none(cli: CliRunner, tmp_path: Path) -> None:
    text = (MAPS / "vozvrat.current.yaml").read_text(encoding="utf-8").replace("language: ru\n", "")
    (tmp_path / "map.yaml").write_text(text, encoding="utf-8")
    (tmp_path / ".cjmap.yaml").write_text("language: ro\n", encoding="utf-8")
    page = cli("render", str(tmp_path / "map.yaml"))
    assert '<html lang="ro" dir="ltr">' in page.stdout and "Curba emoțiilor" in page.stdout
    assert '<html lang="it" dir="ltr">' in cli("render", str(tmp_path / "map.yaml"), "--lang", "it").stdout
    (tmp_path / ".cjmap.yaml").write_text("language: klingon\n", encoding="utf-8")
    broken = cli("render", str(tmp_path / "map.yaml"))
    assert broken.code == 2
    assert "language: 'klingon' is not a BCP 47 language tag" in broken.stderr


def test_a_language_without_a_catalogue_keeps_lang_and_dir_with_english_words(cli: CliRunner, project: Path
                                                                              ) -> None:
    page = cli("render", str(project / MAP.name), "--lang", "ar")
    assert page.code == 0
    assert '<html lang="ar" dir="rtl">' in page.stdout and "Pain points" in page.stdout


def test_a_bad_language_is_a_located_problem_or_a_usage_error(cli: CliRunner, tmp_path: Path) -> None:
    text = (MAPS / "vozvrat.current.yaml").read_text(encoding="utf-8").replace("language: ru", "language: russian")
    (tmp_path / "map.yaml").write_text(text, encoding="utf-8")
    checked = cli("validate", str(tmp_path / "map.yaml"))
    assert checked.code == 1
    assert f"{tmp_path / 'map.yaml'}:5:11: V041 [unknown-language] 'russian' is not a BCP 47 language tag" \
        in checked.stdout
    refused = cli("render", str(MAPS / "vozvrat.current.yaml"), "--lang", "xx-")
    assert (refused.code, refused.stdout) == (2, "")
    assert refused.stderr.startswith("cjmap: error: --lang xx-: 'xx-' is not a BCP 47 language tag")


def test_data_stays_locale_neutral(cli: CliRunner, project: Path) -> None:
    # The Mermaid journey and chart are data for Mermaid: decimal points, whatever the page's language.
    markdown = cli("render", str(project / MAP.name), "-f", "markdown", "--lang", "it").stdout
    assert "    Относит посылку в…: 4.5" in markdown and "line [2, 4.5, 5, 1]" in markdown
    assert '"Curva delle emozioni"' in markdown
    mermaid = cli("render", str(project / MAP.name), "-f", "mermaid", "--lang", "ru").stdout
    assert "4.5" in mermaid and "4,5" not in mermaid


needs_pdf = pytest.mark.skipif(bool(chromium_missing()) or shutil.which("pdftotext") is None
                               or shutil.which("pdffonts") is None,
                               reason="needs Chromium and poppler-utils (pdftotext, pdffonts)")


@needs_pdf
@pytest.mark.parametrize("tag", TRANSLATED)
def test_pdf_holds_no_english_word(cli: CliRunner, project: Path, tmp_path: Path, tag: str) -> None:
    target = tmp_path / f"map.{tag}.pdf"
    done = cli("render", str(project / MAP.name), "-f", "pdf", "-o", str(target), "--lang", tag)
    assert done.code == 0, done.stderr
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "Возврат посылки" in text  # the Cyrillic text is there as text, not boxes
    # A narrow column breaks a long word over two lines ("Riferimen" / "to"), so the PDF is searched for the
    # longer words; the HTML and Markdown tests above look for every one.
    assert left_in_english(text, tag, shortest=4) == []
    if tag == "ru":
        fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout
        assert "DejaVu" in fonts or "Liberation" in fonts or "Noto" in fonts, fonts


def without_code(markdown: str) -> str:
    """Markdown with its code spans (file names, step ids) and inline HTML taken out."""
    return visible(re.sub(r"`[^`]*`", " ", markdown))


@pytest.mark.parametrize("tag", TRANSLATED)
def test_the_score_markdown_report_speaks_lang(cli: CliRunner, project: Path, tag: str) -> None:
    report = cli("score", str(project / MAP.name), "--compare", "-f", "markdown", "--lang", tag)
    assert report.code == 0, report.stderr
    assert left_in_english(without_code(report.stdout), tag) == []
    # The comparison names the metrics as the gates spell them (--fail-under peak-end=0.2); the numbers take
    # the language's decimal sign.
    assert "| `peak-end` |" in report.stdout and "+0,06" in report.stdout


def test_the_score_markdown_report_is_english_without_lang(cli: CliRunner, project: Path) -> None:
    report = cli("score", str(project / MAP.name), "-f", "markdown").stdout
    assert "## Emotion curves" in report and "1 week 2 days over 3 of 4 steps (1 step without a duration)" in report
    assert "+0.06" in report
    text = cli("score", str(project / MAP.name), "--lang", "ru")
    assert text.code == 0 and "Кривые" not in text.stdout  # the terminal report stays English


def test_a_users_templates_can_speak_the_language_too(cli: CliRunner, project: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "map.md.j2").write_text('{{ _("Summary") }} · {% trans %}Pain points{% endtrans %} · {{ map.lang }}'
                                         "\n", encoding="utf-8")
    page = cli("render", str(project / MAP.name), "-f", "markdown", "--template-dir", str(templates), "--lang", "ro")
    assert (page.code, page.stdout) == (0, "Rezumat · Puncte dureroase · ro\n")


def test_a_site_gives_each_page_its_maps_language_unless_lang_says(cli: CliRunner, project: Path,
                                                                   tmp_path: Path) -> None:
    shutil.copy(Path(__file__).parents[1] / "examples" / "commuter-day.yaml", project / "commuter-day.yaml")
    site = tmp_path / "site"

    def languages() -> dict[str, str]:
        return {page.name: re.search(r'<html lang="([^"]*)"', page.read_text(encoding="utf-8"))[1]  # type: ignore[index]
                for page in sorted(site.glob("*.html"))}

    assert cli("render", str(project), "-o", str(site)).code == 0
    # The index lists maps in many languages: it speaks --lang, else the configuration's, else English.
    assert languages() == {"commuter-day.html": "en", "index.html": "en", "vozvrat.current.html": "ru",
                           "vozvrat.future.html": "ru"}
    assert cli("render", str(project), "-o", str(site), "--lang", "es").code == 0
    assert languages() == {"commuter-day.html": "es", "index.html": "es", "vozvrat.current.html": "es",
                           "vozvrat.future.html": "es"}
    assert "Todos los mapas" in (site / "vozvrat.future.html").read_text(encoding="utf-8")
    (project / ".cjmap.yaml").write_text("language: de\n", encoding="utf-8")
    assert cli("render", str(project), "-o", str(site)).code == 0
    assert languages() == {"commuter-day.html": "de", "index.html": "de", "vozvrat.current.html": "ru",
                           "vozvrat.future.html": "ru"}
    assert "Schlechteste Momente" in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("tag", TRANSLATED)
def test_the_sites_index_and_portfolio_hold_no_english_word(cli: CliRunner, project: Path, tmp_path: Path,
                                                           tag: str) -> None:
    site = tmp_path / "site"
    assert cli("render", str(project), "-o", str(site), "--lang", tag).code == 0
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{tag}" dir="ltr">' in index
    shown = visible(index)
    # The map files' paths (in the heat grid's tooltips) are names, not words.
    shown = re.sub(r"\(\S*\.yaml\)", " ", shown)
    assert left_in_english(shown, tag) == []
    assert ",12" in shown and ".12" not in shown  # the normalised scores take the language's decimal sign
    page = cli("portfolio", str(project), "-f", "html", "--lang", tag)
    assert page.code == 0, page.stderr
    assert f'<html lang="{tag}" dir="ltr">' in page.stdout
    assert left_in_english(re.sub(r"\(\S*\.yaml\)", " ", visible(page.stdout)), tag) == []
    markdown = cli("portfolio", str(project), "-f", "markdown", "--lang", tag)
    assert markdown.code == 0, markdown.stderr
    assert left_in_english(without_code(markdown.stdout), tag) == []
    assert "−0,33" in markdown.stdout and "| −0,50 |" not in markdown.stdout


@pytest.mark.parametrize("tag", TRANSLATED)
def test_the_backlog_markdown_report_speaks_lang(cli: CliRunner, project: Path, tag: str) -> None:
    report = cli("backlog", str(project), "-f", "markdown", "--lang", tag)
    assert report.code == 0, report.stderr
    # The "where" column names each map's file, as given: a path, not words.
    assert left_in_english(re.sub(r"\S*\.yaml", " ", without_code(report.stdout)), tag) == []


def test_the_backlog_is_english_without_lang(cli: CliRunner, project: Path) -> None:
    report = cli("backlog", str(project), "-f", "markdown").stdout
    assert report.startswith("## Backlog: 3 opportunities from 2 maps\n")
    assert "| high |" in report and "[ticket](<" in report
    assert "возможност" not in cli("backlog", str(project), "--lang", "ru").stdout  # the terminal stays English
    assert cli("backlog", str(project), "--lang", "zz").code == 2


def test_the_portfolio_is_english_without_lang_and_its_data_stays_neutral(cli: CliRunner, project: Path) -> None:
    markdown = cli("portfolio", str(project), "-f", "markdown").stdout
    assert "## Portfolio: 2 maps" in markdown and "### Worst moments" in markdown and "🟥 below −0.33" in markdown
    text = cli("portfolio", str(project), "--lang", "ru").stdout
    assert "worst moments" in text and "Худшие" not in text  # the terminal report stays English
    data = cli("portfolio", str(project), "-f", "json", "--lang", "it").stdout
    assert '"type": "current-state"' in data and "Stato attuale" not in data
    refused = cli("portfolio", str(project), "--lang", "xx-")
    assert (refused.code, refused.stdout) == (2, "")


def test_the_api_renders_in_a_language() -> None:
    import cjmap

    page = cjmap.render(str(MAP), "markdown", language="it")
    assert page.content is not None and "## Punti critici" in str(page.content)
    assert "## Болевые точки" in str(cjmap.render(str(MAP), "markdown").content)  # the map's own language


@pytest.fixture()
def history_repo(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository of the Russian maps: the current state first, then the future state beside it."""
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, capture_output=True, check=True)

    (project / "vozvrat.future.yaml").rename(project.parent / "future.yaml")
    for args in (("init", "-q", "-b", "main"), ("config", "user.name", "T"), ("config", "user.email", "t@e.x"),
                 ("config", "commit.gpgsign", "false"), ("add", "-A"), ("commit", "-q", "-m", "current")):
        git(*args)
    (project.parent / "future.yaml").rename(project / "vozvrat.future.yaml")
    git("add", "-A")
    git("commit", "-q", "-m", "future")
    monkeypatch.chdir(project)
    return project


@pytest.mark.parametrize("tag", TRANSLATED)
def test_the_history_speaks_lang(cli: CliRunner, history_repo: Path, tag: str) -> None:
    markdown = cli("history", "-f", "markdown", "--lang", tag)
    assert markdown.code == 0, markdown.stderr
    # Mermaid's chart is data for Mermaid (its titles are translated; its keywords are not words for readers).
    prose = re.sub(r"```mermaid.*?```", " ", markdown.stdout, flags=re.S)
    assert left_in_english(re.sub(r"\S*\.yaml", " ", without_code(prose)), tag) == []
    page = cli("history", "-f", "html", "--lang", tag)
    assert page.code == 0, page.stderr
    assert f'<html lang="{tag}" dir="ltr">' in page.stdout
    assert left_in_english(re.sub(r"\S*\.yaml", " ", visible(page.stdout)), tag) == []


def test_the_history_is_english_without_lang(cli: CliRunner, history_repo: Path) -> None:
    markdown = cli("history", "-f", "markdown").stdout
    assert markdown.startswith("# Experience history\n") and "## portfolio (mean of maps)" in markdown
    assert "| # | revision | date | mean |" in markdown and "still open: 1 revision" in markdown
    gate = cli("history", "-f", "markdown", "--lang", "ru", "--fail-if-worse", "mean", "--base", "HEAD~1")
    assert "проверка" in gate.stdout
    assert "ревизия" not in cli("history", "--lang", "ru").stdout  # the terminal stays English


@pytest.mark.parametrize("tag", TRANSLATED)
def test_the_live_previews_problems_page_speaks_the_projects_language(project: Path, tag: str) -> None:
    from cjmap.serve.snapshot import Request, build

    (project / ".cjmap.yaml").write_text(f"language: {tag}\n", encoding="utf-8")
    (project / "broken.yaml").write_text("cjmap: 1\nid: broken\ntitle: Сломанная\nstages: 3\n", encoding="utf-8")
    # What `cjmap serve` serves for the folder: the site, with the broken map's page showing its problems.
    snapshot = build(Request(paths=(str(project),), site=True))
    page = (snapshot.page("broken.html") or b"").decode("utf-8")
    assert f'<html lang="{tag}" dir="ltr">' in page
    # The problems themselves stay English, as on the terminal (docs/languages.md); the page's own words do not.
    words = visible(re.sub(r'<ul class="problems">.*?</ul>', " ", page, flags=re.S))
    assert "broken.yaml" in words and left_in_english(re.sub(r"\S*\.yaml", " ", words), tag) == []
    assert f'<html lang="{tag}" dir="ltr">' in (snapshot.page("") or b"").decode("utf-8")  # the index, too
