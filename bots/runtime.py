"""The long-lived objects of a process, built once from Settings: store, catalog, assistant, library."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from assistant import Assistant
from assistant.library import Library
from bots.settings import Settings
from corpus import Catalog
from indexer import CrossReranker, Embedder, SparseEncoder, Store

__all__ = ["Runtime", "make_embedder", "trained_model_dir"]

logger = logging.getLogger(__name__)


def trained_model_dir(settings: Settings) -> Path:
    """Where `tdkt embed train` writes its model."""
    return settings.data_dir / "models" / "tdkt-embed"


def make_embedder(settings: Settings) -> Embedder | None:
    """The configured model, else the one `tdkt embed train` wrote under the data directory."""
    model = settings.index.embedding_model
    trained = trained_model_dir(settings)
    if not model and (trained / "config_sentence_transformers.json").is_file():
        model = str(trained)
    if not model:
        return None
    return Embedder(model, query_prefix=settings.index.embedding_query_prefix,
                    passage_prefix=settings.index.embedding_passage_prefix,
                    segment=settings.index.embedding_segment, batch_size=settings.index.embedding_batch_size)


@dataclass
class Runtime:
    settings: Settings
    store: Store
    catalog: Catalog
    assistant: Assistant
    library: Library

    @classmethod
    def open(cls, settings: Settings, *, require_index: bool = True) -> Runtime:
        catalog = Catalog.builtin(settings.corpus.catalog_files)
        store = Store(settings.index, settings.data_dir)
        try:
            if not store.remote:  # this process holds the data directory: a crash's half-built generation goes
                store.drop_stale()
            if require_index:
                store.require_active()
            info = store.info()
            embedder = None
            if info is not None and info.dense_model:
                embedder = make_embedder(settings)
                if embedder is not None and embedder.name != info.dense_model:
                    logger.warning("index built with %s, configured %s: using sparse retrieval only",
                                   info.dense_model, embedder.name)
                    embedder = None
            encoder = SparseEncoder.from_settings(settings.index)
            cross = CrossReranker(settings.assistant.cross_encoder_model) if settings.assistant.cross_encoder_model else None
            assistant = Assistant(store, catalog, settings.assistant, embedder=embedder, encoder=encoder,
                                  cross_encoder=cross)
            if store.active_collection() is not None:
                assistant.warm_up()
        except BaseException:
            store.close()
            raise
        return cls(settings=settings, store=store, catalog=catalog, assistant=assistant,
                   library=Library(store, catalog))

    def close(self) -> None:
        if self.assistant.llm is not None:
            self.assistant.llm.close()
        self.store.close()
