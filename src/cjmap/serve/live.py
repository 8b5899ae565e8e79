"""The one script a served page runs, and the Content Security Policy that lets it run and nothing else.

The script is added to a page as it is sent (never to a file ``cjmap render`` writes). It listens to
:data:`EVENTS` and reloads the page when the server announces a build other than the one the page came
from. The page's policy is the one printed pages have (:data:`cjmap.render.browser.POLICY`: inline styles,
``data:`` images) plus this script, allowed by a nonce made afresh for every response, and a connection
back to the server for the events; a script anywhere else in the page (from a map, or a template) is blocked.
"""

from __future__ import annotations

import json
import re
import secrets

from cjmap.render.browser import POLICY

EVENTS = "/__cjmap__/events"
"""Where the page listens for new builds (no page can be there: pages end in ``.html``)."""
_SCRIPT = """(() => {{
  const build = {build};
  const events = new EventSource({events});
  events.addEventListener("build", (event) => {{
    if (Number(event.data) !== build) {{ events.close(); location.reload(); }}
  }});
}})();"""
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)


def nonce() -> str:
    """A fresh, unguessable nonce for one response."""
    return secrets.token_urlsafe(18)


def policy(script_nonce: str) -> str:
    """The Content Security Policy of a served page whose script carries ``script_nonce``."""
    return (f"{POLICY}; script-src 'nonce-{script_nonce}'; connect-src 'self'; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'")


def with_script(page: bytes, build: int, script_nonce: str) -> bytes:
    """``page`` with the reloading script before its ``</body>`` (at its end if it has none)."""
    script = _SCRIPT.format(build=build, events=json.dumps(EVENTS))
    tag = f'<script nonce="{script_nonce}">\n{script}\n</script>\n'
    text = page.decode("utf-8", "surrogateescape")
    ends = list(_BODY_END.finditer(text))
    at = ends[-1].start() if ends else len(text)
    return (text[:at] + tag + text[at:]).encode("utf-8", "surrogateescape")
