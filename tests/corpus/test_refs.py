from __future__ import annotations

import pytest

from corpus.refs import doc_key, find_doc_hints, find_references


@pytest.mark.parametrize("a,b", [
    ("152/2025/NĐ-CP", "152/2025/nd-cp"), ("07 /2026/TT-BGDĐT", "7/2026/TT-BGDDT"), ("06/2022/QH15", "6/2022/qh15"),
])
def test_doc_key_folds_case_d_separators_and_zeros(a: str, b: str) -> None:
    assert doc_key(a) == doc_key(b)


def test_clause_point_article_with_decree_hint() -> None:
    (ref,) = find_references("khoản 3 điều 4 nghị định 152")
    assert (ref.article, ref.clause, ref.point) == (4, 3, None)
    assert ref.doc is not None and ref.doc.doc_type == "Nghị định" and ref.doc.serial == 152


def test_point_dd_is_kept() -> None:
    (ref,) = find_references("điểm đ khoản 2 Điều 24 của Luật 06/2022/QH15")
    assert (ref.article, ref.clause, ref.point) == (24, 2, "đ")
    assert ref.doc is not None and ref.doc.number is not None and doc_key(ref.doc.number) == doc_key("06/2022/QH15")


def test_reversed_order_and_form_numbers() -> None:
    refs = find_references("dieu 24 khoan 1 luat 2003; mẫu số 7")
    assert any(r.article == 24 and r.clause == 1 and r.doc and r.doc.year == 2003 for r in refs)
    assert any(r.form == "07" for r in refs)


def test_year_is_not_taken_for_a_serial() -> None:
    (hint,) = find_doc_hints("theo luật 2003")
    assert hint.serial is None and hint.year == 2003


def test_party_documents_and_laws_named_by_title() -> None:
    from corpus.refs import find_other_documents  # noqa: PLC0415

    found = find_other_documents("Chỉ thị 34-CT/TW, Quy định 131-QĐ/TW, Bộ luật Lao động năm 2019 và Luật Hợp tác xã "
                                 "2023; theo luật 2022 thì …")
    assert [(h.doc_type, h.number, h.title, h.year) for h in found] == [
        ("Chỉ thị", "34-CT/TW", None, None), ("Quy định", "131-QĐ/TW", None, None),
        ("Bộ luật", None, "Lao động", 2019), ("Luật", None, "Hợp tác xã", 2023)]
    assert find_other_documents("Nghị định 152/2025/NĐ-CP quy định gì?") == []
