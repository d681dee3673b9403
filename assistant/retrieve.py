"""Retrieve: the candidate passages for an understood question, ranked by the one fitted scoring function.

Candidates come from keyword search and the dense model (each its own top list, unfused), the
passages the question names ("khoản 3 Điều 4 Nghị định 152"), and the amending clauses that
rewrite a candidate article on the date asked. ``assistant.rank`` orders them all; the same
ranked list serves `tdkt search`, the web search and the answers.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date

from assistant.features import Candidate
from assistant.query import QueryPlan, story_ask
from assistant.rank import Ranked, RankModel, rank
from assistant.validity import status_on
from corpus import Catalog
from corpus.refs import Reference, doc_key
from indexer import Chunk, CrossReranker, Searcher, Store

__all__ = ["Retriever", "amendment_map"]

_RANKED_KEPT = 8  # rankings kept: the plans of one ask, and of the asks of one message
_AMENDS = re.compile(r"^(\S+)\s+(?:khoản\s+(\d+)\s+)?Điều\s+(\w+)")


def amendment_map(chunks: Sequence[Chunk]) -> dict[tuple[str, str], list[Chunk]]:
    """(amended document, article) → the amending clauses that rewrite it."""
    out: dict[tuple[str, str], list[Chunk]] = {}
    for c in chunks:
        m = _AMENDS.match(c.amends or "")
        if m:
            out.setdefault((doc_key(m.group(1)), m.group(3)), []).append(c)
    return out


class Retriever:
    """Holds the searcher and the catalog; ``retrieve(plan)`` is the ranked list for one question."""

    def __init__(self, store: Store, searcher: Searcher, catalog: Catalog, *, candidates: int = 60,
                 model: RankModel | None = None, cross_encoder: CrossReranker | None = None) -> None:
        self.store = store
        self.searcher = searcher
        self.catalog = catalog
        self.candidates_k = candidates
        self.model = model or RankModel.shipped()
        self.cross_encoder = cross_encoder
        self._amendments: dict[tuple[str, str], list[Chunk]] | None = None
        self._amendments_for: str | None = None
        # One ask ranks the same plan up to three times (the gate, the answer, a multi-part pre-check):
        # the last few rankings, per index version, are kept.
        self._ranked: OrderedDict[tuple[QueryPlan, bool, str], list[Ranked]] = OrderedDict()
        self._ranked_lock = threading.Lock()  # the web server asks from several threads

    def amendments(self) -> dict[tuple[str, str], list[Chunk]]:
        active = self.store.require_active()
        if self._amendments is None or self._amendments_for != active:
            self._amendments = amendment_map(self.store.amending_chunks(active))
            self._amendments_for = active
        return self._amendments

    def candidates(self, plan: QueryPlan, *, use_dense: bool = True) -> list[Candidate]:
        """Everything worth ranking for this question, each with its retrieval scores."""
        hits = self.searcher.candidates(plan.search_text, self.candidates_k, dense_query=plan.dense_query,
                                        use_dense=use_dense, also=story_ask(plan.text))
        found = {h.chunk.id: Candidate(h.chunk, h.sparse or 0.0, h.dense, keyword_ask=h.also or 0.0) for h in hits}
        named = self._referenced(plan)
        has_dense = any(h.dense is not None for h in hits)
        for chunk in named:
            old = found.get(chunk.id)
            found[chunk.id] = Candidate(chunk, old.keyword if old else 0.0,
                                        old.dense if old else (0.0 if has_dense else None), reference=True,
                                        keyword_ask=old.keyword_ask if old else 0.0)
        # Amending clauses that rewrite a well-placed candidate article, in force on the date asked.
        by_keyword = sorted(found.values(), key=lambda c: -c.keyword)[:20]
        amendments = self.amendments()
        for cand in by_keyword:
            for amending in amendments.get((doc_key(cand.chunk.doc_number), cand.chunk.article), ()):
                if status_on(amending, plan.as_of, self.catalog) != "in_force":
                    continue
                old = found.get(amending.id)
                found[amending.id] = Candidate(
                    amending, max(old.keyword if old else 0.0, cand.keyword),
                    old.dense if old and old.dense is not None else cand.dense,
                    reference=bool(old and old.reference), amendment=True,
                    keyword_ask=max(old.keyword_ask if old else 0.0, cand.keyword_ask))
        return list(found.values())

    def clear_rankings(self) -> None:
        """Forget the kept rankings (a benchmark of questions never asked before starts from none)."""
        with self._ranked_lock:
            self._ranked.clear()

    def retrieve(self, plan: QueryPlan, *, use_dense: bool = True) -> list[Ranked]:
        key = (plan, use_dense, self.store.require_active())
        with self._ranked_lock:
            kept = self._ranked.get(key)
            if kept is not None:
                self._ranked.move_to_end(key)
                return list(kept)
        ranked = rank(plan, self.candidates(plan, use_dense=use_dense), self.catalog, self.model)
        if self.cross_encoder is not None:
            ranked = self._cross_rerank(plan, ranked)
        with self._ranked_lock:
            self._ranked[key] = ranked
            while len(self._ranked) > _RANKED_KEPT:
                self._ranked.popitem(last=False)
        return list(ranked)

    def _cross_rerank(self, plan: QueryPlan, ranked: list[Ranked], depth: int = 20) -> list[Ranked]:
        """Blend a cross-encoder's judgement into the top of the list (rank fusion keeps the structure)."""
        assert self.cross_encoder is not None
        head, tail = ranked[:depth], ranked[depth:]
        scores = self.cross_encoder.scores(plan.text, [f"{r.chunk.article_title}\n{r.chunk.text}" for r in head])
        by_ce = {id(r): i for i, (r, _) in enumerate(sorted(zip(head, scores, strict=True), key=lambda x: -x[1]))}
        fused = sorted(head, key=lambda r: -(1 / (2 + head.index(r)) + 1 / (2 + by_ce[id(r)])))
        top = head[0].score if head else 1.0
        return [Ranked(r.chunk, top * (1 - i * 0.01), r.status, r.base, r.features, r.linear)
                for i, r in enumerate(fused)] + tail

    # -- passages the question names --------------------------------------------------------
    def _referenced(self, plan: QueryPlan) -> list[Chunk]:
        """Chunks a question names directly ("khoản 3 Điều 4 Nghị định 152")."""
        out: list[Chunk] = []
        for ref in plan.references:
            if ref.form is not None:
                forms = self.store.form_chunks(ref.form)
                named = [c for c in forms if c.doc_number in plan.doc_numbers]
                current = [c for c in forms if status_on(c, plan.as_of, self.catalog) == "in_force"]
                out.extend((named or current or forms)[:2])
                continue
            if ref.article is None:
                continue
            chunks = self.passages_of(ref, plan.as_of, plan.doc_numbers)
            if ref.clause is not None:
                chunks = [c for c in chunks if c.clause == str(ref.clause)] or chunks
            out.extend(chunks[:4])
        return out

    def passages_of(self, ref: Reference, as_of: date, doc_numbers: Sequence[str] = ()) -> list[Chunk]:
        """The passages of the article a reference names, in the first document it may mean that holds it
        (in force on ``as_of`` when one is), in document order."""
        if ref.article is None:
            return []
        for number in self._docs_for(ref, doc_numbers, as_of):
            chunks = self.store.article_chunks(number, str(ref.article))
            if chunks:
                return chunks
        return []

    def _docs_for(self, ref: Reference, doc_numbers: Sequence[str], as_of: date) -> list[str]:
        if ref.doc is not None:
            found = self.catalog.resolve(ref.doc, as_of)
            if found:
                in_force = [f for f in found if f.status_at(as_of) == "in_force"]
                return [f.number for f in (in_force or found)]
        if doc_numbers:
            return list(doc_numbers)
        laws = [f for f in self.catalog if f.doc_type == "Luật" and f.status_at(as_of) == "in_force"
                and f.text_available and not f.amends]
        return [f.number for f in laws]
