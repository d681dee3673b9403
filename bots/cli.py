"""`tdkt`: a thin shell over the library. Results on stdout, progress and logs on stderr."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from bots.messages import message_for
from bots.settings import Settings, SettingsError, load
from corpus import Catalog, TdktError

__all__ = ["main"]

logger = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def _configure_logging(verbose: int, log_format: str = "text") -> None:
    from bots.logformat import JsonFormatter  # noqa: PLC0415

    level = logging.WARNING - 10 * verbose
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json"
                         else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])  # a no-op when logging is already set up
    for noisy in ("httpx", "httpcore", "sentence_transformers", "urllib3"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


def _echo_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


def handle_errors(func: F) -> F:
    """Turn expected failures into a Vietnamese message on stderr and exit code 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TdktError as exc:
            logger.info("%s: %s", exc.code, exc.message)
            click.echo(f"Lỗi: {message_for(exc)}", err=True)
            sys.exit(1)
        except SettingsError as exc:
            click.echo(f"Lỗi cấu hình: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group()
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Tệp cấu hình TOML (mặc định: ./tdkt.toml nếu có).")
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Thư mục dữ liệu (mặc định ./data hoặc TDKT_DATA_DIR).")
@click.option("-v", "--verbose", count=True, help="Ghi log chi tiết hơn ra stderr.")
@click.option("--log-format", type=click.Choice(["text", "json"]), default="text", envvar="TDKT_LOG_FORMAT",
              show_default=True, help="Dạng log trên stderr; json: mỗi dòng một đối tượng JSON (TDKT_LOG_FORMAT).")
@click.pass_context
def cli(ctx: click.Context, config: Path | None, data_dir: Path | None, verbose: int, log_format: str) -> None:
    """Trợ lý tra cứu quy định thi đua, khen thưởng có trích dẫn."""
    _configure_logging(verbose, log_format)
    ctx.ensure_object(dict)
    ctx.obj["config"] = config
    ctx.obj["data_dir"] = data_dir


def settings_from(ctx: click.Context) -> Settings:
    try:
        return load(ctx.obj.get("config"), data_dir=ctx.obj.get("data_dir"))
    except SettingsError as exc:
        click.echo(f"Lỗi cấu hình: {exc}", err=True)
        sys.exit(1)


def catalog_for(settings: Settings) -> Catalog:
    return Catalog.builtin(settings.corpus.catalog_files)


@contextmanager
def open_store(settings: Settings) -> Iterator[Any]:
    from indexer import Store  # noqa: PLC0415 - keeps `tdkt --help` fast

    store = Store(settings.index, settings.data_dir)
    try:
        yield store
    finally:
        store.close()


def make_embedder(settings: Settings) -> Any:
    from bots.runtime import make_embedder as build  # noqa: PLC0415 - loads torch only when a model is set

    return build(settings)


# -- corpus -------------------------------------------------------------------
@cli.group()
def corpus() -> None:
    """Kiểm tra văn bản trước khi nạp."""


@corpus.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@click.pass_context
@handle_errors
def corpus_check(ctx: click.Context, paths: tuple[Path, ...], as_json: bool) -> None:
    """Đọc và phân tích cấu trúc văn bản: số điều, khoản, điểm và cảnh báo."""
    from corpus.check import check_paths  # noqa: PLC0415

    settings = settings_from(ctx)
    reports = check_paths(list(paths), catalog_for(settings), max_bytes=settings.index.max_file_bytes)
    if as_json:
        _echo_json([r.to_dict() for r in reports])
        return
    for r in reports:
        if r.error_code:
            click.echo(f"✗ {r.path}\n    lỗi: {message_for(r.error_code)} ({r.error})")
            continue
        click.echo(f"✓ {r.path}\n    {r.number} · {r.doc_type} · {r.title[:90]}\n"
                   f"    {r.articles} điều, {r.clauses} khoản, {r.points} điểm, {r.chapters} chương"
                   + (f", {r.forms} mẫu" if r.forms else ""))
        for w in r.warnings:
            click.echo(f"    cảnh báo: {w}")


# -- ingest -------------------------------------------------------------------
@cli.command()
@click.argument("dirs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--full", is_flag=True, help="Nạp lại toàn bộ, không dùng lại văn bản không đổi.")
@click.pass_context
@handle_errors
def ingest(ctx: click.Context, dirs: tuple[Path, ...], full: bool) -> None:
    """Nạp văn bản từ các thư mục vào chỉ mục (mặc định: TDKT_DOCS_DIRS)."""
    from tqdm import tqdm  # noqa: PLC0415

    from indexer import ingest as run_ingest  # noqa: PLC0415

    settings = settings_from(ctx)
    targets = list(dirs) or list(settings.corpus.docs_dirs)
    if not targets:
        raise click.UsageError("Hãy chỉ ra thư mục văn bản (tdkt ingest DIR...) hoặc đặt TDKT_DOCS_DIRS.")
    embedder = make_embedder(settings)
    bar = tqdm(desc="Nạp văn bản", unit=" tệp", file=sys.stderr, disable=not sys.stderr.isatty())
    with open_store(settings) as store:
        report = run_ingest(targets, store=store, catalog=catalog_for(settings), settings=settings.index,
                            embedder=embedder, full=full, on_file=lambda _p: bar.update(1))
    bar.close()
    click.echo(f"Đã nạp {report.documents} văn bản ({report.reused} không đổi, dùng lại), "
               f"{report.units} đơn vị (điều/khoản/điểm), {report.chunks} đoạn trong {report.seconds:.1f} giây.")
    for f in report.failures:
        click.echo(f"  Bỏ qua {f.path}: {message_for(f.code)} ({f.message})", err=True)


# -- search -------------------------------------------------------------------
def _hit_json(hit: Any) -> dict[str, Any]:
    c = hit.chunk
    return {
        "doc_number": c.doc_number, "doc_title": c.doc_title, "article": c.article or None,
        "clause": c.clause if c.clause not in (None, "0") else None,
        "point": c.points[0] if len(c.points) == 1 else None, "points": list(c.points),
        "text": c.text, "status": c.status, "score": round(hit.score, 4), "citation": c.label(),
        "article_title": c.article_title, "superseded_by": list(c.superseded_by), "id": c.id,
    }


@cli.command()
@click.argument("query", required=False)
@click.option("--k", "k", default=5, show_default=True, type=click.IntRange(1, 100))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@click.option("--jsonl", is_flag=True, help="Đọc câu hỏi JSONL từ stdin, in một dòng kết quả mỗi câu.")
@click.pass_context
@handle_errors
def search(ctx: click.Context, query: str | None, k: int, as_json: bool, jsonl: bool) -> None:
    """Tìm các đoạn văn bản liên quan, kèm trích dẫn và hiệu lực."""
    from indexer import Searcher, SparseEncoder  # noqa: PLC0415

    settings = settings_from(ctx)
    if not jsonl and not query:
        raise click.UsageError("Thiếu câu hỏi. Ví dụ: tdkt search \"tiêu chuẩn chiến sĩ thi đua cơ sở\"")
    with open_store(settings) as store:
        store.require_active()
        searcher = Searcher(store, encoder=SparseEncoder.from_settings(settings.index),
                            embedder=make_embedder(settings))
        if jsonl:
            for line in _jsonl_questions(sys.stdin):
                hits = searcher.search(line["question"], k) if line.get("question") else []
                _echo_json({"hits": [_hit_json(h) for h in hits]} | ({"error": line["error"]} if "error" in line else {}))
                sys.stdout.flush()
            return
        assert query is not None
        hits = searcher.search(query, k)
        if as_json:
            _echo_json([_hit_json(h) for h in hits])
            return
        if not hits:
            click.echo("Không tìm thấy đoạn văn bản nào phù hợp.")
        for i, h in enumerate(hits, 1):
            badge = "" if h.chunk.status in ("in_force", "unknown") else " [HẾT HIỆU LỰC]"
            click.echo(f"{i}. {h.chunk.label()}{badge}  (điểm {h.score:.2f})")
            click.echo(f"   {h.chunk.text[:300]}{'…' if len(h.chunk.text) > 300 else ''}")


def _jsonl_questions(stream: Any) -> Iterator[dict[str, Any]]:
    """One JSON object per line; a bad line yields an error entry so the output stays aligned."""
    for raw in stream:
        raw = raw.strip()
        if not raw:
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError:
            yield {"question": "", "error": "invalid_json"}
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
            yield {"question": "", "error": "missing_question"}
            continue
        yield obj


# -- ask ------------------------------------------------------------------------
def parse_date(value: str | None) -> date | None:
    """An ISO date option (YYYY-MM-DD), or a usage error in Vietnamese."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"ngày phải có dạng YYYY-MM-DD, nhận được {value!r}") from exc


@cli.command()
@click.argument("question", required=False)
@click.option("--at", "at", default=None, help="Trả lời theo quy định có hiệu lực vào ngày (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="In câu trả lời dạng JSON.")
@click.option("--jsonl", is_flag=True, help="Đọc câu hỏi JSONL từ stdin, in một câu trả lời JSON mỗi dòng.")
@click.option("--conversation", "conversation_id", default=None, help="Mã hội thoại để hỏi tiếp.")
@click.pass_context
@handle_errors
def ask(ctx: click.Context, question: str | None, at: str | None, as_json: bool, jsonl: bool,
        conversation_id: str | None) -> None:
    """Hỏi đáp: câu trả lời trích dẫn Điều, Khoản, Điểm và hiệu lực."""
    from assistant import InvalidQuestion  # noqa: PLC0415
    from bots.runtime import Runtime  # noqa: PLC0415

    settings = settings_from(ctx)
    when = parse_date(at)
    if not jsonl and not question:
        raise click.UsageError("Thiếu câu hỏi. Ví dụ: tdkt ask \"hồ sơ đề nghị bằng khen của Thủ tướng\"")
    runtime = Runtime.open(settings)
    try:
        if jsonl:
            for line in _jsonl_questions(sys.stdin):
                try:
                    line_at = parse_date(line.get("at")) if isinstance(line.get("at"), str) else when
                    answer = runtime.assistant.ask(line["question"], conversation_id=line.get("conversation_id"),
                                                   at=line_at)
                    _echo_json(answer.to_dict())
                except (InvalidQuestion, click.BadParameter) as exc:
                    code = exc.code if isinstance(exc, InvalidQuestion) else "assistant.invalid_question"
                    _echo_json({"answer": message_for(code, limit=2000), "citations": [], "refused": True,
                                "error": line.get("error") or code})
                sys.stdout.flush()
            return
        assert question is not None
        answer = runtime.assistant.ask(question, conversation_id=conversation_id, at=when)
        if as_json:
            _echo_json(answer.to_dict())
            return
        click.echo(answer.text)
        for note in answer.notes:
            click.echo(f"\nLưu ý: {note}")
        if answer.citations:
            click.echo("\nCăn cứ:")
            for i, c in enumerate(answer.citations, 1):
                click.echo(f"  [{i}] {c.label}" + ("" if c.in_force else " — hết hiệu lực"))
    finally:
        runtime.close()


# Commands that live beside their features (each imports bots.cli lazily, so there is no cycle).
from bots.commands_admin import admin  # noqa: E402
from bots.commands_bots import telegram  # noqa: E402
from bots.commands_eval import eval_command  # noqa: E402
from bots.commands_trainer import batch, hoso, mau, pack, quiz  # noqa: E402
from bots.commands_web import serve  # noqa: E402

for _command in (serve, telegram, eval_command, batch, quiz, pack, mau, hoso, admin):
    cli.add_command(_command)

from bots.commands_embed import embed  # noqa: E402

cli.add_command(embed)


def main() -> None:
    cli(obj={})


if __name__ == "__main__":
    main()
