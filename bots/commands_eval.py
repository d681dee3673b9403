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

__all__ = ["REAL_DEFAULT", "eval_command"]

REAL_DEFAULT = Path("../shared/questions/real-dev.jsonl")
DEV_DEFAULT = Path(__file__).resolve().parents[1] / "evals" / "questions" / "dev.jsonl"


@click.command("eval")
@click.option("--questions", "questions_path", default=None,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Tệp câu hỏi JSONL (mặc định: bộ câu hỏi tự soạn evals/questions/dev.jsonl).")
@click.option("--real", "real_path", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="Câu hỏi thật của người dùng, báo cáo riêng bên cạnh "
                   f"(mặc định: {REAL_DEFAULT} nếu có; 'none' để bỏ qua).")
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
def eval_command(ctx: click.Context, questions_path: Path | None, real_path: Path | None, as_json: bool,
                 baselines: tuple[str, ...], split: str, report_path: Path | None, docs_dirs: tuple[Path, ...]) -> None:
    """Đánh giá chất lượng: recall, MRR, trích dẫn, từ chối; so sánh với baseline."""
    # bots.cli registers this command, so it is imported here, not at the top (no import cycle).
    from bots.cli import handle_errors, settings_from  # noqa: PLC0415

    questions = questions_path or DEV_DEFAULT
    if real_path is not None and str(real_path).lower() == "none":
        real = None
    elif real_path is not None:
        if not real_path.is_file():
            raise click.BadParameter(f"không có tệp {real_path}", param_hint="--real")
        real = real_path
    else:
        real = REAL_DEFAULT if REAL_DEFAULT.is_file() else None
    if real is not None and real.resolve() == questions.resolve():
        real = None
    handle_errors(_run)(settings_from(ctx), questions, real, as_json, baselines, split, report_path, docs_dirs)


def _run(settings: Settings, questions_path: Path, real_path: Path | None, as_json: bool,
         baselines: tuple[str, ...], split: str, report_path: Path | None, docs_dirs: tuple[Path, ...]) -> None:
    from tqdm import tqdm  # noqa: PLC0415

    from bots.runtime import make_embedder  # noqa: PLC0415 - loads torch only when a model is set
    from corpus import Catalog  # noqa: PLC0415
    from evals.evaluate import evaluate  # noqa: PLC0415
    from evals.questions import load_questions  # noqa: PLC0415
    from evals.report import render_markdown, render_splits, render_table, split_figures  # noqa: PLC0415

    bars: dict[str, tqdm] = {}

    def progress(system: str, done: int) -> None:
        if system not in bars:
            bars[system] = tqdm(desc=system, unit=" câu", file=sys.stderr, disable=not sys.stderr.isatty())
        bars[system].update(done - bars[system].n)

    sets = [questions_path, *([real_path] if real_path is not None else [])]
    for path in sets:
        try:
            load_questions(path)
        except ValueError as exc:  # a malformed question file: the message names the line
            raise click.ClickException(str(exc)) from exc
    embedder = make_embedder(settings)
    catalog = Catalog.builtin(settings.corpus.catalog_files)
    results = []
    try:
        for path in sets:
            results.append(evaluate(
                path, index_settings=settings.index, assistant_settings=settings.assistant,
                data_dir=settings.data_dir, docs_dirs=docs_dirs, baselines=list(dict.fromkeys(baselines)),
                split=split, catalog=catalog, embedder=embedder, on_progress=progress,
            ))
            for bar in bars.values():
                bar.close()
            bars.clear()
    finally:
        for bar in bars.values():
            bar.close()
    target = report_path or settings.data_dir / "eval-report.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(render_markdown(r) for r in results), "utf-8")
    result, real = results[0], (results[1] if len(results) > 1 else None)
    if as_json:
        obj = result.to_json() | {"splits": split_figures(result), "report": str(target)}
        if real is not None:
            obj["real"] = real.to_json() | {"splits": split_figures(real)}
        click.echo(json.dumps(obj, ensure_ascii=False))
        return
    click.echo(render_table(result))
    for r in results:
        click.echo("\n" + render_splits(r))
    click.echo(f"\nBáo cáo chi tiết các câu sai: {target}")
