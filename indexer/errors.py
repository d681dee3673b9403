"""Indexer errors (see the tree in corpus/errors.py)."""

from __future__ import annotations

from corpus.errors import TdktError

__all__ = ["IndexError_", "IndexLocked", "IndexMissing", "ModelLoadError", "StoreUnavailable", "StoreWriteError"]


class IndexError_(TdktError):  # noqa: N801 - avoid shadowing the builtin IndexError
    code = "index.error"


class IndexMissing(IndexError_):
    code = "index.missing"


class IndexLocked(IndexError_):
    code = "index.locked"


class StoreUnavailable(IndexError_):
    code = "index.unavailable"


class StoreWriteError(IndexError_):
    code = "index.write_failed"


class ModelLoadError(IndexError_):
    code = "index.model_load"
