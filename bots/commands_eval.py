"""`tdkt eval`: tdkt and the baselines on an evaluation set; a table (or JSON) and a Markdown report."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bots.settings import Settings

# The choices as literals: importing evals (llama-index, Qdrant) would slow every `tdkt` start.
# tests/bots/test_province.py checks they match evals.baselines.BASELINES and evals.evaluate.SPLITS.
BASELINES = ("naive", "bm25")
SPLITS = ("dev", "test", "all")

__all__ = ["eval_command"]


@click.command("eval")
@click.option("--questions", "questions_path", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Tệp câu hỏi JSONL.")
@click.option("--json", "as_json", is_flag=True, help="In các chỉ số dạng một đối tượng JSON.")
@click.option("--baseline", "baselines", multiple=True, type=click.Choice(BASELINES),
              help="Chạy thêm baseline để so sánh (lặp lại được).")
@click.option("--split", type=click.Choice(SPLITS), default="all", show_default=True,
              help="Phần câu hỏi: dev (dùng để tinh chỉnh), test (giữ lại) hoặc all.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Nơi ghi báo cáo Markdown (mặc định: <data-dir>/eval-report.md).")
@click.option("--docs", "docs_dirs", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Văn bản cho các baseline (mặc định: chính các tệp đã nạp vào chỉ mục).")
@click.pass_context
def eval_command(ctx: click.Context, questions_path: Path, as_json: bool, baselines: tuple[str, ...],
                 split: str, report_path: Path | None, docs_dirs: tuple[Path, ...]) -> None:
    """Đánh giá chất lượng: recall, MRR, trích dẫn, từ chối; so sánh với baseline."""
    # bots.cli registers this command, so it is imported here, not at the top (no import cycle).
    from bots.cli import handle_errors, settings_from  # noqa: PLC0415

    handle_errors(_run)(settings_from(ctx), questions_path, as_json, baselines, split, report_path, docs_dirs)


def _run(settings: Settings, questions_path: Path, as_json: bool, baselines: tuple[str, ...],
         split: str, report_path: Path | None, docs_dirs: tuple[Path, ...]) -> None:
    from tqdm import tqdm  # noqa: PLC0415

    from bots.runtime import make_embedder  # noqa: PLC0415 - loads torch only when a model is set
    from corpus import Catalog  # noqa: PLC0415
    from evals.evaluate import evaluate  # noqa: PLC0415
    from evals.questions import load_questions  # noqa: PLC0415
    from evals.report import render_markdown, render_table  # noqa: PLC0415

    bars: dict[str, tqdm] = {}

    def progress(system: str, done: int) -> None:
        if system not in bars:
            bars[system] = tqdm(desc=system, unit=" câu", file=sys.stderr, disable=not sys.stderr.isatty())
        bars[system].update(done - bars[system].n)

    try:
        load_questions(questions_path)
    except ValueError as exc:  # a malformed question file: the message names the line
        raise click.ClickException(str(exc)) from exc
    try:
        result = evaluate(
            questions_path, index_settings=settings.index, assistant_settings=settings.assistant,
            data_dir=settings.data_dir, docs_dirs=docs_dirs, baselines=list(dict.fromkeys(baselines)),
            split=split, catalog=Catalog.builtin(settings.corpus.catalog_files),
            embedder=make_embedder(settings), on_progress=progress,
        )
    finally:
        for bar in bars.values():
            bar.close()
    target = report_path or settings.data_dir / "eval-report.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_markdown(result), "utf-8")
    if as_json:
        click.echo(json.dumps(result.to_json() | {"report": str(target)}, ensure_ascii=False))
        return
    click.echo(render_table(result))
    click.echo(f"\nBáo cáo chi tiết các câu sai: {target}")
