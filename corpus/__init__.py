"""Corpus stage: read documents, parse their legal structure, join catalog facts.

Names load their module on first use (PEP 562), so importing one light module of the
package (its settings, its errors) does not import the heavy ones: the CLI starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.lazy import lazy_getattr

if TYPE_CHECKING:
    from corpus.catalog import Catalog
    from corpus.errors import CorpusError, TdktError
    from corpus.load import LoadFailure, discover, load_document, load_folder_facts
    from corpus.parse import parse_legal
    from corpus.records import Document, DocumentFacts, Header, ParsedText, SourceText, Unit

_FROM = {
    "Catalog": "corpus.catalog",
    "CorpusError": "corpus.errors",
    "TdktError": "corpus.errors",
    "LoadFailure": "corpus.load",
    "discover": "corpus.load",
    "load_document": "corpus.load",
    "load_folder_facts": "corpus.load",
    "parse_legal": "corpus.parse",
    "Document": "corpus.records",
    "DocumentFacts": "corpus.records",
    "Header": "corpus.records",
    "ParsedText": "corpus.records",
    "SourceText": "corpus.records",
    "Unit": "corpus.records",
}

__all__ = [
    "Catalog",
    "CorpusError",
    "Document",
    "DocumentFacts",
    "Header",
    "LoadFailure",
    "ParsedText",
    "SourceText",
    "TdktError",
    "Unit",
    "discover",
    "load_document",
    "load_folder_facts",
    "parse_legal",
]


__getattr__ = lazy_getattr(__name__, _FROM, globals())
