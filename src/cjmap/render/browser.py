"""PDF and PNG through a local headless Chromium: the HTML page printed or photographed, nothing downloaded.

Chromium is a system program (Debian ``chromium``), so no Python extra is needed: it is found on PATH, or
given with ``--browser PATH``. The page is written to a private temporary folder and opened as a file URL with
networking switched off, so a map cannot make the browser fetch anything. A user's template is untrusted
code, so the page is also fenced in: its Content Security Policy runs no script and lets the page load
nothing but its own inline styles and ``data:`` images (no ``file:`` frame, image or style), and WebRTC may
not send UDP around the proxy.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless_shell")
TIMEOUT = 120
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         "--hide-scrollbars", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
         "--webrtc-ip-handling-policy=disable_non_proxied_udp", "--force-webrtc-ip-handling-policy")
"""Headless, no sandbox (it needs privileges containers lack), every network request sent to a closed port
(so the page stays offline even if a template asks for something), no UDP past that proxy. (Scripts are
stopped by :data:`POLICY`: ``--blink-settings=scriptEnabled=false`` stops headless printing too.)"""
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"
"""The Content Security Policy of every page the browser prints: inline styles and data: images only."""
_DOCTYPE = re.compile(r"\A\ufeff?\s*<!doctype[^>]*>", re.IGNORECASE)


class BrowserError(Exception):
    """No browser, or the browser failed; the message is for the user."""


def find_browser(explicit: str | None = None) -> str:
    """The browser to use: ``explicit`` when given (and executable), else the first of :data:`CANDIDATES`."""
    if explicit is not None:
        found = shutil.which(explicit)
        if found is None:
            raise BrowserError(f"--browser {explicit}: no such executable")
        return found
    for name in CANDIDATES:
        if (found := shutil.which(name)) is not None:
            return found
    raise BrowserError("pdf and png need a local Chromium or Chrome, and none was found on PATH "
                       "(install Debian's 'chromium', or pass --browser PATH)")


def fenced(html: str) -> str:
    """``html`` with :data:`POLICY` as its first element, so it governs everything the page holds."""
    start = match.end() if (match := _DOCTYPE.match(html)) else 0
    return f'{html[:start]}<meta http-equiv="Content-Security-Policy" content="{POLICY}">{html[start:]}'


def _run(browser: str, arguments: list[str], html: str, target: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="cjmap-render-") as folder:
        page = Path(folder, "map.html")
        page.write_text(fenced(html), encoding="utf-8")
        profile = Path(folder, "profile")
        command = [browser, *FLAGS, f"--user-data-dir={profile}", *arguments, page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False,
                                  env={**os.environ, "HOME": folder})
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BrowserError(f"{browser} could not render the page: {exc}") from None
        if done.returncode != 0 or not target.exists():
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise BrowserError(f"{browser} exited with {done.returncode}: {' / '.join(tail) or 'no output'}")


def print_pdf(browser: str, html: str, target: Path) -> None:
    """Print ``html`` to the PDF ``target`` (the page's print CSS: landscape poster)."""
    _run(browser, [f"--print-to-pdf={target}", "--no-pdf-header-footer"], html, target)


def screenshot(browser: str, html: str, target: Path, width: int, height: int) -> None:
    """Photograph ``html`` at ``width`` × ``height`` CSS pixels into the PNG ``target``."""
    _run(browser, [f"--screenshot={target}", f"--window-size={width},{height}"], html, target)
