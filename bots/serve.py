"""`tdkt serve`: one uvicorn worker runs the page, the API and the bots on one Runtime."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Callable
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from bots.errors import AddressInUse
from bots.remote import announce_server
from bots.runtime import Runtime
from bots.settings import Settings
from bots.web import create_app

__all__ = ["header_timeout_protocol", "run"]

logger = logging.getLogger(__name__)


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so a busy port is a clear error rather than uvicorn's exit."""
    try:
        family, kind, proto, _, _ = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        # proto must say TCP: asyncio sets TCP_NODELAY on accepted connections only then, and without
        # it a keep-alive client waits ~40 ms (delayed ACK) for every response after the first.
        sock = socket.socket(family, kind, proto or socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        raise AddressInUse(f"cannot listen on {host}:{port}: {exc.strerror or exc}", host=host, port=port) from exc
    return sock


def header_timeout_protocol(seconds: float) -> type[asyncio.Protocol]:
    """uvicorn's h11 protocol, closing a connection whose request headers take longer than ``seconds``.

    uvicorn has no such timeout: a client sending a header byte every few seconds (slowloris) would
    hold its connection forever. The timer starts when the connection opens and again after each
    response (for the next request on a kept-alive connection), and stops once a request's headers
    are in. A slow body (an upload) is not affected.
    """

    class HeaderTimeout(H11Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._armed_cycle: Any = None
            self._header_timer: asyncio.TimerHandle | None = None
            self._arm()

        def _arm(self) -> None:
            self._disarm()
            self._armed_cycle = self.cycle
            self._header_timer = self.loop.call_later(seconds, self._headers_too_slow)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def handle_events(self) -> None:
            super().handle_events()
            if self._header_timer is not None and self.cycle is not None and self.cycle is not self._armed_cycle:
                self._disarm()  # a new request's headers are in

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _headers_too_slow(self) -> None:
            self._header_timer = None
            if not self.transport.is_closing():
                logger.info("closed a connection whose request headers took over %.0f s", seconds)
                self.transport.close()

    return HeaderTimeout


def run(settings: Settings, host: str | None = None, port: int | None = None, *,
        announce: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted. A locked index, an unreachable Qdrant or a busy port raise before serving."""
    host = host or settings.server.host
    port = port or settings.server.port
    # Opened here, not only in the lifespan, so a start-up failure is a TdktError for the CLI to report.
    runtime = Runtime.open(settings, require_index=False)
    try:
        sock = _bind(host, port)
    except AddressInUse:
        runtime.close()
        raise
    app = create_app(settings, runtime=runtime)  # the app's lifespan closes the runtime
    # One worker: embedded Qdrant lets a single process open the data directory.
    config = uvicorn.Config(app, workers=1, lifespan="on", log_config=None, proxy_headers=True,
                            forwarded_allow_ips=settings.server.forwarded_allow_ips, server_header=False,
                            http=header_timeout_protocol(settings.server.slow_header_timeout))
    url = f"http://{host}:{sock.getsockname()[1]}"
    logger.info("serving on %s", url)
    if announce is not None:
        announce(url)
    # The app's lifespan writes where it listens for the CLI (and deletes it when it stops: uvicorn
    # re-raises SIGTERM after a graceful shutdown, so nothing after run() would see a signal's exit).
    app.state.announce = lambda: announce_server(settings.data_dir, host, sock.getsockname()[1])
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
