"""The Zalo Official Account webhook: verify every event, answer user texts in the background.

What the endpoint returns, and why:

- no ``X-ZEvent-Signature`` → 401; a signature that does not match, or another app's event → 403;
  a body that is not a Zalo event → 400.
- a validly signed event older than ``zalo_event_max_age_seconds`` (or from the future), or one
  already seen → 200 and **not answered**. Zalo re-sends an event that did not get 200 for
  12 hours and then disables the webhook, so a late retry must be acknowledged, not refused;
  a replayed capture gets the same treatment and so triggers nothing.
- anything else → 200 at once; a ``user_send_text`` is answered after the response is sent, and
  another message a user sends (``user_send_image``, ``…_sticker``, ``…_audio``, ``…_file`` …) is told
  that only typed questions are read.

Reply window: tdkt only ever replies to a user's own message, seconds after it arrives, as a
consultation (cs) message, and sends at most ``zalo_max_messages_per_answer`` messages per
question. That stays inside Zalo's window for cs messages (7 days after the user's last
interaction) and its free replies (8 per user message within 48 hours). It never messages
users first.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import JSONResponse

from assistant import Citation, InvalidQuestion
from assistant.library import doc_id
from bots.answering import AnsweringService
from bots.feedback import FeedbackStore
from bots.messages import message_for
from bots.render import plain_answer, split_message
from bots.runtime import Runtime
from bots.settings import ServerSettings
from bots.throttle import RateLimiter
from bots.zalo_api import (
    SIGNATURE_HEADER,
    TEXT_LIMIT,
    ZaloClient,
    ZaloEvent,
    ZaloTokens,
    parse_event,
    signature_valid,
)
from corpus import TdktError

__all__ = ["Verdict", "ZaloService", "make_router"]

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/zalo/webhook"
TOKEN_FILE = "zalo_tokens.json"
_MAX_BODY = 64 * 1024
_FUTURE_SKEW_MS = 60_000
_USER_SENDS = "user_send_"  # every message a user sends: user_send_text, user_send_image, user_send_sticker, …
_USER_TEXT = "user_send_text"
_COMMANDS_NEW = {"/moi", "#moi", "/mới", "#mới"}
_COMMANDS_HELP = {"/start", "/help", "#help", "/huongdan", "#huongdan"}


@dataclass(frozen=True, slots=True)
class Verdict:
    """How the webhook answers a request, and the event to handle afterwards (if any)."""

    status: int
    detail: str
    event: ZaloEvent | None = None


class ZaloService:
    """Checks webhook requests and answers users through the OA messaging API."""

    def __init__(self, runtime: Runtime, settings: ServerSettings, *, feedback: FeedbackStore | None = None,
                 token_file: Path | None = None, clock: Callable[[], float] = time.time,
                 service: AnsweringService | None = None) -> None:
        if settings.zalo_oa_secret is None or not settings.zalo_oa_secret.get_secret_value():
            raise ValueError("zalo_oa_secret (TDKT_ZALO_OA_SECRET) is required to verify Zalo events")
        self.runtime = runtime
        self.settings = settings
        self.feedback = feedback
        self.service = service or AnsweringService(runtime, settings, feedback=feedback)
        self._secret = settings.zalo_oa_secret.get_secret_value()
        self._clock = clock
        self.tokens = self._load_tokens(token_file)
        self.limiter = RateLimiter(settings.zalo_rate_limit_per_minute)
        self._seen: OrderedDict[str, float] = OrderedDict()  # message id → when it arrived
        self._told: OrderedDict[str, float] = OrderedDict()  # user → until when the rate notice stands

    # -- the webhook request --------------------------------------------------------------
    def verify(self, body: bytes, signature: str | None) -> Verdict:
        """Decide on one webhook request without doing any slow work."""
        if not signature:
            return Verdict(401, "unsigned")
        if len(body) > _MAX_BODY:
            return Verdict(413, "too_large")
        try:
            payload = json.loads(body)
            if not isinstance(payload, dict):
                raise TypeError("not an object")
            event = parse_event(payload)
        except (ValueError, TypeError):
            return Verdict(400, "malformed")
        if self.settings.zalo_app_id and event.app_id != self.settings.zalo_app_id:
            logger.warning("zalo event for another app rejected")
            return Verdict(403, "forged")
        if not signature_valid(signature, app_id=event.app_id, body=body, timestamp=str(payload["timestamp"]),
                               oa_secret=self._secret):
            logger.warning("zalo event with a bad signature rejected")
            return Verdict(403, "forged")
        now_ms = self._clock() * 1000
        age_ms = now_ms - event.timestamp_ms
        if age_ms > self.settings.zalo_event_max_age_seconds * 1000 or age_ms < -_FUTURE_SKEW_MS:
            logger.warning("zalo event %s is %.0f s old: acknowledged, not answered", event.name, age_ms / 1000)
            return Verdict(200, "stale")
        if event.message_id and not self._first_sight(event.message_id, now_ms):
            return Verdict(200, "duplicate")
        if not event.sender_id or not event.name.startswith(_USER_SENDS) \
                or event.name == _USER_TEXT and not event.text.strip():
            return Verdict(200, "ignored")
        return Verdict(200, "accepted", event)

    def _first_sight(self, message_id: str, now_ms: float) -> bool:
        horizon = now_ms - (self.settings.zalo_event_max_age_seconds * 1000 + _FUTURE_SKEW_MS)
        while self._seen and next(iter(self._seen.values())) < horizon:
            self._seen.popitem(last=False)
        if message_id in self._seen:
            return False
        self._seen[message_id] = now_ms
        return True

    # -- answering ------------------------------------------------------------------------
    async def handle(self, event: ZaloEvent) -> None:
        """Answer one user text; never raises, since it runs after the webhook has returned."""
        try:
            replies = await self.replies(event)
            if not replies:
                return
            async with self._client() as api:
                for text in replies:
                    await api.send_text(event.sender_id, text)
            logger.debug("zalo: sent %d messages to %s", len(replies), event.sender_id)
        except TdktError as exc:
            logger.error("zalo reply not sent: %s (%s)", exc.code, exc.message)
        except Exception:
            logger.exception("zalo reply failed")

    async def replies(self, event: ZaloEvent) -> list[str]:
        """The messages that answer one user text, each within Zalo's length limit."""
        user = event.sender_id
        wait = self.limiter.take(f"zalo:{user}")
        if wait:
            return [message_for("bot.rate_limited", seconds=RateLimiter.retry_after(wait))] \
                if self._notice_due(user, wait) else []
        if event.name != _USER_TEXT:
            # A photo of a document, a sticker, a voice note: only typed questions are read.
            return [message_for("bot.text_only")]
        text = event.text.strip()
        if text.lower() in _COMMANDS_NEW:
            self.runtime.assistant.reset(f"zalo:{user}")
            return [message_for("bot.new_conversation")]
        if text.lower() in _COMMANDS_HELP:
            return [message_for("bot.help_zalo")]
        try:
            answer = await self.service.ask(text, channel="zalo", conversation_id=f"zalo:{user}")
        except InvalidQuestion as exc:
            return [message_for(exc, **exc.data)]
        except TdktError as exc:
            logger.warning("zalo question failed: %s (%s)", exc.code, exc.message)
            return [message_for(exc)]
        except Exception:
            logger.exception("zalo question failed")
            return [message_for("bot.error")]
        return self._fit(plain_answer(answer, self._article_url))

    def _article_url(self, c: Citation) -> str | None:
        """The web page opened on the cited article (``TDKT_PUBLIC_URL``), one tap from the chat."""
        base = self.settings.public_url.rstrip("/")
        if not base or not c.article:
            return None
        return f"{base}/#dieu/{doc_id(c.doc_number)}/{c.article}"

    def _fit(self, text: str) -> list[str]:
        parts = split_message(text, TEXT_LIMIT)
        cap = self.settings.zalo_max_messages_per_answer
        if len(parts) <= cap:
            return parts
        note = message_for("bot.truncated")
        last = split_message(parts[cap - 1], TEXT_LIMIT - len(note) - 2)[0]
        return [*parts[:cap - 1], f"{last}\n\n{note}"]

    def _notice_due(self, user: str, wait: float) -> bool:
        """Tell a user about the rate limit once, not after every message."""
        now = self._clock()
        until = self._told.get(user, 0.0)
        if until > now:
            return False
        self._told[user] = now + wait
        self._told.move_to_end(user)
        while len(self._told) > 10_000:
            self._told.popitem(last=False)
        return True

    def _client(self) -> ZaloClient:
        secret = self.settings.zalo_app_secret
        return ZaloClient(self.tokens, api_base=self.settings.zalo_api_base, oauth_base=self.settings.zalo_oauth_base,
                          app_id=self.settings.zalo_app_id, app_secret=secret.get_secret_value() if secret else None,
                          clock=self._clock)

    # -- tokens ---------------------------------------------------------------------------
    def _load_tokens(self, path: Path | None) -> ZaloTokens:
        """Configured tokens, unless a refresh since start-up left newer ones in ``path``.

        A refresh token works once, so after a refresh the configured one is spent; the new pair
        is kept in ``path`` (mode 600). New tokens in the settings win over the file.
        """
        s = self.settings
        access = s.zalo_access_token.get_secret_value() if s.zalo_access_token else None
        refresh = s.zalo_refresh_token.get_secret_value() if s.zalo_refresh_token else None
        seed = hashlib.sha256((refresh or "").encode()).hexdigest()[:16]
        expires_at = None
        if path is not None and path.is_file():
            try:
                saved = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError):
                saved = {}
            if isinstance(saved, dict) and saved.get("seed") == seed and saved.get("access_token"):
                access, refresh = saved["access_token"], saved.get("refresh_token") or refresh
                expires_at = saved.get("expires_at")
        return ZaloTokens(access, refresh, expires_at=expires_at,
                          on_change=(lambda t: _save_tokens(path, seed, t)) if path is not None else None)


def _save_tokens(path: Path, seed: str, tokens: ZaloTokens) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"seed": seed, "access_token": tokens.access, "refresh_token": tokens.refresh,
                   "expires_at": tokens.expires_at}, f)
    os.replace(tmp, path)
    logger.info("saved the refreshed Zalo tokens to %s", path)


def make_router(runtime: Runtime, settings: ServerSettings, *, feedback: FeedbackStore | None = None,
                answering: AnsweringService | None = None) -> APIRouter:
    """``POST /zalo/webhook``: the URL to register as the OA's webhook."""
    service = ZaloService(runtime, settings, feedback=feedback, token_file=runtime.settings.data_dir / TOKEN_FILE,
                          service=answering)
    router = APIRouter()

    @router.post(WEBHOOK_PATH, include_in_schema=False)
    async def zalo_webhook(request: Request, background: BackgroundTasks) -> JSONResponse:
        verdict = service.verify(await request.body(), request.headers.get(SIGNATURE_HEADER))
        if verdict.event is not None:
            background.add_task(service.handle, verdict.event)
        return JSONResponse({"ok": verdict.status == 200, "detail": verdict.detail}, status_code=verdict.status)

    return router
