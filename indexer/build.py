"""Ingest: files → documents → chunks → vectors → a new index generation, then switch.

Unchanged files (same content hash, same embedding model) are not parsed or embedded
again: their points are carried over from the active generation.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from corpus import Catalog, CorpusError, Document, LoadFailure, discover, load_document, load_folder_facts
from corpus.text import fold, syllables
from indexer.chunk import chunk_document
from indexer.dense import Embedder, VectorCache, embed_cached, stderr_progress
from indexer.records import Chunk, DocEntry, IndexInfo
from indexer.settings import IndexSettings
from indexer.sparse import SparseEncoder
from indexer.store import Store

__all__ = ["IngestReport", "bigram_df", "bigrams", "indexed_text", "ingest"]

logger = logging.getLogger(__name__)
_BATCH = 256


@dataclass(frozen=True, slots=True)
class IngestReport:
    documents: int
    units: int
    chunks: int
    reused: int
    failures: list[LoadFailure] = field(default_factory=list)
    seconds: float = 0.0
    collection: str = ""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _entry(doc: Document, chunks: int) -> DocEntry:
    return DocEntry(
        number=doc.number, title=doc.title, short_title=doc.short_title, doc_type=doc.doc_type,
        kind=doc.kind, issuer=doc.issuer, issued=doc.issued.isoformat() if doc.issued else None,
        effective=doc.effective.isoformat() if doc.effective else None, status=doc.status,
        superseded_by=list(doc.superseded_by),
        superseded_on=doc.superseded_on.isoformat() if doc.superseded_on else None,
        source=doc.source, sha256=doc.sha256, articles=len(doc.articles()), chunks=chunks,
        note=doc.note, warnings=list(doc.warnings),
    )


def ingest(
    dirs: list[Path],
    *,
    store: Store,
    catalog: Catalog,
    settings: IndexSettings,
    embedder: Embedder | None = None,
    full: bool = False,
    on_file: Callable[[Path], None] | None = None,
) -> IngestReport:
    """Index every supported file under ``dirs`` into a fresh generation and activate it."""
    started = time.perf_counter()
    encoder = SparseEncoder.from_settings(settings)
    model_name = embedder.name if embedder else None
    old_name = store.active_collection()
    old_info = store.info(old_name) if old_name else None
    reusable: dict[str, DocEntry] = {}
    if old_info is not None and not full and old_info.dense_model == model_name:
        reusable = {d.source: d for d in old_info.documents}

    entries: list[DocEntry] = []
    failures: list[LoadFailure] = []
    fresh: list[Chunk] = []
    carried: list[tuple[Chunk, list[float] | None]] = []
    units = 0
    seen_numbers: dict[str, str] = {}
    folder_facts: dict[Path, dict[str, dict[str, object]]] = {}

    for path in discover(dirs):
        if on_file:
            on_file(path)
        source = str(path)
        try:
            digest = _sha256(path)
        except OSError as exc:
            failures.append(LoadFailure(source, "corpus.unreadable", f"cannot read: {exc.strerror}"))
            continue
        old = reusable.get(source)
        if old is not None and old.sha256 == digest and old_name is not None:
            if old.number in seen_numbers:
                failures.append(LoadFailure(source, "corpus.duplicate", f"same number as {seen_numbers[old.number]}"))
                continue
            seen_numbers[old.number] = source
            carried.extend(store.scroll(old_name, with_dense=embedder is not None, doc_number=old.number))
            entries.append(old)
            continue
        if path.parent not in folder_facts:
            folder_facts[path.parent] = load_folder_facts(path.parent)
        material = folder_facts[path.parent].get(path.name)
        try:
            doc = load_document(path, catalog, max_bytes=settings.max_file_bytes, material=material)
        except CorpusError as exc:
            logger.info("skipped %s: %s", path, exc.message)
            failures.append(LoadFailure(source, exc.code, exc.message))
            continue
        if doc.number in seen_numbers:
            failures.append(LoadFailure(source, "corpus.duplicate", f"same number {doc.number} as {seen_numbers[doc.number]}"))
            continue
        seen_numbers[doc.number] = source
        chunks = chunk_document(doc, max_article_chars=settings.max_article_chars)
        units += sum(1 for u in doc.root.walk() if u.kind in ("dieu", "khoan", "diem", "section"))
        fresh.extend(chunks)
        entries.append(_entry(doc, len(chunks)))

    all_chunks = [c for c, _ in carried] + fresh
    avgdl = sum(len(syllables(c.text)) for c in all_chunks) / max(1, len(all_chunks))
    collection = store.create_generation(embedder.dim if embedder else None)
    try:
        # Carried-over points keep their dense vectors; sparse values are recomputed for the new avgdl.
        for i in range(0, len(carried), _BATCH):
            batch = carried[i:i + _BATCH]
            sparse = [encoder.encode_document(indexed_text(c), avgdl) for c, _ in batch]
            dense = [v or [] for _, v in batch] if embedder else None
            store.upsert(collection, [c for c, _ in batch], sparse, dense)
        vectors = _fresh_vectors(fresh, embedder, store)
        for i in range(0, len(fresh), _BATCH):
            batch_c = fresh[i:i + _BATCH]
            sparse = [encoder.encode_document(indexed_text(c), avgdl) for c in batch_c]
            store.upsert(collection, batch_c, sparse, vectors[i:i + _BATCH] if vectors is not None else None)
        info = IndexInfo(
            collection=collection, built_at=time.strftime("%Y-%m-%dT%H:%M:%S"), avgdl=avgdl,
            dense_model=model_name, dense_dim=embedder.dim if embedder else None,
            documents=entries, chunks=len(all_chunks), bigram_df=bigram_df(c.text for c in all_chunks),
            failures=[{"path": f.path, "code": f.code, "message": f.message} for f in failures],
        )
        store.write_info(collection, info)
        store.activate(collection)
    except BaseException:
        store.drop(collection)
        raise
    seconds = time.perf_counter() - started
    logger.info("ingested %d documents (%d reused), %d chunks in %.1f s; %d failures",
                len(entries), len({c.doc_number for c, _ in carried}), len(all_chunks), seconds, len(failures))
    return IngestReport(documents=len(entries), units=units, chunks=len(all_chunks),
                        reused=len({c.doc_number for c, _ in carried}), failures=failures,
                        seconds=seconds, collection=collection)


def _fresh_vectors(fresh: list[Chunk], embedder: Embedder | None, store: Store) -> list[list[float]] | None:
    """Dense vectors of new chunks; those of a passage embedded before come from the cache (by content hash)."""
    if embedder is None or not fresh:
        return None
    cache = VectorCache(store.data_dir / "vectors.sqlite")
    try:
        return embed_cached(embedder, [indexed_text(c) for c in fresh], cache,
                            on_progress=stderr_progress("Nhúng vectơ"))
    finally:
        cache.close()


def bigrams(text: str) -> set[str]:
    """Folded syllable bigrams of a text, the unit of the coverage check."""
    words = [fold(w) for w in syllables(text)]
    return {f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)}


def bigram_df(texts: Iterable[str]) -> dict[str, int]:
    df: Counter[str] = Counter()
    for text in texts:
        df.update(bigrams(text))
    return dict(df)


def indexed_text(chunk: Chunk) -> str:
    """What the vectors see: the article title gives a clause its subject."""
    head = " ".join(p for p in (chunk.article_title, chunk.chapter, chunk.lead) if p)
    return f"{head}\n{chunk.text}" if head else chunk.text
