"""The HTTP API under a real uvicorn server: answers, documents, feedback, admin, and every bad input."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bots.feedback import FILE_NAME
from bots.settings import load
from bots.web import create_app
from tests.bots.live_server import NEW_LAW_ID, OFF_TOPIC, OLD_LAW_ID, QUESTION, TODAY, build_index, serve_app
from tests.fakes.llm_server import run_fake_llm
from tests.fakes.qdrant_server import run_fake_qdrant

TOKEN = "admin-token-for-tests"
RATE = 20
_clients = itertools.count(1)
_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    settings = build_index(tmp_path_factory.mktemp("web"), admin_token=TOKEN, rate_limit_per_minute=RATE)
    with serve_app(create_app(settings)) as url:
        yield {"url": url, "data": settings.data_dir}


@pytest.fixture
def client(server: dict[str, Any]) -> Iterator[httpx.Client]:
    """A client with an address of its own, so each test has its own rate-limit bucket."""
    ip = f"10.0.{next(_clients)}.1"
    with httpx.Client(base_url=server["url"], headers={"X-Forwarded-For": ip}, timeout=30) as c:
        yield c


def admin(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_error(resp: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """A 4xx/5xx as JSON {"error": {"code", "message"}}, the message in Vietnamese, no traceback."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    assert "Traceback" not in resp.text and "File \"" not in resp.text
    error = resp.json()["error"]
    assert error["code"] == code
    assert _VIETNAMESE.search(error["message"]), error["message"]
    return dict(error)


def ask(client: httpx.Client, question: str = QUESTION, **extra: Any) -> httpx.Response:
    return client.post("/api/ask", json={"question": question, **extra})


# -- answers ----------------------------------------------------------------------------------
def test_ask_returns_a_cited_answer(client: httpx.Client) -> None:
    resp = ask(client)
    assert resp.status_code == 200
    body = resp.json()
    assert body["refused"] is False and body["mode"] == "extractive" and body["as_of"] == TODAY
    first = body["citations"][0]
    assert (first["doc_number"], first["article"], first["doc_id"]) == ("06/2022/QH15", 2, NEW_LAW_ID)
    assert first["in_force"] is True and "Lao động tiên tiến" in first["text"]
    assert body["conversation_id"] and body["id"]


def test_follow_up_keeps_the_conversation(client: httpx.Client) -> None:
    first = ask(client).json()
    follow = ask(client, "Còn hồ sơ thì sao?", conversation_id=first["conversation_id"]).json()
    assert follow["conversation_id"] == first["conversation_id"]
    assert follow["refused"] is False and follow["citations"]


def test_ask_at_a_past_date_cites_the_law_then_in_force(client: httpx.Client) -> None:
    body = ask(client, "Mức tiền thưởng Chiến sĩ thi đua cơ sở?", at="2023-06-01").json()
    assert body["as_of"] == "2023-06-01"
    assert body["citations"][0]["doc_number"] == "15/2003/QH11"


def test_off_topic_question_is_refused_not_an_error(client: httpx.Client) -> None:
    body = ask(client, OFF_TOPIC).json()
    assert body["refused"] is True and body["citations"] == []


def test_question_of_exactly_the_limit_is_accepted(client: httpx.Client) -> None:
    assert ask(client, ("thi đua " * 300)[:2000]).status_code == 200


def test_answer_streams_as_server_sent_events(client: httpx.Client) -> None:
    for resp in (client.post("/api/ask?stream=1", json={"question": QUESTION}),
                 client.post("/api/ask", json={"question": QUESTION}, headers={"Accept": "text/event-stream"})):
        assert resp.headers["content-type"].startswith("text/event-stream")
        events = [(m.group(1), json.loads(m.group(2))) for m in re.finditer(r"event: (\w+)\ndata: (.*)\n\n", resp.text)]
        names = [name for name, _ in events]
        assert names[0] == "meta" and names[-1] == "done" and "delta" in names
        meta, done = events[0][1], events[-1][1]
        assert meta["citations"] == done["citations"] and meta["answer"] == ""
        assert "".join(data["text"] for name, data in events if name == "delta") == done["answer"]


# -- bad input --------------------------------------------------------------------------------
@pytest.mark.parametrize(("question", "code"), [
    ("", "assistant.empty_question"),
    ("   \n\t  ", "assistant.empty_question"),
    ("a" * 2001, "assistant.question_too_long"),
    ("🙂🙂🙂", "assistant.wordless_question"),  # a sticker's emoji: nothing to search for, not "not covered"
    ("?? … !!", "assistant.wordless_question"),
])
def test_bad_questions_get_a_vietnamese_422(client: httpx.Client, question: str, code: str) -> None:
    error = assert_error(ask(client, question), 422, code)
    if code.endswith("too_long"):
        assert "2000" in error["message"]
    if code.endswith("wordless_question"):
        assert "chưa có chữ nào" in error["message"]


def test_invalid_json_gets_a_400(client: httpx.Client) -> None:
    resp = client.post("/api/ask", content=b'{"question": "thi', headers={"Content-Type": "application/json"})
    assert_error(resp, 400, "web.invalid_json")


@pytest.mark.parametrize("body", [
    {}, [], "chuỗi", {"question": 5}, {"question": None}, {"question": "x", "conversation_id": "../../etc"},
])
def test_malformed_requests_get_a_422(client: httpx.Client, body: Any) -> None:
    assert_error(client.post("/api/ask", json=body), 422, "web.invalid_request")


def test_request_without_json_content_type_is_refused(client: httpx.Client) -> None:
    resp = client.post("/api/ask", content=json.dumps({"question": QUESTION}), headers={"Content-Type": "text/plain"})
    assert_error(resp, 422, "web.invalid_request")


@pytest.mark.parametrize("at", ["2025-13-01", "hôm qua", "01/07/2025"])
def test_bad_date_gets_a_422(client: httpx.Client, at: str) -> None:
    assert_error(ask(client, at=at), 422, "web.invalid_date")
    assert_error(client.get("/api/documents", params={"at": at}), 422, "web.invalid_date")


def test_oversized_body_gets_a_413(client: httpx.Client) -> None:
    big = json.dumps({"question": "thi đua " * 40_000}).encode()
    assert_error(client.post("/api/ask", content=big, headers={"Content-Type": "application/json"}), 413,
                 "web.too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams in
        yield from (big[i:i + 8192] for i in range(0, len(big), 8192))

    assert_error(client.post("/api/ask", content=chunks(), headers={"Content-Type": "application/json"}), 413,
                 "web.too_large")


def test_unknown_routes_and_methods(client: httpx.Client) -> None:
    assert_error(client.get("/api/khong-co"), 404, "web.not_found")
    assert_error(client.delete("/api/health"), 405, "web.method_not_allowed")
    assert_error(client.get("/api/ask"), 405, "web.method_not_allowed")


# -- documents ----------------------------------------------------------------------------------
def test_documents_list_with_validity(client: httpx.Client) -> None:
    docs = {d["id"]: d for d in client.get("/api/documents").json()}
    assert set(docs) == {NEW_LAW_ID, OLD_LAW_ID}
    assert docs[NEW_LAW_ID]["status"] == "in_force" and docs[NEW_LAW_ID]["in_force"] is True
    old = docs[OLD_LAW_ID]
    assert old["status"] == "superseded" and old["superseded_by"] == ["06/2022/QH15"] and old["in_force"] is False
    assert old["number"] == "15/2003/QH11" and old["doc_type"] == "Luật" and old["issued"] == "2003-11-26"
    past = {d["id"]: d for d in client.get("/api/documents", params={"at": "2020-01-01"}).json()}
    assert past[OLD_LAW_ID]["status"] == "in_force"


def test_document_table_of_contents(client: httpx.Client) -> None:
    doc = client.get(f"/api/documents/{NEW_LAW_ID}").json()
    assert doc["number"] == "06/2022/QH15"
    assert [(t["kind"], t["label"]) for t in doc["toc"]] == [("chuong", ""), ("dieu", "1"), ("dieu", "2"), ("dieu", "3"),
                                                              ("dieu", "4")]
    assert doc["toc"][3]["title"] == "Hồ sơ đề nghị khen thưởng"


def test_article_with_clauses_and_points(client: httpx.Client) -> None:
    art = client.get(f"/api/documents/{NEW_LAW_ID}/articles/3").json()
    assert art["label"].startswith("Điều 3") and art["title"] == "Hồ sơ đề nghị khen thưởng"
    assert "b) Hồ sơ gửi qua hệ thống thông tin điện tử." in art["text"]
    assert art["status"] == "in_force" and art["superseded_by"] == []
    old = client.get(f"/api/documents/{OLD_LAW_ID}/articles/2").json()
    assert old["status"] == "superseded" and old["superseded_by"] == ["06/2022/QH15"]
    assert "thay thế" in old["validity_note"]


@pytest.mark.parametrize("path", [
    "/api/documents/khong-co-van-ban", f"/api/documents/{'9' * 300}", "/api/documents/%00",
    f"/api/documents/{NEW_LAW_ID}/articles/99", f"/api/documents/{NEW_LAW_ID}/articles/abc",
    "/api/documents/khong-co/articles/1",
])
def test_unknown_documents_and_articles_get_a_404(client: httpx.Client, path: str) -> None:
    assert_error(client.get(path), 404, "assistant.unknown_document")


def test_path_traversal_in_a_document_id_finds_nothing(client: httpx.Client) -> None:
    resp = client.get("/api/documents/..%2F..%2Fetc%2Fpasswd")
    assert resp.status_code == 404 and resp.json()["error"]["code"] in ("web.not_found", "assistant.unknown_document")


# -- health, page, headers ------------------------------------------------------------------------
def test_health_reports_the_index(client: httpx.Client) -> None:
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["qdrant"] == "embedded" and health["llm"] is False
    assert health["generation"].startswith("tdkt_") and health["documents"] >= 2 and health["chunks"] > 0


def test_page_and_openapi_are_served(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "Trợ lý Thi đua" in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    for asset in ("/static/app.js", "/static/app.css"):
        assert client.get(asset).status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/ask", "/api/documents", "/api/documents/{doc_id}", "/api/documents/{doc_id}/articles/{article}",
                 "/api/health", "/api/feedback", "/api/admin/feedback.csv", "/api/admin/unanswered",
                 "/api/admin/documents"):
        assert path in paths
    assert client.get("/docs").status_code == 200


# -- feedback and admin -----------------------------------------------------------------------------
def test_feedback_lands_in_csv_and_unanswered(client: httpx.Client, server: dict[str, Any]) -> None:
    answered = ask(client, "Hồ sơ đề nghị khen thưởng gồm những gì?").json()
    refused = ask(client, OFF_TOPIC).json()
    resp = client.post("/api/feedback", json={"answer_id": answered["id"], "rating": "down",
                                             "comment": "=HYPERLINK(\"x\") thiếu điểm c"})
    assert resp.status_code == 200 and resp.json()["rating"] == "down"
    assert client.post("/api/feedback", json={"answer_id": refused["id"], "rating": "up"}).status_code == 200
    assert (server["data"] / FILE_NAME).is_file()

    exported = client.get("/api/admin/feedback.csv", headers=admin())
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
    mine = next(r for r in rows if r["answer_id"] == answered["id"])
    assert mine["rating"] == "down" and mine["question"] == "Hồ sơ đề nghị khen thưởng gồm những gì?"
    assert mine["comment"].startswith("'=")  # a spreadsheet must not run it as a formula
    assert "Điều 3" in mine["citations"]

    gaps = {g["answer_id"]: g for g in client.get("/api/admin/unanswered", headers=admin()).json()}
    assert gaps[answered["id"]]["reason"] == "rated_down" and "thiếu điểm c" in gaps[answered["id"]]["comment"]
    assert gaps[refused["id"]]["reason"] == "refused" and gaps[refused["id"]]["question"] == OFF_TOPIC


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"answer_id": "0" * 32, "rating": "up"}, 404, "web.unknown_answer"),
    ({"answer_id": "abc", "rating": "meh"}, 422, "web.invalid_request"),
    ({"answer_id": "a/b", "rating": "up"}, 422, "web.invalid_request"),
    ({"rating": "up"}, 422, "web.invalid_request"),
    ({"answer_id": "abc", "rating": "up", "comment": "x" * 2001}, 422, "web.invalid_request"),
])
def test_bad_feedback(client: httpx.Client, body: dict[str, Any], status: int, code: str) -> None:
    assert_error(client.post("/api/feedback", json=body), status, code)


@pytest.mark.parametrize("path", ["/api/admin/feedback.csv", "/api/admin/unanswered"])
def test_admin_needs_the_token(client: httpx.Client, path: str) -> None:
    resp = client.get(path)
    assert_error(resp, 401, "web.unauthorized")
    assert resp.headers["www-authenticate"] == "Bearer"
    assert_error(client.get(path, headers=admin("wrong")), 401, "web.unauthorized")
    assert_error(client.get(path, headers={"Authorization": TOKEN}), 401, "web.unauthorized")
    assert client.get(path, headers=admin()).status_code == 200


def test_rate_limit_per_client(client: httpx.Client, server: dict[str, Any]) -> None:
    statuses = [client.post("/api/feedback", json={"answer_id": "0" * 32, "rating": "up"}).status_code
                for _ in range(RATE + 1)]
    assert statuses[:RATE] == [404] * RATE
    resp = client.post("/api/feedback", json={"answer_id": "0" * 32, "rating": "up"})
    error = assert_error(resp, 429, "web.rate_limited")
    assert int(resp.headers["retry-after"]) >= 1 and "giây" in error["message"]
    with httpx.Client(base_url=server["url"], headers={"X-Forwarded-For": "10.9.9.9"}) as other:
        assert ask(other).status_code == 200


# -- upload and re-index ------------------------------------------------------------------------------
NEW_CIRCULAR = """BỘ NỘI VỤ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 45/2030/TT-BNV
THÔNG TƯ
Hướng dẫn khen thưởng người hiến máu
Điều 1. Phạm vi điều chỉnh
Thông tư này hướng dẫn khen thưởng người hiến máu tình nguyện nhiều lần.
Điều 2. Danh hiệu "Người hiến máu tiêu biểu"
Danh hiệu "Người hiến máu tiêu biểu" để tặng cho cá nhân hiến máu tình nguyện từ 10 lần trở lên.
"""


@pytest.fixture(scope="module")
def upload_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("upload")
    settings = build_index(root, admin_token=TOKEN, max_upload_bytes=50_000, docs_dirs=[root / "docs"])
    with serve_app(create_app(settings)) as url, httpx.Client(base_url=url, headers=admin(), timeout=60) as c:
        yield {"client": c, "root": root, "uploads": settings.data_dir / "uploads"}


def upload(client: httpx.Client, name: str, content: bytes, **kwargs: Any) -> httpx.Response:
    return client.post("/api/admin/documents", files={"file": (name, content, "application/octet-stream")}, **kwargs)


def test_upload_reindexes_and_answers_from_the_new_document(upload_server: dict[str, Any]) -> None:
    client, root, uploads = upload_server["client"], upload_server["root"], upload_server["uploads"]
    resp = upload(client, "../../thông tư mới.txt", NEW_CIRCULAR.encode())
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["indexed"] is True and body["documents"] == 3 and body["reused"] == 2 and body["failures"] == []
    saved = uploads / body["file"]
    assert body["file"] == "thông_tư_mới.txt" and saved.is_file() and saved.resolve().parent == uploads.resolve()
    assert not (root / "thông tư mới.txt").exists() and not (root.parent / "thông tư mới.txt").exists()
    assert "45-2030-TT-BNV" in {d["id"] for d in client.get("/api/documents").json()}
    answer = ask(client, "Danh hiệu Người hiến máu tiêu biểu tặng cho ai?").json()
    assert answer["citations"][0]["doc_number"] == "45/2030/TT-BNV"
    assert client.get("/api/health").json()["documents"] == 3


@pytest.mark.parametrize(("name", "content"), [
    ("virus.exe", NEW_CIRCULAR.encode()),
    ("khong-duoi", NEW_CIRCULAR.encode()),
    ("gia.pdf", NEW_CIRCULAR.encode()),
    ("gia.docx", NEW_CIRCULAR.encode()),
    ("anh.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    ("..", b"x"),
])
def test_upload_of_the_wrong_type_gets_a_415(upload_server: dict[str, Any], name: str, content: bytes) -> None:
    assert_error(upload(upload_server["client"], name, content), 415, "web.bad_upload")
    assert not list(upload_server["uploads"].glob(".incoming/*"))  # nothing staged is left behind


def test_upload_without_articles_gets_a_422(upload_server: dict[str, Any]) -> None:
    resp = upload(upload_server["client"], "ghi-chu.txt", "Một ghi chú ngắn không có điều khoản nào.".encode())
    assert_error(resp, 422, "corpus.no_structure")
    assert not (upload_server["uploads"] / "ghi-chu.txt").exists()


def test_upload_over_the_limit_gets_a_413(upload_server: dict[str, Any]) -> None:
    client = upload_server["client"]
    assert_error(upload(client, "lon.txt", NEW_CIRCULAR.encode() * 200), 413, "web.too_large")
    assert_error(upload(client, "rat-lon.txt", b"a" * 1_100_000), 413, "web.too_large")
    assert not (upload_server["uploads"] / "lon.txt").exists()


def test_upload_needs_the_token_and_a_file(upload_server: dict[str, Any]) -> None:
    client = upload_server["client"]
    assert_error(upload(client, "a.txt", NEW_CIRCULAR.encode(), headers={"Authorization": "Bearer sai"}), 401,
                 "web.unauthorized")
    assert_error(client.post("/api/admin/documents", data={"x": "1"}), 422, "web.invalid_request")


# -- no admin token, no index, Qdrant gone ---------------------------------------------------------
def test_without_index_or_admin_token(tmp_path: Path) -> None:
    with run_fake_qdrant() as qdrant:
        settings = load(data_dir=tmp_path, qdrant_url=qdrant)
        with serve_app(create_app(settings)) as url, httpx.Client(base_url=url) as client:
            assert_error(client.get("/api/admin/unanswered"), 403, "web.admin_disabled")
            assert_error(client.get("/api/admin/unanswered", headers=admin()), 403, "web.admin_disabled")
            assert_error(client.get("/api/health"), 503, "index.missing")
            assert_error(ask(client), 503, "index.missing")


def test_health_is_503_when_qdrant_goes_away(tmp_path: Path) -> None:
    with run_fake_qdrant() as qdrant:
        settings = load(data_dir=tmp_path, qdrant_url=qdrant, qdrant_timeout=2)
        stack = serve_app(create_app(settings))
        url = stack.__enter__()
    try:
        with httpx.Client(base_url=url, timeout=30) as client:  # the fake Qdrant has stopped
            assert_error(client.get("/api/health"), 503, "index.unavailable")
            assert_error(ask(client), 503, "index.unavailable")
    finally:
        stack.__exit__(None, None, None)


# -- with an LLM ----------------------------------------------------------------------------------------
def test_llm_answer_streams_with_its_citations(tmp_path: Path) -> None:
    with run_fake_llm() as (llm, calls):
        settings = build_index(tmp_path, llm_base_url=f"{llm}/good/v1", llm_model="fake")
        with serve_app(create_app(settings)) as url, httpx.Client(base_url=url, timeout=30) as client:
            assert client.get("/api/health").json()["llm"] is True
            resp = client.post("/api/ask", json={"question": QUESTION}, headers={"Accept": "text/event-stream"})
            done = json.loads(resp.text.rsplit("event: done\ndata: ", 1)[1])
            assert done["mode"] == "llm" and "[1]" in done["answer"] and done["citations"]
            assert len(calls) == 1
