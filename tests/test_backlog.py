"""``cjmap backlog``: the opportunities of many maps as one ranked backlog, through the CLI as a user runs it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import CliRunner
from markdown_support import assert_gfm, cmark_missing

CHECKOUT = """\
cjmap: 1
id: checkout
title: Checkout
type: current-state
stages:
  - name: Pay
    steps:
      - name: Types the card
        emotion: 1
        pain_points:
          - {id: slow, text: The form is slow, severity: high}
          - {id: crash, text: "=HYPERLINK(\\"http://evil\\")", severity: critical}
        opportunities:
          - {id: wallet, text: Offer a wallet, owner: pay-team, addresses: [slow], customer_value: 5,
             business_value: 3, effort: 2, issue: "https://example.com/issues/1"}
          - {text: "=cmd|' /C calc'!A0", priority: high, addresses: [crash]}
          - {text: Remember the card., customer_value: 2, effort: 4}
"""
RETURNS = """\
cjmap: 1
id: returns
title: Returns
type: current-state
stages:
  - name: Return
    steps:
      - name: Prints a label
        emotion: 2
        pain_points: [{id: label, text: No printer at home, severity: high}]
        opportunities:
          - {id: wallet, text: Offer a wallet, owner: returns-team}
          - {text: remember the card, priority: low}
          - {id: qr, text: QR code instead of a label, addresses: [label], customer_value: 4, effort: 4}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "checkout.yaml").write_text(CHECKOUT, encoding="utf-8")
    (tmp_path / "returns.yaml").write_text(RETURNS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _json(cli: CliRunner, *args: str) -> dict:
    result = cli("backlog", "-f", "json", *args)
    assert result.code == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_opportunities_merge_by_id_or_text_and_rank_by_value_over_effort(cli: CliRunner, project: Path) -> None:
    items = _json(cli, ".")["items"]
    assert [(item["id"], item["text"], item["score"], item["maps"]) for item in items] == [
        ("wallet", "Offer a wallet", 2.0, ["checkout.yaml", "returns.yaml"]),  # (5 + 3) / 2 / 2
        ("qr", "QR code instead of a label", 1.0, ["returns.yaml"]),  # 4 / 4
        (None, "Remember the card.", 0.5, ["checkout.yaml", "returns.yaml"]),  # same text: one item; 2 / 4
        (None, "=cmd|' /C calc'!A0", None, ["checkout.yaml"]),  # no rating: after those with one
    ]
    wallet = items[0]
    assert wallet["conflicts"] == ["owner: pay-team / returns-team"]
    assert wallet["severity"] == "high" and wallet["issue"] == "https://example.com/issues/1"
    assert [served["step_name"] for served in wallet["served"]] == ["Types the card", "Prints a label"]
    assert items[2]["priority"] == "low" and items[2]["conflicts"] == ["text: Remember the card. / remember the card"]


def test_urgent_pain_points_without_a_ticketed_opportunity_are_listed(cli: CliRunner, project: Path) -> None:
    unticketed = _json(cli, ".")["unticketed"]
    assert [(u["file"], u["id"], u["severity"]) for u in unticketed] == [
        ("checkout.yaml", "crash", "critical"),  # addressed, but by an opportunity without a ticket
        ("returns.yaml", "label", "high")]  # 'slow' has the wallet's ticket


def test_issue_export_has_stable_fingerprints_and_a_marker(cli: CliRunner, project: Path) -> None:
    first = json.loads(cli("backlog", "-f", "issues", ".").stdout)
    (project / "returns.yaml").write_text(RETURNS.replace("QR code instead of a label", "A QR code"), encoding="utf-8")
    second = json.loads(cli("backlog", "-f", "issues", ".").stdout)
    by_title = {issue["title"]: issue for issue in second}
    for issue in first:
        if issue["title"] in by_title:  # every item whose key did not change keeps its fingerprint
            assert by_title[issue["title"]]["fingerprint"] == issue["fingerprint"]
    wallet = first[0]
    assert wallet["body"].endswith(f"<!-- cjmap-opportunity: {wallet['fingerprint']} -->")
    assert wallet["assignee"] == "pay-team" and "cjmap" in wallet["labels"]
    assert len({issue["fingerprint"] for issue in first}) == len(first)


def test_csv_and_xlsx_cells_are_guarded_against_formulas(cli: CliRunner, project: Path) -> None:
    rows = list(csv.reader(io.StringIO(cli("backlog", "-f", "csv", ".").stdout.lstrip("\ufeff"))))
    assert rows[0][:4] == ["Rank", "Fingerprint", "Id", "Opportunity"]
    assert len(rows) == 5
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")], "a formula reached the sheet"
    assert "'=cmd|' /C calc'!A0" in cells
    assert cli("backlog", "-f", "xlsx", "-o", "backlog.xlsx", ".").code == 0
    from openpyxl import load_workbook

    book = load_workbook(project / "backlog.xlsx")
    assert book.sheetnames == ["backlog", "about"]
    sheet = book["backlog"]
    assert sheet.max_row == 5
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.skipif(cmark_missing() is not None, reason=str(cmark_missing()))
def test_markdown_shows_one_table_on_github(cli: CliRunner, project: Path) -> None:
    result = cli("backlog", "-f", "markdown", ".")
    parsed = assert_gfm(result.stdout, tables=1, rows=[4])
    links = [a["href"] for a in parsed.tags("a")]
    assert "https://example.com/issues/1" in links  # the ticket; map text keeps GitHub's autolinks of http(s) text
    assert all(str(link).startswith(("https://", "http://")) for link in links)


def test_text_report_and_usage_errors(cli: CliRunner, project: Path) -> None:
    text = cli("backlog", ".")
    assert text.code == 0
    lines = text.stdout.splitlines()
    assert lines[0].startswith("Backlog: 4 opportunities from 2 maps")
    assert "    1. Offer a wallet (wallet) owner pay-team, value ÷ effort 2.00, 2 maps" in lines
    assert "        conflict: owner: pay-team / returns-team" in lines
    assert cli("backlog", "nowhere").code == 2
    assert cli("backlog", "-f", "sarif", ".").code == 2
    (project / "bad.yaml").write_text(CHECKOUT.replace("effort: 2", "effort: 9"), encoding="utf-8")
    left_out = cli("backlog", "-f", "json", ".")
    assert left_out.code == 1
    assert [p["code"] for p in json.loads(left_out.stdout)["problems"]] == ["V023"]


@pytest.mark.parametrize("written, message", [
    ("effort: 9", "V023 [invalid-value] Input should be less than or equal to 5"),
    ("effort: 2.5", "V022 [wrong-type] expected a whole number, got the number 2.5"),
    ('issue: "javascript:alert(1)"', "V023 [invalid-value] 'javascript:alert(1)' is not a ticket address"),
])
def test_ratings_and_tickets_are_validated(cli: CliRunner, project: Path, written: str, message: str) -> None:
    (project / "checkout.yaml").write_text(
        CHECKOUT.replace('issue: "https://example.com/issues/1"', written), encoding="utf-8")
    result = cli("validate", "checkout.yaml")
    assert result.code == 1 and message in result.stdout


def test_ratings_and_tickets_survive_a_spreadsheet_round_trip(cli: CliRunner, project: Path) -> None:
    assert cli("export", "csv", "checkout.yaml", "-o", "c.csv").code == 0
    assert cli("import", "csv", "c.csv", "-o", "back.yaml").code == 0
    back = _json(cli, "back.yaml")["items"]
    assert (back[0]["customer_value"], back[0]["business_value"], back[0]["effort"], back[0]["issue"]) == (
        5, 3, 2, "https://example.com/issues/1")


def test_the_ticket_rule_is_opt_in(cli: CliRunner, project: Path) -> None:
    def codes(*selection: str) -> list[str]:
        result = cli("lint", "--no-config", "--no-cache", "-f", "json", *selection, "checkout.yaml")
        return [p["code"] for p in json.loads(result.stdout)["problems"] if p["code"] == "I008"]

    assert codes() == [] and codes("--select", "ALL") == []
    assert codes("--select", "I008") == ["I008"]  # 'crash' is addressed only by an opportunity without a ticket
    assert codes("--select", "urgent-pain-without-ticket") == codes("--select", "I") == ["I008"]
    assert codes("--select", "I008", "--ignore", "I008") == []


def test_a_ticket_is_linked_on_the_rendered_page(cli: CliRunner, project: Path) -> None:
    html = cli("render", "checkout.yaml").stdout
    assert '<a href="https://example.com/issues/1" rel="noopener noreferrer">ticket ↗</a>' in html
    markdown = cli("render", "-f", "markdown", "checkout.yaml").stdout
    assert "[ticket](<https://example.com/issues/1>)" in markdown
