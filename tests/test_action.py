"""The GitHub Action: action.yml against the action metadata schema, and its scripts run as the runner runs
them - the comment script against a fake GitHub API on 127.0.0.1 with a recorded pull_request event, in a git
repository whose map changes; the check script on maps with findings. No network beyond 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
from conftest import EXAMPLES, FIXTURES, REPO
from ruamel.yaml import YAML

ACTION = REPO / "action.yml"
SCRIPTS = REPO / "action"
EVENTS = FIXTURES / "github-events"
SCHEMA = FIXTURES / "github-action-schema" / "github-action.json"
MARKER = "<!-- cjmap-diff -->"
TOKEN = "ghs_not-a-real-token"
BOT = {"login": "github-actions[bot]", "type": "Bot"}


def action() -> dict[str, Any]:
    loaded = YAML(typ="safe").load(ACTION.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


# --- action.yml ---------------------------------------------------------------------------------------------


def test_action_yml_is_valid_by_the_action_metadata_schema() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
              for error in jsonschema.Draft7Validator(schema).iter_errors(action())]
    assert errors == []


def test_the_schema_refuses_a_broken_action() -> None:
    broken = action()
    broken["runs"]["steps"][0]["uses"] = 42
    del broken["description"]
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert len(list(jsonschema.Draft7Validator(schema).iter_errors(broken))) >= 2


def test_every_input_used_is_declared_and_every_declared_one_used() -> None:
    text = ACTION.read_text(encoding="utf-8")
    declared = set(action()["inputs"])
    used = set(re.findall(r"\binputs\.([a-z-]+)", text))
    assert used == declared
    assert declared >= {"paths", "lint", "sarif-file", "site", "findings-baseline", "fail-under", "fail-over",
                        "comment", "python-version", "cjmap-version"}
    # Each INPUT_X the steps set is read by a script, and each one a script reads is set.
    given = set(re.findall(r"\bINPUT_([A-Z_]+):", text))
    read = {name.upper().replace("-", "_") for script in SCRIPTS.glob("*.py")
            for name in re.findall(r"""(?:text|flag|words)\("([a-z-]+)\"""", script.read_text(encoding="utf-8"))}
    assert given == read


def test_the_steps_run_scripts_that_exist_and_the_documented_upload_actions() -> None:
    steps = action()["runs"]["steps"]
    assert action()["runs"]["using"] == "composite"
    scripts = {match for step in steps for match in re.findall(r"\$GITHUB_ACTION_PATH/(action/\w+\.py)",
                                                                  step.get("run", ""))}
    assert scripts == {"action/check.py", "action/comment.py"}
    assert all((REPO / script).is_file() for script in scripts)
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert uses == ["actions/setup-python", "github/codeql-action/upload-sarif", "actions/upload-artifact"]
    assert all("shell" in step for step in steps if "run" in step)  # composite run steps must name a shell


# --- a fake GitHub API --------------------------------------------------------------------------------------


@dataclass
class FakeGithub:
    """Issue comments of one repository, served as the REST API serves them (paged), and every request."""

    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, Any] | None]] = field(default_factory=list)
    refuse: int | None = None
    next_id: int = 1000
    url: str = ""

    def handle(self, method: str, target: str, headers: Any, body: bytes) -> tuple[int, Any]:
        document: Any = json.loads(body) if body else None
        self.requests.append((method, target, document))
        if headers.get("Authorization") != f"Bearer {TOKEN}" or headers.get("User-Agent") is None:
            return 401, {"message": "Bad credentials"}
        if self.refuse:
            return self.refuse, {"message": "Resource not accessible by integration"}
        parts = urlsplit(target)
        if found := re.fullmatch(r"/repos/octo-org/journeys/issues/(\d+)/comments", parts.path):
            thread = self.comments.setdefault(int(found[1]), [])
            if method == "GET":
                query = parse_qs(parts.query)
                size, page = int(query["per_page"][0]), int(query["page"][0])
                return 200, thread[(page - 1) * size:page * size]
            if method == "POST":
                self.next_id += 1
                thread.append({"id": self.next_id, "user": BOT, "body": document["body"]})
                return 201, thread[-1]
        if (found := re.fullmatch(r"/repos/octo-org/journeys/issues/comments/(\d+)", parts.path)) and method == "PATCH":
            for comment in (comment for thread in self.comments.values() for comment in thread):
                if comment["id"] == int(found[1]):
                    comment["body"] = document["body"]
                    return 200, comment
        return 404, {"message": "Not Found"}

    def writes(self) -> list[tuple[str, str]]:
        return [(method, urlsplit(target).path) for method, target, _ in self.requests if method != "GET"]


@pytest.fixture
def github() -> Iterator[FakeGithub]:
    fake = FakeGithub()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, document = fake.handle(self.command, self.path, self.headers, body)
            data = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = _answer

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()


# --- the comment script -------------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def set_emotion(path: Path, step: int, value: int) -> None:
    """Change the ``step``-th emotion score of a map in its text, as an edit would."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    scores = [number for number, line in enumerate(lines) if re.match(r"\s+emotion: -?\d+\s*$", line)]
    line = lines[scores[step]]
    lines[scores[step]] = line[:line.index(":") + 1] + f" {value}\n"
    path.write_text("".join(lines), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with a journey map in its first commit (the pull request's base)."""
    root = tmp_path / "journeys"
    (root / "maps").mkdir(parents=True)
    shutil.copy(EXAMPLES / "trial-onboarding.current.yaml", root / "maps" / "onboarding.yaml")
    shutil.copytree(EXAMPLES / "personas", root / "maps" / "personas")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "mona@example.com")
    git(root, "config", "user.name", "Mona")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def commit_change(repo: Path, step: int, value: int) -> str:
    set_emotion(repo / "maps" / "onboarding.yaml", step, value)
    git(repo, "commit", "-q", "-am", f"step {step} to {value}")
    return git(repo, "rev-parse", "HEAD")


def run_script(name: str, repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items()
             if not key.lower().endswith("_proxy") and not key.startswith(("GITHUB_", "INPUT_"))}
    # The script runs cjmap with its own Python: this checkout's cjmap, as the action installs it.
    clean["PYTHONPATH"] = str(REPO / "src")
    clean["NO_PROXY"] = clean["no_proxy"] = "127.0.0.1"
    return subprocess.run([sys.executable, str(SCRIPTS / name)], cwd=repo, env={**clean, **env}, text=True,
                          capture_output=True, timeout=120, check=False)


def comment(repo: Path, github: FakeGithub, base: str, event: str = "pull_request.json",
            **extra: str) -> subprocess.CompletedProcess[str]:
    recorded = (EVENTS / event).read_text(encoding="utf-8")
    path = repo.parent / "event.json"
    path.write_text(recorded.replace("BASE_SHA", base).replace("HEAD_SHA", git(repo, "rev-parse", "HEAD")),
                    encoding="utf-8")
    return run_script("comment.py", repo, {"GITHUB_EVENT_PATH": str(path), "GITHUB_REPOSITORY": "octo-org/journeys",
                                           "GITHUB_API_URL": github.url, "GITHUB_TOKEN": TOKEN,
                                           "INPUT_PATHS": "maps", **extra})


def ours(github: FakeGithub) -> list[dict[str, Any]]:
    return [comment for comment in github.comments.get(42, []) if comment["body"].startswith(MARKER)
            and comment["user"]["type"] == "Bot"]


def test_the_first_push_posts_the_diff_and_later_ones_update_that_comment(repo: Path, github: FakeGithub) -> None:
    base = git(repo, "rev-parse", "HEAD")
    # 120 comments already (the list comes in pages of 100), one of them a person quoting the marker.
    github.comments[42] = [{"id": n, "user": {"login": "mona", "type": "User"}, "body": f"comment {n}"}
                           for n in range(1, 121)]
    github.comments[42][5]["body"] = f"{MARKER}\nI quote the bot"
    commit_change(repo, 0, 2)

    first = comment(repo, github, base)
    assert (first.returncode, first.stderr) == (0, "")
    assert first.stdout.splitlines()[-1] == "posted comment 1001"
    assert github.writes() == [("POST", "/repos/octo-org/journeys/issues/42/comments")]
    assert [method for method, _, _ in github.requests] == ["GET", "GET", "POST"]  # both pages read
    [posted] = ours(github)
    assert posted["body"].startswith(f"{MARKER}\n## cjmap diff\n\n**1 change in 1 map: 1 modified.**\n")
    assert "| ↑ | Sees a comparison ad | Awareness | 0 | 2 | +1 |" in posted["body"]

    commit_change(repo, 1, -2)
    github.requests.clear()
    second = comment(repo, github, base)
    assert (second.returncode, second.stderr) == (0, "")
    assert second.stdout.splitlines()[-1] == "updated comment 1001"
    assert github.writes() == [("PATCH", "/repos/octo-org/journeys/issues/comments/1001")]
    [updated] = ours(github)
    assert updated["id"] == 1001 and "**2 changes in 1 map: 2 modified.**" in updated["body"]
    assert github.comments[42][5]["body"] == f"{MARKER}\nI quote the bot"  # a person's comment is never edited
    assert len(github.comments[42]) == 121

    github.requests.clear()
    third = comment(repo, github, base)
    assert third.stdout.splitlines()[-1] == "comment 1001 is up to date"
    assert github.writes() == []


def test_a_pull_request_without_journey_changes_gets_no_comment(repo: Path, github: FakeGithub) -> None:
    base = git(repo, "rev-parse", "HEAD")
    (repo / "notes.txt").write_text("not a map\n", encoding="utf-8")
    git(repo, "add", "notes.txt")
    git(repo, "commit", "-q", "-m", "notes")
    result = comment(repo, github, base)
    assert (result.returncode, result.stdout.splitlines()[-1]) == (0, "no journey changes: no comment")
    assert github.writes() == []


def test_a_comment_left_earlier_says_when_the_changes_are_gone(repo: Path, github: FakeGithub) -> None:
    base = git(repo, "rev-parse", "HEAD")
    commit_change(repo, 0, 2)
    assert comment(repo, github, base).returncode == 0
    commit_change(repo, 0, 0)  # back to the base's score: the pull request changes no journey any more
    result = comment(repo, github, base)
    assert result.stdout.splitlines()[-1] == "updated comment 1001"
    assert "No journey changes" in ours(github)[0]["body"]


def test_a_push_event_is_not_commented(repo: Path, github: FakeGithub) -> None:
    result = comment(repo, github, "unused", event="push.json")
    assert (result.returncode, result.stdout) == (0, "not a pull request: no diff comment\n")
    assert github.requests == []


def test_a_read_only_token_warns_and_does_not_fail_the_job(repo: Path, github: FakeGithub) -> None:
    base = git(repo, "rev-parse", "HEAD")
    commit_change(repo, 0, 2)
    github.refuse = 403
    result = comment(repo, github, base)
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1].startswith("::warning::cjmap action: cannot comment (GET /issues/42/"
                                                     "comments?per_page=100&page=1: HTTP 403")


def test_an_api_failure_fails_the_step(repo: Path, github: FakeGithub) -> None:
    base = git(repo, "rev-parse", "HEAD")
    commit_change(repo, 0, 2)
    github.refuse = 500
    result = comment(repo, github, base)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1].startswith("::error::cjmap action: GET /issues/42/comments")


@pytest.mark.parametrize("env, message", [
    ({"GITHUB_TOKEN": ""}, "::error::cjmap action: the diff comment needs GITHUB_TOKEN and GITHUB_REPOSITORY"),
    ({"GITHUB_EVENT_PATH": "/nonexistent/event.json"}, "::error::cjmap action: cannot read the event: "),
])
def test_a_missing_environment_is_a_clear_error(repo: Path, github: FakeGithub, env: dict[str, str],
                                                message: str) -> None:
    result = comment(repo, github, git(repo, "rev-parse", "HEAD"), **env)
    assert result.returncode == 2
    assert result.stdout.splitlines()[-1].startswith(message)
    assert github.requests == []


def test_an_unknown_base_commit_is_a_clear_error(repo: Path, github: FakeGithub) -> None:
    result = comment(repo, github, "0" * 40)
    assert result.returncode == 2
    assert result.stdout.splitlines()[-1].startswith(f"::error::cjmap action: cannot fetch the base commit {'0' * 40}")
    assert github.requests == []


# --- the check script ---------------------------------------------------------------------------------------


def outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines())


def check(repo: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    out = repo.parent / "github_output"
    out.write_text("", encoding="utf-8")
    defaults = {"paths": "maps", "lint": "true", "sarif-file": "cjmap.sarif", "site": "", "findings-baseline": "",
                "fail-under": "", "fail-over": ""}
    env = {"INPUT_" + name.upper().replace("-", "_"): value for name, value in {**defaults, **inputs}.items()}
    result = run_script("check.py", repo, {**env, "GITHUB_OUTPUT": str(out), "CJMAP_TODAY": "2026-11-01"})
    assert result.returncode == 0  # the outcome is the status output, so the uploads and comment still run
    return result, outputs(out)


def test_check_annotates_writes_sarif_and_renders_the_site(repo: Path) -> None:
    path = repo / "maps" / "onboarding.yaml"
    path.write_text(re.sub(r"(?m)^owner: .*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    result, found = check(repo, site="site")
    assert found == {"sarif": "cjmap.sarif", "site": "site", "status": "0"}
    assert "+ cjmap lint maps --format github --output-file sarif:cjmap.sarif\n" in result.stdout
    sarif = json.loads((repo / "cjmap.sarif").read_text(encoding="utf-8"))
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations[0].startswith("::notice file=maps/onboarding.yaml,line=2,col=1,title=H004 map-without-owner")
    assert len(annotations) == len(sarif["runs"][0]["results"])  # an info finding: no failure
    assert (repo / "site" / "index.html").is_file()


def test_check_fails_on_an_invalid_map_and_on_a_gate(repo: Path) -> None:
    with (repo / "maps" / "onboarding.yaml").open("a", encoding="utf-8") as stream:
        stream.write("emoton: 1\n")
    result, found = check(repo, lint="false")
    assert found["status"] == "1"
    assert "::error file=maps/onboarding.yaml,line=" in result.stdout
    git(repo, "checkout", "maps/onboarding.yaml")
    result, found = check(repo, **{"fail-under": "mean=0.9 end=-1", "sarif-file": ""})
    assert found == {"sarif": "", "site": "", "status": "1"}
    assert "+ cjmap score maps --fail-under mean=0.9 --fail-under end=-1\n" in result.stdout


def test_check_applies_the_findings_baseline(repo: Path) -> None:
    assert subprocess.run([sys.executable, "-m", "cjmap", "lint", "maps", "--write-findings-baseline", "known.json"],
                          cwd=repo, env={**os.environ, "PYTHONPATH": str(REPO / "src")}, capture_output=True,
                          check=False).returncode == 0
    result, found = check(repo, **{"findings-baseline": "known.json"})
    assert found["status"] == "0"
    assert [line for line in result.stdout.splitlines() if line.startswith("::")] == []


def test_check_refuses_a_bad_input(repo: Path) -> None:
    result, found = check(repo, lint="maybe")
    assert found == {"status": "2"}
    assert result.stdout == "::error::cjmap action: input 'lint' is 'maybe'; expected true or false\n"


def test_the_docs_table_lists_every_input() -> None:
    page = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    section = page.split("\n## GitHub Actions\n", 1)[1].split("\n## ", 1)[0]
    listed = {name for row in re.findall(r"(?m)^\| (`.+?`) \|", section) for name in re.findall(r"`([a-z-]+)`", row)}
    assert listed == set(action()["inputs"])
    assert "uses: cjmap/cjmap@v" in section
