"""The HTTP API's own models, converted at the edge from assistant records.

Internal records can change without breaking clients: only these shapes are promised.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant import Answer, ArticleView, DocumentView
from assistant.library import doc_id
from bots.feedback import Unanswered
from indexer import IndexInfo, IngestReport

__all__ = [
    "AnswerOut",
    "DecisionOut",
    "ArticleOut",
    "AskRequest",
    "CitationOut",
    "ClauseOut",
    "DocumentDetailOut",
    "DocumentOut",
    "ErrorBody",
    "ErrorOut",
    "QuoteOut",
    "FailureOut",
    "FeedbackOut",
    "FeedbackRequest",
    "HealthOut",
    "TocEntryOut",
    "UnansweredOut",
    "UploadOut",
    "answer_out",
    "article_out",
    "document_detail_out",
    "document_out",
    "health_out",
    "unanswered_out",
    "upload_out",
]

_ID = r"^[A-Za-z0-9_-]{1,64}$"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class AskRequest(_Model):
    model_config = ConfigDict(frozen=True, extra="ignore", json_schema_extra={
        "examples": [{"question": "Tiêu chuẩn danh hiệu Chiến sĩ thi đua cơ sở là gì?"}]})

    question: str = Field(description="Câu hỏi bằng tiếng Việt (tối đa 2.000 ký tự).")
    conversation_id: str | None = Field(None, pattern=_ID, description="Mã hội thoại để hỏi tiếp.")
    at: str | None = Field(None, description="Trả lời theo quy định có hiệu lực vào ngày YYYY-MM-DD.")


class FeedbackRequest(_Model):
    answer_id: str = Field(pattern=_ID)
    rating: Literal["up", "down"]
    comment: str = Field("", max_length=2000)


class CitationOut(_Model):
    doc_id: str  # for /api/documents/{doc_id}/articles/{article}
    doc_number: str
    doc_title: str
    short_title: str
    article: int | str | None
    clause: int | str | None
    point: str | None
    text: str
    status: str
    in_force: bool
    label: str
    article_title: str
    superseded_by: list[str]
    validity_note: str
    score: float
    chunk_id: str
    doc_kind: str


class QuoteOut(_Model):
    citation: int = Field(description="Chỉ số trong `citations`.")
    text: str = Field(description="Đúng đoạn (điểm, khoản) trả lời câu hỏi.")
    label: str


class DecisionOut(_Model):
    status: Literal["answered", "partly", "not_covered"]
    reasons: list[str]
    missing_topics: list[str]
    missing_documents: list[str]
    coverage: float
    advice: str
    handed_off_by: list[str] = []  # provisions handing the asked-for procedure to another body


class AnswerOut(_Model):
    """The same shape as `tdkt ask --json`, plus each citation's `doc_id`."""

    id: str
    question: str
    answer: str
    citations: list[CitationOut]
    refused: bool
    as_of: str
    mode: str
    conversation_id: str | None
    retrieved: list[CitationOut]
    suggestions: list[str]
    notes: list[str]
    confidence: float
    latency_ms: float
    lead: str = Field("", description="Câu trả lời trực tiếp (một, hai câu).")
    lead_kind: str = ""
    quotes: list[QuoteOut] = []
    decision: DecisionOut | None = None
    related: list[CitationOut] = []


class DocumentOut(_Model):
    id: str
    number: str
    title: str
    short_title: str
    doc_type: str
    kind: str
    issuer: str
    issued: str | None
    effective: str | None
    status: str
    in_force: bool
    superseded_by: list[str]
    validity_note: str
    articles: int


class TocEntryOut(_Model):
    kind: str  # chuong | muc | dieu
    label: str
    title: str


class DocumentDetailOut(DocumentOut):
    toc: list[TocEntryOut]


class ClauseOut(_Model):
    clause: str | None
    text: str


class ArticleOut(_Model):
    doc_id: str
    doc_number: str
    short_title: str
    article: str
    title: str
    chapter: str
    label: str
    text: str
    clauses: list[ClauseOut]
    status: str
    in_force: bool
    superseded_by: list[str]
    validity_note: str


class HealthOut(_Model):
    status: Literal["ok"]
    generation: str
    built_at: str
    documents: int
    chunks: int
    qdrant: Literal["embedded", "server"]
    dense_model: str | None
    llm: bool  # configured and not skipped by its circuit breaker
    llm_state: Literal["off", "closed", "open", "half_open"] = "off"
    heavy_jobs: int = 0  # answer sheets, quizzes and uploads running or waiting


class FeedbackOut(_Model):
    answer_id: str
    rating: str
    created_at: str


class UnansweredOut(_Model):
    answer_id: str
    question: str
    reason: str
    comment: str
    citations: str
    channel: str
    created_at: str


class FailureOut(_Model):
    file: str
    code: str
    message: str


class UploadOut(_Model):
    file: str
    indexed: bool
    generation: str
    documents: int
    chunks: int
    reused: int
    seconds: float
    failures: list[FailureOut]
    upload_id: str = ""
    number: str = ""
    added: list[str] = []
    updated: list[str] = []
    kept: int = 0


class LibraryDocOut(_Model):
    """A document of the library as the admin sees it."""

    id: str
    number: str
    title: str
    doc_type: str
    status: str
    effective: str | None
    file: str  # the source file's name
    uploaded: bool  # added through the admin page (its file is under the uploads folder)
    chunks: int


class UploadRecordOut(_Model):
    id: str
    file: str
    state: Literal["received", "checking", "indexing", "indexed", "failed", "interrupted"]
    state_label: str
    started: str
    finished: str
    size: int
    number: str
    message: str


class RemoveOut(_Model):
    removed: list[str]
    documents: int
    generation: str


class ErrorOut(_Model):
    code: str
    message: str


class ErrorBody(_Model):
    error: ErrorOut


def _in_force(status: str) -> bool:
    return status in ("in_force", "unknown")


def answer_out(answer: Answer) -> AnswerOut:
    data = answer.to_dict()
    for key in ("citations", "retrieved", "related"):
        data[key] = [c | {"doc_id": doc_id(c["doc_number"])} for c in data[key]]
    return AnswerOut.model_validate(data)


def document_out(view: DocumentView) -> DocumentOut:
    return DocumentOut(
        id=view.id, number=view.number, title=view.title, short_title=view.short_title, doc_type=view.doc_type,
        kind=view.kind, issuer=view.issuer, issued=view.issued, effective=view.effective, status=view.status,
        in_force=_in_force(view.status), superseded_by=list(view.superseded_by), validity_note=view.validity_note,
        articles=view.articles,
    )


def document_detail_out(view: DocumentView) -> DocumentDetailOut:
    toc = [TocEntryOut(kind=t.kind, label=t.label, title=t.title) for t in view.toc]
    return DocumentDetailOut(**document_out(view).model_dump(), toc=toc)


def article_out(view: ArticleView, superseded_by: tuple[str, ...]) -> ArticleOut:
    return ArticleOut(
        doc_id=view.doc_id, doc_number=view.doc_number, short_title=view.short_title, article=view.article,
        title=view.title, chapter=view.chapter, label=view.label, text=view.text,
        clauses=[ClauseOut(clause=c, text=t) for c, t in view.clauses], status=view.status,
        in_force=_in_force(view.status), superseded_by=list(superseded_by), validity_note=view.validity_note,
    )


def health_out(info: IndexInfo, *, remote: bool, llm: bool, llm_state: str = "off", heavy_jobs: int = 0) -> HealthOut:
    state: Literal["off", "closed", "open", "half_open"] = (
        llm_state if llm_state in ("closed", "open", "half_open") else "off")  # type: ignore[assignment]
    return HealthOut(status="ok", generation=info.collection, built_at=info.built_at, documents=len(info.documents),
                     chunks=info.chunks, qdrant="server" if remote else "embedded", dense_model=info.dense_model,
                     llm=llm, llm_state=state, heavy_jobs=heavy_jobs)


def unanswered_out(row: Unanswered) -> UnansweredOut:
    return UnansweredOut(answer_id=row.answer_id, question=row.question, reason=row.reason, comment=row.comment,
                         citations=row.citations, channel=row.channel, created_at=row.created_at)


def upload_out(name: str, report: IngestReport, failures: list[FailureOut], *, indexed: bool,
               upload_id: str = "", number: str = "") -> UploadOut:
    return UploadOut(file=name, indexed=indexed, generation=report.collection, documents=report.documents,
                     chunks=report.chunks, reused=report.reused, seconds=round(report.seconds, 2),
                     failures=failures, upload_id=upload_id, number=number, added=list(report.added),
                     updated=list(report.updated), kept=len(report.kept))
