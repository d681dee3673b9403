"""The Telegram bot: python-telegram-bot's own Application on real Update JSON, against a local Bot API."""

from __future__ import annotations

import itertools
import logging
import re
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from telegram import Update

from bots.errors import Unauthorized
from bots.feedback import FeedbackStore
from bots.render import TELEGRAM_LIMIT, utf16_len
from bots.runtime import Runtime
from bots.settings import Settings
from bots.telegram import TelegramService
from bots.web import create_app
from tests.bots.mini_corpus import (
    DECREE_NUMBER,
    LAW_ID,
    LAW_NUMBER,
    LONG_QUESTION,
    SHORT_QUESTION,
    build_index,
)
from tests.fakes.telegram_api import BOT_ID, BOT_USERNAME, FakeTelegram, run_fake_telegram

pytestmark = pytest.mark.anyio

TOKEN = "123456789:AAH-secret-test-token_xyz"
USER = {"id": 1001, "is_bot": False, "first_name": "Lan", "language_code": "vi"}
PRIVATE = {"id": 1001, "type": "private", "first_name": "Lan"}
GROUP = {"id": -100555, "type": "supergroup", "title": "Phòng Thi đua - Khen thưởng"}
_ids = itertools.count(1)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^<>]*>")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeTelegram]:
    with run_fake_telegram() as server:
        yield server


@pytest.fixture
def settings(tmp_path: Path, fake: FakeTelegram) -> Settings:
    fake.clear()
    return build_index(tmp_path, telegram_token=TOKEN, telegram_base_url=f"{fake.url}/bot",
                       telegram_rate_limit_per_minute=5)


@pytest.fixture
def runtime(settings: Settings) -> Iterator[Runtime]:
    rt = Runtime.open(settings)
    yield rt
    rt.close()


@pytest.fixture
async def bot(runtime: Runtime, settings: Settings) -> AsyncIterator[TelegramService]:
    service = TelegramService(runtime, settings.server, polling=True)
    await service.application.initialize()
    yield service
    await service.application.shutdown()
    service.feedback.close()


# -- real Update JSON ---------------------------------------------------------------------------
def _message(text: str, chat: dict[str, Any], **extra: Any) -> dict[str, Any]:
    entities = []
    if text.startswith("/"):
        entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
    mention = f"@{BOT_USERNAME}"
    if mention in text and not text.startswith("/"):
        entities.append({"type": "mention", "offset": text.index(mention), "length": len(mention)})
    message = {"message_id": next(_ids), "date": int(time.time()), "chat": chat, "from": USER, "text": text, **extra}
    if entities:
        message["entities"] = entities
    return message


async def send(bot: TelegramService, text: str, chat: dict[str, Any] = PRIVATE, **extra: Any) -> dict[str, Any]:
    """Let the Application process one real message update; returns the message JSON."""
    message = _message(text, chat, **extra)
    update = Update.de_json({"update_id": next(_ids), "message": message}, bot.application.bot)
    await bot.application.process_update(update)
    return message


async def press(bot: TelegramService, data: str, message: dict[str, Any]) -> None:
    """Let the Application process a press on an inline button of a message the bot sent."""
    update = Update.de_json({"update_id": next(_ids), "callback_query": {
        "id": str(next(_ids)), "from": USER, "chat_instance": "ci-1", "data": data, "message": message}},
        bot.application.bot)
    await bot.application.process_update(update)


def bot_message(sent: dict[str, Any]) -> dict[str, Any]:
    """The Message JSON Telegram would show for a sendMessage call (for button presses)."""
    chat_id = int(sent["chat_id"])
    return {"message_id": next(_ids), "date": int(time.time()), "from": {"id": BOT_ID, "is_bot": True,
            "first_name": "Trợ lý TĐKT", "username": BOT_USERNAME},
            "chat": PRIVATE if chat_id > 0 else GROUP, "text": "…", "reply_markup": sent["reply_markup"]}


def buttons(sent: dict[str, Any]) -> list[tuple[str, str]]:
    markup = sent.get("reply_markup") or {"inline_keyboard": []}
    return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]


def balanced(html_text: str) -> bool:
    stack: list[str] = []
    for m in _TAG.finditer(html_text):
        if m.group(1):
            if not stack or stack.pop() != m.group(2):
                return False
        else:
            stack.append(m.group(2))
    return not stack


# -- private chats ----------------------------------------------------------------------------------
async def test_private_question_gets_a_cited_answer_with_buttons(bot: TelegramService, fake: FakeTelegram) -> None:
    await send(bot, SHORT_QUESTION)
    assert fake.called("sendChatAction")[0] == {"chat_id": "1001", "action": "typing"}
    [answer] = fake.sent
    assert answer["chat_id"] == "1001" and answer["parse_mode"] == "HTML"
    text = answer["text"]
    assert f"Điều 2 Luật {LAW_NUMBER}" in text and "<blockquote>«" in text and "Căn cứ:" in text
    assert "Trồng được từ 100 cây xanh trở lên trong năm" in text
    assert balanced(text)
    labels = dict(buttons(answer))
    assert labels[f"Toàn văn Điều 2 Luật {LAW_NUMBER}"] == f"a|{LAW_ID}|2"
    assert labels["👍"].startswith("f|u|") and labels["👎"].startswith("f|d|")
    assert all(len(data.encode()) <= 64 for _, data in buttons(answer))


async def test_follow_ups_share_the_chat_conversation_until_moi(bot: TelegramService, fake: FakeTelegram) -> None:
    await send(bot, SHORT_QUESTION)
    await send(bot, "còn mức tiền thưởng thì sao?")
    assert len(bot.runtime.assistant.conversations.history("tg:1001")) == 2
    await send(bot, "/moi")
    assert bot.runtime.assistant.conversations.history("tg:1001") == []
    assert "cuộc trò chuyện mới" in fake.sent[-1]["text"]


async def test_start_says_what_it_does_with_three_examples(bot: TelegramService, fake: FakeTelegram) -> None:
    await send(bot, "/start")
    [reply] = fake.sent
    assert "thi đua, khen thưởng" in reply["text"] and reply["text"].count("• ") == 3
    await send(bot, "/start", GROUP)
    assert f"@{BOT_USERNAME}" in fake.sent[-1]["text"] and "/hoi" in fake.sent[-1]["text"]


async def test_help_and_documents_commands(bot: TelegramService, fake: FakeTelegram) -> None:
    await send(bot, "/help")
    assert "/vanban" in fake.sent[-1]["text"] and "/moi" in fake.sent[-1]["text"]
    await send(bot, "/vanban")
    listing = fake.sent[-1]["text"]
    assert LAW_NUMBER in listing and DECREE_NUMBER in listing and "chưa rõ hiệu lực" in listing
    assert balanced(listing)


# -- groups ------------------------------------------------------------------------------------------
async def test_group_mention_is_answered_in_reply(bot: TelegramService, fake: FakeTelegram) -> None:
    asked = await send(bot, f"@{BOT_USERNAME} {SHORT_QUESTION}", GROUP)
    [answer] = fake.sent
    assert answer["chat_id"] == str(GROUP["id"]) and f"Điều 2 Luật {LAW_NUMBER}" in answer["text"]
    assert answer["reply_parameters"]["message_id"] == asked["message_id"]


async def test_group_reply_to_the_bot_and_hoi_command_are_answered(bot: TelegramService, fake: FakeTelegram) -> None:
    earlier = {"message_id": 5, "date": int(time.time()), "chat": GROUP, "text": "…",
               "from": {"id": BOT_ID, "is_bot": True, "first_name": "Trợ lý TĐKT", "username": BOT_USERNAME}}
    await send(bot, SHORT_QUESTION, GROUP, reply_to_message=earlier)
    await send(bot, f"/hoi@{BOT_USERNAME} {SHORT_QUESTION}", GROUP)
    assert len(fake.sent) == 2
    assert all(f"Điều 2 Luật {LAW_NUMBER}" in m["text"] for m in fake.sent)


async def test_a_photo_or_sticker_in_private_is_told_to_type_and_in_a_group_ignored(
        bot: TelegramService, fake: FakeTelegram) -> None:
    photo = {"photo": [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]}
    sticker = {"sticker": {"file_id": "s1", "file_unique_id": "u2", "type": "regular", "width": 512,
                           "height": 512, "is_animated": False, "is_video": False}}
    for extra in (photo, sticker):
        update = Update.de_json({"update_id": next(_ids), "message": {
            "message_id": next(_ids), "date": int(time.time()), "chat": PRIVATE, "from": USER, **extra}},
            bot.application.bot)
        await bot.application.process_update(update)
    assert len(fake.sent) == 2 and all("chỉ đọc được tin nhắn chữ" in m["text"] for m in fake.sent)
    update = Update.de_json({"update_id": next(_ids), "message": {
        "message_id": next(_ids), "date": int(time.time()), "chat": GROUP, "from": USER, **photo}},
        bot.application.bot)
    await bot.application.process_update(update)
    assert len(fake.sent) == 2 and fake.called("sendChatAction") == []


async def test_plain_group_message_gets_no_reply(bot: TelegramService, fake: FakeTelegram) -> None:
    await send(bot, SHORT_QUESTION, GROUP)
    await send(bot, "@someone_else xin chào", GROUP)
    assert fake.sent == [] and fake.called("sendChatAction") == []


async def test_hoi_without_a_question_explains_usage(bot: TelegramService, fake: FakeTelegram) -> None:
    await send(bot, "/hoi", GROUP)
    assert "/hoi" in fake.sent[-1]["text"] and fake.called("sendChatAction") == []


# -- long answers and buttons ---------------------------------------------------------------------------
async def test_long_answer_is_split_into_balanced_parts(bot: TelegramService, fake: FakeTelegram) -> None:
    await send(bot, LONG_QUESTION)
    parts = fake.sent
    assert parts and utf16_len("".join(p["text"] for p in parts)) > 1000
    for part in parts:
        assert utf16_len(part["text"]) <= TELEGRAM_LIMIT and balanced(part["text"])
    assert [bool(p.get("reply_markup")) for p in parts] == [False] * (len(parts) - 1) + [True]
    whole = "".join(p["text"] for p in parts)
    assert whole.count("<blockquote") >= 1 and "Căn cứ:" in parts[-1]["text"]
    assert "<blockquote expandable>«" in whole  # a long quote starts folded: the lead comes first


async def test_article_button_sends_the_whole_article(bot: TelegramService, fake: FakeTelegram) -> None:
    await send(bot, LONG_QUESTION)
    answer = fake.sent[-1]
    data = dict(buttons(answer))[f"Toàn văn Điều 3 Luật {LAW_NUMBER}"]
    fake.clear()
    await press(bot, data, bot_message(answer))
    assert len(fake.called("answerCallbackQuery")) == 1
    parts = [p["text"] for p in fake.sent]
    assert len(parts) >= 2 and parts[0].startswith("<b>Điều 3. Hồ sơ đề nghị tặng Bằng khen trồng cây</b>")
    assert all(utf16_len(p) <= TELEGRAM_LIMIT and balanced(p) for p in parts)
    whole = "\n".join(parts)
    for n, who in enumerate(["cá nhân", "tập thể nhỏ", "hộ gia đình", "doanh nghiệp", "tổ chức xã hội",
                             "đơn vị sự nghiệp"], 1):
        assert f"{n}. Hồ sơ đề nghị tặng Bằng khen trồng cây đối với {who} gồm" in whole


async def test_feedback_buttons_store_the_rating_once(bot: TelegramService, fake: FakeTelegram,
                                                       settings: Settings) -> None:
    await send(bot, SHORT_QUESTION)
    answer = fake.sent[-1]
    up = dict(buttons(answer))["👍"]
    await press(bot, up, bot_message(answer))
    assert fake.called("answerCallbackQuery")[-1]["text"] == "Cảm ơn bạn đã góp ý!"
    edited = fake.called("editMessageReplyMarkup")[-1]
    assert [b["text"] for row in edited["reply_markup"]["inline_keyboard"] for b in row] == [
        f"Toàn văn Điều 2 Luật {LAW_NUMBER}"]
    store = FeedbackStore.in_dir(settings.data_dir)
    try:
        [entry] = store.feedback()
    finally:
        store.close()
    assert entry.answer_id == up.split("|")[2] and entry.rating == "up" and entry.channel == "telegram"
    assert entry.question == SHORT_QUESTION

    await press(bot, "f|d|0123456789abcdef0123456789abcdef", bot_message(answer))
    assert fake.called("answerCallbackQuery")[-1]["text"] == "Không ghi nhận được góp ý cho câu trả lời này."


# -- limits and failures ----------------------------------------------------------------------------
async def test_rate_limit_replies_politely_once(bot: TelegramService, fake: FakeTelegram) -> None:
    for _ in range(8):
        await send(bot, SHORT_QUESTION)
    texts = [m["text"] for m in fake.sent]
    assert len(texts) == 6
    assert sum("hỏi hơi nhanh" in t for t in texts) == 1 and "hỏi hơi nhanh" in texts[5]
    assert len(fake.called("sendChatAction")) == 5


async def test_error_sending_the_answer_still_gets_a_reply(bot: TelegramService, fake: FakeTelegram,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    fake.fail_next("sendMessage", 400, "Bad Request: can't parse entities")
    with caplog.at_level(logging.ERROR, logger="bots.telegram"):
        await send(bot, SHORT_QUESTION)
    assert [m["text"] for m in fake.sent][-1] == "Xin lỗi, đã có lỗi khi xử lý yêu cầu. Vui lòng thử lại sau ít phút."
    assert any(r.exc_info and "can't parse entities" in str(r.exc_info[1]).lower() for r in caplog.records)


async def test_expected_failures_are_explained_in_vietnamese(bot: TelegramService, fake: FakeTelegram) -> None:
    await send(bot, "Hồ sơ " * 500)
    assert "Câu hỏi quá dài" in fake.sent[-1]["text"] and "2000" in fake.sent[-1]["text"]
    answer_like = {"chat_id": "1001", "reply_markup": {"inline_keyboard": []}}
    await press(bot, "a|99-2099-QH99|7", bot_message(answer_like))
    assert "Không tìm thấy văn bản" in fake.sent[-1]["text"]


async def test_flood_limit_is_waited_out(bot: TelegramService, fake: FakeTelegram) -> None:
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    await send(bot, SHORT_QUESTION)
    assert len(fake.sent) == 2 and fake.sent[0]["text"] == fake.sent[1]["text"]


async def test_server_error_on_send_is_retried_once(bot: TelegramService, fake: FakeTelegram,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    fake.fail_next("sendMessage", 500, "Internal Server Error")
    with caplog.at_level(logging.WARNING, logger="bots.telegram"):
        await send(bot, SHORT_QUESTION)
    [failed, delivered] = fake.sent
    assert failed["text"] == delivered["text"] and f"Điều 2 Luật {LAW_NUMBER}" in delivered["text"]
    assert any("sendMessage failed" in r.getMessage() and "retrying" in r.getMessage() for r in caplog.records)


async def test_telegram_down_twice_is_logged_and_the_user_told(bot: TelegramService, fake: FakeTelegram,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    fake.fail_next("sendMessage", 502, "Bad Gateway")
    fake.fail_next("sendMessage", 502, "Bad Gateway")
    with caplog.at_level(logging.WARNING, logger="bots.telegram"):
        await send(bot, SHORT_QUESTION)
    assert len(fake.sent) == 3  # the answer, its retry, then the apology once Telegram is back
    assert fake.sent[-1]["text"] == "Xin lỗi, đã có lỗi khi xử lý yêu cầu. Vui lòng thử lại sau ít phút."
    [failure] = [r for r in caplog.records if r.getMessage() == "telegram update failed"]
    assert failure.exc_info is not None and "Bad Gateway" in str(failure.exc_info[1])


async def test_flood_limit_too_long_to_wait_is_logged_not_slept(bot: TelegramService, fake: FakeTelegram,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 3600", retry_after=3600)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="bots.telegram"):
        await send(bot, SHORT_QUESTION)
    assert time.monotonic() - started < 30
    assert any(r.getMessage() == "telegram update failed" and r.exc_info and "retry" in str(r.exc_info[1]).lower()
               for r in caplog.records)


async def test_token_never_appears_in_logs(bot: TelegramService, fake: FakeTelegram,
                                           caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        await send(bot, SHORT_QUESTION)
        await send(bot, "/vanban")
    # httpx logs each request URL, and Bot API URLs hold the token: the service redacts it.
    assert any(r.name == "httpx" and "/bot<token>/sendMessage" in r.getMessage() for r in caplog.records)
    assert not any(TOKEN in r.getMessage() or "secret-test-token" in r.getMessage() for r in caplog.records)


# -- running modes ---------------------------------------------------------------------------------
async def test_long_polling_answers_queued_updates(runtime: Runtime, settings: Settings,
                                                    fake: FakeTelegram) -> None:
    service = TelegramService(runtime, settings.server)
    assert not service.webhook
    await service.start()
    try:
        fake.push_update({"message": _message(SHORT_QUESTION, PRIVATE)})
        assert any(f"Điều 2 Luật {LAW_NUMBER}" in m["text"] for m in await _wait(fake, "sendMessage"))
    finally:
        await service.stop()
    assert fake.called("setMyCommands") and fake.called("getUpdates")


async def _wait(fake: FakeTelegram, method: str) -> list[dict[str, Any]]:
    import anyio

    for _ in range(500):
        if fake.called(method):
            break
        await anyio.sleep(0.02)
    return fake.called(method)


async def test_webhook_mode_checks_the_secret_token(runtime: Runtime, settings: Settings,
                                                     fake: FakeTelegram) -> None:
    server = settings.server.model_copy(update={"telegram_webhook_url": "https://tdkt.example.vn/telegram/webhook"})
    service = TelegramService(runtime, server)
    await service.start()
    try:
        [hook] = fake.called("setWebhook")
        assert hook["url"] == "https://tdkt.example.vn/telegram/webhook" and len(hook["secret_token"]) >= 32
        update = {"update_id": next(_ids), "message": _message(SHORT_QUESTION, PRIVATE)}
        with pytest.raises(Unauthorized):
            await service.process_webhook(update, "wrong")
        with pytest.raises(Unauthorized):
            await service.process_webhook(update, None)
        await service.process_webhook(update, hook["secret_token"])
        assert any(f"Điều 2 Luật {LAW_NUMBER}" in m["text"] for m in await _wait(fake, "sendMessage"))
    finally:
        await service.stop()


async def test_telegram_trouble_at_start_does_not_raise(runtime: Runtime, settings: Settings, fake: FakeTelegram,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    fake.fail_next("getMe", 401, "Unauthorized")
    refused = TelegramService(runtime, settings.server)
    await refused.start()
    await refused.stop()
    down = TelegramService(runtime, settings.server.model_copy(update={"telegram_base_url": "http://127.0.0.1:9/bot"}))
    await down.start()
    await down.stop()
    messages = [r.getMessage() for r in caplog.records if r.name == "bots.telegram"]
    assert any("refused the token" in m for m in messages) and any("retrying" in m for m in messages)
    assert not any(TOKEN in r.getMessage() or (r.exc_text and TOKEN in r.exc_text) for r in caplog.records)


def test_webhook_route_of_the_web_app(tmp_path: Path) -> None:
    with run_fake_telegram() as fake:
        settings = build_index(tmp_path, telegram_token=TOKEN, telegram_base_url=f"{fake.url}/bot",
                               telegram_webhook_url="https://tdkt.example.vn/telegram/webhook",
                               telegram_secret="s3cret-webhook_token")
        with TestClient(create_app(settings)) as client:
            assert fake.called("setWebhook")[0]["secret_token"] == "s3cret-webhook_token"
            update = {"update_id": 1, "message": _message(SHORT_QUESTION, PRIVATE)}
            refused = client.post("/telegram/webhook", json=update,
                                  headers={"X-Telegram-Bot-Api-Secret-Token": "guess"})
            assert refused.status_code == 401 and fake.wait_for("sendMessage", timeout=0.5) == []
            ok = client.post("/telegram/webhook", json=update,
                             headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-webhook_token"})
            assert ok.status_code == 200
            [answer] = fake.wait_for("sendMessage")
            assert f"Điều 2 Luật {LAW_NUMBER}" in answer["text"]
