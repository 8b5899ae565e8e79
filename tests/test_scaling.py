"""Validate, lint and score stay linear: per-step time at 10,000 steps within 3x of that at 1,000 steps.

A quadratic check (membership in a list of every id, a hint listing every id per problem) makes the ratio
about 10 once it dominates; the margin of 3 leaves room for timing noise and cache effects. Times are CPU
times (best of three, cycle collector paused), so a busy machine does not read as poor scaling.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SMALL, LARGE = 1_000, 10_000
MARGIN = 3.0


def _scaling_module() -> ModuleType:
    """benchmarks/scaling.py, loaded by path: the benchmarks folder is not a package."""
    path = Path(__file__).parents[1] / "benchmarks" / "scaling.py"
    spec = importlib.util.spec_from_file_location("cjmap_bench_scaling", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


scaling = _scaling_module()


@pytest.fixture(scope="module")
def valid_maps() -> list[Any]:
    """Per-step times of validate, lint and score on the valid lean map (measured once for the module)."""
    return list(scaling.measure(SMALL, LARGE, repeat=3))


@pytest.mark.parametrize("analysis", ["validate", "lint", "score"])
def test_per_step_time_stays_flat(valid_maps: list[Any], analysis: str) -> None:
    found = next(item for item in valid_maps if item.analysis == analysis)
    assert found.ratio <= MARGIN, (f"{analysis}: {found.small_us:.1f} us/step at {SMALL:,} steps, "
                                   f"{found.large_us:.1f} us/step at {LARGE:,} steps")


def test_broken_references_stay_linear() -> None:
    # Every reference misses: each one used to be compared with every known id for a did-you-mean hint.
    (found,) = scaling.measure(SMALL, LARGE, repeat=2, broken=True)
    assert found.ratio <= MARGIN, (f"{found.small_us:.1f} us/step at {SMALL:,} steps, "
                                   f"{found.large_us:.1f} us/step at {LARGE:,} steps")


def test_the_lean_maps_are_what_the_figures_claim() -> None:
    from cjmap.validation.validator import validate_bytes

    valid = validate_bytes(scaling.generate_lean_map(20).encode(), "lean.yaml", Path.cwd())
    assert valid.valid and valid.journey is not None
    assert sum(len(stage.steps) for stage in valid.journey.stages) == 20
    broken = validate_bytes(scaling.generate_lean_map(20, broken=True).encode(), "lean.yaml", Path.cwd())
    # Twenty unknown channels and ten unknown pain points: one problem per reference.
    assert sorted({problem.code for problem in broken.problems}) == ["V031"]
    assert len(broken.problems) == 30


def test_hints_stay_short_however_many_ids_are_known() -> None:
    from cjmap.validation.validator import validate_bytes

    broken = validate_bytes(scaling.generate_lean_map(1_000, broken=True).encode(), "lean.yaml", Path.cwd())
    hints = {problem.hint for problem in broken.problems if "pain point" in problem.message}
    # Every broken reference is one digit off a known id: each gets its own did-you-mean, found in the index.
    assert len(hints) > 400
    assert all((hint or "").startswith("did you mean 'pain-") for hint in hints)


def test_far_off_references_list_the_first_known_ids() -> None:
    from cjmap.validation.validator import validate_bytes

    text = scaling.generate_lean_map(1_000, broken=True).replace("addresses: pain-2x}", "addresses: zzzzzzzz}", 1)
    broken = validate_bytes(text.encode(), "lean.yaml", Path.cwd())
    listing = ("known pain points: " + ", ".join(sorted(f"pain-{n}" for n in range(0, 1_000, 2))[:20])
               + " and 480 more")
    assert [problem.hint for problem in broken.problems if "'zzzzzzzz'" in problem.message] == [listing]
