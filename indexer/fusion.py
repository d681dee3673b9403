"""How a sparse and a dense ranking become one, when reciprocal ranks are not enough.

RRF (Qdrant's default) gives every rank the same weight whatever the scores say, and its fused
scores are nearly flat (1/61 … 1/120), so a reranker that reads them loses the keyword evidence.
Weighted fusion keeps the keyword score as it is and lets the dense model break ties: on the
evaluation's dev split it beat RRF and DBSF with both the trained model and MiniLM
(`python -m evals.dense_compare`).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

__all__ = ["weighted_fusion"]

K = TypeVar("K", bound=Hashable)


def weighted_fusion(sparse: Sequence[tuple[K, float]], dense: Sequence[tuple[K, float]], *, weight: float,
                    limit: int) -> list[tuple[K, float]]:
    """sparse / best sparse + weight × dense scaled to [0, 1] over the dense list; a missing score counts 0.

    Both lists are best first, as a search returns them.
    """
    if weight < 0:
        raise ValueError(f"weight must be >= 0, got {weight}")
    fused: dict[K, float] = {}
    best = max((s for _, s in sparse), default=0.0)
    for key, score in sparse:
        fused[key] = score / best if best > 0 else 0.0
    if dense:
        high, low = max(s for _, s in dense), min(s for _, s in dense)
        span = high - low
        for key, score in dense:
            fused[key] = fused.get(key, 0.0) + weight * ((score - low) / span if span > 0 else 1.0)
    return sorted(fused.items(), key=lambda kv: kv[1], reverse=True)[:limit]
