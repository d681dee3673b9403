"""The Zalo OA webhook of the real web app: signatures, staleness, replies, token refresh."""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bots.settings import Settings
from bots.web import create_app
from tests.bots.mini_corpus import LAW_NUMBER, LONG_QUESTION, SHORT_QUESTION, build_index
from tests.fakes.zalo_api import FakeZalo, run_fake_zalo

APP_ID = "4291763606161179100"
APP_SECRET = "app-secret-xyz"
OA_SECRET = "oa-secret-abc"
OA_ID = "3662729599332560487"
USER = "6142494823001122334"
_msg_ids = itertools.count(1)


@pytest.fixture
def fake() -> Iterator[FakeZalo]:
    # The fake starts with a newer access token than tdkt's: the first send is refused (-216).
    with run_fake_zalo(app_id=APP_ID, app_secret=APP_SECRET, access_token="access-current",
                       refresh_token="refresh-0") as server:
        yield server


def _settings(tmp_path: Path, fake: FakeZalo, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "zalo_app_id": APP_ID, "zalo_app_secret": APP_SECRET, "zalo_oa_secret": OA_SECRET,
        "zalo_access_token": "access-expired", "zalo_refresh_token": "refresh-0",
        "zalo_api_base": fake.url, "zalo_oauth_base": fake.url, "zalo_rate_limit_per_minute": 5,
    }
    return build_index(tmp_path, **(values | extra))


@pytest.fixture
def client(tmp_path: Path, fake: FakeZalo) -> Iterator[TestClient]:
    with TestClient(create_app(_settings(tmp_path, fake))) as c:
        yield c


def event(text: str, *, user: str = USER, age: float = 0.0, name: str = "user_send_text",
          msg_id: str | None = None, app_id: str = APP_ID) -> bytes:
    """A webhook body shaped like Zalo's, with its timestamp in milliseconds as a string."""
    return json.dumps({
        "app_id": app_id, "user_id_by_app": "979122185046046317", "event_name": name,
        "sender": {"id": user}, "recipient": {"id": OA_ID},
        "message": {"text": text, "msg_id": msg_id or f"msg{next(_msg_ids)}"},
        "timestamp": str(int((time.time() - age) * 1000)),
    }, ensure_ascii=False).encode()


def sign(body: bytes, *, secret: str = OA_SECRET, app_id: str = APP_ID) -> dict[str, str]:
    """``X-ZEvent-Signature: mac=sha256(appId + body + timestamp + OA secret key)``."""
    timestamp = json.loads(body)["timestamp"]
    mac = hashlib.sha256(app_id.encode() + body + timestamp.encode() + secret.encode()).hexdigest()
    return {"X-ZEvent-Signature": f"mac={mac}", "Content-Type": "application/json"}


def post(client: TestClient, body: bytes, headers: dict[str, str] | None = None) -> Any:
    return client.post("/zalo/webhook", content=body, headers=headers or {"Content-Type": "application/json"})


def test_signed_question_is_answered_after_refreshing_the_expired_token(client: TestClient, fake: FakeZalo,
                                                                        tmp_path: Path) -> None:
    body = event(SHORT_QUESTION)
    response = post(client, body, sign(body))
    assert response.status_code == 200 and response.json() == {"ok": True, "detail": "accepted"}
    # First send used the expired token and got -216; one refresh; the resend went through.
    assert fake.refreshes == [{"refresh_token": "refresh-0", "app_id": APP_ID, "grant_type": "refresh_token"}]
    [reply] = fake.messages
    assert [r["message"]["text"] for r in fake.rejected] == [reply["message"]["text"]]
    assert reply["recipient"] == {"user_id": USER}
    text = reply["message"]["text"]
    assert f"Điều 2 Luật {LAW_NUMBER}" in text and "Căn cứ:" in text and "«" in text
    assert "<" not in text and len(text) <= 2000
    # The new single-use refresh token is kept (mode 600) for the next start; the next send needs no refresh.
    saved = tmp_path / "data" / "zalo_tokens.json"
    assert json.loads(saved.read_text())["refresh_token"] == fake.refresh_token
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    body = event("Mức tiền thưởng của danh hiệu Chiến sĩ trồng cây cơ sở?")
    assert post(client, body, sign(body)).status_code == 200
    assert len(fake.refreshes) == 1 and len(fake.messages) == 2 and "0,5 lần" in fake.messages[1]["message"]["text"]


def test_unsigned_forged_and_foreign_events_are_rejected(client: TestClient, fake: FakeZalo) -> None:
    body = event(SHORT_QUESTION)
    assert post(client, body).status_code == 401
    assert post(client, body, sign(body, secret="not-the-oa-secret")).status_code == 403
    tampered = body.replace("Chiến sĩ".encode(), "Anh hùng".encode())
    assert post(client, tampered, sign(body)).status_code == 403
    foreign = event(SHORT_QUESTION, app_id="1111")
    assert post(client, foreign, sign(foreign, app_id="1111")).status_code == 403
    headers = sign(body)
    headers["X-ZEvent-Signature"] = headers["X-ZEvent-Signature"].replace("mac=", "mac=0")
    assert post(client, body, headers).status_code == 403
    assert post(client, b"not json", {"X-ZEvent-Signature": "mac=00"}).status_code == 400
    assert fake.messages == [] and fake.rejected == [] and fake.refreshes == []


def test_stale_and_replayed_events_are_acknowledged_but_not_answered(client: TestClient, fake: FakeZalo) -> None:
    old = event(SHORT_QUESTION, age=600)
    response = post(client, old, sign(old))
    assert response.status_code == 200 and response.json()["detail"] == "stale"
    body = event(SHORT_QUESTION, msg_id="dup-1")
    assert post(client, body, sign(body)).json()["detail"] == "accepted"
    assert post(client, body, sign(body)).json()["detail"] == "duplicate"
    assert len(fake.messages) == 1


def test_long_answer_is_split_to_zalo_length(client: TestClient, fake: FakeZalo) -> None:
    body = event(LONG_QUESTION)
    assert post(client, body, sign(body)).status_code == 200
    texts = fake.texts(USER)
    assert 2 <= len(texts) <= 4 and all(len(t) <= 2000 for t in texts)
    assert texts[-1].rstrip().endswith(f"Luật {LAW_NUMBER}") and "Căn cứ:" in texts[-1]


def test_other_events_and_commands(client: TestClient, fake: FakeZalo) -> None:
    follow = event("", name="follow")
    assert post(client, follow, sign(follow)).json()["detail"] == "ignored"
    blank = event("   ")
    assert post(client, blank, sign(blank)).json()["detail"] == "ignored"
    assert fake.messages == []
    # A photo of a document or a sticker is not read: the user is told to type the question.
    for name in ("user_send_image", "user_send_sticker"):
        body = event("", name=name)
        assert post(client, body, sign(body)).json()["detail"] == "accepted"
    assert len(fake.texts()) == 2 and all("chỉ đọc được tin nhắn chữ" in t for t in fake.texts())
    for text in ("/help", "/moi"):
        body = event(text)
        post(client, body, sign(body))
    assert "/moi" in fake.texts()[2] and "cuộc trò chuyện mới" in fake.texts()[3]


def test_rate_limit_notice_is_sent_once(client: TestClient, fake: FakeZalo) -> None:
    for _ in range(8):
        body = event(SHORT_QUESTION)
        assert post(client, body, sign(body)).status_code == 200
    texts = fake.texts(USER)
    assert len(texts) == 6 and sum("hỏi hơi nhanh" in t for t in texts) == 1


def test_refused_refresh_sends_nothing_and_logs_no_secret(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with (run_fake_zalo(app_id=APP_ID, app_secret=APP_SECRET, access_token="access-current",
                        refresh_token="refresh-other") as fake,
          TestClient(create_app(_settings(tmp_path, fake))) as client, caplog.at_level(logging.DEBUG)):
        body = event(SHORT_QUESTION)
        assert post(client, body, sign(body)).status_code == 200
    assert fake.messages == [] and len(fake.rejected) == 1 and len(fake.refreshes) == 1
    assert any("bot.zalo_auth" in r.getMessage() for r in caplog.records if r.name == "bots.zalo")
    for secret in ("access-expired", "refresh-0", APP_SECRET, OA_SECRET):
        assert not any(secret in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("where", ["down", "refresh_down"])
def test_zalo_api_down_is_logged_and_the_webhook_still_answers(tmp_path: Path, fake: FakeZalo, where: str,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    # down: nothing listens where the API should be. refresh_down: the token expired, the OAuth server is gone.
    closed = "http://127.0.0.1:9"  # port 9 (discard): nothing listens
    extra = {"zalo_api_base": closed} if where == "down" else {"zalo_oauth_base": closed}
    with TestClient(create_app(_settings(tmp_path, fake, **extra))) as client, caplog.at_level(logging.INFO):
        body = event(SHORT_QUESTION)
        response = post(client, body, sign(body))
        assert response.status_code == 200 and response.json()["detail"] == "accepted"
        assert client.get("/api/health").status_code == 200  # the server carries on
    assert fake.messages == []
    [line] = [r.getMessage() for r in caplog.records if r.name == "bots.zalo" and "not sent" in r.getMessage()]
    assert "bot.zalo_api" in line and "ConnectError" in line
