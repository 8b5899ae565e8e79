"""On a pull request, post what it changes in the journeys as one comment, and keep that comment up to date.

Runs ``cjmap diff --rev BASE..HEAD --format markdown`` (BASE from the event's ``pull_request.base.sha``,
fetched when the checkout is shallow) and puts the result, behind the hidden marker ``<!-- cjmap-diff -->``,
in the pull request's conversation: the comment a bot left before with that marker is edited (PATCH), else a
new one is posted (POST) - never a second one. A pull request that changes no map gets no comment (one left
earlier is updated to say so).

Environment: ``GITHUB_EVENT_PATH``, ``GITHUB_REPOSITORY``, ``GITHUB_API_URL``, ``GITHUB_TOKEN`` (what Actions
sets), ``INPUT_PATHS`` (maps or folders; default the whole repository). Exit codes: 0 done or nothing to do,
1 the API refused or failed, 2 a usage or environment error (no token, no event, no git). Stdlib only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from inputs import InputError, annotate, cjmap, words

MARKER = "<!-- cjmap-diff -->"
MAX_BODY = 65_000  # GitHub refuses a comment over 65,536 characters
PER_PAGE = 100
NO_CHANGES = "## cjmap diff\n\n**No journey changes** in this pull request (any more)."


class ApiError(RuntimeError):
    """A GitHub API call that failed; the message says which and why."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class Api:
    """The few REST calls the comment needs, with the workflow's token."""

    def __init__(self, url: str, token: str, repository: str) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.repository = repository

    def call(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(f"{self.url}/repos/{self.repository}{path}", data=data, method=method,
                                         headers={"Accept": "application/vnd.github+json",
                                                  "Authorization": f"Bearer {self.token}",
                                                  "X-GitHub-Api-Version": "2022-11-28",
                                                  "User-Agent": "cjmap-action",
                                                  **({"Content-Type": "application/json"} if data else {})})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read().decode("utf-8") or "null")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:300]
            raise ApiError(f"{method} {path}: HTTP {exc.code} {detail}", exc.code) from None
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            raise ApiError(f"{method} {path}: {exc}") from None

    def comments(self, number: int) -> list[dict[str, Any]]:
        """Every comment of issue or pull request ``number``, page by page."""
        found: list[dict[str, Any]] = []
        page = 1
        while True:
            batch = self.call("GET", f"/issues/{number}/comments?per_page={PER_PAGE}&page={page}")
            if not isinstance(batch, list):
                raise ApiError(f"GET /issues/{number}/comments: expected a list, got {type(batch).__name__}")
            found += batch
            if len(batch) < PER_PAGE:
                return found
            page += 1


def ours(comment: Mapping[str, Any]) -> bool:
    """A comment this action wrote: it opens with the marker, and a bot (the workflow's token) wrote it - a
    person quoting the marker does not get their comment overwritten."""
    user = comment.get("user") or {}
    return str(comment.get("body", "")).startswith(MARKER) and user.get("type") == "Bot"


def body_of(report: str) -> str:
    """The comment's text: marker first, the report cut to what GitHub takes."""
    if len(report) > MAX_BODY:
        report = report[:MAX_BODY] + "\n\n… (cut: run `cjmap diff` locally for the whole report)"
    return f"{MARKER}\n{report.rstrip()}\n"


def journey_diff(base: str, paths: list[str]) -> tuple[bool, str]:
    """Whether BASE..HEAD changes a map, and the Markdown report; raises RuntimeError when cjmap cannot say."""
    if subprocess.run(["git", "cat-file", "-e", f"{base}^{{commit}}"], capture_output=True, check=False).returncode:
        # A shallow checkout (actions/checkout's default) lacks the base commit: fetch just that one.
        fetched = subprocess.run(["git", "fetch", "--no-tags", "--depth=1", "origin", base], capture_output=True,
                                 text=True, check=False)
        if fetched.returncode:
            raise RuntimeError(f"cannot fetch the base commit {base}: {fetched.stderr.strip()}")
    result = cjmap(["diff", "--rev", f"{base}..HEAD", *paths, "--format", "markdown", "--exit-code",
                    "--no-color"], capture=True)
    sys.stderr.write(result.stderr)
    if result.returncode not in (0, 1) and not result.stdout.strip():
        raise RuntimeError(f"cjmap diff failed (exit {result.returncode}): {result.stderr.strip()}")
    # Exit 2 with a report: a map that does not validate, reported with its problems; worth showing.
    return result.returncode != 0, result.stdout


def post(api: Api, number: int, changed: bool, report: str) -> str:
    """Update this action's comment or post one; what was done, for the log."""
    mine = next((comment for comment in api.comments(number) if ours(comment)), None)
    if mine is None:
        if not changed:
            return "no journey changes: no comment"
        created = api.call("POST", f"/issues/{number}/comments", {"body": body_of(report)})
        return f"posted comment {created.get('id') if isinstance(created, dict) else '?'}"
    body = body_of(report if changed else NO_CHANGES)
    if mine.get("body") == body:
        return f"comment {mine['id']} is up to date"
    api.call("PATCH", f"/issues/comments/{mine['id']}", {"body": body})
    return f"updated comment {mine['id']}"


def main(environ: Mapping[str, str] | None = None) -> int:
    env = os.environ if environ is None else environ
    try:
        with open(env["GITHUB_EVENT_PATH"], encoding="utf-8") as stream:
            event = json.load(stream)
        paths = words("paths", env)
    except KeyError:
        annotate("error", "cjmap action: GITHUB_EVENT_PATH is not set; run it in a GitHub Actions job")
        return 2
    except (OSError, ValueError, InputError) as exc:
        annotate("error", f"cjmap action: cannot read the event: {exc}")
        return 2
    pull = event.get("pull_request") if isinstance(event, dict) else None
    if not isinstance(pull, dict):
        print("not a pull request: no diff comment")
        return 0
    token, repository = env.get("GITHUB_TOKEN", ""), env.get("GITHUB_REPOSITORY", "")
    if not token or not repository:
        annotate("error", "cjmap action: the diff comment needs GITHUB_TOKEN and GITHUB_REPOSITORY")
        return 2
    try:
        number, base = int(pull["number"]), str(pull["base"]["sha"])
    except (KeyError, TypeError, ValueError):
        annotate("error", "cjmap action: the event's pull_request has no number or base.sha")
        return 2
    try:
        changed, report = journey_diff(base, paths)
    except (RuntimeError, OSError) as exc:
        annotate("error", f"cjmap action: {exc}")
        return 2
    api = Api(env.get("GITHUB_API_URL") or "https://api.github.com", token, repository)
    try:
        print(post(api, number, changed, report))
    except ApiError as exc:
        if exc.status == 403:  # a fork's pull request gets a read-only token; the check itself still ran
            annotate("warning", f"cjmap action: cannot comment ({exc}); the workflow needs "
                                "'permissions: pull-requests: write', and a fork's pull request has a read-only token")
            return 0
        annotate("error", f"cjmap action: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
