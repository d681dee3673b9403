"""Trainer commands: `tdkt batch`, `tdkt quiz`, `tdkt pack`, `tdkt mau`, `tdkt hoso`.

bots.cli registers them; each imports bots.cli lazily (handle_errors, settings_from), so there is
no import cycle. Results go to stdout (or the --out file), progress to stderr.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

__all__ = ["batch", "hoso", "mau", "pack", "quiz"]

_KIND_WIDTH = 20


def _run(ctx: click.Context, body: Callable[..., None], *args: Any) -> None:
    """Load settings, open the runtime, run ``body(runtime, *args)``; errors become a message and exit 1."""
    from bots.cli import handle_errors, settings_from  # noqa: PLC0415 - bots.cli imports this module

    settings = settings_from(ctx)

    def go() -> None:
        from bots.runtime import Runtime  # noqa: PLC0415 - loads the index only when a command runs

        runtime = Runtime.open(settings)
        try:
            body(runtime, *args)
        finally:
            runtime.close()

    handle_errors(go)()


def _date(value: str | None) -> date | None:
    from bots.cli import parse_date  # noqa: PLC0415 - bots.cli registers this module's commands

    return parse_date(value)


def _out_format(path: Path, allowed: tuple[str, ...]) -> str:
    from bots.exports import format_of  # noqa: PLC0415

    try:
        return format_of(path, allowed)
    except ValueError as exc:
        raise click.BadParameter(f"tệp kết quả phải có đuôi {', '.join('.' + a for a in allowed)}",
                                 param_hint="--out") from exc


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# -- batch ------------------------------------------------------------------------
def _question_text(path: Path, max_bytes: int) -> str:
    if path.suffix.lower() in (".csv", ".tsv"):
        return path.read_bytes()[:max_bytes].decode("utf-8-sig", errors="replace")
    from corpus.read import read_source  # noqa: PLC0415 - the one reader of .txt/.docx/.pdf files

    return read_source(path, max_bytes=max_bytes).text


@click.command("batch")
@click.argument("questions_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp đáp án: .docx, .md, .csv hoặc .json.")
@click.option("--at", "at", default=None, help="Trả lời theo quy định có hiệu lực vào ngày (YYYY-MM-DD).")
@click.option("--title", default="Đáp án câu hỏi thi đua, khen thưởng", show_default=True, help="Tiêu đề tài liệu.")
@click.pass_context
def batch(ctx: click.Context, questions_file: Path, out: Path, at: str | None, title: str) -> None:
    """Trả lời cả danh sách câu hỏi (mỗi dòng một câu, hoặc cột "câu hỏi" của tệp CSV) thành tệp đáp án."""
    from bots.exports import SHEET_FORMATS  # noqa: PLC0415

    fmt = _out_format(out, SHEET_FORMATS)
    _run(ctx, _batch, questions_file, out, fmt, _date(at), title)


def _batch(runtime: Any, questions_file: Path, out: Path, fmt: str, at: date | None, title: str) -> None:
    from tqdm import tqdm  # noqa: PLC0415

    from assistant import answer_sheet, read_questions  # noqa: PLC0415
    from bots.exports import sheet_bytes  # noqa: PLC0415

    text = _question_text(questions_file, runtime.settings.server.max_upload_bytes)
    questions = read_questions(text, csv_format=True if questions_file.suffix.lower() == ".csv" else None)
    bar = tqdm(total=len(questions), desc="Trả lời", unit=" câu", file=sys.stderr, disable=not sys.stderr.isatty())
    sheet = answer_sheet(runtime.assistant, questions, at=at, title=title, on_question=lambda _i: bar.update(1))
    bar.close()
    _write(out, sheet_bytes(sheet, fmt))
    click.echo(f"Đã trả lời {len(sheet.answered)}/{len(sheet.entries)} câu có trích dẫn → {out}")
    if sheet.not_covered:
        click.echo("Không có trong văn bản hiện có: " + ", ".join(f"câu {e.number}" for e in sheet.not_covered))


# -- quiz -------------------------------------------------------------------------
@click.command("quiz")
@click.option("--topic", default=None, help="Chủ đề (ví dụ \"chiến sĩ thi đua\"); mặc định: mọi điều khoản.")
@click.option("-n", "n", default=10, show_default=True, type=click.IntRange(1, 200), help="Số câu hỏi.")
@click.option("--seed", default=None, type=int, help="Mã đề: cùng mã đề cho cùng bộ câu hỏi.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp đề: .docx, .json hoặc .md.")
@click.option("--no-key", is_flag=True, help="Không kèm đáp án (bản phát cho học viên).")
@click.option("--key-out", "key_out", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="Ghi đáp án (kèm căn cứ) ra tệp riêng; tệp đề khi đó không kèm đáp án.")
@click.option("--at", "at", default=None, help="Theo văn bản có hiệu lực vào ngày (YYYY-MM-DD).")
@click.pass_context
def quiz(ctx: click.Context, topic: str | None, n: int, seed: int | None, out: Path, no_key: bool,
         key_out: Path | None, at: str | None) -> None:
    """Tạo câu hỏi trắc nghiệm, đúng/sai từ chính các điều khoản của chủ đề (đáp án kèm căn cứ)."""
    from bots.exports import QUIZ_FORMATS  # noqa: PLC0415

    fmt = _out_format(out, QUIZ_FORMATS)
    key_fmt = _out_format(key_out, QUIZ_FORMATS) if key_out else None
    chosen = seed if seed is not None else random.SystemRandom().randrange(1, 1_000_000)
    _run(ctx, _quiz, topic, n, chosen, out, fmt, not no_key and key_out is None, key_out, key_fmt, _date(at))


def _not_covered(exc: Any) -> None:
    from bots.messages import message_for  # noqa: PLC0415

    click.echo(f"Lỗi: {message_for(exc, **exc.data)}", err=True)
    sys.exit(1)


def _quiz(runtime: Any, topic: str | None, n: int, seed: int, out: Path, fmt: str, with_key: bool,
          key_out: Path | None, key_fmt: str | None, at: date | None) -> None:
    from assistant import build_quiz  # noqa: PLC0415
    from assistant.errors import TopicNotCovered  # noqa: PLC0415
    from bots.exports import quiz_bytes  # noqa: PLC0415

    try:
        result = build_quiz(runtime.assistant, n=n, seed=seed, topic=topic, at=at)
    except TopicNotCovered as exc:
        _not_covered(exc)
        return
    if not result.questions:
        click.echo("Không tạo được câu hỏi nào cho chủ đề này từ các văn bản đang có hiệu lực.", err=True)
        sys.exit(1)
    _write(out, quiz_bytes(result, fmt, with_key=with_key))
    if key_out is not None and key_fmt is not None:
        _write(key_out, quiz_bytes(result, key_fmt, key_only=True))
    kinds = sum(1 for q in result.questions if q.kind == "mcq")
    click.echo(f"Đã tạo {len(result.questions)} câu hỏi ({kinds} trắc nghiệm, {len(result.questions) - kinds} "
               f"đúng/sai), mã đề {seed} → {out}" + (f"; đáp án → {key_out}" if key_out else ""))


# -- pack -------------------------------------------------------------------------
@click.command("pack")
@click.argument("topic")
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp tài liệu: .docx hoặc .json (mặc định tai-lieu-tap-huan.docx).")
@click.option("--questions", "questions_file", default=None,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Câu hỏi thực tế (.jsonl có trường \"question\" như ../shared/questions, .txt hoặc .csv).")
@click.option("-n", "n", default=10, show_default=True, type=click.IntRange(1, 50), help="Số câu trắc nghiệm.")
@click.option("--seed", default=1, show_default=True, type=int, help="Mã đề của phần trắc nghiệm.")
@click.option("--at", "at", default=None, help="Theo văn bản có hiệu lực vào ngày (YYYY-MM-DD).")
@click.pass_context
def pack(ctx: click.Context, topic: str, out: Path | None, questions_file: Path | None, n: int, seed: int,
         at: str | None) -> None:
    """Tài liệu tập huấn cho một chủ đề: quy định áp dụng, điểm thay đổi, câu hỏi thường gặp, trắc nghiệm."""
    from bots.exports import PACK_FORMATS  # noqa: PLC0415

    out = out or Path("tai-lieu-tap-huan.docx")
    fmt = _out_format(out, PACK_FORMATS)
    _run(ctx, _pack, topic, out, fmt, questions_file, n, seed, _date(at))


def _pack(runtime: Any, topic: str, out: Path, fmt: str, questions_file: Path | None, n: int, seed: int,
          at: date | None) -> None:
    from tqdm import tqdm  # noqa: PLC0415

    from assistant.errors import TopicNotCovered  # noqa: PLC0415
    from assistant.pack import build_pack, load_questions  # noqa: PLC0415
    from bots.exports import pack_bytes  # noqa: PLC0415

    questions = load_questions(questions_file) if questions_file else []
    bar = tqdm(total=len(questions), desc="Câu hỏi", unit=" câu", file=sys.stderr,
               disable=not sys.stderr.isatty() or not questions)
    try:
        result = build_pack(runtime.assistant, topic, questions=questions, n_quiz=n, seed=seed, at=at,
                            on_question=lambda _i: bar.update(1))
    except TopicNotCovered as exc:
        bar.close()
        _not_covered(exc)
        return
    bar.close()
    _write(out, pack_bytes(result, fmt))
    real = sum(1 for f in result.faq if f.source == "real")
    click.echo(f"Tài liệu “{result.topic}”: {len(result.outline)} mục quy định, {len(result.changes)} điểm thay đổi, "
               f"{len(result.faq)} câu hỏi ({real} thực tế), {len(result.quiz.questions)} câu trắc nghiệm → {out}")


# -- mau --------------------------------------------------------------------------
@click.command("mau")
@click.argument("query", required=False)
@click.option("--export", "export", default=None, help="Số mẫu cần xuất (ví dụ 07).")
@click.option("--doc", default=None, help="Văn bản có mẫu đó (số hiệu), khi nhiều văn bản cùng số mẫu.")
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp xuất: .docx hoặc .md (mặc định mau-<số>.docx).")
@click.option("--json", "as_json", is_flag=True, help="In danh sách dạng JSON.")
@click.pass_context
def mau(ctx: click.Context, query: str | None, export: str | None, doc: str | None, out: Path | None,
        as_json: bool) -> None:
    """Tìm mẫu văn bản (Mẫu số …) trong phụ lục các văn bản đã nạp; xuất một mẫu ra .docx."""
    from bots.exports import FORM_FORMATS  # noqa: PLC0415

    if export is not None:
        out = out or Path(f"mau-{export.zfill(2) if export.isdigit() else export}.docx")
        _run(ctx, _mau_export, export, doc, out, _out_format(out, FORM_FORMATS))
        return
    _run(ctx, _mau_list, query, as_json)


def _mau_list(runtime: Any, query: str | None, as_json: bool) -> None:
    from assistant import list_forms  # noqa: PLC0415

    forms = list_forms(runtime.assistant, query)
    if as_json:
        click.echo(json.dumps([f.to_dict() | {"text": f.text[:300]} for f in forms], ensure_ascii=False))
        return
    if not forms:
        click.echo("Không tìm thấy mẫu nào" + (f" cho “{query}”." if query else " trong các văn bản đã nạp.")
                   + " (Mẫu chỉ có khi văn bản nạp vào có kèm phụ lục mẫu.)")
        return
    for f in forms:
        badge = "" if f.status in ("in_force", "unknown") else " [HẾT HIỆU LỰC]"
        click.echo(f"Mẫu số {f.number}. {f.title}{badge}")
        click.echo(f"    Dùng cho: {f.award or f.purpose} — {f.label}")


def _mau_export(runtime: Any, number: str, doc: str | None, out: Path, fmt: str) -> None:
    from assistant import get_form  # noqa: PLC0415
    from bots.exports import form_bytes  # noqa: PLC0415

    form = get_form(runtime.assistant, number, doc=doc)
    _write(out, form_bytes(form, fmt))
    click.echo(f"Đã xuất Mẫu số {form.number}. {form.title} ({form.label}) → {out}")


# -- hoso -------------------------------------------------------------------------
@click.command("hoso")
@click.argument("award", required=False)
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="Ghi danh mục ra tệp: .docx, .md hoặc .json.")
@click.option("--json", "as_json", is_flag=True, help="In danh mục dạng JSON.")
@click.option("--list", "list_awards", is_flag=True, help="Liệt kê các danh hiệu, hình thức khen thưởng đã biết.")
@click.option("--at", "at", default=None, help="Theo văn bản có hiệu lực vào ngày (YYYY-MM-DD).")
@click.pass_context
def hoso(ctx: click.Context, award: str | None, out: Path | None, as_json: bool, list_awards: bool,
         at: str | None) -> None:
    """Danh mục hồ sơ đề nghị khen thưởng (giấy tờ, số bộ, người ký, thời hạn), mỗi dòng có căn cứ."""
    from assistant import AWARDS  # noqa: PLC0415
    from bots.exports import CHECKLIST_FORMATS  # noqa: PLC0415

    if list_awards:
        for a in AWARDS:
            click.echo(f"{a.key:<{_KIND_WIDTH}} {a.name}")
        return
    if not award:
        raise click.UsageError("Thiếu tên danh hiệu. Ví dụ: tdkt hoso \"Chiến sĩ thi đua cơ sở\" (xem --list)")
    fmt = _out_format(out, CHECKLIST_FORMATS) if out else None
    _run(ctx, _hoso, award, out, fmt, as_json, _date(at))


def _hoso(runtime: Any, award: str, out: Path | None, fmt: str | None, as_json: bool, at: date | None) -> None:
    from assistant import LINE_KIND_LABELS, dossier_checklist  # noqa: PLC0415
    from bots.exports import checklist_bytes  # noqa: PLC0415

    checklist = dossier_checklist(runtime.assistant, award, at=at)
    if out is not None and fmt is not None:
        _write(out, checklist_bytes(checklist, fmt))
    if as_json:
        click.echo(json.dumps(checklist.to_dict(), ensure_ascii=False))
        return
    if not checklist.sections:
        click.echo(f"Không tìm thấy quy định về hồ sơ cho “{award}” trong các văn bản đang có hiệu lực.")
        sys.exit(1)
    click.echo(f"Hồ sơ đề nghị {checklist.award}")
    for section in checklist.sections:
        click.echo(f"\n{section.heading}")
        for line in section.lines:
            click.echo(f"  ☐ [{LINE_KIND_LABELS[line.kind]}] {line.text.replace(chr(10), ' ')}")
            click.echo(f"      Căn cứ: {line.citation.label}")
    if out is not None:
        click.echo(f"\nĐã ghi → {out}")
