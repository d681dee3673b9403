"""`tdkt admin`: operations on a deployment's data directory, safe while `tdkt serve` runs."""

from __future__ import annotations

import click

__all__ = ["admin"]


@click.group()
def admin() -> None:
    """Vận hành: xoá dữ liệu cũ theo thời hạn lưu giữ."""


@admin.command()
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Xoá câu hỏi và góp ý cũ hơn số ngày này (mặc định: TDKT_RETENTION_DAYS, 90).")
@click.pass_context
def purge(ctx: click.Context, days: int | None) -> None:
    """Xoá câu hỏi đã ghi và góp ý cũ hơn thời hạn lưu giữ."""
    # bots.cli registers this group, so it is imported here, not at the top (no import cycle).
    from bots.cli import handle_errors, settings_from
    from bots.feedback import FeedbackStore

    settings = settings_from(ctx)
    keep = settings.server.retention_days if days is None else days

    def run() -> None:
        # SQLite in WAL mode: a running server keeps writing while this deletes.
        store = FeedbackStore.in_dir(settings.data_dir)
        try:
            report = store.purge(keep)
        finally:
            store.close()
        click.echo(f"Đã xoá {report.answers} câu hỏi và {report.feedback} góp ý cũ hơn {keep} ngày.")

    handle_errors(run)()
