"""Baselines: fixed-size chunks mapped back to articles, BM25 without folding, outcomes never refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import Catalog
from evals.baselines import BM25Baseline, FixedChunk, build_baseline, fixed_size_chunks, run_baseline
from evals.questions import Gold, Question
from evals.sources import load_sources


def _question(text: str, doc: str = "98/2031/QH99", article: int = 4,
              keypoints: tuple[str, ...] = ()) -> Question:
    return Question(id="b1", question=text, gold=(Gold(doc, article),), keypoints=keypoints, kind="money",
                    in_scope=True)


def test_small_chunks_map_to_the_articles_they_cover(law_dir: Path) -> None:
    sources = load_sources([law_dir], Catalog.builtin())
    chunks = fixed_size_chunks(sources, chunk_size=60, overlap=0)
    assert len(chunks) > 3
    money = next(c for c in chunks if "0,8 lần" in c.text)
    assert money.articles[0] == "4"
    assert {a for c in chunks for a in c.articles} >= {"1", "2", "3", "4"}


def test_bm25_ranks_by_syllables_and_keeps_diacritics() -> None:
    texts = ["Mức tiền thưởng bằng 0,8 lần mức lương cơ sở.", "Hồ sơ gồm tờ trình và báo cáo thành tích.",
             "Chủ tịch hợp tác xã quyết định tặng danh hiệu.", "Luật này quy định về người nuôi ong.",
             "Không sử dụng kháng sinh cấm cho đàn ong."]
    chunks = [FixedChunk("1/2020/QH1", t, (str(i),)) for i, t in enumerate(texts)]
    bm25 = BM25Baseline(chunks)
    assert bm25.retrieve("mức tiền thưởng", 1)[0].articles == ("0",)
    assert bm25.retrieve("hồ sơ tờ trình", 1)[0].articles == ("1",)
    # A plain setup does not fold diacritics: a question typed without them matches nothing.
    assert not any(bm25.bm25.get_scores(["muc", "tien", "thuong"]))


def test_run_baseline_answers_with_top_chunks_and_never_refuses(law_dir: Path) -> None:
    sources = load_sources([law_dir], Catalog.builtin())
    baseline = build_baseline("bm25", sources, chunks=fixed_size_chunks(sources, chunk_size=60, overlap=0))
    [o] = run_baseline(baseline, [_question("mức tiền thưởng người nuôi ong giỏi", keypoints=("0,8 lần",))])
    assert not o.refused
    assert o.ranked[0] == ("98/2031/QH99", "4")
    assert len(set(o.ranked)) == len(o.ranked)
    assert o.cited[0] == ("98/2031/QH99", "4")
    assert "0,8 lần" in o.answer


def test_unknown_baseline_is_rejected_with_the_choices() -> None:
    with pytest.raises(ValueError, match="naive, bm25"):
        build_baseline("tfidf", [])


@pytest.mark.slow
# indexer/dense.py calls sentence-transformers' renamed get_sentence_embedding_dimension (a FutureWarning
# in 6.x); this test is about the baseline, not that call.
@pytest.mark.filterwarnings("ignore:The `get_sentence_embedding_dimension`:FutureWarning")
def test_naive_baseline_retrieves_with_minilm_and_caches_its_vectors(law_dir: Path, tmp_path: Path) -> None:
    sources = load_sources([law_dir], Catalog.builtin())
    chunks = fixed_size_chunks(sources, chunk_size=60, overlap=0)
    cache = tmp_path / "cache"
    baseline = build_baseline("naive", sources, chunks=chunks, cache_dir=cache)
    assert len(list(cache.glob("naive-*.npy"))) == 1
    found = baseline.retrieve("mức tiền thưởng người nuôi ong giỏi", 3)
    assert len(found) == 3 and all(isinstance(c, FixedChunk) for c in found)
    again = build_baseline("naive", sources, chunks=chunks, cache_dir=cache)  # from the cache this time
    assert again.retrieve("mức tiền thưởng người nuôi ong giỏi", 3) == found
    [o] = run_baseline(again, [_question("mức tiền thưởng người nuôi ong giỏi")])
    assert not o.refused and o.ranked
