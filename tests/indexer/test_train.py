"""The offline embedding model: pairs mined from the documents, training, and retrieval that uses it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from corpus import Catalog, load_document
from indexer import (
    Chunk,
    IndexSettings,
    SentenceTransformerEmbedder,
    SparseEncoder,
    Store,
    TrainReport,
    chunk_document,
    ingest,
    model_id,
    train_embedding,
)
from indexer.build import indexed_text
from indexer.pairs import mine_pairs

LAW = """QUỐC HỘI
Luật số: 99/2030/QH99
Hà Nội, ngày 15 tháng 6 năm 2030
LUẬT
TRỒNG CÂY XANH VÀ KHEN THƯỞNG
Căn cứ Hiến pháp;
Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Luật này quy định về khen thưởng cho người trồng cây xanh.
Điều 2. Danh hiệu “Người trồng cây giỏi”
1. Danh hiệu “Người trồng cây giỏi” để tặng cho cá nhân đạt các tiêu chuẩn sau đây:
a) Trồng được từ 100 cây xanh trở lên trong năm;
b) Chăm sóc cây sống trên 90%.
2. Chủ tịch Ủy ban nhân dân cấp xã quyết định tặng danh hiệu “Người trồng cây giỏi”.
Chương II
TIỀN THƯỞNG VÀ HỒ SƠ
Điều 3. Mức tiền thưởng
Danh hiệu “Người trồng cây giỏi” được thưởng 0,5 lần mức lương cơ sở.
Điều 4. Hồ sơ đề nghị khen thưởng
Hồ sơ đề nghị gồm tờ trình của thôn và báo cáo thành tích của cá nhân.
"""

# The decree details Điều 2 of the law in words the law never uses (gieo ươm, giống).
DECREE = """CHÍNH PHỦ
Số: 100/2031/NĐ-CP
Hà Nội, ngày 10 tháng 1 năm 2031
NGHỊ ĐỊNH
QUY ĐỊNH CHI TIẾT LUẬT TRỒNG CÂY XANH
Căn cứ Luật Trồng cây xanh;
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định chi tiết một số điều của Luật Trồng cây xanh và khen thưởng.
Điều 2. Giống cây bản địa
Cá nhân được xét theo khoản 1 Điều 2 của Luật phải tự gieo ươm giống bản địa tại vườn ươm.
"""

DECREE_WORDS = "gieo ươm giống"
UNKNOWN_WORDS = "sếp nào ký"  # in no document


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    (folder / "law.txt").write_text(LAW, "utf-8")
    (folder / "decree.txt").write_text(DECREE, "utf-8")
    return folder


@pytest.fixture(scope="module")
def chunks(docs: Path) -> list[Chunk]:
    return [c for name in ("law.txt", "decree.txt")
            for c in chunk_document(load_document(docs / name, Catalog.builtin()))]


@pytest.fixture(scope="module")
def trained(chunks: list[Chunk], tmp_path_factory: pytest.TempPathFactory) -> TrainReport:
    return train_embedding(chunks, tmp_path_factory.mktemp("models") / "tdkt-embed", seed=0, dim=32)


def _key(chunk: Chunk) -> tuple[str, str]:
    return chunk.doc_number, chunk.article


class TestPairs:
    def test_decree_article_is_paired_with_the_law_article_it_details(self, chunks: list[Chunk]) -> None:
        by_text = {indexed_text(c): _key(c) for c in chunks}
        linked = {(by_text.get(p.anchor), by_text.get(p.positive)) for p in mine_pairs(chunks) if p.kind == "detail"}
        assert (("100/2031/NĐ-CP", "2"), ("99/2030/QH99", "2")) in linked
        assert (("99/2030/QH99", "2"), ("100/2031/NĐ-CP", "2")) in linked

    def test_template_questions_name_the_award_and_point_at_its_article(self, chunks: list[Chunk]) -> None:
        templates = [p for p in mine_pairs(chunks) if p.kind == "template"]
        about_award = [p for p in templates if "trồng cây giỏi" in p.anchor.lower()]
        assert about_award
        assert all("Người trồng cây giỏi" in p.positive for p in about_award)

    def test_same_seed_same_pairs(self, chunks: list[Chunk]) -> None:
        assert mine_pairs(chunks, seed=3) == mine_pairs(chunks, seed=3)


class TestTrain:
    def test_writes_a_small_sentence_transformers_model(self, trained: TrainReport) -> None:
        assert (trained.path / "config_sentence_transformers.json").is_file()
        assert trained.steps > 0 and trained.epochs > 0
        assert 0 < trained.size_bytes < 100_000_000
        assert trained.pairs["detail"] == 2

    def test_query_in_the_decree_words_finds_the_law_article_it_details(
            self, trained: TrainReport, chunks: list[Chunk]) -> None:
        embedder = SentenceTransformerEmbedder(str(trained.path))
        passages = np.asarray(embedder.encode_passages([indexed_text(c) for c in chunks]))
        scores = passages @ np.asarray(embedder.encode_query(DECREE_WORDS))
        law = [(float(s), c.article) for s, c in zip(scores, chunks, strict=True) if c.doc_number == "99/2030/QH99"]
        assert max(law)[1] == "2"  # none of the law's articles shares a word with the query

    def test_unaccented_query_encodes_like_the_accented_one(self, trained: TrainReport) -> None:
        embedder = SentenceTransformerEmbedder(str(trained.path))
        assert embedder.encode_query("gieo uom giong") == embedder.encode_query(DECREE_WORDS)

    def test_retraining_changes_the_name_an_index_records(self, trained: TrainReport, chunks: list[Chunk],
                                                          tmp_path: Path) -> None:
        again = train_embedding(chunks, tmp_path / "tdkt-embed", seed=0, dim=32)
        other = train_embedding(chunks, tmp_path / "other" / "tdkt-embed", seed=1, dim=32)
        assert model_id(str(again.path)) == model_id(str(trained.path))
        assert model_id(str(other.path)) != model_id(str(trained.path))

    def test_bad_arguments_are_rejected(self, chunks: list[Chunk], tmp_path: Path) -> None:
        with pytest.raises(ValueError, match="budget_seconds"):
            train_embedding(chunks, tmp_path / "m", budget_seconds=0)
        with pytest.raises(ValueError, match="no chunks"):
            train_embedding([], tmp_path / "m")
        assert not (tmp_path / "m").exists()


class TestRetrieval:
    def test_ingest_and_hybrid_search_use_the_trained_model(self, trained: TrainReport, docs: Path,
                                                            tmp_path: Path) -> None:
        embedder = SentenceTransformerEmbedder(str(trained.path))
        store = Store(IndexSettings(), tmp_path / "data")
        try:
            ingest([docs], store=store, catalog=Catalog.builtin(), settings=IndexSettings(), embedder=embedder)
            info = store.info()
            assert info is not None and info.dense_model == embedder.name and info.dense_dim == 32
            assert embedder.name.startswith("tdkt-embed@")
            encoder = SparseEncoder()
            # No document has these words: keyword search finds nothing, the dense vectors still rank.
            assert store.search(encoder.encode_query(UNKNOWN_WORDS), None, limit=3, prefetch=3) == []
            hits = store.search(encoder.encode_query(UNKNOWN_WORDS), embedder.encode_query(UNKNOWN_WORDS),
                                limit=3, prefetch=3)
            assert hits and all(h.dense is not None and h.sparse is None for h in hits)
            # The law article found only through the dense model, beside the decree found by both.
            hits = store.search(encoder.encode_query(DECREE_WORDS), embedder.encode_query(DECREE_WORDS),
                                limit=3, prefetch=2)
            found = {_key(h.chunk): h for h in hits}
            assert found[("100/2031/NĐ-CP", "2")].sparse is not None
            law = found[("99/2030/QH99", "2")]
            assert law.sparse is None and law.dense is not None
        finally:
            store.close()

    @pytest.mark.parametrize("fusion", ["rrf", "dbsf", "weighted"])
    def test_embedded_matrix_fuses_as_qdrant_does(self, trained: TrainReport, docs: Path, tmp_path: Path,
                                                  fusion: str) -> None:
        embedder = SentenceTransformerEmbedder(str(trained.path))
        settings = IndexSettings(fusion=fusion)
        store = Store(settings, tmp_path / "data")
        try:
            ingest([docs], store=store, catalog=Catalog.builtin(), settings=settings, embedder=embedder)
            encoder = SparseEncoder()
            query = "tiền thưởng người trồng cây giỏi"
            sparse, dense = encoder.encode_query(query), embedder.encode_query(query)
            fast = [(h.chunk.id, round(h.score, 4)) for h in store.search(sparse, dense, limit=4, prefetch=4)]
            store.settings = settings.model_copy(update={"memory_index": False})
            slow = [(h.chunk.id, round(h.score, 4)) for h in store.search(sparse, dense, limit=4, prefetch=4)]
        finally:
            store.close()
        assert fast == slow and len(fast) == 4
