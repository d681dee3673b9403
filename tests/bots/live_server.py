"""A real uvicorn server in a thread (as httpx's conftest does), and a small index for the web tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bots.settings import Settings, load
from corpus import Catalog
from indexer import Store, ingest
from tests.fakes import serving

TODAY = "2026-01-15"
NEW_LAW_ID = "06-2022-QH15"
OLD_LAW_ID = "15-2003-QH11"
QUESTION = "Tiêu chuẩn danh hiệu Chiến sĩ thi đua cơ sở là gì?"
OFF_TOPIC = "Thời tiết Hà Nội hôm nay thế nào?"

# Short self-written texts under the numbers of the real laws, so the built-in catalog gives
# them their real validity: the 2003 law was replaced by the 2022 law on 01/01/2024.
NEW_LAW = """QUỐC HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Luật số: 06/2022/QH15
Hà Nội, ngày 15 tháng 6 năm 2022
LUẬT
THI ĐUA, KHEN THƯỞNG
Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Luật này quy định về nội dung thi đua, khen thưởng; thẩm quyền quyết định khen thưởng.
Điều 2. Danh hiệu "Chiến sĩ thi đua cơ sở"
Danh hiệu "Chiến sĩ thi đua cơ sở" để tặng cho cá nhân đạt các tiêu chuẩn sau đây:
1. Đạt tiêu chuẩn danh hiệu "Lao động tiên tiến";
2. Hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến được cơ sở công nhận.
Điều 3. Hồ sơ đề nghị khen thưởng
1. Hồ sơ đề nghị khen thưởng gồm tờ trình và báo cáo thành tích.
2. Số lượng hồ sơ là 01 bộ bản chính.
a) Hồ sơ gửi qua dịch vụ bưu chính;
b) Hồ sơ gửi qua hệ thống thông tin điện tử.
Điều 4. Quy định chi tiết
Chính phủ quy định chi tiết trình tự, thủ tục xét tặng "Huy chương Thanh niên xung phong vẻ vang".
"""
# Its dossier the mini law hands to the Government and nowhere sets out: the gate declines it.
HANDED_OFF = "Thủ tục xét tặng Huy chương Thanh niên xung phong vẻ vang gồm những gì?"
OLD_LAW = """QUỐC HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Luật số: 15/2003/QH11
Hà Nội, ngày 26 tháng 11 năm 2003
LUẬT
THI ĐUA, KHEN THƯỞNG
Điều 1. Phạm vi điều chỉnh
Luật này quy định về đối tượng, nội dung thi đua, khen thưởng trước đây.
Điều 2. Mức tiền thưởng
Tiền thưởng kèm theo danh hiệu "Chiến sĩ thi đua cơ sở" là 1,5 lần mức lương tối thiểu chung.
"""


def build_index(root: Path, **overrides: Any) -> Settings:
    """Write both laws under ``root/docs`` and index them into ``root/data``; the settings to serve it."""
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "luat-2022.txt").write_text(NEW_LAW, encoding="utf-8")
    (docs / "luat-2003.txt").write_text(OLD_LAW, encoding="utf-8")
    settings = load(data_dir=root / "data", today=TODAY, **overrides)
    store = Store(settings.index, settings.data_dir)
    try:
        report = ingest([docs], store=store, catalog=Catalog.builtin(), settings=settings.index)
    finally:
        store.close()
    assert report.documents == 2 and not report.failures, report
    return settings


@contextmanager
def serve_app(app: Any) -> Iterator[str]:
    """Run the tdkt app on a free loopback port; yields its base URL."""
    # Trust X-Forwarded-For from loopback, as `tdkt serve` does: each test poses as its own client.
    with serving.serve_app(app, lifespan="on", proxy_headers=True, forwarded_allow_ips="127.0.0.1") as url:
        yield url
