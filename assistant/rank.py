"""Reranking with what the law's structure says: titles, validity, hierarchy, named documents."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.query import INTENT_TITLES, QueryPlan
from assistant.validity import status_on
from corpus import Catalog
from corpus.refs import doc_key
from corpus.text import fold
from indexer import Chunk, Hit

__all__ = ["Ranked", "RankWeights", "group_articles", "rerank"]

# Clauses that only delegate ("Chính phủ quy định chi tiết …") or point elsewhere say little.
_DELEGATION = re.compile(
    r"^\d+\.\s*(?:Chính phủ|Bộ trưởng|Thủ tướng|Ủy ban nhân dân|Bộ, ban, ngành|Bộ Quốc phòng|Bộ Công an)"
    r"[^.]{0,120}(?:quy định chi tiết|hướng dẫn|quy định cụ thể)"
)
_ELSEWHERE = re.compile(r"^\d+\.\s*Ngoài (?:các )?trường hợp quy định tại")
_ASKS_FORM = re.compile(r"\bmau\b|bieu mau|to trinh|bao cao thanh tich|don de nghi|danh sach de nghi")
_GENERIC = frozenset(
    "danh hieu thi dua khen thuong quy dinh ve cua va cho cac duoc theo nhung trong doi voi hinh thuc "
    "nay do tai dieu khoan diem luat nghi dinh thong tu".split()
)


@dataclass(frozen=True, slots=True)
class RankWeights:
    """Reranking weights; defaults chosen on evals/questions/dev.jsonl (see README)."""

    title_overlap: float = 0.2
    intent_title: float = 0.12
    named_doc: float = 0.35
    superseded: float = 0.55  # multiplier when the question is about today's rules
    superseded_unreplaced: float = 0.9  # … when no newer text on the same subject is indexed
    not_yet: float = 0.4
    material: float = 0.5
    reference: float = 1.0
    delegation: float = 0.85
    form: float = 0.5
    other_sector: float = 0.8
    decree: float = 0.98  # the document hierarchy: Luật > Nghị định > Thông tư for the same point
    circular: float = 0.95
    elsewhere: float = 0.92


@dataclass(frozen=True, slots=True)
class Ranked:
    chunk: Chunk
    score: float
    status: str  # on the plan's date
    base: float


def _title_words(chunk: Chunk) -> set[str]:
    # Articles of the 2003 law have no titles: their opening words name the subject instead.
    title = chunk.article_title or " ".join(chunk.text.split()[:14])
    return {w for w in re.findall(r"\w+", fold(title).lower()) if w not in _GENERIC and len(w) > 1}


def _title_overlap(plan: QueryPlan, chunk: Chunk) -> float:
    words = _title_words(chunk)
    if not words:
        return 0.0
    query = set(plan.content_words) | set(re.findall(r"\w+", fold(plan.search_text).lower()))
    return len(words & query) / len(words)


def _successor_on_hand(number: str, catalog: Catalog) -> bool:
    return any(f.text_available for f in catalog.successors(number))


def rerank(plan: QueryPlan, hits: list[Hit], catalog: Catalog, weights: RankWeights | None = None) -> list[Ranked]:
    w = weights or RankWeights()
    if not hits:
        return []
    top = max(h.score for h in hits) or 1.0
    named = {doc_key(n) for n in plan.doc_numbers}
    out = []
    for hit in hits:
        c = hit.chunk
        base = hit.score / top
        score = base
        score += w.title_overlap * _title_overlap(plan, c)
        title_folded = fold(c.article_title).lower()
        if any(re.search(INTENT_TITLES[i], title_folded) for i in plan.intents if i in INTENT_TITLES):
            score += w.intent_title
        if named and doc_key(c.doc_number) in named:
            score += w.named_doc
        facts = catalog.get(c.doc_number)
        if facts is not None and facts.sector_terms and not any(
                re.search(rf"\b{t}\b", plan.folded) for t in facts.sector_terms):
            score *= w.other_sector  # the education circular, for a question from outside education
        status = status_on(c, plan.as_of, catalog)
        if c.doc_kind == "material":
            score *= w.material
        elif status in ("superseded", "expired"):
            # A replaced text whose replacement is not on hand is still the best text there is.
            score *= w.superseded if _successor_on_hand(c.doc_number, catalog) else w.superseded_unreplaced
        elif status == "not_yet":
            score *= w.not_yet
        score *= {"Luật": 1.0, "Nghị định": w.decree, "Thông tư": w.circular}.get(c.doc_type, w.circular)
        if c.clause == "0":
            score *= 0.9  # an article's lead-in says less than its clauses
        if c.form and not _ASKS_FORM.search(plan.folded):
            score *= w.form  # a form answers only a question about a form
        if _DELEGATION.match(c.text) and "authority" not in plan.intents:
            score *= w.delegation
        elif _ELSEWHERE.match(c.text):
            score *= w.elsewhere
        out.append(Ranked(c, score, status, base))
    out.sort(key=lambda r: r.score, reverse=True)
    return out


def group_articles(ranked: list[Ranked]) -> list[list[Ranked]]:
    """Chunks grouped by (document, article), groups in order of their best chunk."""
    groups: dict[tuple[str, str], list[Ranked]] = {}
    for r in ranked:
        key = (r.chunk.doc_number, r.chunk.article or r.chunk.id)
        groups.setdefault(key, []).append(r)
    return list(groups.values())
