"""``cjmap history`` against a real temporary git repository: maps changed over several commits (a step
renamed, a step moved, a pain point added then removed, a commit where one map does not validate), the
series, the pain point lifetimes, the gate, usage errors, and that nothing is ever checked out."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CliRunner
from markdown_support import assert_gfm, cmark_missing

from cjmap.diff.model import CURVE_METRICS
from cjmap.history.report import MapVersion, Snapshot, build
from cjmap.history.revisions import Revision

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

Step = tuple[str, str, int, list[tuple[str, str, str]]]
"""(id, name, emotion score 1..5, pain points as (id, text, severity))."""


def map_text(map_id: str, stages: list[tuple[str, list[Step]]], *, kpi_value: int = 7) -> str:
    lines = ["cjmap: 1", f"id: {map_id}", f"title: Journey {map_id}", "type: current-state", "stages:"]
    for stage, steps in stages:
        lines += [f"  - id: {stage}", f"    name: Stage {stage}", "    steps:"]
        for step_id, name, score, pains in steps:
            lines += [f"      - id: {step_id}", f"        name: {name}", f"        emotion: {score}"]
            if pains:
                lines.append("        pain_points:")
                lines += [f"          - {{id: {pain}, text: {text}, severity: {severity}}}"
                          for pain, text, severity in pains]
            if step_id == "pay":
                lines += ["        kpis:", f"          - {{name: wait, value: {kpi_value}, target: 4, "
                          "direction: lower}"]
    return "\n".join(lines) + "\n"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def commit(repo: Path, message: str, files: dict[str, str], when: int) -> str:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    git(repo, "add", "-A")
    date = f"{1_700_000_000 + when * 86400} +0000"
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, check=True,
                   env={**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})
    return git(repo, "rev-parse", "HEAD").strip()


CART = ("browse", [("look", "Looks around", 4, []), ("pay", "Pays", 2, [])])


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """c1: two maps; c2 (tag v2): checkout's pay step renamed and a high pain point added; c3: the step moved
    to another stage; c4: checkout does not validate; c5 (tag v5): fixed, the pain point removed, a better end."""
    root = tmp_path / "repo"
    root.mkdir()
    for args in (("init", "-q", "-b", "main"), ("config", "user.name", "T"), ("config", "user.email", "t@e.x"),
                 ("config", "commit.gpgsign", "false")):
        git(root, *args)
    other = map_text("signup", [("start", [("form", "Fills the form", 3, [])])])
    commit(root, "c1", {"maps/checkout.yaml": map_text("checkout", [CART]), "maps/signup.yaml": other,
                        "notes.yaml": "not: a map\n"}, 0)
    pain = [("queue", "Long queue", "high")]
    commit(root, "c2", {"maps/checkout.yaml": map_text("checkout", [
        ("browse", [("look", "Looks around", 4, []), ("pay", "Pays at the till", 1, pain)])])}, 1)
    git(root, "tag", "v2")
    commit(root, "c3", {"maps/checkout.yaml": map_text("checkout", [
        ("browse", [("look", "Looks around", 4, [])]), ("leave", [("pay", "Pays at the till", 1, pain)])])}, 3)
    commit(root, "c4", {"maps/checkout.yaml": "cjmap: 1\nid: checkout\ntitle: Broken\nstages: 3\n"}, 4)
    commit(root, "c5", {"maps/checkout.yaml": map_text("checkout", [
        ("browse", [("look", "Looks around", 4, [])]), ("leave", [("pay", "Pays at the till", 5, [])])],
        kpi_value=3)}, 6)
    git(root, "tag", "v5")
    monkeypatch.chdir(root)
    return root


def test_the_series_follow_every_commit_that_touches_a_map(repo: Path, cli: CliRunner) -> None:
    result = cli("history", "-f", "json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == 1
    assert [revision["subject"] for revision in data["revisions"]] == ["c1", "c2", "c3", "c4", "c5"]
    checkout = next(series for series in data["maps"] if series["file"] == "maps/checkout.yaml")
    means = [point and point["metrics"]["mean"] for point in checkout["points"]]
    # scores (4, 2) → (4, 1) twice → invalid → (4, 5), on the 1..5 scale around 3: ±0.5 a point
    assert means == [0.0, -0.25, -0.25, None, 0.75]
    assert [point and point["metrics"]["end"] for point in checkout["points"]] == [-0.5, -1.0, -1.0, None, 1.0]
    assert [point and point["pain_points"]["high"] for point in checkout["points"]] == [0, 1, 1, None, 0]
    assert [point and point["kpis"] for point in checkout["points"]] == [
        {"met": 0, "total": 1}, {"met": 0, "total": 1}, {"met": 0, "total": 1}, None, {"met": 1, "total": 1}]
    signup = next(series for series in data["maps"] if series["file"] == "maps/signup.yaml")
    assert [point["metrics"]["mean"] for point in signup["points"]] == [0.0] * 5
    assert [point and point["metrics"]["mean"] for point in data["portfolio"]] == [0.0, -0.125, -0.125, 0.0, 0.375]
    assert [item["file"] for item in data["invalid"]] == ["maps/checkout.yaml"]
    assert data["invalid"][0]["revision"] == data["revisions"][3]["commit"]


def test_a_pain_point_lives_from_the_commit_that_added_it_to_the_one_that_removed_it(repo: Path, cli: CliRunner) -> None:
    data = json.loads(cli("history", "-f", "json").stdout)
    commits = [revision["commit"] for revision in data["revisions"]]
    # renamed step, moved step and an invalid version in between do not close it
    assert data["pain_points"] == [{"file": "maps/checkout.yaml", "key": "id:queue", "text": "Long queue",
                                    "severity": "high", "opened": commits[1], "open_at_start": False, "closed": commits[4],
                                    "revisions": 3, "days": 5.0}]


def test_text_table_and_sparkline(repo: Path, cli: CliRunner) -> None:
    result = cli("history", "maps/checkout.yaml")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "portfolio (mean of maps)  mean ▅▄▄ █"
    assert lines[1].split() == ["revision", "date", "mean", "min", "end", "peak-end", "valleys", "pain", "points",
                                "KPIs", "met"]
    assert lines[2].split()[1:] == ["2023-11-14", "+0.00", "-0.50", "-0.50", "-0.50", "1", "0", "0/1"]
    assert lines[3].split()[1:] == ["2023-11-15", "-0.25", "-1.00", "-1.00", "-1.00", "1", "1", "high", "0/1"]
    assert lines[5].split()[1:] == ["2023-11-18", *["-"] * 7]
    assert "  maps/checkout.yaml: [high] Long queue  (" in result.stdout
    assert lines[-1].endswith(":maps/checkout.yaml does not validate: missing required key 'type' (+1 more)")
    assert "signup" not in result.stdout


def test_a_pain_point_open_at_the_start_may_be_older(repo: Path, cli: CliRunner) -> None:
    result = cli("history", "--rev", "v2..v5")
    assert "  maps/checkout.yaml: [high] Long queue  (≤ " in result.stdout
    assert ": 2 revisions, 3.0 days)" in result.stdout


def test_paths_are_relative_to_the_current_folder(repo: Path, cli: CliRunner,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "maps")
    data = json.loads(cli("history", "signup.yaml", "-f", "json").stdout)
    assert [revision["subject"] for revision in data["revisions"]] == ["c1"]
    assert [series["file"] for series in data["maps"]] == ["maps/signup.yaml"]


def test_since_a_date(repo: Path, cli: CliRunner) -> None:
    data = json.loads(cli("history", "--since", "2023-11-17 23:00 +0000", "-f", "json").stdout)
    assert [revision["subject"] for revision in data["revisions"]] == ["c4", "c5"]


def test_a_removed_map_is_still_in_its_history(repo: Path, cli: CliRunner) -> None:
    git(repo, "rm", "-q", "maps/signup.yaml")
    git(repo, "commit", "-q", "-m", "c6")
    data = json.loads(cli("history", "maps/signup.yaml", "-f", "json").stdout)
    assert [revision["subject"] for revision in data["revisions"]] == ["c1", "c6"]
    assert [point is not None for point in data["maps"][0]["points"]] == [True, False]


def test_an_empty_range_says_so(repo: Path, cli: CliRunner) -> None:
    result = cli("history", "--rev", "HEAD..HEAD")
    assert (result.code, result.stdout) == (0, "no revisions in the range touch a map\n")


def test_map_text_cannot_drive_the_terminal(repo: Path, cli: CliRunner) -> None:
    commit(repo, "c6", {"maps/signup.yaml": map_text("signup", [("start", [("form", "Form", 3, [])])]).replace(
        "title: Journey signup", 'title: "Sign\\e[31mup"')}, 7)
    result = cli("history", "--rev", "v5..HEAD")
    assert "\x1b" not in result.stdout
    assert "Sign\\x1b[31mup (maps/signup.yaml)" in result.stdout


def test_tags_and_a_range(repo: Path, cli: CliRunner) -> None:
    data = json.loads(cli("history", "--tags", "-f", "json").stdout)
    assert [revision["label"] for revision in data["revisions"]] == ["v2", "v5"]
    git(repo, "tag", "-a", "-m", "annotated", "v5-notes", "v5")
    git(repo, "tag", "a-blob", git(repo, "rev-parse", "HEAD:notes.yaml").strip())
    data = json.loads(cli("history", "--tags", "--since", "2023-11-16 00:00 +0000", "-f", "json").stdout)
    assert [revision["label"] for revision in data["revisions"]] == ["v5", "v5-notes"]
    data = json.loads(cli("history", "--rev", "v2..v5", "-f", "json").stdout)
    assert [revision["subject"] for revision in data["revisions"]] == ["c3", "c4", "c5"]


def test_the_gate_fails_when_a_metric_got_worse(repo: Path, cli: CliRunner) -> None:
    git(repo, "checkout", "-q", "-b", "worse", "v2")
    worse = cli("history", "--rev", "v2~1..HEAD", "--fail-if-worse", "mean,end", "--base", "main")
    assert worse.code == 1, worse.stderr
    assert "gate failed: maps/checkout.yaml: mean is -0.25, worse than +0.75 at main" in worse.stdout
    assert "gate failed: maps/checkout.yaml: end is -1.00, worse than +1.00 at main" in worse.stdout
    empty = cli("history", "--rev", "HEAD..HEAD", "--fail-if-worse", "end", "--base", "main")
    assert empty.code == 1, empty.stderr  # no commit in the range: its end (v2) is compared
    assert "gate failed: maps/checkout.yaml: end is -1.00, worse than +1.00 at main" in empty.stdout
    git(repo, "checkout", "-q", "main")
    better = cli("history", "--fail-if-worse", "mean", "--base", "v2")
    assert better.code == 0, better.stderr
    assert "gate: mean no worse than at v2: passed" in better.stdout


@pytest.mark.parametrize("args, message", [
    (("--rev", "nosuch..HEAD"), "unknown revision 'nosuch'"),
    (("--rev", "v2", "--tags"), "--rev and --tags do not combine"),
    (("--fail-if-worse", "mean"), "--fail-if-worse needs --base REV"),
    (("--fail-if-worse", "volume", "--base", "v2"), "unknown metric 'volume'"),
    (("--base", "v2"), "--base is the revision --fail-if-worse compares with"),
    (("--fail-if-worse", "mean", "--base", "nosuch"), "unknown revision 'nosuch'"),
    (("../elsewhere",), "lies outside the repository"),
    (("maps/nosuch.yaml",), "no such file or directory: maps/nosuch.yaml"),
    (("--exclude", "!x"), "--exclude: '!x': negation"),
])
def test_usage_errors_exit_2(repo: Path, cli: CliRunner, args: tuple[str, ...], message: str) -> None:
    result = cli("history", *args)
    assert result.code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_outside_a_repository_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: CliRunner) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = cli("history")
    assert result.code == 2
    assert "not inside a git repository" in result.stderr


def test_nothing_is_checked_out(repo: Path, cli: CliRunner) -> None:
    git(repo, "checkout", "-q", "v2")
    (repo / "maps" / "signup.yaml").write_text("changed in the working tree\n")
    before = git(repo, "status", "--porcelain"), git(repo, "rev-parse", "HEAD")
    assert cli("history", "--rev", "main", "-o", "../out.json", "-f", "json").code == 0
    assert (git(repo, "status", "--porcelain"), git(repo, "rev-parse", "HEAD")) == before
    assert (repo / "maps" / "signup.yaml").read_text() == "changed in the working tree\n"
    assert len(json.loads((repo.parent / "out.json").read_text())["revisions"]) == 5


def test_exclude_leaves_a_map_out(repo: Path, cli: CliRunner) -> None:
    data = json.loads(cli("history", "--exclude", "signup.yaml", "-f", "json").stdout)
    assert [series["file"] for series in data["maps"]] == ["maps/checkout.yaml"]


def test_the_project_configuration_excludes_too(repo: Path, cli: CliRunner) -> None:
    (repo / ".cjmap.yaml").write_text("exclude: [maps/checkout.yaml]\n")
    data = json.loads(cli("history", "-f", "json").stdout)
    assert [series["file"] for series in data["maps"]] == ["maps/signup.yaml"]


@pytest.mark.skipif(cmark_missing() is not None, reason=str(cmark_missing()))
def test_markdown_has_tables_and_a_mermaid_chart(repo: Path, cli: CliRunner) -> None:
    result = cli("history", "-f", "markdown")
    assert result.code == 0, result.stderr
    chart = result.stdout.split("```mermaid\n")[1].split("```")[0]
    assert '  x-axis "Revision" ["1", "2", "3", "4", "5"]' in chart
    assert chart.endswith("  line [0, -0.12, -0.12, 0, 0.38]\n  line [-0.25, -0.5, -0.5, 0, 0.5]\n")
    assert "🟦 mean (blue) · 🟧 end (orange)" in result.stdout
    assert_gfm(result.stdout, tables=4, rows=[5, 5, 5, 1])


def test_a_bug_on_one_version_is_that_maps_problem(repo: Path, cli: CliRunner,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from cjmap.history import collect
    from cjmap.model import JourneyMap

    real = collect.version_of

    def failing(journey: JourneyMap, name: str) -> MapVersion:
        if journey.id == "signup":
            raise RuntimeError("boom")
        return real(journey, name)

    monkeypatch.setattr(collect, "version_of", failing)
    result = cli("history", "-f", "json")
    assert result.code == 1
    data = json.loads(result.stdout)
    assert {item["problems"][0]["code"] for item in data["invalid"] if item["file"] == "maps/signup.yaml"} == {"X001"}
    checkout = next(series for series in data["maps"] if series["file"] == "maps/checkout.yaml")
    assert checkout["points"][-1]["metrics"]["mean"] == 0.75


def test_a_map_is_read_again_when_a_file_it_refers_to_changed(repo: Path, cli: CliRunner) -> None:
    persona = "cjmap-persona: 1\nid: sam\nname: Sam\n"
    text = map_text("signup", [("start", [("form", "Fills the form", 3, [])])]).replace(
        "type: current-state", "type: current-state\npersona: ../personas/sam.yaml")
    commit(repo, "c6", {"maps/signup.yaml": text, "personas/sam.yaml": persona}, 7)
    git(repo, "rm", "-q", "personas/sam.yaml")
    git(repo, "commit", "-q", "-m", "c7")  # the map's blob is the same as in c6; its persona is gone
    commit(repo, "c8", {"personas/sam.yaml": persona}, 8)
    result = cli("history", "--rev", "v5..HEAD", "-f", "json")
    data = json.loads(result.stdout)
    assert [revision["subject"] for revision in data["revisions"]] == ["c6", "c7", "c8"]
    signup = next(series for series in data["maps"] if series["file"] == "maps/signup.yaml")
    assert [point is not None for point in signup["points"]] == [True, False, True]
    (invalid,) = data["invalid"]
    assert invalid["revision"] == data["revisions"][1]["commit"]
    assert "personas/sam.yaml" in invalid["problems"][0]["message"]
    assert result.code == 0


def test_html_page_draws_the_trend_and_is_valid_html(repo: Path, cli: CliRunner, tmp_path: Path) -> None:
    from browser_support import VNU_JAR, vnu_missing

    result = cli("history", "-f", "html", "-o", str(tmp_path / "history.html"))
    assert result.code == 0, result.stderr
    page = (tmp_path / "history.html").read_text()
    chart = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    mean = chart.split('<g class="mean">', 1)[1].split("</g>", 1)[0]
    assert mean.count("<circle") == 5  # the portfolio has a mean at every revision (signup is valid throughout)
    assert "<title>5. " in mean and "— mean +0.38</title>" in mean
    assert chart.count('class="column"') == 5  # a number under every revision
    assert page.count("<table>") == 4  # the portfolio, two maps, the pain points
    assert "Long queue" in page and "does not validate: missing required key &#39;type&#39;" in page
    assert "<script" not in page
    if vnu_missing():
        pytest.skip(str(vnu_missing()))
    done = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", "--also-check-svg",
                           str(tmp_path / "history.html")], capture_output=True, text=True, timeout=180, check=False)
    messages = json.loads(done.stderr or "{}").get("messages", [])
    assert [m for m in messages if m.get("type") == "error"] == []


def _snapshot(index: int, metrics: tuple[float | None, ...]) -> Snapshot:
    revision = Revision(commit=f"{index:040x}", time=index * 86400, subject=f"c{index}", label=f"r{index}")
    version = MapVersion(title="A", metrics=metrics, pains=(), kpis_met=0, kpis=0)
    return Snapshot(revision=revision, maps={"a.yaml": version}, invalid={})


@pytest.mark.parametrize("metric, before, after, failed", [
    ("mean", 0.2, 0.1, True), ("mean", 0.2, 0.2, False), ("mean", 0.2, 0.3, False),
    ("valleys", 1.0, 2.0, True), ("valleys", 2.0, 1.0, False),  # more valleys is worse
    ("end", 0.5, None, True), ("end", None, 0.5, False),  # a value lost is worse; none to lose is not
])
def test_the_gate_knows_which_way_is_worse(metric: str, before: float | None, after: float | None,
                                           failed: bool) -> None:
    index = CURVE_METRICS.index(metric)
    base = _snapshot(0, tuple(before if position == index else 0.0 for position in range(len(CURVE_METRICS))))
    end = _snapshot(1, tuple(after if position == index else 0.0 for position in range(len(CURVE_METRICS))))
    found = build([end], base=base, gate=[metric])
    assert [failure.metric for failure in found.failures] == ([metric] if failed else [])


@pytest.mark.skipif(cmark_missing() is not None, reason=str(cmark_missing()))
def test_markdown_keeps_under_githubs_comment_limit() -> None:
    from cjmap.reporters.history import render_markdown

    revisions = [Revision(commit=f"{index:040x}", time=index * 86400, subject="s", label=f"r{index}")
                 for index in range(40)]
    version = MapVersion(title="A", metrics=(0.1, -0.5, 0.25, 0.0, 1.0), pains=(), kpis_met=1, kpis=2)
    snapshots = [Snapshot(revision=revision, maps={f"maps/{n}.yaml": version for n in range(60)}, invalid={})
                 for revision in revisions]
    text = render_markdown(build(snapshots))
    assert 60_000 < len(text) <= 65_536
    assert text.endswith("this comment keeps under GitHub's 65,536-character limit. Run `cjmap history "
                         "--format json` (or `--format html`) for all of it.\n")
    shown = text.count("\n## ")
    assert f"**Truncated:** {61 - shown} of 61 sections are not shown" in text
    assert_gfm(text, tables=shown, rows=[40] * shown)
    small = render_markdown(build(snapshots[:3]))
    assert "Truncated" not in small
