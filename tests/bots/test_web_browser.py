"""The chat page in headless Chromium: ask, open the cited article, rate the answer, stay inert to markup.

Screenshots at desktop and phone widths go to ``test-artifacts/`` at the repository root.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bots.feedback import FeedbackStore
from bots.web import create_app
from tests.bots.live_server import OLD_LAW_ID, QUESTION, build_index, serve_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
XSS = '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2</script> tiêu chuẩn thi đua?'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    settings = build_index(tmp_path_factory.mktemp("browser"), rate_limit_per_minute=1000)
    with serve_app(create_app(settings)) as url:
        yield {"url": url, "data": settings.data_dir}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (scripts/setup.sh does) to run the browser test")
    from playwright.sync_api import sync_playwright  # only when Chromium is there

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=list(VIEWPORTS))
def page(request: pytest.FixtureRequest, browser: Any, site: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="vi-VN")
    page = context.new_page()
    page.problems = []  # console errors (a CSP violation shows up here), uncaught exceptions, dialogs
    page.on("console", lambda m: page.problems.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(f"pageerror: {e}"))
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.viewport_name = request.param
    page.goto(site["url"])
    yield page
    context.close()


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}-{page.viewport_name}.png"), animations="disabled")


def ask(page: Any, question: str) -> dict[str, Any]:
    """Type a question, send it, and return the API's answer once the page shows it."""
    answers = page.locator(".msg.bot .bubble.answer").count()
    page.fill("#question", question)
    with page.expect_response("**/api/ask") as info:
        page.click("#send")
    page.locator(".msg.bot .bubble.answer").nth(answers).wait_for()
    body: dict[str, Any] = info.value.json()
    return body


def test_ask_open_the_article_and_rate(page: Any, site: dict[str, Any]) -> None:
    shot(page, "welcome")
    answer = ask(page, QUESTION)
    chip = page.locator(".chip").first
    assert "Điều 2" in chip.inner_text() and answer["citations"][0]["article"] == 2
    shot(page, "answer")

    chip.click()
    mark = page.locator("#panel mark")
    mark.first.wait_for()
    assert "Lao động tiên tiến" in mark.first.inner_text()
    assert page.locator("#panel-badge .badge").inner_text() == "Còn hiệu lực"
    assert page.locator("#panel-title").inner_text().startswith("Điều 2.")
    shot(page, "article")
    page.click("#panel-close")
    assert page.locator("#panel").is_hidden()

    page.locator(".rate.down").last.click()
    page.locator(".feedback-form input").last.fill("Thiếu điều kiện về thời gian công tác")
    page.locator(".feedback-form button").last.click()
    page.locator(".thanks").wait_for()
    store = FeedbackStore.in_dir(site["data"])
    try:
        rows = [f for f in store.feedback() if f.answer_id == answer["id"]]
    finally:
        store.close()
    assert [(r.rating, r.comment, r.question) for r in rows] == [
        ("down", "Thiếu điều kiện về thời gian công tác", QUESTION)]
    assert page.problems == []


def test_follow_up_reuses_the_conversation(page: Any) -> None:
    first = ask(page, QUESTION)
    with page.expect_request("**/api/ask") as sent:
        follow = ask(page, "Còn hồ sơ thì sao?")
    assert json.loads(sent.value.post_data)["conversation_id"] == first["conversation_id"]
    assert follow["conversation_id"] == first["conversation_id"]
    page.reload()  # the conversation stays on screen across a reload
    assert page.locator(".msg.bot .bubble.answer").count() == 2
    page.click("#new-chat")
    assert page.locator(".msg").count() == 0 and page.evaluate("sessionStorage.getItem('tdkt.conversation')") is None


def test_markup_in_a_question_stays_text(page: Any) -> None:
    ask(page, XSS)
    assert page.locator(".msg.user .bubble").last.inner_text() == XSS
    assert page.locator("#messages img, #messages script").count() == 0
    assert page.evaluate("window.__xss") is None
    assert page.problems == []


def test_documents_toc_and_a_replaced_law(page: Any) -> None:
    page.click("#tab-docs")
    page.locator(".doc-card").first.wait_for()
    assert page.locator(".doc-card").count() == 2
    old = page.locator(".doc-card", has_text="15/2003/QH11")
    assert old.locator(".badge").inner_text() == "Hết hiệu lực — thay thế bởi 06/2022/QH15"
    shot(page, "documents")
    with page.expect_response(f"**/api/documents/{OLD_LAW_ID}"):
        old.click()
    page.locator(".toc-article").first.wait_for()
    page.locator(".toc-article", has_text="Mức tiền thưởng").click()
    page.locator("#panel .clause").first.wait_for()
    assert page.locator("#panel-badge .badge").inner_text() == "Hết hiệu lực — thay thế bởi 06/2022/QH15"
    assert "1,5 lần mức lương" in page.locator("#panel-body").inner_text()
    shot(page, "replaced-law")
    assert page.problems == []


def test_api_docs_render_without_the_internet(browser: Any, site: dict[str, Any]) -> None:
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{site['url']}/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 9
    assert [u for u in requested if not u.startswith(site["url"])] == []
    page.close()


# -- markup inside an uploaded document ---------------------------------------------------------------
UPLOAD_TOKEN = "browser-admin-token"
HOSTILE_NUMBER = "47/2031/TT-BNV"
HOSTILE = f"""BỘ NỘI VỤ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: {HOSTILE_NUMBER}
THÔNG TƯ
Hướng dẫn khen thưởng <img src=x onerror="window.__xss=3"> người làm vườn
Điều 1. Phạm vi <script>window.__xss=4</script> điều chỉnh
Thông tư này hướng dẫn khen thưởng <img src=x onerror="window.__xss=5;alert(5)"> người làm vườn giỏi.
Điều 2. Danh hiệu <img src=x onerror="window.__xss=6">Người làm vườn tiêu biểu
1. Danh hiệu Người làm vườn tiêu biểu <script>window.__xss=7;alert(7)</script> được tặng cho người làm vườn.
2. Mức thưởng <svg onload="window.__xss=8"></svg> do Bộ trưởng quyết định.
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server whose admin uploaded a document with markup in its title, article titles and text."""
    import httpx

    root = tmp_path_factory.mktemp("browser-upload")
    settings = build_index(root, rate_limit_per_minute=1000, admin_token=UPLOAD_TOKEN, docs_dirs=[root / "docs"])
    with serve_app(create_app(settings)) as url:
        resp = httpx.post(f"{url}/api/admin/documents", timeout=60,
                          files={"file": ("xss.txt", HOSTILE.encode(), "text/plain")},
                          headers={"Authorization": f"Bearer {UPLOAD_TOKEN}"})
        assert resp.status_code == 200 and resp.json()["indexed"] is True, resp.text
        yield url


def test_markup_in_an_uploaded_document_stays_text(browser: Any, hostile_site: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="vi-VN")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.goto(hostile_site)
    try:
        answer = ask(page, "Danh hiệu Người làm vườn tiêu biểu được tặng cho ai?")
        assert answer["citations"][0]["doc_number"] == HOSTILE_NUMBER
        assert "<script>window.__xss=7;alert(7)</script>" in page.locator(".msg.bot .bubble.answer").last.inner_text()
        page.click("#tab-docs")
        card = page.locator(".doc-card", has_text=HOSTILE_NUMBER)
        card.wait_for()
        assert '<img src=x onerror="window.__xss=3">' in card.inner_text()
        card.click()
        page.locator(".toc-article").first.wait_for()
        toc = page.locator(".toc-article", has_text="Người làm vườn tiêu biểu")
        assert '<img src=x onerror="window.__xss=6">' in toc.inner_text()
        toc.click()
        page.locator("#panel .clause").first.wait_for()
        assert '<img src=x onerror="window.__xss=6">' in page.locator("#panel-title").inner_text()
        body = page.locator("#panel-body").inner_text()
        assert "<script>window.__xss=7;alert(7)</script>" in body and '<svg onload="window.__xss=8"></svg>' in body
        page.screenshot(path=str(ARTIFACTS / "uploaded-markup-desktop.png"), animations="disabled")
        page.click("#panel-close")
        page.locator(".toc-article", has_text="Phạm vi").click()
        page.locator("#panel .clause").first.wait_for()
        assert "<script>window.__xss=4</script>" in page.locator("#panel-title").inner_text()
        assert page.locator("img, script:not([src]), svg[onload], [onerror]").count() == 0
        assert page.evaluate("window.__xss") is None
        assert problems == []
    finally:
        context.close()
