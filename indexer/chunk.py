"""Documents → chunks by legal unit: a short article whole, a long one clause by clause."""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from corpus import Document, Unit
from corpus.parse import ATTACHED_LABEL
from corpus.refs import doc_key
from indexer.records import Chunk

__all__ = ["CHUNKING_VERSION", "chunk_document"]

# Raise when parsing or chunking gives other chunks for the same file: an index built by another
# version has every given file read again (vectors still come from the cache when unchanged).
CHUNKING_VERSION = 2

logger = logging.getLogger(__name__)
_NAMESPACE = uuid.UUID("6f1c5e0a-8a56-4d0c-9a4e-0b7f6d1c2e33")
_MATERIAL_CHARS = 900
_MAX_LEAD = 300


def chunk_id(doc_number: str, path: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{doc_key(doc_number)}#{path}"))


def chunk_document(doc: Document, *, max_article_chars: int = 1200) -> list[Chunk]:
    """Chunks carry their context (document, chapter, article title) and all citation fields."""
    if doc.kind == "material":
        return list(_material_chunks(doc))
    chunks: list[Chunk] = []
    for part, chapter, section, article in _articles(doc.root):
        whole = article.full_text()
        clauses = [c for c in article.children if c.kind == "khoan"]
        heading = article.heading()
        ctx = " › ".join(p for p in (doc.short_title, chapter, section, heading) if p)
        if len(whole) <= max_article_chars or not clauses:
            points = tuple(u.label for u in article.walk() if u.kind == "diem")
            chunks.append(_chunk(doc, chapter, section, article, None, points, whole, ctx, len(chunks), part=part))
            continue
        lead = article.text.strip()
        if len(lead) > _MAX_LEAD:
            # A long lead-in says something of its own: it is a passage, not context.
            chunks.append(_chunk(doc, chapter, section, article, "0", (), lead, ctx, len(chunks), part=part))
            lead = ""
        for clause in article.children:
            if clause.kind != "khoan":
                continue
            text = f"{clause.label}. {clause.full_text()}"
            points = tuple(u.label for u in clause.walk() if u.kind == "diem")
            chunks.append(_chunk(doc, chapter, section, article, clause.label, points, text, ctx, len(chunks),
                                 amends=clause.amends, lead=lead, part=part))
    chunks.extend(_form_chunks(doc, len(chunks)))
    return _unique_ids(doc, chunks)


def _unique_ids(doc: Document, chunks: list[Chunk]) -> list[Chunk]:
    """Two units the parser gave the same path would share an id and the second would overwrite the
    first in the index: keep both, the later one under an id of its own, and say so."""
    seen: Counter[str] = Counter()
    out = []
    for c in chunks:
        seen[c.id] += 1
        if seen[c.id] > 1:
            logger.warning("%s: a second unit at %s (%s); indexed under its own id",
                           doc.number, c.label(), c.text[:60])
            c = replace(c, id=str(uuid.uuid5(_NAMESPACE, f"{c.id}#{seen[c.id]}")))
        out.append(c)
    return out


def _articles(root: Unit, chapter: str = "", section: str = "",
              part: str = "") -> Iterator[tuple[str, str, str, Unit]]:
    """(part, chapter, section, article); part names an attached text ("Quy định ban hành kèm theo")."""
    for unit in root.children:
        if unit.kind == "dieu":
            yield part, chapter, section, unit
        elif unit.kind == "phan" and unit.label == ATTACHED_LABEL:
            yield from _articles(unit, "", "", unit.title)
        elif unit.kind in ("phan", "chuong"):
            yield from _articles(unit, unit.heading(), "", part)
        elif unit.kind in ("muc", "tieumuc"):
            yield from _articles(unit, chapter, unit.heading(), part)


def _form_chunks(doc: Document, start: int) -> Iterator[Chunk]:
    """One chunk per appendix form (Mẫu số …), after the articles so their ids and order stay put."""
    order = start
    # Forms sit in an appendix ("Phụ lục I"), or right after the last article when a text has none.
    groups = [(u.heading(), [f for f in u.walk() if f.kind == "mau"]) for u in doc.root.children if u.kind == "phuluc"]
    groups.append(("", [u for u in doc.root.children if u.kind == "mau"]))
    for heading, forms in groups:
        for form in forms:
            title = form.heading()
            text = form.full_text()
            if not text.strip():
                continue
            yield Chunk(
                id=chunk_id(doc.number, f"mau:{form.label}"), doc_number=doc.number, doc_title=doc.title,
                short_title=doc.short_title, doc_type=doc.doc_type, issuer=doc.issuer,
                issued=doc.issued.isoformat() if doc.issued else None,
                effective=doc.effective.isoformat() if doc.effective else None, status=doc.status,
                superseded_by=doc.superseded_by,
                superseded_on=doc.superseded_on.isoformat() if doc.superseded_on else None,
                doc_kind=doc.kind, chapter="", section=heading, article="", article_title=title, clause=None,
                points=(), text=text, context=" › ".join((doc.short_title, heading, title)), source=doc.source,
                order=order, doc_sha256=doc.sha256, note=doc.note, form=form.label,
            )
            order += 1


def _chunk(doc: Document, chapter: str, section: str, article: Unit, clause: str | None,
           points: tuple[str, ...], text: str, context: str, order: int, amends: str | None = None,
           lead: str = "", part: str = "") -> Chunk:
    path = ("kem/" if part else "") + f"dieu:{article.label}" + (f"/khoan:{clause}" if clause is not None else "")
    return Chunk(
        id=chunk_id(doc.number, path),
        doc_number=doc.number,
        doc_title=doc.title,
        short_title=doc.short_title,
        doc_type=doc.doc_type,
        issuer=doc.issuer,
        issued=doc.issued.isoformat() if doc.issued else None,
        effective=doc.effective.isoformat() if doc.effective else None,
        status=doc.status,
        superseded_by=doc.superseded_by,
        superseded_on=doc.superseded_on.isoformat() if doc.superseded_on else None,
        doc_kind=doc.kind,
        chapter=chapter,
        section=section,
        article=article.label,
        article_title=article.title,
        clause=clause,
        points=points,
        text=text,
        context=context,
        source=doc.source,
        order=order,
        amends=amends,
        doc_sha256=doc.sha256,
        note=doc.note,
        lead=lead,
        part=part,
    )


def _material_chunks(doc: Document) -> Iterator[Chunk]:
    buffer: list[str] = []
    start = 1
    order = 0

    def flush() -> Chunk:
        text = "\n".join(buffer)
        path = f"doan:{start}"
        return Chunk(
            id=chunk_id(doc.number, path), doc_number=doc.number, doc_title=doc.title,
            short_title=doc.short_title, doc_type=doc.doc_type, issuer=doc.issuer,
            issued=doc.issued.isoformat() if doc.issued else None, effective=None, status=doc.status,
            superseded_by=(), superseded_on=None, doc_kind="material", chapter="", section="",
            article="", article_title="", clause=str(start), points=(), text=text,
            context=f"{doc.title} ({doc.issuer}, {doc.issued.strftime('%d/%m/%Y') if doc.issued else ''})",
            source=doc.source, order=order, doc_sha256=doc.sha256,
        )

    for unit in doc.root.children:
        if buffer and sum(len(b) for b in buffer) + len(unit.text) > _MATERIAL_CHARS:
            yield flush()
            order += 1
            buffer, start = [], int(unit.label)
        if not buffer:
            start = int(unit.label)
        buffer.append(unit.text)
    if buffer:
        yield flush()
