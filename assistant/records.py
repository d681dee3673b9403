"""Typed records produced by the assistant stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

__all__ = ["Answer", "ArticleView", "Citation", "Decision", "DocumentView", "Quote", "TocEntry"]

DecisionStatus = Literal["answered", "partly", "not_covered"]


@dataclass(frozen=True, slots=True)
class Citation:
    """One provision an answer rests on, with its validity on the answer's date."""

    doc_number: str  # "152/2025/NĐ-CP"
    doc_title: str
    short_title: str
    article: str  # "24" (a string: amending laws add "58a")
    clause: str | None  # "2"
    point: str | None  # "đ"
    text: str  # the quoted text
    status: str  # in_force | superseded | expired | not_yet | unknown, on the answer's date
    label: str  # "Điểm a Khoản 2 Điều 24 Nghị định 152/2025/NĐ-CP"
    article_title: str = ""
    superseded_by: tuple[str, ...] = ()
    validity_note: str = ""  # Vietnamese, for the reader
    score: float = 0.0
    chunk_id: str = ""
    doc_kind: str = "legal"

    @property
    def in_force(self) -> bool:
        return self.status in ("in_force", "unknown")

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_number": self.doc_number,
            "doc_title": self.doc_title,
            "short_title": self.short_title,
            "article": int(self.article) if self.article.isdigit() else (self.article or None),
            "clause": int(self.clause) if self.clause and self.clause.isdigit() else self.clause,
            "point": self.point,
            "text": self.text,
            "status": self.status,
            "in_force": self.in_force,
            "label": self.label,
            "article_title": self.article_title,
            "superseded_by": list(self.superseded_by),
            "validity_note": self.validity_note,
            "score": round(self.score, 4),
            "chunk_id": self.chunk_id,
            "doc_kind": self.doc_kind,
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """The exact span of a cited provision that answers (a point or a clause, not the whole article)."""

    citation: int  # index into Answer.citations
    text: str
    label: str  # "Điểm e Khoản 1 Điều 54 Nghị định 152/2025/NĐ-CP"

    def to_dict(self) -> dict[str, Any]:
        return {"citation": self.citation, "text": self.text, "label": self.label}


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether the library answers the question, and why not (Vietnamese reasons for the reader)."""

    status: DecisionStatus = "answered"
    reasons: tuple[str, ...] = ()
    missing_topics: tuple[str, ...] = ()  # what the question asks that no passage addresses
    missing_documents: tuple[str, ...] = ()  # documents it names that the library lacks
    coverage: float = 0.0
    advice: str = ""  # where such rules usually live, when not covered
    handed_off_by: tuple[str, ...] = ()  # provisions handing the asked-for procedure to another body (labels)

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "reasons": list(self.reasons), "missing_topics": list(self.missing_topics),
                "missing_documents": list(self.missing_documents), "coverage": round(self.coverage, 4),
                "advice": self.advice, "handed_off_by": list(self.handed_off_by)}


@dataclass(frozen=True, slots=True)
class Answer:
    """What the assistant says, and the provisions it rests on."""

    id: str
    question: str
    text: str
    citations: tuple[Citation, ...]
    refused: bool
    as_of: date
    mode: Literal["extractive", "llm"] = "extractive"
    conversation_id: str | None = None
    retrieved: tuple[Citation, ...] = ()  # ranked candidates (one per article), for evaluation
    suggestions: tuple[str, ...] = ()  # topics the documents do cover, when refused
    notes: tuple[str, ...] = ()  # validity and fallback notes shown under the answer
    confidence: float = 0.0
    latency_ms: float = 0.0
    lead: str = ""  # the direct answer, one or two sentences ("0,3 lần mức lương cơ sở — …")
    lead_kind: str = ""  # money | authority | dossier | deadline | criteria | yes_no | rule | not_covered
    quotes: tuple[Quote, ...] = ()  # what the lead rests on, in reading order
    decision: Decision = field(default_factory=Decision)
    related: tuple[Citation, ...] = ()  # closest provisions, shown as related only (not covered / partly)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "answer": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "refused": self.refused,
            "as_of": self.as_of.isoformat(),
            "mode": self.mode,
            "conversation_id": self.conversation_id,
            "retrieved": [c.to_dict() | {"text": c.text[:300]} for c in self.retrieved],
            "suggestions": list(self.suggestions),
            "notes": list(self.notes),
            "confidence": round(self.confidence, 4),
            "latency_ms": round(self.latency_ms, 1),
            "lead": self.lead,
            "lead_kind": self.lead_kind,
            "quotes": [q.to_dict() for q in self.quotes],
            "decision": self.decision.to_dict(),
            "related": [c.to_dict() | {"text": c.text[:300]} for c in self.related],
        }


@dataclass(frozen=True, slots=True)
class TocEntry:
    kind: str  # chuong | muc | dieu
    label: str
    title: str


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A document as listed to users, with its validity today."""

    id: str  # URL-safe: "06-2022-QH15"
    number: str
    title: str
    short_title: str
    doc_type: str
    kind: str
    issuer: str
    issued: str | None
    effective: str | None
    status: str
    superseded_by: tuple[str, ...]
    validity_note: str
    articles: int
    toc: tuple[TocEntry, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class ArticleView:
    """A whole article rebuilt from its chunks: heading, clauses and points."""

    doc_id: str
    doc_number: str
    short_title: str
    article: str
    title: str
    chapter: str
    text: str
    clauses: tuple[tuple[str | None, str], ...]  # (clause label or None for the intro, text)
    status: str
    validity_note: str
    label: str
