"""A local stand-in for the Telegram Bot API: the subset tdkt uses, over real HTTP, recording calls.

Point python-telegram-bot at it with ``base_url=f"{fake.url}/bot"``. It answers getMe,
sendMessage, sendChatAction, answerCallbackQuery, editMessageReplyMarkup, setMyCommands,
setWebhook, deleteWebhook and getUpdates (serving updates queued with ``push_update``).
``fail_next`` makes the next call of a method fail the way Telegram does (e.g. 429 with
``retry_after``, or 400 "can't parse entities").
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.fakes.serving import serve_app

BOT_ID = 777000111
BOT_USERNAME = "tdkt_test_bot"
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Trợ lý TĐKT", "username": BOT_USERNAME,
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}
_JSON_FIELDS = {"reply_markup", "reply_parameters", "allowed_updates", "commands", "link_preview_options",
                "entities"}


@dataclass
class Call:
    method: str
    token: str
    params: dict[str, Any]


@dataclass
class FakeTelegram:
    url: str = ""
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    updates: list[dict[str, Any]] = field(default_factory=list)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1000))
    _update_ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def called(self, method: str) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method]

    @property
    def sent(self) -> list[dict[str, Any]]:
        """Every sendMessage, in order."""
        return self.called("sendMessage")

    def clear(self) -> None:
        self.calls.clear()

    def fail_next(self, method: str, status: int, description: str, retry_after: int | None = None) -> None:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        self.failures.setdefault(method, []).append(body)

    def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates (long polling)."""
        self.updates.append({"update_id": next(self._update_ids), **update})

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.called(method)) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.called(method)

    # -- the server ------------------------------------------------------------------------
    async def endpoint(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        params = await _params(request)
        self.calls.append(Call(method, request.path_params["token"], params))
        if self.failures.get(method):
            body = self.failures[method].pop(0)
            return JSONResponse(body, status_code=body["error_code"])
        return JSONResponse({"ok": True, "result": await self._result(method, params)})

    async def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in ("sendMessage", "editMessageReplyMarkup"):
            chat_id = int(params["chat_id"])
            message: dict[str, Any] = {
                "message_id": int(params.get("message_id") or next(self._ids)), "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                "from": BOT_USER, "text": params.get("text", "…"),
            }
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            return message
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            pending = [u for u in self.updates if u["update_id"] >= offset]
            if not pending:
                await asyncio.sleep(min(float(params.get("timeout") or 0), 0.2))
            return pending
        return True  # sendChatAction, answerCallbackQuery, setMyCommands, setWebhook, deleteWebhook, …


async def _params(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").startswith("application/json"):
        raw: dict[str, Any] = await request.json()
    else:
        form = await request.form()
        raw = {k: v for k, v in form.items() if isinstance(v, str)}
    return {k: json.loads(v) if k in _JSON_FIELDS and isinstance(v, str) else v for k, v in raw.items()}


@contextmanager
def run_fake_telegram() -> Iterator[FakeTelegram]:
    """Serve the fake on a free loopback port for the duration of the block."""
    fake = FakeTelegram()
    app = Starlette(routes=[Route("/bot{token}/{method}", fake.endpoint, methods=["GET", "POST"])])
    with serve_app(app) as url:
        fake.url = url
        yield fake
