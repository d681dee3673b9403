"""Appendix forms become chunks of their own, cited "Mẫu số 01 Phụ lục kèm theo …"; article chunks keep their ids."""

from __future__ import annotations

from corpus import Catalog, SourceText
from corpus.load import document_from_source
from indexer import chunk_document

BODY = """BỘ THỬ NGHIỆM
Số: 99/2030/TT-BTN
THÔNG TƯ
Quy định về khen thưởng thử nghiệm
Điều 1. Phạm vi điều chỉnh
Thông tư này quy định về khen thưởng.
Điều 2. Hồ sơ
Hồ sơ gồm Báo cáo thành tích.
Nơi nhận:
- Như trên;
"""
APPENDIX = """Phụ lục
1. | Mẫu số 01 | Báo cáo thành tích đề nghị tặng Giấy khen
Mẫu số 01
ĐƠN VỊ CẤP TRÊN
BÁO CÁO THÀNH TÍCH
"""


def _chunks(text: str) -> list:  # type: ignore[type-arg]
    doc = document_from_source(SourceText("tt.txt", text, "txt", "0" * 64), Catalog.builtin())
    return chunk_document(doc)


def test_forms_are_chunked_after_the_articles_with_their_own_label() -> None:
    plain, with_forms = _chunks(BODY), _chunks(BODY + APPENDIX)
    assert [c.id for c in with_forms[:len(plain)]] == [c.id for c in plain]
    form = with_forms[-1]
    assert form.form == "01" and form.article == "" and form.clause is None
    assert form.article_title == "Mẫu số 01. Báo cáo thành tích đề nghị tặng Giấy khen"
    assert form.label() == "Mẫu số 01 Phụ lục kèm theo Thông tư 99/2030/TT-BTN"
    assert form.unit_path == "mau:01"
    assert "BÁO CÁO THÀNH TÍCH" in form.text
    assert form.from_payload(form.to_payload()) == form
