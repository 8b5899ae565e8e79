"""Did-you-mean (cjmap.suggestions): the same word difflib would suggest, for much less work."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from cjmap.suggestions import CUTOFF, WHOLE, Suggestions, closest_of, did_you_mean

# Short words over a small alphabet, so that many are alike and ties between equally close words are common.
WORDS = st.text(alphabet="abcde-01", min_size=0, max_size=9)


def difflibs(word: str, words: list[str]) -> str | None:
    found = difflib.get_close_matches(word, words, n=1, cutoff=CUTOFF)
    return found[0] if found else None


@settings(max_examples=400, deadline=None)
@given(WORDS, st.lists(WORDS, max_size=40, unique=True))
def test_closest_of_is_what_difflib_finds(word: str, words: list[str]) -> None:
    assert closest_of(word, words) == difflibs(word, words)


@settings(max_examples=200, deadline=None)
@given(WORDS, st.lists(WORDS, max_size=WHOLE, unique=True))
def test_a_small_set_is_compared_whole(word: str, words: list[str]) -> None:
    assert Suggestions(words).closest(word) == difflibs(word, words)


def test_a_tie_goes_to_the_greater_word_as_in_difflib() -> None:
    words = ["pain-a1", "pain-a2", "pain-a3"]
    assert difflibs("pain-a", words) == closest_of("pain-a", words) == "pain-a3"


def test_a_large_set_finds_the_misspelt_id() -> None:
    ids = [f"pain-s{stage}-{step}" for stage in range(100) for step in range(10)]
    suggestions = Suggestions(ids)
    assert [suggestions.closest(word) for word in ("pian-s42-7", "pain-s42-7x", "pains42-7", "nothing-alike")] == [
        "pain-s42-7", "pain-s42-7", "pain-s42-7", None]


def test_did_you_mean_words_the_hint() -> None:
    assert did_you_mean("validat", ["validate", "lint"]) == "did you mean 'validate'?"
    assert did_you_mean("zzz", ["validate", "lint"]) is None
