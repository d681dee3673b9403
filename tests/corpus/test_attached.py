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
