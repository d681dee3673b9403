"""Metrics on hand-made outcomes: article-level hits, keypoints, citations, refusals, latency."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evals.answers import answer_figures
from evals.metrics import Outcome, first_hit_rank, keypoint_hits, missing_keypoints, percentile, summarize
from evals.questions import Gold, Question

Key = tuple[str, str]


def _q(qid: str = "q1", gold: tuple[Gold, ...] = (Gold("152/2025/NĐ-CP", 24, 2),), *,
       keypoints: tuple[str, ...] = (), in_scope: bool = True, kind: str = "criteria") -> Question:
    return Question(id=qid, question="Tiêu chuẩn Bằng khen?", gold=gold if in_scope else (),
                    keypoints=keypoints, kind=kind if in_scope else "out_of_scope", in_scope=in_scope)


def _o(q: Question, ranked: tuple[Key, ...] = (), *, cited: tuple[Key, ...] = (), answer: str = "",
       refused: bool = False, latency_ms: float = 10.0) -> Outcome:
    return Outcome(question=q, ranked=ranked, cited=cited, answer=answer, refused=refused,
                   latency_ms=latency_ms)


@pytest.mark.parametrize("written", ["152/2025/NĐ-CP", "152/2025/ND-CP", "152/2025/nđ-cp",
                                     "152 / 2025 / NĐ - CP", "152/2025/NĐCP"])
def test_document_numbers_match_after_folding_case_d_and_separators(written: str) -> None:
    assert first_hit_rank(_o(_q(), ((written, "24"),))) == 1


def test_leading_zeros_of_the_serial_do_not_matter() -> None:
    q = _q(gold=(Gold("06/2022/QH15", 22),))
    assert first_hit_rank(_o(q, (("6/2022/QH15", "22"),))) == 1


def test_a_hit_needs_the_same_article_and_the_same_document() -> None:
    q = _q()
    assert first_hit_rank(_o(q, (("152/2025/NĐ-CP", "25"), ("06/2022/QH15", "24")))) is None


def test_rank_is_the_first_gold_article_in_order() -> None:
    q = _q(gold=(Gold("06/2022/QH15", 74), Gold("152/2025/NĐ-CP", 24)))
    ranked = (("06/2022/QH15", "1"), ("152/2025/ND-CP", "24"), ("06/2022/QH15", "74"))
    assert first_hit_rank(_o(q, ranked)) == 2


def test_amending_article_labels_compare_case_insensitively() -> None:
    q = _q(gold=(Gold("39/2013/QH13", "58A"),))
    assert first_hit_rank(_o(q, (("39/2013/QH13", "58a"),))) == 1


def test_training_material_gold_has_no_article() -> None:
    q = _q(gold=(Gold("002_b34c1a75ada12bf5", None),))
    assert first_hit_rank(_o(q, (("002_b34c1a75ada12bf5", ""),))) == 1


def test_keypoints_match_without_diacritics_case_or_extra_spaces() -> None:
    q = _q(keypoints=("01 lần được tặng cờ thi đua", "02 lần được tặng bằng khen"))
    o = _o(q, answer="Có 01 LAN duoc  tang Co thi dua của Chính phủ; và 1 lần bằng khen.")
    assert keypoint_hits(o) == (1, 2)
    assert missing_keypoints(o) == ["02 lần được tặng bằng khen"]


def test_question_without_keypoints_counts_nothing() -> None:
    assert keypoint_hits(_o(_q(), answer="bất kỳ")) == (0, 0)


def test_percentile_is_nearest_rank_and_empty_is_zero() -> None:
    assert percentile([], 95) == 0.0
    assert percentile([5.0, 1.0, 3.0], 50) == 3.0
    assert percentile([float(i) for i in range(1, 101)], 95) == 95.0


def test_summarize_recall_mrr_citations_and_refusals() -> None:
    gold = ("152/2025/NĐ-CP", "24")
    outcomes = [
        # hit at rank 1, cites the gold and one other article
        _o(_q("a", keypoints=("03 lần",)), (gold, ("06/2022/QH15", "1")), cited=(gold, ("06/2022/QH15", "1")),
           answer="đạt 03 lần", latency_ms=10),
        # hit at rank 3
        _o(_q("b"), (("x/2020/QH1", "1"), ("x/2020/QH1", "2"), ("152/2025/ND-CP", "24")),
           cited=(("x/2020/QH1", "1"),), latency_ms=20),
        # not found, refused although in scope (its citations do not count)
        _o(_q("c"), (("x/2020/QH1", "9"),), cited=(("x/2020/QH1", "9"),), refused=True, latency_ms=30),
        # out of scope: one refused, one answered
        _o(_q("d", in_scope=False), refused=True, latency_ms=40),
        _o(_q("e", in_scope=False), (gold,), refused=False, latency_ms=50),
    ]
    m = summarize(outcomes)
    assert (m["n"], m["n_in_scope"], m["n_out_of_scope"]) == (5, 3, 2)
    assert m["recall@1"] == pytest.approx(1 / 3)
    assert m["recall@5"] == pytest.approx(2 / 3)
    assert m["mrr@10"] == pytest.approx((1 + 1 / 3) / 3)
    assert m["citation_precision"] == pytest.approx(1 / 3)
    assert m["keypoint_coverage"] == pytest.approx(1.0)
    assert m["refusal_accuracy"] == pytest.approx(0.5)
    assert m["false_refusal_rate"] == pytest.approx(1 / 3)
    assert m["latency_p50_ms"] == 30
    assert m["latency_p95_ms"] == 50


def test_summarize_of_nothing_is_zeros() -> None:
    m = summarize([])
    assert m["n"] == 0 and m["recall@5"] == 0.0 and m["refusal_accuracy"] == 0.0


def test_a_refused_in_scope_question_without_gold_is_a_false_refusal() -> None:
    """Probe questions written only to test the gate (in or out of scope, no gold) count for refusals."""
    probe = Question(id="p", question="Tiền thưởng Giấy khen là bao nhiêu?", gold=(), keypoints=(), kind="other",
                     in_scope=True)
    figures = answer_figures([Outcome(probe, (), (), "", True, 1.0), Outcome(replace(probe, id="p2"), (), (), "x",
                                                                                False, 1.0)])
    assert figures["false_refusals"] == 0.5 and figures["n_in_scope"] == 0
