"""The Telegram bot: python-telegram-bot's ``Application`` around the assistant.

Private chats: every text is a question. Groups: the bot answers when mentioned, when replied
to, or on ``/hoi <câu hỏi>``, and stays quiet otherwise. Each chat is one conversation, so
follow-ups work. Long polling by default; webhook mode (with Telegram's secret-token header)
when ``telegram_webhook_url`` is set, the web server handing updates to ``process_webhook``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
import time
import warnings
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager, suppress
from datetime import timedelta
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from assistant import Answer
from bots.answering import AnsweringService
from bots.errors import InvalidRequest, Unauthorized, UnknownAnswer
from bots.feedback import FeedbackStore, Rating
from bots.messages import message_for
from bots.render import (
    TELEGRAM_LIMIT,
    article_refs,
    split_message,
    telegram_answer,
    telegram_article,
    telegram_documents,
    telegram_text,
)
from bots.runtime import Runtime
from bots.settings import ServerSettings
from bots.throttle import RateLimiter
from corpus import TdktError

__all__ = ["TelegramService"]

logger = logging.getLogger(__name__)

COMMANDS = [
    BotCommand("hoi", "Đặt câu hỏi về thi đua, khen thưởng"),
    BotCommand("vanban", "Các văn bản đang tra cứu và hiệu lực"),
    BotCommand("moi", "Bắt đầu cuộc trò chuyện mới"),
    BotCommand("help", "Hướng dẫn sử dụng"),
]
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
CALLBACK_LIMIT = 64  # bytes of callback_data, per the Bot API
_SECRET_CHARS = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_MAX_FLOOD_WAIT = 60.0
_NETWORK_RETRY_DELAY = 1.0
Context = ContextTypes.DEFAULT_TYPE


class TelegramService:
    """Builds the ``Application``, registers the handlers, and runs it in either mode."""

    def __init__(self, runtime: Runtime, settings: ServerSettings, *, feedback: FeedbackStore | None = None,
                 polling: bool | None = None, service: AnsweringService | None = None) -> None:
        if settings.telegram_token is None or not settings.telegram_token.get_secret_value():
            raise ValueError("telegram_token (TDKT_TELEGRAM_TOKEN) is required for the Telegram bot")
        token = settings.telegram_token.get_secret_value()
        _redact_in_logs(token)
        self.runtime = runtime
        self.settings = settings
        self.webhook = bool(settings.telegram_webhook_url) if polling is None else not polling
        if settings.telegram_secret is not None:
            self._secret = settings.telegram_secret.get_secret_value()
            if not _SECRET_CHARS.match(self._secret):
                raise ValueError("telegram_secret (TDKT_TELEGRAM_SECRET) must be 1-256 characters of A-Z, a-z, "
                                 "0-9, _ and -")
        else:  # a stable secret only the token holder can derive: webhook mode is never unauthenticated
            self._secret = hashlib.sha256(b"tdkt-telegram-webhook:" + token.encode()).hexdigest()
        _redact_in_logs(self._secret)  # PTB logs setWebhook's parameters at DEBUG
        self._own_feedback = feedback is None
        self.feedback = feedback if feedback is not None else FeedbackStore.in_dir(
            runtime.settings.data_dir, mask=settings.mask_personal_data)
        self.service = service or AnsweringService(runtime, settings, feedback=self.feedback)
        self.limiter = RateLimiter(settings.telegram_rate_limit_per_minute)
        self._told: OrderedDict[str, float] = OrderedDict()
        self._retry: asyncio.Task[None] | None = None
        builder = ApplicationBuilder().token(token).base_url(settings.telegram_base_url).concurrent_updates(16)
        if self.webhook:
            builder = builder.updater(None)
        self.application: Application[Any, Any, Any, Any, Any, Any] = (
            builder.post_init(self._post_init).post_shutdown(self._post_shutdown).build())
        self._register()

    def _register(self) -> None:
        app = self.application
        new = filters.UpdateType.MESSAGE
        app.add_handler(CommandHandler("start", self.on_start, filters=new))
        app.add_handler(CommandHandler("help", self.on_help, filters=new))
        app.add_handler(CommandHandler("vanban", self.on_documents, filters=new))
        app.add_handler(CommandHandler("moi", self.on_new_conversation, filters=new))
        app.add_handler(CommandHandler("hoi", self.on_ask_command, filters=new))
        app.add_handler(MessageHandler(new & filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE,
                                       self.on_private_text))
        app.add_handler(MessageHandler(new & filters.TEXT & ~filters.COMMAND & filters.ChatType.GROUPS,
                                       self.on_group_text))
        # A photo, sticker, voice note or file sent in private gets told to type (a group's are not ours).
        app.add_handler(MessageHandler(new & ~filters.TEXT & ~filters.StatusUpdate.ALL & filters.ChatType.PRIVATE,
                                       self.on_private_other))
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_error_handler(self.on_error)

    # -- running ----------------------------------------------------------------------------
    async def start(self) -> None:
        """Start beside the web server; Telegram being down or refusing must not stop the web page."""
        try:
            await self._start()
        except NetworkError as exc:
            logger.warning("telegram unreachable (%s): retrying in the background", type(exc).__name__)
            self._retry = asyncio.create_task(self._start_later())
        except InvalidToken:  # its message quotes the token: never log it
            logger.error("telegram bot not started: Telegram refused the token (TDKT_TELEGRAM_TOKEN)")
        except TelegramError as exc:
            logger.error("telegram bot not started: %s", exc)

    async def _start_later(self) -> None:
        delay = 5.0
        while True:
            await asyncio.sleep(delay)
            try:
                await self._start()
                return
            except NetworkError as exc:
                delay = min(delay * 2, 300.0)
                logger.warning("telegram still unreachable (%s): next try in %.0f s", type(exc).__name__, delay)
            except InvalidToken:
                logger.error("telegram bot not started: Telegram refused the token (TDKT_TELEGRAM_TOKEN)")
                return
            except TelegramError as exc:
                logger.error("telegram bot not started: %s", exc)
                return

    async def _start(self) -> None:
        await self.application.initialize()
        await self._post_init(self.application)
        if self.webhook:
            await self.application.bot.set_webhook(self.settings.telegram_webhook_url, secret_token=self._secret,
                                                   allowed_updates=ALLOWED_UPDATES)
        else:
            assert self.application.updater is not None
            await self.application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        await self.application.start()
        logger.info("telegram bot @%s started (%s)", self.application.bot.username,
                    "webhook" if self.webhook else "long polling")

    async def stop(self) -> None:
        if self._retry is not None:
            self._retry.cancel()
            with suppress(asyncio.CancelledError):
                await self._retry
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()
        await self._post_shutdown(self.application)

    def run_polling(self) -> None:
        """Run in the foreground with long polling until interrupted (``tdkt telegram``)."""
        self.application.run_polling(allowed_updates=ALLOWED_UPDATES)

    async def process_webhook(self, body: Mapping[str, Any], secret_token: str | None) -> None:
        """Queue one update from the webhook route; ``Unauthorized`` (401) unless Telegram sent it.

        Telegram puts the secret given to setWebhook in ``X-Telegram-Bot-Api-Secret-Token``.
        """
        if not self.webhook:
            raise Unauthorized("telegram webhook call while the bot is polling")
        if not secret_token or not hmac.compare_digest(secret_token.encode(), self._secret.encode()):
            logger.warning("telegram webhook call with a wrong secret token rejected")
            raise Unauthorized("telegram webhook secret token mismatch")
        try:
            update = Update.de_json(dict(body), self.application.bot)
        except (TypeError, KeyError, ValueError, AttributeError) as exc:  # well signed, badly formed
            raise InvalidRequest(f"malformed telegram update: {type(exc).__name__}") from exc
        if update is None:
            raise InvalidRequest("empty telegram update")
        await self.application.update_queue.put(update)

    async def _post_init(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        try:
            await app.bot.set_my_commands(COMMANDS)
        except TelegramError as exc:
            logger.warning("could not register the bot's commands: %s", exc)

    async def _post_shutdown(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        if self._own_feedback:
            self.feedback.close()
            self._own_feedback = False

    # -- handlers ---------------------------------------------------------------------------
    async def on_start(self, update: Update, context: Context) -> None:
        """What the bot does, and three example questions."""
        chat = update.effective_chat
        assert chat is not None
        if chat.type == chat.PRIVATE:
            how = message_for("bot.start_private")
        else:
            how = message_for("bot.start_group", mention=f"@{context.bot.username}")
        await self._reply(update, context, telegram_text(message_for("bot.start", how=how)))

    async def on_help(self, update: Update, context: Context) -> None:
        """How to ask, and the commands."""
        await self._reply(update, context, telegram_text(message_for("bot.help")))

    async def on_documents(self, update: Update, context: Context) -> None:
        """The indexed documents and their validity today."""
        docs = await asyncio.to_thread(self.runtime.library.documents)
        if not docs:
            await self._reply(update, context, telegram_text(message_for("bot.no_documents")))
            return
        for part in split_message(telegram_documents(docs, message_for("bot.documents")), TELEGRAM_LIMIT, html=True):
            await self._reply(update, context, part)

    async def on_new_conversation(self, update: Update, context: Context) -> None:
        """Forget this chat's earlier questions."""
        assert update.effective_chat is not None
        self.runtime.assistant.reset(_conversation(update.effective_chat.id))
        await self._reply(update, context, telegram_text(message_for("bot.new_conversation")))

    async def on_ask_command(self, update: Update, context: Context) -> None:
        """``/hoi <câu hỏi>``, in any chat."""
        message = update.effective_message
        assert message is not None
        parts = (message.text or "").split(maxsplit=1)
        await self._answer(update, context, parts[1] if len(parts) > 1 else "")

    async def on_private_text(self, update: Update, context: Context) -> None:
        """In a private chat every text is a question."""
        message = update.effective_message
        assert message is not None
        await self._answer(update, context, message.text or "")

    async def on_private_other(self, update: Update, context: Context) -> None:
        """Not text (a photo of a document, a voice note, a sticker): say that only typed questions are read."""
        if await self._allowed(update, context):
            await self._reply(update, context, telegram_text(message_for("bot.text_only")))

    async def on_group_text(self, update: Update, context: Context) -> None:
        """In a group, answer only when addressed: a mention of the bot, or a reply to it."""
        message = update.effective_message
        assert message is not None
        question = _addressed(message, context.bot)
        if question is not None:
            await self._answer(update, context, question)

    async def on_button(self, update: Update, context: Context) -> None:
        """Buttons under an answer: the whole article, or 👍/👎."""
        query = update.callback_query
        assert query is not None
        kind, _, rest = (query.data or "").partition("|")
        if kind == "a":
            doc, _, article = rest.rpartition("|")
            await query.answer()
            if not await self._allowed(update, context):
                return
            view = await asyncio.to_thread(self.runtime.library.article, doc, article)
            for part in split_message(telegram_article(view), TELEGRAM_LIMIT, html=True):
                await self._reply(update, context, part)
        elif kind == "f":
            code, _, answer_id = rest.partition("|")
            rating: Rating | None = "up" if code == "u" else "down" if code == "d" else None
            try:
                if rating is None:
                    raise UnknownAnswer(f"bad rating {code!r}", answer_id=answer_id)
                await asyncio.to_thread(self.feedback.add_feedback, answer_id, rating)
            except UnknownAnswer:
                await query.answer(message_for("bot.feedback_expired"))
                return
            await query.answer(message_for("bot.feedback_thanks"))
            if isinstance(query.message, Message) and query.message.reply_markup is not None:
                rows = [row for row in query.message.reply_markup.inline_keyboard
                        if not any(str(b.callback_data or "").startswith("f|") for b in row)]
                await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
        else:
            await query.answer()

    async def on_error(self, update: object, context: Context) -> None:
        """Log the failure first, then tell the user in Vietnamese."""
        error = context.error
        if isinstance(error, TdktError):
            logger.warning("telegram: %s (%s)", error.code, error.message)
            text = message_for(error, **{k: v for k, v in error.data.items() if k != "error"})
        else:
            logger.error("telegram update failed", exc_info=error)
            text = message_for("bot.error")
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                await self._send(context.bot, update.effective_chat.id, telegram_text(text),
                                 thread=_thread(update.effective_message))
            except TelegramError:
                logger.warning("could not tell the user about the error", exc_info=True)

    # -- answering --------------------------------------------------------------------------
    async def _answer(self, update: Update, context: Context, question: str) -> None:
        chat, message = update.effective_chat, update.effective_message
        assert chat is not None and message is not None
        if not question.strip():
            await self._reply(update, context, telegram_text(message_for("bot.ask_usage")))
            return
        if not await self._allowed(update, context):
            return
        logger.debug("telegram question in chat %s", chat.id)
        async with self._typing(context.bot, chat.id, _thread(message)):
            answer = await self.service.ask(question, channel="telegram", conversation_id=_conversation(chat.id))
        parts = split_message(telegram_answer(answer), TELEGRAM_LIMIT, html=True)
        quote = message.message_id if chat.type != chat.PRIVATE else None
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            await self._send(context.bot, chat.id, part, thread=_thread(message),
                             reply_to=quote if i == 0 else None, markup=_keyboard(answer) if last else None)

    async def _allowed(self, update: Update, context: Context) -> bool:
        """The per-user rate limit; the first refusal in a window gets a polite message."""
        user, chat = update.effective_user, update.effective_chat
        assert chat is not None
        key = str(user.id if user is not None else chat.id)
        wait = self.limiter.take(f"tg:{key}")
        if not wait:
            return True
        now = time.monotonic()
        if self._told.get(key, 0.0) <= now:
            self._told[key] = now + wait
            self._told.move_to_end(key)
            while len(self._told) > 10_000:
                self._told.popitem(last=False)
            text = message_for("bot.rate_limited", seconds=RateLimiter.retry_after(wait))
            await self._send(context.bot, chat.id, telegram_text(text), thread=_thread(update.effective_message))
        return False

    async def _reply(self, update: Update, context: Context, html_text: str) -> None:
        assert update.effective_chat is not None
        await self._send(context.bot, update.effective_chat.id, html_text, thread=_thread(update.effective_message))

    @staticmethod
    async def _send(bot: Bot, chat_id: int, html_text: str, *, thread: int | None = None,
                    reply_to: int | None = None, markup: InlineKeyboardMarkup | None = None) -> Message:
        """sendMessage in HTML mode, waiting out Telegram's flood limit (RetryAfter) twice at most,
        and trying once more after a server error or a failed connection (a timeout is not retried:
        the message may have arrived). What still fails goes to ``on_error``, which logs it."""
        reply = ReplyParameters(message_id=reply_to, allow_sending_without_reply=True) if reply_to else None
        floods, network_retried = 0, False
        while True:
            try:
                return await bot.send_message(chat_id, html_text, parse_mode=ParseMode.HTML, reply_markup=markup,
                                              reply_parameters=reply, message_thread_id=thread)
            except RetryAfter as exc:
                delay = _retry_seconds(exc)
                if floods == 2 or delay > _MAX_FLOOD_WAIT:
                    raise
                floods += 1
                logger.warning("telegram flood limit: retrying in %.1f s", delay)
                await asyncio.sleep(delay)
            except (BadRequest, TimedOut):  # BadRequest is a NetworkError in PTB, but a retry fails alike
                raise
            except NetworkError as exc:  # 5xx or no connection: almost surely not delivered, so try again
                if network_retried:
                    raise
                network_retried = True
                logger.warning("telegram sendMessage failed (%s): retrying in %.1f s", exc, _NETWORK_RETRY_DELAY)
                await asyncio.sleep(_NETWORK_RETRY_DELAY)

    @asynccontextmanager
    async def _typing(self, bot: Bot, chat_id: int, thread: int | None) -> AsyncIterator[None]:
        """Show "typing…" until the answer is ready (Telegram shows it for 5 s at a time)."""

        async def action() -> None:
            try:
                await bot.send_chat_action(chat_id, ChatAction.TYPING, message_thread_id=thread)
            except TelegramError as exc:
                logger.debug("chat action failed: %s", exc)

        async def keep() -> None:
            while True:
                await asyncio.sleep(4.5)
                await action()

        await action()
        task = asyncio.create_task(keep())
        try:
            yield
        finally:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task


class _RedactToken(logging.Filter):
    """Bot API URLs contain the token, and httpx logs every URL at INFO; PTB's InvalidToken
    message quotes the token too. This filter rewrites such records before any handler sees them."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), None
        if record.exc_info and not record.exc_text:
            trace = logging.Formatter().formatException(record.exc_info)
            if self.token in trace:
                record.exc_text = trace.replace(self.token, "<token>")
        return True


def _redact_in_logs(token: str) -> None:
    """Filter the loggers that may see the token (logger filters do not apply to children)."""
    names = [n for n, obj in logging.Logger.manager.loggerDict.items() if isinstance(obj, logging.Logger)
             and n.split(".")[0] in ("telegram", "httpx", "httpcore")]
    for name in {*names, "httpx", "httpcore", "telegram", __name__}:
        target = logging.getLogger(name)
        if not any(isinstance(f, _RedactToken) and f.token == token for f in target.filters):
            target.addFilter(_RedactToken(token))


def _conversation(chat_id: int) -> str:
    return f"tg:{chat_id}"


def _thread(message: Message | None) -> int | None:
    return message.message_thread_id if message is not None and message.is_topic_message else None


def _addressed(message: Message, bot: Bot) -> str | None:
    """The question when a group message mentions or replies to the bot, else None."""
    username = bot.username or ""
    mentioned = False
    for entity, value in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if entity.type == MessageEntity.MENTION and value.lower() == f"@{username}".lower() or entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == bot.id:
            mentioned = True
    replied = message.reply_to_message is not None and message.reply_to_message.from_user is not None \
        and message.reply_to_message.from_user.id == bot.id
    if not (mentioned or replied):
        return None
    text = message.text or ""
    if username:
        text = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
    return " ".join(text.split())


def _keyboard(answer: Answer) -> InlineKeyboardMarkup:
    """"Toàn văn Điều …" for each quoted article, then 👍/👎; callback data stays within 64 bytes."""
    rows = []
    for ref in article_refs(answer):
        data = f"a|{ref.doc_id}|{ref.article}"
        if len(data.encode()) <= CALLBACK_LIMIT:
            rows.append([InlineKeyboardButton(ref.label, callback_data=data)])
        else:
            logger.debug("no article button for %s: callback data too long", ref.doc_number)
    rows.append([InlineKeyboardButton("👍", callback_data=f"f|u|{answer.id}"),
                 InlineKeyboardButton("👎", callback_data=f"f|d|{answer.id}")])
    return InlineKeyboardMarkup(rows)


def _retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that retry_after becomes a timedelta
        warnings.simplefilter("ignore", DeprecationWarning)
        after = exc.retry_after
    return after.total_seconds() if isinstance(after, timedelta) else float(after)
