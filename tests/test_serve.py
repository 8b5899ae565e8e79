"""``cjmap serve`` over HTTP: what it serves, what it refuses, how it follows saves and how it stops.

Each test starts the real command as a subprocess on a temporary project (see serve_support.py) and talks to
it with http.client, or a raw socket where http.client refuses to send a request (a NUL in the path).
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CliRunner
from serve_support import BROKEN_MAP, Served, a_map, get, port_of, serving, start, wait_for

pytest.importorskip("watchfiles")

SECRET = "TOP-SECRET-OUTSIDE"


def raw_get(served: Served, target: bytes) -> tuple[int, str]:
    """GET with the request line's bytes as given (http.client refuses control characters)."""
    with socket.create_connection(("127.0.0.1", port_of(served)), timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1:" + str(port_of(served)).encode()
                     + b"\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body.decode("utf-8", "replace")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project (it has .git) with two maps in maps/, a secret beside it outside, and links that lead there."""
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    maps = root / "maps"
    maps.mkdir()
    (maps / "cafe.yaml").write_text(a_map("Cafe visit"), encoding="utf-8")
    (maps / "sub").mkdir()
    (maps / "sub" / "train.yaml").write_text(a_map("Train ride"), encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "secret.yaml").write_text(a_map(SECRET), encoding="utf-8")
    (maps / "leak.txt").symlink_to(outside / "secret.txt")
    (maps / "leak.yaml").symlink_to(outside / "secret.yaml")
    (maps / "away").symlink_to(outside, target_is_directory=True)
    return root


@pytest.fixture
def site(project: Path) -> Iterator[Served]:
    with serving("maps", cwd=project) as served:
        yield served


def test_a_folder_is_served_as_the_site(site: Served) -> None:
    status, headers, index = get(site, "/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Cafe visit" in index and "Train ride" in index
    assert get(site, "/index.html")[2].count("Train ride") == index.count("Train ride")
    assert "<h1" in get(site, "/cafe.html")[2] and "Cafe visit" in get(site, "/cafe.html")[2]
    assert "Train ride" in get(site, "/sub/train.html")[2]
    assert "serving maps at http://127.0.0.1:" in site.stderr()


def test_the_served_page_runs_one_script_allowed_by_a_fresh_nonce(site: Served) -> None:
    _, first, page = get(site, "/cafe.html")
    _, second, _ = get(site, "/cafe.html")
    nonces = re.findall(r"<script nonce=\"([^\"]+)\">", page)
    assert len(nonces) == 1 and page.count("<script") == 1
    policy = first["Content-Security-Policy"]
    assert f"script-src 'nonce-{nonces[0]}';" in policy and "default-src 'none'" in policy
    assert "connect-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1]
    assert second["Content-Security-Policy"] != policy  # a new nonce for every response
    assert first["Cache-Control"] == "no-store" and first["X-Content-Type-Options"] == "nosniff"


def test_render_writes_no_script(project: Path, cli: CliRunner, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    assert cli("render", "maps", "-o", str(tmp_path / "out")).code == 0
    pages = sorted((tmp_path / "out").rglob("*.html"))
    assert len(pages) == 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text and "__cjmap__" not in text and "EventSource" not in text


UNSAFE_TARGETS = [
    "/../outside/secret.txt", "/../../outside/secret.txt", "/%2e%2e/%2e%2e/outside/secret.txt",
    "/%2E%2E%2F%2E%2E%2Foutside%2Fsecret.txt", "/..%2f..%2foutside%2fsecret.txt", "/.%2e/outside/secret.txt",
    "/%2fetc%2fpasswd", "//etc/passwd", "/etc/passwd", "/leak.txt", "/leak.yaml", "/leak.html", "/away/secret.txt",
    "/away/secret.html", "/away/", "/cafe.yaml", "/sub/", "/sub", "/maps/cafe.yaml", "/..\\..\\outside\\secret.txt",
    "/%5c..%5coutside%5csecret.txt", "/cafe.html/../../outside/secret.txt", "/%c0%ae%c0%ae/outside/secret.txt",
    "/%ff", "http://127.0.0.1/../outside/secret.txt", "*", "/__cjmap__/", "/__cjmap__/events/../../secret.txt",
]


@pytest.mark.parametrize("target", UNSAFE_TARGETS)
def test_nothing_but_the_pages_is_served(site: Served, target: str) -> None:
    status, headers, body = get(site, target)
    # An absolute URL's Host (http.client takes it from the URL: no port) is not the server's: refused first.
    assert status == (421 if target.startswith("http:") else 404), (target, status)
    assert headers["Content-Type"].startswith("text/plain") and SECRET not in body and "root:" not in body


@pytest.mark.parametrize("target", [b"/%00", b"/cafe.html%00", b"/cafe.html\x00", b"/\x00../outside/secret.txt"])
def test_a_nul_in_the_path_is_not_found(site: Served, target: bytes) -> None:
    status, body = raw_get(site, target)
    assert status in (400, 404) and SECRET not in body


def test_a_map_linked_from_outside_the_project_gets_no_page(site: Served) -> None:
    _, _, index = get(site, "/")
    assert SECRET not in index
    assert "cjmap: note: skipped maps/leak.yaml: a symbolic link leads it outside the project" in site.stderr()


def test_another_host_name_is_refused(site: Served) -> None:
    """A web page whose name resolves to 127.0.0.1 (DNS rebinding) cannot read the maps."""
    status, _, body = get(site, "/", host=f"attacker.example:{port_of(site)}")
    assert status == 421 and "Cafe visit" not in body
    assert get(site, "/", host=f"localhost:{port_of(site)}")[0] == 200


def _next_build(response: http.client.HTTPResponse) -> int:
    """The number of the next ``build`` event on an event stream."""
    while True:
        line = response.fp.readline().decode("utf-8")
        assert line, "the event stream ended"
        if line.startswith("event: build"):
            data = response.fp.readline().decode("utf-8")
            return int(data.removeprefix("data: "))


def test_a_save_is_announced_and_served(project: Path, site: Served) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port_of(site), timeout=10)
    connection.request("GET", "/__cjmap__/events")
    response = connection.getresponse()
    assert response.status == 200 and response.getheader("Content-Type") == "text/event-stream"
    first = _next_build(response)
    started = time.monotonic()
    (project / "maps" / "cafe.yaml").write_text(a_map("Cafe visit", step="Pays by phone"), encoding="utf-8")
    assert _next_build(response) == first + 1
    # Within a second of the save (150 ms to gather it, then the build), with a margin for a loaded machine.
    assert time.monotonic() - started < 2.0
    assert "Pays by phone" in get(site, "/cafe.html")[2]
    connection.close()


def test_a_save_that_changes_no_page_reloads_nothing(project: Path, site: Served) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port_of(site), timeout=10)
    connection.request("GET", "/__cjmap__/events")
    response = connection.getresponse()
    first = _next_build(response)
    cafe = project / "maps" / "cafe.yaml"
    cafe.write_text(cafe.read_text(encoding="utf-8"), encoding="utf-8")  # saved again, unchanged
    (project / "maps" / "notes.txt").write_text("not a map", encoding="utf-8")
    time.sleep(1.5)  # the watcher has seen both and rebuilt (announcing nothing)
    assert f"const build = {first};" in get(site, "/cafe.html")[2]
    cafe.write_text(a_map("Cafe visit", step="Pays by phone"), encoding="utf-8")
    assert _next_build(response) == first + 1
    assert f"const build = {first + 1};" in get(site, "/cafe.html")[2]
    connection.close()


def test_an_invalid_map_shows_its_problems_and_recovers(project: Path, site: Served) -> None:
    cafe = project / "maps" / "cafe.yaml"
    cafe.write_text(BROKEN_MAP, encoding="utf-8")
    page = wait_for(site, "/cafe.html", "has problems")
    assert re.search(r"maps/cafe\.yaml:8:5</span>: <span class=\"code\">V\d+</span> [^<]*stepz", page), page
    assert "Cafe visit" not in page  # not the stale render
    assert "has problems" not in get(site, "/sub/train.html")[2]
    assert "stepz" in site.stderr(wait=1.0)
    cafe.write_text(a_map("Cafe visit again"), encoding="utf-8")
    assert "has problems" not in wait_for(site, "/cafe.html", "Cafe visit again")


def test_a_map_whose_persona_file_breaks_shows_the_persona_file_s_problems(project: Path, site: Served) -> None:
    (project / "maps" / "maya.yaml").write_text("cjmap-persona: 1\nname: Maya\n", encoding="utf-8")
    cafe = project / "maps" / "cafe.yaml"
    cafe.write_text(a_map("Cafe visit").replace("stages:", "persona: maya.yaml\nstages:"), encoding="utf-8")
    wait_for(site, "/cafe.html", "Maya")
    (project / "maps" / "maya.yaml").write_text("cjmap-persona: 1\nname: Maya\ngoalz: []\n", encoding="utf-8")
    page = wait_for(site, "/cafe.html", "has problems")
    assert 'maps/maya.yaml:3:1</span>: <span class="code">V020</span> unknown key' in page
    assert "goalz" in get(site, "/maya.html")[2]  # the persona file's own address shows them too
    (project / "maps" / "maya.yaml").write_text("cjmap-persona: 1\nname: Maya\n", encoding="utf-8")
    assert "has problems" not in wait_for(site, "/cafe.html", "Cafe visit")
    assert get(site, "/maya.html")[0] == 404  # a valid persona file has no page


def test_a_save_to_a_persona_file_outside_the_served_folder_is_followed(project: Path, site: Served) -> None:
    """The persona file is outside maps/ (watched on its own), and saved as editors often do: a new file renamed
    over the old, which a watch on the old file would miss the second time."""
    personas = project / "personas"
    personas.mkdir()
    persona = personas / "maya.yaml"
    persona.write_text("cjmap-persona: 1\nname: Maya Tanaka\n", encoding="utf-8")
    cafe = project / "maps" / "cafe.yaml"
    cafe.write_text(a_map("Cafe visit").replace("stages:", "persona: ../personas/maya.yaml\nstages:"),
                    encoding="utf-8")
    wait_for(site, "/cafe.html", "Maya Tanaka")
    for name in ("Maya Sato", "Maya Ito", "Maya Kato"):
        (personas / "new.yaml").write_text(f"cjmap-persona: 1\nname: {name}\n", encoding="utf-8")
        os.replace(personas / "new.yaml", persona)
        wait_for(site, "/cafe.html", name)


def test_a_save_to_the_project_configuration_is_followed(project: Path) -> None:
    config = project / ".cjmap.yaml"
    config.write_text("style:\n  palette: calm\n", encoding="utf-8")
    with serving("maps", cwd=project) as served:
        def map_page() -> str:  # without the served script, whose nonce is new in every response
            return get(served, "/cafe.html")[2].split("<script nonce=")[0]

        before = map_page()
        assert map_page() == before
        config.write_text("style:\n  palette: vivid\n", encoding="utf-8")
        deadline = time.monotonic() + 5
        while map_page() == before:
            assert time.monotonic() < deadline, "the page did not change with the configuration's palette"
            time.sleep(0.05)


def test_excluded_maps_stay_out_after_a_save(project: Path) -> None:
    with serving("maps", "--exclude", "maps/sub", cwd=project) as served:
        assert "Train ride" not in get(served, "/")[2] and get(served, "/train.html")[0] == 404
        (project / "maps" / "sub" / "train.yaml").write_text(a_map("Train ride again"), encoding="utf-8")
        (project / "maps" / "cafe.yaml").write_text(a_map("Cafe again"), encoding="utf-8")
        index = wait_for(served, "/", "Cafe again")
        assert "Train ride" not in index and get(served, "/train.html")[0] == 404


def test_a_served_folder_moved_away_and_back(project: Path, site: Served) -> None:
    (project / "maps").rename(project / "elsewhere")
    assert "no such file or directory: maps (moved or removed?)" in wait_for(site, "/cafe.html", "Nothing to show")
    time.sleep(1.0)  # the server notices the folder is gone
    (project / "elsewhere" / "cafe.yaml").write_text(a_map("Cafe while away"), encoding="utf-8")
    (project / "elsewhere").rename(project / "maps")
    wait_for(site, "/cafe.html", "Cafe while away")


def test_a_new_map_in_the_folder_gets_a_page(project: Path, site: Served) -> None:
    (project / "maps" / "bank.yaml").write_text(a_map("Bank visit"), encoding="utf-8")
    wait_for(site, "/", "Bank visit")
    assert "Bank visit" in get(site, "/bank.html")[2]


def test_one_map_is_served_at_the_root(project: Path) -> None:
    with serving("maps/cafe.yaml", cwd=project) as served:
        assert "Cafe visit" in get(served, "/")[2]
        assert get(served, "/cafe.html")[0] == 404 and get(served, "/index.html")[0] == 404
        (project / "maps" / "cafe.yaml").write_text(BROKEN_MAP, encoding="utf-8")
        wait_for(served, "/", "has problems")
        (project / "maps" / "cafe.yaml").write_text(a_map("Cafe fixed"), encoding="utf-8")
        wait_for(served, "/", "Cafe fixed")


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_the_server_cleanly(project: Path, signum: int, code: int) -> None:
    with serving("maps", cwd=project) as served:
        connection = http.client.HTTPConnection("127.0.0.1", port_of(served), timeout=10)
        connection.request("GET", "/__cjmap__/events")  # an open event stream must not keep it running
        _next_build(connection.getresponse())
        assert served.stop(signum) == code
        err = served.stderr(wait=0.5)
        assert err.rstrip().endswith("cjmap: interrupted") and "Traceback" not in err
        connection.close()


def test_a_taken_port_is_a_usage_error(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        (project / "maps" / "leak.yaml").unlink()  # no note about it on stderr
        process, lines = start("maps", "--port", str(port := taken.getsockname()[1]), cwd=project)
        assert process.wait(timeout=60) == 2
    time.sleep(0.2)  # the reader thread's last line
    err = "".join(lines.get() for _ in range(lines.qsize()))
    assert err == f"cjmap: error: cannot listen on 127.0.0.1 port {port}: Address already in use\n"


def test_binding_beyond_this_machine_warns(project: Path) -> None:
    with serving("maps", "--host", "0.0.0.0", cwd=project) as served:
        assert "warning: --host 0.0.0.0: every machine that can reach this one can read these maps" in served.stderr()
        assert get(served, "/", host="192.0.2.1")[0] == 200  # any Host: bound beyond loopback on purpose


@pytest.mark.parametrize(("args", "message"), [
    (["empty"], "cjmap: error: no map found in empty\n"),
    (["nowhere"], "cjmap: error: no such file or directory: nowhere\n"),
    (["-"], "cjmap: error: cjmap serve follows files on disk; '-' (stdin) cannot be served\n"),
    (["--port", "70000", "maps"], None),
])
def test_usage_errors(project: Path, cli: CliRunner, monkeypatch: pytest.MonkeyPatch, args: list[str],
                      message: str | None) -> None:
    monkeypatch.chdir(project)
    (project / "empty").mkdir()
    done = cli("serve", *args)
    assert done.code == 2 and done.stdout == ""
    if message is not None:
        assert done.stderr == message
    else:
        assert "--port" in done.stderr and "Traceback" not in done.stderr


def test_without_watchfiles_it_says_how_to_install_it(project: Path, cli: CliRunner,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    monkeypatch.setitem(sys.modules, "watchfiles", None)  # import watchfiles now raises ImportError
    done = cli("serve", "maps")
    assert (done.code, done.stdout) == (2, "")
    assert done.stderr == "cjmap: error: cjmap serve needs the watchfiles package: pip install 'cjmap[serve]'\n"
