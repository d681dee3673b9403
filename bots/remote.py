"""The CLI's way to a running `tdkt serve`: where it listens, and its HTTP API.

Embedded Qdrant lets one process open a data directory. While `tdkt serve` holds it, the server
writes ``<data_dir>/server.json``; ``tdkt ask``, ``documents``, ``ingest`` and ``remove`` then go
through its API instead of failing on the lock (and ``ask`` starts faster: no index to open).
This module stays light: it is imported on every CLI start.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["SERVER_FILE", "ServerClient", "ServerError", "announce_server", "running_server", "server_client"]

logger = logging.getLogger(__name__)

SERVER_FILE = "server.json"
_RETRIES = 5
_MAX_WAIT = 60.0


def announce_server(data_dir: Path, host: str, port: int) -> Path | None:
    """Write where this server listens (called by `tdkt serve`); the caller deletes it on exit."""
    local = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
    path = data_dir / SERVER_FILE
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{SERVER_FILE}.{os.getpid()}")
        tmp.write_text(json.dumps({"url": f"http://{local}:{port}", "pid": os.getpid()}), "utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        logger.warning("could not write %s: %s", path, exc)
        return None
    return path


def running_server(data_dir: Path) -> str | None:
    """The URL of the `tdkt serve` holding this data directory, if one is running."""
    try:
        data = json.loads((data_dir / SERVER_FILE).read_text("utf-8"))
        pid, url = int(data["pid"]), str(data["url"])
        os.kill(pid, 0)  # OSError when no such process
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return url


class ServerError(Exception):
    """The server answered with an error: its code and Vietnamese message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class ServerClient:
    """The few API calls the CLI makes, over httpx."""

    def __init__(self, url: str, *, admin_token: str | None = None, timeout: float = 120.0) -> None:
        import httpx  # noqa: PLC0415 - only when a server runs

        headers = {"Authorization": f"Bearer {admin_token}"} if admin_token else {}
        self._http = httpx.Client(base_url=url, headers=headers, timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        resp = self._http.request(method, path, **kwargs)
        for _ in range(_RETRIES):  # `tdkt ask --jsonl` may outrun the rate limit: wait as the server says
            if resp.status_code != 429:
                break
            wait = min(_MAX_WAIT, float(resp.headers.get("Retry-After", "1") or 1))
            logger.info("rate limited by the server; retrying in %.0f s", wait)
            time.sleep(wait)
            resp = self._http.request(method, path, **kwargs)
        try:
            body = resp.json()
        except ValueError:
            body = None
        if resp.status_code >= 400:
            error = body.get("error", {}) if isinstance(body, dict) else {}
            raise ServerError(resp.status_code, str(error.get("code", "web.error")), str(error.get("message", "")))
        return body

    def ask(self, question: str, *, conversation_id: str | None = None, at: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"question": question}
        if conversation_id:
            body["conversation_id"] = conversation_id
        if at:
            body["at"] = at
        result: dict[str, Any] = self._json("POST", "/api/ask", json=body)
        return result

    def documents(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._json("GET", "/api/admin/documents")
        return result

    def upload(self, path: Path) -> dict[str, Any]:
        data = path.read_bytes()  # bytes, not a handle: a retry after a 429 sends the file again
        result: dict[str, Any] = self._json("POST", "/api/admin/documents", files={"file": (path.name, data)})
        return result

    def remove(self, doc_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self._json("DELETE", f"/api/admin/documents/{doc_id}")
        return result


@contextmanager
def server_client(url: str, admin_token: str | None = None) -> Iterator[ServerClient]:
    client = ServerClient(url, admin_token=admin_token)
    try:
        yield client
    finally:
        client.close()
