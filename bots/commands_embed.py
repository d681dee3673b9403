"""`tdkt embed train`: train the offline embedding model from the indexed documents."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from bots.settings import Settings

__all__ = ["embed"]


@click.group()
def embed() -> None:
    """Mô hình nhúng (dense) cho tìm kiếm theo nghĩa."""


@embed.command("train")
@click.option("--budget", "budget", type=click.FloatRange(min=10), default=600, show_default=True,
              help="Thời gian huấn luyện tối đa (giây).")
@click.option("--seed", type=int, default=0, show_default=True, help="Hạt giống ngẫu nhiên (lặp lại được kết quả).")
@click.option("--reindex", is_flag=True, help="Nạp lại toàn bộ văn bản ngay sau khi huấn luyện để thêm vectơ.")
@click.pass_context
def train(ctx: click.Context, budget: float, seed: int, reindex: bool) -> None:
    """Huấn luyện mô hình nhúng từ chính các văn bản đã nạp (chạy trên CPU, không cần Internet)."""
    # bots.cli registers this command, so it is imported here, not at the top (no import cycle).
    from bots.cli import handle_errors, settings_from

    handle_errors(_run)(settings_from(ctx), budget, seed, reindex)


def _run(settings: Settings, budget: float, seed: int, reindex: bool) -> None:
    from bots.cli import catalog_for, make_embedder, open_store
    from bots.messages import message_for
    from bots.runtime import trained_model_dir
    from indexer import ingest, train_embedding

    with open_store(settings) as store:
        store.require_active()
        chunks = [chunk for chunk, _ in store.scroll()]
        info = store.info()
    if not chunks:
        raise click.UsageError("Chỉ mục chưa có đoạn văn bản nào để huấn luyện; hãy chạy `tdkt ingest DIR...` trước.")
    click.echo(f"Huấn luyện trên {len(chunks)} đoạn văn bản (tối đa {budget:.0f} giây)…", err=True)
    report = train_embedding(chunks, trained_model_dir(settings), budget_seconds=budget, seed=seed)
    click.echo(f"Đã huấn luyện mô hình nhúng trong {report.seconds:.0f} giây: {sum(report.pairs.values())} cặp câu, "
               f"{report.vocab_size} từ vựng, {report.dim} chiều, {report.size_bytes / 1e6:.1f} MB.")
    click.echo(f"Mô hình: {report.path}")
    if report.stopped_by_budget:
        click.echo(f"Lưu ý: dừng sớm sau {report.epochs} lượt vì hết thời gian cho phép (--budget).", err=True)
    if settings.index.embedding_model.strip().lower() != "trained":
        click.echo(f"Lưu ý: đang cấu hình TDKT_EMBEDDING_MODEL={settings.index.embedding_model or 'none'}; mô hình "
                   "vừa huấn luyện chỉ được dùng khi đặt TDKT_EMBEDDING_MODEL=trained.", err=True)
    if not reindex:
        click.echo("Chạy lại `tdkt ingest --full` để thêm vectơ của mô hình mới vào chỉ mục; đến khi đó, "
                   "tìm kiếm chỉ dùng từ khóa.")
        return
    sources = [Path(d.source) for d in (info.documents if info else []) if Path(d.source).exists()]
    if not sources:
        raise click.UsageError("Không tìm thấy các tệp đã nạp; hãy chạy `tdkt ingest --full DIR...`.")
    with open_store(settings) as store:
        result = ingest(sources, store=store, catalog=catalog_for(settings), settings=settings.index,
                        embedder=make_embedder(settings), full=True)
    click.echo(f"Đã nạp lại {result.documents} văn bản, {result.chunks} đoạn trong {result.seconds:.1f} giây.")
    for f in result.failures:
        click.echo(f"  Bỏ qua {f.path}: {message_for(f.code)} ({f.message})", err=True)
