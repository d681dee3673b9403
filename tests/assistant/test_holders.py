"""Whose fund a clause rules, and which kind of body a question speaks of (assistant.holders)."""

from __future__ import annotations

from assistant.holders import asked_holder, fund_holder, other_holder

PUBLIC = "a) Quỹ thi đua, khen thưởng của sở, ban, ngành cấp tỉnh, đơn vị sự nghiệp do Nhà nước đảm bảo chi thường xuyên"
PRIVATE = "9. Quỹ thi đua, khen thưởng của các cơ sở giáo dục tư thục và dân lập được tự quyết định, tự chịu trách nhiệm"
ASSOCIATION = "5. Quỹ thi đua, khen thưởng của các tổ chức chính trị - xã hội - nghề nghiệp, tổ chức xã hội, nghề nghiệp"
MASS = "4. Quỹ thi đua, khen thưởng của tổ chức chính trị, Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam và tổ chức"
COOPERATIVES = "8. Quỹ thi đua, khen thưởng của các hợp tác xã nông, lâm, ngư nghiệp"


def test_a_clause_names_whose_fund_it_rules() -> None:
    assert [fund_holder(t) for t in (PUBLIC, PRIVATE, ASSOCIATION, MASS, COOPERATIVES)] == [
        "public", "private_school", "association", "political", "enterprise"]
    assert fund_holder("a) Từ nguồn ngân sách nhà nước với mức tối đa 20% tổng quỹ tiền lương") is None
    assert fund_holder("Mức tiền thưởng danh hiệu Lao động tiên tiến") is None


def test_a_question_names_the_kind_of_body_it_is_asked_from_typed_either_way() -> None:
    assert asked_holder("cho em hoi truong tu thuc nhu tui em thi quy thi dua lap tu nguon nao") == "private_school"
    assert asked_holder("Hội Làm vườn tỉnh (tổ chức xã hội - nghề nghiệp) lập quỹ thế nào?") == "association"
    assert asked_holder("Quỹ của Hội Nông dân xã lấy từ đâu?") == "political"
    assert asked_holder("Hợp tác xã của tôi lập quỹ thi đua thế nào?") == "enterprise"
    assert asked_holder("Quỹ thi đua, khen thưởng của xã trích bao nhiêu?") is None


def test_another_kinds_clause_answers_another_question() -> None:
    assert other_holder(None, PRIVATE) and not other_holder(None, PUBLIC)
    assert other_holder("private_school", PUBLIC) and not other_holder("private_school", PRIVATE)
    # A point under its clause's lead-in is the clause's body's.
    assert other_holder("association", "a) Từ nguồn ngân sách nhà nước", context="1. Quỹ thi đua, khen thưởng của các bộ")
    assert not other_holder(None, "a) Từ nguồn ngân sách nhà nước", context="1. Quỹ thi đua, khen thưởng của các bộ")
