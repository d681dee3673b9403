"""Indexer stage: chunks, Vietnamese sparse and dense vectors, Qdrant."""

from indexer.build import IngestReport, bigrams, ingest
from indexer.chunk import chunk_document
from indexer.dense import CrossReranker, Embedder, model_id, resolve_model
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
    "Searcher",
    "SparseEncoder",
    "SparseVector",
    "Store",
    "StoreUnavailable",
    "StoreWriteError",
    "TrainReport",
    "bigrams",
    "chunk_document",
    "ingest",
    "model_id",
    "resolve_model",
    "train_embedding",
]
