"""Query the index: sparse always, dense fused by RRF when a model is configured."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from indexer.dense import Embedder
from indexer.records import Hit
from indexer.sparse import SparseEncoder, SparseVector
from indexer.store import Store

__all__ = ["Searcher"]

logger = logging.getLogger(__name__)


class Searcher:
    """Ranked chunks for a text query; holds the store, the encoder and the model.

    ``query_cache``: how many query vectors to keep, least recently used out first (0: none). People of one
    training session ask the same questions, and one answer may search again for the same question at
    another date; a kept vector saves the dense model's whole run. ``functools.lru_cache`` is thread-safe.
    """

    def __init__(self, store: Store, *, encoder: SparseEncoder | None = None,
                 embedder: Embedder | None = None, prefetch: int = 100, query_cache: int = 0) -> None:
        if prefetch < 1:
            raise ValueError(f"prefetch must be >= 1, got {prefetch}")
        if query_cache < 0:
            raise ValueError(f"query_cache must be >= 0, got {query_cache}")
        self.store = store
        self.encoder = encoder or SparseEncoder()
        self.embedder = embedder
        self.prefetch = prefetch
        self.query_cache = query_cache
        self._cached: functools._lru_cache_wrapper[tuple[float, ...]] | None = (
            functools.lru_cache(maxsize=query_cache)(self._embed) if query_cache and embedder is not None else None)
        self.query_vector: Callable[[str], tuple[float, ...]] = self._cached or self._embed
        # The keyword side too: an answer searches once with the dense model and once without (the scope
        # gate), and a long story's keyword vector is not free either.
        self._sparse_cached: functools._lru_cache_wrapper[SparseVector] | None = (
            functools.lru_cache(maxsize=query_cache)(self.encoder.encode_query) if query_cache else None)
        self.sparse_vector: Callable[[str], SparseVector] = self._sparse_cached or self.encoder.encode_query

    def _embed(self, text: str) -> tuple[float, ...]:
        """The dense model's vector for a query (a tuple: a kept vector is shared, so it must not change)."""
        if self.embedder is None:
            raise ValueError("no dense model configured")
        return tuple(self.embedder.encode_query(text))

    def clear_query_cache(self) -> None:
        """Forget the kept query vectors (a benchmark of questions never asked before starts from none)."""
        if self._cached is not None:
            self._cached.cache_clear()
        if self._sparse_cached is not None:
            self._sparse_cached.cache_clear()

    def query_cache_info(self) -> tuple[int, int]:
        """(hits, misses) of the query-vector cache so far."""
        if self._cached is None:
            return 0, 0
        info = self._cached.cache_info()
        return info.hits, info.misses

    def candidates(self, query: str, k: int, *, dense_query: str | None = None, use_dense: bool = True,
                   also: str = "") -> list[Hit]:
        """Keyword top ``k`` and dense top ``k`` (unfused, both scores on each hit), for a ranking to order.

        ``dense_query`` is what the dense model reads (the question as asked; keywords may add law wording).
        ``use_dense=False``: the keyword top ``k`` alone, as without a dense model. ``also``: a second
        keyword query (the sentences of a long story that ask) whose top ``k`` join, each hit with its score.
        """
        if k < 1:
            raise ValueError(f"k must be >= 1, got {k}")
        sparse = self.sparse_vector(query)
        dense = self.query_vector(dense_query or query) if self.embedder is not None and use_dense else None
        if not sparse.indices and dense is None:
            return []
        extra = self.sparse_vector(also) if also else None
        return self.store.candidates(sparse, dense, limit=k, also=extra if extra and extra.indices else None)

    def search(self, query: str, k: int = 10, *, use_dense: bool = True) -> list[Hit]:
        if k < 1:
            raise ValueError(f"k must be >= 1, got {k}")
        sparse = self.sparse_vector(query)
        if not sparse.indices:
            return []
        dense = self.query_vector(query) if self.embedder and use_dense else None
        return self.store.search(sparse, dense, limit=k, prefetch=max(self.prefetch, k))
