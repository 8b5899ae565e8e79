"""Fuzzing: thousands of mutated maps through validate, lint and score, in process; none may crash.

Deterministic (a fixed seed) and bounded (a fixed number of maps, well under a minute on two cores). The seeds
and mutations are in tests/fuzzing.py (shared with tests/test_fuzz_commands.py, which runs every command).
Every outcome must be problems with a real location and a known code. The crashes the fuzzer found are kept below as explicit
regression cases.
"""

from __future__ import annotations

import random
import traceback
from pathlib import Path
from typing import Any

import pytest
from fuzzing import mutate, seeds

from cjmap.codes import CODE_BY_ID
from cjmap.discovery import ConfigChoice
from cjmap.lint.engine import Linter, LintSettings
from cjmap.loader import LoadError, decode
from cjmap.problem import Problem
from cjmap.score.metrics import score_map
from cjmap.validation.validator import validate_bytes

SEED = 20261001
MAPS = 4_000
"""Mutated maps per run: about 6 s of CPU on a two-core machine (the budget is 60 s, also on a busy one)."""


def check(content: bytes, base_dir: Path, linter: Linter) -> list[Problem]:
    """Validate, lint and (for valid maps) score ``content``; returns every problem and raises on a crash."""
    result = validate_bytes(content, "fuzz.yaml", base_dir)
    try:
        text: str | None = decode(content, "fuzz.yaml")
    except LoadError:
        text = None
    problems = linter.lint(result, text).problems
    if result.valid and result.journey is not None:
        score_map(result.journey, "fuzz.yaml")
    return problems


def wrong_problems(problems: list[Problem], rule_codes: set[str]) -> list[str]:
    """What is wrong with the problems reported: unlocated ones, unknown codes."""
    wrong = []
    for problem in problems:
        if problem.location.line < 1 or problem.location.column < 1:
            wrong.append(f"unlocated: {problem}")
        if problem.code not in CODE_BY_ID and problem.code not in rule_codes:
            wrong.append(f"unknown code: {problem}")
    return wrong


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(LintSettings(config=ConfigChoice(use=False)))


def test_mutated_maps_never_crash(linter: Linter) -> None:
    rng = random.Random(SEED)
    corpus = seeds()
    rule_codes = set(linter.rules)
    failures: list[str] = []
    for number in range(MAPS):
        path, seed_text = rng.choice(corpus)
        text = mutate(seed_text, rng)
        encoding = "utf-16" if path.name == "utf16.yaml" and rng.random() < 0.5 else "utf-8"
        try:
            content = text.encode(encoding, errors="surrogatepass")
            problems = check(content, path.parent, linter)
        except Exception:  # noqa: BLE001 - every crash is collected, with the map that caused it
            failures.append(f"map {number} (from {path.name}) crashed:\n{traceback.format_exc(limit=-3)}"
                            f"map text: {text[:500]!r}")
            continue
        failures += [f"map {number} (from {path.name}): {line}" for line in wrong_problems(problems, rule_codes)]
    assert not failures, f"{len(failures)} failures; the first:\n" + "\n\n".join(failures[:3])


# Hand-made cases in the fuzzer's families (numbers beyond float range, odd keys, paths, dates, suppression
# comments). The seeded run found no crash once number handling moved into loader/model; these keep the
# riskiest shapes pinned even if the random mutations drift away from them.
MINIMAL = "cjmap: 1\nid: m\ntitle: M\ntype: current-state\n"
HUGE = "9" * 5_000


def _step(fields: str, scale: str = "") -> str:
    return MINIMAL + scale + f"stages:\n- id: a\n  name: A\n  steps:\n  - {{id: s, name: S, {fields}}}\n"


REGRESSIONS: list[Any] = [
    pytest.param(_step("emotion: 1e400"), id="emotion-1e400"),
    pytest.param(_step("emotion: .nan"), id="emotion-nan"),
    pytest.param(_step(f"emotion: {HUGE}"), id="emotion-5000-digits"),
    pytest.param(_step("emotion: -0.0}\n  - {id: t, name: T, emotion: 1e-400"), id="emotion-negative-zero"),
    pytest.param(_step(f"kpis: [{{name: k, value: {HUGE}, target: .inf}}]"), id="kpi-5000-digits"),
    pytest.param(_step("kpis: [{name: k, value: .nan, target: -.inf}]"), id="kpi-nan"),
    pytest.param(_step("emotion: 2, actors: {a: .nan}", "actors: {a: A}\n"), id="actor-emotion-nan"),
    pytest.param(MINIMAL + "scale: {min: -.inf, max: .inf}\nstages: []\n", id="scale-inf"),
    pytest.param(MINIMAL + f"scale: {{min: 1, max: {HUGE}}}\nstages: []\n", id="scale-5000-digits"),
    pytest.param(MINIMAL + f"scale: {{min: 1, max: 5, labels: {{{HUGE}: x}}}}\nstages: []\n", id="label-key-huge"),
    pytest.param(MINIMAL + "scale: {min: 1, max: 5, labels: {.nan: x, .inf: y}}\nstages: []\n", id="label-key-nan"),
    pytest.param(MINIMAL + "scale: {min: 1, max: 5, neutral: .nan}\nstages: []\n", id="neutral-nan"),
    pytest.param(MINIMAL + "reviewed: 2026-02-30\nstages: []\n", id="date-invalid"),
    pytest.param(MINIMAL + "reviewed: 0001-01-01\nstages: []\n", id="date-year-one"),
    pytest.param(MINIMAL + f"{HUGE}: x\nstages: []\n", id="key-5000-digits"),
    pytest.param(MINIMAL + ".nan: x\n~: y\nstages: []\n", id="key-nan-and-null"),
    pytest.param(MINIMAL + "[a]: x\nstages: []\n", id="key-list"),
    pytest.param(_step("true: 1"), id="key-bool-in-step"),
    pytest.param(MINIMAL + "channels: {1: Web}\nstages: []\n", id="channel-int-key"),
    pytest.param(MINIMAL + 'persona: "a\\0b"\nstages: []\n', id="persona-path-nul"),
    pytest.param(MINIMAL + "persona: " + "a" * 5_000 + "\nstages: []\n", id="persona-path-too-long"),
    pytest.param(MINIMAL + "persona: .\nbaseline: /\nstages: []\n", id="persona-and-baseline-folders"),
    pytest.param(MINIMAL + "stages: " + "[" * 70 + "]" * 70 + "\n", id="nesting-70"),
    pytest.param(MINIMAL + "stages: []  # cjmap: disable-line=\x85\n# cjmap: enable=\n", id="suppression-odd"),
    pytest.param(MINIMAL + 'title: "x\\ud800"\nstages: []\n', id="lone-surrogate-escape"),
]


@pytest.mark.parametrize("text", REGRESSIONS)
def test_reproducers_are_located_problems(text: str, linter: Linter, tmp_path: Path) -> None:
    problems = check(text.encode("utf-8"), tmp_path, linter)
    assert problems  # each case is wrong in some way: found and reported (exit 1), not crashed on
    assert wrong_problems(problems, set(linter.rules)) == []
