"""The trainers' API and page under a real uvicorn server, over the mini corpus: answer sheets and quizzes."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterator

import docx
import httpx
import pytest

from bots.exports import MEDIA_TYPES
from bots.web import create_app
from tests.bots.live_server import serve_app
from tests.bots.mini_corpus import LAW_NUMBER, SHORT_QUESTION, build_index

_clients = itertools.count(1)
_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
OFF_TOPIC = "Giá vàng hôm nay bao nhiêu?"
SHEET = "/api/trainer/answer-sheet"
QUIZ = "/api/trainer/quiz"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("trainer")
    # The mini law is not in the built-in catalog; an entry puts it in force, so the quiz may use it.
    catalog = root / "catalog.json"
    catalog.write_text(json.dumps({"version": 1, "documents": [{
        "number": LAW_NUMBER, "title": "Luật Khen thưởng cây xanh", "short_title": "Luật Khen thưởng cây xanh",
        "doc_type": "Luật", "issued": "2025-01-01", "effective": "2025-07-01", "status": "in_force"}]}),
        encoding="utf-8")
    settings = build_index(root, catalog_files=[catalog], rate_limit_per_minute=100)
    with serve_app(create_app(settings)) as url:
        yield url


@pytest.fixture
def client(server: str) -> Iterator[httpx.Client]:
    """A client with an address of its own, so each test has its own rate-limit bucket."""
    with httpx.Client(base_url=server, headers={"X-Forwarded-For": f"10.7.{next(_clients)}.1"}, timeout=60) as c:
        yield c


def upload(client: httpx.Client, text: str, fmt: str | None = None, name: str = "cau-hoi.txt") -> httpx.Response:
    data = {"format": fmt} if fmt else {}
    return client.post(SHEET, files={"file": (name, text.encode("utf-8"), "text/plain")}, data=data)


def assert_download(resp: httpx.Response, fmt: str) -> bytes:
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == MEDIA_TYPES[fmt]
    disposition = resp.headers["content-disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith(f'.{fmt}"')
    return resp.content


def assert_error(resp: httpx.Response, status: int, code: str) -> None:
    assert resp.status_code == status, resp.text
    error = resp.json()["error"]
    assert error["code"] == code
    assert _VIETNAMESE.search(error["message"]), error["message"]
    assert "Traceback" not in resp.text


# -- answer sheets ------------------------------------------------------------------------------
def test_answer_sheet_docx_holds_the_questions_and_a_citation(client: httpx.Client) -> None:
    body = assert_download(upload(client, f"1. {SHORT_QUESTION}\n2. {OFF_TOPIC}\n"), "docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
    assert f"Câu 1. {SHORT_QUESTION}" in text and f"Câu 2. {OFF_TOPIC}" in text
    assert LAW_NUMBER in text and "Điều 2" in text


def test_answer_sheet_as_markdown(client: httpx.Client) -> None:
    body = assert_download(upload(client, SHORT_QUESTION, "md"), "md").decode("utf-8")
    assert f"### Câu 1. {SHORT_QUESTION}" in body and LAW_NUMBER in body


def test_answer_sheet_from_a_csv_as_csv(client: httpx.Client) -> None:
    questions = f"stt,câu hỏi\n1,{SHORT_QUESTION}\n2,{OFF_TOPIC}\n"
    body = assert_download(upload(client, questions, "csv", name="cau-hoi.csv"), "csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == [SHORT_QUESTION, OFF_TOPIC]
    assert rows[1][2] == "đã trả lời" and LAW_NUMBER in rows[1][4]
    assert rows[2][2] == "không có trong văn bản"


def test_an_empty_list_is_refused(client: httpx.Client) -> None:
    assert_error(upload(client, ""), 422, "web.no_questions")
    assert_error(upload(client, "\n  \n"), 422, "web.no_questions")


def test_too_many_questions_are_refused(client: httpx.Client) -> None:
    questions = "\n".join(f"Câu hỏi thử số {i} về khen thưởng?" for i in range(201))
    resp = upload(client, questions)
    assert_error(resp, 422, "web.too_many_questions")
    assert "201" in resp.json()["error"]["message"]


def test_a_file_that_is_not_a_text_list_is_refused(client: httpx.Client) -> None:
    assert_error(upload(client, SHORT_QUESTION, name="cau-hoi.pdf"), 415, "web.bad_question_file")
    resp = client.post(SHEET, files={"file": ("cau-hoi.txt", b"\x00\x01binary", "text/plain")})
    assert_error(resp, 415, "web.bad_question_file")


def test_an_unknown_sheet_format_is_refused(client: httpx.Client) -> None:
    assert_error(upload(client, SHORT_QUESTION, "pdf"), 422, "web.invalid_request")


# -- quizzes ------------------------------------------------------------------------------------
def test_quiz_json_has_n_cited_questions_and_is_the_same_for_a_seed(client: httpx.Client) -> None:
    resp = client.post(QUIZ, json={"n": 2, "seed": 7, "format": "json"})
    quiz = json.loads(assert_download(resp, "json"))
    assert quiz["seed"] == 7 and len(quiz["questions"]) == 2
    for q in quiz["questions"]:
        assert q["options"][q["answer"]] == q["correct"]
        assert q["answer_text"] in q["evidence"]
        assert q["citation"]["doc_number"] == LAW_NUMBER and q["citation"]["article"] >= 1
    again = client.post(QUIZ, json={"n": 2, "seed": 7, "format": "json"})
    assert json.loads(again.content) == quiz


def test_quiz_docx_has_the_questions_and_the_key(client: httpx.Client) -> None:
    resp = client.post(QUIZ, json={"topic": "tiền thưởng", "n": 2, "seed": 3})
    assert "de-trac-nghiem-3.docx" in resp.headers.get("content-disposition", "")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(assert_download(resp, "docx"))).paragraphs)
    assert "Câu 1" in text and LAW_NUMBER in text


def test_quiz_asks_are_checked(client: httpx.Client) -> None:
    assert_error(client.post(QUIZ, json={"n": 0}), 422, "web.invalid_request")
    assert_error(client.post(QUIZ, json={"n": 51}), 422, "web.invalid_request")
    assert_error(client.post(QUIZ, json={"format": "md"}), 422, "web.invalid_request")


# -- page -----------------------------------------------------------------------------------------
def test_the_trainer_page_is_served_and_linked(client: httpx.Client) -> None:
    page = client.get("/giang-vien")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Giảng viên" in page.text and "/static/trainer.js" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/static/trainer.js").status_code == 200
    assert 'href="/giang-vien"' in client.get("/").text



# -- session packs, forms, dossiers ----------------------------------------------------------------
PACK = "/api/trainer/pack"


def test_quiz_on_an_uncovered_topic_is_declined_in_vietnamese(client: httpx.Client) -> None:
    resp = client.post(QUIZ, json={"topic": "thuế thu nhập cá nhân", "n": 5})
    assert resp.status_code == 422
    error = resp.json()["error"]
    assert error["code"] == "assistant.topic_not_covered" and "“thuế thu nhập cá nhân”" in error["message"]
    assert client.post(PACK, json={"topic": "thuế thu nhập cá nhân"}).status_code == 422


def test_quiz_student_version_hides_the_key_and_the_key_version_has_citations(client: httpx.Client) -> None:
    body = {"topic": "Chiến sĩ trồng cây cơ sở", "n": 3, "seed": 4, "format": "json"}
    student = json.loads(assert_download(client.post(QUIZ, json=body | {"version": "student"}), "json"))
    key = json.loads(assert_download(client.post(QUIZ, json=body | {"version": "key"}), "json"))
    assert student["questions"] and all("correct" not in q and "citation" not in q for q in student["questions"])
    assert all(q["citation"]["doc_number"] == LAW_NUMBER for q in key["questions"])


def test_pack_docx_has_the_outline_questions_and_quiz(client: httpx.Client) -> None:
    body = {"topic": "Chiến sĩ trồng cây cơ sở", "questions": [SHORT_QUESTION, OFF_TOPIC], "n": 3}
    document = docx.Document(io.BytesIO(assert_download(client.post(PACK, json=body), "docx")))
    texts = [p.text for p in document.paragraphs]
    assert "I. Các quy định áp dụng" in texts and "IV. Câu hỏi trắc nghiệm" in texts
    assert any(t.startswith("Căn cứ: ") and LAW_NUMBER in t for t in texts)
    assert f"Câu 1 (câu hỏi thực tế). {SHORT_QUESTION}" in texts
    assert not any(OFF_TOPIC in t for t in texts)  # not about the topic: left out
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer


def test_dossier_checklist_and_forms_on_the_page_api(client: httpx.Client) -> None:
    resp = client.get("/api/trainer/dossier", params={"award": "Bằng khen trồng cây"})
    assert resp.status_code == 200
    data = resp.json()
    assert data["sections"] and all(ln["citation"]["doc_number"] == LAW_NUMBER
                                    for s in data["sections"] for ln in s["lines"])
    word = client.get("/api/trainer/dossier", params={"award": "Bằng khen trồng cây", "format": "docx"})
    assert_download(word, "docx")
    forms = client.get("/api/trainer/forms", params={"q": "báo cáo thành tích"})
    assert forms.status_code == 200 and forms.json() == []  # the mini corpus has no appendix
    missing = client.get("/api/trainer/forms/07")
    assert missing.status_code == 404 and _VIETNAMESE.search(missing.json()["error"]["message"])
    page = client.get("/giang-vien").text
    assert 'id="forms-form"' in page and 'id="dossier-form"' in page and 'id="pack-form"' in page
