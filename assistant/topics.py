"""A training topic resolved to the provisions in force that govern it.

Trainer tools (quizzes, session packs) start from a topic ("chiến sĩ thi đua", "cụm, khối thi
đua", "8 điểm mới của Luật Thi đua, khen thưởng 2022"), never from the whole library:

1. The assistant's own gate decides whether the library covers the topic at all ("thuế thu nhập
   cá nhân" is declined, with a Vietnamese message, before anything is built).
2. Articles whose titles name the topic (every content word of it) belong to it whole.
3. Retrieval of the topic (and of the search phrases the topic vocabulary gives it,
   ``assistant/data/training_topics.json``, and the names of the awards named after a level the
   topic names: "cấp tỉnh" → the Chiến sĩ thi đua, Cờ thi đua, Bằng khen "of the Bộ, ban, ngành,
   tỉnh") adds the clauses ranked within a band of the best one — only those about the topic
   (``TopicScope.covers``): by their headings (article title, section, clause lead-in, the unit's
   first sentence, a point whose subject is the topic) or a sentence holding the topic's phrase or
   award. A clause that merely uses the topic's words ("công tác thi đua, khen thưởng cấp tỉnh" in
   the award fund's article) or whose subject is an award of another level is left out; quiz
   items come only from lines the same test accepts.
4. A topic that a training report enumerates ("8 điểm mới …: (1) … (8) …") is split into its
   points; each point is resolved to its own provisions, so the pack can cite every point.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from assistant.assistant import Assistant
from assistant.awards import AWARDS, awards_of_level, first_award, levels_named, named_awards, without_awards
from assistant.errors import EmptyQuestion, QuestionTooLong, TopicNotCovered
from assistant.facts import sentences
from assistant.provisions import Paragraph, article_titles, in_force_chunks, paragraphs
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
_SHARE = 0.75  # of a long phrase's word pairs (in order) a line must hold to speak of it
_SHORT = 4  # a phrase of this many content words or fewer: a line must hold it word for word
_POINT_BAND = 0.9  # a point of a report is stated by its best clause and those scored almost as high
# Words that say how a topic is taught, not what it is about.
_FILLER = frozenset(fold(w) for w in (
    "của và các những về cho trong theo với một số quy định mới điểm hướng dẫn tổ chức năm luật "
    "nghị định thông tư công tác nội dung vấn đề"
).split())
_FIELD = re.compile(r"\bthi dua\s*[,\-–]?\s*khen thuong\b")
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
        """Whether a sentence of a clause speaks of the topic: any sentence of an article the title
        names (or of a report's point), else one holding one of the topic's phrases or awards."""
        if (chunk.doc_number, chunk.article) in self.titled or self.points:
            return True
        if self._other_award(_heading(chunk)):
            return False  # an article about another award, which merely mentions the topic's
        return self._speaks(text)

    def covers(self, paragraph: Paragraph, text: str | None = None) -> bool:
        """Whether a line (or ``text``, a sentence of it) is inside the topic.

        The unit it belongs to is about the topic when one of its headings is — the article
        title, the clause's lead-in, the unit's own first sentence — or when the topic is the
        subject of the article's section or chapter, of one of the clause's points (a dossier list
        one of whose items is the báo cáo thành tích) or of the clause's list read as one sentence
        ("Hình thức tổ chức thi đua gồm: Thi đua thường xuyên; Thi đua theo chuyên đề."); then
        every line of it is. Otherwise the sentence itself must speak of the topic. A later
        sentence that merely uses the topic's words does not bring its clause in.
        """
        chunk = paragraph.chunk
        if (chunk.doc_number, chunk.article) in self.titled or self.points:
            return True
        title = _heading(chunk)
        if self._other_award(title):
            return False
        lead, points = _clause_heads(chunk).get(paragraph.clause, ("", ()))
        own = _lead_sentence(paragraph.unit_text)
        parts = (_HEADING.sub("", chunk.section), _HEADING.sub("", chunk.chapter))
        return (any(self._speaks(h) or self._opens(h) for h in (title, lead, own) if h)
                or any(self._opens(h) for h in (*parts, *points, " ".join((lead, *points))) if h)
                or self._speaks(paragraph.text if text is None else text))

    def _opens(self, text: str) -> bool:
        """A sentence (or title) whose subject is the topic: it opens with one of the topic's phrases,
        an award in a phrase standing for any award of its level ("Hồ sơ, thủ tục xét tặng Huân
        chương" opens "Hồ sơ, thủ tục xét tặng “Cờ thi đua của Chính phủ”")."""
        seq = _words(text)
        levels = _levels(named_awards(_folded(text))) | levels_named(text)
        for phrase in self.phrases:
            named, rest = _phrase_parts(phrase)
            if not rest or seq[:1] != rest[:1] or (named and not _levels(named) & levels):
                continue
            if _holds(rest, seq[:len(rest) + 1]):
                return True
        return False

    def _other_award(self, text: str) -> bool:
        """A text naming only awards of another level than the topic's (a topic naming awards)."""
        named = named_awards(_folded(text))
        return bool(named and self.awards and not _levels(named) & _levels(self.awards))

    def _speaks(self, text: str) -> bool:
        """The text's first-named award (its subject) one of the topic's, or one of the topic's phrases
        in it: a short one word for word, a long one by most of its word pairs in order; never a text
        whose first-named award is of another level than the topic's."""
        first = first_award(_folded(text)) if self.awards else None
        if first is not None:
            if first.key in self.awards:
                return True
            if first.level not in _levels(self.awards):
                return False  # "… quyết định tặng giấy khen", "Hồ sơ … Chiến sĩ thi đua toàn quốc …": another award's
        seq = _words(text)
        return any(wanted and _holds(wanted, seq) for wanted in (_words(phrase) for phrase in self.phrases))

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


def _folded(text: str) -> str:
    return " ".join(fold(expand_abbreviations(text)).lower().split())


def _pairs(words: list[str]) -> list[tuple[str, str]]:
    return list(zip(words, words[1:], strict=False))


def _heading(chunk: Chunk) -> str:
    """An article's title; a long one the parser read as the lead-in (see ``article_titles``)."""
    return chunk.article_title or chunk.lead.split("\n")[0]


_HEADING = re.compile(r"^\s*(?:Chương|Mục)\s+[\dIVXLC]+\.?\s*", re.IGNORECASE)
_LABEL = re.compile(r"^\s*(?:\d{1,3}[a-z]?\.|[a-zđ]\))\s+")


@lru_cache(maxsize=4096)
def _clause_heads(chunk: Chunk) -> dict[str | None, tuple[str, tuple[str, ...]]]:
    """Per clause of a chunk, the first sentence of its lead-in and those of its points."""
    leads: dict[str | None, str] = {}
    points: dict[str | None, list[str]] = {}
    for p in paragraphs(chunk):
        if p.lead:
            leads[p.clause] = _lead_sentence(p.text)
        elif p.point is not None and p.unit_text.strip().startswith(p.text.split("\n")[0]):
            points.setdefault(p.clause, []).append(_lead_sentence(p.text))
    return {k: (leads.get(k, ""), tuple(points.get(k, ()))) for k in {*leads, *points}}


def _lead_sentence(text: str) -> str:
    """The first sentence of a unit (its first line, label removed): what the unit is about."""
    first = _LABEL.sub("", (text or "").strip().split("\n")[0])
    return sentences(first)[0] if first.strip() else ""


@lru_cache(maxsize=256)
def _phrase_parts(phrase: str) -> tuple[frozenset[str], list[str]]:
    """The awards a phrase names, and its other content words: "hồ sơ, thủ tục xét tặng Huân chương"
    is a dossier of an award of the Huân chương's level; a phrase that is an award's name alone
    ("Bằng khen của Bộ, ban, ngành, tỉnh") has no other words, and is matched by the award."""
    folded = _folded(phrase)
    named = frozenset(named_awards(folded))
    rest = _words(without_awards(folded)) if named else _words(phrase)
    return named, rest if len(rest) >= 2 or not named else []


def _holds(wanted: list[str], seq: list[str]) -> bool:
    """A short phrase word for word; a long one by most of its word pairs, in order."""
    if len(wanted) <= _SHORT:
        return f" {' '.join(wanted)} " in f" {' '.join(seq)} "
    pairs = set(_pairs(wanted))
    return len(pairs & set(_pairs(seq))) >= _SHARE * len(pairs)


def _levels(keys: frozenset[str] | set[str]) -> set[str]:
    return {a.level for a in AWARDS if a.key in keys}


def _words(text: str) -> list[str]:
    """Content words, folded; the field's own name ("thi đua, khen thưởng") is one word, so a topic's
    "khen thưởng cấp tỉnh" is not read into "công tác thi đua, khen thưởng cấp tỉnh"."""
    folded = _FIELD.sub(" thiduakhenthuong ", fold(expand_abbreviations(text)).lower())
    return [w for w in syllables(folded) if w not in _FILLER]


def _phrases(topic: str) -> list[str]:
    """The topic itself, the phrases its vocabulary entry gives it, and the names of the awards
    named after a level the topic names."""
    key = " ".join(fold(topic).lower().split())
    out = [topic]
    for entry in topic_vocabulary():
        names = [entry["topic"], *entry.get("aliases", [])]
        if any(" ".join(fold(n).lower().split()) == key for n in names):
            out += [q for q in entry.get("queries", []) if q not in out]
    out += [a.name for a in awards_of_level(topic) if a.name not in out]  # "cấp tỉnh": the awards named after it
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
    awards = frozenset(a for p in phrases for a in named_awards(_folded(p)))
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
        draft = TopicScope(topic=topic, as_of=at, chunks=(), titled=frozenset(titled), phrases=tuple(phrases),
                           awards=awards)
        for phrase in phrases:
            found = _retrieved(assistant, phrase, allowed, docs)
            picked.update((c.id, c) for c in found if c.id not in picked and any(
                draft.covers(p) for p in paragraphs(c)))  # a clause merely mentioning the topic is not in it
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
                      titled=frozenset(titled), phrases=tuple(phrases), awards=awards)
