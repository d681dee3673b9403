"""Fixtures for the evaluation tests: a tiny law, its index and a few questions, all in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus import Catalog
from indexer import IndexSettings, Store, ingest

LAW = """QUỐC HỘI
Luật số: 98/2031/QH99
LUẬT
KHEN THƯỞNG NGƯỜI NUÔI ONG
Căn cứ Hiến pháp;
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Luật này quy định về khen thưởng cho người nuôi ong mật trong các hợp tác xã.
Điều 2. Danh hiệu “Người nuôi ong giỏi”
1. Danh hiệu “Người nuôi ong giỏi” để tặng cho cá nhân đạt các tiêu chuẩn sau đây:
a) Thu hoạch từ 500 lít mật ong trở lên trong năm;
b) Không sử dụng kháng sinh cấm cho đàn ong.
2. Chủ tịch hợp tác xã quyết định tặng danh hiệu “Người nuôi ong giỏi”.
Chương II
HỒ SƠ VÀ TIỀN THƯỞNG
Điều 3. Hồ sơ đề nghị
Hồ sơ gồm tờ trình, báo cáo thành tích và biên bản họp hội đồng, nộp 01 bộ bản chính.
Điều 4. Mức tiền thưởng
Danh hiệu “Người nuôi ong giỏi” được thưởng 0,8 lần mức lương cơ sở.
"""

QUESTIONS = [
    {"id": "e1", "question": "Tiêu chuẩn danh hiệu người nuôi ong giỏi là gì?",
     "gold": [{"doc": "98/2031/QH99", "article": 2, "clause": 1}], "answer_keypoints": ["500 lít mật ong"],
     "kind": "criteria", "in_scope": True, "at": None},
    {"id": "e2", "question": "Mức tiền thưởng danh hiệu người nuôi ong giỏi là bao nhiêu?",
     "gold": [{"doc": "98/2031/QH99", "article": 4, "clause": None}],
     "answer_keypoints": ["0,8 lần mức lương cơ sở"], "kind": "money", "in_scope": True, "at": None},
    {"id": "e3", "question": "Hồ sơ đề nghị khen thưởng người nuôi ong gồm những gì?",
     "gold": [{"doc": "98/2031/QH99", "article": 3, "clause": None}],
     "answer_keypoints": ["biên bản họp hội đồng"], "kind": "dossier", "in_scope": True, "at": None},
    {"id": "e4", "question": "Giá vé máy bay đi Đà Nẵng tháng này bao nhiêu?",
     "gold": [], "answer_keypoints": [], "kind": "out_of_scope", "in_scope": False, "at": None},
]


@pytest.fixture()
def law_dir(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "luat-ong.txt").write_text(LAW, "utf-8")
    return docs


@pytest.fixture()
def questions_file(tmp_path: Path) -> Path:
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS) + "\n", "utf-8")
    return path


@pytest.fixture()
def law_index(tmp_path: Path, law_dir: Path) -> Path:
    """A sparse index of the tiny law under tmp_path/data."""
    data = tmp_path / "data"
    store = Store(IndexSettings(), data)
    try:
        ingest([law_dir], store=store, catalog=Catalog.builtin(), settings=IndexSettings())
    finally:
        store.close()
    return data
