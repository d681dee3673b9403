"""The web app: chat page, HTTP API, admin API and the bots' webhooks, in one process.

Embedded Qdrant lets one process open a data directory, so the app owns the Runtime: it is
built in the lifespan and kept on ``app.state``. Every error leaves as JSON
``{"error": {"code", "message"}}`` with the Vietnamese message of its code; no traceback
ever reaches a client.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant import InvalidQuestion, LLMError, UnknownDocument
from bots import admin, api, trainer_api
from bots.answering import AnsweringService
from bots.errors import (
    BadText,
    InvalidJSON,
    InvalidRequest,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    WebError,
)
from bots.feedback import FeedbackStore, purge_daily
from bots.messages import message_for
from bots.metrics import CONTENT_TYPE, Metrics, MetricsMiddleware
from bots.runtime import Runtime
from bots.settings import Settings
from bots.uploads import Uploads
from corpus import CorpusError, TdktError
from corpus.errors import DocumentTooLarge, UnsupportedFormat
from indexer import IndexError_

__all__ = ["create_app", "error_response", "status_for"]

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
# Status of the other stages' expected failures; the first match wins.
_STATUS: tuple[tuple[type[TdktError], int], ...] = (
    (InvalidQuestion, 422),
    (UnknownDocument, 404),
    (LLMError, 502),
    (IndexError_, 503),  # missing, locked, unreachable, read-only: the service cannot answer now
    (DocumentTooLarge, 413),
    (UnsupportedFormat, 415),
    (CorpusError, 422),
)
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
_DOCS_PATHS = ("/docs", "/redoc")  # Swagger UI needs its inline script


def status_for(exc: TdktError) -> int:
    if isinstance(exc, WebError):
        return exc.status
    return next((status for cls, status in _STATUS if isinstance(exc, cls)), 503)


def error_response(exc: TdktError, **extra: Any) -> JSONResponse:
    """JSON with the error's code and Vietnamese message (never ``str(exc)``, which may hold paths)."""
    status = status_for(exc)
    values = {k: v for k, v in exc.data.items() if isinstance(v, int | str)}
    headers = {}
    if "retry_after" in values:
        headers["Retry-After"] = str(values["retry_after"])
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    log = logger.warning if status >= 500 else logger.debug
    log("%d %s: %s", status, exc.code, exc.message)
    body = {"error": {"code": exc.code, "message": message_for(exc, **values), **extra}}
    return JSONResponse(body, status_code=status, headers=headers)


async def _on_tdkt_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TdktError)
    return error_response(exc)


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(InvalidJSON("request body is not valid JSON"))
    fields = sorted({".".join(str(p) for p in e.get("loc", ()) if p != "body") or "body" for e in errors})
    return error_response(InvalidRequest(f"invalid request fields: {fields}"), fields=fields)


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if isinstance(exc.__cause__, TdktError):
        return error_response(exc.__cause__)
    known: dict[int, type[WebError]] = {404: NotFound, 405: MethodNotAllowed, 413: PayloadTooLarge}
    cls = known.get(exc.status_code)
    if cls is not None:
        return error_response(cls(f"HTTP {exc.status_code} on {request.url.path}"))
    generic = WebError(f"HTTP {exc.status_code}: {exc.detail}")
    generic.status = exc.status_code if 400 <= exc.status_code < 500 else 400
    return error_response(generic)


async def _on_unicode_error(request: Request, exc: Exception) -> Response:
    # Text that UTF-8 cannot hold (a lone surrogate from a JSON "\ud800" escape): the client's fault.
    return error_response(BadText(f"text not encodable: {type(exc).__name__}"))


def _internal_error() -> JSONResponse:
    body = {"error": {"code": "web.internal", "message": message_for("web.internal")}}
    return JSONResponse(body, status_code=500)


class CatchAll:
    """The last resort, inside the security headers: an unexpected error is logged and answered 500 in JSON.

    (Starlette's own handler for ``Exception`` runs outside every middleware, so its 500 would
    leave without the security headers.)
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            logger.error("unexpected error on %s %s", scope.get("method"), scope.get("path"), exc_info=exc)
            if not started:
                await _internal_error()(scope, receive, send)


SESSION_COOKIE = "tdkt_session"
_SESSION_VALUE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


class Sessions:
    """A random session id in a cookie, so rate limits can count a browser rather than its address.

    Only a cookie the client sent back identifies it (``scope["state"]["session"]``); a client that
    sends none is counted by its address.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = _cookie(scope, SESSION_COOKIE)
        session = sent if sent and len(sent) <= 64 and set(sent) <= _SESSION_VALUE else None
        scope.setdefault("state", {})["session"] = session

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and session is None:
                cookie = (f"{SESSION_COOKIE}={secrets.token_urlsafe(16)}; Path=/; HttpOnly; SameSite=Strict; "
                          "Max-Age=86400" + ("; Secure" if scope.get("scheme") == "https" else ""))
                message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie.encode())]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            text: str = bytes(value).decode("latin-1")
            for part in text.split(";"):
                k, _, v = part.strip().partition("=")
                if k == name:
                    return v
    return None


class SecurityHeaders:
    """Headers that keep the page and answers inert in a browser: no sniffing, no framing, own scripts only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = str(scope.get("path", "")).startswith(_DOCS_PATHS)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                            (b"x-frame-options", b"DENY")]
                if not docs:
                    headers.append((b"content-security-policy", _CSP.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodySizeLimit:
    """Refuse a body over the limit with the JSON error: at once when Content-Length says so, else as it streams in.

    (FastAPI's own ``max_body_size`` answers a declared oversize body with plain text, over our handler.)
    """

    def __init__(self, app: ASGIApp, *, default: int, by_path: dict[str, int]) -> None:
        self.app = app
        self.default = default
        self.by_path = by_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.by_path.get(str(scope.get("path", "")), self.default)
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            response = error_response(PayloadTooLarge(f"body of {int(declared)} bytes, limit {limit}"))
            await response(scope, receive, send)
            return
        received = 0

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:  # raised inside the body read: the handlers answer 413
                    raise PayloadTooLarge(f"body over {limit} bytes")
            return message

        await self.app(scope, receive_within_limit, send)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    runtime: Runtime | None = app.state.runtime
    if runtime is None:
        runtime = await asyncio.to_thread(Runtime.open, settings, require_index=False)
        app.state.runtime = runtime
    feedback = FeedbackStore.in_dir(settings.data_dir, mask=settings.server.mask_personal_data)
    feedback.subscribe(app.state.metrics)
    app.state.feedback = feedback
    service = AnsweringService(runtime, settings.server, feedback=feedback)
    app.state.service = service
    app.state.uploads = Uploads(settings.data_dir / "uploads", max_bytes=settings.server.max_upload_bytes)
    # Questions are personal data: kept retention_days, then purged (at start-up, then daily).
    purger = asyncio.create_task(purge_daily(feedback, settings.server.retention_days))
    telegram: Any = None
    try:
        if settings.server.zalo_oa_secret is not None:
            from bots.zalo import make_router  # only when Zalo is configured

            # Included here, not in create_app: the router needs the runtime built above.
            app.include_router(make_router(runtime, settings.server, feedback=feedback, answering=service))
        if settings.server.telegram_token is not None:
            from bots.telegram import TelegramService  # only when Telegram is configured

            telegram = TelegramService(runtime, settings.server, feedback=feedback, service=service)
            await telegram.start()
            app.state.telegram = telegram
        logger.info("serving %s", "with an index" if runtime.store.active_collection() else "without an index yet")
        announce = getattr(app.state, "announce", None)  # set by `tdkt serve`: where CLI commands find it
        marker = announce() if announce is not None else None
        try:
            yield
        finally:
            if marker is not None:
                marker.unlink(missing_ok=True)
    finally:
        if telegram is not None:
            await telegram.stop()
        purger.cancel()
        with suppress(asyncio.CancelledError):
            await purger
        feedback.close()
        runtime.close()


def _add_telegram_webhook(app: FastAPI) -> None:
    @app.post("/telegram/webhook", include_in_schema=False)
    async def telegram_webhook(request: Request) -> Response:
        try:
            data = await request.json()
        except ValueError as exc:
            raise InvalidJSON("telegram update is not JSON") from exc
        if not isinstance(data, dict):
            raise InvalidJSON("telegram update is not an object")
        await request.app.state.telegram.process_webhook(data, request.headers.get("x-telegram-bot-api-secret-token"))
        return Response(status_code=200)


def _app_version() -> str:
    try:
        return version("tdkt")
    except PackageNotFoundError:
        return "0"


def create_app(settings: Settings, *, runtime: Runtime | None = None) -> FastAPI:
    """The whole web app. The Runtime is opened when it starts (unless given) and closed when it stops."""
    server = settings.server
    # FastAPIOffline: /docs serves Swagger UI from the package, not a CDN (the machines may be offline).
    app = FastAPIOffline(
        title="tdkt — Trợ lý thi đua, khen thưởng",
        description="Hỏi đáp quy định thi đua, khen thưởng với trích dẫn Điều, Khoản, Điểm và hiệu lực văn bản.",
        version=_app_version(), lifespan=_lifespan, redoc_url=None,
    )
    app.state.settings = settings
    app.state.runtime = runtime
    app.state.metrics = metrics = Metrics()
    app.add_exception_handler(TdktError, _on_tdkt_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(HTTPException, _on_http_error)
    app.add_exception_handler(UnicodeError, _on_unicode_error)
    # The upload route reads a file plus multipart overhead; everything else stays small.
    upload_limit = server.max_upload_bytes + 1_000_000
    app.add_middleware(BodySizeLimit, default=server.max_request_bytes,
                       by_path={admin.UPLOAD_PATH: upload_limit, trainer_api.SHEET_PATH: upload_limit})
    app.add_middleware(CatchAll)
    app.add_middleware(Sessions)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.include_router(api.router)
    app.include_router(admin.make_router())
    app.include_router(trainer_api.router)
    if server.telegram_token is not None and server.telegram_webhook_url:
        _add_telegram_webhook(app)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/quan-tri", include_in_schema=False)
    def admin_page() -> FileResponse:
        return FileResponse(STATIC / "admin.html", headers={"Cache-Control": "no-cache"})

    @app.get("/giang-vien", include_in_schema=False)
    def trainer_page() -> FileResponse:
        return FileResponse(STATIC / "trainer.html", headers={"Cache-Control": "no-cache"})

    @app.get("/metrics", include_in_schema=False)
    def prometheus_metrics() -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
