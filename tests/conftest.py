"""Shared paths and helpers: where the examples and fixtures live, and running the CLI in-process."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).parents[1]
EXAMPLES = REPO / "examples"
SCHEMAS = REPO / "schemas"
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = REPO.parent / "shared"
"""The shared folder beside the clone (corpus, style guide); tests that need it skip when it is absent."""

MINIMAL_MAP = "cjmap: 1\nid: m\ntitle: M\ntype: current-state\nstages: []\n"
"""The smallest valid map: five keys."""

CLEAN_MAP = """\
cjmap: 1
id: checkout
title: Online checkout
type: current-state
owner: shop-team
reviewed: 2026-10-01
persona: {name: Maya, goals: [Pay quickly]}
scope: {scenario: Maya pays, business_goals: [Faster checkout]}
channels: {web: Website}
stages:
  - id: pay
    name: Pay
    steps:
      - {id: card, name: Enters card details, channel: web, emotion: 4, research: [Test]}
"""
"""A valid map no lint rule flags (tests/test_entry_point.py keeps its own copy: it runs without this file)."""


def example_files() -> list[Path]:
    """Every example map and persona file."""
    return sorted(EXAMPLES.rglob("*.yaml"))


@dataclass
class CliResult:
    """What one run of ``cjmap`` did."""

    code: int
    stdout: str
    stderr: str


CliRunner = Callable[..., CliResult]


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts with an empty result cache of its own, outside the files it checks (see cjmap.cache)."""
    monkeypatch.setenv("CJMAP_CACHE_DIR", str(tmp_path_factory.mktemp("cjmap_cache")))


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> CliRunner:
    """Run ``cjmap.cli.main`` in this process with the given arguments (and stdin bytes), as a user would."""
    from cjmap.cli import main

    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")

    def run(*args: str, stdin: bytes | None = None) -> CliResult:
        monkeypatch.setattr(sys, "argv", ["cjmap", *args])
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        capsys.readouterr()
        code = main()
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    return run


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One headless Chromium (Playwright) for a test module; the test is skipped, with the reason, without one."""
    from browser_support import browser, chromium_missing

    if reason := chromium_missing():
        pytest.skip(reason)
    with browser() as instance:
        yield instance
