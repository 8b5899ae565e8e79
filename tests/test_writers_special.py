"""Every command that writes a file, against the paths that break naive writers (issue 21, items 3, 14-16).

Special files (a character device, a FIFO) are written into, never replaced; a folder where a file is
expected, a read-only folder, an over-long name and a symbolic link out of the project are refused with a
message (exit 2) before anything is written; a name with a newline is written and shown escaped; ``-`` is
standard output; and what goes to a terminal has its control characters neutralised.
"""

from __future__ import annotations

import os
import pty
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import CLEAN_MAP, CliRunner

CJMAP = Path(sys.executable).parent / "cjmap"
DEVICE = os.makedev(1, 3)  # the null device's numbers: writing into it is harmless
MERMAID = "journey\n  title J\n  section A\n    Step one: 3: Me\n"
CSV = "Stage,Step\nA,one\n"
UNFORMATTED = CLEAN_MAP.replace("owner: shop-team", "owner:   shop-team")
FIXABLE = (Path(__file__).parent / "lint_data" / "preserve.yaml").read_text(encoding="utf-8")
Args = Callable[[str], list[str]]

# Commands that write one file, each given the output path X.
FILE_WRITERS: dict[str, Args] = {
    "render-html": lambda x: ["render", "-f", "html", "m.yaml", "-o", x],
    "render-markdown": lambda x: ["render", "-f", "markdown", "m.yaml", "-o", x],
    "render-mermaid": lambda x: ["render", "-f", "mermaid", "m.yaml", "-o", x],
    "import-mermaid": lambda x: ["import", "mermaid", "j.mmd", "-o", x],
    "import-csv": lambda x: ["import", "csv", "m.csv", "-o", x],
    "import-xlsx": lambda x: ["import", "xlsx", "m.xlsx", "-o", x],
    "export-csv": lambda x: ["export", "csv", "m.yaml", "-o", x],
    "export-xlsx": lambda x: ["export", "xlsx", "m.yaml", "-o", x],
    "init": lambda x: ["init", x, "--type", "current-state"],
}
# Commands that write into a folder X.
FOLDER_WRITERS: dict[str, Args] = {
    "render-site": lambda x: ["render", "maps", "-o", x],
    "init-schema": lambda x: ["init", "--schema", x],
}
# Commands that rewrite the map X itself.
REWRITERS: dict[str, Args] = {
    "fmt": lambda x: ["fmt", x],
    "lint-fix": lambda x: ["lint", "--no-config", "--today", "2026-11-01", "--fix", x],
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: CliRunner) -> Iterator[Path]:
    """A git project with a map, a Mermaid journey, a CSV and a workbook to import; the working directory."""
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    (root / "maps").mkdir()
    (root / "m.yaml").write_text(CLEAN_MAP, encoding="utf-8")
    (root / "maps" / "a.yaml").write_text(CLEAN_MAP, encoding="utf-8")
    (root / "j.mmd").write_text(MERMAID, encoding="utf-8")
    (root / "m.csv").write_text(CSV, encoding="utf-8")
    monkeypatch.chdir(root)
    assert cli("export", "xlsx", "m.yaml", "-o", "m.xlsx").code == 0
    yield root
    for path in (root, *root.rglob("*")):  # let pytest remove what a test made read-only
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project, outside it."""
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def device(path: Path) -> Path:
    os.mknod(path, stat.S_IFCHR | 0o666, DEVICE)
    return path


def is_device(path: Path) -> bool:
    status = os.lstat(path)
    return stat.S_ISCHR(status.st_mode) and status.st_rdev == DEVICE


class Reader:
    """A thread reading a FIFO, as ``cat fifo`` would; :meth:`finish` releases it if nobody wrote."""

    def __init__(self, fifo: Path) -> None:
        self.fifo = fifo
        self.data = b""
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        with open(self.fifo, "rb") as stream:
            self.data = stream.read()

    def finish(self) -> bytes:
        if self.thread.is_alive():
            try:  # a writer that never came: open and close one end so the reader sees end of file
                os.close(os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
        self.thread.join(timeout=10)
        assert not self.thread.is_alive()
        return self.data


def run_cjmap(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(CJMAP), *args], cwd=cwd, capture_output=True, timeout=120, check=False,
                          env={**os.environ, "NO_COLOR": "1"})


# --- item 3: special files, folders, newlines, read-only folders and '-' ----------------------------------


@pytest.mark.parametrize("command", FILE_WRITERS)
def test_a_device_node_is_written_into_never_replaced(project: Path, cli: CliRunner, command: str) -> None:
    node = device(project / "out.yaml")
    done = cli(*FILE_WRITERS[command]("out.yaml"))
    assert (done.code, done.stderr.count("error")) == (0, 0), done.stderr
    assert is_device(node)


@pytest.mark.parametrize("command", FILE_WRITERS)
def test_a_fifo_gets_the_output_and_stays_a_fifo(project: Path, cli: CliRunner, command: str) -> None:
    fifo = project / "out.yaml"
    os.mkfifo(fifo)
    reader = Reader(fifo)
    done = cli(*FILE_WRITERS[command]("out.yaml"))
    data = reader.finish()
    assert done.code == 0, done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert data.startswith(b"PK") if command == "export-xlsx" else len(data) > 20


def test_render_into_a_device_by_a_link_like_dev_null(project: Path, cli: CliRunner, outside: Path) -> None:
    node = device(outside / "null")  # -o /dev/null: typed by the user, outside the project, allowed
    assert cli("render", "-f", "html", "m.yaml", "-o", str(node)).code == 0
    assert cli("import", "xlsx", "m.xlsx", "-o", str(node)).code == 0
    assert is_device(node)


def test_a_full_device_is_an_environment_error(project: Path, cli: CliRunner) -> None:
    if not (os.path.exists("/dev/full") and stat.S_ISCHR(os.stat("/dev/full").st_mode)):
        pytest.skip("no /dev/full")
    done = cli("import", "xlsx", "m.xlsx", "-o", "/dev/full")
    assert (done.code, done.stderr) == (2, "cjmap: error: cannot write /dev/full: No space left on device\n")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize("command", FOLDER_WRITERS)
@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_special_file_where_a_folder_is_expected_is_refused(project: Path, cli: CliRunner, command: str,
                                                              kind: str) -> None:
    node = project / "out"
    if kind == "device":
        device(node)
    else:
        os.mkfifo(node)
        reader = Reader(node)
    done = cli(*FOLDER_WRITERS[command]("out"))
    assert done.code == 2 and done.stderr.startswith("cjmap: error: "), done.stderr
    assert "Traceback" not in done.stderr
    if kind == "device":
        assert is_device(node)
    else:
        assert reader.finish() == b"" and stat.S_ISFIFO(os.lstat(node).st_mode)


def test_a_site_page_that_is_a_device_is_refused(project: Path, cli: CliRunner) -> None:
    (project / "site").mkdir()
    node = device(project / "site" / "a.html")  # a site's pages are moved into place: never over a device
    done = cli("render", "maps", "-o", "site")
    assert (done.code, done.stderr) == (2, "cjmap: error: cannot write site/a.html (the page of maps/a.yaml): it is "
                                           "not a regular file\n")
    assert is_device(node) and sorted(path.name for path in (project / "site").iterdir()) == ["a.html"]


@pytest.mark.parametrize("command", REWRITERS)
@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_fmt_and_fix_leave_special_files_alone(project: Path, cli: CliRunner, command: str, kind: str) -> None:
    node = project / "special.yaml"
    device(node) if kind == "device" else os.mkfifo(node)
    done = cli(*REWRITERS[command]("special.yaml"))
    assert done.code == 2 and "not a regular file" in done.stdout + done.stderr, done
    assert is_device(node) if kind == "device" else stat.S_ISFIFO(os.lstat(node).st_mode)


@pytest.mark.parametrize("command, args, message", [
    ("export-csv", ["export", "csv", "m.yaml", "-o", "out"], "cannot write out: it is a folder; give a file name"),
    ("export-xlsx", ["export", "xlsx", "m.yaml", "-o", "out"], "cannot write out: it is a folder; give a file name"),
    ("init", ["init", "out", "--type", "current-state"], "cannot write out: it is a folder; give a file name"),
    ("render-html", ["render", "m.yaml", "-o", "out"], "cannot write out/m.html: it is a folder"),
    ("import-csv", ["import", "csv", "m.csv", "-o", "out"], "cannot write out/m.yaml: it is a folder"),
    ("init-schema", ["init", "--schema", "out"], "cannot write out/cjmap.schema.json: it is a folder"),
    ("render-site", ["render", "maps", "-o", "out"], "cannot write out/a.html (the page of maps/a.yaml): it is a folder"),
])
def test_a_folder_where_a_file_is_expected_is_refused(project: Path, cli: CliRunner, command: str,
                                                      args: list[str], message: str) -> None:
    (project / "out").mkdir()
    for inner in ("m.html", "m.yaml", "cjmap.schema.json", "a.html"):  # where -o DIR puts the file
        (project / "out" / inner).mkdir()
    done = cli(*args)
    assert done.code == 2 and done.stderr.startswith(f"cjmap: error: {message}"), done.stderr
    assert sorted(path.name for path in (project / "out").iterdir()) == [
        "a.html", "cjmap.schema.json", "m.html", "m.yaml"]


@pytest.mark.parametrize("command", [*FILE_WRITERS, *FOLDER_WRITERS])
def test_a_name_with_a_newline_is_written_and_shown_escaped(project: Path, cli: CliRunner, command: str) -> None:
    name = "new\nline.yaml"
    done = cli(*{**FILE_WRITERS, **FOLDER_WRITERS}[command](name))
    assert done.code == 0, done.stderr
    assert (project / name).exists()
    assert all(line.startswith("cjmap: ") for line in done.stderr.splitlines()), done.stderr
    if command.startswith("init"):
        assert "created new\\nline.yaml" in done.stderr


@pytest.mark.parametrize("command", REWRITERS)
def test_fmt_and_fix_rewrite_a_name_with_a_newline(project: Path, cli: CliRunner, command: str) -> None:
    path = project / "new\nline.yaml"
    path.write_text(UNFORMATTED if command == "fmt" else FIXABLE,
                    encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    done = cli(*REWRITERS[command](str(path.name)))
    assert path.read_text(encoding="utf-8") != before, done
    assert "new\\nline.yaml" in done.stderr and all(line.startswith("cjmap: ") for line in done.stderr.splitlines())


@pytest.mark.parametrize("command", [*FILE_WRITERS, *FOLDER_WRITERS])
def test_a_read_only_folder_is_refused(project: Path, cli: CliRunner, command: str) -> None:
    locked = project / "locked"
    locked.mkdir()
    locked.chmod(0o555)  # root writes into it all the same: cjmap reads the mode bits
    done = cli(*{**FILE_WRITERS, **FOLDER_WRITERS}[command]("locked/out.yaml"))
    assert done.code == 2 and "is read-only" in done.stderr, done.stderr
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize("command", REWRITERS)
def test_fmt_and_fix_refuse_a_map_in_a_read_only_folder(project: Path, cli: CliRunner, command: str) -> None:
    path = project / "maps" / "a.yaml"
    path.write_text(UNFORMATTED if command == "fmt" else FIXABLE,
                    encoding="utf-8")
    before = path.read_bytes()
    path.parent.chmod(0o555)
    done = cli(*REWRITERS[command]("maps/a.yaml"))
    assert done.code == 2 and "is read-only" in done.stderr, done.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("command", [name for name in FILE_WRITERS if name != "export-xlsx"])
def test_dash_is_standard_output(project: Path, cli: CliRunner, command: str) -> None:
    done = cli(*FILE_WRITERS[command]("-"))
    assert done.code == 0 and len(done.stdout) > 20, done.stderr
    assert not (project / "-").exists()


def test_dash_is_standard_output_for_binary_formats(project: Path) -> None:
    done = run_cjmap("export", "xlsx", "m.yaml", "-o", "-", cwd=project)
    assert done.returncode == 0 and done.stdout.startswith(b"PK"), done.stderr
    assert not (project / "-").exists()


@pytest.mark.parametrize("command, message", [
    ("render-site", "a folder or several maps render as a site: give the folder with -o DIR"),
    ("init-schema", "--schema writes two files into a folder; 'cjmap schema' prints one on stdout"),
])
def test_dash_where_a_folder_is_expected_is_refused(project: Path, cli: CliRunner, command: str,
                                                    message: str) -> None:
    done = cli(*FOLDER_WRITERS[command]("-"))
    assert (done.code, done.stderr) == (2, f"cjmap: error: {message}\n")
    assert not (project / "-").exists()


@pytest.mark.parametrize("fmt, magic", [("pdf", b"%PDF-"), ("png", b"\x89PNG")])
def test_pdf_and_png_into_a_device_and_to_stdout(project: Path, fmt: str, magic: bytes) -> None:
    from browser_support import chromium_missing

    if reason := chromium_missing():
        pytest.skip(reason)
    node = device(project / f"out.{fmt}")
    done = run_cjmap("render", "-f", fmt, "m.yaml", "-o", node.name, cwd=project)
    assert done.returncode == 0 and is_device(node), done.stderr
    done = run_cjmap("render", "-f", fmt, "m.yaml", "-o", "-", cwd=project)
    assert done.returncode == 0 and done.stdout.startswith(magic), done.stderr
    assert sorted(path.name for path in project.iterdir() if path.name.startswith(("out", "-", ".out"))) == [
        f"out.{fmt}"]


# --- item 14: names over 255 bytes --------------------------------------------------------------------------


def test_a_site_with_a_page_name_over_255_bytes_writes_nothing(project: Path, cli: CliRunner) -> None:
    long_map = project / "maps" / ("x" * 251 + ".yml")  # 255 bytes; its page, x….html, is 256
    long_map.write_text(CLEAN_MAP, encoding="utf-8")
    done = cli("render", "maps", "-o", "site")
    assert done.code == 2, done.stderr
    assert done.stderr.startswith("cjmap: error: cannot write site/xxx") and (
        f"(the page of maps/{long_map.name}): the name 'xxxxxxxx" in done.stderr)
    assert "is 256 bytes long; file systems accept at most 255" in done.stderr
    assert not (project / "site").exists()


@pytest.mark.parametrize("args", [
    ["init", "x" * 252 + ".yaml", "--type", "current-state"],
    ["init", "--schema", "x" * 256],
    ["init", "--schema", "schemas/" + "x" * 256 + "/deeper"],
    ["render", "m.yaml", "-o", "x" * 256],
    ["import", "csv", "m.csv", "-o", "x" * 256],
    ["export", "csv", "m.yaml", "-o", "x" * 256],
])
def test_an_output_name_over_255_bytes_is_a_usage_error(project: Path, cli: CliRunner, args: list[str]) -> None:
    before = sorted(path.name for path in project.iterdir())
    done = cli(*args)
    assert done.code == 2 and "bytes long; file systems accept at most 255" in done.stderr, done.stderr
    assert sorted(path.name for path in project.iterdir()) == before


def test_render_into_a_folder_refuses_a_page_name_over_255_bytes(project: Path, cli: CliRunner) -> None:
    long_map = project / ("x" * 251 + ".yml")
    long_map.write_text(CLEAN_MAP, encoding="utf-8")
    (project / "out").mkdir()
    done = cli("render", long_map.name, "-o", "out")
    assert done.code == 2 and "is 256 bytes long" in done.stderr
    assert list((project / "out").iterdir()) == []


# --- item 15: nothing read or written through a symbolic link out of the project ----------------------------


@pytest.mark.parametrize("command", REWRITERS)
def test_fmt_and_fix_do_not_write_through_a_link_out_of_the_project(project: Path, outside: Path, cli: CliRunner,
                                                                    command: str) -> None:
    real = outside / "theirs.yaml"
    real.write_text(UNFORMATTED if command == "fmt" else FIXABLE,
                    encoding="utf-8")
    before = real.read_bytes()
    (project / "maps" / "link.yaml").symlink_to(real)
    named = cli(*REWRITERS[command]("maps/link.yaml"))
    assert named.code == 2 and "a symbolic link leads it outside the project" in named.stdout + named.stderr
    searched = cli(*REWRITERS[command]("maps"))
    assert searched.code == 0, searched
    assert (f"cjmap: note: skipped maps/link.yaml: a symbolic link leads it outside the project {project} "
            f"(to {real})\n") in searched.stderr
    assert real.read_bytes() == before and (project / "maps" / "link.yaml").is_symlink()


def test_validate_does_not_read_a_map_a_link_leads_out_of_the_project(project: Path, outside: Path,
                                                                       cli: CliRunner) -> None:
    secret = outside / "secret.yaml"
    secret.write_text("cjmap: 1\nAWS_SECRET_KEY_NAME: x\n", encoding="utf-8")
    (project / "maps" / "secret.yaml").symlink_to(secret)
    searched = cli("validate", "maps")
    assert searched.code == 0 and "AWS_SECRET" not in searched.stdout + searched.stderr
    assert "cjmap: note: skipped maps/secret.yaml: a symbolic link leads it outside the project" in searched.stderr
    named = cli("validate", "maps/secret.yaml")
    assert named.code == 2 and "AWS_SECRET" not in named.stdout + named.stderr
    assert "cannot read file: a symbolic link leads it outside the project" in named.stdout


def test_a_linked_folder_of_the_project_leading_out_is_not_searched(project: Path, outside: Path,
                                                                    cli: CliRunner) -> None:
    (outside / "x.yaml").write_text(CLEAN_MAP, encoding="utf-8")
    (project / "linked").symlink_to(outside)
    done = cli("validate", "linked")
    assert done.code == 0 and "cjmap: note: skipped linked/x.yaml" in done.stderr


def test_render_does_not_write_through_a_committed_link_out_of_the_project(project: Path, outside: Path,
                                                                           cli: CliRunner) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "site").symlink_to(outside, target_is_directory=True)
    done = cli("render", "maps", "-o", "docs/site")
    assert done.code == 2 and "a symbolic link leads it outside the project" in done.stderr
    (project / "docs" / "page.html").symlink_to(outside / "page.html")
    done = cli("render", "m.yaml", "-o", "docs/page.html")
    assert done.code == 2 and "a symbolic link leads it outside the project" in done.stderr
    assert list(outside.iterdir()) == []


def test_an_output_path_typed_outside_the_project_is_the_users_choice(project: Path, outside: Path,
                                                                      cli: CliRunner) -> None:
    assert cli("render", "m.yaml", "-o", str(outside / "m.html")).code == 0
    assert cli("render", "maps", "-o", str(outside / "site")).code == 0
    assert sorted(path.name for path in outside.iterdir()) == ["m.html", "site"]


def test_a_link_inside_the_project_is_written_through_and_kept(project: Path, cli: CliRunner) -> None:
    (project / "docs").mkdir()
    (project / "latest.html").symlink_to("docs/v2.html")
    assert cli("render", "m.yaml", "-o", "latest.html").code == 0
    assert (project / "latest.html").is_symlink() and (project / "docs" / "v2.html").read_text().startswith("<!")


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_init_does_not_write_through_a_dangling_link_out_of_the_project(project: Path, outside: Path,
                                                                        cli: CliRunner, force: list[str]) -> None:
    (project / "new.yaml").symlink_to(outside / "created.yaml")
    done = cli("init", "new.yaml", "--type", "current-state", *force)
    assert done.code == 2 and "a symbolic link leads it outside the project" in done.stderr
    assert list(outside.iterdir()) == []


def test_init_force_refuses_a_read_only_file_as_fmt_and_fix_do(project: Path, cli: CliRunner) -> None:
    target = project / "m.yaml"
    target.chmod(0o444)
    done = cli("init", "m.yaml", "--type", "current-state", "--force")
    assert (done.code, done.stderr) == (2, "cjmap: error: cannot write m.yaml: the file is read-only\n")
    assert target.read_text(encoding="utf-8") == CLEAN_MAP
    target.chmod(0o644)


def test_init_force_writes_through_a_dangling_link_inside_the_project(project: Path, cli: CliRunner) -> None:
    (project / "new.yaml").symlink_to("maps/real.yaml")
    refused = cli("init", "new.yaml", "--type", "current-state")
    assert (refused.code, refused.stderr) == (2, "cjmap: error: new.yaml already exists; use --force to overwrite it\n")
    done = cli("init", "new.yaml", "--type", "current-state", "--force")
    assert done.code == 0, done.stderr
    assert (project / "new.yaml").is_symlink() and (project / "maps" / "real.yaml").read_text().startswith("#")


# --- item 16: control characters reach a terminal only as escapes -------------------------------------------

EVIL = ('cjmap: 1\nid: e\ntitle: "Evil \\e]0;pwned\\a \\e[2J end"\ntype: current-state\nstages:\n'
        '  - id: a\n    name: "A \\e[31m"\n    steps:\n      - {id: s, name: "S \\x9b1m", emotion: 3}\n')


def on_a_terminal(*args: str, cwd: Path) -> bytes:
    """What ``cjmap ARGS`` prints when its stdout is a terminal (a pseudo-terminal read from its other end)."""
    main, secondary = pty.openpty()
    process = subprocess.Popen([str(CJMAP), *args], cwd=cwd, stdout=secondary, stderr=subprocess.PIPE,
                               env={**os.environ, "NO_COLOR": "1"})
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    return b"".join(chunks)


@pytest.mark.parametrize("args", [["render", "-f", "mermaid", "evil.yaml"], ["render", "-f", "markdown", "evil.yaml"],
                                  ["render", "-f", "html", "evil.yaml", "-o", "-"], ["export", "csv", "evil.yaml"]])
def test_control_characters_from_map_text_do_not_reach_a_terminal(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "evil.yaml").write_text(EVIL, encoding="utf-8")
    shown = on_a_terminal(*args, cwd=tmp_path)
    assert b"\x1b" not in shown and b"\x07" not in shown and "\x9b".encode() not in shown
    assert b"\\x1b" in shown
    piped = run_cjmap(*args, cwd=tmp_path)  # a pipe or a file gets the exact bytes
    assert piped.returncode == 0 and b"\x1b" in piped.stdout and b"\\x1b" not in piped.stdout


def test_a_binary_format_is_refused_on_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(CLEAN_MAP, encoding="utf-8")
    main, secondary = pty.openpty()
    done = subprocess.run([str(CJMAP), "export", "xlsx", "m.yaml", "-o", "-"], cwd=tmp_path, stdout=secondary,
                          stderr=subprocess.PIPE, timeout=60, check=False)
    os.close(secondary)
    os.close(main)
    assert done.returncode == 2 and b"stdout is a terminal" in done.stderr
