"""Printable Word files (python-docx stays in this module): answer sheets, quizzes, forms, checklists.

Layout follows the usual Vietnamese administrative page: A4, Times New Roman 13 pt, margins
2 cm (left 3 cm). Citations are set in italics on their own lines, so a reader (or a test) can
tell them from the quoted text.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from assistant import LINE_KIND_LABELS, AnswerSheet, Checklist, FormView, Quiz
from assistant.forms import form_blocks, marked
from assistant.pack import Pack
from assistant.sheet import DECISION_LABELS
from assistant.validity import fmt_date

__all__ = ["checklist_docx", "form_docx", "pack_docx", "quiz_docx", "sheet_docx"]

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
    _page_numbers(section.footer.paragraphs[0])
    doc.add_heading(title, level=0)
    return doc


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out the page."""
    run = paragraph.add_run()
    begin, text, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def _page_numbers(paragraph: DocxParagraph) -> None:
    """"Trang 3/12" centred in the footer of every page."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Trang ")
    _field(paragraph, "PAGE")
    paragraph.add_run("/")
    _field(paragraph, "NUMPAGES")


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
        _italic(doc, f"Kết quả: {DECISION_LABELS[e.decision]}")
        _text(doc, e.answer.text)
        if e.decision == "not_covered":
            _italic(doc, "Không có trong văn bản hiện có.")
            continue
        doc.add_paragraph().add_run("Căn cứ:").bold = True
        for i, c in enumerate(e.answer.citations, 1):
            validity = "còn hiệu lực" if c.in_force else "hết hiệu lực"
            _italic(doc, f"[{i}] {c.label} ({validity})" + (f" — {c.validity_note}" if c.validity_note else ""))
        for note in e.answer.notes:
            _italic(doc, f"Lưu ý: {note}")
    return _bytes(doc)


def _quiz_questions(doc: DocxDocument, quiz: Quiz, level: int = 2) -> None:
    for q in quiz.questions:
        doc.add_heading(f"Câu {q.number}", level=level)
        _text(doc, q.prompt)
        for letter, option in zip(LETTERS, q.options, strict=False):
            doc.add_paragraph(f"{letter}. {option}")


def _quiz_key(doc: DocxDocument, quiz: Quiz) -> None:
    for q in quiz.questions:
        doc.add_paragraph().add_run(f"Câu {q.number}: {LETTERS[q.answer]}. {q.correct}").bold = True
        _italic(doc, f"Quy định: “{q.evidence}”")
        _italic(doc, f"Căn cứ: {q.citation.label}")


def quiz_docx(quiz: Quiz, *, with_key: bool = True, key_only: bool = False) -> bytes:
    """The student version (questions with lettered options), the key with citations on a page of its
    own after it (``with_key``), or the key alone (``key_only``)."""
    doc = _new(f"Đáp án — {quiz.title}" if key_only else quiz.title)
    doc.add_paragraph(f"{len(quiz.questions)} câu hỏi, theo văn bản có hiệu lực tại ngày {fmt_date(quiz.as_of)}"
                      f" (mã đề {quiz.seed}).")
    if key_only:
        _quiz_key(doc, quiz)
        return _bytes(doc)
    _quiz_questions(doc, quiz)
    if with_key:
        doc.add_page_break()  # type: ignore[no-untyped-call]
        doc.add_heading("Đáp án", level=1)
        _quiz_key(doc, quiz)
    return _bytes(doc)


def pack_docx(pack: Pack) -> bytes:
    """The session pack: provisions as an outline, what changed side by side, questions with the
    assistant's answers, a quiz and (on its own page) the key."""
    doc = _new(f"Tài liệu tập huấn: {pack.topic}")
    doc.add_paragraph(f"Theo văn bản có hiệu lực tại ngày {fmt_date(pack.as_of)}."
                      + (f" Chủ đề theo: {'; '.join(pack.sources)}." if pack.sources else ""))
    doc.add_heading("I. Các quy định áp dụng", level=1)
    for i, section in enumerate(pack.outline, 1):
        doc.add_heading(f"{i}. {section.heading}", level=2)
        if not section.items:
            _italic(doc, "Không tìm thấy điều khoản nêu trực tiếp nội dung này.")
        for item in section.items:
            doc.add_paragraph(item.text.replace("\n", " "), style="List Bullet")
            _italic(doc, f"Căn cứ: {item.label}")
    doc.add_heading("II. Những điểm thay đổi so với quy định cũ", level=1)
    if not pack.changes:
        _italic(doc, "Không tìm thấy quy định cũ tương ứng trong các văn bản đã nạp.")
    else:
        table = doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.cell(0, 0).text = "Quy định cũ"
        table.cell(0, 1).text = "Quy định hiện hành"
        for change in pack.changes:
            row = table.add_row()
            row.cells[0].text = f"{change.old.text}\n({change.old.label})"
            row.cells[1].text = f"{change.new.text}\n({change.new.label})\n{change.summary}"
    doc.add_heading("III. Câu hỏi thường gặp", level=1)
    for i, entry in enumerate(pack.faq, 1):
        origin = "câu hỏi thực tế" if entry.source == "real" else "câu hỏi gợi ý"
        doc.add_heading(f"Câu {i} ({origin}). {entry.question.replace(chr(10), ' ')}", level=2)
        _italic(doc, f"Kết quả: {DECISION_LABELS[entry.decision]}")
        if entry.answer is None:
            continue
        _text(doc, entry.answer.text)
        for c in entry.answer.citations:
            _italic(doc, f"Căn cứ: {c.label}" + (f" — {c.validity_note}" if c.validity_note else ""))
    doc.add_heading("IV. Câu hỏi trắc nghiệm", level=1)
    if not pack.quiz.questions:
        _italic(doc, "Các điều khoản của chủ đề không nêu con số, thời hạn hay thẩm quyền để đặt câu hỏi.")
    _quiz_questions(doc, pack.quiz, level=3)
    doc.add_page_break()  # type: ignore[no-untyped-call]
    doc.add_heading("Đáp án câu hỏi trắc nghiệm", level=1)
    _quiz_key(doc, pack.quiz)
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


def _marked_paragraph(doc: DocxDocument, text: str, marks: set[str]) -> DocxParagraph:
    """A line with its footnote markers set as superscript, as the appendix prints them."""
    p = doc.add_paragraph()
    for piece, is_mark in marked(text, marks):
        run = p.add_run(piece)
        run.font.superscript = is_mark
    return p


def form_docx(form: FormView) -> bytes:
    """The form as the appendix gives it: tables whole (a cell over several lines included), headings
    centred, footnote markers as superscript and the footnotes at the end."""
    doc = _new(f"Mẫu số {form.number}. {form.title}")
    _italic(doc, form.label + (f" — {form.validity_note}" if form.validity_note else ""))
    blocks = form_blocks(form.text)
    marks = {b.mark for b in blocks if b.kind == "note"}
    for block in blocks:
        if block.kind == "table":
            width = max(len(r) for r in block.rows)
            table = doc.add_table(rows=len(block.rows), cols=width)
            table.style = "Table Grid"
            for r, cells in enumerate(block.rows):
                for c, value in enumerate(cells):
                    cell = table.cell(r, c)
                    cell.paragraphs[0].text = ""
                    for piece, is_mark in marked(value, marks):
                        cell.paragraphs[0].add_run(piece).font.superscript = is_mark
        elif block.kind == "note":
            p = doc.add_paragraph()
            p.add_run(block.mark).font.superscript = True
            run = p.add_run(f" {block.text}")
            run.font.size = Pt(10)
        else:
            p = _marked_paragraph(doc, block.text, marks)
            letters = [ch for ch in block.text if ch.isalpha()]
            if (letters and all(ch.isupper() for ch in letters)) or block.text.startswith("Độc lập"):
                for run in p.runs:
                    run.bold = True
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return _bytes(doc)
