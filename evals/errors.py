"""Evaluation errors (see the tree in corpus/errors.py)."""

from __future__ import annotations

from corpus.errors import TdktError

__all__ = ["EvalError", "NoBaselineSources"]


class EvalError(TdktError):
    code = "eval.error"


class NoBaselineSources(EvalError):
    """The baselines have no documents to read: the indexed files moved and no folder was given."""

    code = "eval.no_sources"
