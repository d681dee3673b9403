"""The structured answer over HTTP and on the chat page: lead, quotes under their labels, the decision."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from bots.web import create_app
from tests.bots.live_server import HANDED_OFF, QUESTION, build_index, serve_app
from tests.bots.test_web_browser import ask, browser, page, site  # noqa: F401 - fixtures reused

UNKNOWN = "Giải thưởng Trần Văn Ơn của Hội Sinh viên được xét tặng thế nào?"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    settings = build_index(tmp_path_factory.mktemp("web-answers"), rate_limit_per_minute=1000)
    with serve_app(create_app(settings)) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


def test_api_answer_has_lead_quotes_and_decision(api: httpx.Client) -> None:
    body = api.post("/api/ask", json={"question": QUESTION}).json()
    assert body["refused"] is False and body["decision"]["status"] == "answered"
    assert body["lead_kind"] == "criteria" and body["answer"].startswith(body["lead"])
    quote = body["quotes"][0]
    cited = body["citations"][quote["citation"]]
    assert quote["text"] == cited["text"] and "Lao động tiên tiến" in quote["text"] and cited["doc_id"]


def test_api_declines_what_the_library_does_not_name(api: httpx.Client) -> None:
    body = api.post("/api/ask", json={"question": UNKNOWN}).json()
    assert body["refused"] is True and body["citations"] == [] and body["quotes"] == []
    assert body["decision"]["status"] == "not_covered" and "Giải thưởng Trần Văn Ơn" in body["decision"]["missing_topics"]
    assert body["answer"].startswith("Các văn bản trong thư viện không quy định về “Giải thưởng Trần Văn Ơn”")


def test_api_declines_a_neighbouring_field_and_another_bodys_own_award(api: httpx.Client) -> None:
    tax = api.post("/api/ask", json={"question": "Tiền thưởng danh hiệu Lao động tiên tiến có phải nộp thuế thu "
                                                 "nhập cá nhân không?"}).json()
    assert tax["refused"] is True and tax["decision"]["missing_topics"] == ["thuế thu nhập cá nhân"]
    assert tax["answer"].startswith("Các văn bản trong thư viện không quy định về “thuế thu nhập cá nhân”")
    body = api.post("/api/ask", json={"question": "Tiêu chuẩn Bằng khen của Bộ Y tế là gì?"}).json()
    assert body["refused"] is True and body["decision"]["missing_topics"] == ["quy định riêng của Bộ Y tế"]
    assert body["answer"].startswith("Các văn bản trong thư viện không có quy định riêng của Bộ Y tế")


def test_api_declines_a_dossier_the_law_hands_to_another_body(api: httpx.Client) -> None:
    body = api.post("/api/ask", json={"question": HANDED_OFF}).json()
    assert body["refused"] is True and body["decision"]["status"] == "not_covered"
    assert body["decision"]["handed_off_by"] == ["Điều 4 Luật Thi đua, khen thưởng 2022 (06/2022/QH15)"]
    assert body["decision"]["advice"] == "Tra văn bản do Chính phủ ban hành."
    assert body["answer"].startswith("Các văn bản trong thư viện không quy định hồ sơ, thủ tục xét tặng "
                                     "“Huy chương Thanh niên xung phong vẻ vang”: Điều 4 Luật")
    assert body["related"][0]["article"] == 4
    # "… do ai quy định?" is answered by the handing provision itself, whatever the ranking put first.
    who = api.post("/api/ask", json={"question": "Thủ tục xét tặng Huy chương Thanh niên xung phong vẻ vang "
                                                 "do cơ quan nào quy định?"}).json()
    assert who["refused"] is False and who["citations"][0]["article"] == 4
    assert who["lead"].startswith("Thẩm quyền: Chính phủ quy định hồ sơ, thủ tục xét tặng “Huy chương Thanh niên")


@pytest.mark.browser
def test_page_shows_the_lead_and_opens_the_article_from_a_quote(page: Any) -> None:  # noqa: F811
    answer = ask(page, QUESTION)
    bubble = page.locator(".msg.bot .bubble.answer").last
    assert bubble.locator(".answer-body .lead").inner_text() == answer["lead"]
    assert bubble.locator(".answer-body blockquote").count() == len(answer["quotes"])
    assert "Lao động tiên tiến" in bubble.locator(".answer-body blockquote").first.inner_text()
    bubble.locator(".quote-label").first.click()
    mark = page.locator("#panel mark")
    mark.first.wait_for()
    assert "Lao động tiên tiến" in mark.first.inner_text()
    page.click("#panel-close")
    declined = ask(page, UNKNOWN)
    refused = page.locator(".msg.bot .bubble.answer").last
    assert refused.locator(".lead").inner_text() == " ".join(declined["decision"]["reasons"])
    assert refused.locator("blockquote").count() == 0 and refused.locator(".advice").count() == 1
    handed = ask(page, HANDED_OFF)
    bubble = page.locator(".msg.bot .bubble.answer").last
    assert bubble.locator(".advice").inner_text() == handed["decision"]["advice"] == "Tra văn bản do Chính phủ ban hành."
    assert "Điều 4" in bubble.locator(".chips.related").inner_text()
    assert page.problems == []
