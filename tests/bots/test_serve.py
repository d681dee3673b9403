"""`tdkt serve` as installed: starts and answers, or fails at once with a Vietnamese message."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from indexer import Store
from tests.bots.live_server import build_index

TDKT = Path(sys.executable).parent / "tdkt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tdkt(*args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TDKT_")}
    return subprocess.Popen([str(TDKT), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return build_index(tmp_path).data_dir


def test_serve_answers_then_stops_on_sigterm(data_dir: Path) -> None:
    port = free_port()
    proc = tdkt("--data-dir", str(data_dir), "serve", "--port", str(port))
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, proc.communicate()
            try:
                resp = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "tdkt serve did not answer"
                time.sleep(0.2)
        assert resp.status_code == 200 and resp.json()["documents"] == 2
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    # uvicorn shuts down gracefully, then re-raises the signal it caught.
    assert proc.returncode in (0, -signal.SIGTERM)
    assert "Traceback" not in err
    assert f"Đang phục vụ tại http://127.0.0.1:{port}" in err


def test_serve_on_a_locked_index_fails_in_vietnamese(data_dir: Path) -> None:
    from indexer import IndexSettings

    store = Store(IndexSettings(), data_dir)  # this process holds the embedded index
    try:
        proc = tdkt("--data-dir", str(data_dir), "serve", "--port", str(free_port()))
        _, err = proc.communicate(timeout=90)
    finally:
        store.close()
    assert proc.returncode == 1
    assert "Lỗi: Chỉ mục đang được một tiến trình khác mở" in err and "Traceback" not in err


def test_serve_on_a_busy_port_fails_in_vietnamese(data_dir: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        proc = tdkt("--data-dir", str(data_dir), "serve", "--port", str(busy.getsockname()[1]))
        _, err = proc.communicate(timeout=90)
    assert proc.returncode == 1
    assert "Lỗi: Không mở được địa chỉ/cổng" in err and "Traceback" not in err
