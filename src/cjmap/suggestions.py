"""Did-you-mean: the known word closest to a misspelt one, for hints.

Comparing a word with every known word (``difflib.get_close_matches`` over all of them) is quadratic when a
map names thousands of unknown ids among thousands of known ones. :class:`Suggestions` indexes the known words
by their trigrams and compares a word only with the few that share its rarer trigrams, so each lookup costs
about the same however many words are known. Small sets are compared whole, exactly as difflib would; and
among the candidates, :func:`closest_of` computes difflib's costly ratio only for those whose cheap upper bound
could still beat the best found, with the result ``get_close_matches`` gives.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable

CUTOFF = 0.6
"""How alike (difflib's ratio) a known word must be to be suggested."""
WHOLE = 64
"""Up to this many known words, a lookup compares with all of them."""
COMMON = 64
"""A trigram shared by more known words than this says little about which one was meant: it is not looked up."""
CANDIDATES = 12
"""Known words sharing the most trigrams with the word, compared with it by difflib."""


def _trigrams(word: str) -> set[str]:
    padded = f"\x00{word.casefold()}\x00"
    return {padded[at:at + 3] for at in range(len(padded) - 2)}


class Suggestions:
    """The known words, indexed for :meth:`closest`."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = list(dict.fromkeys(words))  # ordered and deduplicated
        self.index: dict[str, list[int]] | None = None  # built on the first lookup in a large set

    def closest(self, word: str) -> str | None:
        """The known word most like ``word`` (difflib's ratio at least :data:`CUTOFF`), or None."""
        return closest_of(word, self._candidates(word))

    def _candidates(self, word: str) -> list[str]:
        if len(self.words) <= WHOLE:
            return self.words
        index = self._index()
        postings = sorted((index[gram] for gram in _trigrams(word) if gram in index), key=len)
        shared: Counter[int] = Counter()
        for posting in postings:
            if len(posting) > COMMON and shared:
                break
            shared.update(posting[:COMMON])  # the rarest trigram, even when common, bounds the work
        return [self.words[number] for number, _ in shared.most_common(CANDIDATES)]

    def _index(self) -> dict[str, list[int]]:
        if self.index is None:
            self.index = {}
            for number, known in enumerate(self.words):
                for gram in _trigrams(known):
                    self.index.setdefault(gram, []).append(number)
        return self.index


def closest_of(word: str, candidates: Iterable[str]) -> str | None:
    """What ``difflib.get_close_matches(word, candidates, n=1, cutoff=CUTOFF)`` returns (the highest ratio, the
    greater word on a tie), with the full ratio computed for as few candidates as possible: in the order of
    difflib's upper bound (``quick_ratio``), stopping once no bound left can beat the best ratio found."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    bounded: list[tuple[float, str]] = []
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= CUTOFF and (bound := matcher.quick_ratio()) >= CUTOFF:
            bounded.append((bound, candidate))
    bounded.sort(reverse=True)
    best: tuple[float, str] | None = None
    for bound, candidate in bounded:
        if best is not None and (bound, candidate) <= best:
            break  # every candidate left is bounded below the best, or ties it with a lesser word
        matcher.set_seq1(candidate)
        if (score := matcher.ratio()) >= CUTOFF and (best is None or (score, candidate) > best):
            best = (score, candidate)
    return best[1] if best is not None else None


def did_you_mean(word: str, words: Iterable[str]) -> str | None:
    """The hint ``did you mean 'x'?`` for ``word`` among ``words``, or None when none is close."""
    close = Suggestions(words).closest(word)
    return f"did you mean {close!r}?" if close is not None else None
