"""``cjmap validate`` end to end: every exit code, every format, directories, stdin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjmap.cli import app

runner = CliRunner()
ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
BROKEN = """\
cjmap: 1
id: broken
title: "Broken: 100% sure, really"
type: curent-state
stages:
  - id: a
    name: A
    emoton: 3
"""


def validate(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", *args], input=stdin, env={"NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_examples_are_valid() -> None:
    code, out, _ = validate(str(EXAMPLES))
    assert (code, out) == (0, "All good! 5 files checked.\n")


def test_text_output(broken: Path) -> None:
    code, out, _ = validate(str(broken))
    assert code == 1
    assert out == (
        f"{broken}:4:7: V023 [invalid-value] the text 'curent-state' is not allowed here\n"
        "  hint: did you mean 'current-state'?; expected one of: current-state, future-state, day-in-the-life, "
        "service-blueprint\n"
        f"{broken}:8:5: V020 [unknown-key] unknown key 'emoton'\n"
        "  hint: allowed keys here: id, name, description, colour, goals, expectations, steps\n"
        "Found 2 errors in 1 of 1 file.\n"
    )


def test_json_output(broken: Path) -> None:
    code, out, _ = validate(str(broken), "--format", "json")
    assert code == 1
    assert json.loads(out) == {
        "tool": "cjmap", "version": "0.1.0", "command": "validate", "files": [str(broken)],
        "summary": {"files": 1, "errors": 2, "warnings": 0, "infos": 0},
        "problems": [
            {"file": str(broken), "line": 4, "column": 7, "severity": "error", "code": "V023",
             "name": "invalid-value", "message": "the text 'curent-state' is not allowed here",
             "hint": "did you mean 'current-state'?; expected one of: current-state, future-state, "
                     "day-in-the-life, service-blueprint", "path": "/type", "fixable": False},
            {"file": str(broken), "line": 8, "column": 5, "severity": "error", "code": "V020",
             "name": "unknown-key", "message": "unknown key 'emoton'",
             "hint": "allowed keys here: id, name, description, colour, goals, expectations, steps", "path": "/stages/id=a/emoton",
             "fixable": False},
        ],
    }


def test_github_output_escapes_properties_and_data(tmp_path: Path) -> None:
    path = tmp_path / "a,b:c.yaml"
    path.write_text("cjmap: 1\nid: x\ntitle: T\ntype: current-state\nstages: []\nscale: '50%..2'\n", encoding="utf-8")
    code, out, _ = validate(str(path), "--format", "github")
    assert code == 1
    prop = str(path).replace(",", "%2C").replace(":", "%3A")
    assert out == (f"::error file={prop},line=6,col=8,title=V023 invalid-value::scale '50%25..2' is not a range; "
                   "write e.g. '1..5', '-2..2' or '1..10'\n")


def test_github_output_puts_hints_on_a_new_line(broken: Path) -> None:
    _, out, _ = validate(str(broken), "--format", "github")
    assert out.splitlines()[1].endswith("::unknown key 'emoton'%0Ahint: allowed keys here: id, name, description, colour, goals, expectations, steps")


def test_sarif_output(broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(broken.parent)
    code, out, _ = validate(broken.name, "--format", "sarif")
    assert code == 1
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    (run,) = sarif["runs"]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rules == ["V020", "V023"]
    assert [(r["ruleId"], rules[r["ruleIndex"]], r["level"]) for r in run["results"]] == [
        ("V023", "V023", "error"), ("V020", "V020", "error")]
    location = run["results"][0]["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "broken.yaml", "uriBaseId": "SRCROOT"},
                        "region": {"startLine": 4, "startColumn": 7}}


def test_missing_path_exits_2(tmp_path: Path) -> None:
    code, out, err = validate(str(tmp_path / "nope.yaml"))
    assert (code, out) == (2, "")
    assert err == f"cjmap: error: no such file or directory: {tmp_path / 'nope.yaml'}\n"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    target = tmp_path / "locked.yaml"
    target.write_text("cjmap: 1\n", encoding="utf-8")
    target.chmod(0)
    code, out, _ = validate(str(target))
    assert code == 2 and "V001 [unreadable]" in out


def test_unreadable_file_through_the_cli_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("cjmap: 1\n", encoding="utf-8")

    def refuse(name: str) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("cjmap.source.read_bytes", refuse)
    code, out, _ = validate(str(path))
    assert code == 2
    assert out.startswith(f"{path}:1:1: V001 [unreadable] cannot read file: Permission denied\n")


def test_bad_option_exits_2(broken: Path) -> None:
    code, _, _ = validate(str(broken), "--format", "xml")
    assert code == 2


def test_stdin(broken: Path) -> None:
    code, out, _ = validate("-", stdin=BROKEN)
    assert code == 1
    assert out.startswith("<stdin>:4:7: V023")


def test_directory_recursion_skips_non_maps_and_hidden(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "sub" / "map.yml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / ".hidden" / "map.yaml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "config.yaml").write_text("not: a map\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text(BROKEN, encoding="utf-8")
    code, out, _ = validate(str(tmp_path), "--format", "json")
    assert code == 1
    assert json.loads(out)["files"] == [str(tmp_path / "sub" / "map.yml")]


def test_empty_directory(tmp_path: Path) -> None:
    assert validate(str(tmp_path)) == (0, "All good! 0 files checked.\n", "")


def test_no_colour_when_piped(broken: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "cjmap", "validate", str(broken)], capture_output=True,
                            text=True, env={**os.environ, "NO_COLOR": ""})
    assert result.returncode == 1
    assert "\x1b[" not in result.stdout and "Traceback" not in result.stderr


def test_colour_can_be_forced(broken: Path) -> None:
    result = runner.invoke(app, ["validate", str(broken), "--color"])
    assert "\x1b[" in result.stdout


def test_python_dash_m_and_version() -> None:
    result = subprocess.run([sys.executable, "-m", "cjmap", "--version"], capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "cjmap 0.1.0\n")


def test_hostile_files_never_crash_the_cli(tmp_path: Path) -> None:
    files = {
        "bomb.yaml": b"a: &a [x,x,x,x,x,x,x,x,x]\n" + b"".join(
            f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n".encode() for p, n in zip("abcdefg", "bcdefgh")),
        "deep.yaml": b"[" * 50_000,
        "binary.yaml": bytes(range(256)) * 4,
        "latin1.yaml": "title: Caf\xe9\n".encode("latin-1"),
        "multi.yaml": b"a: 1\n---\nb: 2\n",
        "empty.yaml": b"",
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    result = subprocess.run([sys.executable, "-m", "cjmap", "validate", *sorted(str(tmp_path / n) for n in files),
                             "-f", "json"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    problems = json.loads(result.stdout)["problems"]
    assert sorted((Path(p["file"]).name, p["code"]) for p in problems) == [
        ("binary.yaml", "V002"), ("bomb.yaml", "V012"), ("deep.yaml", "V012"), ("empty.yaml", "V014"),
        ("latin1.yaml", "V002"), ("multi.yaml", "V013")]
