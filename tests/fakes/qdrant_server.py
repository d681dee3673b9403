"""A local stand-in for a Qdrant server with no collections yet: enough for tdkt to connect.

Stop it to make "Qdrant unreachable" real: the next request to it is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.bots.live_server import serve_app


def _ok(result: object) -> JSONResponse:
    return JSONResponse({"result": result, "status": "ok", "time": 0.0})


async def root(request: Request) -> JSONResponse:
    return JSONResponse({"title": "qdrant - vector search engine", "version": version("qdrant-client")})


async def collections(request: Request) -> JSONResponse:
    return _ok({"collections": []})


async def aliases(request: Request) -> JSONResponse:
    return _ok({"aliases": []})


@contextmanager
def run_fake_qdrant() -> Iterator[str]:
    """Serve the fake on a free loopback port; yields its URL."""
    app = Starlette(routes=[Route("/", root), Route("/collections", collections), Route("/aliases", aliases)])
    with serve_app(app) as url:
        yield url
