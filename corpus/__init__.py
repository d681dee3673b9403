"""Corpus stage: read documents, parse their legal structure, join catalog facts."""

from corpus.catalog import Catalog
from corpus.errors import CorpusError, TdktError
from corpus.load import LoadFailure, discover, load_document, load_folder_facts
from corpus.parse import parse_legal
from corpus.records import Document, DocumentFacts, Header, ParsedText, SourceText, Unit

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
