"""Trainer files read back: the DOCX answer sheet and quiz cite provisions that exist, word for word."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import docx
import pytest

from assistant import Assistant
from assistant.dossier import dossier_checklist
from assistant.quiz import build_quiz
from assistant.sheet import answer_sheet
from bots.exports import checklist_bytes, format_of, quiz_bytes, sheet_bytes
from tests.citations import Corpus
from tests.conftest import CORPUS_TEXT, shared_or_skip

pytestmark = pytest.mark.slow  # builds on the whole shared corpus

QUESTIONS = [
    "Hồ sơ đề nghị tặng Bằng khen của Thủ tướng Chính phủ gồm những gì?",
    "Tiêu chuẩn danh hiệu Chiến sĩ thi đua cơ sở là gì?",
    "Thẩm quyền tặng Giấy khen?",
    "Giá vé tàu Hà Nội - Sài Gòn bao nhiêu?",
]
_KEY = re.compile(r"^Câu (\d+): ([A-H])\. (.+)$")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    shared_or_skip()
    return Corpus([CORPUS_TEXT])


def _paragraphs(data: bytes) -> list[tuple[str, str, bool]]:
    """(style, text, italic) of every paragraph of a .docx."""
    document = docx.Document(io.BytesIO(data))
    return [(p.style.name if p.style is not None else "", p.text,
             bool(p.runs) and all(bool(r.italic) for r in p.runs)) for p in document.paragraphs]


def test_answer_sheet_docx_has_a_summary_and_every_answer_cites_an_existing_provision(
        assistant: Assistant, corpus: Corpus) -> None:
    sheet = answer_sheet(assistant, QUESTIONS)
    paras = _paragraphs(sheet_bytes(sheet, "docx"))
    assert paras[0][0] == "Title"
    summary = next(t for _, t, _ in paras if t.startswith("Tổng số câu hỏi"))
    assert "Tổng số câu hỏi: 4." in summary and "không quy định: 1." in summary
    assert ("List Bullet", f"Câu 4: {QUESTIONS[3]}", False) in paras
    headings = [i for i, (style, text, _) in enumerate(paras) if style == "Heading 2" and text.startswith("Câu ")]
    assert [paras[i][1] for i in headings] == [f"Câu {n}. {q}" for n, q in enumerate(QUESTIONS, 1)]
    for n, start in enumerate(headings, 1):
        end = headings[n] if n < len(headings) else len(paras)
        cites = [t for _, t, italic in paras[start:end] if italic and re.match(r"^\[\d+\] ", t)]
        if n == 4:
            assert not cites and any(t == "Không có trong văn bản hiện có." for _, t, _ in paras[start:end])
            continue
        assert cites, f"question {n} has no citation"
        for line in cites:
            label = re.sub(r"^\[\d+\] | \((?:còn|hết) hiệu lực\).*$", "", line)
            assert corpus.label_text(label)  # KeyError if the document or the Điều/Khoản/Điểm does not exist


def test_answer_sheet_csv_and_markdown(assistant: Assistant) -> None:
    sheet = answer_sheet(assistant, QUESTIONS[:2] + QUESTIONS[3:])
    rows = list(csv.reader(io.StringIO(sheet_bytes(sheet, "csv").decode("utf-8-sig"))))
    assert rows[0][:3] == ["stt", "câu hỏi", "trạng thái"]
    assert [r[2] for r in rows[1:]] == ["đã trả lời", "đã trả lời", "không có trong văn bản"]
    assert "Điều" in rows[1][4]
    md = sheet_bytes(sheet, "md").decode("utf-8")
    assert md.startswith("# Đáp án") and "**Căn cứ:**" in md
    assert json.loads(sheet_bytes(sheet, "json"))["not_covered"] == [3]


def test_quiz_docx_key_is_stated_by_the_cited_clause(assistant: Assistant, corpus: Corpus) -> None:
    quiz = build_quiz(assistant, n=12, seed=11)
    paras = _paragraphs(quiz_bytes(quiz, "docx"))
    questions = [i for i, (style, text, _) in enumerate(paras) if style == "Heading 2"]
    assert len(questions) == 12
    key_start = next(i for i, (style, text, _) in enumerate(paras) if style == "Heading 1" and text == "Đáp án")
    keys = [i for i in range(key_start, len(paras)) if _KEY.match(paras[i][1])]
    assert len(keys) == 12
    for q_index, i in zip(questions, keys, strict=True):
        m = _KEY.match(paras[i][1])
        assert m is not None
        letter, correct = m.group(2), m.group(3)
        rule, cite = paras[i + 1], paras[i + 2]
        assert rule[2] and cite[2] and rule[1].startswith("Quy định: “") and cite[1].startswith("Căn cứ: ")
        evidence = rule[1].removeprefix("Quy định: “").removesuffix("”")
        clause = corpus.label_text(cite[1].removeprefix("Căn cứ: "))
        assert evidence in clause
        if correct not in ("Đúng", "Sai"):
            assert correct in clause and correct in evidence
        # the lettered option under the question is the keyed one
        end = questions[questions.index(q_index) + 1] if q_index != questions[-1] else key_start
        options = [t for _, t, _ in paras[q_index:end] if re.match(r"^[A-H]\. ", t)]
        assert f"{letter}. {correct}" in options


def test_quiz_json_keys_are_verbatim_and_without_key_hides_them(assistant: Assistant, corpus: Corpus) -> None:
    data = json.loads(quiz_bytes(build_quiz(assistant, n=10, seed=5), "json"))
    assert data["seed"] == 5 and len(data["questions"]) == 10
    for q in data["questions"]:
        c = q["citation"]
        clause = corpus.unit_text(c["doc_number"], str(c["article"]), str(c["clause"]) if c["clause"] else None,
                                  c["point"])
        assert q["answer_text"] in clause and q["evidence"] in clause
        assert q["options"][q["answer"]] == q["correct"]
    hidden = json.loads(quiz_bytes(build_quiz(assistant, n=3, seed=5), "json", with_key=False))
    assert all("answer" not in q and "citation" not in q for q in hidden["questions"])


def test_checklist_docx_lists_every_line_with_its_citation(assistant: Assistant) -> None:
    checklist = dossier_checklist(assistant, "Chiến sĩ thi đua toàn quốc")
    paras = _paragraphs(checklist_bytes(checklist, "docx"))
    boxes = [i for i, (_, t, _) in enumerate(paras) if t.startswith("☐ ")]
    assert len(boxes) == len(checklist.lines)
    for i, line in zip(boxes, checklist.lines, strict=True):
        assert line.text.replace("\n", " ") in paras[i][1]
        assert paras[i + 1] == ("Normal", f"Căn cứ: {line.citation.label}", True)


def test_output_format_comes_from_the_suffix() -> None:
    assert format_of(Path("a/dap-an.DOCX"), ("docx", "md")) == "docx"
    with pytest.raises(ValueError, match=r"\.docx, \.md"):
        format_of(Path("dap-an.pdf"), ("docx", "md"))


def test_form_docx_rebuilds_tables_and_headings() -> None:
    from assistant.forms import FormView
    from bots.exports import form_bytes

    form = FormView(
        doc_number="07/2026/TT-BGDĐT", short_title="Thông tư 07/2026/TT-BGDĐT", number="07",
        title="Danh sách đề nghị xét tặng Kỷ niệm chương", purpose="Xét tặng Kỷ niệm chương", award="Kỷ niệm chương",
        label="Mẫu số 07 Phụ lục kèm theo Thông tư 07/2026/TT-BGDĐT",
        text="ĐƠN VỊ CẤP TRÊN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nDANH SÁCH\nTT | Họ và tên | Số năm\n"
             "1. | Nguyễn Văn A | 22 năm\nDanh sách trên có ... cá nhân./.\n¹ Ghi rõ họ tên.",
        status="in_force", validity_note="", chunk_id="x",
    )
    document = docx.Document(io.BytesIO(form_bytes(form)))
    assert document.paragraphs[0].text == "Mẫu số 07. Danh sách đề nghị xét tặng Kỷ niệm chương"
    table = document.tables[0]
    assert [c.text for c in table.rows[1].cells] == ["1.", "Nguyễn Văn A", "22 năm"]
    centred = [p for p in document.paragraphs if p.text == "DANH SÁCH"]
    assert centred and centred[0].runs[0].bold
    assert form_bytes(form, "md").decode().startswith("# Mẫu số 07.")
