"""A deployer's text that says it replaces another: what the old one said is not answered from the new one,
whether the old one still applies is (Qdrant embedded on disk, keyword-only; no ../shared)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant import Assistant, AssistantSettings
from corpus import Catalog, DocumentFacts
from corpus.load import replaced_in_text
from corpus.refs import find_doc_hints
from indexer import IndexSettings, Store, ingest

RESOLUTION = """HỘI ĐỒNG NHÂN DÂN
TỈNH HOA SEN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 41/2031/NQ-HĐND
Hoa Sen, ngày 20 tháng 01 năm 2031
NGHỊ QUYẾT
VỀ XÉT TẶNG DANH HIỆU “CÔNG DÂN DANH DỰ TỈNH HOA SEN”
Điều 1. Đối tượng xét tặng
Danh hiệu “Công dân danh dự tỉnh Hoa Sen” xét tặng cho người nước ngoài có nhiều đóng góp cho tỉnh.
Điều 2. Hồ sơ đề nghị xét tặng
1. Hồ sơ đề nghị xét tặng danh hiệu “Công dân danh dự tỉnh Hoa Sen” gồm: tờ trình của cơ quan đề nghị; báo cáo
tóm tắt quá trình đóng góp của người được đề nghị; ý kiến của Sở Ngoại vụ.
2. Hồ sơ gửi Sở Nội vụ trước ngày 30 tháng 6 hằng năm.
Điều 3. Hiệu lực thi hành
1. Nghị quyết này có hiệu lực thi hành từ ngày 01 tháng 02 năm 2031.
2. Nghị quyết này thay thế Nghị quyết số 12/2029/NQ-HĐND ngày 10 tháng 7 năm 2029 của Hội đồng nhân dân tỉnh Hoa
Sen quy định về xét tặng danh hiệu “Công dân danh dự tỉnh Hoa Sen”.
"""


def test_a_text_names_what_it_replaces_in_its_own_words() -> None:
    assert replaced_in_text(RESOLUTION) == ("12/2029/NQ-HĐND",)
    assert replaced_in_text("3. Bãi bỏ Quyết định số 35/2024/QĐ-UBND ngày 28/5/2024.") == ("35/2024/QĐ-UBND",)
    assert replaced_in_text("Bãi bỏ Điều 5 của Quyết định số 35/2024/QĐ-UBND.") == ()  # a part, not the text
    # A resolution is a document a question names ("NQ 83/2025", "Nghi quyet 32/2024" typed bare); a Party
    # resolution's "26-NQ/TW" is not one of the State's numbered texts.
    assert [(h.doc_type, h.serial, h.year) for h in find_doc_hints("theo Nghi quyet 32/2024, NQ 83/2025")] == [
        ("Nghị quyết", 32, 2024), ("Nghị quyết", 83, 2025)]
    assert all(h.serial is None for h in find_doc_hints("Nghị quyết 26-NQ/TW của Bộ Chính trị"))


def test_the_catalog_learns_a_replaced_text_from_what_replaced_it() -> None:
    catalog = Catalog()
    new = DocumentFacts(number="41/2031/NQ-HĐND", title="Nghị quyết", short_title="Nghị quyết 41/2031/NQ-HĐND",
                        doc_type="Nghị quyết", effective=date(2031, 2, 1), status="in_force",
                        replaces=("12/2029/NQ-HĐND",))
    catalog.add(new)
    old = catalog.get("12/2029/NQ-HĐND")
    assert old is not None and old.doc_type == "Nghị quyết" and not old.text_available
    assert old.status_at(date(2031, 1, 31)) == "in_force"  # replaced from the day its successor took effect
    assert old.status_at(date(2031, 3, 1)) == "superseded"
    assert [f.number for f in catalog.successors("12/2029/NQ-HĐND")] == ["41/2031/NQ-HĐND"]
    # An entry of its own takes the inferred one's place whole (nothing inferred is merged into it).
    catalog.add(DocumentFacts(number="12/2029/NQ-HĐND", title="Nghị quyết cũ", short_title="NQ 12/2029",
                              doc_type="Nghị quyết", status="in_force"))
    assert catalog.get("12/2029/NQ-HĐND").status_at(date(2031, 3, 1)) == "in_force"  # type: ignore[union-attr]


def test_a_question_on_a_text_replaced_by_a_deployers_text(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "hoa-sen-41-2031-nq-hdnd.txt").write_text(RESOLUTION, encoding="utf-8")
    settings = IndexSettings(embedding_model="none")
    store = Store(settings, tmp_path / "data")
    try:
        report = ingest([docs], store=store, catalog=Catalog.builtin(), settings=settings)
        assert report.documents == 1 and not report.failures, report
        entry = store.info(store.require_active()).documents[0]  # type: ignore[union-attr]
        assert entry.number == "41/2031/NQ-HĐND" and entry.replaces == ["12/2029/NQ-HĐND"]
        assistant = Assistant(store, Catalog.builtin(), AssistantSettings(today="2031-06-01"))
        # What the old resolution said is its own to say: not answered from the new one, which is shown as related.
        old = assistant.ask("Theo Nghị quyết 12/2029/NQ-HĐND thì hồ sơ đề nghị xét tặng danh hiệu Công dân danh dự "
                            "tỉnh Hoa Sen gồm những gì?")
        assert old.refused and "12/2029/NQ-HĐND" in old.text
        assert old.decision.status == "not_covered"
        # Whether it still applies is the new one's to say, and answered.
        valid = assistant.ask("Nghị quyết 12/2029 về Công dân danh dự tỉnh Hoa Sen còn áp dụng không?")
        assert not valid.refused
        assert ("41/2031/NQ-HĐND", "3") in [(c.doc_number, c.article) for c in valid.citations]
        # The deployer's text itself, which no catalog file lists, is a document a question can name.
        assert assistant.catalog.get("41/2031/NQ-HĐND") is not None
        ranked = assistant.search("Theo NQ 41/2031/NQ-HĐND, hồ sơ gửi Sở Nội vụ trước ngày nào?")
        assert ranked[0].chunk.doc_number == "41/2031/NQ-HĐND" and "named_doc" in {f for f, _, _ in ranked[0].breakdown()}
    finally:
        store.close()
