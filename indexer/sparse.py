"""Sparse vectors for Vietnamese: syllables + syllable bigrams, with and without diacritics.

Document values are BM25 term-frequency saturations; Qdrant's IDF modifier supplies the
IDF at query time, so the dot product is BM25.
"""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass

from corpus.text import expand_abbreviations, fold, syllables
from indexer.settings import IndexSettings

__all__ = ["SparseEncoder", "SparseVector"]


@dataclass(frozen=True, slots=True)
class SparseVector:
    indices: list[int]
    values: list[float]


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8"))


# Function words that carry no meaning on their own; they still count inside bigrams.
_STOP = frozenset(
    "và của các cho theo được là có không những này đó với trong tại từ đến thì mà hoặc khi "
    "về do để như sau đây một số bị ra trên dưới nếu ai gì nào sao bao nhiêu thế ạ nhé vậy "
    "tôi em anh chị mình chúng ta hỏi cần muốn xin".split()
)
_STOP_FOLDED = frozenset(fold(w) for w in _STOP)


class SparseEncoder:
    """Turns text into hashed features; the same code for documents and questions."""

    def __init__(self, *, k1: float = 1.2, b: float = 0.3, bigram_weight: float = 1.0,
                 accent_weight: float = 1.0, trigrams: bool = False) -> None:
        if k1 <= 0 or not 0 <= b <= 1:
            raise ValueError(f"bad BM25 parameters k1={k1}, b={b}: need k1 > 0 and 0 <= b <= 1")
        self.k1 = k1
        self.b = b
        self.bigram_weight = bigram_weight
        self.accent_weight = accent_weight
        self.trigrams = trigrams

    @classmethod
    def from_settings(cls, settings: IndexSettings) -> SparseEncoder:
        return cls(k1=settings.bm25_k1, b=settings.bm25_b, trigrams=settings.sparse_trigrams)

    def features(self, text: str) -> Counter[str]:
        words = syllables(expand_abbreviations(text))
        folded = [fold(w) for w in words]
        feats: Counter[str] = Counter()
        for seq, tag in ((words, "a"), (folded, "f")):
            stop = _STOP if tag == "a" else _STOP_FOLDED
            for w in seq:
                if w not in stop:
                    feats[f"{tag}1:{w}"] += 1
            for w1, w2 in zip(seq, seq[1:], strict=False):
                feats[f"{tag}2:{w1}_{w2}"] += 1
            if self.trigrams:
                for w1, w2, w3 in zip(seq, seq[1:], seq[2:], strict=False):
                    feats[f"{tag}3:{w1}_{w2}_{w3}"] += 1
        return feats

    def length(self, text: str) -> int:
        return len(syllables(text))

    def encode_document(self, text: str, avgdl: float) -> SparseVector:
        feats = self.features(text)
        dl = max(1, self.length(text))
        norm = self.k1 * (1 - self.b + self.b * dl / max(avgdl, 1.0))
        merged: dict[int, float] = {}
        for feat, tf in feats.items():
            value = tf * (self.k1 + 1) / (tf + norm)
            idx = _hash(feat)
            merged[idx] = max(merged.get(idx, 0.0), value)
        return SparseVector(list(merged), list(merged.values()))

    def encode_query(self, text: str) -> SparseVector:
        feats = self.features(text)
        merged: dict[int, float] = {}
        for feat in feats:
            weight = self.bigram_weight if feat[1] in "23" else 1.0
            if feat[0] == "a":
                weight *= self.accent_weight
            idx = _hash(feat)
            merged[idx] = max(merged.get(idx, 0.0), weight)
        return SparseVector(list(merged), list(merged.values()))
