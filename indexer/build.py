"""Ingest: files → documents → chunks → vectors → a new index generation, then switch.

The index is a library: an ingest adds or updates the documents it is given and keeps the
others. Unchanged files (same content hash, same embedding model) are not parsed or embedded
again: their points are carried over from the active generation.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from corpus import Catalog, CorpusError, Document, LoadFailure, discover, load_document, load_folder_facts
from corpus.text import count_syllables, fold, syllables
from indexer.chunk import CHUNKING_VERSION, chunk_document
from indexer.dense import Embedder, VectorCache, embed_cached, stderr_progress
from indexer.records import Chunk, DocEntry, IndexInfo
from indexer.settings import IndexSettings
from indexer.snapshot import file_sha256
from indexer.sparse import SparseEncoder
from indexer.store import Store

__all__ = ["IngestReport", "bigram_df", "bigrams", "indexed_text", "ingest"]

logger = logging.getLogger(__name__)
_BATCH = 256


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What an ingest did. ``documents`` counts the whole library afterwards (given and kept)."""

    documents: int
    units: int
    chunks: int
    reused: int
    failures: list[LoadFailure] = field(default_factory=list)
    seconds: float = 0.0
    collection: str = ""
    added: tuple[str, ...] = ()  # document numbers new to the library
    updated: tuple[str, ...] = ()  # given again with changed content
    unchanged: tuple[str, ...] = ()  # given again, same content (reused)
    kept: tuple[str, ...] = ()  # not given this time, kept as they were
    removed: tuple[str, ...] = ()  # removed on request (``remove`` or ``prune``)
    not_found: tuple[str, ...] = ()  # asked to remove, but not in the library


def _entry(doc: Document, chunks: int, source: str) -> DocEntry:
    return DocEntry(
        number=doc.number, title=doc.title, short_title=doc.short_title, doc_type=doc.doc_type,
        kind=doc.kind, issuer=doc.issuer, issued=doc.issued.isoformat() if doc.issued else None,
        effective=doc.effective.isoformat() if doc.effective else None, status=doc.status,
        superseded_by=list(doc.superseded_by),
        superseded_on=doc.superseded_on.isoformat() if doc.superseded_on else None,
        source=source, sha256=doc.sha256, articles=len(doc.articles()), chunks=chunks,
        note=doc.note, warnings=list(doc.warnings), replaces=list(doc.replaces),
    )


def _same(number: str, wanted: Iterable[str]) -> bool:
    """A document number as typed by a person: case, spaces and "-" for "/" do not matter."""
    key = number.replace("-", "/").replace(" ", "").casefold()
    return any(w.replace("-", "/").replace(" ", "").casefold() == key for w in wanted)


def ingest(
    paths: list[Path],
    *,
    store: Store,
    catalog: Catalog,
    settings: IndexSettings,
    embedder: Embedder | None = None,
    full: bool = False,
    prune: bool = False,
    remove: Sequence[str] = (),
    sources: Mapping[Path, str] | None = None,
    on_file: Callable[[Path], None] | None = None,
    on_embed: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Add or update the documents under ``paths``, keep every other indexed one, and activate the result.

    Nothing is dropped silently: a document leaves the library only when its number is in ``remove``,
    or, with ``prune``, when no file under ``paths`` holds it any more. A file whose content did not
    change (same hash, same embedding model) is not parsed or embedded again. ``sources`` names the
    recorded source of a given file (an upload staged under a temporary name). The new generation is
    built beside the active one and switched to at the end, so an interruption changes nothing.
    """
    started = time.perf_counter()
    encoder = SparseEncoder.from_settings(settings)
    model_name = embedder.name if embedder else None
    old_name = store.active_collection()
    old_info = store.info(old_name) if old_name else None
    old_docs: list[DocEntry] = list(old_info.documents) if old_info is not None else []
    vectors_reusable = old_info is not None and old_info.dense_model == model_name
    if old_info is not None and old_info.chunking != CHUNKING_VERSION and not full:
        logger.info("the index was built by another parser version (%d, now %d): reading every given file again",
                    old_info.chunking, CHUNKING_VERSION)
        full = True
    by_sha = {d.sha256: d for d in old_docs} if not full else {}
    given_sources = {str(sources.get(p, p)) if sources else str(p) for p in paths if p.is_file()}

    entries: list[DocEntry] = []
    failures: list[LoadFailure] = []
    fresh: list[Chunk] = []
    carried: list[tuple[Chunk, list[float] | None]] = []
    units = 0
    seen_numbers: dict[str, str] = {}
    folder_facts: dict[Path, dict[str, dict[str, object]]] = {}
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    old_numbers = {d.number for d in old_docs}

    to_carry: list[DocEntry] = []

    def carry(entry: DocEntry) -> None:
        to_carry.append(entry)  # read from the old generation only when a new one is built

    for path in discover(paths):
        if on_file:
            on_file(path)
        source = str(sources.get(path, path)) if sources else str(path)
        given_sources.add(source)
        try:
            digest = file_sha256(path)
        except OSError as exc:
            failures.append(LoadFailure(source, "corpus.unreadable", f"cannot read: {exc.strerror}"))
            continue
        old = by_sha.get(digest)
        if old is not None and old_name is not None and not _same(old.number, remove):
            if old.number in seen_numbers:
                failures.append(LoadFailure(source, "corpus.duplicate", f"same number as {seen_numbers[old.number]}"))
                continue
            seen_numbers[old.number] = source
            carry(old)
            entries.append(replace(old, source=source))
            unchanged.append(old.number)
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
        if _same(doc.number, remove):
            continue  # asked to remove this number: the file is not added back in the same run
        seen_numbers[doc.number] = source
        chunks = chunk_document(doc, max_article_chars=settings.max_article_chars)
        units += sum(1 for u in doc.root.walk() if u.kind in ("dieu", "khoan", "diem", "section"))
        fresh.extend(chunks)
        entries.append(_entry(doc, len(chunks), source))
        (updated if doc.number in old_numbers else added).append(doc.number)

    kept: list[str] = []
    removed: list[str] = []
    for old in old_docs:
        if old.number in seen_numbers:
            continue
        reread = old.source in given_sources  # its file was read again and now holds another number
        if _same(old.number, remove) or (prune and old.number not in seen_numbers) or reread:
            removed.append(old.number)
            continue
        carry(old)
        entries.append(old)
        kept.append(old.number)
    not_found = tuple(n for n in remove if not any(_same(d.number, [n]) for d in old_docs))
    failed = [{"path": f.path, "code": f.code, "message": f.message} for f in failures]
    if (old_info is not None and old_name is not None and vectors_reusable and not (added or updated or removed)
            and not full and entries == old_docs and failed == old_info.failures and store.snapshot_current(old_name)):
        # Nothing to change: the active generation stays as it is (an unchanged re-ingest costs the reading);
        # what a crashed run left behind is still cleaned up.
        store.drop_stale()
        seconds = time.perf_counter() - started
        logger.info("ingested in %.1f s: nothing changed; %d documents", seconds, len(entries))
        return IngestReport(documents=len(entries), units=0, chunks=old_info.chunks, reused=len(entries),
                            failures=failures, seconds=seconds, collection=old_name, unchanged=tuple(unchanged),
                            kept=tuple(kept), not_found=not_found)
    if to_carry:
        assert old_name is not None  # only entries of the active generation are carried
        for entry in to_carry:
            carried.extend(store.scroll(old_name, with_dense=embedder is not None and vectors_reusable,
                                        doc_number=entry.number))

    # Carried points keep their dense vectors when the model is the same; else they are embedded again.
    reembed = [c for c, v in carried if embedder is not None and v is None]
    carried = [(c, v) for c, v in carried if embedder is None or v is not None]
    fresh = reembed + fresh
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
        vectors = _fresh_vectors(fresh, embedder, store, on_embed)
        for i in range(0, len(fresh), _BATCH):
            batch_c = fresh[i:i + _BATCH]
            sparse = [encoder.encode_document(indexed_text(c), avgdl) for c in batch_c]
            store.upsert(collection, batch_c, sparse, vectors[i:i + _BATCH] if vectors is not None else None)
        info = IndexInfo(
            collection=collection, built_at=time.strftime("%Y-%m-%dT%H:%M:%S"), avgdl=avgdl,
            dense_model=model_name, dense_dim=embedder.dim if embedder else None,
            documents=entries, chunks=len(all_chunks), bigram_df=bigram_df(c.text for c in all_chunks),
            vocabulary=count_syllables(c.titled_text for c in all_chunks),
            failures=failed, chunking=CHUNKING_VERSION,
        )
        store.write_info(collection, info)
        store.activate(collection)
    except BaseException:
        store.drop(collection)
        raise
    seconds = time.perf_counter() - started
    reused = len({c.doc_number for c, _ in carried})
    logger.info("ingested in %.1f s: %d added, %d updated, %d unchanged, %d kept, %d removed, %d skipped; "
                "%d documents, %d chunks", seconds, len(added), len(updated), len(unchanged), len(kept),
                len(removed), len(failures), len(entries), len(all_chunks))
    return IngestReport(documents=len(entries), units=units, chunks=len(all_chunks), reused=reused,
                        failures=failures, seconds=seconds, collection=collection, added=tuple(added),
                        updated=tuple(updated), unchanged=tuple(unchanged), kept=tuple(kept),
                        removed=tuple(removed), not_found=not_found)


def _fresh_vectors(fresh: list[Chunk], embedder: Embedder | None, store: Store,
                   on_embed: Callable[[int, int], None] | None = None) -> list[list[float]] | None:
    """Dense vectors of new chunks; those of a passage embedded before come from the cache (by content hash)."""
    if embedder is None or not fresh:
        return None
    cache = VectorCache(store.data_dir / "vectors.sqlite")
    try:
        return embed_cached(embedder, [indexed_text(c) for c in fresh], cache,
                            on_progress=on_embed or stderr_progress("Nhúng vectơ"))
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
