"""The tdkt exception tree.

All expected failures derive from one root::

    TdktError
    ├── CorpusError                  (corpus/errors.py)
    │   ├── UnsupportedFormat        corpus.unsupported_format
    │   ├── EmptyDocument            corpus.empty
    │   ├── BinaryContent            corpus.binary
    │   ├── CorruptDocument          corpus.corrupt
    │   ├── NoTextLayer              corpus.no_text_layer
    │   ├── DocumentTooLarge         corpus.too_large
    │   ├── NoStructure              corpus.no_structure
    │   └── CatalogError             corpus.catalog
    ├── IndexError_                  (indexer/errors.py)
    │   ├── IndexMissing             index.missing
    │   ├── IndexLocked              index.locked
    │   ├── StoreUnavailable         index.unavailable
    │   ├── StoreWriteError          index.write_failed
    │   └── ModelLoadError           index.model_load
    ├── AssistantError               (assistant/errors.py)
    │   ├── InvalidQuestion          assistant.invalid_question
    │   └── LLMError                 assistant.llm
    └── EvalError                    (evals/errors.py)
        └── NoBaselineSources        eval.no_sources

Messages are English, for logs. The Vietnamese text users see lives in
``bots/messages.py`` keyed by ``code``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "BinaryContent",
    "CatalogError",
    "CorpusError",
    "CorruptDocument",
    "DocumentTooLarge",
    "EmptyDocument",
    "NoStructure",
    "NoTextLayer",
    "TdktError",
    "UnsupportedFormat",
]


class TdktError(Exception):
    """Root of every expected tdkt failure."""

    code = "tdkt.error"

    def __init__(self, message: str, **data: object) -> None:
        super().__init__(message)
        self.message = message
        self.data = data

    def __str__(self) -> str:
        return self.message


class CorpusError(TdktError):
    """A document could not be read or parsed."""

    code = "corpus.error"

    def __init__(self, message: str, path: Path | str | None = None, **data: object) -> None:
        super().__init__(message, path=str(path) if path is not None else None, **data)
        self.path = str(path) if path is not None else None


class UnsupportedFormat(CorpusError):
    code = "corpus.unsupported_format"


class EmptyDocument(CorpusError):
    code = "corpus.empty"


class BinaryContent(CorpusError):
    code = "corpus.binary"


class CorruptDocument(CorpusError):
    code = "corpus.corrupt"


class NoTextLayer(CorpusError):
    code = "corpus.no_text_layer"


class DocumentTooLarge(CorpusError):
    code = "corpus.too_large"


class NoStructure(CorpusError):
    code = "corpus.no_structure"


class CatalogError(CorpusError):
    code = "corpus.catalog"
