"""`tdkt`: a thin shell over the library. Results on stdout, progress and logs on stderr."""

from __future__ import annotations

import json
import logging
import os
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
            # An error the server reported already carries its Vietnamese message.
            text = exc.message if getattr(exc, "from_server", False) else message_for(exc, **exc.data)
            click.echo(f"Lỗi: {text}", err=True)
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


# -- the document library ---------------------------------------------------------
def _progress(desc: str, unit: str, total: int | None = None) -> Any:
    """A progress bar on stderr (results stay alone on stdout); silent when stderr is not a terminal."""
    from tqdm import tqdm  # noqa: PLC0415

    return tqdm(desc=desc, unit=unit, total=total, file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)


def _server(settings: Settings) -> str | None:
    from bots.remote import running_server  # noqa: PLC0415

    return running_server(settings.data_dir)


def _admin_token(settings: Settings) -> str:
    token = settings.server.admin_token
    if token is None or not token.get_secret_value():
        raise click.ClickException("Máy chủ `tdkt serve` đang giữ chỉ mục. Hãy dừng máy chủ, hoặc đặt "
                                   "TDKT_ADMIN_TOKEN để lệnh này đi qua API quản trị của máy chủ.")
    return token.get_secret_value()


def _print_report(report: Any) -> None:
    """What an ingest did, one line per kind, numbers listed (stdout); skipped files on stderr."""
    lines = [("Đã thêm", report.added), ("Đã cập nhật", report.updated), ("Không đổi", report.unchanged),
             ("Giữ nguyên (không nạp lại lần này)", report.kept), ("Đã gỡ bỏ", report.removed)]
    for label, numbers in lines:
        if numbers:
            shown = ", ".join(numbers[:12]) + (f", … (+{len(numbers) - 12})" if len(numbers) > 12 else "")
            click.echo(f"{label}: {len(numbers)} văn bản — {shown}")
    if report.not_found:
        click.echo(f"Không có trong thư viện: {', '.join(report.not_found)}", err=True)
    click.echo(f"Thư viện có {report.documents} văn bản, {report.chunks} đoạn (nạp trong {report.seconds:.1f} giây); "
               f"bỏ qua {len(report.failures)} tệp.")
    for f in report.failures:
        click.echo(f"  Bỏ qua {f.path}: {message_for(f.code)} ({f.message})", err=True)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--full", is_flag=True, help="Đọc lại mọi tệp được chỉ ra, kể cả tệp không đổi.")
@click.option("--prune", is_flag=True,
              help="Gỡ khỏi thư viện các văn bản không còn nằm trong các đường dẫn đã chỉ ra (có liệt kê).")
@click.pass_context
@handle_errors
def ingest(ctx: click.Context, paths: tuple[Path, ...], full: bool, prune: bool) -> None:
    """Thêm hoặc cập nhật văn bản từ tệp/thư mục; các văn bản khác trong thư viện được giữ nguyên."""
    settings = settings_from(ctx)
    targets = list(paths) or list(settings.corpus.docs_dirs)
    if not targets:
        raise click.UsageError("Hãy chỉ ra tệp hoặc thư mục văn bản (tdkt ingest ĐƯỜNG_DẪN...) hoặc đặt TDKT_DOCS_DIRS.")
    url = _server(settings)
    if url is not None:
        _ingest_through(url, settings, targets, prune=prune)
        return
    from indexer import ingest as run_ingest  # noqa: PLC0415

    embedder = make_embedder(settings)
    files = _progress("Đọc văn bản", " tệp")
    chunks = _progress("Nhúng đoạn văn", " đoạn")

    def embedded(done: int, total: int) -> None:
        chunks.total = total
        chunks.n = done
        chunks.refresh()

    with open_store(settings) as store:
        report = run_ingest(targets, store=store, catalog=catalog_for(settings), settings=settings.index,
                            embedder=embedder, full=full, prune=prune, on_file=lambda _p: files.update(1),
                            on_embed=embedded)
    files.close()
    chunks.close()
    _print_report(report)


def _ingest_through(url: str, settings: Settings, targets: list[Path], *, prune: bool) -> None:
    """Upload each file to the running server (one request each, a progress bar on stderr)."""
    from bots.remote import ServerError, server_client  # noqa: PLC0415
    from corpus import discover  # noqa: PLC0415

    if prune:
        raise click.UsageError("--prune không dùng được khi máy chủ đang chạy; hãy gỡ từng văn bản bằng `tdkt remove`.")
    files = list(discover(targets))
    added: list[str] = []
    updated: list[str] = []
    skipped = 0
    click.echo(f"Máy chủ {url} đang giữ chỉ mục: tải {len(files)} tệp lên qua API quản trị.", err=True)
    with server_client(url, _admin_token(settings)) as client:
        bar = _progress("Tải lên", " tệp", total=len(files))
        for path in files:
            try:
                out = client.upload(path)
                added += out.get("added", [])
                updated += out.get("updated", [])
            except ServerError as exc:
                skipped += 1
                click.echo(f"  Bỏ qua {path}: {exc.message}", err=True)
            bar.update(1)
        bar.close()
    if added:
        click.echo(f"Đã thêm: {len(added)} văn bản — {', '.join(added)}")
    if updated:
        click.echo(f"Đã cập nhật: {len(updated)} văn bản — {', '.join(updated)}")
    click.echo(f"Bỏ qua {skipped} tệp; các văn bản khác trong thư viện được giữ nguyên.")


@cli.command()
@click.argument("numbers", nargs=-1, required=True)
@click.pass_context
@handle_errors
def remove(ctx: click.Context, numbers: tuple[str, ...]) -> None:
    """Gỡ văn bản khỏi thư viện theo số hiệu, ví dụ: tdkt remove 15/2003/QH11."""
    settings = settings_from(ctx)
    url = _server(settings)
    if url is not None:
        from assistant.library import doc_id  # noqa: PLC0415
        from bots.remote import ServerError, server_client  # noqa: PLC0415

        with server_client(url, _admin_token(settings)) as client:
            for number in numbers:
                try:
                    out = client.remove(doc_id(number))
                    click.echo(f"Đã gỡ bỏ: {', '.join(out['removed'])}. Thư viện còn {out['documents']} văn bản.")
                except ServerError as exc:
                    click.echo(f"Lỗi với {number}: {exc.message}", err=True)
        return
    from indexer import ingest as run_ingest  # noqa: PLC0415

    with open_store(settings) as store:
        store.require_active()
        report = run_ingest([], store=store, catalog=catalog_for(settings), settings=settings.index,
                            embedder=make_embedder(settings), remove=list(numbers))
    _print_report(report)
    if report.not_found and not report.removed:
        sys.exit(1)


_STATUS_VI = {"in_force": "còn hiệu lực", "superseded": "hết hiệu lực (bị thay thế)", "expired": "hết hiệu lực",
              "not_yet": "chưa có hiệu lực", "unknown": "chưa rõ"}


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="In danh sách dạng JSON.")
@click.pass_context
@handle_errors
def documents(ctx: click.Context, as_json: bool) -> None:
    """Liệt kê thư viện văn bản: số hiệu, tên, tình trạng hiệu lực, ngày hiệu lực."""
    settings = settings_from(ctx)
    url = _server(settings)
    rows: list[dict[str, Any]]
    if url is not None:
        from bots.remote import server_client  # noqa: PLC0415

        with server_client(url, _admin_token(settings)) as client:
            rows = [{k: d[k] for k in ("number", "title", "status", "effective", "file")} for d in client.documents()]
    else:
        with open_store(settings) as store:
            store.require_active()
            info = store.info()
        rows = [{"number": d.number, "title": d.title, "status": d.status, "effective": d.effective,
                 "file": Path(d.source).name} for d in sorted(info.documents if info else [], key=lambda d: d.number)]
    if as_json:
        _echo_json(rows)
        return
    for r in rows:
        click.echo(f"{r['number']}\t{_STATUS_VI.get(r['status'], r['status'])}\t{r['effective'] or '–'}\t{r['title']}")
    click.echo(f"{len(rows)} văn bản.", err=True)


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
@click.option("--explain", is_flag=True, help="In từng đặc trưng và trọng số đã góp vào điểm xếp hạng.")
@click.pass_context
@handle_errors
def search(ctx: click.Context, query: str | None, k: int, as_json: bool, jsonl: bool, explain: bool) -> None:
    """Tìm các đoạn văn bản liên quan, kèm trích dẫn và hiệu lực (cùng cách xếp hạng với câu trả lời)."""
    from assistant import Assistant  # noqa: PLC0415
    from indexer import SparseEncoder  # noqa: PLC0415

    settings = settings_from(ctx)
    if not jsonl and not query:
        raise click.UsageError("Thiếu câu hỏi. Ví dụ: tdkt search \"tiêu chuẩn chiến sĩ thi đua cơ sở\"")
    with open_store(settings) as store:
        store.require_active()
        info = store.info()
        embedder = make_embedder(settings) if info is not None and info.dense_model else None
        if embedder is not None and info is not None and embedder.name != info.dense_model:
            embedder = None
        assistant = Assistant(store, catalog_for(settings), settings.assistant, embedder=embedder,
                              encoder=SparseEncoder.from_settings(settings.index))
        if jsonl:
            for line in _jsonl_questions(sys.stdin):
                hits = assistant.search(line["question"], k) if line.get("question") else []
                _echo_json({"hits": [_hit_json(h) for h in hits]} | ({"error": line["error"]} if "error" in line else {}))
                sys.stdout.flush()
            return
        assert query is not None
        hits = assistant.search(query, k)
        if as_json:
            _echo_json([_hit_json(h) | ({"features": {f: round(v, 4) for f, v, _ in h.breakdown(
                assistant.weights, embedder is not None)}} if explain else {}) for h in hits])
            return
        if not hits:
            click.echo("Không tìm thấy đoạn văn bản nào phù hợp.")
        for i, h in enumerate(hits, 1):
            badge = "" if h.chunk.status in ("in_force", "unknown") else " [HẾT HIỆU LỰC]"
            click.echo(f"{i}. {h.chunk.label()}{badge}  (điểm {h.score:.2f})")
            click.echo(f"   {h.chunk.text[:300]}{'…' if len(h.chunk.text) > 300 else ''}")
            if explain:
                parts = [f"{name}={value:.2f}×{weight / value if value else 0:+.2f}={weight:+.3f}"
                         for name, value, weight in h.breakdown(assistant.weights, embedder is not None)]
                click.echo(f"   điểm tuyến tính {h.linear:+.3f}: " + ", ".join(parts))


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
    settings = settings_from(ctx)
    parse_date(at)
    if not jsonl and not question:
        raise click.UsageError("Thiếu câu hỏi. Ví dụ: tdkt ask \"hồ sơ đề nghị bằng khen của Thủ tướng\"")
    url = _server(settings)
    asker = _remote_asker(url) if url is not None else _local_asker(settings)
    try:
        if jsonl:
            for line in _jsonl_questions(sys.stdin):
                line_at = line.get("at") if isinstance(line.get("at"), str) else at
                try:
                    parse_date(line_at)
                    _echo_json(asker(line["question"], line.get("conversation_id"), line_at))
                except (TdktError, click.BadParameter) as exc:
                    code = exc.code if isinstance(exc, TdktError) else "assistant.invalid_question"
                    values = exc.data if isinstance(exc, TdktError) else {}
                    text = exc.message if getattr(exc, "from_server", False) else message_for(code, **values)
                    _echo_json({"answer": text, "citations": [], "refused": True,
                                "error": line.get("error") or code})
                sys.stdout.flush()
            return
        assert question is not None
        answer = asker(question, conversation_id, at)
    finally:
        close = getattr(asker, "close", None)
        if close is not None:
            close()
    if as_json:
        _echo_json(answer)
        return
    click.echo(answer["answer"])
    for note in answer.get("notes", []):
        click.echo(f"\nLưu ý: {note}")
    if answer.get("citations"):
        click.echo("\nCăn cứ:")
        for i, c in enumerate(answer["citations"], 1):
            in_force = c.get("in_force", c.get("status") in ("in_force", "unknown"))
            click.echo(f"  [{i}] {c['label']}" + ("" if in_force else " — hết hiệu lực"))


class _Asker:
    """Ask one question, the answer as `tdkt ask --json` prints it."""

    def __call__(self, question: str, conversation_id: str | None, at: str | None) -> dict[str, Any]:
        raise NotImplementedError

    def close(self) -> None:
        """Release what the asker holds."""


def _remote_asker(url: str) -> _Asker:
    """Through the running server: no index to open, so a cold start stays short."""
    from bots.remote import ServerClient  # noqa: PLC0415

    class Remote(_Asker):
        def __init__(self) -> None:
            self.client = ServerClient(url)

        def __call__(self, question: str, conversation_id: str | None, at: str | None) -> dict[str, Any]:
            return self.client.ask(question, conversation_id=conversation_id, at=at)

        def close(self) -> None:
            self.client.close()

    return Remote()


def _local_asker(settings: Settings) -> _Asker:
    """In this process, through the same answering service as the server."""
    # One process, one question at a time: OpenBLAS's thread pool (started when numpy loads) buys nothing.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from bots.answering import AnsweringService  # noqa: PLC0415
    from bots.runtime import Runtime  # noqa: PLC0415

    class Local(_Asker):
        def __init__(self) -> None:
            self.runtime = Runtime.open(settings, read_only=True)
            self.service = AnsweringService(self.runtime, settings.server)

        def __call__(self, question: str, conversation_id: str | None, at: str | None) -> dict[str, Any]:
            answer = self.service.answer(question, channel="cli", conversation_id=conversation_id, at=parse_date(at))
            out: dict[str, Any] = answer.to_dict()
            return out

        def close(self) -> None:
            self.runtime.close()

    return Local()


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
    from bots.click_vi import install  # noqa: PLC0415

    install()  # Click's own texts (usage, errors) in Vietnamese
    cli(obj={})


if __name__ == "__main__":
    main()
