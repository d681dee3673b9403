"""Browsing the indexed documents: list, table of contents, whole articles — from the index alone."""

from __future__ import annotations

import re
from datetime import date

from assistant.errors import UnknownDocument
from assistant.records import ArticleView, DocumentView, TocEntry
from assistant.validity import status_on, validity_note
from corpus import Catalog
from corpus.refs import doc_key
from indexer import Chunk, DocEntry, Store

__all__ = ["Library", "doc_id"]


def doc_id(number: str) -> str:
    """URL-safe id of a document number: "152/2025/NĐ-CP" → "152-2025-NĐ-CP"."""
    return re.sub(r"[^\w\-]+", "-", number).strip("-")


class Library:
    """Read-only views of what the index holds; every answer's article can be shown whole."""

    def __init__(self, store: Store, catalog: Catalog) -> None:
        self.store = store
        self.catalog = catalog

    def _entries(self) -> list[DocEntry]:
        info = self.store.info()
        return list(info.documents) if info else []

    def _entry(self, ident: str) -> DocEntry:
        key = doc_key(ident.replace("-", "/")) if "/" not in ident else doc_key(ident)
        for e in self._entries():
            if doc_id(e.number) == ident or doc_key(e.number) == key or e.number == ident:
                return e
        raise UnknownDocument(f"no document {ident!r} in the index", document=ident)

    def _status(self, e: DocEntry, at: date) -> tuple[str, str]:
        probe = self._probe(e)
        status = status_on(probe, at, self.catalog)
        return status, validity_note(probe, status, at, self.catalog)

    @staticmethod
    def _probe(e: DocEntry) -> Chunk:
        return Chunk(
            id="", doc_number=e.number, doc_title=e.title, short_title=e.short_title, doc_type=e.doc_type,
            issuer=e.issuer, issued=e.issued, effective=e.effective, status=e.status,
            superseded_by=tuple(e.superseded_by), superseded_on=e.superseded_on, doc_kind=e.kind, chapter="",
            section="", article="", article_title="", clause=None, points=(), text="", context="",
            source=e.source, order=0,
        )

    def documents(self, at: date | None = None) -> list[DocumentView]:
        at = at or date.today()
        out = []
        for e in self._entries():
            status, note = self._status(e, at)
            out.append(DocumentView(
                id=doc_id(e.number), number=e.number, title=e.title, short_title=e.short_title,
                doc_type=e.doc_type, kind=e.kind, issuer=e.issuer, issued=e.issued, effective=e.effective,
                status=status, superseded_by=tuple(e.superseded_by), validity_note=note, articles=e.articles,
            ))
        order = {"in_force": 0, "unknown": 1, "not_yet": 2, "expired": 3, "superseded": 4}
        out.sort(key=lambda d: (d.kind != "legal", order.get(d.status, 5), d.issued or ""), reverse=False)
        return out

    def document(self, ident: str, at: date | None = None) -> DocumentView:
        """A document with its table of contents (chapters, sections, articles)."""
        e = self._entry(ident)
        at = at or date.today()
        status, note = self._status(e, at)
        toc: list[TocEntry] = []
        chapter = section = None
        seen: set[str] = set()
        for c in self.store.document_chunks(e.number):
            if c.chapter and c.chapter != chapter:
                chapter = c.chapter
                toc.append(TocEntry("chuong", "", c.chapter))
            if c.section and c.section != section:
                section = c.section
                toc.append(TocEntry("muc", "", c.section))
            if c.article and c.article not in seen:
                seen.add(c.article)
                toc.append(TocEntry("dieu", c.article, c.article_title))
        return DocumentView(
            id=doc_id(e.number), number=e.number, title=e.title, short_title=e.short_title, doc_type=e.doc_type,
            kind=e.kind, issuer=e.issuer, issued=e.issued, effective=e.effective, status=status,
            superseded_by=tuple(e.superseded_by), validity_note=note, articles=e.articles, toc=tuple(toc),
        )

    def article(self, ident: str, article: str, at: date | None = None) -> ArticleView:
        e = self._entry(ident)
        chunks = self.store.article_chunks(e.number, str(article))
        if not chunks:
            raise UnknownDocument(f"no Điều {article} in {e.number}", document=ident, article=article)
        at = at or date.today()
        first = chunks[0]
        status = status_on(first, at, self.catalog)
        clauses = tuple((c.clause if c.clause not in (None, "0") else None, c.text) for c in chunks)
        heading = f"Điều {first.article}. {first.article_title}" if first.article_title else f"Điều {first.article}"
        return ArticleView(
            doc_id=doc_id(e.number), doc_number=e.number, short_title=e.short_title, article=first.article,
            title=first.article_title, chapter=first.chapter, text="\n".join([heading, *(t for _, t in clauses)]),
            clauses=clauses, status=status, validity_note=validity_note(first, status, at, self.catalog),
            label=first.label().replace(f"Khoản {first.clause} ", "") if first.clause else first.label(),
        )
