"""Numbers of every size: an absurd one is a located problem at the number, never a crash, in every command.

Each case is a one-line ``scale:`` (line 5) and a step with an emotion (line 12), plus an optional line 13
for the step, so the expected locations can be read off the template below.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cjmap.loader import load
from cjmap.model import MEASURE_LIMIT, SCALE_LIMIT, JourneyMap, Scale
from cjmap.scalars import MAX_INTEGER_DIGITS, NamedFloat, resolve_plain
from cjmap.validation.validator import validate_bytes

TEMPLATE = """\
cjmap: 1
id: m
title: M
type: current-state
scale: {scale}
stages:
  - id: a
    name: A
    steps:
      - id: s
        name: S
        emotion: {emotion}
{extra}"""

DIGITS = "9" * 5000
SCALES = "; scores and scales lie within ±1,000,000"
KPIS = "; KPI numbers lie within ±1,000,000,000,000,000"


def a_map(scale: str = "1..5", emotion: str = "3", extra: str = "") -> bytes:
    return TEMPLATE.format(scale=scale, emotion=emotion, extra=extra).encode()


# name: (map, (line, column, code, message)) - the one problem the map has.
CASES = {
    "decimal-emotion": (a_map(emotion=DIGITS),
                        (12, 18, "V023", "number 9999999999999999… (5,000 characters) is out of range" + SCALES)),
    "hex-emotion": (a_map(emotion="0x" + "F" * 5000),
                    (12, 18, "V023", "number 0xFFFFFFFFFFFFFF… (5,002 characters) is out of range" + SCALES)),
    "octal-emotion": (a_map(emotion="0o" + "7" * 5000),
                      (12, 18, "V023", "number 0o77777777777777… (5,002 characters) is out of range" + SCALES)),
    "nan-score": (a_map(emotion="{score: .nan}"), (12, 26, "V023", "nan is not a number" + SCALES)),
    # A plain key is at most 1,024 characters in YAML: a longer one needs the explicit '?' form.
    "decimal-label-key": (a_map(scale=f"{{min: 1, max: 5, labels: {{? {DIGITS} : x}}}}"),
                          (5, 36, "V023", "number 9999999999999999… (5,000 characters) is out of range" + SCALES)),
    "hex-label-key": (a_map(scale=f"{{min: 1, max: 5, labels: {{? 0x{DIGITS} : x}}}}"),
                      (5, 36, "V023", "number 0x99999999999999… (5,002 characters) is out of range" + SCALES)),
    "inf-label-key": (a_map(scale="{min: 1, max: 5, labels: {.inf: x}}"),
                      (5, 34, "V023", "number inf is out of range" + SCALES)),
    "max-10**400": (a_map(scale="{min: 0, max: 1" + "0" * 400 + "}"),
                    (5, 22, "V023", "number 1000000000000000… (401 characters) is out of range" + SCALES)),
    "preset-0..10**400": (a_map(scale="0..1" + "0" * 400),
                          (5, 8, "V023", "number 1000000000000000… (401 characters) is out of range" + SCALES)),
    "preset-0..1e400": (a_map(scale="0..1e400"),
                        (5, 8, "V023", "scale '0..1e400' is not a range; write e.g. '1..5', '-2..2' or '1..10'")),
    "max-1e400": (a_map(scale="{min: 0, max: 1e400}"), (5, 22, "V023", "number 1e400 is out of range" + SCALES)),
    "max-inf": (a_map(scale="{min: 0, max: .inf}"), (5, 22, "V023", "number inf is out of range" + SCALES)),
    "max-nan": (a_map(scale="{min: 0, max: .nan}"), (5, 22, "V023", "nan is not a number" + SCALES)),
    "min-minus-inf": (a_map(scale="{min: -.inf, max: 5}"), (5, 14, "V023", "number -inf is out of range" + SCALES)),
    "neutral-inf": (a_map(scale="{min: 0, max: 5, neutral: .inf}"),
                    (5, 34, "V023", "number inf is out of range" + SCALES)),
    "max-10**309": (a_map(scale="{min: 0, max: 1" + "0" * 309 + "}"),
                    (5, 22, "V023", "number 1000000000000000… (310 characters) is out of range" + SCALES)),
    "min-minus-10**309": (a_map(scale="{min: -1" + "0" * 309 + ", max: 5}"),
                          (5, 14, "V023", "number -100000000000000… (311 characters) is out of range" + SCALES)),
    "actor-score": (a_map(extra="        actors: {kid: 1e400}\n"),
                    (13, 23, "V023", "number 1e400 is out of range" + SCALES)),
    "kpi-value": (a_map(extra="        kpis: [{name: K, value: 12345678901234567890}]\n"),
                  (13, 33, "V023", "number 12345678901234567890 is out of range" + KPIS)),
    "kpi-target": (a_map(extra="        kpis: [{name: K, target: -.inf}]\n"),
                   (13, 34, "V023", "number -inf is out of range" + KPIS)),
}


@pytest.mark.parametrize("content, expected", CASES.values(), ids=CASES.keys())
def test_an_absurd_number_is_one_problem_at_the_number(content: bytes, expected: tuple[int, int, str, str]) -> None:
    result = validate_bytes(content, "map.yaml", Path("."))
    assert [(p.location.line, p.location.column, p.code, p.message) for p in result.problems] == [expected]
    assert result.journey is None


@pytest.fixture(scope="module")
def case_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("numbers")
    for name, (content, _) in CASES.items():
        (folder / f"{name}.yaml").write_bytes(content)
    return {name: str(folder / f"{name}.yaml") for name in CASES}


@pytest.mark.parametrize("command", [["validate"], ["lint"], ["score"], ["score", "--format", "json"],
                                     ["score", "--format", "markdown"]], ids=" ".join)
def test_every_command_reports_the_problems_and_exits_1(command: list[str], case_files: dict[str, str]) -> None:
    # All files at once: enough of them that the run is spread over worker processes, as in real use.
    env = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "PY_COLORS")}
    result = subprocess.run([sys.executable, "-m", "cjmap", *command, *case_files.values()], capture_output=True,
                            text=True, timeout=120, check=False, env={**env, "NO_COLOR": "1"})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "internal error" not in output
    if "json" in command:
        problems = {(p["file"], p["line"], p["column"], p["code"]) for p in json.loads(result.stdout)["problems"]}
        assert problems == {(case_files[name], *where) for name, (_, (*where, _)) in CASES.items()}
    else:
        for name, (_, (line, column, code, _)) in CASES.items():
            assert f"{case_files[name]}:{line}:{column}" in output and code in output, name


FINE = a_map(scale="{min: -1000000, max: 1000000, neutral: 0.5, labels: {-1000000: low, 1000000: high}}",
             emotion="999999.5",
             extra="        kpis: [{name: K, value: 1000000000000000, target: -1e15}, {name: L, value: 0x0000ff}]\n")


def test_big_but_fine_numbers_still_validate() -> None:
    result = validate_bytes(FINE, "map.yaml", Path("."))
    assert result.problems == [] and result.journey is not None
    assert (result.journey.scale.min, result.journey.scale.max) == (-SCALE_LIMIT, SCALE_LIMIT)
    kpis = result.journey.stages[0].steps[0].kpis
    assert [(kpi.value, kpi.target) for kpi in kpis] == [(MEASURE_LIMIT, -1e15), (255, None)]
    assert type(kpis[0].value) is int


def test_the_limits_are_inclusive_and_one_past_them_is_not() -> None:
    assert Scale(min=-SCALE_LIMIT, max=SCALE_LIMIT).max == SCALE_LIMIT
    with pytest.raises(ValueError, match="number 1000001 is out of range"):
        Scale(min=0, max=SCALE_LIMIT + 1)
    with pytest.raises(ValueError, match="KPI numbers lie within"):
        JourneyMap.model_validate({"cjmap": 1, "id": "m", "title": "M", "type": "current-state", "stages": [
            {"id": "a", "name": "A", "steps": [{"id": "s", "name": "S", "kpis": [{"name": "K", "value": 1e16}]}]}]})


@pytest.mark.parametrize("text", ["9" * 5000, "0x" + "F" * 5000, "0o" + "7" * 5000, "-" + "1" * 5000,
                                  "1" * (MAX_INTEGER_DIGITS + 1), "1e400", "-1e400", "1" * 400 + ".5"])
def test_the_loader_keeps_a_number_too_long_to_use_as_a_named_float(text: str) -> None:
    value = resolve_plain(text)
    assert isinstance(value, NamedFloat) and value.text == text
    assert (value < 0) == text.startswith("-")


def test_integers_up_to_the_digit_limit_stay_exact_ints() -> None:
    longest = "9" * MAX_INTEGER_DIGITS
    assert resolve_plain(longest) == int(longest) and type(resolve_plain(longest)) is int
    assert resolve_plain("-" + "0" * 40 + "7") == -7  # leading zeros are not digits that count
    assert resolve_plain("0x" + "0" * 40 + "ff") == 255


def test_a_named_float_prints_shortened_and_answers_to_its_name() -> None:
    value = resolve_plain(DIGITS)
    assert str(value) == repr(value) == "9999999999999999… (5,000 characters)"
    assert value == "9999999999999999… (5,000 characters)" and {value: 1}[str(value)] == 1
    assert value == resolve_plain(DIGITS) and value != resolve_plain("8" + DIGITS[1:])


def test_float_keys_are_located_where_written_and_compare_by_value() -> None:
    result = validate_bytes(a_map(scale="{min: 1, max: 5, labels: {2.5: x}}"), "map.yaml", Path("."))
    assert [(p.location.line, p.location.column, p.code) for p in result.problems] == [(5, 34, "V023")]
    document = load(b"a: {2.5: x, 2.50: y, .inf: z, +.Inf: w}\n", "f.yaml")
    assert [(p.location.column, p.message) for p in document.problems] == [
        (13, "duplicate key 2.5: first defined at line 1, column 5"),
        (31, "duplicate key inf: first defined at line 1, column 22")]
