from __future__ import annotations

from pathlib import Path

from assistant import Assistant, AssistantSettings
from assistant.llamaindex_adapter import TdktRetriever
from corpus import Catalog
from indexer import IndexSettings, Store


def test_retriever_returns_cited_nodes(shared_index: Path) -> None:
    store = Store(IndexSettings(), shared_index)
    try:
        retriever = TdktRetriever(Assistant(store, Catalog.builtin(), AssistantSettings()), top_k=3)
        nodes = retriever.retrieve("mức tiền thưởng danh hiệu Chiến sĩ thi đua cơ sở")
        assert 1 <= len(nodes) <= 3
        meta = nodes[0].node.metadata
        assert meta["doc_number"] == "152/2025/NĐ-CP" and meta["status"] == "in_force"
        assert meta["citation"].startswith(("Khoản", "Điều", "Điểm"))
    finally:
        store.close()
