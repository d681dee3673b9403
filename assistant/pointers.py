"""The provision of another document that the quoted one points to.

A decree details the law by pointing at it: "danh hiệu “Cờ thi đua của Chính phủ” xét tặng cho tập thể đạt
tiêu chuẩn quy định tại khoản 1 Điều 25 của Luật"; "chi tiền thưởng theo quy định tại khoản 4 Điều 11 của
Luật Thi đua, khen thưởng". The answer that quotes the decree quotes what it points to as well: without it
the reader holds a pointer, not the rule. Only a pointer to another kind of document counts (a decree to the
law, a circular to the decree): pointers within one text ("Điều 33 Nghị định này") lead to lists of their
own, and the answer already rests on that text.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from assistant.extract import CLAUSE_LINE, Unit, numbered_blocks, units_of
from corpus.refs import Reference, find_references
from indexer import Chunk

__all__ = ["pointed_unit"]


def pointed_unit(unit: Unit, resolve: Callable[[Reference], list[Chunk]], quoted: Collection[str]) -> Unit | None:
    """The first provision of another kind of document that ``unit`` points to and the answer does not
    quote yet (``quoted``: chunk ids), as one span: the point named, else the clause, else the article's
    first passage. ``resolve`` finds a reference's passages in the library (in force on the date asked)."""
    own_type = unit.chunk.doc_type
    for ref in find_references(unit.text):
        if ref.article is None or ref.doc is None or not ref.doc.doc_type or ref.doc.doc_type == own_type:
            continue
        chunks = [c for c in resolve(ref) if c.id not in quoted]
        clause = str(ref.clause) if ref.clause is not None else None
        if clause is not None:
            # A clause is its own passage, or part of a short article's.
            chunks = [c for c in chunks if c.clause == clause] or [c for c in chunks if c.clause in (None, "0")]
        if not chunks:
            continue
        chunk = chunks[0]
        units = [u for u in units_of(chunk) if clause is None or chunk.clause == clause or u.clause == clause]
        if ref.point is not None:
            named = next((u for u in units if u.point == ref.point), None)
            if named is not None:
                return named
        if clause is not None and chunk.clause != clause:
            text = dict(numbered_blocks(chunk.text.split("\n"), CLAUSE_LINE)).get(clause, "")
            if not text:
                continue
            return Unit(chunk, clause, None, text, chunk.lead or chunk.article_title)
        return Unit(chunk, chunk.clause, None, chunk.text, chunk.lead or chunk.article_title)
    return None
