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
from typing import Any, NoReturn

from corpus.errors import TdktError

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


class ServerError(TdktError):
    """The server answered with an error (or none): its code and its message, already in Vietnamese."""

    from_server = True

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class ServerClient:
    """The few API calls the CLI makes: the standard library's HTTP client (no TLS set-up, fast to import)
    for JSON; httpx only for an upload's multipart form."""

    def __init__(self, url: str, *, admin_token: str | None = None, timeout: float = 120.0) -> None:
        self.url = url.rstrip("/")
        self.headers = {"Authorization": f"Bearer {admin_token}"} if admin_token else {}
        self.timeout = timeout

    def close(self) -> None:
        """Nothing held between requests."""

    def _json(self, method: str, path: str, body: Any = None) -> Any:
        import urllib.error  # noqa: PLC0415
        import urllib.request  # noqa: PLC0415

        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        headers = self.headers | ({"Content-Type": "application/json"} if data is not None else {})
        for attempt in range(_RETRIES + 1):
            request = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as resp:  # noqa: S310 - our own server
                    return json.loads(resp.read() or b"null")
            except urllib.error.HTTPError as exc:  # (a subclass of URLError: first)
                if exc.code == 429 and attempt < _RETRIES:  # `tdkt ask --jsonl` may outrun the rate limit
                    wait = min(_MAX_WAIT, float(exc.headers.get("Retry-After") or 1))
                    logger.info("rate limited by the server; retrying in %.0f s", wait)
                    time.sleep(wait)
                    continue
                _raise(exc.code, exc.read())
            except (urllib.error.URLError, OSError) as exc:
                raise ServerError(0, "web.unreachable", "Không kết nối được máy chủ `tdkt serve` tại "
                                  f"{self.url} ({exc}). Hãy kiểm tra máy chủ rồi thử lại.") from exc
        raise AssertionError("unreachable")

    def ask(self, question: str, *, conversation_id: str | None = None, at: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"question": question}
        if conversation_id:
            body["conversation_id"] = conversation_id
        if at:
            body["at"] = at
        result: dict[str, Any] = self._json("POST", "/api/ask", body)
        return result

    def documents(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._json("GET", "/api/admin/documents")
        return result

    def upload(self, path: Path) -> dict[str, Any]:
        import httpx  # noqa: PLC0415 - a multipart form

        data = path.read_bytes()  # bytes, not a handle: a retry after a 429 sends the file again
        for attempt in range(_RETRIES + 1):
            resp = httpx.post(f"{self.url}/api/admin/documents", headers=self.headers, timeout=self.timeout,
                              files={"file": (path.name, data)})
            if resp.status_code == 429 and attempt < _RETRIES:
                time.sleep(min(_MAX_WAIT, float(resp.headers.get("Retry-After") or 1)))
                continue
            if resp.status_code >= 400:
                _raise(resp.status_code, resp.content)
            result: dict[str, Any] = resp.json()
            return result
        raise AssertionError("unreachable")

    def remove(self, doc_id: str) -> dict[str, Any]:
        from urllib.parse import quote  # noqa: PLC0415

        result: dict[str, Any] = self._json("DELETE", f"/api/admin/documents/{quote(doc_id)}")
        return result


def _raise(status: int, raw: bytes) -> NoReturn:
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    error = body.get("error", {}) if isinstance(body, dict) else {}
    raise ServerError(status, str(error.get("code", "web.error")), str(error.get("message", "")))


@contextmanager
def server_client(url: str, admin_token: str | None = None) -> Iterator[ServerClient]:
    client = ServerClient(url, admin_token=admin_token)
    try:
        yield client
    finally:
        client.close()
