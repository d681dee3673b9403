"""A provincial Quyết định with the Quy định it promulgates: two article sequences, dates from the text."""

from __future__ import annotations

from pathlib import Path

from assistant.features import province_of
from corpus import Catalog, load_document
from indexer import chunk_document

DECISION = """ỦY BAN NHÂN DÂN
TỈNH THỬ NGHIỆM
Số: 99/2031/QĐ-UBND
Thử Nghiệm, ngày 01 tháng 3 năm 2031
QUYẾT ĐỊNH
Ban hành Quy định về công tác thi đua, khen thưởng tỉnh Thử Nghiệm
ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM
Căn cứ Luật Thi đua, khen thưởng;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy định về công tác thi đua, khen thưởng tỉnh Thử Nghiệm.
Điều 2. Quyết định này có hiệu lực kể từ ngày 15 tháng 3 năm 2031.
Điều 3. Các sở, ngành chịu trách nhiệm thi hành Quyết định này./.
Nơi nhận:
- Như Điều 3;
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn A
QUY ĐỊNH
VỀ CÔNG TÁC THI ĐUA, KHEN THƯỞNG TỈNH THỬ NGHIỆM
(Ban hành kèm theo Quyết định số 99/2031/QĐ-UBND)
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy định này quy định tiêu chuẩn Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh.
Điều 2. Tiêu chuẩn Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh
1. Cá nhân hoàn thành xuất sắc nhiệm vụ hai năm liên tục.
2. Tập thể hoàn thành xuất sắc nhiệm vụ hai năm liên tục.
Điều 3. Tổ chức thực hiện
Sở Nội vụ hướng dẫn thực hiện Quy định này.
"""


def test_both_article_sequences_are_kept_and_cited_by_their_part(tmp_path: Path) -> None:
    path = tmp_path / "qd.txt"
    path.write_text(DECISION, "utf-8")
    doc = load_document(path, Catalog.builtin())
    assert not [w for w in doc.warnings if "duplicate" in w or "gap" in w]
    chunks = chunk_document(doc)
    labels = [c.label() for c in chunks]
    assert "Điều 3 Quyết định 99/2031/QĐ-UBND" in labels
    assert "Điều 3 Quy định ban hành kèm theo Quyết định 99/2031/QĐ-UBND" in labels
    assert "Điều 2 Quy định ban hành kèm theo Quyết định 99/2031/QĐ-UBND" in labels
    assert len({c.id for c in chunks}) == len(chunks)


def test_a_text_the_catalog_lacks_takes_its_date_of_effect_from_its_own_words(tmp_path: Path) -> None:
    path = tmp_path / "qd.txt"
    path.write_text(DECISION, "utf-8")
    doc = load_document(path, Catalog.builtin())
    assert doc.effective is not None and doc.effective.isoformat() == "2031-03-15"
    assert doc.status == "in_force"
    assert province_of(doc.issuer) == "thu nghiem"


FORMS = """Mẫu số 01
Mẫu báo cáo thành tích đề nghị tặng Bằng khen
(Kèm theo Quy định ban hành kèm theo Quyết định số 99/2031/QĐ-UBND)
BÁO CÁO THÀNH TÍCH
1. Quyền hạn, nhiệm vụ được giao:
2. Thành tích đạt được của cá nhân:
3. Cá nhân cam kết không bị xử lý kỷ luật.
Mẫu số 02
Mẫu Bằng khen
Khổ giấy A3, nền hoa văn trống đồng.
"""


def test_forms_after_the_last_article_are_forms_not_more_clauses(tmp_path: Path) -> None:
    """No signature block between the attached Quy định and its forms: the numbered lines of the
    form must not become clauses 1–3 of its last article again (same ids: passages overwritten)."""
    path = tmp_path / "qd.txt"
    path.write_text(DECISION + FORMS, "utf-8")
    chunks = chunk_document(load_document(path, Catalog.builtin()))
    assert len({c.id for c in chunks}) == len(chunks)
    last = [c for c in chunks if c.part and c.article == "3"]
    assert len(last) == 1 and "cam kết" not in last[0].text
    forms = {c.form: c for c in chunks if c.form}
    assert sorted(forms) == ["01", "02"] and "Thành tích đạt được" in forms["01"].text
    assert forms["01"].label() == "Mẫu số 01 kèm theo Quyết định 99/2031/QĐ-UBND"


def test_two_units_at_the_same_path_keep_both_passages(tmp_path: Path) -> None:
    """A source that numbers a clause twice: both passages stay, under distinct ids."""
    text = DECISION.replace("2. Tập thể hoàn thành", "1. Tập thể hoàn thành")
    path = tmp_path / "qd.txt"
    path.write_text(text, "utf-8")
    chunks = chunk_document(load_document(path, Catalog.builtin()), max_article_chars=40)
    twice = [c for c in chunks if c.part and c.article == "2"]
    assert [c.clause for c in twice] == ["1", "1"] and len({c.id for c in chunks}) == len(chunks)
