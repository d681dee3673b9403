"""How much of a question the best passages cover: the signal behind refusals.

Bigrams weighted by IDF: a question about "thuế thu nhập" shares only common bigrams
("cá nhân", "tiền thưởng") with the law, and its rare ones are nowhere in the corpus.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cache
from importlib import resources

from corpus.text import expand_abbreviations, fold, syllables

__all__ = ["coverage", "mentions_domain", "passage_bigrams", "question_bigrams", "tokens_known"]

# Words of conversation, not of content: bigrams with them say nothing about the topic.
_CHAT = frozenset(fold(w) for w in (
    "em anh chị tôi mình bạn ạ nhé ơi vậy thế hỏi xin cho cần muốn biết giúp với là gì nào sao "
    "thì có không được của và các những này đó rồi nhưng nếu khi mà thưa dạ ai bao nhiêu như thế "
    "nào đâu hả chưa đã sẽ đang lại cũng vì nên thôi vâng ok"
).split())


def question_bigrams(text: str) -> set[str]:
    words = [fold(w) for w in syllables(text)]
    out = set()
    for a, b in zip(words, words[1:], strict=False):
        if a in _CHAT or b in _CHAT or a.isdigit() or b.isdigit():
            continue
        out.add(f"{a}_{b}")
    return out


def passage_bigrams(texts: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for text in texts:
        words = [fold(w) for w in syllables(text)]
        out.update(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False))
    return out


def coverage(question: str, passages: Iterable[str], bigram_df: dict[str, int], n_chunks: int) -> float:
    """Share of the IDF mass of the question's bigrams that the passages contain."""
    q = question_bigrams(question)
    if not q:
        return 0.0
    seen = passage_bigrams(passages)
    n = max(n_chunks, 1)

    def idf(b: str) -> float:
        df = bigram_df.get(b, 0)
        return math.log((n - df + 0.5) / (df + 0.5) + 1)

    total = sum(idf(b) for b in q)
    matched = sum(idf(b) for b in q if b in seen)
    return min(1.0, matched / max(total, 1e-9))


@cache
def _domain_terms() -> tuple[str, ...]:
    data = resources.files("assistant").joinpath("data/domain_terms.txt").read_text("utf-8")
    return tuple(line.strip() for line in data.splitlines() if line.strip() and not line.startswith("#"))


def mentions_domain(question: str) -> bool:
    """Does the question name a concept of emulation and commendation (any spelling)?"""
    padded = " " + " ".join(fold(w) for w in syllables(expand_abbreviations(question))) + " "
    return any(f" {term} " in padded for term in _domain_terms())


def tokens_known(question: str, bigram_df: dict[str, int]) -> float:
    """Share of the question's content bigrams that occur anywhere in the corpus."""
    q = question_bigrams(question)
    if not q:
        return 0.0
    return sum(1 for b in q if b in bigram_df) / len(q)

