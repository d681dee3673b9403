"""The trainers' HTTP API: answer sheets, quizzes, session packs, forms and dossier checklists.

Files come back to download (``Content-Disposition: attachment``); lists of forms and checklists also
as JSON for the page. Answering a list, building a quiz or a pack are heavy jobs: they run in the
service's own bounded queue (``heavy``), never in the workers that ``/api/ask`` needs; forms and
checklists are quick and run through ``in_worker``.
"""

from __future__ import annotations

import csv
import logging
import random
import re
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from assistant import (
    AnswerSheet,
    Assistant,
    Quiz,
    answer_sheet,
    build_quiz,
    dossier_checklist,
    get_form,
    list_forms,
    read_questions,
)
from assistant.pack import Pack, build_pack
from bots.api import ASK_COST, RuntimeDep, heavy, in_worker, limited, parse_at
from bots.errors import (
    BadQuestionFile,
    BadSheetLine,
    InvalidRequest,
    NoQuestions,
    NoQuiz,
    PayloadTooLarge,
    TooManyQuestions,
)
from bots.exports import MEDIA_TYPES, checklist_bytes, form_bytes, pack_bytes, quiz_bytes, sheet_bytes
from bots.schemas import ErrorBody

__all__ = ["MAX_QUESTIONS", "PACK_PATH", "QUIZ_PATH", "SHEET_PATH", "PackRequest", "QuizRequest", "router"]

logger = logging.getLogger(__name__)

SHEET_PATH = "/api/trainer/answer-sheet"
QUIZ_PATH = "/api/trainer/quiz"
PACK_PATH = "/api/trainer/pack"
MAX_QUESTIONS = 200
QUESTION_SUFFIXES = (".txt", ".csv")
# A sheet asks many questions at once, so it costs more of the client's bucket than one question.
SHEET_COST = 5 * ASK_COST
QUIZ_COST = 2 * ASK_COST
PACK_COST = 10 * ASK_COST  # a pack asks the FAQ questions and builds a quiz
LIST_COST = ASK_COST
_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorBody} for code in (400, 413, 415, 422, 429, 503)
}
_DOWNLOAD = {"content": {MEDIA_TYPES["docx"]: {}}, "description": "Tệp để tải về."}

router = APIRouter(prefix="/api/trainer", tags=["giảng viên"], responses=_ERRORS)


class QuizRequest(BaseModel):
    topic: str | None = Field(None, max_length=200, description="Chủ đề, ví dụ \"hồ sơ khen thưởng\".")
    n: int = Field(10, ge=1, le=50, description="Số câu hỏi.")
    seed: int | None = Field(None, ge=0, le=999_999_999, description="Mã đề: cùng mã đề, cùng bộ câu hỏi.")
    format: Literal["docx", "json"] = "docx"
    version: Literal["full", "student", "key"] = Field(
        "full", description="full: đề kèm đáp án; student: bản phát cho học viên; key: đáp án kèm căn cứ.")
    at: str | None = Field(None, description="Theo văn bản có hiệu lực vào ngày YYYY-MM-DD (mặc định: hôm nay).")


class PackRequest(BaseModel):
    topic: str = Field(..., min_length=1, max_length=200, description="Chủ đề tập huấn, ví dụ \"cụm, khối thi đua\".")
    questions: list[str] = Field(default_factory=list, max_length=MAX_QUESTIONS,
                                 description="Câu hỏi thực tế của học viên (trả lời trước các câu gợi ý).")
    n: int = Field(10, ge=1, le=50, description="Số câu trắc nghiệm.")
    seed: int = Field(1, ge=0, le=999_999_999, description="Mã đề của phần trắc nghiệm.")
    format: Literal["docx", "json"] = "docx"
    at: str | None = Field(None, description="Theo văn bản có hiệu lực vào ngày YYYY-MM-DD (mặc định: hôm nay).")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _printable(text: str) -> str:
    """Input without control characters, which no Word file may hold."""
    return _CONTROL.sub("", text).strip()


def _download(data: bytes, fmt: str, stem: str) -> Response:
    return Response(data, media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{stem}.{fmt}"',
                             "Cache-Control": "no-store"})


async def _question_text(request: Request, file: UploadFile) -> str:
    """The upload's text: a .txt or .csv in UTF-8 (with or without BOM), within the upload limit."""
    name = (file.filename or "").lower()
    if not name.endswith(QUESTION_SUFFIXES):
        raise BadQuestionFile(f"question list {file.filename!r} is not .txt or .csv")
    limit: int = request.app.state.settings.server.max_upload_bytes
    raw = await file.read(limit + 1)
    if len(raw) > limit:
        raise PayloadTooLarge(f"question list over {limit} bytes")
    if b"\x00" in raw[:4096]:
        raise BadQuestionFile("question list holds binary data")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadQuestionFile("question list is not UTF-8") from exc


@router.post("/answer-sheet", response_class=Response, dependencies=[Depends(limited(SHEET_COST))],
             summary="Trả lời cả danh sách câu hỏi thành tệp đáp án", responses={200: _DOWNLOAD})
async def answer_sheet_file(
    request: Request, runtime: RuntimeDep,
    file: Annotated[UploadFile, File(description="Tệp .txt (mỗi dòng một câu hỏi) hoặc .csv (cột \"câu hỏi\").")],
    format: Annotated[Literal["docx", "md", "csv"], Form(description="Định dạng tệp đáp án.")] = "docx",
    at: Annotated[str | None, Form(description="Ngày xét hiệu lực, YYYY-MM-DD.")] = None,
) -> Response:
    """Every question answered with its citations and validity, and a summary of what is not covered."""
    when = parse_at(at)
    text = await _question_text(request, file)
    try:
        questions = read_questions(text, csv_format=True if (file.filename or "").lower().endswith(".csv") else None)
    except csv.Error as exc:  # a field over the csv module's limit (131,072 characters), a stray quote
        raise BadSheetLine(f"question list is not readable CSV: {exc}") from exc
    if not questions:
        raise NoQuestions("no questions in the uploaded list")
    if len(questions) > MAX_QUESTIONS:
        raise TooManyQuestions(f"{len(questions)} questions, at most {MAX_QUESTIONS}",
                               count=len(questions), limit=MAX_QUESTIONS)
    # Answered and written as one heavy job: a job queued behind it never delays its download.
    sheet, data = await heavy(request, _sheet_file, runtime.assistant, questions, when, format)
    logger.info("web answer sheet: %d questions, %d answered", len(sheet.entries), len(sheet.answered))
    return _download(data, format, "dap-an")


@router.post("/quiz", response_class=Response,
             dependencies=[Depends(limited(QUIZ_COST))],
             summary="Tạo đề trắc nghiệm từ các điều khoản", responses={200: _DOWNLOAD})
async def quiz_file(body: QuizRequest, request: Request, runtime: RuntimeDep) -> Response:
    """Multiple-choice and true/false questions with the answer key and the citation of each."""
    when = parse_at(body.at)
    seed = body.seed if body.seed is not None else random.SystemRandom().randrange(1, 1_000_000)
    topic = _printable(body.topic) if body.topic and _printable(body.topic) else None
    quiz, data = await heavy(request, _quiz_file, runtime.assistant, body.n, seed, topic, when, body.format,
                             body.version)
    if not quiz.questions:
        raise NoQuiz(f"no quiz questions for topic {topic!r}")
    stem = {"full": "de-trac-nghiem", "student": "de-hoc-vien", "key": "dap-an"}[body.version]
    return _download(data, body.format, f"{stem}-{seed}")


@router.post("/pack", response_class=Response, dependencies=[Depends(limited(PACK_COST))],
             summary="Tài liệu tập huấn cho một chủ đề", responses={200: _DOWNLOAD})
async def pack_file(body: PackRequest, request: Request, runtime: RuntimeDep) -> Response:
    """The governing provisions as an outline, what changed, questions with answers, a quiz and its key."""
    when = parse_at(body.at)
    questions = [_printable(q) for q in body.questions if _printable(q)]
    pack, data = await heavy(request, _pack_file, runtime.assistant, _printable(body.topic), questions, body.n,
                             body.seed, when, body.format)
    logger.info("web pack %r: %d questions, %d quiz items", pack.topic, len(pack.faq), len(pack.quiz.questions))
    return _download(data, body.format, "tai-lieu-tap-huan")


@router.get("/forms", dependencies=[Depends(limited(LIST_COST))], summary="Tìm mẫu văn bản (Mẫu số …)")
async def forms_list(request: Request, runtime: RuntimeDep,
                     q: Annotated[str | None, Query(max_length=200, description="Tên hoặc mục đích mẫu.")] = None,
                     ) -> list[dict[str, Any]]:
    """Forms of the appendices, those in force first, or the best matches for ``q``."""
    forms = await in_worker(request, list_forms, runtime.assistant, q)
    return [f.to_dict() | {"text": f.text[:300]} for f in forms]


@router.get("/forms/{number}", response_class=Response, dependencies=[Depends(limited(LIST_COST))],
            summary="Tải một mẫu văn bản", responses={200: _DOWNLOAD})
async def form_file(request: Request, runtime: RuntimeDep, number: str,
                    doc: Annotated[str | None, Query(max_length=60, description="Số hiệu văn bản có mẫu.")] = None,
                    format: Annotated[Literal["docx", "md"], Query()] = "docx") -> Response:
    """The form with its tables and footnotes, as .docx or Markdown."""
    form = await in_worker(request, get_form, runtime.assistant, number[:10], doc=doc)
    data = await in_worker(request, form_bytes, form, format)
    return _download(data, format, f"mau-{form.number}")


@router.get("/dossier", response_model=None, dependencies=[Depends(limited(LIST_COST))],
            summary="Danh mục hồ sơ đề nghị khen thưởng", responses={200: _DOWNLOAD})
async def dossier(request: Request, runtime: RuntimeDep,
                  award: Annotated[str, Query(min_length=1, max_length=200, description="Danh hiệu, hình thức.")],
                  format: Annotated[Literal["json", "docx", "md"], Query()] = "json",
                  at: Annotated[str | None, Query(description="Ngày xét hiệu lực, YYYY-MM-DD.")] = None,
                  ) -> Response:
    """Papers, copies, signers and deadlines for one award, every line cited."""
    award = _printable(award)
    if not award:
        raise InvalidRequest("empty award name")
    checklist = await in_worker(request, dossier_checklist, runtime.assistant, award, at=parse_at(at))
    if format == "json":
        return JSONResponse(checklist.to_dict(), headers={"Cache-Control": "no-store"})
    data = await in_worker(request, checklist_bytes, checklist, format)
    return _download(data, format, "ho-so")


def _sheet_file(assistant: Assistant, questions: list[str], when: date | None, fmt: str) -> tuple[AnswerSheet, bytes]:
    sheet = answer_sheet(assistant, questions, at=when)
    return sheet, sheet_bytes(sheet, fmt)


def _quiz_file(assistant: Assistant, n: int, seed: int, topic: str | None, when: date | None,
               fmt: str, version: str = "full") -> tuple[Quiz, bytes]:
    quiz = build_quiz(assistant, n=n, seed=seed, topic=topic, at=when)
    if not quiz.questions:
        return quiz, b""
    return quiz, quiz_bytes(quiz, fmt, with_key=version == "full", key_only=version == "key")


def _pack_file(assistant: Assistant, topic: str, questions: list[str], n: int, seed: int, when: date | None,
               fmt: str) -> tuple[Pack, bytes]:
    pack = build_pack(assistant, topic, questions=questions, n_quiz=n, seed=seed, at=when)
    return pack, pack_bytes(pack, fmt)
