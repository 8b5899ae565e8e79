"""The one place that turns a file a map refers to (its persona file, its baseline map) into a file, or a problem.

A map is input from whoever wrote it, and in CI that may be a pull request from a fork. Its references
therefore stay inside the **project root**: the nearest folder, from the map's own folder upwards, that holds
``.cjmap.yaml``, ``.cjmap.yml``, ``pyproject.toml`` or ``.git`` (the markers the lint configuration search
uses, plus the git root); without one, the map's own folder. Maps read from stdin count as living in the
current directory. Absolute paths are refused, and so is any path that leaves the root once ``..`` and
symbolic links are resolved (V034). Only regular files count as found: a FIFO or device is never opened.

References are read from a :class:`Tree`: the working tree (:data:`WORKING_TREE`), or for ``cjmap diff
--rev`` the revision a map version comes from (``cjmap.diff.git.RevisionTree``), under the same rules. A
referenced file is read and checked once per process, whichever maps point at it (the cache is keyed by
its real path and stat identity). A file that is not a persona file (no top-level ``cjmap-persona:``) is only
ever reported as such, at the reference in the map: no message quotes a word of it, so a map cannot make
cjmap print ``.env`` files, tokens or ``/etc/passwd``.

A persona's ``picture:`` (in a map's inline persona, relative to the map; in a persona file, relative to that
file) follows the same rules, and is then judged by its bytes: at most :data:`MAX_PICTURE_BYTES`, and a PNG,
JPEG, WebP or GIF image (:data:`PICTURE_TYPES`); SVG is refused, since it can carry script (V038). Render
embeds the bytes it checked as a ``data:`` URI, so the page still fetches nothing.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from cjmap import codes, dependencies
from cjmap.codes import Code
from cjmap.document import Document
from cjmap.document import Path as DataPath
from cjmap.loader import MAX_BYTES, LoadError, load
from cjmap.model import PersonaFile
from cjmap.paths import MAX_NAME_BYTES, MAX_PATH_BYTES, ROOT_MARKERS, inside
from cjmap.problem import Problem
from cjmap.validation import structure

PERSONA = "persona file"
BASELINE = "baseline map"
PICTURE = "persona picture"
ZOOM = "zoomed map"
MAX_PICTURE_BYTES = 2 * 2**20
"""Largest persona picture, 2 MiB: it is embedded (a third larger, as base64) in every page that shows it."""
PICTURE_TYPES: tuple[tuple[str, bytes, bytes], ...] = (
    ("image/png", b"\x89PNG\r\n\x1a\n", b""),
    ("image/jpeg", b"\xff\xd8\xff", b""),
    ("image/gif", b"GIF87a", b""),
    ("image/gif", b"GIF89a", b""),
    ("image/webp", b"RIFF", b"WEBP"),
)
"""The picture types a page may embed, known by their first bytes: media type, the bytes a file starts with,
and (WebP) the bytes at offset 8."""
_SVG_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml|<svg|<!--|<!doctype\s+svg)", re.IGNORECASE)
PERSONA_MARKER = "cjmap-persona"
STDIN_NAMES = ("-", "<stdin>")
_PERSONA_START = re.compile(rb"^(?:\xef\xbb\xbf)?cjmap-persona[ \t]*:", re.MULTILINE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Refusal:
    """Why a reference does not lead to a usable file; located at the reference by the caller."""

    code: Code
    message: str
    hint: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """A referenced regular file inside the project."""

    shown: str
    """The path as messages show it: the map's folder joined with the reference as written."""
    real: str
    """The path with ``..`` and symbolic links resolved; always inside the project root."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonaCheck:
    """What a referenced persona file holds, as far as messages may tell."""

    is_persona: bool
    """Whether the file has a top-level ``cjmap-persona:`` key; only then are its problems reported."""
    problems: tuple[Problem, ...] = ()
    """Problems inside a persona file, under the file name :func:`persona_problems` gives them."""
    error: str | None = None
    """Why the file could not be read, when it could not."""
    name: str | None = None
    """The persona's name, when the file is a valid persona file (the portfolio groups maps by it)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Picture:
    """A persona picture that passed every check: its media type and bytes."""

    media_type: str
    content: bytes


class Tree(Protocol):
    """Where a map's references are read from: the working tree, or a git revision (``diff --rev``)."""

    def locate(self, written: str, base_dir: Path, kind: str) -> Target | Refusal:
        """The file ``written`` (relative to ``base_dir``) names, or why it cannot be used."""

    def inspect_persona(self, target: Target) -> PersonaCheck:
        """What the file ``target`` holds, as far as messages may tell."""

    def read(self, target: Target, limit: int) -> bytes:
        """At most ``limit`` bytes of the file ``target``; raises OSError when it cannot be read."""


class WorkingTree:
    """References read from files, as :func:`locate` and :func:`inspect_persona` do."""

    def locate(self, written: str, base_dir: Path, kind: str) -> Target | Refusal:
        return locate(written, base_dir, kind)

    def inspect_persona(self, target: Target) -> PersonaCheck:
        return inspect_persona(target)

    def read(self, target: Target, limit: int) -> bytes:
        return _read_regular(target.real, limit)


WORKING_TREE = WorkingTree()
"""The tree every command but ``diff --rev`` reads references from."""


def base_dir_of(name: str) -> Path:
    """The folder a map's references are relative to: the map's own, or the current one for stdin."""
    return Path.cwd() if name in STDIN_NAMES else Path(name).parent


def project_root(base_dir: Path) -> str:
    """The real path of the project root for maps in ``base_dir`` (see the module docstring)."""
    return _root_of(os.path.realpath(base_dir))


@functools.lru_cache(maxsize=256)
def _root_of(real_dir: str) -> str:
    # Cached by real folder: a run over 100 maps in one folder walks up once.
    folder = real_dir
    while True:
        if any(os.path.lexists(os.path.join(folder, marker)) for marker in ROOT_MARKERS):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return real_dir
        folder = parent


def locate(written: str, base_dir: Path, kind: str) -> Target | Refusal:
    """The regular file inside the project that ``written`` (relative to ``base_dir``) names, or why not.

    Never raises for a bad path: over-long names, NUL characters and unreadable folders become refusals.
    """
    shown = str(base_dir / written)
    if refusal := malformed(written, kind):
        return refusal
    try:
        real_base = os.path.realpath(base_dir)
        root = _root_of(real_base)
        if os.path.isabs(written):
            return absolute(written, kind, root)
        joined = os.path.join(real_base, written)
        if len(os.fsencode(joined)) > MAX_PATH_BYTES:
            return Refusal(code=codes.MISSING_FILE,
                           message=f"{kind} path {written!r} is longer than {MAX_PATH_BYTES:,} bytes",
                           hint="no file system accepts a path that long; check the reference")
        real = os.path.realpath(joined)
        if not inside(real, root):
            return outside(written, kind, root, through_link=inside(os.path.normpath(joined), root))
        # Found or not: a file created, edited or removed later changes the outcome (so does a link retargeted).
        dependencies.note(real)
        dependencies.note(os.path.normpath(joined))
        mode = os.stat(real).st_mode
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return not_found(written, kind, shown)
        return Refusal(code=codes.MISSING_FILE, message=f"{kind} {written!r} cannot be opened: "
                                                        f"{exc.strerror or type(exc).__name__}")
    except ValueError:  # a character the operating system cannot take in a path
        return Refusal(code=codes.MISSING_FILE, message=f"{kind} path {written!r} cannot name a file")
    if not stat.S_ISREG(mode):
        return not_regular(written, kind)
    return Target(shown=shown, real=real)


def absolute(written: str, kind: str, root: str) -> Refusal:
    """The refusal of an absolute reference."""
    return Refusal(code=codes.OUTSIDE_PROJECT, message=f"{kind} {written!r} is an absolute path",
                   hint=f"write the path relative to the map file; references stay inside the project root {root}")


def outside(written: str, kind: str, root: str, *, through_link: bool = False) -> Refusal:
    """The refusal of a reference that leads outside the project root ``root``."""
    through = "through a symbolic link " if through_link else ""
    return Refusal(code=codes.OUTSIDE_PROJECT, message=f"{kind} {written!r} leads {through}outside the project",
                   hint=f"references stay inside the project root {root} (the nearest folder with "
                        f".git, pyproject.toml or .cjmap.yaml); copy the file into the project")


def not_regular(written: str, kind: str) -> Refusal:
    """The refusal of a reference to a folder, FIFO, device (or, in a revision, a symbolic link)."""
    what = "an image file" if kind == PICTURE else "a YAML file"
    return Refusal(code=codes.MISSING_FILE, message=f"{kind} {written!r} is not a regular file",
                   hint=f"a {kind} is {what}; a folder, FIFO or device cannot be one")


def malformed(written: str, kind: str) -> Refusal | None:
    """Refuse what no file system can hold before any system call sees it (ENAMETOOLONG, embedded NUL)."""
    if "\x00" in written:
        return Refusal(code=codes.MISSING_FILE, message=f"{kind} path {written!r} contains a NUL character",
                       hint="a file path cannot hold NUL (\\0); check the reference")
    try:
        encoded = os.fsencode(written)
    except UnicodeError:
        return Refusal(code=codes.MISSING_FILE, message=f"{kind} path {written!r} cannot name a file",
                       hint="it holds characters no file name can hold; check the reference")
    separators = [os.fsencode(sep) for sep in (os.sep, os.altsep) if sep]
    for separator in separators[1:]:
        encoded = encoded.replace(separator, separators[0])
    if any(len(part) > MAX_NAME_BYTES for part in encoded.split(separators[0])):
        return Refusal(code=codes.MISSING_FILE,
                       message=f"{kind} path {written!r} has a name longer than {MAX_NAME_BYTES} bytes",
                       hint="file systems refuse longer file names; check the reference")
    return None


def not_found(written: str, kind: str, shown: str) -> Refusal:
    """The refusal of a reference to nothing; ``shown`` is where it was looked for."""
    hint = f"paths are relative to the map file; looked for {shown}"
    if kind == PERSONA and _looks_like_a_name(written):
        # `persona: Giulia Rossi` names the persona; only a mapping holds an inline one.
        quoted = f'"{written}"' if any(char in written for char in ":#,[]{}&*!|>'\"%@`") else written
        hint = (f"to describe the persona here, write `persona: {{name: {quoted}}}`; to point at a persona file, "
                f"give its path relative to the map file (looked for {shown})")
    return Refusal(code=codes.MISSING_FILE, message=f"{kind} {written!r} not found", hint=hint)


def _looks_like_a_name(written: str) -> bool:
    """Whether a persona reference reads as a person's name rather than a path: no folder, no file suffix."""
    suffix = os.path.splitext(written)[1]  # 'Dr. Rossi' has none: a suffix holds no space
    return not any(sep in written for sep in ("/", "\\")) and not (suffix and " " not in suffix)


def inspect_persona(target: Target) -> PersonaCheck:
    """Read and check the persona file ``target`` once per process (cached by real path and stat identity)."""
    try:
        found = os.stat(target.real)
    except OSError as exc:
        return PersonaCheck(is_persona=False, error=exc.strerror or type(exc).__name__)
    # The identity makes an edited or replaced file read afresh in long-lived processes (tests, editors).
    identity = (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)
    # Through the dependency notes: the pictures the persona names count for every map that names it.
    return dependencies.through(("persona", target.real, identity), lambda: _inspect_cached(target.real, identity))


@functools.lru_cache(maxsize=512)
def _inspect_cached(real: str, identity: tuple[int, int, int, int]) -> PersonaCheck:
    return _inspect(real)


def _inspect(real: str) -> PersonaCheck:
    try:
        content = _read_regular(real)
    except OSError as exc:
        return PersonaCheck(is_persona=False, error=exc.strerror or type(exc).__name__)
    return check_persona(content, real, Path(real).parent)


def check_persona(content: bytes, name: str, base_dir: Path | None = None) -> PersonaCheck:
    """What the bytes of a referenced file called ``name`` hold: whether it is a persona file, and its problems
    (with those of its picture, read relative to ``base_dir`` when given)."""
    try:
        document = load(content, name)
    except LoadError as exc:
        # Only a file that says it is a persona file gets its load problems shown: those may quote its text.
        if _PERSONA_START.search(content):
            return PersonaCheck(is_persona=True, problems=tuple(exc.problems))
        return PersonaCheck(is_persona=False)
    if PERSONA_MARKER not in document.data:
        return PersonaCheck(is_persona=False)
    persona_name: str | None = None
    try:
        persona_name = PersonaFile.model_validate(document.data).name
        problems: list[Problem] = []
    except ValidationError as exc:
        problems = structure.problems_from(exc, document, PersonaFile)
    if base_dir is not None:
        problems += picture_problems(document, base_dir)
    return PersonaCheck(is_persona=True, problems=tuple(sorted({*document.problems, *problems})),
                        name=persona_name)


def read_persona(target: Target) -> PersonaFile | None:
    """The persona file ``target`` as a model; ``None`` when it cannot be read or is not a valid persona file
    (validation reports why)."""
    try:
        return PersonaFile.model_validate(load(_read_regular(target.real), target.real).data)
    except (OSError, LoadError, ValueError):
        return None


def picture_references(data: Any) -> list[tuple[DataPath, str]]:
    """Where a map's inline personas, or a persona file, name a picture, and the path as written."""
    if not isinstance(data, dict):
        return []
    if PERSONA_MARKER in data:
        found: list[tuple[DataPath, Any]] = [(("picture",), data.get("picture"))]
    else:
        persona = data.get("persona")
        entries = list(enumerate(persona)) if isinstance(persona, list) else [(None, persona)]
        found = [(("persona", "picture") if index is None else ("persona", index, "picture"), entry.get("picture"))
                 for index, entry in entries if isinstance(entry, dict)]
    return [(path, written) for path, written in found if isinstance(written, str) and written]


def picture_problems(document: Document, base_dir: Path, tree: Tree = WORKING_TREE) -> list[Problem]:
    """A problem at each picture ``document`` names that :func:`read_picture` refuses."""
    problems = []
    for path, written in picture_references(document.data):
        found = read_picture(written, base_dir, tree)
        if isinstance(found, Refusal):
            resolved = document.resolve(path)
            problems.append(Problem.of(found.code, document.name, document.value_location(resolved), found.message,
                                       path=document.pointer(resolved), hint=found.hint))
    return problems


def read_picture(written: str, base_dir: Path, tree: Tree = WORKING_TREE) -> Picture | Refusal:
    """The picture ``written`` (relative to ``base_dir``) names, checked by its size and bytes, or why not."""
    target = tree.locate(written, base_dir, PICTURE)
    if isinstance(target, Refusal):
        return target
    try:
        content = tree.read(target, MAX_PICTURE_BYTES + 1)
    except OSError as exc:
        return Refusal(code=codes.MISSING_FILE,
                       message=f"{PICTURE} {written!r} cannot be read: {exc.strerror or type(exc).__name__}")
    if len(content) > MAX_PICTURE_BYTES:
        return Refusal(code=codes.BAD_PICTURE, message=f"{PICTURE} {written!r} is larger than 2 MiB",
                       hint="make the image smaller (a persona picture needs a few hundred pixels at most)")
    media_type = picture_type(content)
    if media_type is None:
        if _SVG_START.match(content[:512]):
            return Refusal(code=codes.BAD_PICTURE, message=f"{PICTURE} {written!r} is an SVG image",
                           hint="SVG can carry script, so pages do not embed it; export the picture as PNG")
        return Refusal(code=codes.BAD_PICTURE,
                       message=f"{PICTURE} {written!r} is not a PNG, JPEG, WebP or GIF image (judged by its bytes)",
                       hint="save the picture as PNG, JPEG, WebP or GIF; the file name's extension does not count")
    return Picture(media_type=media_type, content=content)


def picture_type(content: bytes) -> str | None:
    """The media type of a picture judged by its first bytes (:data:`PICTURE_TYPES`), or None."""
    for media_type, start, at_eight in PICTURE_TYPES:
        if content.startswith(start) and (not at_eight or content[8:8 + len(at_eight)] == at_eight):
            return media_type
    return None


def _read_regular(real: str, limit: int = MAX_BYTES + 1) -> bytes:
    """At most ``limit`` bytes of ``real`` (one past a map's size limit), refusing anything but a regular file.

    O_NONBLOCK: a FIFO swapped in after :func:`locate` looked must not hang the run; O_NOFOLLOW: nor may a
    symbolic link swapped in for the checked path.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(real, flags)
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return handle.read(limit)


def persona_problems(target: Target, tree: Tree = WORKING_TREE) -> list[Problem]:
    """The problems inside persona file ``target``, named as the map reaches it; none for other files."""
    check = tree.inspect_persona(target)
    if not check.is_persona:
        return []
    return [dataclasses.replace(problem, file=target.shown) for problem in check.problems]


def clear_caches() -> None:
    """Forget project roots and checked files (for tests that rewrite files in place)."""
    _root_of.cache_clear()
    _inspect_cached.cache_clear()
