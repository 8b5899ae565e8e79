"""``cjmap validate`` end to end: every exit code, every format, directories, stdin.

Most runs call ``cjmap.cli.main`` in this process (the ``cli`` fixture); a few go through a real
``python -m cjmap`` subprocess to prove the entry point and the terminal behaviour.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import (
    EXAMPLES,
    FIXTURES,
    MINIMAL_MAP,
    CliResult,
    CliRunner,
    example_files,
)

from cjmap import __version__

ANSI = re.compile(r"\x1b\[")
VERSION_YAML = str(FIXTURES / "invalid" / "version.yaml")
ENUMS_YAML = str(FIXTURES / "invalid" / "enums.yaml")
VALID_YAML = str(FIXTURES / "valid" / "anchors.yaml")
VERSION_HINT = "write 'cjmap: 1', or upgrade cjmap if the file was written for a newer version"


def subprocess_cjmap(*args: str, cwd: Path | None = None, stdin: bytes | None = None,
                     env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PY_COLORS")}
    return subprocess.run([sys.executable, "-m", "cjmap", *args], capture_output=True, cwd=cwd, timeout=60, check=False,
                          input=stdin.decode() if stdin is not None else None, text=True,
                          env={**base, "TERM": "xterm-256color", **(env or {})})


# --- exit codes -------------------------------------------------------------------------------------------


def test_version_through_python_dash_m() -> None:
    result = subprocess_cjmap("--version")
    assert (result.returncode, result.stdout, result.stderr) == (0, f"cjmap {__version__}\n", "")


def test_valid_examples_exit_0_through_the_real_entry_point() -> None:
    result = subprocess_cjmap("validate", str(EXAMPLES))
    assert (result.returncode, result.stdout, result.stderr) == (0, f"All good! {len(example_files())} files checked.\n", "")


def test_piped_text_has_no_ansi_codes_even_without_no_color() -> None:
    result = subprocess_cjmap("validate", VERSION_YAML)
    assert result.returncode == 1
    assert not ANSI.search(result.stdout)
    assert result.stdout.startswith(f"{VERSION_YAML}:2:8: V023 [invalid-value] format version 2")


def test_bad_option_exits_2_with_usage_on_stderr_and_no_traceback() -> None:
    result = subprocess_cjmap("validate", "--format", "xml", VALID_YAML)
    assert (result.returncode, result.stdout) == (2, "")
    assert "Invalid value for '--format' / '-f'" in result.stderr and "'xml'" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_valid_file_exits_0(cli: CliRunner) -> None:
    result = cli("validate", VALID_YAML)
    assert (result.code, result.stdout, result.stderr) == (0, "All good! 1 file checked.\n", "")


def test_problems_exit_1_with_the_whole_text_report(cli: CliRunner) -> None:
    result = cli("validate", ENUMS_YAML, VERSION_YAML, VALID_YAML)
    assert (result.code, result.stderr) == (1, "")
    assert result.stdout == (
        f"{ENUMS_YAML}:6:9: V023 [invalid-value] the text 'aproved' is not allowed here\n"
        "  hint: did you mean 'approved'?; expected one of: draft, in-review, approved, archived\n"
        f"{ENUMS_YAML}:7:15: V023 [invalid-value] the text 'weekly' is not allowed here\n"
        "  hint: expected one of: monthly, quarterly, half-yearly, yearly\n"
        f"{ENUMS_YAML}:9:30: V023 [invalid-value] the text 'digitl' is not allowed here\n"
        "  hint: did you mean 'digital'?; expected one of: digital, physical, human, third-party\n"
        f"{ENUMS_YAML}:17:36: V023 [invalid-value] the text 'urgent' is not allowed here\n"
        "  hint: expected one of: low, medium, high, critical\n"
        f"{ENUMS_YAML}:19:38: V023 [invalid-value] the text 'hgh' is not allowed here\n"
        "  hint: did you mean 'high'?; expected one of: low, medium, high\n"
        f"{VERSION_YAML}:2:8: V023 [invalid-value] format version 2 is not supported; this cjmap reads version 1\n"
        f"  hint: {VERSION_HINT}\n"
        "Found 6 errors in 2 of 3 files.\n")


def test_missing_path_exits_2_with_a_message_on_stderr(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("validate", VALID_YAML, str(tmp_path / "nope.yaml"), str(tmp_path / "gone"))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"cjmap: error: no such file or directory: {tmp_path / 'nope.yaml'}, {tmp_path / 'gone'}\n"


def test_a_dangling_symlink_named_on_the_command_line_is_missing(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "link.yaml").symlink_to(tmp_path / "target.yaml")
    result = cli("validate", str(tmp_path / "link.yaml"))
    assert (result.code, result.stderr) == (2, f"cjmap: error: no such file or directory: {tmp_path / 'link.yaml'}\n")


def test_unreadable_file_exits_2_and_is_reported_as_v001(cli: CliRunner, tmp_path: Path) -> None:
    # Root reads any file whatever its mode, so make the file unreadable another way: a symlink found
    # in a folder whose target has gone is listed by the walk but cannot be opened.
    (tmp_path / "good.yaml").write_text(MINIMAL_MAP, encoding="utf-8")
    (tmp_path / "broken.yaml").symlink_to(tmp_path / "moved-away.yaml")
    result = cli("validate", "-f", "json", str(tmp_path))
    assert (result.code, result.stderr) == (2, "")
    report = json.loads(result.stdout)
    assert report["files"] == [str(tmp_path / "broken.yaml"), str(tmp_path / "good.yaml")]
    assert [(p["file"], p["line"], p["column"], p["code"], p["name"], p["message"]) for p in report["problems"]] == [
        (str(tmp_path / "broken.yaml"), 1, 1, "V001", "unreadable", "cannot read file: No such file or directory")]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_by_permission_exits_2(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(MINIMAL_MAP, encoding="utf-8")
    path.chmod(0)
    try:
        result = cli("validate", str(path))
    finally:
        path.chmod(0o644)
    assert result.code == 2
    assert result.stdout.startswith(f"{path}:1:1: V001 [unreadable] cannot read file: Permission denied\n")


@pytest.mark.parametrize("args, message", [
    (["validate", "--format", "xml"], "Invalid value for '--format' / '-f'"),
    (["validate", "--jobs", "-1"], "Invalid value for '--jobs' / '-j'"),
    (["validate", "--bogus"], "No such option: --bogus"),
    (["validate", "-f"], "Option '-f' requires an argument."),
    (["nosuchcommand"], "No such command 'nosuchcommand'."),
])
def test_usage_errors_exit_2(cli: CliRunner, args: list[str], message: str) -> None:
    result = cli(*args)
    assert (result.code, result.stdout) == (2, "")
    assert message in result.stderr
    assert "internal error" not in result.stderr


def test_an_unexpected_exception_exits_3_without_a_traceback(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import cjmap.checking

    def explode(paths: list[str], jobs: int | None = None, **settings: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cjmap.checking, "validate_paths", explode)
    result = cli("validate", VALID_YAML)
    assert (result.code, result.stdout) == (3, "")
    assert result.stderr == ("cjmap: internal error: RuntimeError: boom\n"
                             "This is a bug in cjmap; please report it with the command and the file that caused it.\n")


def test_version_and_help_in_process(cli: CliRunner) -> None:
    assert cli("--version") == CliResult(0, f"cjmap {__version__}\n", "")
    assert cli("-V").stdout == f"cjmap {__version__}\n"
    helped = cli("validate", "--help")
    assert helped.code == 0 and "Exit codes: 0 all valid, 1 problems found, 2 usage" in " ".join(helped.stdout.split())


# --- formats ----------------------------------------------------------------------------------------------


def test_json_format_has_the_whole_stable_shape(cli: CliRunner) -> None:
    result = cli("validate", "--format", "json", VERSION_YAML, VALID_YAML)
    assert result.code == 1
    assert json.loads(result.stdout) == {
        "tool": "cjmap",
        "version": __version__,
        "command": "validate",
        "files": sorted([VERSION_YAML, VALID_YAML]),
        "summary": {"files": 2, "errors": 1, "warnings": 0, "infos": 0},
        "problems": [{
            "file": VERSION_YAML, "line": 2, "column": 8, "severity": "error", "code": "V023",
            "name": "invalid-value", "message": "format version 2 is not supported; this cjmap reads version 1",
            "hint": VERSION_HINT, "path": "/cjmap", "fixable": False,
        }],
    }
    assert result.stdout.endswith("}\n") and result.stdout.startswith('{\n  "tool": "cjmap",')


def test_json_format_for_a_clean_run(cli: CliRunner) -> None:
    result = cli("validate", "-f", "json", VALID_YAML)
    assert result.code == 0
    assert json.loads(result.stdout)["problems"] == [] and json.loads(result.stdout)["summary"]["errors"] == 0


def test_github_format_lines_are_exact(cli: CliRunner) -> None:
    result = cli("validate", "--format", "github", VERSION_YAML)
    file = VERSION_YAML.replace(":", "%3A").replace(",", "%2C")
    assert (result.code, result.stderr) == (1, "")
    assert result.stdout == (
        f"::error file={file},line=2,col=8,title=V023 invalid-value::format version 2 is not supported; "
        f"this cjmap reads version 1%0Ahint: {VERSION_HINT}\n")


def test_github_format_escapes_percent_colon_comma_and_newlines(cli: CliRunner, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a,b:c%.yaml").write_text(MINIMAL_MAP + '"100%: x, y": 1\n', encoding="utf-8")
    result = cli("validate", "-f", "github", "a,b:c%.yaml")
    assert result.stdout == (
        "::error file=a%2Cb%3Ac%25.yaml,line=6,col=1,title=V020 unknown-key::unknown key '100%25: x, y'"
        "%0Ahint: allowed keys here: cjmap, id, title, description, type, status, owner, language, tags, reviewed, "
        "review_every, baseline, lifecycle, persona, scope, scale, style, channels, actors, lanes, stages\n")


def test_sarif_format_is_well_formed(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)  # files under the working directory are written relative to SRCROOT
    result = cli("validate", "--format", "sarif", ENUMS_YAML, VERSION_YAML,
                 str(FIXTURES / "invalid" / "typos.yaml"))
    assert result.code == 1
    sarif = json.loads(result.stdout)
    assert sarif["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("cjmap", __version__)
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert rule_ids == ["V020", "V021", "V023"]
    assert [rule["name"] for rule in driver["rules"]] == ["unknown-key", "missing-key", "invalid-value"]
    assert all(rule["shortDescription"]["text"] for rule in driver["rules"])
    assert len(run["results"]) == 6 + 7
    for item in run["results"]:
        assert rule_ids[item["ruleIndex"]] == item["ruleId"]
        assert item["level"] == "error"
        (location,) = item["locations"]
        region = location["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    first = run["results"][0]
    assert first["message"]["text"] == ("the text 'aproved' is not allowed here (hint: did you mean 'approved'?; "
                                        "expected one of: draft, in-review, approved, archived)")
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "invalid/enums.yaml", "uriBaseId": "SRCROOT"},
        "region": {"startLine": 6, "startColumn": 9}}
    assert run["originalUriBaseIds"] == {"SRCROOT": {"uri": FIXTURES.as_uri() + "/"}}
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 1}]
    assert [rule["defaultConfiguration"] for rule in driver["rules"]] == [{"level": "error"}] * 3
    assert driver["rules"][0]["fullDescription"] == {"text": "A key the format does not know, with did-you-mean."}


def test_sarif_for_a_clean_run_has_no_rules_and_no_results(cli: CliRunner) -> None:
    run = json.loads(cli("validate", "-f", "sarif", VALID_YAML).stdout)["runs"][0]
    assert (run["tool"]["driver"]["rules"], run["results"]) == ([], [])


def test_text_format_shows_markup_and_emoji_codes_verbatim_and_never_wraps(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(MINIMAL_MAP + '":smile: [bold]x[/bold]": 1\n', encoding="utf-8")
    result = cli("validate", str(path))
    assert result.stdout.splitlines() == [
        f"{path}:6:1: V020 [unknown-key] unknown key ':smile: [bold]x[/bold]'",
        ("  hint: allowed keys here: cjmap, id, title, description, type, status, owner, language, tags, reviewed, "
        "review_every, baseline, lifecycle, persona, scope, scale, style, channels, actors, lanes, stages"),
        "Found 1 error in 1 of 1 file.",
    ]


def test_color_flag_forces_ansi_and_no_color_flag_removes_it(cli: CliRunner) -> None:
    assert ANSI.search(cli("validate", "--color", VERSION_YAML).stdout)
    assert not ANSI.search(cli("validate", "--no-color", VERSION_YAML).stdout)
    assert not ANSI.search(cli("validate", VERSION_YAML).stdout)  # NO_COLOR is set by the fixture


# --- which files ------------------------------------------------------------------------------------------


def test_directories_are_searched_for_maps_only(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, text in {
        "a.yaml": MINIMAL_MAP,
        "b.yml": MINIMAL_MAP.replace("id: m", "id: b"),
        "persona.yaml": "cjmap-persona: 1\nname: P\n",
        "sub/deeper/c.yaml": "\ufeffcjmap: 1\nid: c\ntitle: C\ntype: current-state\nstages: oops\n",
        "config.yaml": "settings: {cjmap: 1}\n",
        "docker-compose.yml": "services: {}\n",
        "notes.txt": MINIMAL_MAP,
        "a.yaml.bak": MINIMAL_MAP,
        ".hidden.yaml": MINIMAL_MAP,
        ".git/d.yaml": MINIMAL_MAP,
        "node_modules/e.yaml": MINIMAL_MAP,
    }.items():
        path = tmp_path / "maps" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "-f", "json", "maps", "maps/a.yaml")
    report = json.loads(result.stdout)
    assert report["files"] == ["maps/a.yaml", "maps/b.yml", "maps/persona.yaml", "maps/sub/deeper/c.yaml"]
    assert [(p["file"], p["line"], p["column"], p["code"]) for p in report["problems"]] == [
        ("maps/sub/deeper/c.yaml", 5, 9, "V022")]
    assert result.code == 1


def test_a_non_map_yaml_file_named_explicitly_is_validated(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("settings: 1\n", encoding="utf-8")
    result = cli("validate", "-f", "json", str(path))
    assert result.code == 1
    assert {p["code"] for p in json.loads(result.stdout)["problems"]} == {"V020", "V021"}


def test_no_path_means_the_current_directory(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "m.yaml").write_text(MINIMAL_MAP, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli("validate") == CliResult(0, "All good! 1 file checked.\n", "")


def test_an_empty_directory_is_fine(cli: CliRunner, tmp_path: Path) -> None:
    assert cli("validate", str(tmp_path)).stdout == "All good! 0 files checked.\n"


def test_stdin(cli: CliRunner) -> None:
    result = cli("validate", "-f", "json", "-", stdin=b"cjmap: 1\nid: m\ntitle: M\ntype: curent-state\nstages: []\n")
    report = json.loads(result.stdout)
    assert result.code == 1 and report["files"] == ["<stdin>"]
    assert [(p["file"], p["line"], p["column"], p["code"]) for p in report["problems"]] == [("<stdin>", 4, 7, "V023")]
    assert cli("validate", "-", stdin=MINIMAL_MAP.encode()).code == 0


def test_stdin_resolves_persona_paths_from_the_working_directory(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES)
    content = (EXAMPLES / "trial-onboarding.current.yaml").read_bytes()
    assert cli("validate", "-", stdin=content).code == 0


def test_stdin_through_a_subprocess() -> None:
    result = subprocess_cjmap("validate", "-", stdin=b"- not a map\n")
    assert result.returncode == 1
    assert result.stdout.startswith("<stdin>:1:1: V014 [not-a-map] top level is a list;")
