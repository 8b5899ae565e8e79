"""Hrefs in rendered pages, built from file names: relative, percent-encoded, never a URL scheme.

A file name is data. Written raw into an href, ``javascript:alert(1).html`` is a script a click runs, and
``a#b.html`` or ``a?b.html`` points at the wrong file. So every path segment is percent-encoded (``:``, ``#``,
``?``, ``%``, spaces, quotes and everything else but letters, digits and ``-._~``), and a relative link
starts with ``./`` or ``../``, so no part of it can read as a scheme. A file name that is not UTF-8 (the
operating system hands it over with surrogate escapes) is encoded from its bytes, so the link reaches the
file as the disk names it.
"""

from __future__ import annotations

import os
import posixpath
from urllib.parse import quote


def relative(path: str) -> str:
    """The href of ``path``, a relative POSIX path (``a b/c#1.html`` → ``./a%20b/c%231.html``); ``""`` for
    an absolute path, which a page cannot link to portably."""
    path = posixpath.normpath(path)
    if path.startswith("/"):
        return ""
    href = "/".join(segment if segment in (".", "..") else quote(os.fsencode(segment), safe="")
                    for segment in path.split("/"))
    return href if href.startswith(("./", "../")) or href in (".", "..") else "./" + href


def between(page: str, target: str) -> str:
    """The href from site page ``page`` to site page ``target`` (both relative to the site's top)."""
    return relative(posixpath.relpath(target, posixpath.dirname(page) or "."))


def readable(name: str) -> str:
    """A file name as page text: bytes that are no UTF-8 (kept by Python as surrogates) shown as U+FFFD, so
    the page can be written as UTF-8."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if not name.isascii() else name
