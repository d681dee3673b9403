"""Settings of the corpus stage (env vars TDKT_*)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["CorpusSettings"]


class CorpusSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TDKT_", extra="ignore")

    docs_dirs: list[Path] = Field(default_factory=list)  # folders (or files) to index
    catalog_files: list[Path] = Field(default_factory=list)  # extra facts: JSON like corpus/data/catalog.json
