"""Appendix forms: "Mẫu số 01 …" after the signature block, titled from the appendix's list of forms."""

from __future__ import annotations

from corpus import parse_legal

CIRCULAR = """BỘ THỬ NGHIỆM
Số: 99/2030/TT-BTN
THÔNG TƯ
Quy định về khen thưởng thử nghiệm
Điều 1. Phạm vi điều chỉnh
Thông tư này quy định về khen thưởng.
Điều 2. Hồ sơ
1. Hồ sơ gồm Báo cáo thành tích theo Mẫu số 02.
Nơi nhận:
- Như trên;
BỘ TRƯỞNG
Phụ lục
MẪU VĂN BẢN ÁP DỤNG TRONG HỒ SƠ KHEN THƯỞNG
STT | Mẫu | Nội dung
1. | Mẫu số 01 | Tờ trình đề nghị khen thưởng
2. | Mẫu số 02 | Báo cáo thành tích đề nghị tặng Giấy khen
Mẫu số 01
ĐƠN VỊ CẤP TRÊN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỜ TRÌNH
1. Căn cứ đề nghị
Mẫu số 02
ĐƠN VỊ CẤP TRÊN
BÁO CÁO THÀNH TÍCH
Mẫu số 03
ĐƠN VỊ CẤP TRÊN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày ... tháng ... năm ...
DANH SÁCH ĐỀ NGHỊ
Nội dung
"""


def _forms() -> dict[str, tuple[str, str]]:
    root = parse_legal(CIRCULAR).root
    return {u.label: (u.title, u.text) for u in root.walk() if u.kind == "mau"}


def test_form_titles_come_from_the_list_of_forms() -> None:
    forms = _forms()
    assert forms["01"][0] == "Tờ trình đề nghị khen thưởng"
    assert forms["02"][0] == "Báo cáo thành tích đề nghị tặng Giấy khen"
    assert forms["01"][1].startswith("ĐƠN VỊ CẤP TRÊN\nCỘNG HÒA")  # the letterhead stays in the form
    assert "1. Căn cứ đề nghị" in forms["01"][1]  # numbered lines of a form are not clauses


def test_unlisted_form_skips_the_letterhead_for_its_title() -> None:
    title, text = _forms()["03"]
    assert title == "Danh sách đề nghị"
    assert text.startswith("ĐƠN VỊ CẤP TRÊN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHà Nội, ngày")


def test_appendix_leaves_the_articles_alone() -> None:
    root = parse_legal(CIRCULAR).root
    articles = root.find("dieu")
    assert [a.label for a in articles] == ["1", "2"]
    assert articles[1].full_text() == "1. Hồ sơ gồm Báo cáo thành tích theo Mẫu số 02."
    appendix = root.find("phuluc")[0]
    assert "2. | Mẫu số 02 | Báo cáo thành tích đề nghị tặng Giấy khen" in appendix.text
