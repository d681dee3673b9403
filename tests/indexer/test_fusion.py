"""Weighted fusion: the keyword score leads, the dense score breaks ties."""

from __future__ import annotations

import pytest

from indexer.fusion import weighted_fusion


def test_keyword_leader_stays_ahead_of_a_small_dense_edge() -> None:
    sparse = [("a", 10.0), ("b", 9.0)]
    dense = [("b", 0.9), ("a", 0.8), ("c", 0.1)]
    fused = weighted_fusion(sparse, dense, weight=0.05, limit=3)
    assert [k for k, _ in fused] == ["a", "b", "c"]


def test_dense_breaks_a_keyword_tie_and_brings_in_unseen_passages() -> None:
    sparse = [("a", 5.0), ("b", 5.0)]
    dense = [("b", 0.9), ("c", 0.7), ("a", 0.1)]
    fused = dict(weighted_fusion(sparse, dense, weight=0.3, limit=3))
    assert fused["b"] > fused["a"]
    assert fused["c"] == pytest.approx(0.3 * 0.75)
    assert fused["b"] == pytest.approx(1.3)


def test_one_sided_and_empty_lists() -> None:
    assert weighted_fusion([], [("x", 0.5)], weight=0.3, limit=5) == [("x", 0.3)]
    assert weighted_fusion([("x", 2.0)], [], weight=0.3, limit=5) == [("x", 1.0)]
    assert weighted_fusion([], [], weight=0.3, limit=5) == []


def test_negative_weight_is_rejected() -> None:
    with pytest.raises(ValueError, match="weight"):
        weighted_fusion([], [], weight=-1, limit=1)
