"""Structured answers end to end through `tdkt ask --jsonl` on the shared corpus: each kind of lead
(money, authority, dossier, deadline, criteria, yes/no) and the scope gate (an unaddressed topic, a
missing named document, a question partly covered, a follow-up), validity notes, and old documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bots.cli import cli

pytestmark = pytest.mark.slow  # the shared corpus index

TODAY = "2026-11-22"
QUESTIONS: dict[str, dict[str, str]] = {
    "money": {"question": "Giấy khen của Chủ tịch UBND xã được thưởng bao nhiêu tiền?"},
    "authority": {"question": "Ai có thẩm quyền quyết định tặng Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã?"},
    "dossier": {"question": "Hồ sơ đề nghị tặng danh hiệu Chiến sĩ thi đua toàn quốc gồm những gì?"},
    "dossier_of_family": {"question": "Cần chuẩn bị những giấy tờ gì cho hồ sơ đề nghị Huy chương Chiến sĩ vẻ vang "
                                      "hạng Ba?"},
    "deadline": {"question": "Thời hạn thẩm định hồ sơ khen thưởng của Bộ Nội vụ là bao lâu?"},
    "criteria": {"question": "Tiêu chuẩn danh hiệu Chiến sĩ thi đua cơ sở là gì?"},
    "yes_no": {"question": "Cá nhân bị kỷ luật cảnh cáo có được xét danh hiệu Lao động tiên tiến không?"},
    "case": {"question": "Tôi đạt Lao động tiên tiến năm 2025 và có sáng kiến được cơ sở công nhận. "
                         "Như vậy tôi có đủ tiêu chuẩn Chiến sĩ thi đua cơ sở không?"},
    "unknown_name": {"question": "Giải thưởng Trần Văn Ơn của Hội Sinh viên xét tặng thế nào?"},
    "unknown_award": {"question": "Huy hiệu “Tuổi trẻ sáng tạo” xét tặng theo tiêu chuẩn nào?"},
    "never_together": {"question": "Hội viên đạt danh hiệu Nông dân sản xuất, kinh doanh giỏi cấp tỉnh được "
                                   "thưởng bao nhiêu?"},
    "story_only": {"question": "Tôi được tặng Bằng khen của Chủ tịch UBND tỉnh năm nay. Vậy con tôi có được cộng "
                               "điểm khi thi vào lớp 10 không?"},
    "bare": {"question": "toi dang cong tac o xa, xin hoi tieu chuan chien si thi dua co so la gi?"},
    "deferred_field": {"question": "Người được tặng danh hiệu Anh hùng Lao động có được hưởng trợ cấp hằng tháng không?"},
    "missing_numbered": {"question": "Theo Thông tư 05/2025/TT-BNV thì tiêu chuẩn Giấy khen là gì?"},
    "missing_doc": {"question": "Theo Nghị định 73/2024 thì tiền thưởng Tết được tính thế nào?"},
    "known_doc_no_text": {"question": "Theo Thông tư 15/2025/TT-BNV, hồ sơ đề nghị khen thưởng gồm những gì?"},
    "neighbour": {"question": "Người đang tập sự có được xét danh hiệu Lao động tiên tiến không?"},
    "partly": {"question": "Tiêu chuẩn danh hiệu Lao động tiên tiến là gì? "
                           "Tiền thưởng kèm theo có phải nộp thuế thu nhập cá nhân không?"},
    "other_body": {"question": "Tiêu chuẩn xét tặng Bằng khen của Bộ Y tế là gì?"},
    "handed_off": {"question": "Xã đang chuẩn bị hồ sơ xét tặng danh hiệu Gia đình văn hóa cho các hộ. "
                               "Hồ sơ cần những giấy tờ gì?"},
    "handed_partly": {"question": "Tiêu chuẩn và hồ sơ xét tặng danh hiệu Gia đình văn hóa gồm những gì?"},
    "handed_details": {"question": "Thủ tục xét tặng danh hiệu Nghệ nhân ưu tú trong lĩnh vực di sản văn hóa "
                                   "phi vật thể gồm những bước nào?"},
    "own_body": {"question": "Hồ sơ đề nghị Kỷ niệm chương Vì sự nghiệp giáo dục gồm những gì?"},
    "first_turn": {"question": "Mức tiền thưởng Huân chương Lao động hạng Ba là bao nhiêu?", "conversation_id": "c1"},
    "follow_up": {"question": "còn hạng Nhì thì sao?", "conversation_id": "c1"},
    "old_doc": {"question": "Theo Nghị định 91/2017, mức tiền thưởng Huân chương Lao động hạng Ba là bao nhiêu?"},
    "pointer": {"question": "Tiêu chuẩn xét tặng Cờ thi đua của Chính phủ cho tập thể là gì?"},
    "force_general": {"question": "Tập thể lao động xuất sắc do ai tặng?"},
    "force_unit": {"question": "Tiểu đoàn tôi đạt Đơn vị quyết thắng, ai ký quyết định?"},
    "definition": {"question": "Thành tích đột xuất được hiểu thế nào?"},
    "handed_council": {"question": "Trường em có 2 cô muốn đề nghị danh hiệu NGƯT. Cho em hỏi Hội đồng xét tặng cấp "
                                   "cơ sở gồm những ai và phải đạt bao nhiêu % phiếu tín nhiệm?"},
    "quoted_title": {"question": "Hội Khuyến học xã đề nghị bình xét thêm. Xin hỏi tiêu chí công nhận “Gia đình học "
                                 "tập” gồm những gì?"},
    "named_old_missing": {"question": "Trước đây làm theo NĐ 98/2023, Sở giữ lại hiện vật khen thưởng thu hồi trong "
                                      "kho. Theo quy định hiện hành, hiện vật khen thưởng bị thu hồi phải gửi về đâu, "
                                      "có gì khác so với trước?"},
    "story_old": {"question": "Công đoàn công ty tìm văn bản cũ (Nghị định 91/2017) thấy công nhân phải có 02 sáng "
                              "kiến mới được Huân chương Lao động hạng Ba. Xin hỏi quy định hiện hành đối với công nhân "
                              "còn yêu cầu 02 sáng kiến không?"},
    "missing_form": {"question": "cho em xin Mau so 13 kem ND 152, mau gom nhung muc gi a?"},
    "missing_changes": {"question": "Luật 06/2026/QH16 đã sửa những điều nào của Luật Thi đua, khen thưởng?"},
    "money_two": {"question": "Giấy khen và Bằng khen của Chủ tịch UBND tỉnh được thưởng bao nhiêu tiền?"},
    "party_doc": {"question": "Xin hỏi Chỉ thị 34-CT/TW về đổi mới công tác thi đua, khen thưởng ban hành ngày nào?"},
    "body_partly": {"question": "1) Em Đức cứu 3 học sinh đuối nước thì có đủ tiêu chuẩn đề nghị Huân chương Dũng cảm "
                                "không? 2) Tiêu chuẩn Huy hiệu Tuổi trẻ dũng cảm của Trung ương Đoàn gồm những gì?"},
    "leaning_uncovered": {"question": "cong ty toi duoc tang Bang khen cua Chu tich UBND tinh. Doan kiem tra noi kho hoa "
                                      "chat phai co giay phep kinh doanh hoa chat. Xin hoi giay nay xin o co quan nao, "
                                      "bao lau phai cap lai?"},
    "leaning_on_the_case": {"question": "Phường tôi vừa được tặng Cờ thi đua của tỉnh. Phường định tổ chức một buổi lễ "
                                        "riêng để đón nhận Cờ, có đoàn diễu hành rước Cờ quanh phường. Làm vậy có đúng "
                                        "quy định không, hay phải ghép vào dịp nào?"},
    "private_school_fund": {"question": "Trường mầm non tư thục của tôi thì quỹ thi đua, khen thưởng được lập từ nguồn "
                                        "nào, có phải trích theo quỹ lương không?"},
    "public_fund": {"question": "Quỹ thi đua, khen thưởng của sở, ban, ngành cấp tỉnh được trích tối đa bao nhiêu?"},
    "asks_off_story": {"question": "Phòng tôi vừa trình Bằng khen của Chủ tịch UBND tỉnh cho một doanh nghiệp. Sau lễ "
                                   "trao, doanh nghiệp gửi cán bộ thẩm định một phong bì. Cán bộ có được nhận không? "
                                   "Nếu lỡ nhận thì báo cáo ai và nộp lại trong bao lâu?"},
}


@pytest.fixture(scope="module")
def answers(shared_index: Path) -> dict[str, dict[str, Any]]:
    """Every question in one `tdkt ask --jsonl` run (one process, so the follow-up sees its first turn)."""
    stdin = "\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS.values()) + "\n"
    result = CliRunner().invoke(cli.commands["ask"], ["--jsonl"], input=stdin,
                                obj={"config": None, "data_dir": shared_index}, env={"TDKT_TODAY": TODAY})
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == len(QUESTIONS)
    return dict(zip(QUESTIONS, lines, strict=True))


def _answered(a: dict[str, Any], kind: str) -> None:
    """The shape every answered question has: lead first, quotes that are spans of their citations."""
    assert a["refused"] is False and a["decision"]["status"] in ("answered", "partly")
    assert a["lead_kind"] == kind, a["lead"]
    assert a["answer"].startswith(a["lead"]) and len(a["lead"]) <= 400
    assert a["quotes"] and all(q["text"] == a["citations"][q["citation"]]["text"] for q in a["quotes"])
    assert all(f"«{q['text']}»" in a["answer"] for q in a["quotes"])


def test_money_names_the_coefficient_and_the_point(answers: dict[str, dict[str, Any]]) -> None:
    a = answers["money"]
    _answered(a, "money")
    assert "0,3 lần mức lương cơ sở" in a["answer"][:300]
    first = a["citations"][0]
    assert (first["doc_number"], first["article"], first["clause"], first["point"]) == ("152/2025/NĐ-CP", 54, 1, "e")
    assert "điểm e khoản 1 Điều 54" in a["lead"] and len(a["answer"]) <= 800
    # Only the point that answers is quoted, not all six points of the clause.
    assert "3,5 lần" not in a["quotes"][0]["text"]
    # The lead names the provision; the quote below it does not repeat the name (the structure keeps it).
    assert a["answer"].count("Điều 54 Nghị định 152/2025/NĐ-CP") == 1 and a["quotes"][0]["label"]


def test_authority_says_who_decides(answers: dict[str, dict[str, Any]]) -> None:
    a = answers["authority"]
    _answered(a, "authority")
    assert a["lead"].startswith("Thẩm quyền:") and "Chủ tịch Ủy ban nhân dân cấp xã" in a["lead"]


def test_who_decides_for_everyone_is_not_the_army_or_the_polices_rule(answers: dict[str, dict[str, Any]]) -> None:
    general = answers["force_general"]
    _answered(general, "authority")
    assert [(c["doc_number"], c["article"], c["clause"]) for c in general["citations"][:1]] == [("06/2022/QH15", 79, 4)]
    # Given at two levels and asked with none: both clauses naming it (a ministry's, a province's).
    assert {(c["article"], c["clause"]) for c in general["citations"]} >= {(79, 2), (79, 4)}
    # Asked from a battalion: the army's rule, and "tiểu đoàn" is where the asker serves, not a topic.
    unit = answers["force_unit"]
    _answered(unit, "authority")
    assert (unit["citations"][0]["doc_number"], unit["citations"][0]["article"],
            unit["citations"][0]["clause"]) == ("152/2025/NĐ-CP", 32, 1)


def test_a_definition_is_answered_by_the_line_that_defines_the_term(answers: dict[str, dict[str, Any]]) -> None:
    a = answers["definition"]
    assert a["refused"] is False
    first = a["citations"][0]
    assert (first["doc_number"], first["article"], first["clause"]) == ("152/2025/NĐ-CP", 3, 3)
    # … and it ranks first, above a line defining "Khen thưởng đột xuất" (what `tdkt search` shows).
    assert (a["retrieved"][0]["doc_number"], a["retrieved"][0]["article"]) == ("152/2025/NĐ-CP", 3)
    assert "ngoài chương trình, kế hoạch, nhiệm vụ" in a["answer"][:400]


def test_dossier_lists_the_papers(answers: dict[str, dict[str, Any]]) -> None:
    a = answers["dossier"]
    _answered(a, "dossier")
    assert a["lead"].startswith("Hồ sơ") and "Báo cáo thành tích" in a["lead"] and "Tờ trình" in a["lead"]


def test_a_dossier_for_one_award_is_the_list_for_its_family_not_the_awards_criteria(
        answers: dict[str, dict[str, Any]]) -> None:
    a = answers["dossier_of_family"]
    assert a["lead_kind"] == "dossier" and a["lead"].startswith("Hồ sơ (01 bộ")
    assert a["citations"][0]["label"].startswith("Điều 40 Nghị định 152/2025/NĐ-CP")
    assert "danh sách trích ngang" in a["quotes"][0]["text"]


def test_deadline_gives_the_days(answers: dict[str, dict[str, Any]]) -> None:
    a = answers["deadline"]
    _answered(a, "deadline")
    assert "20 ngày làm việc" in a["lead"] and a["citations"][0]["doc_number"] == "152/2025/NĐ-CP"


def test_criteria_quote_the_whole_list(answers: dict[str, dict[str, Any]]) -> None:
    a = answers["criteria"]
    _answered(a, "criteria")
    first = a["citations"][0]
    assert (first["doc_number"], first["article"]) == ("06/2022/QH15", 23)
    assert "“Lao động tiên tiến”" in a["quotes"][0]["text"] and "sáng kiến" in a["quotes"][0]["text"]
    # The lead says the list's lead-in; the quote starts at the list instead of saying it twice.
    assert a["lead"].endswith("đạt các tiêu chuẩn sau đây:") and a["quotes"][0]["text"].startswith("1. ")
    # An answer resting on the 2022 law says that a later law amended it, and that its text is missing.
    assert any("06/2026/QH16" in n and "01/10/2026" in n for n in a["notes"])


def test_yes_no_question_is_answered_with_the_rule_that_applies(answers: dict[str, dict[str, Any]]) -> None:
    a = answers["yes_no"]
    _answered(a, "yes_no")
    # Có / Không / Tùy trường hợp only when the quoted text decides it; otherwise the rule that applies.
    verdict = a["lead"].split(".")[0]
    assert verdict in ("Có", "Không", "Tùy trường hợp") or a["lead"].startswith("Theo ")
    assert "kỷ luật" in a["answer"]


def test_whether_a_case_meets_a_standard_is_answered_with_the_whole_standard(
        answers: dict[str, dict[str, Any]]) -> None:
    a = answers["case"]
    # The text cannot check the person's facts: no bare "Có"; every criterion to check them against.
    _answered(a, "criteria")
    assert not a["lead"].startswith(("Có", "Không"))
    assert str(a["citations"][0]["article"]) == "23" and a["citations"][0]["doc_number"] == "06/2022/QH15"
    assert "“Lao động tiên tiến”" in a["quotes"][0]["text"] and "sáng kiến" in a["quotes"][0]["text"]


def test_an_organisation_the_library_never_names_is_declined_with_related_provisions(
        answers: dict[str, dict[str, Any]]) -> None:
    a = answers["unknown_name"]
    assert a["refused"] is True and a["decision"]["status"] == "not_covered" and a["citations"] == []
    # Named as the award it is: the prize, not only the proper name in it.
    assert a["answer"].startswith("Các văn bản trong thư viện không quy định về “Giải thưởng Trần Văn Ơn”")
    assert "Giải thưởng Trần Văn Ơn" in a["decision"]["missing_topics"] and a["decision"]["advice"]
    assert a["related"] and "chỉ để tham khảo" in a["answer"]


def test_an_award_the_library_never_names_is_declined(answers: dict[str, dict[str, Any]]) -> None:
    a = answers["unknown_award"]
    assert a["refused"] is True and a["decision"]["status"] == "not_covered" and a["citations"] == []
    assert a["answer"].startswith("Các văn bản trong thư viện không quy định về “Huy hiệu Tuổi trẻ sáng tạo”")


def test_an_award_named_by_words_no_passage_writes_together_is_declined(answers: dict[str, dict[str, Any]]) -> None:
    a = answers["never_together"]  # every word is the library's ("nông dân", "sản xuất"), the name is not
    assert a["refused"] is True and a["decision"]["status"] == "not_covered" and a["citations"] == []
    assert a["answer"].startswith("Các văn bản trong thư viện không quy định về “danh hiệu Nông dân sản xuất")


def test_a_question_on_the_domain_only_in_its_story_is_judged_by_what_it_asks(
        answers: dict[str, dict[str, Any]]) -> None:
    """The story names an award; the sentence that asks is about school admission."""
    a = answers["story_only"]
    assert a["refused"] is True and a["decision"]["status"] == "not_covered" and a["citations"] == []


def test_a_question_typed_without_diacritics_is_answered_as_if_typed_with_them(
        answers: dict[str, dict[str, Any]]) -> None:
    a = answers["bare"]
    assert a["refused"] is False and a["lead_kind"] == "criteria"
    assert a["citations"][0]["article"] == 23 and a["citations"][0]["doc_number"] == "06/2022/QH15"
    assert "Chiến sĩ thi đua cơ sở" in a["answer"]


def test_a_field_the_library_only_leaves_to_its_own_law_is_declined(answers: dict[str, dict[str, Any]]) -> None:
    """The 2022 law mentions "chế độ ưu đãi" only to leave it to the law on people with merit."""
    a = answers["deferred_field"]
    assert a["refused"] is True and a["decision"]["missing_topics"] == ["trợ cấp, ưu đãi người có công"]


def test_a_named_document_the_library_lacks_is_named_as_missing(answers: dict[str, dict[str, Any]]) -> None:
    a = answers["missing_doc"]
    assert a["refused"] is True and a["decision"]["missing_documents"] == ["Nghị định 73/2024"]
    assert a["answer"].startswith("Thư viện không có Nghị định 73/2024")
    numbered = answers["missing_numbered"]  # its number as written, not "05/2025/THÔNG TƯ-BNV"
    assert numbered["refused"] is True and numbered["decision"]["missing_documents"] == ["Thông tư 05/2025/TT-BNV"]
    known = answers["known_doc_no_text"]  # in the catalog, its text is not: answered from what is on hand
    assert known["refused"] is False and known["decision"]["status"] == "partly"
    assert "Thông tư 15/2025/TT-BNV" in known["decision"]["missing_documents"]
    assert "chưa có toàn văn Thông tư 15/2025/TT-BNV" in known["answer"]
    assert all(c["doc_number"] != "12/2019/TT-BNV" for c in known["citations"])  # not the text it replaced


def test_the_old_rule_beside_todays_is_the_named_texts_or_none(answers: dict[str, dict[str, Any]]) -> None:
    """"Trước đây làm theo NĐ 98/2023 …": the decree it names is not on hand; NĐ 91/2017, which it had replaced,
    is not shown as what it said. Today's rule answers."""
    a = answers["named_old_missing"]
    assert a["refused"] is False and a["citations"][0]["doc_number"] == "152/2025/NĐ-CP"
    assert all(c["doc_number"] != "91/2017/NĐ-CP" for c in a["citations"]), a["answer"]


def test_a_replaced_text_the_story_names_is_shown_beside_todays_rule(answers: dict[str, dict[str, Any]]) -> None:
    """"… tìm văn bản cũ (Nghị định 91/2017) thấy … Xin hỏi quy định hiện hành …?": today's rule answers (the list
    behind it is today's ranking), and what the replaced decree said is quoted beside it, labelled as replaced."""
    a = answers["story_old"]
    assert a["refused"] is False and a["as_of"] == TODAY, a["as_of"]
    assert a["citations"][0]["doc_number"] != "91/2017/NĐ-CP" and a["retrieved"][0]["doc_number"] != "91/2017/NĐ-CP"
    assert any(c["doc_number"] == "91/2017/NĐ-CP" for c in a["citations"]), a["answer"]
    assert "Trước đây (hết hiệu lực), theo Khoản 2 Điều 24 Nghị định 91/2017/NĐ-CP" in a["answer"], a["answer"]


def test_a_form_whose_appendix_the_library_lacks_is_named_as_missing(answers: dict[str, dict[str, Any]]) -> None:
    """The decree's appendix of forms is not in the library: a question about one of its forms is told so, not
    answered from the article about the report the form is for."""
    a = answers["missing_form"]
    assert a["refused"] is True and a["decision"]["status"] == "not_covered" and a["citations"] == []
    assert a["decision"]["missing_documents"] == ["Mẫu số 13 kèm theo Nghị định 152/2025/NĐ-CP"]
    assert a["answer"].startswith("Thư viện chưa có toàn văn Mẫu số 13 kèm theo Nghị định 152/2025/NĐ-CP")


def test_a_neighbouring_field_of_law_is_declined(answers: dict[str, dict[str, Any]]) -> None:
    """No text of the library speaks of probation: the answer says so instead of quoting LĐTT criteria."""
    a = answers["neighbour"]
    assert a["refused"] is True and a["decision"]["status"] == "not_covered" and a["citations"] == []
    assert a["decision"]["missing_topics"] == ["tập sự"]
    assert a["answer"].startswith("Các văn bản trong thư viện không quy định về “tập sự”")
    assert a["related"] and "chỉ để tham khảo" in a["answer"]


def test_partly_covered_says_which_part_the_library_does_not_address(answers: dict[str, dict[str, Any]]) -> None:
    a = answers["partly"]
    assert a["refused"] is False and a["decision"]["status"] == "partly"
    assert a["decision"]["missing_topics"] == ["thuế thu nhập cá nhân"]
    # Two asks, answered one by one: the standard, then what the library does not address.
    first, second = a["answer"].split("\n\n2) ", 1)
    assert first.startswith("1) ") and "Lao động tiên tiến" in first
    assert second.startswith("Các văn bản trong thư viện không quy định về “thuế thu nhập cá nhân”")
    assert a["lead"].startswith("1) ") and "\n2) " in a["lead"]
    assert not any(r in a["lead"] for r in a["decision"]["reasons"])  # renderers show both: said once
    assert any(c["doc_number"] in ("06/2022/QH15", "152/2025/NĐ-CP") for c in a["citations"])


def test_another_bodys_own_award_is_declined_unless_the_library_holds_its_rules(
        answers: dict[str, dict[str, Any]]) -> None:
    a = answers["other_body"]
    assert a["refused"] is True and a["decision"]["status"] == "not_covered"
    assert a["decision"]["missing_topics"] == ["quy định riêng của Bộ Y tế"]
    assert a["answer"].startswith("Các văn bản trong thư viện không có quy định riêng của Bộ Y tế")
    own = answers["own_body"]  # the library holds Bộ Giáo dục và Đào tạo's own circular
    assert own["refused"] is False and any(c["doc_number"] == "07/2026/TT-BGDĐT" for c in own["citations"])


def test_a_dossier_the_library_hands_to_a_province_is_declined_with_the_handing_provision(
        answers: dict[str, dict[str, Any]]) -> None:
    """NĐ 152/2025 Điều 6 leaves the dossier of "Gia đình văn hóa" to ministries and provinces and no text
    of the library sets it out: the award's criteria must not stand in for its dossier."""
    a = answers["handed_off"]
    assert a["refused"] is True and a["decision"]["status"] == "not_covered" and a["citations"] == []
    assert a["decision"]["missing_topics"] == ["hồ sơ, thủ tục xét tặng Gia đình văn hóa"]
    assert a["answer"].startswith("Các văn bản trong thư viện không quy định hồ sơ, thủ tục xét tặng “Gia đình văn hóa”: "
                                  "điểm c khoản 2 Điều 6 Nghị định 152/2025/NĐ-CP giao việc này cho bộ, ban, ngành, tỉnh")
    assert a["decision"]["handed_off_by"] == ["Điểm c Khoản 2 Điều 6 Nghị định 152/2025/NĐ-CP"]
    assert a["decision"]["advice"] == "Tra văn bản do bộ, ban, ngành, tỉnh ban hành."
    first = a["related"][0]
    assert (first["doc_number"], first["article"], first["clause"], first["point"]) == ("152/2025/NĐ-CP", 6, 2, "c")


def test_the_procedure_of_a_title_whose_details_the_law_leaves_to_the_government_is_declined(
        answers: dict[str, dict[str, Any]]) -> None:
    """Luật 2022 Điều 67 khoản 5 ("Chính phủ quy định chi tiết Điều này") leaves the details of "Nghệ nhân
    ưu tú" to a decree the library lacks; NĐ 152/2025 only lists the title in a general step."""
    a = answers["handed_details"]
    assert a["refused"] is True and a["decision"]["status"] == "not_covered" and a["citations"] == []
    assert a["decision"]["handed_off_by"] == ["Khoản 5 Điều 67 Luật Thi đua, khen thưởng 2022 (06/2022/QH15)"]
    assert "giao việc này cho Chính phủ quy định" in a["answer"]


def test_the_criteria_are_answered_when_the_dossier_asked_beside_them_is_handed_off(
        answers: dict[str, dict[str, Any]]) -> None:
    a = answers["handed_partly"]
    _answered(a, "criteria")
    assert a["decision"]["status"] == "partly"
    assert a["decision"]["handed_off_by"] == ["Điểm c Khoản 2 Điều 6 Nghị định 152/2025/NĐ-CP"]
    assert (a["citations"][0]["doc_number"], a["citations"][0]["article"]) == ("06/2022/QH15", 31)
    assert "Phần chưa được quy định: các văn bản trong thư viện không quy định hồ sơ, thủ tục" in a["answer"]


def test_follow_up_replaces_the_rank_and_keeps_the_award(answers: dict[str, dict[str, Any]]) -> None:
    assert "4,5 lần mức lương cơ sở" in answers["first_turn"]["lead"]
    a = answers["follow_up"]
    _answered(a, "money")
    assert "7,5 lần mức lương cơ sở" in a["lead"] and a["citations"][0]["point"] == "g"


def test_old_document_is_labelled_no_longer_in_force_beside_todays_rule(answers: dict[str, dict[str, Any]]) -> None:
    a = answers["old_doc"]
    _answered(a, "money")
    docs = [c["doc_number"] for c in a["citations"]]
    assert docs[0] == "152/2025/NĐ-CP" and "91/2017/NĐ-CP" in docs
    old = a["citations"][docs.index("91/2017/NĐ-CP")]
    assert old["in_force"] is False and "Trước đây (hết hiệu lực)" in a["answer"]
    assert "còn hiệu lực" not in a["answer"]
    assert any("91/2017/NĐ-CP đã hết hiệu lực" in n for n in a["notes"])


def test_the_law_a_decree_points_to_is_quoted_after_it(answers: dict[str, dict[str, Any]]) -> None:
    # NĐ 152 Điều 7: "… đạt tiêu chuẩn quy định tại khoản 1 Điều 25 của Luật": the criteria are the law's.
    a = answers["pointer"]
    _answered(a, "criteria")
    labels = [q["label"] for q in a["quotes"]]
    assert labels[:2] == ["Khoản 1 Điều 7 Nghị định 152/2025/NĐ-CP",
                          "Khoản 1 Điều 25 Luật Thi đua, khen thưởng 2022 (06/2022/QH15)"], labels
    assert "hoàn thành vượt các chỉ tiêu thi đua" in a["quotes"][1]["text"]


def test_the_gate_declines_a_handed_off_council_a_quoted_outside_title_and_a_missing_laws_changes(
        answers: dict[str, dict[str, Any]]) -> None:
    council = answers["handed_council"]  # NGƯT named in the story; its procedure is the Government's to set
    assert council["refused"] and "Nhà giáo ưu tú" in council["answer"] and "Chính phủ" in council["answer"]
    title = answers["quoted_title"]
    assert title["refused"] and "Gia đình học tập" in title["decision"]["missing_topics"]
    changes = answers["missing_changes"]
    assert changes["refused"] and changes["decision"]["missing_documents"]



def test_asks_none_of_which_is_covered_are_declined_together(answers: dict[str, dict[str, Any]]) -> None:
    """Two asks about a gift after a ceremony: judged together none is covered, so neither is answered
    alone from the story's words about the award."""
    a = answers["asks_off_story"]
    assert a["refused"] and a["decision"]["status"] == "not_covered" and a["citations"] == [], a["answer"][:300]


def test_an_amount_asked_of_two_awards_gives_each_its_point(answers: dict[str, dict[str, Any]]) -> None:
    a = answers["money_two"]
    _answered(a, "money")
    assert a["lead"].startswith("Mức tiền thưởng: Giấy khen 0,3 lần mức lương cơ sở (điểm e); Bằng khen cấp bộ, "
                                "tỉnh 1,5 lần mức lương cơ sở (điểm b)")
    assert {(c["article"], c["clause"], c["point"]) for c in a["citations"]} >= {(54, 1, "e"), (54, 1, "b")}


def test_a_party_document_the_library_lacks_is_named_as_missing(answers: dict[str, dict[str, Any]]) -> None:
    a = answers["party_doc"]
    assert a["refused"] is True and a["decision"]["missing_documents"] == ["Chỉ thị 34-CT/TW"]
    assert a["answer"].startswith("Thư viện không có Chỉ thị 34-CT/TW")


def test_an_ask_beside_another_bodys_award_is_answered_and_the_other_named(answers: dict[str, dict[str, Any]]) -> None:
    a = answers["body_partly"]
    assert a["refused"] is False and a["decision"]["status"] == "partly"
    assert any(c["doc_number"] == "06/2022/QH15" for c in a["citations"])
    assert "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh" in a["answer"]


def test_a_sentence_asking_in_the_librarys_words_about_a_paper_it_never_covers_is_declined(
        answers: dict[str, dict[str, Any]]) -> None:
    """The story names an award; "giấy này" (a chemicals licence) is asked in words the library uses, so
    the sentence leans on the story; with the sentence it leans on, nothing of it is in the passages found."""
    a = answers["leaning_uncovered"]
    assert a["refused"] is True and a["decision"]["status"] == "not_covered" and a["citations"] == []


def test_a_sentence_leaning_on_a_ceremony_told_before_it_is_answered(answers: dict[str, dict[str, Any]]) -> None:
    """"Làm vậy có đúng quy định không?" says nothing on its own: judged with the sentence before it (a ceremony
    for a Cờ thi đua), it is covered, where alone its coverage was 0 and it was declined."""
    a = answers["leaning_on_the_case"]
    assert a["refused"] is False and a["decision"]["status"] != "not_covered"
    assert a["citations"] and a["citations"][0]["doc_number"] == "152/2025/NĐ-CP"


def test_a_fund_asked_by_a_private_school_is_answered_by_its_own_clause(answers: dict[str, dict[str, Any]]) -> None:
    """Điều 46 NĐ 152/2025 gives each kind of body its fund's clause; they share nearly every word."""
    own = answers["private_school_fund"]
    assert [(c["doc_number"], c["article"], c["clause"]) for c in own["citations"]][:1] == [("152/2025/NĐ-CP", 46, 9)]
    assert "tự quyết định, tự chịu trách nhiệm" in own["answer"][:300]
    public = answers["public_fund"]  # no such kind named: the agencies' clause, with its share
    assert public["citations"][0]["clause"] == 3 and public["answer"].startswith("Mức trích: 20%")
