"""In-memory scorer for embedded mode, over vectors loaded from the local Qdrant collection.

Qdrant's local mode scores sparse vectors one point at a time in Python (≈0.1 ms a point),
too slow for answers in 100 ms. This matrix gives the same BM25·IDF scores
(IDF = ln(1 + (N − df + 0.5)/(df + 0.5)), Qdrant's formula) with one sparse product.
A server or cluster uses Qdrant's own indexes instead.

:class:`MemoryIndex` is one generation held in memory (the matrix and its chunks) and answers
every read the embedded store serves from memory; it is built from the Qdrant collection or
from the snapshot the indexer writes beside it (``indexer.snapshot``), with the same arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from indexer.fusion import weighted_fusion
from indexer.records import Chunk, Hit
from indexer.sparse import SparseVector

__all__ = ["MatrixIndex", "MemoryIndex"]


class MatrixIndex:
    """Rows are points; sparse BM25 columns and an optional dense matrix."""

    def __init__(self, ids: Sequence[str], columns: Sequence[int], col_ptr: np.ndarray, col_rows: np.ndarray,
                 col_vals: np.ndarray, dense: np.ndarray | None = None) -> None:
        """From arrays: ``columns[j]`` is the feature hash of column j; the sparse values column by column
        (CSC: column j holds rows ``col_rows[col_ptr[j]:col_ptr[j + 1]]``, ascending)."""
        self.ids = list(ids)
        self.columns = dict(zip((int(h) for h in columns), range(len(columns)), strict=True))
        self.col_ptr = np.asarray(col_ptr, dtype=np.int64)
        self.col_rows = np.asarray(col_rows, dtype=np.int64)
        self.col_vals = np.asarray(col_vals, dtype=np.float32)
        df = np.diff(self.col_ptr)
        n = len(self.ids)
        self.idf = np.log((n - df + 0.5) / (df + 0.5) + 1).astype(np.float32)
        # A fresh copy: a reduction's last bits depend on the buffer's alignment, and an array read from a
        # file may be aligned otherwise than one built in memory; the copy makes both paths score alike.
        self.raw_dense = None if dense is None or len(dense) != n or n == 0 else np.array(dense, dtype=np.float32)
        self.dense: np.ndarray | None = None
        if self.raw_dense is not None:
            norms = np.linalg.norm(self.raw_dense, axis=1, keepdims=True)
            self.dense = self.raw_dense / np.maximum(norms, 1e-12)

    @classmethod
    def from_rows(cls, ids: Sequence[str], sparse_rows: Sequence[tuple[list[int], list[float]]],
                  dense_rows: Sequence[Sequence[float]] | None = None) -> MatrixIndex:
        """From points as a store returns them: columns numbered in order of first use."""
        columns: dict[int, int] = {}
        indptr = [0]
        cols: list[int] = []
        vals: list[float] = []
        for indices, values in sparse_rows:
            for idx, val in zip(indices, values, strict=True):
                cols.append(columns.setdefault(int(idx), len(columns)))
                vals.append(float(val))
            indptr.append(len(cols))
        # Rows to columns (numpy only: scipy.sparse took a fifth of a cold start to import). A stable sort
        # by column keeps each column's rows ascending, as a CSC matrix holds them.
        col_of = np.asarray(cols, dtype=np.int64)
        row_lengths: np.ndarray = np.diff(np.asarray(indptr, dtype=np.int64))
        entry_rows = np.repeat(np.arange(len(ids), dtype=np.int64), row_lengths)
        order = np.argsort(col_of, kind="stable")
        n_cols = max(1, len(columns))
        col_ptr = np.zeros(n_cols + 1, dtype=np.int64)
        np.cumsum(np.bincount(col_of, minlength=n_cols), out=col_ptr[1:])
        dense = None
        if dense_rows is not None and len(dense_rows) == len(ids) and len(dense_rows) > 0:
            dense = np.asarray(dense_rows, dtype=np.float32)
        return cls(ids, list(columns), col_ptr, entry_rows[order], np.asarray(vals, dtype=np.float32)[order], dense)

    def __len__(self) -> int:
        return len(self.ids)

    def sparse_scores(self, indices: Sequence[int], values: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
        """(rows, scores) of points sharing at least one feature with the query."""
        cols, weights = [], []
        for idx, val in zip(indices, values, strict=True):
            col = self.columns.get(int(idx))
            if col is not None:
                cols.append(col)
                weights.append(val * self.idf[col])
        if not cols:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        # Column by column in the query's order, in float32: the sums of a sparse matrix-vector product.
        scores = np.zeros(len(self.ids), dtype=np.float32)
        touched = np.zeros(len(self.ids), dtype=bool)  # (np.unique would import numpy.ma: 0.1 s of a cold start)
        for col, weight in zip(cols, np.asarray(weights, dtype=np.float32), strict=True):
            start, end = self.col_ptr[col], self.col_ptr[col + 1]
            rows = self.col_rows[start:end]
            scores[rows] += self.col_vals[start:end] * weight
            touched[rows] = True
        hit = np.flatnonzero(touched)
        return hit, scores[hit]

    def dense_scores(self, vector: Sequence[float]) -> np.ndarray:
        if self.dense is None:
            return np.empty(0, dtype=np.float32)
        q = np.asarray(vector, dtype=np.float32)
        q = q / max(float(np.linalg.norm(q)), 1e-12)
        return self.dense @ q

    @staticmethod
    def top(rows: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
        if len(rows) == 0:
            return []
        k = min(k, len(rows))
        part = np.argpartition(-scores, k - 1)[:k]
        order = part[np.argsort(-scores[part], kind="stable")]
        return [(int(rows[i]), float(scores[i])) for i in order]


@dataclass(frozen=True)
class MemoryIndex:
    """One generation in memory: its matrix and chunks (row i is chunk i), ranked as the settings say."""

    generation: str
    matrix: MatrixIndex
    chunks: list[Chunk]
    fusion: str = "weighted"  # "rrf" | "dbsf" | "weighted", as IndexSettings.fusion
    dense_weight: float = 0.3

    def search(self, sparse: SparseVector, dense: Sequence[float] | None, *, limit: int, prefetch: int) -> list[Hit]:
        """Top chunks: sparse only, or sparse and dense fused as a Qdrant server would fuse them."""
        matrix, chunks = self.matrix, self.chunks
        rows, scores = matrix.sparse_scores(sparse.indices, sparse.values)
        sparse_top = MatrixIndex.top(rows, scores, limit if dense is None else prefetch)
        if dense is None or matrix.dense is None:
            return [Hit(chunks[r], s, sparse=s) for r, s in sparse_top[:limit]]
        dscores = matrix.dense_scores(dense)
        dense_top = MatrixIndex.top(np.arange(len(dscores)), dscores, prefetch)
        by_sparse = dict(sparse_top)
        by_dense = dict(dense_top)
        if self.fusion == "weighted":
            rows_fused = weighted_fusion(sparse_top, dense_top, weight=self.dense_weight, limit=limit)
        else:
            rows_fused = self._qdrant_fusion(sparse_top, dense_top, limit=limit)
        return [Hit(chunks[r], score, sparse=by_sparse.get(r), dense=by_dense.get(r)) for r, score in rows_fused]

    def _qdrant_fusion(self, sparse_top: list[tuple[int, float]], dense_top: list[tuple[int, float]], *,
                       limit: int) -> list[tuple[int, float]]:
        """Qdrant's own fusion functions, so embedded mode ranks as a server would."""
        # Imported here: qdrant-client takes seconds to import and the default fusion does not need it.
        from qdrant_client import models  # noqa: PLC0415
        from qdrant_client.hybrid.fusion import (  # noqa: PLC0415
            distribution_based_score_fusion,
            reciprocal_rank_fusion,
        )

        fuse = distribution_based_score_fusion if self.fusion == "dbsf" else reciprocal_rank_fusion
        ids = self.matrix.ids
        fused = fuse([[models.ScoredPoint(id=ids[r], version=0, score=s) for r, s in ranking]
                      for ranking in (sparse_top, dense_top)], limit=limit)
        row_of = {ids[r]: r for r, _ in sparse_top + dense_top}
        return [(row_of[str(p.id)], p.score) for p in fused]

    def candidates(self, sparse: SparseVector, dense: Sequence[float] | None, *, limit: int,
                   also: SparseVector | None = None) -> list[Hit]:
        """The keyword top ``limit`` and the dense top ``limit`` (and ``also``'s keyword top ``limit``), every
        hit scored on all of them."""
        matrix, chunks = self.matrix, self.chunks
        rows, scores = matrix.sparse_scores(sparse.indices, sparse.values)
        keyword = dict(zip(rows.tolist(), scores.tolist(), strict=True))
        picked = [r for r, _ in MatrixIndex.top(rows, scores, limit)]
        dscores = matrix.dense_scores(dense) if dense is not None and matrix.dense is not None else None
        if dscores is not None:
            picked += [r for r, _ in MatrixIndex.top(np.arange(len(dscores)), dscores, limit)]
        extra: dict[int, float] | None = None
        if also is not None:
            a_rows, a_scores = matrix.sparse_scores(also.indices, also.values)
            extra = dict(zip(a_rows.tolist(), a_scores.tolist(), strict=True))
            picked += [r for r, _ in MatrixIndex.top(a_rows, a_scores, limit)]
        return [Hit(chunks[r], keyword.get(r, 0.0), sparse=keyword.get(r, 0.0),
                    dense=float(dscores[r]) if dscores is not None else None,
                    also=extra.get(r, 0.0) if extra is not None else None) for r in dict.fromkeys(picked)]

    def article_chunks(self, doc_number: str, article: str) -> list[Chunk]:
        return sorted((c for c in self.chunks if c.doc_number == doc_number and c.article == article),
                      key=lambda c: c.order)

    def amending_chunks(self) -> list[Chunk]:
        return [c for c in self.chunks if c.amends]

    def form_chunks(self, form: str) -> list[Chunk]:
        return [c for c in self.chunks if c.form == form]

    def document_chunks(self, doc_number: str) -> list[Chunk]:
        return sorted((c for c in self.chunks if c.doc_number == doc_number), key=lambda c: c.order)
