"""Suppressions look a violation's line up instead of scanning every span: same answers, linear time."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from cjmap.lint.suppression import Suppressions, scan

SELECTORS = ("S001", "S", "C002", "R", "stage-without-steps")


def brute_force(found: Suppressions, line: int, picks: Callable[[str], bool]) -> tuple[bool, set[tuple[int, str]]]:
    """What ``silences`` answered before the index: every span looked at, and the directives credited."""
    silenced, used = False, set[tuple[int, str]]()
    for span in found.spans:
        if span.first <= line <= span.last:
            named = [selector for selector in span.selectors if picks(selector)] if span.selectors else [""]
            if named:
                used.update((span.origin, selector) for selector in named)
                silenced = True
    return silenced, used


def random_text(rng: random.Random, lines: int) -> str:
    """A text mixing every kind of directive, overlapping blocks and plain lines."""
    out = []
    for number in range(lines):
        selectors = ",".join(rng.sample(SELECTORS, rng.randint(0, 2)))
        written = f"={selectors}" if selectors else ""
        out.append(rng.choice([
            f"k{number}: 1", f"k{number}: 1", f"k{number}: 1  # cjmap: disable-line{written}",
            f"# cjmap: disable-next-line{written}", f"# cjmap: disable{written}", f"# cjmap: enable{written}",
            f"# cjmap: disable-file{written}" if rng.random() < 0.1 else f"k{number}: 2",
        ]))
    return "\n".join(out)


def picks_s001(selector: str) -> bool:
    return selector.upper() in ("S", "S001", "STAGE-WITHOUT-STEPS")


def picks_r002(selector: str) -> bool:
    return selector.upper() in ("R", "R002")


def test_the_index_answers_as_a_scan_of_every_span_would() -> None:
    rng = random.Random(20261125)
    for _ in range(200):
        text = random_text(rng, 30)
        found, reference = scan(text), scan(text)
        for line in range(33):
            for picks in (picks_s001, picks_r002):
                silenced, used = brute_force(reference, line, picks)
                before = set(found.used)
                assert found.silences(line, picks) is silenced, (text, line)
                assert found.used - before <= used <= found.used, (text, line)


def test_silencing_is_linear_in_single_line_suppressions() -> None:
    def timed(lines: int) -> float:
        text = "\n".join(f"k{n}: 1  # cjmap: disable-line=S001" for n in range(1, lines + 1))
        best = float("inf")
        for _ in range(3):  # the best of three, so that a busy machine does not fail the test
            found = scan(text)
            start = time.perf_counter()
            assert all(found.silences(line, lambda selector: selector == "S001") for line in range(1, lines + 1))
            assert not found.unused(lambda selector: True)
            best = min(best, time.perf_counter() - start)
        return best

    small, large = timed(1000), timed(10000)
    # ten times the lines: scanning every span per violation would take a hundred times as long
    assert large < 30 * max(small, 0.002), (small, large)
