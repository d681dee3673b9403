"""Answer sheets: a trainer's list of questions answered in one go, with citations and validity."""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assistant.assistant import Assistant
from assistant.errors import EmptyQuestion, InvalidQuestion
from assistant.records import Answer

__all__ = ["DECISION_LABELS", "AnswerSheet", "SheetEntry", "answer_sheet", "decision_of", "read_questions"]

logger = logging.getLogger(__name__)

MAX_QUESTIONS = 500
_HEADERS = ("question", "câu hỏi", "cau hoi", "câu hỏi/question", "noi dung", "nội dung")
# "Câu 3.", "3)", "12 -": numbering a trainer typed before the question.
_NUMBERING = re.compile(r"^\s*(?:câu(?: hỏi)?\s*)?\d{1,3}\s*[.:)\-–]\s*", re.IGNORECASE)


DECISION_LABELS = {"answered": "Đã trả lời", "partly": "Trả lời một phần", "not_covered": "Không có trong văn bản"}


def decision_of(answer: Answer | None) -> str:
    """The assistant's decision on a question: answered, partly, not_covered (``Answer.decision``)."""
    if answer is None:
        return "not_covered"
    return answer.decision.status


@dataclass(frozen=True, slots=True)
class SheetEntry:
    number: int
    question: str
    answer: Answer | None = None
    error: str | None = None  # the error code when the question itself was rejected

    @property
    def decision(self) -> str:
        return decision_of(self.answer)

    @property
    def covered(self) -> bool:
        return self.decision != "not_covered"

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "question": self.question, "covered": self.covered,
                "decision": self.decision, "error": self.error,
                "answer": self.answer.to_dict() if self.answer else None}


@dataclass(frozen=True, slots=True)
class AnswerSheet:
    title: str
    as_of: date
    entries: tuple[SheetEntry, ...] = field(default_factory=tuple)

    @property
    def answered(self) -> list[SheetEntry]:
        return [e for e in self.entries if e.covered]

    @property
    def not_covered(self) -> list[SheetEntry]:
        return [e for e in self.entries if not e.covered]

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "as_of": self.as_of.isoformat(), "total": len(self.entries),
                "answered": len(self.answered), "not_covered": [e.number for e in self.not_covered],
                "entries": [e.to_dict() for e in self.entries]}


def read_questions(text: str, *, csv_format: bool | None = None) -> list[str]:
    """Questions from a list (one per line) or a CSV with a "question"/"câu hỏi" column (else the first).

    ``csv_format`` None guesses: a first line naming a known column, or every line holding a comma
    inside quotes, reads as CSV.
    """
    text = text.lstrip("\ufeff")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return []
    if csv_format is None:
        first = [c.strip().lower() for c in next(csv.reader([lines[0]]))]
        csv_format = any(c in _HEADERS for c in first)
    if not csv_format:
        return [q for q in (_clean(ln) for ln in lines) if q]
    rows = list(csv.reader(io.StringIO(text)))
    header = [c.strip().lower() for c in rows[0]] if rows else []
    column = next((i for i, c in enumerate(header) if c in _HEADERS), None)
    body = rows[1:] if column is not None else rows
    col = column or 0
    return [q for q in (_clean(r[col]) for r in body if len(r) > col) if q]


def _clean(line: str) -> str:
    return _NUMBERING.sub("", line.strip(), count=1).strip().strip('"').strip()


def answer_sheet(assistant: Assistant, questions: Sequence[str], *, at: date | None = None,
                 title: str = "Đáp án câu hỏi thi đua, khen thưởng",
                 on_question: Callable[[int], None] | None = None) -> AnswerSheet:
    """Ask every question (as of ``at``); a rejected question is kept with its error code."""
    if not questions:
        raise EmptyQuestion("no questions in the list")
    if len(questions) > MAX_QUESTIONS:
        raise InvalidQuestion(f"{len(questions)} questions, at most {MAX_QUESTIONS}", limit=MAX_QUESTIONS)
    entries = []
    for i, q in enumerate(questions, 1):
        try:
            entries.append(SheetEntry(i, q, assistant.ask(q, at=at)))
        except InvalidQuestion as exc:
            entries.append(SheetEntry(i, q, error=exc.code))
        if on_question:
            on_question(i)
    sheet = AnswerSheet(title=title, as_of=at or assistant.today(), entries=tuple(entries))
    logger.info("answer sheet: %d questions, %d answered", len(entries), len(sheet.answered))
    return sheet
