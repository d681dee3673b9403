"""Citable pieces of indexed articles: each paragraph of a clause or point, with its exact label.

Trainer tools (quiz, dossier checklists) quote a single line and must cite the clause or point it
sits in. Chunks hold whole clauses (or whole short articles), so each chunk is re-read with the
corpus parser itself, never with a second set of structure regexes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from assistant.records import Citation
from assistant.validity import status_on, validity_note
from corpus import Catalog, Unit, parse_legal
from indexer import Chunk, Store

__all__ = ["Paragraph", "article_titles", "cite", "in_force_chunks", "paragraphs"]

logger = logging.getLogger(__name__)

_ENDS = (".", ";", ":", "!", "?", ")", "”", '"')


def _broken(prev: str, line: str) -> bool:
    """A line break inside a sentence: an open quotation, or a lower-case continuation."""
    if prev.endswith(_ENDS):
        return False
    return prev.count("“") > prev.count("”") or line[:1].islower()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One line of an article, verbatim, with the clause and point that contain it."""

    chunk: Chunk
    clause: str | None  # "2"; None for an article's lead-in or an article without clauses
    point: str | None  # "đ"
    text: str  # the line as the document has it, without its "2." / "a)" label
    unit_text: str  # the whole cited unit: the clause with its points, or the point
    intro: str = ""  # the clause's lead-in, when this line belongs to a point
    lead: bool = False  # the clause's (or article's) own first line, before any point

    @property
    def label(self) -> str:
        """"Điểm a Khoản 2 Điều 36 Nghị định 152/2025/NĐ-CP"."""
        return replace(self.chunk, clause=self.clause).label(self.point)


def in_force_chunks(store: Store, catalog: Catalog, at: date) -> list[Chunk]:
    """Article chunks of the legal documents in force on ``at``, in document order."""
    info = store.info()
    out: list[Chunk] = []
    for entry in info.documents if info else []:
        if entry.kind != "legal":
            continue
        chunks = store.document_chunks(entry.number)
        if chunks and status_on(chunks[0], at, catalog) == "in_force":
            out.extend(c for c in chunks if c.article and not c.form)
    logger.debug("%d chunks in force on %s", len(out), at)
    return out


def article_titles(chunks: list[Chunk]) -> dict[tuple[str, str], str]:
    """Each article's title; for an untitled one, its lead-in's first line.

    The parser reads an "Điều N. …" line over 160 characters as body text, so long titles
    (TT 07/2026 Điều 20: "Hồ sơ, thủ tục đề nghị xét tặng danh hiệu …") arrive as the lead-in.
    """
    titles: dict[tuple[str, str], str] = {}
    for c in chunks:
        key = (c.doc_number, c.article)
        if titles.get(key):
            continue
        title = c.article_title or c.lead.split("\n")[0]
        if not title and c.clause in (None, "0"):
            title = c.text.split("\n")[0]
        titles[key] = title.strip()
    return titles


def paragraphs(chunk: Chunk) -> Iterator[Paragraph]:
    """Every line of a chunk, each with the clause/point it belongs to."""
    parsed = parse_legal(f"Điều {chunk.article}.\n{chunk.text}")
    articles = parsed.root.find("dieu")
    if not articles:
        return
    article = articles[0]
    own_clause = chunk.clause if chunk.clause not in (None, "0") else None
    if article.text:
        # A clause chunk whose label the parser did not take stays cited as that clause.
        yield from _lines(chunk, own_clause, None, article.text, article.full_text(), "", True)
    for clause in article.children:
        if clause.kind == "khoan":
            yield from _clause(chunk, clause)
        elif clause.kind == "diem":
            yield from _point(chunk, own_clause, clause, article.text)


def _clause(chunk: Chunk, clause: Unit) -> Iterator[Paragraph]:
    unit_text = f"{clause.label}. {clause.full_text()}"
    yield from _lines(chunk, clause.label, None, clause.text, unit_text, "", True)
    for point in clause.children:
        if point.kind == "diem":
            yield from _point(chunk, clause.label, point, clause.text)


def _point(chunk: Chunk, clause: str | None, point: Unit, intro: str) -> Iterator[Paragraph]:
    yield from _lines(chunk, clause, point.label, point.text, point.full_text(), intro, False)


def _lines(chunk: Chunk, clause: str | None, point: str | None, text: str, unit_text: str, intro: str,
           lead: bool) -> Iterator[Paragraph]:
    lines: list[str] = []
    for line in (t.strip() for t in text.split("\n")):
        if lines and line and _broken(lines[-1], line):
            lines[-1] += "\n" + line  # a sentence the source broke across lines stays whole (and verbatim)
        elif line:
            lines.append(line)
    for i, line in enumerate(lines):
        yield Paragraph(chunk=chunk, clause=clause, point=point, text=line, unit_text=unit_text,
                        intro=intro, lead=lead and i == 0)


def cite(p: Paragraph, catalog: Catalog, at: date) -> Citation:
    """The citation of a paragraph: its clause or point, quoted whole, with validity on ``at``."""
    c = p.chunk
    status = status_on(c, at, catalog)
    return Citation(
        doc_number=c.doc_number, doc_title=c.doc_title, short_title=c.short_title, article=c.article,
        clause=p.clause, point=p.point, text=p.unit_text, status=status, label=p.label,
        article_title=c.article_title, superseded_by=c.superseded_by,
        validity_note=validity_note(c, status, at, catalog), chunk_id=c.id, doc_kind=c.doc_kind,
    )
