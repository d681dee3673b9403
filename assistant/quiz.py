"""Quizzes for tập huấn sessions, built from the articles in force without a language model.

Each question blanks (or alters) one value a clause states: the correct option is the clause's
own wording, distractors are values of the same kind from sibling clauses and related articles.
A question is kept only if its answer and its evidence sentence appear verbatim in the cited unit.
"""

from __future__ import annotations

import logging
import math
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from assistant.assistant import Assistant
from assistant.facts import Fact, extract_facts, same_value, sentences
from assistant.provisions import cite, in_force_chunks, paragraphs
from assistant.records import Citation
from assistant.topics import TopicScope, resolve_topic
from corpus.text import fold
from indexer import Chunk

__all__ = ["Quiz", "QuizQuestion", "build_quiz", "fact_key", "stem_complete", "stem_text"]

logger = logging.getLogger(__name__)

_TRUE, _FALSE = "Đúng", "Sai"
_ASK = {
    "years": "số năm", "times": "số lần", "percent": "tỷ lệ", "salary": "mức tiền thưởng",
    "copies": "số lượng hồ sơ", "days": "thời hạn", "months": "khoảng thời gian", "authority": "người (cơ quan) có thẩm quyền",
    "award": "danh hiệu (hình thức khen thưởng)", "provision": "điều",
}
_MAX_STEM = 480  # characters: a longer sentence makes no question (it is never cut)
_KIND_SHARE = 0.4  # at most this share of a quiz tests one kind of fact
_MAX_N = 200
_RATIO = 4.0  # a numeric distractor is within this factor of the answer
# Round values officers meet in the texts, used only when the documents offer too few of a kind.
_ROUND = (1, 2, 3, 5, 7, 10, 12, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 75, 80, 90, 100)
_MIN_WORDS = 8
_LISTED = re.compile(r"[”\",]\s*(?:và\s+|hoặc\s+)?[“\"]\x00|\x00[”\"]\s*(?:,|và\b|hoặc\b)")
_STEM_END = re.compile(r"(?:gồm|sau đây|như sau|bao gồm)\s*:?\s*$|:\s*$", re.IGNORECASE)


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
    stem: str = ""  # the whole statement with the correct value, as the question shows it

    @property
    def correct(self) -> str:
        return self.options[self.answer]

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number, "kind": self.kind, "fact": self.fact, "prompt": self.prompt,
            "options": list(self.options), "answer": self.answer, "correct": self.correct,
            "answer_text": self.answer_text, "evidence": self.evidence, "citation": self.citation.to_dict(),
            "stem": self.stem,
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
               at: date | None = None, true_false_share: float = 0.3,
               scope: TopicScope | None = None) -> Quiz:
    """Up to ``n`` questions, the same ones for the same seed.

    With a topic, the topic is resolved to its provisions first (``TopicNotCovered`` when the
    library does not govern it) and every question tests one fact of one of them.
    """
    if not 1 <= n <= _MAX_N:
        raise ValueError(f"n must be between 1 and {_MAX_N}, got {n}")
    if not 0 <= true_false_share <= 1:
        raise ValueError(f"true_false_share must be between 0 and 1, got {true_false_share}")
    at = at or assistant.today()
    chunks = in_force_chunks(assistant.store, assistant.catalog, at)
    pool = _dedupe(extract_facts(p for c in chunks for p in paragraphs(c)))
    rng = random.Random(seed)
    topic = topic.strip() if topic and topic.strip() else None
    if scope is None and topic:
        scope = resolve_topic(assistant, topic, at=at)
    if scope is not None:
        wanted = [c.id for c in scope.chunks]
        rank = {cid: i for i, cid in enumerate(wanted)}
        candidates = [f for f in _dedupe(extract_facts(p for c in scope.chunks for p in paragraphs(c)))
                      if _stem_ok(f) and scope.covers(f.paragraph, stem_text(f))]
        candidates.sort(key=lambda f: rank[f.paragraph.chunk.id])
        order = _spread(candidates, rng, n)
    else:
        candidates = [f for f in pool if _stem_ok(f)]
        order = _spread(candidates, rng, n, shuffle=True)
    questions: list[QuizQuestion] = []
    for fact in order:
        if len(questions) >= n:
            break
        q = _question(fact, pool, rng, len(questions) + 1, true_false_share, assistant, at)
        if q is not None and _verified(q):
            questions.append(q)
    if scope is not None and len(questions) < n:
        # Prose provisions state no figure to test: ask where the topic's rules are written instead.
        used = {(q.citation.doc_number, q.citation.article) for q in questions}
        for q in _where_questions(scope, chunks, rng, len(questions) + 1, used, assistant, at):
            if len(questions) >= n:
                break
            if _verified(q):
                questions.append(q)
    logger.info("quiz: %d questions from %d facts (topic=%r, seed=%d)", len(questions), len(candidates),
                topic, seed)
    title = f"Câu hỏi trắc nghiệm: {topic}" if topic else "Câu hỏi trắc nghiệm thi đua, khen thưởng"
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


def _unit(f: Fact) -> tuple[str, str, str | None, str | None]:
    p = f.paragraph
    return p.chunk.doc_number, p.chunk.article, p.clause, p.point


def fact_key(kind: str, value: str) -> str:
    """One fact whatever its spelling: "05 năm" and "5 năm" are the same years fact."""
    digits = re.sub(r"(?<!\d)0+(?=\d)", "", fold(value).lower().replace(" ", ""))
    return f"{kind}:{digits}"


def stem_text(f: Fact) -> str:
    """The whole statement a question shows: a point's sentence after its clause's lead-in."""
    p = f.paragraph
    sentence = f.sentence.rstrip(" ;,.")
    if p.point is not None and p.intro and p.text.startswith(f.sentence):
        return f"{p.intro.strip()} {sentence}."
    return f"{sentence}."


def stem_complete(text: str) -> bool:
    """A stem a trainer can read aloud: starts a sentence, ends one, never on a list's lead-in."""
    text = text.strip().strip("“”\"")
    if not text or _STEM_END.search(text.rstrip(".")) or text.endswith(":."):
        return False
    first = text.lstrip("(“\"")[:1]
    return (first.isupper() or first.isdigit()) and text.endswith((".", "?", "!"))


def _stem_ok(f: Fact) -> bool:
    text = stem_text(f)
    if f.kind == "award" and _LISTED.search(text.replace(f.value, "\x00", 1)):
        return False  # a name in a list of names is a guess, not a fact
    return (len(text) <= _MAX_STEM and len(text.split()) >= _MIN_WORDS and stem_complete(text)
            and text.count(f.value) == 1)


def _spread(facts: list[Fact], rng: random.Random, n: int, *, shuffle: bool = False) -> list[Fact]:
    """Facts in relevance order, spread over articles and kinds; no fact, value or unit twice.

    Each round takes one fact per article (shuffled within the article), so a topic's articles
    share the quiz; no kind fills more than ``_KIND_SHARE`` of it while others remain, and the
    first fact of each kind comes before the rest.
    """
    by_article: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for f in facts:
        by_article[_article(f)].append(f)
    articles = list(by_article)
    if shuffle:
        rng.shuffle(articles)
    for key in articles:
        rng.shuffle(by_article[key])
    cap = max(1, math.ceil(n * _KIND_SHARE))
    kinds: dict[str, int] = defaultdict(int)
    used_values: set[str] = set()
    used_units: set[tuple[str, str, str | None, str | None]] = set()
    used_sentences: set[str] = set()
    order: list[Fact] = []
    deferred: list[Fact] = []
    while any(by_article.values()):
        for key in articles:
            queue = by_article[key]
            while queue:
                f = queue.pop()
                value = fact_key(f.kind, f.value)
                if value in used_values or _unit(f) in used_units or f.sentence in used_sentences:
                    continue
                if kinds[f.kind] >= cap:
                    deferred.append(f)
                    continue
                kinds[f.kind] += 1
                used_values.add(value)
                used_units.add(_unit(f))
                used_sentences.add(f.sentence)
                order.append(f)
                break
    for f in deferred:  # a topic with one kind of fact still makes a quiz
        value = fact_key(f.kind, f.value)
        if value not in used_values and _unit(f) not in used_units and f.sentence not in used_sentences:
            used_values.add(value)
            used_units.add(_unit(f))
            used_sentences.add(f.sentence)
            order.append(f)
    # Every kind the facts offer gets its first fact in early, so a short quiz still mixes kinds.
    firsts = list({f.kind: f for f in reversed(order)}.values())[::-1]
    return [*sorted(firsts, key=order.index), *(f for f in order if not any(f is g for g in firsts))]


def _number(value: str) -> float | None:
    m = re.search(r"\d+(?:,\d+)?", value)
    return float(m.group(0).replace(",", ".")) if m else None


def _restyle(value: str, like: str) -> str:
    """A value written like the answer: "5 năm" → "05 năm" when the answer writes "10 năm" as "10 năm"."""
    m, ref = re.search(r"\d+", value), re.search(r"\d+", like)
    if not m or not ref or "," in value or "," in like:
        return value
    width = len(ref.group(0)) if ref.group(0).startswith("0") else 1
    return value[:m.start()] + m.group(0).lstrip("0").zfill(width) + value[m.end():]


def _plausible(v: str, fact: Fact) -> bool:
    if fact.kind in ("authority", "award"):
        return True
    a, b = _number(fact.value), _number(v)
    if a is None or b is None or a <= 0 or b <= 0:
        return False
    if fact.kind == "percent" and b > 100:
        return False
    return 1 / _RATIO <= b / a <= _RATIO


def _family(value: str) -> str:
    return " ".join(value.split()[:2])


def _round_values(fact: Fact) -> list[str]:
    """Round values near the answer, written like it (only when the documents offer too few)."""
    a = _number(fact.value)
    m = re.search(r"\d+(?:,\d+)?", fact.value)
    if a is None or m is None:
        return []
    out = []
    for r in sorted(_ROUND, key=lambda x: abs(x - a)):
        text = f"{r:.1f}".replace(".", ",") if "," in m.group(0) else str(r)
        out.append(_restyle(fact.value[:m.start()] + text + fact.value[m.end():], fact.value))
    return out


def _distractors(fact: Fact, pool: list[Fact], rng: random.Random, k: int) -> list[str]:
    """Values of the same kind: sibling clauses first, then nearby articles, the document, the corpus."""
    chunk = fact.paragraph.chunk
    sentence = fold(stem_text(fact)).lower()
    tiers: list[list[str]] = [[], [], [], []]
    for other in pool:
        if other.kind != fact.kind:
            continue
        if fact.kind == "award" and _family(other.value) != _family(fact.value):
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
        tiers[tier].append(_restyle(other.value, fact.value))
    if fact.kind not in ("authority", "award"):
        tiers.append(_round_values(fact))
    chosen: list[str] = []
    for values in tiers:
        unique = sorted(set(values))
        rng.shuffle(unique)
        for v in unique:
            if len(chosen) >= k:
                return chosen
            if _same(v, fact.value) or any(_same(v, c) for c in chosen) or fold(v).lower() in sentence:
                continue
            if fact.kind not in ("authority", "award") and _shape(v) != _shape(fact.value):
                continue  # "80%" against "90%", not against "1,5%"
            if not _plausible(v, fact):
                continue
            chosen.append(v)
    return chosen


def _same(a: str, b: str) -> bool:
    """"Cờ thi đua Chính phủ" and "Cờ thi đua của Chính phủ" are one award."""
    def key(v: str) -> str:
        return re.sub(r"\b(?:cua|danh hieu)\b", " ", fold(v).lower())
    return same_value(key(a), key(b))


def _shape(value: str) -> str:
    return re.sub(r"\d+", "9", value)


def _question(fact: Fact, pool: list[Fact], rng: random.Random, number: int, tf_share: float,
              assistant: Assistant, at: date) -> QuizQuestion | None:
    citation = cite(fact.paragraph, assistant.catalog, at)
    stem = stem_text(fact)
    if rng.random() < tf_share:
        wrong = _distractors(fact, pool, rng, 1)
        truth = not wrong or rng.random() < 0.5
        statement = stem if truth else stem.replace(fact.value, wrong[0], 1)
        prompt = f"Đúng hay sai? Theo {citation.label}:\n“{statement}”"
        return QuizQuestion(number=number, kind="truefalse", fact=fact.kind, prompt=prompt, options=(_TRUE, _FALSE),
                            answer=0 if truth else 1, answer_text=fact.value, evidence=fact.sentence,
                            citation=citation, stem=stem)
    wrong = _distractors(fact, pool, rng, 3)
    if len(wrong) < 2:
        return None
    options = [fact.value, *wrong]
    rng.shuffle(options)
    prompt = (f"Theo {citation.label}, {_ASK[fact.kind]} nào điền đúng vào chỗ trống?\n"
              f"“{stem.replace(fact.value, '……', 1)}”")
    return QuizQuestion(number=number, kind="mcq", fact=fact.kind, prompt=prompt, options=tuple(options),
                        answer=options.index(fact.value), answer_text=fact.value, evidence=fact.sentence,
                        citation=citation, stem=stem)


def _where_questions(scope: TopicScope, chunks: list[Chunk], rng: random.Random, number: int,
                     used: set[tuple[str, str]], assistant: Assistant, at: date) -> list[QuizQuestion]:
    """One question per article of the topic not yet tested: which article states this sentence?

    The sentence is the article's (or clause's) own first one, whole; the wrong options are other
    articles of the same document, those of the topic first, then the neighbouring ones.
    """
    articles: dict[tuple[str, str], Chunk] = {}
    for c in scope.chunks:
        if (c.doc_number, c.article) not in used and c.article.isdigit():
            articles.setdefault((c.doc_number, c.article), c)
    keys = list(articles)
    rng.shuffle(keys)
    in_doc: dict[str, list[str]] = defaultdict(list)
    for c in chunks:
        if c.article.isdigit() and c.article not in in_doc[c.doc_number]:
            in_doc[c.doc_number].append(c.article)
    topic_articles = {k for k in articles}
    out: list[QuizQuestion] = []
    for doc, article in keys:
        chunk = articles[(doc, article)]
        lead = next((p for p in paragraphs(chunk) if p.lead), None)
        if lead is None:
            continue
        sentence = sentences(lead.text)[0] if sentences(lead.text) else ""
        if not (stem_complete(sentence) and _MIN_WORDS <= len(sentence.split()) and len(sentence) <= _MAX_STEM):
            continue
        if "Điều " in sentence or "điều " in sentence or not scope.about(chunk, sentence):
            continue  # a sentence naming articles gives the answer away; one off the topic is not asked
        if sum(sentence in c.text for c in chunks if c.doc_number == doc) > 1:
            continue  # the same sentence in two articles has no single answer
        near = [a for a in in_doc[doc] if a != article and abs(int(a) - int(article)) <= 8]
        own = [a for d, a in topic_articles if d == doc and a != article]
        rng.shuffle(near)
        rng.shuffle(own)
        wrong = list(dict.fromkeys([*own, *near]))[:3]
        if len(wrong) < 2:
            continue
        options = [f"Điều {article}", *(f"Điều {a}" for a in wrong)]
        rng.shuffle(options)
        citation = cite(lead, assistant.catalog, at)
        prompt = f"Theo {chunk.short_title}, quy định sau nằm ở điều nào?\n“{sentence}”"
        out.append(QuizQuestion(number=number + len(out), kind="mcq", fact="provision", prompt=prompt,
                                options=tuple(options), answer=options.index(f"Điều {article}"),
                                answer_text=sentence, evidence=sentence, citation=citation, stem=sentence))
    return out


def _verified(q: QuizQuestion) -> bool:
    """Never a question whose answer the cited unit does not state word for word."""
    ok = q.answer_text in q.citation.text and q.evidence in q.citation.text and q.answer_text in q.evidence
    if q.fact == "provision":
        ok = ok and q.correct == f"Điều {q.citation.article}"
    elif q.kind == "mcq":
        ok = ok and q.correct == q.answer_text
    if not ok:
        logger.warning("dropped unverifiable question on %s", q.citation.label)
    return ok
