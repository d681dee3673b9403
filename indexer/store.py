"""The only module that talks to Qdrant: embedded on disk, or a server/cluster by URL.

Each (re)index writes a new collection generation and then moves the alias to it, so a
reader never sees a half-built index. Embedded mode lets one process open a data directory.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from indexer.errors import IndexLocked, IndexMissing, StoreUnavailable, StoreWriteError
from indexer.fusion import weighted_fusion
from indexer.memory import MatrixIndex, MemoryIndex
from indexer.records import Chunk, Hit, IndexInfo
from indexer.settings import IndexSettings
from indexer.snapshot import drop_snapshots, has_snapshot, info_from_payload, load_snapshot, write_snapshot
from indexer.sparse import SparseVector

if TYPE_CHECKING:
    from qdrant_client import QdrantClient, models

# qdrant-client takes seconds to import: it is imported where a method talks to Qdrant, so a process
# that answers from the generation's snapshot (``indexer.snapshot``) never loads it.

__all__ = ["Store"]

logger = logging.getLogger(__name__)

_META_ID = str(uuid.UUID("00000000-0000-0000-0000-00000000a11a"))
SPARSE = "sparse"
DENSE = "dense"


class _Serialized:
    """Embedded Qdrant is not thread-safe: every call goes through one lock (a server needs none)."""

    def __init__(self, client: QdrantClient, lock: threading.RLock) -> None:
        self._client = client
        self._lock = lock

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._client, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return attr(*args, **kwargs)

        return call


class Store:
    """Qdrant behind one small interface; the same code for a local path and a server URL.

    ``read_only`` (a one-shot reader such as ``tdkt ask``): in embedded mode with the in-memory
    scorer, answer from the active generation's snapshot when it is valid, without importing or
    opening Qdrant (nor taking its directory lock); Qdrant is opened only if a read needs it.
    Such a store serves the generation that was active when it opened.
    """

    def __init__(self, settings: IndexSettings, data_dir: Path, *, read_only: bool = False) -> None:
        self.settings = settings
        self.data_dir = data_dir
        self.alias = settings.collection
        self.remote = bool(settings.qdrant_url)
        self.read_only = read_only
        self._lock = threading.RLock()  # local mode is not thread-safe; the web server searches from threads
        self._memory: MemoryIndex | None = None
        self._snapshot_info: IndexInfo | None = None
        self._client: Any = None
        # Dense vectors as this process wrote them, per generation until it is activated (see _load_memory).
        self._written: dict[str, dict[str, np.ndarray]] = {}
        if read_only and not self.remote and settings.memory_index:
            loaded = load_snapshot(data_dir, self.alias, fusion=settings.fusion, dense_weight=settings.dense_weight)
            if loaded is not None:
                self._memory, self._snapshot_info = loaded
                logger.info("answering from the snapshot of %s", self._memory.generation)
                return
        self._open()

    @property
    def from_snapshot(self) -> bool:
        """True while this store answers from a snapshot without having opened Qdrant."""
        return self._client is None and self._memory is not None

    @property
    def client(self) -> Any:
        """The Qdrant client, opened on first use by a store that started from a snapshot."""
        if self._client is None:
            self._open()
        return self._client

    def _open(self) -> None:
        from qdrant_client import QdrantClient  # noqa: PLC0415
        from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse  # noqa: PLC0415

        settings, data_dir = self.settings, self.data_dir
        try:
            if self.remote:
                client = QdrantClient(
                    url=settings.qdrant_url,
                    api_key=settings.qdrant_api_key.get_secret_value() if settings.qdrant_api_key else None,
                    timeout=int(settings.qdrant_timeout),
                    check_compatibility=False,  # our own probe below fails fast with a clear error
                )
                client.get_collections()  # fail at start-up, not on the first question
                self._client = client
            else:
                path = data_dir / "qdrant"
                path.mkdir(parents=True, exist_ok=True)
                self._client = _Serialized(QdrantClient(path=str(path)), self._lock)
        except (ResponseHandlingException, UnexpectedResponse, ConnectionError, OSError) as exc:
            if not self.remote and isinstance(exc, OSError):
                raise StoreWriteError(f"cannot open the index at {data_dir}: {exc.strerror}", path=str(data_dir)) from exc
            if "already accessed by another instance" in str(exc):
                raise IndexLocked(f"index at {data_dir} is open in another process", path=str(data_dir)) from exc
            where = settings.qdrant_url or str(data_dir)
            raise StoreUnavailable(f"Qdrant unreachable at {where}: {type(exc).__name__}", url=where) from exc
        except RuntimeError as exc:
            if "already accessed" in str(exc):
                raise IndexLocked(f"index at {data_dir} is open in another process", path=str(data_dir)) from exc
            raise

    def _guard(self) -> AbstractContextManager[object]:
        """The embedded client is serialized; a server's HTTP client is thread-safe and runs in parallel."""
        return nullcontext() if self.remote else self._lock

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    # -- generations --------------------------------------------------------
    def active_collection(self) -> str | None:
        if self.from_snapshot:
            assert self._memory is not None
            return self._memory.generation
        try:
            for alias in self.client.get_aliases().aliases:
                if alias.alias_name == self.alias:
                    return str(alias.collection_name)
        except _query_errors() as exc:
            raise StoreUnavailable(f"Qdrant unreachable: {type(exc).__name__}") from exc
        return None

    def require_active(self) -> str:
        name = self.active_collection()
        if name is None:
            raise IndexMissing("no index has been built yet; run `tdkt ingest`")
        return name

    def create_generation(self, dense_dim: int | None) -> str:
        from qdrant_client import models  # noqa: PLC0415

        name = f"{self.alias}_{time.strftime('%Y%m%d%H%M%S')}_{uuid.uuid4().hex[:6]}"
        vectors: dict[str, models.VectorParams] = {}
        if dense_dim:
            vectors[DENSE] = models.VectorParams(size=dense_dim, distance=models.Distance.COSINE,
                                                 on_disk=self.settings.on_disk_vectors or None)
        kwargs: dict[str, Any] = {}
        if self.remote:
            kwargs.update(shard_number=self.settings.shard_number,
                          replication_factor=self.settings.replication_factor)
        try:
            self.client.create_collection(
                name,
                vectors_config=vectors,
                sparse_vectors_config={SPARSE: models.SparseVectorParams(modifier=models.Modifier.IDF)},
                **kwargs,
            )
        except (OSError, sqlite3.Error) as exc:
            raise StoreWriteError(f"cannot create collection {name}: {exc}") from exc
        logger.info("created generation %s (dense dim %s)", name, dense_dim)
        return name

    def upsert(self, collection: str, chunks: Sequence[Chunk], sparse: Sequence[SparseVector],
               dense: Sequence[Sequence[float]] | None) -> None:
        from qdrant_client import models  # noqa: PLC0415

        points = []
        for i, chunk in enumerate(chunks):
            vector: dict[str, Any] = {SPARSE: models.SparseVector(indices=sparse[i].indices, values=sparse[i].values)}
            if dense is not None:
                vector[DENSE] = list(dense[i])
            points.append(models.PointStruct(id=chunk.id, vector=vector, payload=chunk.to_payload()))
        try:
            self.client.upsert(collection, points=points, wait=True)
        except (OSError, sqlite3.Error) as exc:
            raise StoreWriteError(f"cannot write to {collection}: {exc}") from exc
        if dense is not None and self._in_memory():
            written = self._written.setdefault(collection, {})
            for chunk, values in zip(chunks, dense, strict=True):
                written[chunk.id] = np.asarray(values, dtype=np.float32)

    def write_info(self, collection: str, info: IndexInfo) -> None:
        from qdrant_client import models  # noqa: PLC0415

        payload = asdict(info)
        payload["record"] = "meta"
        try:
            self.client.upsert(collection, points=[models.PointStruct(id=_META_ID, vector={}, payload=payload)])
        except (OSError, sqlite3.Error) as exc:
            raise StoreWriteError(f"cannot write to {collection}: {exc}") from exc

    def info(self, collection: str | None = None) -> IndexInfo | None:
        name = collection or self.active_collection()
        if name is None:
            return None
        if self.from_snapshot and self._memory is not None and name == self._memory.generation:
            return self._snapshot_info
        found = self.client.retrieve(name, [_META_ID], with_payload=True)
        if not found or not found[0].payload:
            return None
        return info_from_payload(dict(found[0].payload))

    def snapshot_current(self, collection: str) -> bool:
        """False when embedded mode should have a snapshot of this generation and has none."""
        return not self._in_memory() or has_snapshot(self.data_dir, collection)

    def activate(self, collection: str) -> None:
        """Point the alias at a finished generation, then drop the others (and their snapshots).

        Embedded mode first writes the generation's snapshot (``indexer.snapshot``); readers use it only
        once the alias points at it. A snapshot that cannot be written is logged and skipped: readers
        then open Qdrant, as before.
        """
        from qdrant_client import models  # noqa: PLC0415

        memory = None
        if self._in_memory():
            # Loaded beside the one in use: questions keep the active generation until the alias moves.
            memory = self._load_memory(collection)
            self._written.clear()
            try:
                write_snapshot(self.data_dir, memory, self.info(collection))
            except OSError as exc:
                logger.warning("could not write the snapshot of %s: %s", collection, exc)
        old = self.active_collection()
        ops: list[Any] = []
        if old is not None:
            ops.append(models.DeleteAliasOperation(delete_alias=models.DeleteAlias(alias_name=self.alias)))
        ops.append(models.CreateAliasOperation(
            create_alias=models.CreateAlias(collection_name=collection, alias_name=self.alias)))
        try:
            self.client.update_collection_aliases(change_aliases_operations=ops)
        except (OSError, sqlite3.Error) as exc:
            raise StoreWriteError(f"cannot switch the alias to {collection}: {exc}") from exc
        logger.info("alias %s → %s (was %s)", self.alias, collection, old)
        if memory is not None:
            with self._lock:
                self._memory = memory
        self.drop_stale()

    def drop(self, collection: str) -> None:
        """Remove a generation; a failure is logged, since the caller is already handling one."""
        self._written.pop(collection, None)
        try:
            self.client.delete_collection(collection)
        except (OSError, sqlite3.Error, ValueError) as exc:
            logger.warning("could not drop %s: %s", collection, exc)

    def drop_stale(self) -> list[str]:
        """Remove generations the alias does not point to (left by a crash or a replaced build), and
        every snapshot but the active generation's. A store reading a snapshot leaves all as they are."""
        if self.from_snapshot:
            return []
        active = self.active_collection()
        dropped = []
        for c in self.client.get_collections().collections:
            if c.name.startswith(f"{self.alias}_") and c.name != active:
                self.client.delete_collection(c.name)
                dropped.append(c.name)
        if dropped:
            logger.info("dropped stale generations: %s", ", ".join(dropped))
        if not self.remote:
            drop_snapshots(self.data_dir, keep=active)
        return dropped

    # -- reading ------------------------------------------------------------
    def scroll(self, collection: str | None = None, *, with_dense: bool = False,
               doc_number: str | None = None) -> Iterator[tuple[Chunk, list[float] | None]]:
        from qdrant_client import models  # noqa: PLC0415

        name = collection or self.require_active()
        must: list[Any] = [models.FieldCondition(key="record", match=models.MatchValue(value="chunk"))]
        if doc_number is not None:
            must.append(models.FieldCondition(key="doc_number", match=models.MatchValue(value=doc_number)))
        offset = None
        while True:
            points, offset = self.client.scroll(
                name, scroll_filter=models.Filter(must=must), limit=512, offset=offset,
                with_payload=True, with_vectors=[DENSE] if with_dense else False,
            )
            for p in points:
                vec = None
                if with_dense and isinstance(p.vector, dict) and DENSE in p.vector:
                    vec = [float(x) for x in p.vector[DENSE]]
                yield Chunk.from_payload(dict(p.payload or {})), vec
            if offset is None:
                break

    def _in_memory(self) -> bool:
        return not self.remote and self.settings.memory_index

    def search(self, sparse: SparseVector, dense: Sequence[float] | None, *, limit: int,
               prefetch: int, collection: str | None = None) -> list[Hit]:
        """Top chunks: sparse only, or sparse and dense fused as ``settings.fusion`` says (RRF by default)."""
        name = collection or self.require_active()
        if self._in_memory():
            return self._memory_index(name).search(sparse, dense, limit=limit, prefetch=prefetch)
        from qdrant_client import models  # noqa: PLC0415

        sq = models.SparseVector(indices=sparse.indices, values=sparse.values)
        try:
            with self._guard():
                if dense is None:
                    res = self.client.query_points(name, query=sq, using=SPARSE, limit=limit, with_payload=True)
                    return [Hit(Chunk.from_payload(dict(p.payload or {})), p.score, sparse=p.score)
                            for p in res.points]
                if self.settings.fusion == "weighted":
                    return self._search_weighted(name, sq, dense, limit=limit, prefetch=prefetch)
                fusion = models.Fusion.DBSF if self.settings.fusion == "dbsf" else models.Fusion.RRF
                res = self.client.query_points(
                    name,
                    prefetch=[
                        models.Prefetch(query=sq, using=SPARSE, limit=prefetch),
                        models.Prefetch(query=list(dense), using=DENSE, limit=prefetch),
                    ],
                    query=models.FusionQuery(fusion=fusion),
                    limit=limit,
                    with_payload=True,
                )
            return [Hit(Chunk.from_payload(dict(p.payload or {})), p.score) for p in res.points]
        except _query_errors() as exc:
            raise StoreUnavailable(f"Qdrant query failed: {type(exc).__name__}") from exc

    def _search_weighted(self, name: str, sq: models.SparseVector, dense: Sequence[float], *, limit: int,
                         prefetch: int) -> list[Hit]:
        """Weighted fusion needs both lists' scores, so the two searches run here and fuse in Python."""
        lists = [self.client.query_points(name, query=query, using=using, limit=prefetch, with_payload=True).points
                 for query, using in ((sq, SPARSE), (list(dense), DENSE))]
        points = {str(p.id): p for p in lists[0] + lists[1]}
        by_sparse, by_dense = ({str(p.id): p.score for p in found} for found in lists)
        fused = weighted_fusion(list(by_sparse.items()), list(by_dense.items()), weight=self.settings.dense_weight,
                                limit=limit)
        return [Hit(Chunk.from_payload(dict(points[pid].payload or {})), score, sparse=by_sparse.get(pid),
                    dense=by_dense.get(pid)) for pid, score in fused]

    def _memory_index(self, name: str) -> MemoryIndex:
        """The generation in memory: loaded once from Qdrant (or given by the snapshot the store opened)."""
        with self._lock:
            if self._memory is None or self._memory.generation != name:
                self._memory = self._load_memory(name)
            return self._memory

    def _load_memory(self, name: str) -> MemoryIndex:
        from qdrant_client import models  # noqa: PLC0415

        started = time.perf_counter()
        ids: list[str] = []
        rows: list[tuple[list[int], list[float]]] = []
        dense_rows: list[list[float]] = []
        chunks: list[Chunk] = []
        offset = None
        chunk_filter = models.Filter(must=[
            models.FieldCondition(key="record", match=models.MatchValue(value="chunk"))])
        while True:
            points, offset = self.client.scroll(name, scroll_filter=chunk_filter, limit=1024, offset=offset,
                                                with_payload=True, with_vectors=True)
            for p in points:
                vec = p.vector if isinstance(p.vector, dict) else {}
                sv = vec.get(SPARSE)
                if not isinstance(sv, models.SparseVector):
                    continue
                ids.append(str(p.id))
                rows.append((list(sv.indices), list(sv.values)))
                if DENSE in vec:
                    dense_rows.append([float(x) for x in vec[DENSE]])
                chunks.append(Chunk.from_payload(dict(p.payload or {})))
            if offset is None:
                break
        # Qdrant's local mode returns the normalized float32 vectors of points written by this process but
        # the vectors as written for points it loaded from disk, which differ in the last bits. The vectors
        # as written are used in both cases, so the writer ranks as a process that reopens the index does
        # (and as the generation's snapshot).
        written = self._written.get(name, {})
        if dense_rows and all(i in written for i in ids):
            dense_rows = [written[i].tolist() for i in ids]
        matrix = MatrixIndex.from_rows(ids, rows, dense_rows if len(dense_rows) == len(ids) else None)
        logger.info("loaded %d points of %s into memory in %.2f s", len(ids), name, time.perf_counter() - started)
        return MemoryIndex(name, matrix, chunks, fusion=self.settings.fusion, dense_weight=self.settings.dense_weight)

    def candidates(self, sparse: SparseVector, dense: Sequence[float] | None, *, limit: int,
                   collection: str | None = None, also: SparseVector | None = None) -> list[Hit]:
        """The keyword top ``limit`` and the dense top ``limit`` (and the keyword top ``limit`` of a second
        query ``also``), each hit with its scores where known.

        Embedded mode scores every candidate on all of them (0 keyword score: no shared word); a server
        returns each list's own scores, and a score outside its list stays unknown (``None``; 0 for keywords).
        """
        name = collection or self.require_active()
        if self._in_memory():
            return self._memory_index(name).candidates(sparse, dense, limit=limit, also=also)
        from qdrant_client import models  # noqa: PLC0415

        sq = models.SparseVector(indices=sparse.indices, values=sparse.values)
        try:
            with self._guard():
                by_sparse_points = self.client.query_points(name, query=sq, using=SPARSE, limit=limit,
                                                            with_payload=True).points
                by_dense_points = self.client.query_points(name, query=list(dense), using=DENSE, limit=limit,
                                                           with_payload=True).points if dense is not None else []
                by_also_points = self.client.query_points(
                    name, query=models.SparseVector(indices=also.indices, values=also.values), using=SPARSE,
                    limit=limit, with_payload=True).points if also is not None else []
        except _query_errors() as exc:
            raise StoreUnavailable(f"Qdrant query failed: {type(exc).__name__}") from exc
        points = {str(p.id): p for found in (by_sparse_points, by_dense_points, by_also_points) for p in found}
        by_sparse = {str(p.id): p.score for p in by_sparse_points}
        by_dense = {str(p.id): p.score for p in by_dense_points}
        by_also = {str(p.id): p.score for p in by_also_points}
        return [Hit(Chunk.from_payload(dict(p.payload or {})), by_sparse.get(pid, 0.0), sparse=by_sparse.get(pid, 0.0),
                    dense=by_dense.get(pid) if dense is not None else None,
                    also=by_also.get(pid, 0.0) if also is not None else None) for pid, p in points.items()]

    def article_chunks(self, doc_number: str, article: str, collection: str | None = None) -> list[Chunk]:
        """All chunks of one article, in document order (to quote or show it whole)."""
        name = collection or self.require_active()
        if self._in_memory():
            return self._memory_index(name).article_chunks(doc_number, article)
        from qdrant_client import models  # noqa: PLC0415

        flt = models.Filter(must=[
            models.FieldCondition(key="doc_number", match=models.MatchValue(value=doc_number)),
            models.FieldCondition(key="article", match=models.MatchValue(value=article)),
        ])
        with self._guard():
            points, _ = self.client.scroll(name, scroll_filter=flt, limit=256, with_payload=True)
        return sorted((Chunk.from_payload(dict(p.payload or {})) for p in points), key=lambda c: c.order)

    def all_chunks(self, collection: str | None = None) -> list[Chunk]:
        """Every chunk of the index (from memory in embedded mode)."""
        name = collection or self.require_active()
        if self._in_memory():
            return list(self._memory_index(name).chunks)
        return [c for c, _ in self.scroll(name)]

    def amending_chunks(self, collection: str | None = None) -> list[Chunk]:
        """Clauses of amending laws that replace another document's article or clause."""
        name = collection or self.require_active()
        if self._in_memory():
            return self._memory_index(name).amending_chunks()
        from qdrant_client import models  # noqa: PLC0415

        flt = models.Filter(must=[models.FieldCondition(key="record", match=models.MatchValue(value="chunk"))],
                            must_not=[models.IsNullCondition(is_null=models.PayloadField(key="amends"))])
        out: list[Chunk] = []
        offset = None
        with self._guard():
            while True:
                points, offset = self.client.scroll(name, scroll_filter=flt, limit=512, offset=offset, with_payload=True)
                out.extend(Chunk.from_payload(dict(p.payload or {})) for p in points)
                if offset is None:
                    break
        return [c for c in out if c.amends]

    def form_chunks(self, form: str, collection: str | None = None) -> list[Chunk]:
        """The chunks of a form ("Mẫu số 07" → "07") in any indexed appendix."""
        name = collection or self.require_active()
        if self._in_memory():
            return self._memory_index(name).form_chunks(form)
        from qdrant_client import models  # noqa: PLC0415

        flt = models.Filter(must=[models.FieldCondition(key="form", match=models.MatchValue(value=form))])
        points, _ = self.client.scroll(name, scroll_filter=flt, limit=64, with_payload=True)
        return [Chunk.from_payload(dict(p.payload or {})) for p in points]

    def document_chunks(self, doc_number: str, collection: str | None = None) -> list[Chunk]:
        name = collection or self.require_active()
        if self._in_memory():
            return self._memory_index(name).document_chunks(doc_number)
        with self._guard():
            found = [c for c, _ in self.scroll(name, doc_number=doc_number)]
        return sorted(found, key=lambda c: c.order)

    def search_dense(self, dense: Sequence[float], *, limit: int, collection: str | None = None) -> list[Hit]:
        name = collection or self.require_active()
        res = self.client.query_points(name, query=list(dense), using=DENSE, limit=limit, with_payload=True)
        return [Hit(Chunk.from_payload(dict(p.payload or {})), p.score, dense=p.score) for p in res.points]


def _query_errors() -> tuple[type[Exception], ...]:
    """The client's errors for an unreachable or failing Qdrant (imported only once a query has failed)."""
    from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse  # noqa: PLC0415

    return ResponseHandlingException, UnexpectedResponse
