"""Query the index: sparse always, dense fused by RRF when a model is configured."""

from __future__ import annotations

import logging

from indexer.dense import Embedder
from indexer.records import Hit
from indexer.sparse import SparseEncoder
from indexer.store import Store

__all__ = ["Searcher"]

logger = logging.getLogger(__name__)


class Searcher:
    """Ranked chunks for a text query; holds the store, the encoder and the model."""

    def __init__(self, store: Store, *, encoder: SparseEncoder | None = None,
                 embedder: Embedder | None = None, prefetch: int = 100) -> None:
        if prefetch < 1:
            raise ValueError(f"prefetch must be >= 1, got {prefetch}")
        self.store = store
        self.encoder = encoder or SparseEncoder()
        self.embedder = embedder
        self.prefetch = prefetch

    def candidates(self, query: str, k: int, *, dense_query: str | None = None) -> list[Hit]:
        """Keyword top ``k`` and dense top ``k`` (unfused, both scores on each hit), for a ranking to order.

        ``dense_query`` is what the dense model reads (the question as asked; keywords may add law wording).
        """
        if k < 1:
            raise ValueError(f"k must be >= 1, got {k}")
        sparse = self.encoder.encode_query(query)
        dense = self.embedder.encode_query(dense_query or query) if self.embedder is not None else None
        if not sparse.indices and dense is None:
            return []
        return self.store.candidates(sparse, dense, limit=k)

    def search(self, query: str, k: int = 10, *, use_dense: bool = True) -> list[Hit]:
        if k < 1:
            raise ValueError(f"k must be >= 1, got {k}")
        sparse = self.encoder.encode_query(query)
        if not sparse.indices:
            return []
        dense = self.embedder.encode_query(query) if self.embedder and use_dense else None
        return self.store.search(sparse, dense, limit=k, prefetch=max(self.prefetch, k))
