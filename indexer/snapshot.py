"""A read-only copy of the active generation beside the embedded Qdrant store, for a fast cold start.

Qdrant's local mode reads every point of a collection from SQLite into Python objects when it opens,
and qdrant-client itself takes seconds to import: a one-shot ``tdkt ask`` spent most of its time
there. When a generation becomes active, the store writes what its in-memory scorer loads from that
generation (the sparse matrix, the dense vectors, the chunks' payloads, the index facts) into
``<data dir>/snapshot/<generation>/``; a read-only process loads those arrays instead and ranks
with the same :class:`~indexer.memory.MemoryIndex` code, so the results are the same.

A snapshot is used only when all of these hold (otherwise the store opens Qdrant as before):

* the store is embedded (no Qdrant URL) and scores in memory (``memory_index``);
* Qdrant's own ``meta.json`` points the collection alias at the snapshot's generation (every
  ingest, removal and upload writes a new generation, so an older snapshot never matches);
* the files' SHA-256 digests match the manifest, which is written last (a directory is renamed
  into place whole, so a crash leaves no half-written snapshot under its final name);
* the record classes have the fields they had when it was written.

The chunks and the index facts are pickled (a third of the time JSON took to load), read back by an
unpickler that accepts the three record classes and plain data only. The data directory is trusted
as Qdrant's own local storage is, which pickles its points too.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import pickle
import shutil
import uuid
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np

from indexer.memory import MatrixIndex, MemoryIndex
from indexer.records import Chunk, DocEntry, IndexInfo

__all__ = ["FORMAT", "drop_snapshots", "info_from_payload", "load_snapshot", "snapshot_root", "write_snapshot"]

logger = logging.getLogger(__name__)

FORMAT = 2
_ARRAYS = "arrays.npz"
_PAYLOADS = "records.pickle"
_MANIFEST = "manifest.json"
_RECORDS = {("indexer.records", cls.__name__): cls for cls in (Chunk, DocEntry, IndexInfo)}


def _schema() -> dict[str, list[str]]:
    """The record classes' fields: a snapshot of other classes is not read."""
    return {cls.__name__: [f.name for f in fields(cls)] for cls in _RECORDS.values()}


class _RecordsUnpickler(pickle.Unpickler):
    """Plain data and the indexer's record classes; any other global is refused."""

    def find_class(self, module: str, name: str) -> Any:
        found = _RECORDS.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not a record class")
        return found


def snapshot_root(data_dir: Path) -> Path:
    return data_dir / "snapshot"


def info_from_payload(payload: dict[str, Any]) -> IndexInfo:
    """The index facts from the meta point's payload (as the store keeps them)."""
    data = dict(payload)
    data.pop("record", None)
    data["documents"] = [DocEntry(**d) for d in data.get("documents", [])]
    return IndexInfo(**data)




def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read a MiB at a time (a snapshot's files, an ingested document)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_snapshot(data_dir: Path, memory: MemoryIndex, info: IndexInfo | None) -> Path:
    """Write the generation's snapshot atomically (a temporary directory renamed into place)."""
    root = snapshot_root(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    final = root / memory.generation
    tmp = root / f".tmp-{memory.generation}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        m = memory.matrix
        arrays: dict[str, np.ndarray] = {
            "columns": np.fromiter(m.columns, dtype=np.int64, count=len(m.columns)),
            "col_ptr": m.col_ptr, "col_rows": m.col_rows, "col_vals": m.col_vals,
        }
        if m.raw_dense is not None:
            arrays["dense"] = m.raw_dense
        with (tmp / _ARRAYS).open("wb") as f:
            np.savez(f, allow_pickle=False, **arrays)
        records = {"ids": list(m.ids), "chunks": list(memory.chunks), "info": info}
        (tmp / _PAYLOADS).write_bytes(pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL))
        manifest = {"format": FORMAT, "generation": memory.generation, "schema": _schema(),
                    "sha256": {name: file_sha256(tmp / name) for name in (_ARRAYS, _PAYLOADS)}}
        (tmp / _MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        for name in (_ARRAYS, _PAYLOADS, _MANIFEST):
            _fsync(tmp / name)
        if final.exists():
            shutil.rmtree(final)
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    logger.info("wrote the snapshot of %s (%d points)", memory.generation, len(memory.matrix))
    return final


def active_generation(data_dir: Path, alias: str) -> str | None:
    """The generation the embedded store's alias points to, read from Qdrant's own meta.json."""
    try:
        meta = json.loads((data_dir / "qdrant" / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = meta.get("aliases", {}).get(alias) if isinstance(meta, dict) else None
    if not isinstance(name, str) or name not in meta.get("collections", {}):
        return None
    return name


def load_snapshot(data_dir: Path, alias: str, *, fusion: str, dense_weight: float
                  ) -> tuple[MemoryIndex, IndexInfo | None] | None:
    """The active generation's snapshot, or None when there is none or it does not match exactly."""
    generation = active_generation(data_dir, alias)
    if generation is None:
        return None
    folder = snapshot_root(data_dir) / generation
    try:
        manifest = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
        if (manifest.get("format") != FORMAT or manifest.get("generation") != generation
                or manifest.get("schema") != _schema()):
            logger.info("snapshot of %s has another format, generation or record schema: not used", generation)
            return None
        for name in (_ARRAYS, _PAYLOADS):
            if file_sha256(folder / name) != manifest["sha256"][name]:
                logger.warning("snapshot of %s does not match its manifest: not used", generation)
                return None
        records = _RecordsUnpickler(io.BytesIO((folder / _PAYLOADS).read_bytes())).load()
        with np.load(folder / _ARRAYS, allow_pickle=False) as arrays:
            dense = arrays["dense"] if "dense" in arrays.files else None
            matrix = MatrixIndex(records["ids"], arrays["columns"].tolist(), arrays["col_ptr"], arrays["col_rows"],
                                 arrays["col_vals"], dense)
        chunks, info = records["chunks"], records["info"]
    except (OSError, ValueError, KeyError, TypeError, pickle.UnpicklingError) as exc:
        logger.info("no usable snapshot of %s: %s", generation, exc)
        return None
    return MemoryIndex(generation, matrix, chunks, fusion=fusion, dense_weight=dense_weight), info


def has_snapshot(data_dir: Path, generation: str) -> bool:
    """Is there a snapshot of this generation in today's format (its digests are checked when loaded)?"""
    try:
        manifest = json.loads((snapshot_root(data_dir) / generation / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(manifest.get("format") == FORMAT and manifest.get("generation") == generation
                and manifest.get("schema") == _schema())


def drop_snapshots(data_dir: Path, keep: str | None) -> None:
    """Remove every snapshot (and leftover temporary directory) but the one of ``keep``."""
    root = snapshot_root(data_dir)
    if not root.is_dir():
        return
    for folder in root.iterdir():
        if folder.name != keep:
            shutil.rmtree(folder, ignore_errors=True)
