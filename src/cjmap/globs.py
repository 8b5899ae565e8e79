"""Gitignore-style globs, as ``exclude``, ``per-file-ignores`` and ``--exclude`` write them.

A glob is relative to a base folder (the configuration file's folder, or the working directory for the
command line) and matches paths below it:

- ``*`` matches any run of characters but ``/``, ``?`` one such character, ``[abc]`` / ``[!abc]`` one of
  (or none of) a set; ``**`` as a whole path segment matches any number of folders (``a/**/b``, ``a/**``).
- A glob without ``/`` (other than a trailing one) matches a name at any depth: ``*.draft.yaml``,
  ``node_modules``. One with a ``/`` at the start or in the middle is anchored to the base: ``/maps``,
  ``tests/fixtures``. ``**/name`` is the same as ``name``.
- A trailing ``/`` matches folders only: ``build/``.
- A glob that matches a folder covers everything inside it.

Negation (``!``) is not supported; ``.`` and ``..`` segments, empty globs, unclosed ``[`` and ``**`` inside a
segment are refused with :class:`GlobError`, whose message says what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class GlobError(ValueError):
    """A glob that cannot be used; the message says why (the caller adds where it was written)."""


@dataclass(frozen=True)
class Glob:
    """One compiled glob."""

    text: str
    """As written, for messages."""
    regex: re.Pattern[str]
    anchored: bool
    """Matched against the path below the base; otherwise against the last name only."""
    folders_only: bool

    def matches(self, relative: str | None, name: str, is_dir: bool) -> bool:
        """Whether the glob picks the entry ``name`` at ``relative`` (``/``-separated, below the base; None
        when the entry is outside the base, where only name globs can match)."""
        if self.folders_only and not is_dir:
            return False
        if not self.anchored:
            return self.regex.fullmatch(name) is not None
        return relative is not None and self.regex.fullmatch(relative) is not None


def compile_glob(text: str) -> Glob:
    """A :class:`Glob` from its text; raises :class:`GlobError` for one that is malformed."""
    if not isinstance(text, str) or not text.strip():
        raise GlobError("a glob must be non-empty text")
    if text.startswith("!"):
        raise GlobError(f"{text!r}: negation ('!') is not supported; list only what to leave out")
    pattern = text
    folders_only = pattern.endswith("/")
    pattern = pattern.rstrip("/")
    anchored = pattern.startswith("/")
    pattern = pattern.lstrip("/")
    if not pattern:
        raise GlobError(f"{text!r}: matches no path; name files or folders below the configuration's folder")
    segments = pattern.split("/")
    if "" in segments:
        raise GlobError(f"{text!r}: empty path segment ('//')")
    for segment in segments:
        if segment in (".", ".."):
            raise GlobError(f"{text!r}: '{segment}' segments are not supported; globs are relative to the "
                            "configuration's folder and cannot leave it")
        if "**" in segment and segment != "**":
            raise GlobError(f"{text!r}: '**' must be a whole path segment, as in 'a/**/b' or '**/*.yaml'")
    while len(segments) > 1 and segments[0] == "**" and not anchored:
        segments = segments[1:]  # '**/name' is 'name': a name at any depth
    if len(segments) > 1:
        anchored = True
    return Glob(text=text, regex=re.compile(_translate(segments, text)), anchored=anchored,
                folders_only=folders_only)


def _translate(segments: list[str], text: str) -> str:
    """The regular expression of a glob's segments."""
    out: list[str] = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            out.append(".+" if last else "(?:.*/)?")  # 'a/**' is what is inside a; 'a/**/b' includes 'a/b'
            continue
        out.append(_translate_segment(segment, text))
        if not last:
            out.append("/")
    return "".join(out)


def _translate_segment(segment: str, text: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(segment):
        char = segment[index]
        index += 1
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "\\":
            if index == len(segment):
                raise GlobError(f"{text!r}: ends with an escaping '\\'")
            out.append(re.escape(segment[index]))
            index += 1
        elif char == "[":
            end = segment.find("]", index + 1 if segment[index:index + 1] in ("!", "^") else index)
            if end == -1 or segment[index:end] in ("", "!", "^"):
                raise GlobError(f"{text!r}: '[' opens a set of characters that no ']' closes")
            body = segment[index:end]
            negated = body[0] in "!^"
            body = body[1:] if negated else body
            members = "".join("\\" + c if c in "\\]^[" else c for c in body)
            out.append(f"[^/{members}]" if negated else f"(?!/)[{members}]")
            index = end + 1
        else:
            out.append(re.escape(char))
    return "".join(out)


@dataclass(frozen=True)
class GlobSet:
    """Globs relative to one base folder."""

    base: Path
    """Resolved (symlinks followed), like the folders configurations are found in."""
    globs: tuple[Glob, ...]

    @classmethod
    def of(cls, base: Path, texts: Iterable[str]) -> GlobSet:
        """Compile ``texts``; raises :class:`GlobError` for the first malformed one."""
        return cls(base=base.resolve(), globs=tuple(compile_glob(text) for text in texts))

    def relative(self, folder: Path) -> str | None:
        """``folder`` (resolved) below the base, ``/``-separated (``""`` for the base); None outside it."""
        try:
            return folder.relative_to(self.base).as_posix() if folder != self.base else ""
        except ValueError:
            return None

    def matches(self, relative: str | None, name: str, is_dir: bool) -> bool:
        """Whether a glob picks the entry ``name`` at ``relative`` (see :meth:`Glob.matches`)."""
        return any(glob.matches(relative, name, is_dir) for glob in self.globs)

    def covers(self, path: Path) -> bool:
        """Whether a glob picks the file ``path`` or a folder it is in (below the base, or by name)."""
        below = self.relative(path.parent.resolve())  # resolved as configurations are found; the name kept
        if below is None:  # outside the base: only name globs, and only on the file's own name
            return self.matches(None, path.name, False)
        trail = ""
        for part in Path(below).parts:
            trail = child(trail, part) or part
            if self.matches(trail, part, True):
                return True
        return self.matches(child(below, path.name), path.name, False)


def child(relative: str | None, name: str) -> str | None:
    """The relative path of entry ``name`` in the folder at ``relative``."""
    if relative is None:
        return None
    return f"{relative}/{name}" if relative else name
