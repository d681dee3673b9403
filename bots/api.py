"""The public HTTP API: ask, browse documents, rate answers, check health.

Questions go through the answering service (``bots.answering``), as on every other surface:
validation, limits, the LLM step and logging live there. Browsing runs under the same CPU bound
(``in_worker``); heavy jobs have their own queue (``heavy``). ``/api/health`` reads cached facts on
the event loop, so it never waits behind either. Long-lived objects live on ``app.state``.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from typing import Annotated, Any, TypeVar

import anyio
import httpx
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from assistant import Answer, LLMClient
from assistant.llm import finish_stream
from assistant.query import QueryPlan
from bots.answering import AnsweringService
from bots.errors import InvalidDate
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

__all__ = [
    "AtParam",
    "FeedbackDep",
    "RuntimeDep",
    "client_key",
    "get_feedback",
    "get_runtime",
    "get_service",
    "heavy",
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


async def get_service(request: Request) -> AnsweringService:
    service: AnsweringService = request.app.state.service
    return service


def client_key(request: Request) -> str:
    """The client's address (uvicorn puts a trusted proxy's X-Forwarded-For here)."""
    return request.client.host if request.client else "unknown"


def session_key(request: Request) -> str | None:
    """The browser session the client sent back (``bots.web.Sessions``), if any."""
    session = request.scope.get("state", {}).get("session")
    return session if isinstance(session, str) else None


async def in_worker(request: Request, func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``func(*args, **kwargs)`` in a worker thread, at most ``cpu_workers`` at once; the rest wait their turn."""
    service: AnsweringService = request.app.state.service
    return await service.cpu(func, *args, **kwargs)


async def heavy(request: Request, func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """A heavy job (answer sheet, quiz, upload) in its own bounded queue: never in the questions' workers."""
    service: AnsweringService = request.app.state.service
    return await service.heavy.run(func, *args, **kwargs)


def limited(cost: float) -> Callable[[Request], Any]:
    """A dependency spending ``cost`` from the user's and the address's token buckets, or answering 429."""

    async def dependency(request: Request) -> None:  # quick arithmetic: on the event loop, no thread
        service: AnsweringService = request.app.state.service
        service.check_rate(client_key(request), session_key(request), cost)

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
ServiceDep = Annotated[AnsweringService, Depends(get_service)]
FeedbackDep = Annotated[FeedbackStore, Depends(get_feedback)]
AtParam = Annotated[str | None, Query(description="Ngày xét hiệu lực, YYYY-MM-DD (mặc định: hôm nay).")]


@router.post("/ask", response_model=AnswerOut, dependencies=[Depends(limited(ASK_COST))],
             summary="Hỏi đáp có trích dẫn",
             responses={200: {"content": {"text/event-stream": {}},
                              "description": "JSON, hoặc luồng SSE (meta, delta…, done) khi Accept: text/event-stream "
                                             "hoặc ?stream=1."}})
async def ask(body: AskRequest, request: Request, service: ServiceDep, stream: bool = False) -> AnswerOut | StreamingResponse:
    """The assistant's answer with its citations (same shape as `tdkt ask --json`)."""
    at = parse_at(body.at)
    conversation = body.conversation_id or uuid.uuid4().hex
    if stream or "text/event-stream" in request.headers.get("accept", ""):
        answer, plan = await service.prepare(body.question, conversation_id=conversation, at=at)
        await anyio.to_thread.run_sync(partial(service.log, answer, "web"))
        return StreamingResponse(sse_events(answer, plan, service.runtime.assistant.llm), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    answer = await service.ask(body.question, channel="web", conversation_id=conversation, at=at)
    return answer_out(answer)


def sse_events(answer: Answer, plan: QueryPlan, llm: LLMClient | None) -> Iterator[str]:
    """Server-sent events: `meta` (citations, ids), the text as `delta` pieces, then `done` (the whole answer).

    With an LLM the deltas are its tokens as they arrive; if its finished text cites a passage that
    does not exist (or the LLM fails, or passes its deadline), `done` carries the extractive answer
    with a note instead.
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
    yield _sse("done", answer_out(finish_stream(answer, "".join(pieces))).model_dump(mode="json"))


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
async def health(service: ServiceDep) -> HealthOut:
    """The active index generation, its size, the Qdrant mode and the LLM's state; 503 without an index.

    It never waits for a worker, and at most a second for the store (then it answers from the cache).
    """
    info = await service.health_info()
    state = service.llm_state
    return health_out(info, remote=service.runtime.store.remote, llm=state in ("closed", "half_open"),
                      llm_state=state, heavy_jobs=service.heavy.admitted)


@router.post("/feedback", response_model=FeedbackOut, dependencies=[Depends(limited(ASK_COST))],
             summary="Góp ý (hữu ích / chưa đúng) cho câu trả lời")
def feedback(body: FeedbackRequest, store: FeedbackDep) -> FeedbackOut:
    """Rate an answer (up or down) with an optional comment."""
    entry = store.add_feedback(body.answer_id, body.rating, body.comment.strip())
    return FeedbackOut(answer_id=entry.answer_id, rating=entry.rating, created_at=entry.created_at)
