"""What changed: each provision in force beside the rule it replaced, from the catalog's succession links.

The catalog says which document replaced which (NĐ 91/2017 → NĐ 98/2023 → NĐ 152/2025; Luật 2003,
amended in 2005 and 2013 → Luật 2022). For a clause in force, the predecessors with a text in the
index are walked back through those links (a replaced document without a text, such as NĐ 98/2023,
is passed through), their clauses — and the amending laws' clauses that rewrote them — are compared
by wording, and the closest one becomes the "old" side. Figures that differ are named.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.assistant import Assistant
from assistant.validity import status_on, validity_note
from corpus import Catalog
from corpus.refs import doc_key
from corpus.text import fold, syllables
from indexer import Chunk

__all__ = ["Change", "Side", "predecessors", "what_changed"]

logger = logging.getLogger(__name__)

_MIN_SIMILARITY = 0.12  # below this, no old clause is about the same thing
_SAME = 0.92  # above this, the wording did not change
_FIGURE = re.compile(r"(?<![\d,])\d{1,3}(?:,\d+)?(?:%| lần mức lương cơ sở| năm| lần| tháng| ngày(?: làm việc)?| bộ| bản)\b")
_MAX_TEXT = 1200
_SAME_NUMBER = 0.1


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a change: the clause as its document words it, and where it sits."""

    doc_number: str
    label: str  # "Khoản 2 Điều 23 Luật Thi đua, khen thưởng 2003 (15/2003/QH11)"
    text: str
    status: str
    validity_note: str

    def to_dict(self) -> dict[str, Any]:
        return {"doc_number": self.doc_number, "label": self.label, "text": self.text, "status": self.status,
                "validity_note": self.validity_note}


@dataclass(frozen=True, slots=True)
class Change:
    """A clause in force and the replaced clause closest to it."""

    new: Side
    old: Side
    similarity: float  # 0..1, bigram overlap of the two wordings
    figures_old: tuple[str, ...]  # figures of the old text the new one no longer states
    figures_new: tuple[str, ...]  # figures of the new text the old one did not state

    @property
    def summary(self) -> str:
        if self.figures_old or self.figures_new:
            old = ", ".join(self.figures_old) or "—"
            new = ", ".join(self.figures_new) or "—"
            return f"Con số thay đổi: {old} → {new}."
        return "Nội dung được viết lại (xem đối chiếu)."

    def to_dict(self) -> dict[str, Any]:
        return {"new": self.new.to_dict(), "old": self.old.to_dict(), "similarity": round(self.similarity, 3),
                "figures_old": list(self.figures_old), "figures_new": list(self.figures_new),
                "summary": self.summary}


def predecessors(catalog: Catalog, number: str, available: set[str]) -> list[str]:
    """Documents ``number`` replaced, nearest first, through replaced ones whose text is not indexed."""
    out: list[str] = []
    seen = {doc_key(number)}
    frontier = [number]
    while frontier:
        current = frontier.pop(0)
        facts = catalog.get(current)
        direct = {doc_key(r) for r in (facts.replaces if facts else ())}
        direct |= {doc_key(f.number) for f in catalog if any(doc_key(s.number) == doc_key(current)
                                                             for s in f.superseded_by)}
        for key in sorted(direct - seen):
            seen.add(key)
            found = catalog.get(key)
            name = found.number if found else key
            if key in available:
                out.append(name)
            frontier.append(name)
    return out


def _bigrams(text: str) -> set[str]:
    words = [fold(w).lower() for w in syllables(text)]
    return {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}


def _similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _renumbered(new: Chunk, old: Chunk) -> float:
    """A small lift for the same article number in a document of the same type (Luật 2003 → Luật 2022
    kept most numbers); an amending clause counts as the article it rewrites."""
    article = old.article
    if old.amends:
        m = re.search(r"Điều\s+(\w+)", old.amends)
        article = m.group(1) if m else article
    return _SAME_NUMBER if article == new.article and old.doc_type == new.doc_type else 0.0


def _figures(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(0) for m in _FIGURE.finditer(text)))


def _key(value: str) -> str:
    return re.sub(r"(?<!\d)0+(?=\d)", "", value)


def _side(chunk: Chunk, catalog: Catalog, at: date) -> Side:
    status = status_on(chunk, at, catalog)
    text = chunk.text if len(chunk.text) <= _MAX_TEXT else chunk.text[:_MAX_TEXT].rsplit(" ", 1)[0] + " …"
    return Side(doc_number=chunk.doc_number, label=chunk.label(), text=text, status=status,
                validity_note=validity_note(chunk, status, at, catalog))


def what_changed(assistant: Assistant, chunks: Iterable[Chunk], *, at: date | None = None,
                 limit: int = 12) -> list[Change]:
    """For each clause in force (in the given order), the replaced clause closest to it, when it differs."""
    at = at or assistant.today()
    info = assistant.store.info()
    available = {doc_key(e.number) for e in (info.documents if info else []) if e.kind == "legal"}
    amending = assistant.store.amending_chunks()
    old_chunks: dict[str, list[Chunk]] = {}
    changes: list[Change] = []
    used: set[str] = set()
    for chunk in chunks:
        if len(changes) >= limit:
            break
        olds = predecessors(assistant.catalog, chunk.doc_number, available)
        candidates: list[Chunk] = []
        for number in olds:
            if number not in old_chunks:
                own = [c for c in assistant.store.document_chunks(number) if c.article and not c.form]
                rewrites = [c for c in amending if (c.amends or "").startswith(number)]
                old_chunks[number] = own + rewrites
            candidates += old_chunks[number]
        if not candidates:
            continue
        new_bigrams = _bigrams(chunk.text)
        score, best = max(((_similarity(new_bigrams, _bigrams(c.text)) + _renumbered(chunk, c), c)
                           for c in candidates), key=lambda x: x[0])
        if score < _MIN_SIMILARITY or score >= _SAME or best.id in used:
            continue
        used.add(best.id)
        old_figures = {_key(f): f for f in _figures(best.text)}
        new_figures = {_key(f): f for f in _figures(chunk.text)}
        changes.append(Change(
            new=_side(chunk, assistant.catalog, at), old=_side(best, assistant.catalog, at), similarity=score,
            figures_old=tuple(v for k, v in old_figures.items() if k not in new_figures),
            figures_new=tuple(v for k, v in new_figures.items() if k not in old_figures),
        ))
    logger.info("what changed: %d pairs", len(changes))
    return changes
