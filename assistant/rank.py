"""The one ranking: a weighted sum of each candidate's features, the weights fitted (not chosen by hand).

`tdkt search`, the web search and the answers all rank with :func:`rank`. The weights live in
``assistant/data/rank_weights.json`` with how they were fitted (``python -m evals.fit_rank``): one
set for an index with dense vectors, one for keyword-only retrieval.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from assistant.features import FEATURES, Candidate, Scored, feature_vectors
from assistant.query import QueryPlan
from corpus import Catalog
from indexer import Chunk, Hit

__all__ = ["RankModel", "RankWeights", "Ranked", "group_articles", "rank", "rerank"]


@dataclass(frozen=True, slots=True)
class RankModel:
    """Feature weights for an index with dense vectors and for keyword-only retrieval."""

    dense: Mapping[str, float]
    keyword_only: Mapping[str, float]
    fitted: Mapping[str, object] = field(default_factory=dict)

    @classmethod
    @cache
    def shipped(cls) -> RankModel:
        data = resources.files("assistant").joinpath("data/rank_weights.json").read_text("utf-8")
        return cls.from_json(json.loads(data))

    @classmethod
    def from_json(cls, obj: Mapping[str, object]) -> RankModel:
        def weights(key: str) -> dict[str, float]:
            raw = obj.get(key)
            if not isinstance(raw, Mapping):
                raise ValueError(f"rank weights: {key!r} must map feature names to numbers")
            unknown = set(raw) - set(FEATURES)
            if unknown:
                raise ValueError(f"rank weights: unknown features {sorted(unknown)}")
            return {f: float(raw.get(f, 0.0)) for f in FEATURES}

        fitted = obj.get("fitted")
        return cls(weights("dense"), weights("keyword_only"), dict(fitted) if isinstance(fitted, Mapping) else {})

    def to_json(self) -> dict[str, object]:
        return {"features": list(FEATURES), "dense": dict(self.dense), "keyword_only": dict(self.keyword_only),
                "fitted": dict(self.fitted)}

    def weights_for(self, dense: bool) -> Mapping[str, float]:
        return self.dense if dense else self.keyword_only


RankWeights = RankModel  # the former name


@dataclass(frozen=True, slots=True)
class Ranked:
    chunk: Chunk
    score: float  # exp(linear score − the best one): 1.0 for the top candidate, ratios compare
    status: str  # on the plan's date
    base: float  # 1.0 for a passage the question names, else its relative keyword score
    features: tuple[float, ...] = ()  # in the order of assistant.features.FEATURES, for --explain
    linear: float = 0.0  # the weighted sum itself

    def breakdown(self, model: RankModel | None = None, dense: bool = True) -> list[tuple[str, float, float]]:
        """(feature, value, value × weight) for the features that contribute, largest contribution first."""
        w = (model or RankModel.shipped()).weights_for(dense)
        rows = [(f, v, v * w[f]) for f, v in zip(FEATURES, self.features, strict=True) if v]
        return sorted(rows, key=lambda r: -abs(r[2]))


def linear_scores(scored: Sequence[Scored], weights: Mapping[str, float]) -> list[float]:
    w = [weights[f] for f in FEATURES]
    return [sum(a * b for a, b in zip(w, s.values, strict=True)) for s in scored]


def rank(plan: QueryPlan, candidates: Sequence[Candidate], catalog: Catalog,
         model: RankModel | None = None) -> list[Ranked]:
    """Candidates best first by the fitted scoring function."""
    model = model or RankModel.shipped()
    scored = feature_vectors(plan, candidates, catalog)
    if not scored:
        return []
    has_dense = any(c.dense is not None for c in candidates)
    linear = linear_scores(scored, model.weights_for(has_dense))
    top = max(linear)
    out = [Ranked(s.candidate.chunk, math.exp(x - top), s.status,
                  1.0 if s.candidate.reference else s.values[0], s.values, x)
           for s, x in zip(scored, linear, strict=True)]
    out.sort(key=lambda r: r.score, reverse=True)
    return out


def rerank(plan: QueryPlan, hits: Sequence[Hit], catalog: Catalog, model: RankModel | None = None) -> list[Ranked]:
    """Rank search hits as they are (no references or amendments added)."""
    return rank(plan, [Candidate(h.chunk, h.sparse if h.sparse is not None else h.score, h.dense) for h in hits],
                catalog, model)


def group_articles(ranked: list[Ranked]) -> list[list[Ranked]]:
    """Chunks grouped by (document, article), groups in order of their best chunk."""
    groups: dict[tuple[str, str], list[Ranked]] = {}
    for r in ranked:
        key = (r.chunk.doc_number, r.chunk.article or r.chunk.id)
        groups.setdefault(key, []).append(r)
    return list(groups.values())
