"""A local stand-in for the Zalo OA messaging API and its OAuth token endpoint, recording calls.

``POST /v3.0/oa/message/cs`` accepts only the current access token and answers ``error -216``
otherwise (as Zalo does for an expired token). ``POST /v4/oa/access_token`` trades the current
refresh token (single use) for a new pair when the ``secret_key`` header is the app secret.
Start it with an ``access_token`` different from the one given to tdkt to make the first
send fail and force a refresh.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.fakes.serving import serve_app


@dataclass
class FakeZalo:
    app_id: str
    app_secret: str
    access_token: str
    refresh_token: str
    url: str = ""
    messages: list[dict[str, Any]] = field(default_factory=list)  # accepted sends: recipient, text
    rejected: list[dict[str, Any]] = field(default_factory=list)  # sends refused for their token
    refreshes: list[dict[str, str]] = field(default_factory=list)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def texts(self, user_id: str | None = None) -> list[str]:
        return [m["message"]["text"] for m in self.messages
                if user_id is None or m["recipient"].get("user_id") == user_id]

    async def message_cs(self, request: Request) -> JSONResponse:
        body = await request.json()
        if request.headers.get("access_token") != self.access_token:
            self.rejected.append(body)
            return JSONResponse({"error": -216, "message": "Access token is invalid"})
        text = body.get("message", {}).get("text", "")
        if not isinstance(text, str) or not text or len(text) > 2000:
            return JSONResponse({"error": -201, "message": "Parameter is invalid"})
        self.messages.append(body)
        return JSONResponse({"error": 0, "message": "Success",
                             "data": {"message_id": f"m{next(self._ids)}",
                                      "user_id": body.get("recipient", {}).get("user_id")}})

    async def access_token_endpoint(self, request: Request) -> JSONResponse:
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        self.refreshes.append(form)
        if (request.headers.get("secret_key") != self.app_secret or form.get("app_id") != self.app_id
                or form.get("grant_type") != "refresh_token" or form.get("refresh_token") != self.refresh_token):
            return JSONResponse({"error": -14014, "error_name": "Invalid refresh token",
                                 "error_description": "Refresh token is invalid or expired"})
        n = next(self._ids)
        self.access_token, self.refresh_token = f"access-{n}", f"refresh-{n}"
        return JSONResponse({"access_token": self.access_token, "refresh_token": self.refresh_token,
                             "expires_in": "90000"})


@contextmanager
def run_fake_zalo(*, app_id: str, app_secret: str, access_token: str, refresh_token: str) -> Iterator[FakeZalo]:
    """Serve the fake on a free loopback port; one URL serves both the API and OAuth paths."""
    fake = FakeZalo(app_id=app_id, app_secret=app_secret, access_token=access_token, refresh_token=refresh_token)
    app = Starlette(routes=[Route("/v3.0/oa/message/cs", fake.message_cs, methods=["POST"]),
                            Route("/v4/oa/access_token", fake.access_token_endpoint, methods=["POST"])])
    with serve_app(app) as url:
        fake.url = url
        yield fake
