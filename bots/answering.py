"""One door for every question: the web API, Telegram, Zalo, the CLI and the trainer tools.

The service checks a question once (text, length), answers it under the CPU bound, runs the
LLM step (whose overall deadline and circuit breaker live in ``assistant.llm``), and logs it
once. Heavy jobs (answer sheets, quizzes, uploads) run in their own small bounded queue, so
they never take the workers that questions need; when that queue is full they get a clear
"busy" answer at once rather than waiting. Rate limits are per address and per user (a
browser session, a chat user), so a training room behind one address is not throttled as one.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Any, TypeVar

import anyio

from assistant import Answer, EmptyQuestion, QuestionTooLong
from assistant.query import QueryPlan
from bots.errors import BadText, QueueFull, RateLimited
from bots.feedback import FeedbackStore
from bots.runtime import Runtime
from bots.settings import ServerSettings
from bots.throttle import RateLimiter
from corpus import TdktError
from indexer import IndexInfo, IndexMissing

__all__ = ["AnsweringService", "HeavyQueue", "clean_question"]

logger = logging.getLogger(__name__)
T = TypeVar("T")
HEALTH_WAIT = 1.0  # seconds a health probe waits for fresh index facts before answering from the cache

# C0/C1 controls other than tab and newlines, and lone surrogates (which UTF-8 cannot encode).
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_question(question: str, limit: int) -> str:
    """The question, NFC and stripped; a clear error when it is empty, too long or not text."""
    if _BAD_CHARS.search(question or ""):
        raise BadText("question holds control characters or lone surrogates")
    text = unicodedata.normalize("NFC", question or "").strip()
    if not text:
        raise EmptyQuestion("empty question")
    if len(text) > limit:
        raise QuestionTooLong(f"question has {len(text)} characters", limit=limit)
    return text


class HeavyQueue:
    """At most ``workers`` heavy jobs at once and ``waiting`` more in line; beyond that, ``QueueFull``."""

    def __init__(self, workers: int, waiting: int) -> None:
        if workers < 1 or waiting < 0:
            raise ValueError(f"need workers >= 1 and waiting >= 0, got {workers}, {waiting}")
        self.workers = workers
        self.waiting = waiting
        self._admitted = 0
        self._lock = threading.Lock()
        self._limiter: anyio.CapacityLimiter | None = None

    @property
    def admitted(self) -> int:
        """Jobs running or waiting now."""
        return self._admitted

    async def run(self, func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            if self._admitted >= self.workers + self.waiting:
                raise QueueFull(f"{self._admitted} heavy jobs running or waiting", retry_after=30)
            self._admitted += 1
        try:
            if self._limiter is None:  # made inside the running loop
                self._limiter = anyio.CapacityLimiter(self.workers)
            return await anyio.to_thread.run_sync(partial(func, *args, **kwargs), limiter=self._limiter)
        finally:
            with self._lock:
                self._admitted -= 1


class AnsweringService:
    """Validation, limits, the LLM step and logging, the same for every surface."""

    def __init__(self, runtime: Runtime, server: ServerSettings, *, feedback: FeedbackStore | None = None) -> None:
        self.runtime = runtime
        self.server = server
        self.feedback = feedback
        self.heavy = HeavyQueue(server.heavy_workers, server.heavy_queue)
        self.per_user = RateLimiter(server.rate_limit_per_minute)
        self.per_address = RateLimiter(server.rate_limit_per_address_per_minute)
        self._cpu: anyio.CapacityLimiter | None = None
        self._info: IndexInfo | None = None
        self._error: TdktError | None = None
        self._refreshing = threading.Lock()
        self.refresh_info()

    # -- limits ---------------------------------------------------------------------------
    def check_rate(self, address: str, user: str | None, cost: float) -> None:
        """Spend ``cost`` from the user's bucket and the address's; ``RateLimited`` when either is empty.

        Without a user (an API client sending no session cookie) the address is the user too.
        """
        wait = self.per_user.take(f"user:{user}" if user else f"ip:{address}", cost)
        if not wait and user:
            wait = self.per_address.take(f"ip:{address}", cost)
        if wait > 0:
            logger.debug("rate limited %s/%s for %.1f s", address, user, wait)
            raise RateLimited(f"rate limit exceeded, retry in {wait:.1f} s", retry_after=RateLimiter.retry_after(wait))

    async def cpu(self, func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``func(*args, **kwargs)`` in a worker thread, at most ``cpu_workers`` at once; the rest wait."""
        if self._cpu is None:  # made inside the running loop
            self._cpu = anyio.CapacityLimiter(self.server.cpu_workers)
        return await anyio.to_thread.run_sync(partial(func, *args, **kwargs), limiter=self._cpu)

    # -- answering ------------------------------------------------------------------------
    def check(self, question: str) -> str:
        return clean_question(question, self.server.max_question_chars)

    def answer(self, question: str, *, channel: str, conversation_id: str | None = None,
               at: date | None = None) -> Answer:
        """Blocking: for the CLI and for callers already in a worker thread."""
        started = time.perf_counter()
        answer, plan = self.runtime.assistant.prepare(self.check(question), conversation_id=conversation_id, at=at)
        answer = self.with_llm(answer, plan, started)
        self.log(answer, channel)
        return answer

    async def ask(self, question: str, *, channel: str, conversation_id: str | None = None,
                  at: date | None = None) -> Answer:
        started = time.perf_counter()
        answer, plan = await self.prepare(question, conversation_id=conversation_id, at=at)
        if self.runtime.assistant.llm is not None and not answer.refused:
            # Waiting on the LLM is not CPU work: outside the bound, and at most the LLM deadline.
            answer = await anyio.to_thread.run_sync(self.with_llm, answer, plan, started)
        await anyio.to_thread.run_sync(partial(self.log, answer, channel))
        return answer

    async def prepare(self, question: str, *, conversation_id: str | None = None,
                      at: date | None = None) -> tuple[Answer, QueryPlan]:
        """The extractive answer and the plan, under the CPU bound (a stream starts from these)."""
        text = self.check(question)
        return await self.cpu(self.runtime.assistant.prepare, text, conversation_id=conversation_id, at=at)

    def with_llm(self, answer: Answer, plan: QueryPlan, started: float) -> Answer:
        llm = self.runtime.assistant.llm
        if llm is None or answer.refused:
            return answer
        answer = llm.rewrite(answer, plan)
        return replace(answer, latency_ms=(time.perf_counter() - started) * 1000)

    def log(self, answer: Answer, channel: str) -> None:
        """Once per answer, whatever the surface."""
        logger.info("answered on %s in %.0f ms: mode=%s refused=%s citations=%d", channel, answer.latency_ms,
                    answer.mode, answer.refused, len(answer.citations))
        if self.feedback is not None:
            self.feedback.log_answer(answer, channel=channel)

    # -- health ---------------------------------------------------------------------------
    async def health_info(self) -> IndexInfo:
        """The active index's facts: never queued behind the questions' or the heavy jobs' workers.

        Embedded, only this process can change the index (and it refreshes the facts when it does), so
        the cached facts are the truth and the probe stays on the event loop. With a Qdrant server
        (which another process may re-index, or which may go away) they are read again in their own
        thread if that takes under a second, else answered from the cache.
        """
        if self.runtime.store.remote:
            try:
                with anyio.fail_after(HEALTH_WAIT):
                    await anyio.to_thread.run_sync(self.refresh_info, abandon_on_cancel=True)
            except TimeoutError:
                logger.debug("index facts not read within %.1f s; cached ones used", HEALTH_WAIT)
        if self._error is not None:
            raise self._error
        if self._info is None:
            raise IndexMissing("no index has been built yet; run `tdkt ingest`")
        return self._info

    def refresh_info(self) -> None:
        """Read the active index's facts again (after an upload or a removal, and on each health probe)."""
        if not self._refreshing.acquire(blocking=False):
            return  # another probe is reading them
        try:
            active = self.runtime.store.active_collection()
            self._info = self.runtime.assistant.index_info() if active else None
            self._error = None
        except TdktError as exc:
            self._error = exc
        finally:
            self._refreshing.release()

    @property
    def llm_state(self) -> str:
        llm = self.runtime.assistant.llm
        return "off" if llm is None else llm.breaker.state
