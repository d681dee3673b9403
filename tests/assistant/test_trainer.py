"""Trainer tools on the real shared corpus: answer sheets, quizzes, dossier checklists and forms.

Every answer, quiz key and checklist line is checked against the parsed documents themselves.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from assistant import Assistant, AssistantSettings
from assistant.awards import award_for, awards_of_level, first_award, without_awards
from assistant.dossier import dossier_checklist
from assistant.errors import EmptyQuestion, UnknownDocument
from assistant.forms import get_form, list_forms
from assistant.quiz import build_quiz
from assistant.sheet import answer_sheet, read_questions
from assistant.topics import resolve_topic
from corpus import Catalog
from indexer import IndexSettings, Store, ingest
from tests.citations import Corpus
from tests.conftest import CORPUS_TEXT, SHARED, shared_or_skip

pytestmark = pytest.mark.slow  # builds on the whole shared corpus

TODAY = "2026-11-22"
ORIGINAL_TT07 = SHARED / "corpus" / "original" / "tt-07-2026-tt-bgddt.pdf-text.txt"
QUESTIONS = [
    "Hồ sơ đề nghị tặng danh hiệu Chiến sĩ thi đua cơ sở gồm những gì?",
    "Ai quyết định tặng Bằng khen của Thủ tướng Chính phủ?",
    "Mức tiền thưởng danh hiệu Chiến sĩ thi đua toàn quốc là bao nhiêu?",
    "Tiêu chuẩn danh hiệu Lao động tiên tiến?",
    "Thủ tục đăng ký kết hôn với người nước ngoài?",
]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    shared_or_skip()
    return Corpus([CORPUS_TEXT])


@pytest.fixture(scope="module")
def forms_assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """The documents in force, with TT 07/2026 from its source text: the clean text drops the appendix."""
    shared_or_skip()
    docs = tmp_path_factory.mktemp("forms-docs")
    for name in ("luat-06-2022-qh15.txt", "nd-152-2025-nd-cp.txt"):
        shutil.copy(CORPUS_TEXT / name, docs / name)
    shutil.copy(ORIGINAL_TT07, docs / ORIGINAL_TT07.name)
    data = tmp_path_factory.mktemp("forms-index")
    store = Store(IndexSettings(), data)
    try:
        ingest([docs], store=store, catalog=Catalog.builtin(), settings=IndexSettings())
        yield Assistant(store, Catalog.builtin(), AssistantSettings(today=TODAY))
    finally:
        store.close()


# -- answer sheets --------------------------------------------------------------
def test_read_questions_from_lines_and_csv() -> None:
    assert read_questions("Câu 1. Hồ sơ gồm gì?\n\n2) Ai quyết định?\n") == ["Hồ sơ gồm gì?", "Ai quyết định?"]
    csv_text = 'stt,câu hỏi,ghi chú\n1,"Hồ sơ, thủ tục gồm gì?",x\n2,Ai quyết định?,\n'
    assert read_questions(csv_text) == ["Hồ sơ, thủ tục gồm gì?", "Ai quyết định?"]
    assert read_questions("a,b\nHỏi một?,x\n", csv_format=True) == ["a", "Hỏi một?"]  # no known header: first column


def test_answer_sheet_cites_existing_provisions_and_lists_what_is_not_covered(assistant: Assistant,
                                                                              corpus: Corpus) -> None:
    sheet = answer_sheet(assistant, QUESTIONS)
    assert [e.number for e in sheet.not_covered] == [5]
    assert len(sheet.answered) == 4
    for entry in sheet.answered:
        assert entry.answer is not None and entry.answer.citations
        for c in entry.answer.citations:
            if c.doc_kind == "legal":
                assert c.text.replace(" …", "")[:200] in corpus.unit_text(c.doc_number, c.article, c.clause)


def test_empty_question_list_is_rejected(assistant: Assistant) -> None:
    with pytest.raises(EmptyQuestion):
        answer_sheet(assistant, [])


# -- quizzes --------------------------------------------------------------------
def test_quiz_answers_appear_verbatim_in_the_cited_clause(assistant: Assistant, corpus: Corpus) -> None:
    quiz = build_quiz(assistant, n=25, seed=7)
    assert len(quiz.questions) == 25
    assert {q.kind for q in quiz.questions} == {"mcq", "truefalse"}
    assert len({q.fact for q in quiz.questions}) >= 5  # years, percentages, salaries, authorities …
    for q in quiz.questions:
        c = q.citation
        assert c.doc_number in ("06/2022/QH15", "152/2025/NĐ-CP", "07/2026/TT-BGDĐT") and c.in_force
        text = corpus.unit_text(c.doc_number, c.article, c.clause, c.point)
        assert q.evidence in text and q.answer_text in q.evidence
        if q.kind == "mcq":
            assert q.correct == q.answer_text
            assert len(set(q.options)) == len(q.options) >= 3
            assert sum(o in q.evidence for o in q.options) == 1  # no distractor is also in the sentence
        else:
            assert q.correct == ("Đúng" if q.answer_text in q.prompt else "Sai")


def test_quiz_is_deterministic_for_a_seed(assistant: Assistant) -> None:
    first = build_quiz(assistant, n=8, seed=2026).to_dict()
    again = build_quiz(assistant, n=8, seed=2026).to_dict()
    other = build_quiz(assistant, n=8, seed=2027).to_dict()
    assert first == again
    assert first["questions"] != other["questions"]


def test_quiz_topic_keeps_to_the_articles_retrieval_finds(assistant: Assistant) -> None:
    quiz = build_quiz(assistant, n=5, seed=1, topic="mức tiền thưởng")
    assert len(quiz.questions) == 5
    found = {(h.chunk.doc_number, h.chunk.article) for h in assistant.searcher.search("mức tiền thưởng", 60)}
    assert all((q.citation.doc_number, q.citation.article) in found for q in quiz.questions)
    assert sum("tiền thưởng" in q.citation.article_title for q in quiz.questions) >= 3


def test_topic_holds_the_clauses_about_it_not_those_merely_mentioning_it(assistant: Assistant) -> None:
    scope = resolve_topic(assistant, "khen thưởng cấp tỉnh")
    # The awards named after the province's level: their criteria, who decides them, their money.
    assert scope.contains("06/2022/QH15", "22") and scope.contains("06/2022/QH15", "74")
    assert scope.contains("06/2022/QH15", "79", "4") and scope.contains("152/2025/NĐ-CP", "50", "1")
    # "công tác thi đua, khen thưởng cấp tỉnh" in the award fund's article; giấy khen decided below.
    assert not scope.contains("152/2025/NĐ-CP", "47") and not scope.contains("06/2022/QH15", "80")
    assert not scope.contains("06/2022/QH15", "44")  # a Huân chương clause retrieval also finds
    quiz = build_quiz(assistant, n=10, seed=1, topic="khen thưởng cấp tỉnh")
    assert quiz.questions and all(
        scope.contains(q.citation.doc_number, q.citation.article, q.citation.clause) for q in quiz.questions)


def test_quiz_rejects_bad_sizes(assistant: Assistant) -> None:
    with pytest.raises(ValueError, match="n must be"):
        build_quiz(assistant, n=0)


# -- dossier checklists -----------------------------------------------------------
@pytest.mark.parametrize(("award", "key", "must_cite"), [
    ("CSTĐ cơ sở", "cstd-co-so", {("06/2022/QH15", "84", "1"), ("07/2026/TT-BGDĐT", "20", "1")}),
    ("Chiến sĩ thi đua cấp Bộ", "cstd-bo-tinh", {("06/2022/QH15", "84", "1"), ("07/2026/TT-BGDĐT", "19", "6")}),
    ("Chiến sĩ thi đua toàn quốc", "cstd-toan-quoc",
     {("152/2025/NĐ-CP", "36", "2"), ("152/2025/NĐ-CP", "35", "1"), ("06/2022/QH15", "84", "4")}),
    ("Bằng khen của Thủ tướng Chính phủ", "bang-khen-ttg",
     {("152/2025/NĐ-CP", "42", "1"), ("06/2022/QH15", "84", "2"), ("06/2022/QH15", "84", "3")}),
    ("bằng khen cấp bộ", "bang-khen-bo-tinh", {("07/2026/TT-BGDĐT", "21", "1"), ("06/2022/QH15", "84", "2")}),
    ("Giấy khen", "giay-khen", {("07/2026/TT-BGDĐT", "23", "1"), ("06/2022/QH15", "84", "2")}),
])
def test_dossier_checklist_lines_are_verbatim_and_cited(assistant: Assistant, corpus: Corpus, award: str, key: str,
                                                        must_cite: set[tuple[str, str, str]]) -> None:
    checklist = dossier_checklist(assistant, award)
    assert checklist.award_key == key
    lines = checklist.lines
    assert lines and any(line.kind == "paper" for line in lines)
    cited = {(ln.citation.doc_number, ln.citation.article, ln.citation.clause) for ln in lines}
    assert must_cite <= cited
    for line in lines:
        c = line.citation
        assert c.in_force
        assert line.text in corpus.unit_text(c.doc_number, c.article, c.clause, c.point), c.label
        assert c.label.startswith(f"Điểm {c.point} " if c.point else ("Khoản" if c.clause else "Điều"))


def test_checklist_keeps_other_awards_and_revocation_out(assistant: Assistant) -> None:
    cs = dossier_checklist(assistant, "Chiến sĩ thi đua cơ sở")
    texts = " ".join(line.text for line in cs.lines)
    assert "Kỷ niệm chương" not in texts and "hủy bỏ" not in texts
    tq = dossier_checklist(assistant, "Chiến sĩ thi đua toàn quốc")
    assert ("06/2022/QH15", "84", "6") not in {(x.citation.doc_number, x.citation.article, x.citation.clause)
                                               for x in tq.lines}  # số lượng do Bộ, ngành, tỉnh quy định
    assert any(line.kind == "copies" and "01 bộ" in line.text for line in tq.lines)
    assert any(line.kind == "deadline" for line in tq.lines)


def test_award_names_and_abbreviations_resolve() -> None:
    assert award_for("CSTĐ cơ sở").key == "cstd-co-so"  # type: ignore[union-attr]
    assert award_for("chien si thi dua toan quoc").key == "cstd-toan-quoc"  # type: ignore[union-attr]
    assert award_for("BK thủ tướng").key == "bang-khen-ttg"  # type: ignore[union-attr]
    assert award_for("Bằng khen của Chủ tịch UBND tỉnh").key == "bang-khen-bo-tinh"  # type: ignore[union-attr]
    assert award_for("nấu ăn ngon") is None


def test_awards_of_a_level_first_award_and_phrases_without_awards() -> None:
    assert [a.key for a in awards_of_level("khen thưởng cấp tỉnh")] == [
        "cstd-bo-tinh", "co-thi-dua-bo-tinh", "bang-khen-bo-tinh"]  # not Tập thể lao động xuất sắc
    assert [a.key for a in awards_of_level("cấp cơ sở")] == ["cstd-co-so"]
    assert awards_of_level("hồ sơ khen thưởng cấp Nhà nước") == () and awards_of_level("khen cao") == ()
    first = first_award("ho so trinh xet tang danh hieu \"chien si thi dua toan quoc\" ... "
                        "nam co quyet dinh tang danh hieu chien si thi dua bo, ban, nganh, tinh")
    assert first is not None and first.key == "cstd-toan-quoc"
    assert first_award("hoan thanh tot nhiem vu") is None
    assert without_awards("ho so, thu tuc xet tang huan chuong").split() == ["ho", "so,", "thu", "tuc", "xet", "tang"]


# -- forms ----------------------------------------------------------------------
def test_forms_come_from_the_appendix_with_their_listed_titles(forms_assistant: Assistant) -> None:
    forms = list_forms(forms_assistant)
    assert [f.number for f in forms] == sorted(f"{n:02d}" for n in range(1, 14))
    by_number = {f.number: f for f in forms}
    assert by_number["07"].title == "Danh sách đề nghị xét tặng Kỷ niệm chương"
    assert by_number["07"].award == "Kỷ niệm chương"
    assert by_number["02"].purpose == "Xét tặng Cờ thi đua của Bộ Giáo dục và Đào tạo"
    assert by_number["07"].label == "Mẫu số 07 Phụ lục kèm theo Thông tư 07/2026/TT-BGDĐT"
    assert all(f.status == "in_force" for f in forms)


def test_form_search_and_fetch(forms_assistant: Assistant) -> None:
    found = list_forms(forms_assistant, "mẫu báo cáo thành tích cá nhân")
    assert found and {"04", "08"} <= {f.number for f in found[:4]}
    form = get_form(forms_assistant, "7")
    assert "DANH SÁCH" in form.text and "Kỷ niệm chương" in form.text
    with pytest.raises(UnknownDocument):
        get_form(forms_assistant, "99")


def test_chat_reaches_the_forms(forms_assistant: Assistant) -> None:
    answer = forms_assistant.ask("cho tôi mẫu báo cáo thành tích cá nhân")
    labels = [c.label for c in (*answer.citations, *answer.retrieved)]
    assert any(label.startswith("Mẫu số") for label in labels)


def test_forms_do_not_change_the_articles(forms_assistant: Assistant, assistant: Assistant) -> None:
    with_forms = [c for c in forms_assistant.store.document_chunks("07/2026/TT-BGDĐT") if not c.form]
    clean = assistant.store.document_chunks("07/2026/TT-BGDĐT")
    assert [c.id for c in with_forms] == [c.id for c in clean]
    assert len({c.article for c in with_forms}) == 32


def test_exported_forms_keep_footnote_markers_and_whole_table_rows(forms_assistant: Assistant) -> None:
    import io

    import docx

    from assistant.forms import form_blocks, marked
    from bots.exports import form_bytes

    report = get_form(forms_assistant, "04")  # "Thành tích đạt được của cá nhân2" with footnote 2
    document = docx.Document(io.BytesIO(form_bytes(report)))
    line = next(p for p in document.paragraphs if p.text.startswith("2. Thành tích đạt được của cá nhân"))
    assert [(r.text, bool(r.font.superscript)) for r in line.runs][-1] == ("2", True)
    notes = [b for b in form_blocks(report.text) if b.kind == "note"]
    assert [b.mark for b in notes][:3] == ["1", "2", "3"]
    md = form_bytes(report, "md").decode()
    assert "của cá nhân[^2]" in md and "[^2]: " in md
    assert marked("có 01 năm, Mẫu số 02, ngày 15/6/2022", {"1", "2"}) == [
        ("có 01 năm, Mẫu số 02, ngày 15/6/2022", False)]

    listing = get_form(forms_assistant, "07")  # a cell the source breaks over five lines
    table = docx.Document(io.BytesIO(form_bytes(listing))).tables[0]
    first = [c.text for c in table.rows[1].cells]
    assert first[0] == "1." and first[-1] == "22 năm"
    assert "Ngày nghỉ hưu" in first[5] and "Mức kỷ luật" in first[5]
