"""Logs: one JSON object per line with TDKT_LOG_FORMAT=json, and never a token or a key, under `tdkt serve`."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bots.logformat import JsonFormatter
from tests.bots.mini_corpus import SHORT_QUESTION, build_index
from tests.fakes.llm_server import run_fake_llm
from tests.fakes.telegram_api import run_fake_telegram
from tests.fakes.zalo_api import run_fake_zalo

TDKT = Path(sys.executable).parent / "tdkt"
SECRETS = {
    "TDKT_TELEGRAM_TOKEN": "987654321:AAF-telegram-secret-token_0123456789",
    "TDKT_TELEGRAM_SECRET": "webhook-secret-abcdef0123456789",
    "TDKT_ADMIN_TOKEN": "admin-secret-token-5f3e2d1c",
    "TDKT_LLM_API_KEY": "sk-llm-secret-key-9a8b7c6d",
    "TDKT_QDRANT_API_KEY": "qdrant-secret-key-1b2c3d",
    "TDKT_ZALO_APP_SECRET": "zalo-app-secret-77aa",
    "TDKT_ZALO_OA_SECRET": "zalo-oa-secret-88bb",
    "TDKT_ZALO_ACCESS_TOKEN": "zalo-access-expired-99cc",
    "TDKT_ZALO_REFRESH_TOKEN": "zalo-refresh-token-00dd",
}
ZALO_APP_ID = "4291763606161179100"


def test_json_lines_carry_the_message_and_the_traceback() -> None:
    formatter = JsonFormatter()
    try:
        raise ValueError("hỏng\ndòng hai")
    except ValueError:
        record = logging.LogRecord("bots.web", logging.ERROR, __file__, 1, "lỗi khi trả lời %s", ("câu 1",),
                                   sys.exc_info())
    line = formatter.format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "bots.web" and entry["message"] == "lỗi khi trả lời câu 1"
    assert "ValueError: hỏng" in entry["exc"] and entry["time"].endswith("+00:00")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _zalo_event(text: str) -> tuple[bytes, dict[str, str]]:
    body = json.dumps({"app_id": ZALO_APP_ID, "event_name": "user_send_text", "sender": {"id": "6142494823001"},
                       "recipient": {"id": "3662729599332560487"}, "message": {"text": text, "msg_id": "m-log-1"},
                       "timestamp": str(int(time.time() * 1000))}, ensure_ascii=False).encode()
    timestamp = json.loads(body)["timestamp"]
    mac = hashlib.sha256(ZALO_APP_ID.encode() + body + timestamp.encode()
                         + SECRETS["TDKT_ZALO_OA_SECRET"].encode()).hexdigest()
    return body, {"X-ZEvent-Signature": f"mac={mac}", "Content-Type": "application/json"}


def _exercise(url: str, telegram: Any, zalo: Any) -> None:
    admin = {"Authorization": f"Bearer {SECRETS['TDKT_ADMIN_TOKEN']}"}
    with httpx.Client(base_url=url, timeout=60) as http:
        answer = http.post("/api/ask", json={"question": SHORT_QUESTION}).json()
        assert answer["mode"] == "llm"
        http.post("/api/ask", json={"question": SHORT_QUESTION}, headers={"Accept": "text/event-stream"})
        http.post("/api/feedback", json={"answer_id": answer["id"], "rating": "down", "comment": "thiếu"})
        assert http.get("/api/admin/unanswered", headers=admin).status_code == 200
        assert http.get("/api/admin/feedback.csv", headers=admin).status_code == 200
        assert http.get("/api/admin/unanswered", headers={"Authorization": "Bearer sai-token"}).status_code == 401
        update = {"update_id": 1, "message": {
            "message_id": 1, "date": int(time.time()), "text": SHORT_QUESTION,
            "chat": {"id": 1001, "type": "private", "first_name": "Lan"},
            "from": {"id": 1001, "is_bot": False, "first_name": "Lan"}}}
        secret = {"X-Telegram-Bot-Api-Secret-Token": SECRETS["TDKT_TELEGRAM_SECRET"]}
        assert http.post("/telegram/webhook", json=update, headers=secret).status_code == 200
        assert http.post("/telegram/webhook", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "x"}
                         ).status_code == 401
        assert telegram.wait_for("sendMessage", timeout=30)
        body, headers = _zalo_event(SHORT_QUESTION)
        assert http.post("/zalo/webhook", content=body, headers=headers).status_code == 200
        deadline = time.monotonic() + 30
        while not zalo.messages and time.monotonic() < deadline:
            time.sleep(0.05)
        assert zalo.messages and zalo.refreshes  # the expired access token was refreshed
        assert http.get("/metrics").status_code == 200


def test_serve_logs_no_secret_at_debug_in_json(tmp_path: Path) -> None:
    data_dir = build_index(tmp_path).data_dir
    log = tmp_path / "serve.log"
    port = _free_port()
    with (run_fake_telegram() as telegram, run_fake_llm() as (llm, llm_calls),
          run_fake_zalo(app_id=ZALO_APP_ID, app_secret=SECRETS["TDKT_ZALO_APP_SECRET"], access_token="zalo-current",
                        refresh_token=SECRETS["TDKT_ZALO_REFRESH_TOKEN"]) as zalo):
        env = {k: v for k, v in os.environ.items() if not k.startswith("TDKT_")} | SECRETS | {
            "TDKT_LOG_FORMAT": "json",
            "TDKT_TELEGRAM_BASE_URL": f"{telegram.url}/bot",
            "TDKT_TELEGRAM_WEBHOOK_URL": "https://tdkt.example.vn/telegram/webhook",
            "TDKT_LLM_BASE_URL": f"{llm}/good/v1", "TDKT_LLM_MODEL": "fake",
            "TDKT_ZALO_APP_ID": ZALO_APP_ID, "TDKT_ZALO_API_BASE": zalo.url, "TDKT_ZALO_OAUTH_BASE": zalo.url,
        }
        with log.open("w") as err:
            proc = subprocess.Popen([str(TDKT), "-vv", "--data-dir", str(data_dir), "serve", "--port", str(port)],
                                    env=env, stdout=subprocess.DEVNULL, stderr=err)
            try:
                url = f"http://127.0.0.1:{port}"
                deadline = time.monotonic() + 90
                while True:
                    assert proc.poll() is None, log.read_text()
                    try:
                        if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    assert time.monotonic() < deadline, "tdkt serve did not answer"
                    time.sleep(0.2)
                _exercise(url, telegram, zalo)
            finally:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)
        # The LLM got the key in its Authorization header, and nowhere in what it was asked.
        assert llm_calls and all(SECRETS["TDKT_LLM_API_KEY"] not in json.dumps(c["body"]) for c in llm_calls)
    text = log.read_text("utf-8")
    entries = [json.loads(line) for line in text.splitlines()]  # every line is one JSON object
    assert {"time", "level", "logger", "message"} <= set(entries[0])
    messages = "\n".join(e["message"] for e in entries)
    assert "serving on" in messages and "telegram bot @" in messages and "zalo access token refreshed" in messages
    assert any(e["level"] == "DEBUG" for e in entries)
    for name, secret in SECRETS.items():
        assert secret not in text, name
        assert secret[-12:] not in text, name  # not even a tail of it
