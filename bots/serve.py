"""`tdkt serve`: one uvicorn worker runs the page, the API and the bots on one Runtime."""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable

import uvicorn

from bots.errors import AddressInUse
from bots.remote import announce_server
from bots.runtime import Runtime
from bots.settings import Settings
from bots.web import create_app

__all__ = ["run"]

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
                            forwarded_allow_ips=settings.server.forwarded_allow_ips, server_header=False)
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
