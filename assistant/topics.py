"""A training topic resolved to the provisions in force that govern it.

Trainer tools (quizzes, session packs) start from a topic ("chiến sĩ thi đua", "cụm, khối thi
đua", "8 điểm mới của Luật Thi đua, khen thưởng 2022"), never from the whole library:

1. The assistant's own gate decides whether the library covers the topic at all ("thuế thu nhập
   cá nhân" is declined, with a Vietnamese message, before anything is built).
2. Articles whose titles name the topic (every content word of it) belong to it whole.
3. Retrieval of the topic (and of the search phrases the topic vocabulary gives it,
   ``assistant/data/training_topics.json``) adds the clauses ranked within a band of the best one.
4. A topic that a training report enumerates ("8 điểm mới …: (1) … (8) …") is split into its
   points; each point is resolved to its own provisions, so the pack can cite every point.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from assistant.assistant import Assistant
from assistant.awards import named_awards
from assistant.errors import EmptyQuestion, QuestionTooLong, TopicNotCovered
from assistant.provisions import article_titles, in_force_chunks
from corpus.refs import doc_key, find_doc_numbers
from corpus.text import expand_abbreviations, fold, syllables
from indexer import Chunk

__all__ = ["TopicPoint", "TopicScope", "resolve_topic", "topic_vocabulary"]

logger = logging.getLogger(__name__)

_HITS = 60  # retrieval depth per phrase
_BAND = 0.8  # a clause counts when its score is within this share of the best in-force clause
_MAX_RETRIEVED = 8  # clauses retrieval adds per phrase
_POINT_HITS = 3  # clauses cited per enumerated point
_MAX_TOPIC = 200
_SHARE = 0.75  # of a long phrase's content words a line must hold to speak of it
_SHORT = 4  # a phrase of this many content words or fewer: a line must hold it word for word
_POINT_BAND = 0.9  # a point of a report is stated by its best clause and those scored almost as high
# Words that say how a topic is taught, not what it is about.
_FILLER = frozenset(fold(w) for w in (
    "của và các những về cho trong theo với một số quy định mới điểm hướng dẫn tổ chức năm luật "
    "nghị định thông tư công tác nội dung vấn đề"
).split())
_ENUMERATION = re.compile(r"\((\d{1,2})\)\s*")
_NUMBERED_TOPIC = re.compile(r"^\s*(\d{1,2})\s+(.+)$")


@dataclass(frozen=True, slots=True)
class TopicPoint:
    """One numbered point of a training report's list, with the provisions that state it."""

    number: int
    text: str  # verbatim from the report
    chunks: tuple[Chunk, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "text": self.text,
                "provisions": [c.label() for c in self.chunks]}


@dataclass(frozen=True, slots=True)
class TopicScope:
    """The clauses in force that govern a topic, most relevant first."""

    topic: str
    as_of: date
    chunks: tuple[Chunk, ...]
    points: tuple[TopicPoint, ...] = ()
    source: str = ""  # the training report the points come from
    titled: frozenset[tuple[str, str]] = field(default_factory=frozenset)  # articles named by their title
    phrases: tuple[str, ...] = ()  # the topic and the search phrases it stands for
    awards: frozenset[str] = frozenset()  # awards the topic's phrases name

    def about(self, chunk: Chunk, text: str) -> bool:
        """Whether a line of a clause speaks of the topic: any line of an article the title names,
        else a line sharing most content words of one of the topic's phrases (or of a point)."""
        if (chunk.doc_number, chunk.article) in self.titled or self.points:
            return True
        named = named_awards(fold(chunk.article_title).lower())
        if named and self.awards and not named & self.awards:
            return False  # an article about another award, which merely mentions the topic's
        seq = _words(text)
        words, run = set(seq), f" {' '.join(seq)} "
        for phrase in self.phrases:
            wanted = _words(phrase)
            if not wanted:
                continue
            if len(wanted) <= _SHORT:
                if f" {' '.join(wanted)} " in run:  # a short phrase, word for word
                    return True
            elif len(set(wanted) & words) >= _SHARE * len(set(wanted)):
                return True
        return False

    @property
    def articles(self) -> list[tuple[str, str]]:
        return list(dict.fromkeys((c.doc_number, c.article) for c in self.chunks))

    def contains(self, doc_number: str, article: str, clause: str | None = None) -> bool:
        for c in self.chunks:
            if doc_key(c.doc_number) == doc_key(doc_number) and c.article == article and (
                    clause is None or c.clause in (None, "0") or c.clause == clause):
                return True
        return False

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "as_of": self.as_of.isoformat(),
                "provisions": [c.label() for c in self.chunks],
                "points": [p.to_dict() for p in self.points], "source": self.source}


@cache
def topic_vocabulary() -> tuple[dict[str, Any], ...]:
    """Training topics and the search phrases their everyday names stand for (data, not code)."""
    raw = resources.files("assistant").joinpath("data/training_topics.json").read_text("utf-8")
    return tuple(json.loads(raw)["topics"])


def _words(text: str) -> list[str]:
    return [w for w in (fold(s).lower() for s in syllables(expand_abbreviations(text))) if w not in _FILLER]


def _phrases(topic: str) -> list[str]:
    """The topic itself, and the phrases its vocabulary entry gives it."""
    key = " ".join(fold(topic).lower().split())
    out = [topic]
    for entry in topic_vocabulary():
        names = [entry["topic"], *entry.get("aliases", [])]
        if any(" ".join(fold(n).lower().split()) == key for n in names):
            out += [q for q in entry.get("queries", []) if q not in out]
    return out


def _in_law_words(text: str) -> str:
    """A report's wording with the law's words for the same things appended (vocabulary as data)."""
    raw = resources.files("assistant").joinpath("data/training_topics.json").read_text("utf-8")
    folded = fold(text).lower()
    extra = [law for report, law in json.loads(raw).get("terms", {}).items() if fold(report).lower() in folded]
    return " ".join([text, *extra])


def _title_match(words: list[str], title: str) -> bool:
    """Every content word of the topic, as a run of syllables, in the article title."""
    if not words:
        return False
    return f" {' '.join(words)} " in f" {' '.join(_words(title))} "


def _documents_named(topic: str, assistant: Assistant) -> set[str]:
    """Documents a topic names ("Luật Thi đua, khen thưởng 2022"): by number, or by title and year."""
    found = {doc_key(n) for n in find_doc_numbers(topic)}
    folded = fold(topic).lower()
    for facts in assistant.catalog:
        title = fold(facts.short_title).lower()
        if title and title in folded:
            found.add(doc_key(facts.number))
    return found


def _retrieved(assistant: Assistant, phrase: str, allowed: dict[str, Chunk], docs: set[str], *,
               band: float = _BAND) -> list[Chunk]:
    hits = [h for h in assistant.searcher.search(phrase, _HITS) if h.chunk.id in allowed
            and (not docs or doc_key(h.chunk.doc_number) in docs)]
    if not hits:
        return []
    best = hits[0].score
    return [allowed[h.chunk.id] for h in hits if h.score >= band * best][:_MAX_RETRIEVED]


def _points(assistant: Assistant, topic: str) -> tuple[list[tuple[int, str]], str]:
    """A numbered list a training report gives for a topic that starts with its count ("8 điểm mới …")."""
    m = _NUMBERED_TOPIC.match(topic)
    if not m:
        return [], ""
    count = int(m.group(1))
    words = set(_words(m.group(2)))
    for hit in assistant.searcher.search(topic, _HITS):
        c = hit.chunk
        if c.doc_kind != "material":
            continue
        marks = list(_ENUMERATION.finditer(c.text))
        numbers = [int(x.group(1)) for x in marks]
        if numbers[:count] != list(range(1, count + 1)):
            continue
        lead = c.text[:marks[0].start()]
        if len(words & set(_words(lead[-300:]))) < max(1, len(words) // 2):
            continue
        items = []
        for i, mark in enumerate(marks[:count]):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(c.text)
            text = c.text[mark.end():end].strip()
            text = re.split(r"(?<=\.)\s+(?=[A-ZĐ])|\n", text)[0].strip()
            items.append((i + 1, text.rstrip(".; ")))
        return items, c.doc_title or c.doc_number
    return [], ""


def resolve_topic(assistant: Assistant, topic: str, *, at: date | None = None) -> TopicScope:
    """The provisions in force governing ``topic``; TopicNotCovered when the library does not cover it."""
    topic = " ".join((topic or "").split())
    if not topic:
        raise EmptyQuestion("topic must not be empty")
    if len(topic) > _MAX_TOPIC:
        raise QuestionTooLong(f"topic over {_MAX_TOPIC} characters", limit=_MAX_TOPIC)
    at = at or assistant.today()
    chunks = in_force_chunks(assistant.store, assistant.catalog, at)
    allowed = {c.id: c for c in chunks}
    titles = article_titles(chunks)
    docs = _documents_named(topic, assistant) & {doc_key(c.doc_number) for c in chunks}
    phrases = _phrases(topic)
    points, source = _points(assistant, topic)
    picked: dict[str, Chunk] = {}
    titled: set[tuple[str, str]] = set()
    resolved_points: list[TopicPoint] = []
    if points:
        for number, text in points:
            found = _retrieved(assistant, _in_law_words(text), allowed, docs, band=_POINT_BAND)[:_POINT_HITS]
            resolved_points.append(TopicPoint(number, text, tuple(found)))
            picked.update((c.id, c) for c in found)
    else:
        for phrase in phrases:
            words = _words(phrase)
            for key, title in titles.items():
                if _title_match(words, title) and (not docs or doc_key(key[0]) in docs):
                    titled.add(key)
        picked.update((c.id, c) for c in chunks if (c.doc_number, c.article) in titled)
        for phrase in phrases:
            picked.update((c.id, c) for c in _retrieved(assistant, phrase, allowed, docs))
    covered = bool(titled) or bool(points)
    for phrase in phrases:  # the assistant's own gate: does it answer the topic from the texts in force?
        if covered:
            break
        answer = assistant.ask(phrase, at=at)
        covered = not answer.refused and any(c.chunk_id in allowed for c in answer.citations)
    if not covered or not picked:
        raise TopicNotCovered(f"the library does not cover topic {topic!r}", topic=topic)
    ranked = list(picked.values())  # titled articles in document order, then retrieval order
    logger.info("topic %r: %d clauses in %d articles (%d by title, %d points)", topic, len(ranked),
                len({(c.doc_number, c.article) for c in ranked}), len(titled), len(resolved_points))
    return TopicScope(topic=topic, as_of=at, chunks=tuple(ranked), points=tuple(resolved_points), source=source,
                      titled=frozenset(titled), phrases=tuple(phrases),
                      awards=frozenset(a for p in phrases for a in named_awards(fold(expand_abbreviations(p)).lower())))
