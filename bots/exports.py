"""Files for trainers: answer sheets, quizzes, forms and checklists as DOCX, Markdown, CSV or JSON.

Each function returns bytes, so the CLI writes them to a path and the web page streams them.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from assistant import LINE_KIND_LABELS, AnswerSheet, Checklist, FormView, Quiz
from assistant.forms import form_blocks, marked
from assistant.pack import Pack
from assistant.sheet import DECISION_LABELS
from assistant.validity import fmt_date
from bots.exports_docx import LETTERS, checklist_docx, form_docx, pack_docx, quiz_docx, sheet_docx

__all__ = [
    "CHECKLIST_FORMATS",
    "FORM_FORMATS",
    "MEDIA_TYPES",
    "PACK_FORMATS",
    "QUIZ_FORMATS",
    "SHEET_FORMATS",
    "checklist_bytes",
    "form_bytes",
    "format_of",
    "pack_bytes",
    "quiz_bytes",
    "sheet_bytes",
]

SHEET_FORMATS = ("docx", "md", "csv", "json")
QUIZ_FORMATS = ("docx", "json", "md")
FORM_FORMATS = ("docx", "md")
CHECKLIST_FORMATS = ("docx", "md", "json")
PACK_FORMATS = ("docx", "json")
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


def format_of(path: Path, allowed: tuple[str, ...]) -> str:
    """The output format named by a file's suffix; a ValueError lists the allowed ones."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in allowed:
        raise ValueError(f"unsupported output {path.name!r}: use {', '.join('.' + a for a in allowed)}")
    return fmt


def _json(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, indent=2).encode("utf-8")


def _check(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise ValueError(f"format must be one of {', '.join(allowed)}, got {fmt!r}")


# -- answer sheets --------------------------------------------------------------
def sheet_bytes(sheet: AnswerSheet, fmt: str) -> bytes:
    _check(fmt, SHEET_FORMATS)
    if fmt == "docx":
        return sheet_docx(sheet)
    if fmt == "json":
        return _json(sheet.to_dict())
    if fmt == "csv":
        return _sheet_csv(sheet)
    return _sheet_md(sheet).encode("utf-8")


def _sheet_csv(sheet: AnswerSheet) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["stt", "câu hỏi", "trạng thái", "trả lời", "căn cứ", "hiệu lực"])
    for e in sheet.entries:
        a = e.answer
        status = "câu hỏi không hợp lệ" if a is None else DECISION_LABELS[e.decision].lower()
        writer.writerow([
            e.number, e.question, status, a.text if a else "",
            "; ".join(c.label for c in a.citations) if a else "",
            " ".join(a.notes) if a else "",
        ])
    return out.getvalue().encode("utf-8-sig")  # the BOM lets Excel read Vietnamese correctly


def _sheet_md(sheet: AnswerSheet) -> str:
    summary = (f"Tổng số câu hỏi: {len(sheet.entries)}. Đã trả lời có trích dẫn: {len(sheet.answered)}. "
               f"Văn bản hiện có không quy định: {len(sheet.not_covered)}.")
    lines = [f"# {sheet.title}", "", f"Quy định áp dụng tại ngày {fmt_date(sheet.as_of)}.", "", "## Tóm tắt", "",
             summary, ""]
    lines += [f"- Câu {e.number}: {e.question}" for e in sheet.not_covered]
    lines += ["", "## Câu hỏi và trả lời", ""]
    for e in sheet.entries:
        lines += [f"### Câu {e.number}. {e.question}", ""]
        if e.answer is None:
            lines += ["*Câu hỏi không hợp lệ, không trả lời.*", ""]
            continue
        lines += [f"*Kết quả: {DECISION_LABELS[e.decision]}*", "", e.answer.text, ""]
        if e.decision != "not_covered":
            lines += ["**Căn cứ:**", ""]
            for i, c in enumerate(e.answer.citations, 1):
                validity = "còn hiệu lực" if c.in_force else "hết hiệu lực"
                lines.append(f"{i}. *{c.label}* ({validity})" + (f" — {c.validity_note}" if c.validity_note else ""))
            lines += [f"> Lưu ý: {n}" for n in e.answer.notes]
            lines.append("")
    return "\n".join(lines)


# -- quizzes --------------------------------------------------------------------
def quiz_bytes(quiz: Quiz, fmt: str, *, with_key: bool = True, key_only: bool = False) -> bytes:
    """The quiz: the student version, with its key after it (``with_key``), or the key alone."""
    _check(fmt, QUIZ_FORMATS)
    if fmt == "docx":
        return quiz_docx(quiz, with_key=with_key, key_only=key_only)
    if fmt == "json":
        data = quiz.to_dict()
        if not with_key and not key_only:
            for q in data["questions"]:
                for key in ("answer", "correct", "answer_text", "evidence", "citation", "stem"):
                    q.pop(key)
        return _json(data)
    lines = [f"# {quiz.title}", "", f"Mã đề {quiz.seed}; văn bản có hiệu lực tại ngày {fmt_date(quiz.as_of)}.", ""]
    for q in quiz.questions if not key_only else ():
        lines += [f"**Câu {q.number}.** {q.prompt}", ""]
        lines += [f"{letter}. {o}" for letter, o in zip(LETTERS, q.options, strict=False)] + [""]
    if with_key or key_only:
        lines += ["## Đáp án", ""]
        for q in quiz.questions:
            lines += [f"- Câu {q.number}: **{LETTERS[q.answer]}. {q.correct}** — “{q.evidence}” (*{q.citation.label}*)"]
    return "\n".join(lines).encode("utf-8")


# -- forms and checklists -------------------------------------------------------
def form_bytes(form: FormView, fmt: str = "docx") -> bytes:
    _check(fmt, FORM_FORMATS)
    if fmt == "docx":
        return form_docx(form)
    return _form_md(form).encode("utf-8")


def _form_md(form: FormView) -> str:
    """Markdown with the tables as tables and footnotes as [^n] markers and notes."""
    blocks = form_blocks(form.text)
    marks = {b.mark for b in blocks if b.kind == "note"}

    def md(text: str) -> str:
        return "".join(f"[^{piece}]" if is_mark else piece for piece, is_mark in marked(text, marks))

    lines = [f"# Mẫu số {form.number}. {form.title}", "", f"*{form.label}*", ""]
    for b in blocks:
        if b.kind == "table":
            rows = [[md(c).replace("\n", "<br>").replace("|", "\\|") for c in r] for r in b.rows]
            lines += ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
            lines += ["| " + " | ".join(r) + " |" for r in rows[1:]] + [""]
        elif b.kind == "note":
            lines.append(f"[^{b.mark}]: {b.text}")
        else:
            lines += [md(b.text), ""]
    return "\n".join(lines) + "\n"


def checklist_bytes(checklist: Checklist, fmt: str) -> bytes:
    _check(fmt, CHECKLIST_FORMATS)
    if fmt == "docx":
        return checklist_docx(checklist)
    if fmt == "json":
        return _json(checklist.to_dict())
    lines = [f"# Hồ sơ đề nghị {checklist.award}", "",
             f"Theo văn bản có hiệu lực tại ngày {fmt_date(checklist.as_of)}.", ""]
    for s in checklist.sections:
        lines += [f"## {s.heading}", ""]
        lines += [f"- [ ] **{LINE_KIND_LABELS[ln.kind]}:** {ln.text.replace(chr(10), ' ')} — *{ln.citation.label}*"
                  for ln in s.lines]
        lines.append("")
    return "\n".join(lines).encode("utf-8")


# -- session packs --------------------------------------------------------------
def pack_bytes(pack: Pack, fmt: str = "docx") -> bytes:
    _check(fmt, PACK_FORMATS)
    if fmt == "docx":
        return pack_docx(pack)
    return _json(pack.to_dict())
