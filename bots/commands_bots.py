"""`tdkt telegram`: only the Telegram bot, with long polling (no web server, no public URL)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from bots.settings import Settings

__all__ = ["telegram"]


@click.command()
@click.pass_context
def telegram(ctx: click.Context) -> None:
    """Chạy riêng bot Telegram (long polling) đến khi bấm Ctrl+C; cần TDKT_TELEGRAM_TOKEN."""
    # bots.cli registers this command, so it is imported here, not at the top (no import cycle).
    from bots.cli import handle_errors, settings_from

    handle_errors(_run)(settings_from(ctx))


def _run(settings: Settings) -> None:
    from bots.runtime import Runtime  # loads the index only for this command
    from bots.telegram import TelegramService

    if settings.server.telegram_token is None:
        raise click.UsageError("Chưa cấu hình TDKT_TELEGRAM_TOKEN (mã bot lấy từ @BotFather).")
    runtime = Runtime.open(settings)
    try:
        TelegramService(runtime, settings.server, polling=True).run_polling()
    finally:
        runtime.close()
