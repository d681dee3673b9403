"""`tdkt` in a child process for the HTTP benchmarks: index a folder, serve it, poll until it answers."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

__all__ = ["TDKT", "free_port", "ingest_docs", "serve"]

logger = logging.getLogger(__name__)
TDKT = Path(sys.executable).parent / "tdkt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ingest_docs(data_dir: Path, docs: Sequence[Path]) -> None:
    started = time.perf_counter()
    subprocess.run([str(TDKT), "--data-dir", str(data_dir), "ingest", *map(str, docs)], check=True,
                   stdout=subprocess.DEVNULL)
    logger.info("indexed %s in %.1f s", ", ".join(map(str, docs)), time.perf_counter() - started)


@contextmanager
def serve(data_dir: Path, *, port: int | None = None, env: Mapping[str, str] | None = None,
          log: Path | None = None, timeout: float = 120) -> Iterator[str]:
    """`tdkt serve` with the rate limit lifted; logs go to ``log`` (never to a pipe nobody reads)."""
    port = port or free_port()
    environ = os.environ | {"TDKT_RATE_LIMIT_PER_MINUTE": "100000000"} | dict(env or {})
    url = f"http://127.0.0.1:{port}"
    with ExitStack() as stack:
        err = stack.enter_context(log.open("w", encoding="utf-8")) if log else subprocess.DEVNULL
        proc = subprocess.Popen([str(TDKT), "--data-dir", str(data_dir), "serve", "--port", str(port)],
                                env=environ, stdout=subprocess.DEVNULL, stderr=err)
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    tail = log.read_text("utf-8")[-2000:] if log else ""
                    raise RuntimeError(f"tdkt serve exited: {tail}")
                try:
                    if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"tdkt serve did not answer within {timeout:.0f} s")
                time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=30)
