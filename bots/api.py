"""The public HTTP API: ask, browse documents, rate answers, check health.

The assistant and the library are synchronous and CPU-bound, so answering and browsing run in
worker threads, at most ``cpu_workers`` at once (``in_worker``). A crowd of clients then queues
for those, rather than taking every thread of the server's pool (and the GIL) from health checks,
the bots' webhooks and the event loop. Long-lived objects live on ``app.state`` (built in the lifespan).
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Annotated, Any, TypeVar

import anyio
import httpx
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from assistant import Answer, EmptyQuestion, LLMClient, QuestionTooLong
from assistant.grounding import grounded
from assistant.llm import FALLBACK_NOTE, check_citations
from assistant.query import QueryPlan
from bots.errors import InvalidDate, RateLimited
from bots.feedback import FeedbackStore
from bots.runtime import Runtime
from bots.schemas import (
    AnswerOut,
    ArticleOut,
    AskRequest,
    DocumentDetailOut,
    DocumentOut,
    ErrorBody,
    FeedbackOut,
    FeedbackRequest,
    HealthOut,
    answer_out,
    article_out,
    document_detail_out,
    document_out,
    health_out,
)
from bots.throttle import RateLimiter

__all__ = [
    "AtParam",
    "FeedbackDep",
    "RuntimeDep",
    "client_key",
    "get_feedback",
    "get_runtime",
    "in_worker",
    "limited",
    "parse_at",
    "router",
    "sse_events",
]

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Rate-limit cost of a request: a question is the expensive one; browsing is cheap.
ASK_COST = 1.0
BROWSE_COST = 0.2
_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorBody} for code in (400, 404, 413, 422, 429, 503)
}

router = APIRouter(prefix="/api", tags=["tra cứu"], responses=_ERRORS)


# Dependencies that only read app.state are async: FastAPI would run a plain one in a thread.
async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def get_feedback(request: Request) -> FeedbackStore:
    store: FeedbackStore = request.app.state.feedback
    return store


def client_key(request: Request) -> str:
    """The client's address (uvicorn puts a trusted proxy's X-Forwarded-For here)."""
    return request.client.host if request.client else "unknown"


async def in_worker(request: Request, func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``func(*args, **kwargs)`` in a worker thread, at most ``cpu_workers`` at once; the rest wait their turn."""
    return await anyio.to_thread.run_sync(partial(func, *args, **kwargs), limiter=request.app.state.cpu_limiter)


def limited(cost: float) -> Callable[[Request], Any]:
    """A dependency spending ``cost`` from the client's token bucket, or answering 429."""

    async def dependency(request: Request) -> None:  # quick arithmetic: on the event loop, no thread
        limiter: RateLimiter = request.app.state.limiter
        wait = limiter.take(client_key(request), cost)
        if wait > 0:
            logger.debug("rate limited %s for %.1f s", client_key(request), wait)
            raise RateLimited(f"rate limit exceeded, retry in {wait:.1f} s", retry_after=limiter.retry_after(wait))

    return dependency


def parse_at(value: str | None) -> date | None:
    """An optional ISO date (YYYY-MM-DD) from a request."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidDate(f"bad date {value[:40]!r}", value=value[:40]) from exc


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
FeedbackDep = Annotated[FeedbackStore, Depends(get_feedback)]
AtParam = Annotated[str | None, Query(description="Ngày xét hiệu lực, YYYY-MM-DD (mặc định: hôm nay).")]


@router.post("/ask", response_model=AnswerOut, dependencies=[Depends(limited(ASK_COST))],
             summary="Hỏi đáp có trích dẫn",
             responses={200: {"content": {"text/event-stream": {}},
                              "description": "JSON, hoặc luồng SSE (meta, delta…, done) khi Accept: text/event-stream "
                                             "hoặc ?stream=1."}})
async def ask(body: AskRequest, request: Request, runtime: RuntimeDep, feedback: FeedbackDep,
              stream: bool = False) -> AnswerOut | StreamingResponse:
    """The assistant's answer with its citations (same shape as `tdkt ask --json`)."""
    limit = request.app.state.settings.server.max_question_chars
    text = body.question.strip()
    if not text:
        raise EmptyQuestion("empty question")
    if len(text) > limit:
        raise QuestionTooLong(f"question has {len(text)} characters", limit=limit)
    at = parse_at(body.at)
    conversation = body.conversation_id or uuid.uuid4().hex
    started = time.perf_counter()
    # Retrieval and ranking are CPU work: bounded. Waiting on an LLM is not, so it runs outside the bound.
    answer, plan = await in_worker(request, runtime.assistant.prepare, text, conversation_id=conversation, at=at)
    llm = runtime.assistant.llm
    if stream or "text/event-stream" in request.headers.get("accept", ""):
        await anyio.to_thread.run_sync(partial(feedback.log_answer, answer, channel="web"))
        return StreamingResponse(sse_events(answer, plan, llm), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    if llm is not None and not answer.refused:  # as Assistant.ask does
        answer = await anyio.to_thread.run_sync(llm.rewrite, answer, plan)
        answer = replace(answer, latency_ms=(time.perf_counter() - started) * 1000)
    await anyio.to_thread.run_sync(partial(feedback.log_answer, answer, channel="web"))
    return answer_out(answer)


def sse_events(answer: Answer, plan: QueryPlan, llm: LLMClient | None) -> Iterator[str]:
    """Server-sent events: `meta` (citations, ids), the text as `delta` pieces, then `done` (the whole answer).

    With an LLM the deltas are its tokens as they arrive; if its finished text cites a passage that
    does not exist (or the LLM fails), `done` carries the extractive answer with a note instead.
    """
    full = answer_out(answer).model_dump(mode="json")
    yield _sse("meta", full | {"answer": ""})
    if llm is None or answer.refused:
        for piece in re.split(r"(?<=\n\n)", answer.text):
            if piece:
                yield _sse("delta", {"text": piece})
        yield _sse("done", full)
        return
    pieces: list[str] = []
    try:
        for delta in llm.stream(answer, plan):
            pieces.append(delta)
            yield _sse("delta", {"text": delta})
    except (httpx.HTTPError, ValueError) as exc:
        logger.warning("LLM stream failed (%s); extractive answer sent", type(exc).__name__)
        pieces = []
    checked = check_citations("".join(pieces), len(answer.citations)) if pieces else None
    if checked is not None and not grounded(checked, answer.citations):
        checked = None  # a figure or a name the quotes lack: the extractive answer instead
    if checked is None:
        final = replace(answer, notes=answer.notes + (FALLBACK_NOTE,))
    else:
        refs = "\n".join(f"[{i + 1}] {c.label}" for i, c in enumerate(answer.citations))
        final = replace(answer, text=f"{checked}\n\n{refs}", lead=checked, mode="llm")
    yield _sse("done", answer_out(final).model_dump(mode="json"))


def _sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.get("/documents", response_model=list[DocumentOut], dependencies=[Depends(limited(BROWSE_COST))],
            summary="Danh sách văn bản")
async def documents(request: Request, runtime: RuntimeDep, at: AtParam = None) -> list[DocumentOut]:
    """Every indexed document with its number, title, type, dates and validity."""
    when = parse_at(at) or runtime.assistant.today()
    return [document_out(view) for view in await in_worker(request, runtime.library.documents, when)]


@router.get("/documents/{doc_id}", response_model=DocumentDetailOut, dependencies=[Depends(limited(BROWSE_COST))],
            summary="Mục lục văn bản")
async def document(doc_id: str, request: Request, runtime: RuntimeDep, at: AtParam = None) -> DocumentDetailOut:
    """A document and its table of contents (chapters, sections, articles)."""
    when = parse_at(at) or runtime.assistant.today()
    return document_detail_out(await in_worker(request, runtime.library.document, doc_id, when))


@router.get("/documents/{doc_id}/articles/{article}", response_model=ArticleOut,
            dependencies=[Depends(limited(BROWSE_COST))], summary="Toàn văn một điều")
async def article(doc_id: str, article: str, request: Request, runtime: RuntimeDep,
                  at: AtParam = None) -> ArticleOut:
    """A whole article: heading, clauses and points, with its validity."""
    when = parse_at(at) or runtime.assistant.today()

    def build() -> ArticleOut:
        view = runtime.library.article(doc_id, article, when)
        superseded = next((d.superseded_by for d in runtime.library.documents(when) if d.id == view.doc_id), ())
        return article_out(view, superseded)

    return await in_worker(request, build)


@router.get("/health", response_model=HealthOut, summary="Tình trạng máy chủ và chỉ mục")
def health(runtime: RuntimeDep) -> HealthOut:
    """The active index generation, its size and the Qdrant mode; 503 when the index is unavailable."""
    runtime.store.require_active()
    info = runtime.assistant.index_info()
    return health_out(info, remote=runtime.store.remote, llm=runtime.assistant.llm is not None)


@router.post("/feedback", response_model=FeedbackOut, dependencies=[Depends(limited(ASK_COST))],
             summary="Góp ý (hữu ích / chưa đúng) cho câu trả lời")
def feedback(body: FeedbackRequest, store: FeedbackDep) -> FeedbackOut:
    """Rate an answer (up or down) with an optional comment."""
    entry = store.add_feedback(body.answer_id, body.rating, body.comment.strip())
    return FeedbackOut(answer_id=entry.answer_id, rating=entry.rating, created_at=entry.created_at)
