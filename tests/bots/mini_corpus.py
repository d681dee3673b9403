"""Two small self-written legal texts, and a real tdkt index of them, for the chat bot tests.

Điều 3 of the law is long on purpose (≈8,500 characters): its full text needs several Telegram
messages, and a question about it gets an answer longer than one message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bots.settings import Settings, load
from corpus import Catalog
from indexer import Store, ingest

LAW_NUMBER = "98/2031/QH98"
LAW_ID = "98-2031-QH98"
DECREE_NUMBER = "97/2031/NĐ-CP"

SHORT_QUESTION = "Tiêu chuẩn danh hiệu Chiến sĩ trồng cây cơ sở là gì?"
LONG_QUESTION = "Hồ sơ đề nghị tặng Bằng khen trồng cây gồm những gì?"

_LAW = """QUỐC HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Luật số: 98/2031/QH98
LUẬT
KHEN THƯỞNG CÂY XANH
Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Luật này quy định về danh hiệu thi đua cho người trồng cây xanh và hình thức khen thưởng.
Điều 2. Danh hiệu Chiến sĩ trồng cây cơ sở
1. Danh hiệu Chiến sĩ trồng cây cơ sở được xét tặng cho cá nhân đạt các tiêu chuẩn sau đây:
a) Trồng được từ 100 cây xanh trở lên trong năm;
b) Chăm sóc cây sống trên 90%.
2. Chủ tịch Ủy ban nhân dân cấp xã quyết định tặng danh hiệu Chiến sĩ trồng cây cơ sở.
Điều 3. Hồ sơ đề nghị tặng Bằng khen trồng cây
{clauses}
Điều 4. Mức tiền thưởng
Danh hiệu Chiến sĩ trồng cây cơ sở được thưởng 0,5 lần mức lương cơ sở.
"""
_CLAUSE = ("{n}. Hồ sơ đề nghị tặng Bằng khen trồng cây đối với {who} gồm: tờ trình của cơ quan, tổ chức, đơn vị "
           "đề nghị khen thưởng; biên bản họp Hội đồng thi đua, khen thưởng; báo cáo thành tích trồng cây xanh "
           "của {who} có xác nhận của cấp trình khen thưởng; danh sách cây xanh đã trồng và tỷ lệ cây sống; "
           "ý kiến của cơ quan quản lý môi trường nơi {who} cư trú hoặc làm việc; bản sao quyết định công nhận "
           "các danh hiệu thi đua đã đạt được trong năm năm gần nhất; ")
_WHO = ["cá nhân", "tập thể nhỏ", "hộ gia đình", "doanh nghiệp", "tổ chức xã hội", "đơn vị sự nghiệp"]

_DECREE = """CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 97/2031/NĐ-CP
NGHỊ ĐỊNH
Quy định chi tiết Luật Khen thưởng cây xanh
Điều 1. Thời điểm xét tặng
Việc xét tặng danh hiệu Chiến sĩ trồng cây cơ sở được tiến hành mỗi năm một lần vào tháng 12.
Điều 2. Hiệu lực thi hành
Nghị định này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2032.
"""


def law_text() -> str:
    clauses = "\n".join((_CLAUSE.format(n=i + 1, who=w) * 5).rstrip("; ") + "." for i, w in enumerate(_WHO))
    return _LAW.format(clauses=clauses)


def build_index(root: Path, **overrides: Any) -> Settings:
    """Write both texts under ``root/docs``, index them into ``root/data``; the settings to open it."""
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "luat-cay-xanh.txt").write_text(law_text(), encoding="utf-8")
    (docs / "nghi-dinh-cay-xanh.txt").write_text(_DECREE, encoding="utf-8")
    settings = load(data_dir=root / "data", **overrides)
    store = Store(settings.index, settings.data_dir)
    try:
        report = ingest([docs], store=store, catalog=Catalog.builtin(settings.corpus.catalog_files),
                        settings=settings.index)
    finally:
        store.close()
    assert report.documents == 2 and not report.failures, report
    return settings
