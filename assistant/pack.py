"""A trainer's session pack for one topic: the governing provisions, what changed, the questions
people ask with the assistant's answers, and a quiz with its key.

Everything starts from the topic resolved to its provisions (``assistant.topics``); a topic the
library does not cover raises ``TopicNotCovered`` before anything is built.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from assistant.assistant import Assistant
from assistant.changes import Change, what_changed
from assistant.errors import InvalidQuestion
from assistant.provisions import article_titles, in_force_chunks
from assistant.quiz import Quiz, build_quiz
from assistant.records import Answer
from assistant.sheet import decision_of, read_questions
from assistant.topics import TopicScope, resolve_topic
from indexer import Chunk

__all__ = ["FaqEntry", "OutlineItem", "OutlineSection", "Pack", "build_pack", "load_questions"]

logger = logging.getLogger(__name__)

_MAX_REAL = 8
_MAX_GENERATED = 6
_ITEM_CHARS = 700


@dataclass(frozen=True, slots=True)
class OutlineItem:
    label: str  # the citation: "Khoản 1 Điều 21 Luật Thi đua, khen thưởng 2022 (06/2022/QH15)"
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "text": self.text}


@dataclass(frozen=True, slots=True)
class OutlineSection:
    heading: str  # "Điều 21. Danh hiệu “Chiến sĩ thi đua toàn quốc” — Luật Thi đua, khen thưởng 2022"
    items: tuple[OutlineItem, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"heading": self.heading, "items": [i.to_dict() for i in self.items]}


@dataclass(frozen=True, slots=True)
class FaqEntry:
    question: str
    source: str  # real | generated
    answer: Answer | None
    decision: str  # answered | partly | not_covered (the assistant's)

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "source": self.source, "decision": self.decision,
                "answer": self.answer.to_dict() if self.answer else None}


@dataclass(frozen=True, slots=True)
class Pack:
    topic: str
    as_of: date
    scope: TopicScope
    outline: tuple[OutlineSection, ...]
    changes: tuple[Change, ...]
    faq: tuple[FaqEntry, ...]
    quiz: Quiz
    sources: tuple[str, ...] = field(default_factory=tuple)  # training reports the topic comes from

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "as_of": self.as_of.isoformat(), "scope": self.scope.to_dict(),
                "outline": [s.to_dict() for s in self.outline], "changes": [c.to_dict() for c in self.changes],
                "faq": [f.to_dict() for f in self.faq], "quiz": self.quiz.to_dict(), "sources": list(self.sources)}


def load_questions(path: Path) -> list[str]:
    """Questions from a file: JSON lines with a "question" field (../shared/questions format), else a list."""
    text = path.read_text("utf-8-sig")
    if path.suffix.lower() == ".jsonl":
        out = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InvalidQuestion(f"{path.name} line {n} is not JSON") from exc
            if isinstance(row, dict) and str(row.get("question", "")).strip():
                out.append(str(row["question"]).strip())
        return out
    return read_questions(text, csv_format=True if path.suffix.lower() == ".csv" else None)


def _excerpt(text: str) -> str:
    if len(text) <= _ITEM_CHARS:
        return text
    return text[:_ITEM_CHARS].rsplit(" ", 1)[0] + " …"


def _outline(scope: TopicScope, titles: dict[tuple[str, str], str]) -> list[OutlineSection]:
    if scope.points:
        return [OutlineSection(
            heading=f"({p.number}) {p.text}",
            items=tuple(OutlineItem(c.label(), _excerpt(c.text)) for c in p.chunks)) for p in scope.points]
    sections: dict[tuple[str, str], list[Chunk]] = {}
    for c in scope.chunks:
        sections.setdefault((c.doc_number, c.article), []).append(c)
    out = []
    for (_, article), chunks in sections.items():
        first = chunks[0]
        title = titles.get((first.doc_number, article), "")
        heading = f"Điều {article}. {title} — {first.short_title}" if title else f"Điều {article} — {first.short_title}"
        out.append(OutlineSection(heading=heading,
                                  items=tuple(OutlineItem(c.label(), _excerpt(c.text)) for c in chunks)))
    return out


def _ask(assistant: Assistant, question: str, at: date | None) -> Answer | None:
    try:
        return assistant.ask(question, at=at)
    except InvalidQuestion:
        return None


def _faq(assistant: Assistant, scope: TopicScope, titles: dict[tuple[str, str], str], questions: Sequence[str],
         at: date | None, on_question: Callable[[int], None] | None) -> list[FaqEntry]:
    """Real questions about the topic first (those the assistant answers from the topic's provisions, or
    declines pointing to them), then questions made from the provisions' titles or the report's points."""
    entries: list[FaqEntry] = []
    for i, q in enumerate(questions, 1):
        if on_question:
            on_question(i)
        if len(entries) >= _MAX_REAL:
            break
        answer = _ask(assistant, q, at)
        # A question declined because the law hands its procedure to another body belongs here too when
        # the provisions it points to do: trainers are asked it, and the answer says where the rule lives.
        basis = () if answer is None else answer.citations if not answer.refused \
            else answer.related if answer.decision.handed_off_by else ()
        if any(scope.contains(c.doc_number, c.article, c.clause) for c in basis):
            entries.append(FaqEntry(q, "real", answer, decision_of(answer)))
    made: list[str] = []
    if scope.points:
        made = [f"Luật Thi đua, khen thưởng 2022 quy định thế nào về việc {p.text[:1].lower()}{p.text[1:]}?"
                for p in scope.points]
    else:
        for key in dict.fromkeys((c.doc_number, c.article) for c in scope.chunks):
            title = titles.get(key, "")
            if title and len(title) < 160:
                made.append(f"{title} được quy định như thế nào?")
    for q in list(dict.fromkeys(made))[:_MAX_GENERATED]:
        answer = _ask(assistant, q, at)
        entries.append(FaqEntry(q, "generated", answer, decision_of(answer)))
    return entries


def build_pack(assistant: Assistant, topic: str, *, questions: Sequence[str] = (), n_quiz: int = 10,
               seed: int = 0, at: date | None = None,
               on_question: Callable[[int], None] | None = None) -> Pack:
    """The session pack for ``topic`` as of ``at`` (today); ``questions`` are the real ones to try first."""
    at = at or assistant.today()
    scope = resolve_topic(assistant, topic, at=at)
    titles = article_titles(in_force_chunks(assistant.store, assistant.catalog, at))
    outline = _outline(scope, titles)
    governing = [*scope.chunks, *(c for p in scope.points for c in p.chunks)]
    changes = what_changed(assistant, list(dict.fromkeys(governing)), at=at)
    faq = _faq(assistant, scope, titles, questions, at, on_question)
    quiz = build_quiz(assistant, n=n_quiz, seed=seed, topic=scope.topic, at=at, scope=scope)
    sources = (scope.source,) if scope.source else ()
    logger.info("pack %r: %d sections, %d changes, %d questions, %d quiz items", topic, len(outline), len(changes),
                len(faq), len(quiz.questions))
    return Pack(topic=scope.topic, as_of=at, scope=scope, outline=tuple(outline), changes=tuple(changes),
                faq=tuple(faq), quiz=quiz, sources=sources)
