"""Which revisions a history covers: the commits of a range (``--rev A..B``), the tags (``--tags``), both
narrowed by ``--since``; oldest first. Only commits that touch the given paths count."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cjmap.diff import git


@dataclass(frozen=True, kw_only=True)
class Revision:
    """One point of a history: a commit, when it was made, its subject, and how reports name it."""

    commit: str
    time: int
    """The commit time, in seconds since the epoch."""
    subject: str
    label: str
    """A tag's name, or the commit's short id."""


SHORT = 7
"""How many hex digits of a commit id name it in reports."""


def commits(spec: str, repo_paths: list[str], root: Path, *, since: str | None = None) -> list[Revision]:
    """The commits of ``spec`` (``A..B``, or ``B``: all its history) that touch ``repo_paths`` (paths from the
    repository's top ``root``, taken literally), oldest first."""
    old, dots, new = spec.partition("..")
    ends = [git.verify(old or "HEAD")] + ([git.verify(new or "HEAD")] if dots else [])
    selection = f"{ends[0]}..{ends[1]}" if dots else ends[0]
    args = ["log", "--format=%H%x00%ct%x00%s", "--reverse"]
    if since is not None:
        args.append(f"--since={since}")
    found = git.run_git("--literal-pathspecs", *args, "--end-of-options", selection, "--",
                        *(path or "." for path in repo_paths or [""]), cwd=str(root))
    revisions = []
    for line in found.decode("utf-8", "replace").splitlines():
        commit, _, rest = line.partition("\0")
        time, _, subject = rest.partition("\0")
        revisions.append(Revision(commit=commit, time=int(time), subject=subject, label=commit[:SHORT]))
    return revisions


def tags(*, since: str | None = None) -> list[Revision]:
    """Every tag that names a commit, oldest commit first; with ``since`` (a date git understands), the tags
    of commits made since."""
    found = git.run_git("for-each-ref", "--format=%(refname:short)%00%(objecttype)%00%(objectname)%00"
                        "%(*objecttype)%00%(*objectname)", "refs/tags", cwd=None).decode("utf-8", "replace")
    named = [(name, peeled or target) for name, kind, target, peeled_kind, peeled in
             (line.split("\0") for line in found.splitlines() if line.count("\0") == 4)
             if (peeled_kind or kind) == "commit"]  # a tag of a tree or a blob is no point in history
    if not named:
        return []
    args = ["log", "--no-walk", "--format=%H%x00%ct%x00%s"]
    if since is not None:
        args.append(f"--since={since}")
    listed = git.run_git(*args, "--end-of-options", *sorted({commit for _, commit in named}), cwd=None)
    facts: dict[str, tuple[int, str]] = {}
    for line in listed.decode("utf-8", "replace").splitlines():
        commit, _, rest = line.partition("\0")
        time, _, subject = rest.partition("\0")
        facts[commit] = (int(time), subject)
    revisions = [Revision(commit=commit, time=facts[commit][0], subject=facts[commit][1], label=name)
                 for name, commit in named if commit in facts]
    return sorted(revisions, key=lambda revision: (revision.time, revision.label))


def single(revision: str) -> Revision:
    """One revision, by any name git knows (the gate's ``--base``)."""
    commit = git.verify(revision)
    found = git.run_git("log", "-1", "--format=%ct%x00%s", "--end-of-options", commit, cwd=None)
    time, _, subject = found.decode("utf-8", "replace").rstrip("\n").partition("\0")
    return Revision(commit=commit, time=int(time), subject=subject, label=revision)


def end_of(spec: str | None) -> Revision:
    """The last revision of a range (``B`` of ``A..B``, ``HEAD`` when it names none): what a gate compares
    when no commit of the range touches a map."""
    new = (spec or "HEAD").partition("..")[2] if ".." in (spec or "") else spec
    return single(new or "HEAD")
