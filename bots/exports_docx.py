"""Printable Word files (python-docx stays in this module): answer sheets, quizzes, forms, checklists.

Layout follows the usual Vietnamese administrative page: A4, Times New Roman 13 pt, margins
2 cm (left 3 cm). Citations are set in italics on their own lines, so a reader (or a test) can
tell them from the quoted text.
"""

from __future__ import annotations

import io
import re

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from assistant import LINE_KIND_LABELS, AnswerSheet, Checklist, FormView, Quiz
from assistant.validity import fmt_date

__all__ = ["checklist_docx", "form_docx", "quiz_docx", "sheet_docx"]

LETTERS = "ABCDEFGH"
_FONT = "Times New Roman"


def _new(title: str) -> DocxDocument:
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        style = doc.styles[name]
        style.font.name = _FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _FONT)
    doc.styles["Normal"].font.size = Pt(13)
    doc.core_properties.title = title
    doc.core_properties.author = "tdkt"
    doc.add_heading(title, level=0)
    return doc


def _bytes(doc: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _italic(doc: DocxDocument, text: str) -> None:
    doc.add_paragraph().add_run(text).italic = True


def _text(doc: DocxDocument, text: str) -> None:
    for block in text.split("\n"):
        if block.strip():
            doc.add_paragraph(block)


def sheet_docx(sheet: AnswerSheet) -> bytes:
    """The answer sheet: a summary, then each numbered question with its answer and citations."""
    doc = _new(sheet.title)
    doc.add_paragraph(f"Quy định áp dụng tại ngày {fmt_date(sheet.as_of)}.")
    doc.add_heading("Tóm tắt", level=1)
    doc.add_paragraph(f"Tổng số câu hỏi: {len(sheet.entries)}. Đã trả lời có trích dẫn: {len(sheet.answered)}. "
                      f"Văn bản hiện có không quy định: {len(sheet.not_covered)}.")
    for e in sheet.not_covered:
        doc.add_paragraph(f"Câu {e.number}: {e.question}", style="List Bullet")
    doc.add_heading("Câu hỏi và trả lời", level=1)
    for e in sheet.entries:
        doc.add_heading(f"Câu {e.number}. {e.question}", level=2)
        if e.answer is None:
            _italic(doc, "Câu hỏi không hợp lệ, không trả lời.")
            continue
        _text(doc, e.answer.text)
        if e.answer.refused:
            _italic(doc, "Không có trong văn bản hiện có.")
            continue
        doc.add_paragraph().add_run("Căn cứ:").bold = True
        for i, c in enumerate(e.answer.citations, 1):
            validity = "còn hiệu lực" if c.in_force else "hết hiệu lực"
            _italic(doc, f"[{i}] {c.label} ({validity})" + (f" — {c.validity_note}" if c.validity_note else ""))
        for note in e.answer.notes:
            _italic(doc, f"Lưu ý: {note}")
    return _bytes(doc)


def quiz_docx(quiz: Quiz, *, with_key: bool = True) -> bytes:
    """Questions with lettered options; the answer key with citations on a page of its own."""
    doc = _new(quiz.title)
    doc.add_paragraph(f"{len(quiz.questions)} câu hỏi, theo văn bản có hiệu lực tại ngày {fmt_date(quiz.as_of)}"
                      f" (mã đề {quiz.seed}).")
    for q in quiz.questions:
        doc.add_heading(f"Câu {q.number}", level=2)
        _text(doc, q.prompt)
        for letter, option in zip(LETTERS, q.options, strict=False):
            doc.add_paragraph(f"{letter}. {option}")
    if with_key:
        doc.add_page_break()  # type: ignore[no-untyped-call]
        doc.add_heading("Đáp án", level=1)
        for q in quiz.questions:
            doc.add_paragraph().add_run(f"Câu {q.number}: {LETTERS[q.answer]}. {q.correct}").bold = True
            _italic(doc, f"Quy định: “{q.evidence}”")
            _italic(doc, f"Căn cứ: {q.citation.label}")
    return _bytes(doc)


def checklist_docx(checklist: Checklist) -> bytes:
    """One section per article; each line a box to tick, with its citation in italics."""
    doc = _new(f"Hồ sơ đề nghị {checklist.award}")
    doc.add_paragraph(f"Danh mục lập theo văn bản có hiệu lực tại ngày {fmt_date(checklist.as_of)}; "
                      "mỗi dòng trích nguyên văn và ghi căn cứ.")
    for section in checklist.sections:
        doc.add_heading(section.heading, level=2)
        for line in section.lines:
            p = doc.add_paragraph()
            p.add_run(f"☐ [{LINE_KIND_LABELS[line.kind]}] ").bold = True
            p.add_run(line.text.replace("\n", " "))
            _italic(doc, f"Căn cứ: {line.citation.label}")
    return _bytes(doc)


_TABLE_ROW = re.compile(r"\S\s*\|\s*\S")
_FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰\d]{1,2}\s")


def form_docx(form: FormView) -> bytes:
    """The form as the appendix gives it: tables rebuilt from "a | b | c" rows, headings centred."""
    doc = _new(f"Mẫu số {form.number}. {form.title}")
    _italic(doc, form.label + (f" — {form.validity_note}" if form.validity_note else ""))
    rows: list[list[str]] = []

    def flush() -> None:
        if not rows:
            return
        width = max(len(r) for r in rows)
        table = doc.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells):
                table.cell(r, c).text = value
        rows.clear()

    for line in form.text.split("\n"):
        if _TABLE_ROW.search(line):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        flush()
        p = doc.add_paragraph()
        run = p.add_run(line)
        letters = [ch for ch in line if ch.isalpha()]
        if (letters and all(ch.isupper() for ch in letters)) or line.startswith("Độc lập"):
            run.bold = True
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif _FOOTNOTE.match(line):
            run.font.size = Pt(10)
    flush()
    return _bytes(doc)
