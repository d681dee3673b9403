"""The trainers' HTTP API: a question list answered into a file, and a quiz built from the articles.

Both return a file to download (``Content-Disposition: attachment``). Answering a list and building
a quiz are heavy jobs: they run in the service's own bounded queue (``heavy``), never in the workers
that ``/api/ask`` needs.
"""

from __future__ import annotations

import csv
import logging
import random
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from assistant import AnswerSheet, Assistant, Quiz, answer_sheet, build_quiz, read_questions
from bots.api import ASK_COST, RuntimeDep, heavy, limited, parse_at
from bots.errors import BadQuestionFile, BadSheetLine, NoQuestions, NoQuiz, PayloadTooLarge, TooManyQuestions
from bots.exports import MEDIA_TYPES, quiz_bytes, sheet_bytes
from bots.schemas import ErrorBody

__all__ = ["MAX_QUESTIONS", "QUIZ_PATH", "SHEET_PATH", "QuizRequest", "router"]

logger = logging.getLogger(__name__)

SHEET_PATH = "/api/trainer/answer-sheet"
QUIZ_PATH = "/api/trainer/quiz"
MAX_QUESTIONS = 200
QUESTION_SUFFIXES = (".txt", ".csv")
# A sheet asks many questions at once, so it costs more of the client's bucket than one question.
SHEET_COST = 5 * ASK_COST
QUIZ_COST = 2 * ASK_COST
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
    at: str | None = Field(None, description="Theo văn bản có hiệu lực vào ngày YYYY-MM-DD (mặc định: hôm nay).")


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
    topic = body.topic.strip() if body.topic and body.topic.strip() else None
    quiz, data = await heavy(request, _quiz_file, runtime.assistant, body.n, seed, topic, when, body.format)
    if not quiz.questions:
        raise NoQuiz(f"no quiz questions for topic {topic!r}")
    return _download(data, body.format, f"de-trac-nghiem-{seed}")


def _sheet_file(assistant: Assistant, questions: list[str], when: date | None, fmt: str) -> tuple[AnswerSheet, bytes]:
    sheet = answer_sheet(assistant, questions, at=when)
    return sheet, sheet_bytes(sheet, fmt)


def _quiz_file(assistant: Assistant, n: int, seed: int, topic: str | None, when: date | None,
               fmt: str) -> tuple[Quiz, bytes]:
    quiz = build_quiz(assistant, n=n, seed=seed, topic=topic, at=when)
    return quiz, (quiz_bytes(quiz, fmt) if quiz.questions else b"")
