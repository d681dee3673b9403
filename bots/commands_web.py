"""`tdkt serve`: the web page, the HTTP API and the bots in one process."""

from __future__ import annotations

import sys

import click

__all__ = ["serve"]


@click.command()
@click.option("--host", default=None, help="Địa chỉ lắng nghe (mặc định: TDKT_HOST hoặc 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Cổng lắng nghe (mặc định: TDKT_PORT hoặc 8000).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Chạy trang hỏi đáp, API và các bot (Telegram, Zalo) trong một tiến trình."""
    # bots.cli registers this command, so it is imported here, not at the top (no import cycle).
    from bots.cli import handle_errors, settings_from
    from bots.serve import run  # loads FastAPI only for this command

    def announce(url: str) -> None:
        click.echo(f"Đang phục vụ tại {url} (API: {url}/docs). Nhấn Ctrl+C để dừng.", err=True)
        sys.stderr.flush()

    # With JSON logs stderr is for the log collector: one object per line, so no human line there.
    json_logs = ctx.find_root().params.get("log_format") == "json"
    handle_errors(run)(settings_from(ctx), host=host, port=port, announce=None if json_logs else announce)
