"""`Assistant.ask`: a question in everyday Vietnamese in, a cited answer (or an honest refusal) out."""

from __future__ import annotations

import logging
import re
import time
import uuid
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from assistant.bodies import asks_who
from assistant.compose import citation_at, citation_for, compose, not_covered, partly_reasons
from assistant.conversation import Conversations, Turn
from assistant.delegation import asked_delegations, asks_procedure
from assistant.errors import EmptyQuestion, QuestionTooLong, WordlessQuestion
from assistant.extract import Extraction, Unit, extract, lead_kind, level_clauses, units_of
from assistant.gate import Gate, GateThresholds, asking_sentences, coverage_gain, judge
from assistant.holders import OWN_CLAUSE_KINDS, asked_holder, fund_holder
from assistant.parts import merge_parts, question_parts
from assistant.pointers import pointed_unit
from assistant.provisions import cite
from assistant.query import QueryPlan, looks_like_follow_up, plan_query
from assistant.rank import Ranked, RankModel, group_articles
from assistant.reach import Reach
from assistant.records import Answer, Citation, Decision
from assistant.retrieve import Retriever
from assistant.select import amount_first, choose, current_first, law_first, papers_first
from assistant.settings import AssistantSettings
from assistant.understand import Vocabulary, understand, with_conversation
from assistant.validity import status_on, validity_note
from corpus import Catalog
from corpus.catalog import iso_date
from corpus.refs import doc_key
from corpus.text import count_syllables
from indexer import CrossReranker, Embedder, IndexInfo, Searcher, SparseEncoder, Store

if TYPE_CHECKING:
    from assistant.llm import LLMClient

__all__ = ["Assistant"]

logger = logging.getLogger(__name__)
_FIELD_ARTICLES = 8  # ranked articles read for a neighbouring field the question names (hand-set)

MAX_QUESTION_CHARS = 2000


def _checked(question: str | None) -> str:
    """The question stripped, or the error a person is shown: empty, only emoji or punctuation, too long."""
    text = (question or "").strip()
    if not text:
        raise EmptyQuestion("empty question")
    if not any(ch.isalnum() for ch in text):
        raise WordlessQuestion("no letter or digit in the question")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionTooLong(f"question has {len(text)} characters", limit=MAX_QUESTION_CHARS)
    return text


class Assistant:
    """Loads nothing per question: the index, models and catalog are held for the process."""

    def __init__(self, store: Store, catalog: Catalog, settings: AssistantSettings, *,
                 embedder: Embedder | None = None, encoder: SparseEncoder | None = None,
                 weights: RankModel | None = None, llm: LLMClient | None = None,
                 cross_encoder: CrossReranker | None = None) -> None:
        self.store = store
        self.catalog = catalog
        self.settings = settings
        self.searcher = Searcher(store, encoder=encoder, embedder=embedder, prefetch=settings.candidates,
                                 query_cache=settings.query_cache)
        self.weights = weights or RankModel.shipped()
        self.conversations = Conversations(max_turns=settings.conversation_turns)
        self.llm = llm
        self.cross_encoder = cross_encoder
        self.retriever = Retriever(store, self.searcher, catalog, candidates=settings.candidates, model=self.weights,
                                   cross_encoder=cross_encoder)
        if llm is None and settings.llm_base_url:
            from assistant.llm import CircuitBreaker, LLMClient  # noqa: PLC0415 - httpx only when an LLM is set

            self.llm = LLMClient(settings.llm_base_url, settings.llm_model,
                                 settings.llm_api_key.get_secret_value() if settings.llm_api_key else None,
                                 timeout=settings.llm_timeout, deadline=settings.llm_deadline,
                                 breaker=CircuitBreaker(settings.llm_breaker_failures, settings.llm_breaker_cooldown),
                                 max_concurrent=settings.llm_max_concurrent)
        self._info: IndexInfo | None = None
        self._info_for: str | None = None
        self._vocabulary: tuple[str, Vocabulary] | None = None
        self._reach: tuple[str, Reach] | None = None

    # -- index facts ----------------------------------------------------------
    def index_info(self) -> IndexInfo:
        active = self.store.require_active()
        if self._info is None or self._info_for != active:
            info = self.store.info(active)
            if info is None:
                info = IndexInfo(collection=active, built_at="", avgdl=1.0, dense_model=None, dense_dim=None)
            self._info, self._info_for = info, active
            for e in info.documents:
                if e.kind == "legal":
                    self.catalog.learn_indexed(e.facts())
                # A deployer's text that says it replaces another ("… thay thế Nghị quyết số 32/2024/NQ-HĐND"):
                # a question naming the old one hears it was replaced, not that the library never heard of it.
                for number in e.replaces:
                    self.catalog.learn_replaced(number, e.number, iso_date(e.effective), e.issuer)
        return self._info

    def warm_up(self) -> None:
        """Load the index facts, the in-memory scorer, the vocabulary and the scope gate's reach of the
        library now, not on the first question."""
        self.index_info()
        self.searcher.search("khen thưởng", 1)
        self.vocabulary()
        self.reach().load()

    def vocabulary(self) -> Vocabulary | None:
        """The indexed passages' syllables, to read typos and questions without diacritics."""
        active = self.store.active_collection()
        if active is None:
            return None
        if self._vocabulary is None or self._vocabulary[0] != active:
            counts = self.index_info().vocabulary
            if not counts:  # an index built before generations stored their vocabulary
                counts = count_syllables(c.titled_text for c in self.store.all_chunks(active))
            vocabulary = Vocabulary.from_counts(with_conversation(counts))
            self._vocabulary = (active, vocabulary)
        return self._vocabulary[1]

    def reach(self) -> Reach:
        """For the scope gate: whose own rules the library holds, which neighbouring fields it speaks of."""
        active = self.store.require_active()
        if self._reach is None or self._reach[0] != active:
            self._reach = (active, Reach(lambda: self.store.all_chunks(active)))
        return self._reach[1]

    def today(self) -> date:
        return date.fromisoformat(self.settings.today) if self.settings.today else date.today()

    # -- answering ------------------------------------------------------------
    def ask(self, question: str, conversation_id: str | None = None, at: date | None = None) -> Answer:
        """The answer: extractive, or written by the configured LLM from the same passages."""
        started = time.perf_counter()
        answer, plan = self.prepare(question, conversation_id, at)
        if self.llm is not None and not answer.refused:
            answer = self.llm.rewrite(answer, plan)
            answer = replace(answer, latency_ms=(time.perf_counter() - started) * 1000)
        return answer

    def prepare(self, question: str, conversation_id: str | None = None,
                at: date | None = None) -> tuple[Answer, QueryPlan]:
        """The extractive answer and the understood question (a streaming LLM can start from both)."""
        started = time.perf_counter()
        text = _checked(question)
        today = self.today()
        self.index_info()  # the catalog learns the index's own documents before a question names one
        history = self.conversations.history(conversation_id) if conversation_id else []
        understood = understand(text, catalog=self.catalog, today=today, at=at, history=history,
                                vocabulary=self.vocabulary())
        plan, effective = understood.plan, understood.effective
        # Several asks in one message ("Ai có thẩm quyền …? Mức tiền thưởng …?"): one answer per ask; a
        # follow-up leans on the previous turn and is one ask.
        follow_up = bool(history) and looks_like_follow_up(text)
        parts = [] if follow_up else question_parts(
            text, lambda t: lead_kind(plan_query(t, catalog=self.catalog, today=today, at=at)))
        if parts and not self._gate_of(plan).covered:
            # The gate judged every ask together and none is covered: an ask read alone with the story
            # around it ("… công chức có được nhận không?") must not be answered from the story's words.
            parts = []
        answers: list[Answer] = []
        for p in parts:
            part_plan = understand(p, catalog=self.catalog, today=today, at=at, vocabulary=self.vocabulary()).plan
            # A passage an earlier ask already quoted is not quoted again as a later ask's second quote.
            shown = tuple(q.text for a in answers for q in a.quotes)
            answers.append(self._answer(part_plan, p, conversation_id, today, dated=at is not None, shown=shown))
        answer = merge_parts(answers, text) if answers else \
            self._answer(plan, text, conversation_id, today, dated=at is not None)
        answer = replace(answer, latency_ms=(time.perf_counter() - started) * 1000)
        if conversation_id:
            self.conversations.add(conversation_id, Turn(question=effective if not answer.refused else text,
                                                         refused=answer.refused))
        logger.debug("answered in %.1f ms, refused=%s", answer.latency_ms, answer.refused)
        return answer, plan

    def reset(self, conversation_id: str) -> None:
        self.conversations.reset(conversation_id)

    def search(self, question: str, k: int = 10, at: date | None = None) -> list[Ranked]:
        """What `tdkt search` and the web search list: the answers' own ranking, best passage first."""
        text = _checked(question)
        self.index_info()
        plan = understand(text, catalog=self.catalog, today=self.today(), at=at, vocabulary=self.vocabulary()).plan
        return self.retrieve(plan)[:k]

    def retrieve(self, plan: QueryPlan) -> list[Ranked]:
        return self.retriever.retrieve(plan)

    def _answer(self, plan: QueryPlan, asked: str, conversation_id: str | None, today: date,
                dated: bool = False, shown: tuple[str, ...] = ()) -> Answer:
        """gate → select → extract → compose, on the ranked passages; ``shown``: what earlier asks of
        the same message quoted (only the first quote of this one may say it again)."""
        ranked = self.retrieve(plan)
        groups = group_articles(ranked)
        retrieved = tuple(citation_for(g[0], plan, self.catalog, quote=False, today=today) for g in groups[:10])
        info = self.index_info()
        referenced = bool(ranked) and ranked[0].base == 1.0 and any(r.article or r.form for r in plan.references)
        gate = self._gate(plan, groups, info, referenced)
        answer_id = uuid.uuid4().hex
        if not gate.covered:
            handed = tuple(dict.fromkeys(cite(d.provision, self.catalog, today) for d in gate.handed_off))
            related = (handed + tuple(c for c in retrieved[:6] if c.doc_kind == "legal" and c.in_force
                                      and c.chunk_id not in {h.chunk_id for h in handed}))[:3]
            text, decision = not_covered(gate, related)
            suggestions = tuple(dict.fromkeys(f"{c.article_title} ({c.label})" for c in related if c.article_title))
            return Answer(id=answer_id, question=asked, text=text, citations=(), refused=True,
                          as_of=plan.as_of, conversation_id=conversation_id, retrieved=retrieved,
                          suggestions=suggestions, confidence=gate.coverage, lead=decision.reasons[0],
                          lead_kind="not_covered", decision=decision, related=related)
        if gate.handed_off and plan.intents & _PROCEDURAL:
            # The dossier is the part the library hands elsewhere: the answer is the other part (criteria …).
            plan = replace(plan, intents=plan.intents - _PROCEDURAL)
            groups = group_articles(self.retrieve(plan)) or groups
        groups, handing = self._handing_first(plan, groups)
        asks = asking_sentences(plan.question)

        def adds(said: str, other: str) -> float:  # what the other passage adds to the question's coverage
            return coverage_gain(asks, said, other, info.bigram_df, info.chunks)

        ordered = self._holder_first(plan, amount_first(papers_first(current_first(law_first(groups), plan, self.catalog),
                                                                         plan), plan))
        chosen = choose(ordered, self.settings, adds, level_clauses(plan))
        extraction = extract(plan, [r.chunk for r in chosen], info.bigram_df, info.chunks, asked, adds)
        if handing is not None:  # the handing point itself, not the dossier list it belongs to
            extraction = Extraction("authority", handing[1], "", (handing[0],))
        by_id = {r.chunk.id: r for r in chosen}
        if not extraction.units:
            extraction = replace(extraction, units=tuple(units_of(chosen[0].chunk)[:1]))
        previous: list[Citation] = []
        if "change" in plan.intents or (not plan.time_explicit and any(
                self.catalog.status_at(n, today) == "superseded" for n in plan.story_doc_numbers)):
            # "Công đoàn tìm văn bản cũ (Nghị định 91/2017) thấy … Xin hỏi quy định hiện hành …?": today's rule,
            # and what the replaced text the story names said beside it.
            previous, retrieved = self._previous_rule(plan, chosen, retrieved)
        elif not dated and plan.as_of < today and not chosen[0].chunk.doc_kind == "material" \
                and status_on(chosen[0].chunk, today, self.catalog) in ("superseded", "expired") \
                and (self._old_named(plan, today) or not _YEAR.search(" ".join(asking_sentences(plan.question)))):
            # The question names a replaced document, or its story (not its asking sentence) a past year:
            # the old provision, labelled as no longer in force, beside today's rule — never the old text
            # as if current. ("Năm 2020 tiêu chuẩn … là gì?" and a caller's `at` ask for that time's rule.)
            old_named = self._old_named(plan, today)
            now_plan = replace(plan, as_of=today, time_explicit=False,
                               doc_numbers=tuple(n for n in plan.doc_numbers if n not in old_named))
            now_groups = group_articles(self.retrieve(now_plan))
            if now_groups:
                old_unit = extraction.units[0]
                old = citation_at(by_id[old_unit.chunk.id], now_plan, self.catalog, old_unit, today)
                now_status = status_on(old_unit.chunk, today, self.catalog)
                previous = [replace(old, status=now_status,
                                    validity_note=validity_note(old_unit.chunk, now_status, today, self.catalog))]
                plan, groups = now_plan, now_groups
                chosen = choose(groups, self.settings, adds, level_clauses(plan))
                extraction = extract(plan, [r.chunk for r in chosen], info.bigram_df, info.chunks, asked, adds)
                by_id = {r.chunk.id: r for r in chosen}
                if not extraction.units:
                    extraction = replace(extraction, units=tuple(units_of(chosen[0].chunk)[:1]))
                previous = [p for p in previous if p.chunk_id not in {u.chunk.id for u in extraction.units}]
        pointed_ids: frozenset[str] = frozenset()
        if handing is None and not previous and extraction.units and extraction.kind not in ("dossier", "rule") \
                and not plan.references:
            # What the first quote points to in the law ("… tiêu chuẩn quy định tại khoản 1 Điều 25 của
            # Luật"): quoted after it, so the answer holds the rule and not only the pointer. Not for the
            # papers of a dossier (the decree's own), a plain rule, or a provision the question names.
            pointed = pointed_unit(extraction.units[0], lambda ref: self.retriever.passages_of(ref, plan.as_of),
                                   {u.chunk.id for u in extraction.units})
            if pointed is not None:
                first = by_id[extraction.units[0].chunk.id]
                by_id[pointed.chunk.id] = Ranked(pointed.chunk, first.score, status_on(pointed.chunk, plan.as_of,
                                                                                     self.catalog), first.base)
                extraction = replace(extraction, units=(extraction.units[0], pointed, *extraction.units[1:]))
                pointed_ids = frozenset({pointed.chunk.id})
        decision = Decision(gate.status, partly_reasons(gate) if gate.status == "partly" else (),
                            gate.missing_topics, tuple(d.name for d in gate.missing_documents), gate.coverage,
                            handed_off_by=gate.handed_off_by)
        if shown and len(extraction.units) > 1:
            extraction = replace(extraction, units=(extraction.units[0], *(
                u for u in extraction.units[1:] if not any(u.text in s for s in shown))))
        out = compose(plan, extraction, by_id, self.catalog, today, previous=previous, decision=decision,
                      quote_budget=self.settings.quote_budget, pointed=pointed_ids, shown=shown)
        return Answer(id=answer_id, question=asked, text=out.text, citations=out.citations, refused=False,
                      as_of=plan.as_of, conversation_id=conversation_id, retrieved=retrieved,
                      notes=out.notes, confidence=gate.coverage, lead=out.lead, lead_kind=out.kind,
                      quotes=out.quotes, decision=decision,
                      related=retrieved[:0] if gate.status == "answered" else retrieved[:3])

    def _handing_first(self, plan: QueryPlan,
                       groups: list[list[Ranked]]) -> tuple[list[list[Ranked]], tuple[Unit, str] | None]:
        """"Hồ sơ xét tặng Gia đình văn hóa do ai quy định?": the provision that hands that dossier to
        another body answers it, wherever the ranking placed it. (groups, (the handing point, who is to
        set the rule, as a lead's fact))"""
        asked = " ".join(asking_sentences(plan.question))
        if not groups or not asks_who(asked) or not asks_procedure(asked):
            return groups, None
        handed = asked_delegations(asked, self.reach().handed_off())
        if not handed:
            return groups, None
        d = handed[0]
        chunk = d.provision.chunk
        unit = next((u for u in units_of(chunk) if u.clause == d.provision.clause and u.point == d.provision.point),
                    None)
        fact = f"{d.delegate} quy định hồ sơ, thủ tục xét tặng “{d.name}”" if d.delegate else ""
        rest = [g for g in groups if chunk.id not in {r.chunk.id for r in g}]
        found = next((r for g in groups for r in g if r.chunk.id == chunk.id), None)
        top = groups[0][0]
        first = replace(found or Ranked(chunk, top.score, status_on(chunk, plan.as_of, self.catalog), top.base),
                        score=top.score)
        return [[first], *rest], (unit, fact) if unit is not None else None

    def _holder_first(self, plan: QueryPlan, groups: list[list[Ranked]]) -> list[list[Ranked]]:
        """"Trường tư thục như tụi em thì quỹ thi đua, khen thưởng lập từ nguồn nào?": the first article gives
        each kind of body its fund's own clause, sharing nearly all their words; the clause for the kind asked
        from (a private school, an association, a mass organisation) answers, retrieved or not."""
        kind = asked_holder(plan.question)
        if not groups or kind not in OWN_CLAUSE_KINDS or not any(fund_holder(r.chunk.text) for r in groups[0]):
            return groups
        top = groups[0][0]
        own = next((c for c in self.store.article_chunks(top.chunk.doc_number, top.chunk.article)
                    if fund_holder(c.text) == kind), None)
        if own is None:
            return groups
        found = next((r for r in groups[0] if r.chunk.id == own.id), None)
        first = replace(found or Ranked(own, top.score, status_on(own, plan.as_of, self.catalog), top.base),
                        score=top.score)
        return [[first, *[r for r in groups[0] if r.chunk.id != own.id]], *groups[1:]]

    def judge(self, question: str, at: date | None = None, thresholds: GateThresholds | None = None) -> Gate:
        """The scope gate's verdict alone (for fitting its thresholds)."""
        self.index_info()
        plan = understand(question, catalog=self.catalog, today=self.today(), at=at,
                          vocabulary=self.vocabulary()).plan
        return self._gate_of(plan, thresholds)

    def _gate_of(self, plan: QueryPlan, thresholds: GateThresholds | None = None) -> Gate:
        """The gate on the plan's own ranked passages, without selecting or composing an answer."""
        ranked = self.retrieve(plan)
        referenced = bool(ranked) and ranked[0].base == 1.0 and any(r.article or r.form for r in plan.references)
        return self._gate(plan, group_articles(ranked), self.index_info(), referenced, thresholds)

    def _old_named(self, plan: QueryPlan, today: date) -> set[str]:
        """Documents the question names that are replaced today, when they alone set the date asked about."""
        out = set()
        for number in plan.doc_numbers:
            facts = self.catalog.get(number)
            if facts is None or facts.status_at(today) != "superseded":
                continue
            ends = [s.start for s in facts.superseded_by if s.start]
            if ends and plan.as_of == min(ends) - timedelta(days=1):
                out.add(number)
        return out

    def _gate(self, plan: QueryPlan, groups: list[list[Ranked]], info: IndexInfo, referenced: bool,
              thresholds: GateThresholds | None = None) -> Gate:
        """Coverage is judged on keyword retrieval alone: a dense model finds passages close in meaning,
        which must not make an off-topic question look covered."""
        basis = groups
        if groups and self.searcher.embedder is not None:
            keyword = self.retriever.retrieve(plan, use_dense=False)
            basis = group_articles(keyword) or groups
        texts = [f"{r.chunk.article_title}\n{r.chunk.text}" for g in basis[:3] for r in g[:2]]
        thresholds = thresholds or GateThresholds(coverage=self.settings.refusal_threshold,
                                                  coverage_offtopic=self.settings.refusal_threshold_offtopic,
                                                  coverage_story=self.settings.refusal_threshold_story,
                                                  coverage_leaning=self.settings.refusal_threshold_leaning,
                                                  gap=self.settings.gate_gap)
        indexed = [(d.number, d.doc_type) for d in info.documents]
        # A neighbouring field the question names counts as covered when a passage the answer could rest
        # on speaks of it: the ranked list's first articles, not only the gate's keyword passages.
        more = [f"{r.chunk.article_title}\n{r.chunk.text}" for g in groups[:_FIELD_ARTICLES] for r in g]
        return judge(plan.text, texts, info.bigram_df, info.chunks, self.catalog, thresholds, referenced=referenced,
                     indexed=indexed, reach=self.reach(), field_passages=more,
                     held_forms=lambda form: [c.doc_number for c in self.store.form_chunks(form)])

    def _previous_rule(self, plan: QueryPlan, chosen: list[Ranked],
                       retrieved: tuple[Citation, ...]) -> tuple[list[Citation], tuple[Citation, ...]]:
        """For "what changed" questions: the rule that applied before today's one took effect."""
        old_date = self._before(chosen[0].chunk.doc_number)
        lineage = self._predecessors(chosen[0].chunk.doc_number)
        # "Trước đây làm theo NĐ 98/2023 …": the old rule asked about is that text's; another one it had replaced
        # (NĐ 91/2017, whose text is on hand) is not shown as what it said.
        named = {doc_key(n) for n in plan.doc_numbers if doc_key(n) in lineage}
        told = [f for n in plan.story_doc_numbers if (f := self.catalog.get(n)) is not None and f.text_available
                and f.status_at(plan.as_of) == "superseded" and any(s.start for s in f.superseded_by)]
        if not named and told:
            # "Công đoàn tìm văn bản cũ (Nghị định 91/2017) thấy …": what that text said, on its last day, whichever
            # text today's rule sits in.
            named = {doc_key(f.number) for f in told}
            old_date = min(s.start for s in told[0].superseded_by if s.start) - timedelta(days=1)
            lineage = named
        if old_date is None:
            return [], retrieved
        old_plan = replace(plan, as_of=old_date, time_explicit=True)
        old_ranked = [r for r in self.retrieve(old_plan) if r.status == "in_force"
                      and status_on(r.chunk, plan.as_of, self.catalog) != "in_force"]
        old_ranked = [r for r in old_ranked if doc_key(r.chunk.doc_number) in lineage] or old_ranked
        named |= {doc_key(f.number) for f in self.catalog if any(doc_key(a) in named for a in f.amends)}  # as amended
        if named:
            old_ranked = [r for r in old_ranked if doc_key(r.chunk.doc_number) in named]
        if not old_ranked:
            return [], retrieved
        old_groups = group_articles(old_ranked)
        previous = [citation_for(old_groups[0][0], old_plan, self.catalog, today=plan.as_of)]
        old_retrieved = [citation_for(g[0], old_plan, self.catalog, quote=False) for g in old_groups[:5]]
        merged: list[Citation] = []
        for pair in zip(retrieved[:5], old_retrieved, strict=False):
            merged.extend(pair)
        merged += list(retrieved[5:])
        return previous, tuple(dict.fromkeys(merged))[:10]

    def _predecessors(self, number: str) -> set[str]:
        """Keys of the documents a document replaced (transitively), and of the laws that amended them."""
        out: set[str] = set()
        todo = [number]
        while todo:
            facts = self.catalog.get(todo.pop())
            for old in facts.replaces if facts else ():
                if doc_key(old) not in out:
                    out.add(doc_key(old))
                    todo.append(old)
        out |= {doc_key(f.number) for f in self.catalog if any(doc_key(a) in out for a in f.amends)}
        return out

    def _before(self, number: str) -> date | None:
        """The last day the predecessor (with its text on hand) of a document applied."""
        facts = self.catalog.get(number)
        seen = set()
        while facts is not None and facts.replaces and facts.number not in seen:
            seen.add(facts.number)
            for old_number in facts.replaces:
                old = self.catalog.get(old_number)
                if old is None:
                    continue
                if old.text_available:
                    ends = [s.start for s in old.superseded_by if s.start]
                    return min(ends) - timedelta(days=1) if ends else None
                facts = old
                break
            else:
                return None
        return None

_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_PROCEDURAL = frozenset({"dossier", "procedure"})
