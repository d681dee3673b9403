"""Every shape of the Zalo Official Account API that tdkt uses, in one place.

Sources (checked 2026; Zalo's own pages are not mirrored here, so each shape is confirmed by
production integrations that follow them):

- Webhook signature: header ``X-ZEvent-Signature: mac=<hex>`` where
  ``hex = sha256(app_id + raw_body + timestamp + oa_secret_key)``; ``timestamp`` is the
  event's own field and the key is the OA Secret Key, not the app secret (hainh.me, "Zalo API –
  PHP webhook"; chatwoot ``app/jobs/webhooks/zalo_events_job.rb``).
- Text reply: ``POST {api}/v3.0/oa/message/cs`` with header ``access_token`` and body
  ``{"recipient": {"user_id": …}, "message": {"text": …}}``; ``text`` is at most 2,000
  characters; the answer is ``{"error": 0, "data": {"message_id": …}}`` or a negative
  ``error`` (chatwoot ``app/models/channel/zalo_oa.rb``; eSMS "Tin Zalo Tư vấn" docs).
- ``error == -216``: the access token is invalid or expired; refresh it and retry
  (chatwoot ``app/services/zalo/send_on_zalo_service.rb``).
- Refresh: ``POST {oauth}/v4/oa/access_token``, form ``refresh_token, app_id,
  grant_type=refresh_token``, header ``secret_key: <app secret>``; the answer holds a new
  ``access_token`` (valid ~25 h) and a new single-use ``refresh_token`` (valid 3 months), or
  ``error``/``error_description`` (hexasync.vn, "lấy Access Token từ Refresh token").
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Self

import httpx

from corpus.errors import TdktError

__all__ = [
    "SIGNATURE_HEADER",
    "TEXT_LIMIT",
    "ZaloApiError",
    "ZaloAuthError",
    "ZaloClient",
    "ZaloEvent",
    "ZaloTokens",
    "event_mac",
    "parse_event",
    "signature_valid",
]

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-ZEvent-Signature"
TEXT_LIMIT = 2000
MESSAGE_PATH = "/v3.0/oa/message/cs"
TOKEN_PATH = "/v4/oa/access_token"
TOKEN_INVALID = -216
_REFRESH_MARGIN = 300.0  # refresh this many seconds before the announced expiry


class ZaloApiError(TdktError):
    """The Zalo OA API refused a call; ``error`` is Zalo's numeric code."""

    code = "bot.zalo_api"

    def __init__(self, message: str, error: int | None = None) -> None:
        super().__init__(message, error=error)
        self.error = error


class ZaloAuthError(ZaloApiError):
    """No usable access token: none configured, or the refresh token was refused."""

    code = "bot.zalo_auth"


@dataclass(frozen=True, slots=True)
class ZaloEvent:
    """One webhook event from a user to the OA."""

    name: str  # user_send_text, follow, user_send_image, …
    app_id: str
    timestamp_ms: int
    sender_id: str
    recipient_id: str
    text: str = ""
    message_id: str = ""


def event_mac(app_id: str, body: bytes, timestamp: str, oa_secret: str) -> str:
    """The hex digest Zalo puts in ``X-ZEvent-Signature`` (after ``mac=``)."""
    return hashlib.sha256(app_id.encode() + body + timestamp.encode() + oa_secret.encode()).hexdigest()


def signature_valid(header: str | None, *, app_id: str, body: bytes, timestamp: str, oa_secret: str) -> bool:
    if not header:
        return False
    value = header.strip()
    if value[:4].lower() == "mac=":
        value = value[4:]
    return hmac.compare_digest(value.strip().lower(), event_mac(app_id, body, timestamp, oa_secret))


def parse_event(payload: Mapping[str, Any]) -> ZaloEvent:
    """The fields tdkt reads from an event; ``ValueError`` when they are missing."""
    try:
        name = str(payload["event_name"])
        app_id = str(payload["app_id"])
        timestamp_ms = int(str(payload["timestamp"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"not a Zalo event: {exc}") from exc
    sender = payload.get("sender") if isinstance(payload.get("sender"), Mapping) else {}
    recipient = payload.get("recipient") if isinstance(payload.get("recipient"), Mapping) else {}
    message = payload.get("message") if isinstance(payload.get("message"), Mapping) else {}
    assert isinstance(sender, Mapping) and isinstance(recipient, Mapping) and isinstance(message, Mapping)
    return ZaloEvent(name=name, app_id=app_id, timestamp_ms=timestamp_ms, sender_id=str(sender.get("id", "")),
                     recipient_id=str(recipient.get("id", "")), text=str(message.get("text", "") or ""),
                     message_id=str(message.get("msg_id", "") or ""))


class ZaloTokens:
    """The current access and refresh tokens, shared by every send; refreshed under a lock."""

    def __init__(self, access: str | None, refresh: str | None, *, expires_at: float | None = None,
                 on_change: Callable[[ZaloTokens], None] | None = None) -> None:
        self.access = access
        self.refresh = refresh
        self.expires_at = expires_at  # wall-clock seconds, when known
        self.on_change = on_change
        self.lock = asyncio.Lock()

    def __repr__(self) -> str:  # never show the tokens
        return f"ZaloTokens(access={'set' if self.access else 'unset'}, refresh={'set' if self.refresh else 'unset'})"


class ZaloClient:
    """Sends OA text messages; refreshes the access token once when Zalo reports it expired.

    Use as ``async with ZaloClient(...) as api:``; it holds one HTTP connection pool.
    """

    def __init__(self, tokens: ZaloTokens, *, api_base: str, oauth_base: str, app_id: str,
                 app_secret: str | None, timeout: float = 10.0, clock: Callable[[], float] = time.time) -> None:
        self.http = httpx.AsyncClient(timeout=timeout)
        self.tokens = tokens
        self.api_base = api_base.rstrip("/")
        self.oauth_base = oauth_base.rstrip("/")
        self.app_id = app_id
        self.app_secret = app_secret
        self._clock = clock

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.http.aclose()

    async def send_text(self, user_id: str, text: str) -> str:
        """Send one text message (≤ 2,000 characters); returns Zalo's message id."""
        if len(text) > TEXT_LIMIT:
            raise ValueError(f"Zalo text is limited to {TEXT_LIMIT} characters, got {len(text)}")
        if self.tokens.expires_at is not None and self._clock() > self.tokens.expires_at - _REFRESH_MARGIN:
            await self.refresh(self.tokens.access)
        used = self.tokens.access
        reply = await self._post_text(used, user_id, text)
        if reply.get("error") == TOKEN_INVALID:
            logger.info("zalo access token rejected (error %s); refreshing", TOKEN_INVALID)
            await self.refresh(used)
            reply = await self._post_text(self.tokens.access, user_id, text)
        error = reply.get("error")
        if error != 0:
            raise ZaloApiError(f"zalo message/cs failed: error {error}: {reply.get('message', '')}",
                               error=error if isinstance(error, int) else None)
        data = reply.get("data") if isinstance(reply.get("data"), dict) else {}
        assert isinstance(data, dict)
        return str(data.get("message_id", ""))

    async def _post_text(self, access: str | None, user_id: str, text: str) -> dict[str, Any]:
        if not access:
            raise ZaloAuthError("no Zalo access token configured (TDKT_ZALO_ACCESS_TOKEN)")
        return await self._post("message/cs", f"{self.api_base}{MESSAGE_PATH}", headers={"access_token": access},
                                json={"recipient": {"user_id": user_id}, "message": {"text": text}})

    async def refresh(self, stale: str | None) -> None:
        """Trade the refresh token for a new pair, unless another task already did."""
        async with self.tokens.lock:
            if self.tokens.access != stale and self.tokens.access:
                return  # refreshed meanwhile by a concurrent send
            if not self.tokens.refresh or not self.app_secret or not self.app_id:
                raise ZaloAuthError("cannot refresh the Zalo access token: set TDKT_ZALO_REFRESH_TOKEN, "
                                    "TDKT_ZALO_APP_ID and TDKT_ZALO_APP_SECRET")
            reply = await self._post(
                "oauth access_token", f"{self.oauth_base}{TOKEN_PATH}", headers={"secret_key": self.app_secret},
                data={"refresh_token": self.tokens.refresh, "app_id": self.app_id, "grant_type": "refresh_token"})
            access, refresh = reply.get("access_token"), reply.get("refresh_token")
            if not isinstance(access, str) or not access:
                error = reply.get("error")
                raise ZaloAuthError(f"zalo token refresh refused: error {error}: "
                                    f"{reply.get('error_description') or reply.get('error_name') or ''}",
                                    error=error if isinstance(error, int) else None)
            self.tokens.access = access
            if isinstance(refresh, str) and refresh:
                self.tokens.refresh = refresh  # single use: the old one is now spent
            try:
                lifetime = float(reply.get("expires_in", 0))
            except (TypeError, ValueError):
                lifetime = 0.0
            self.tokens.expires_at = self._clock() + lifetime if lifetime > 0 else None
            logger.info("zalo access token refreshed (expires in %.0f s)", lifetime)
            if self.tokens.on_change is not None:
                self.tokens.on_change(self.tokens)


    async def _post(self, what: str, url: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = await self.http.post(url, **kwargs)
        except httpx.HTTPError as exc:
            raise ZaloApiError(f"zalo {what}: {type(exc).__name__}") from exc
        return _json(response, what)


def _json(response: httpx.Response, what: str) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError as exc:
        raise ZaloApiError(f"zalo {what}: HTTP {response.status_code}, not JSON") from exc
    if not isinstance(body, dict):
        raise ZaloApiError(f"zalo {what}: HTTP {response.status_code}, unexpected body")
    return body
