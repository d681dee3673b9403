"""Quizzes for tập huấn sessions, built from the articles in force without a language model.

Each question blanks (or alters) one value a clause states: the correct option is the clause's
own wording, distractors are values of the same kind from sibling clauses and related articles.
A question is kept only if its answer and its evidence sentence appear verbatim in the cited unit.
"""

from __future__ import annotations

import logging
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from assistant.assistant import Assistant
from assistant.facts import FACT_KINDS, Fact, extract_facts, same_value, variants
from assistant.provisions import cite, in_force_chunks, paragraphs
from assistant.records import Citation
from corpus.text import fold

__all__ = ["Quiz", "QuizQuestion", "build_quiz"]

logger = logging.getLogger(__name__)

_TRUE, _FALSE = "Đúng", "Sai"
_ASK = {
    "years": "số năm", "times": "số lần", "percent": "tỷ lệ", "salary": "mức tiền thưởng",
    "copies": "số lượng hồ sơ", "days": "thời hạn", "authority": "người (cơ quan) có thẩm quyền",
}
_STEM_WIDTH = 160  # characters kept on each side of the blank in a long sentence
_TOPIC_HITS = 25  # articles of the best hits make up a topic
_TOPIC_BAND = 8  # hits ranked within the same band count as equally relevant
_MAX_N = 200


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    """One question with its key: the option the cited clause states, and the sentence that says it."""

    number: int
    kind: Literal["mcq", "truefalse"]
    fact: str  # years | times | percent | salary | copies | days | authority
    prompt: str
    options: tuple[str, ...]
    answer: int  # index of the correct option
    answer_text: str  # the value the clause states, verbatim
    evidence: str  # the sentence of the clause that states it, verbatim
    citation: Citation

    @property
    def correct(self) -> str:
        return self.options[self.answer]

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number, "kind": self.kind, "fact": self.fact, "prompt": self.prompt,
            "options": list(self.options), "answer": self.answer, "correct": self.correct,
            "answer_text": self.answer_text, "evidence": self.evidence, "citation": self.citation.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Quiz:
    title: str
    seed: int
    topic: str | None
    as_of: date
    questions: tuple[QuizQuestion, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "seed": self.seed, "topic": self.topic, "as_of": self.as_of.isoformat(),
                "questions": [q.to_dict() for q in self.questions]}


def build_quiz(assistant: Assistant, *, n: int = 10, seed: int = 0, topic: str | None = None,
               at: date | None = None, true_false_share: float = 0.3) -> Quiz:
    """``n`` questions from the documents in force on ``at`` (today), the same ones for the same seed."""
    if not 1 <= n <= _MAX_N:
        raise ValueError(f"n must be between 1 and {_MAX_N}, got {n}")
    if not 0 <= true_false_share <= 1:
        raise ValueError(f"true_false_share must be between 0 and 1, got {true_false_share}")
    at = at or assistant.today()
    chunks = in_force_chunks(assistant.store, assistant.catalog, at)
    pool = _dedupe(extract_facts(p for c in chunks for p in paragraphs(c)))
    rng = random.Random(seed)
    if topic and topic.strip():
        rank: dict[tuple[str, str], int] = {}
        for i, h in enumerate(assistant.searcher.search(topic, _TOPIC_HITS)):
            rank.setdefault((h.chunk.doc_number, h.chunk.article), i)
        candidates = [f for f in pool if _article(f) in rank]
        order = _by_relevance(candidates, rank, rng)
    else:
        candidates = pool
        order = _pick_order(candidates, rng)
    questions: list[QuizQuestion] = []
    for fact in order:
        if len(questions) >= n:
            break
        q = _question(fact, pool, rng, len(questions) + 1, true_false_share, assistant, at)
        if q is not None and _verified(q):
            questions.append(q)
    logger.info("quiz: %d questions from %d facts (topic=%r, seed=%d)", len(questions), len(candidates),
                topic, seed)
    title = f"Câu hỏi trắc nghiệm: {topic.strip()}" if topic and topic.strip() else "Câu hỏi trắc nghiệm thi đua, khen thưởng"
    return Quiz(title=title, seed=seed, topic=topic, as_of=at, questions=tuple(questions))


def _dedupe(facts: Any) -> list[Fact]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for f in facts:
        key = (f.paragraph.chunk.id, f.sentence, f.value)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _article(f: Fact) -> tuple[str, str]:
    return f.paragraph.chunk.doc_number, f.paragraph.chunk.article


def _by_relevance(facts: list[Fact], rank: dict[tuple[str, str], int], rng: random.Random) -> list[Fact]:
    """For a topic: facts of the best-ranked articles first (shuffled within a band), one per sentence."""
    shuffled = list(facts)
    rng.shuffle(shuffled)
    shuffled.sort(key=lambda f: rank[_article(f)] // _TOPIC_BAND)
    order: list[Fact] = []
    used: set[str] = set()
    for f in shuffled:
        if f.sentence not in used:
            used.add(f.sentence)
            order.append(f)
    return order


def _pick_order(facts: list[Fact], rng: random.Random) -> list[Fact]:
    """Facts interleaved by kind (so a quiz mixes years, authorities, percentages…), one per sentence."""
    by_kind: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        by_kind[f.kind].append(f)
    kinds = [k for k in FACT_KINDS if by_kind[k]]
    for k in kinds:
        rng.shuffle(by_kind[k])
    rng.shuffle(kinds)
    order: list[Fact] = []
    used: set[str] = set()
    while any(by_kind[k] for k in kinds):
        for k in kinds:
            while by_kind[k]:
                f = by_kind[k].pop()
                if f.sentence not in used:
                    used.add(f.sentence)
                    order.append(f)
                    break
    return order


def _distractors(fact: Fact, pool: list[Fact], rng: random.Random, k: int) -> list[str]:
    """Values of the same kind: sibling clauses first, then nearby articles, the document, the corpus."""
    chunk = fact.paragraph.chunk
    sentence = fold(fact.sentence).lower()
    tiers: list[list[str]] = [[], [], [], []]
    for other in pool:
        if other.kind != fact.kind:
            continue
        oc = other.paragraph.chunk
        if oc.doc_number != chunk.doc_number:
            tier = 3
        elif oc.article == chunk.article:
            tier = 0
        elif oc.article.isdigit() and chunk.article.isdigit() and abs(int(oc.article) - int(chunk.article)) <= 5:
            tier = 1
        else:
            tier = 2
        tiers[tier].append(other.value)
    tiers.append(variants(fact.value))
    chosen: list[str] = []
    for values in tiers:
        unique = sorted(set(values))
        rng.shuffle(unique)
        for v in unique:
            if len(chosen) >= k:
                return chosen
            if same_value(v, fact.value) or any(same_value(v, c) for c in chosen) or fold(v).lower() in sentence:
                continue
            if fact.kind != "authority" and _shape(v) != _shape(fact.value):
                continue  # "80%" against "90%", not against "1,5%"
            chosen.append(v)
    return chosen


def _shape(value: str) -> str:
    return re.sub(r"\d+", "9", value)


def _clip(text: str, at: int) -> str:
    if len(text) <= 2 * _STEM_WIDTH + 40:
        return text
    start = max(0, at - _STEM_WIDTH)
    end = min(len(text), at + _STEM_WIDTH)
    if start > 0:
        start = text.find(" ", start) + 1
    if end < len(text):
        end = max(text.rfind(" ", 0, end), at + 6)
    return ("… " if start > 0 else "") + text[start:end].strip() + (" …" if end < len(text) else "")


def _question(fact: Fact, pool: list[Fact], rng: random.Random, number: int, tf_share: float,
              assistant: Assistant, at: date) -> QuizQuestion | None:
    citation = cite(fact.paragraph, assistant.catalog, at)
    where = fact.sentence.index(fact.value)
    if rng.random() < tf_share:
        wrong = _distractors(fact, pool, rng, 1)
        truth = not wrong or rng.random() < 0.5
        statement = fact.sentence if truth else fact.with_value(wrong[0])
        prompt = f"Đúng hay sai? Theo {citation.label}:\n“{_clip(statement, where)}”"
        return QuizQuestion(number=number, kind="truefalse", fact=fact.kind, prompt=prompt, options=(_TRUE, _FALSE),
                            answer=0 if truth else 1, answer_text=fact.value, evidence=fact.sentence,
                            citation=citation)
    wrong = _distractors(fact, pool, rng, 3)
    if len(wrong) < 2:
        return None
    options = [fact.value, *wrong]
    rng.shuffle(options)
    prompt = (f"Theo {citation.label}, {_ASK[fact.kind]} nào điền đúng vào chỗ trống?\n"
              f"“{_clip(fact.blanked, where)}”")
    return QuizQuestion(number=number, kind="mcq", fact=fact.kind, prompt=prompt, options=tuple(options),
                        answer=options.index(fact.value), answer_text=fact.value, evidence=fact.sentence,
                        citation=citation)


def _verified(q: QuizQuestion) -> bool:
    """Never a question whose answer the cited unit does not state word for word."""
    ok = q.answer_text in q.citation.text and q.evidence in q.citation.text and q.answer_text in q.evidence
    if q.kind == "mcq":
        ok = ok and q.correct == q.answer_text
    if not ok:
        logger.warning("dropped unverifiable question on %s", q.citation.label)
    return ok
