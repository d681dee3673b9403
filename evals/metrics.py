"""Retrieval and answer metrics, article-level, with documents compared by normalised number."""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus.refs import doc_key
from corpus.text import fold, normalize_line
from evals.questions import Gold, Question

__all__ = [
    "Outcome",
    "first_hit_rank",
    "gold_keys",
    "keypoint_hits",
    "missing_keypoints",
    "percentile",
    "summarize",
]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a system did with one question."""

    question: Question
    ranked: tuple[tuple[str, str], ...]  # (doc number, article) in rank order, distinct
    cited: tuple[tuple[str, str], ...]  # articles the answer cites
    answer: str
    refused: bool
    latency_ms: float
    extra: dict[str, object] = field(default_factory=dict)


def _key(doc: str, article: object) -> tuple[str, str]:
    return doc_key(doc), str(article or "").strip().lower()


def gold_keys(golds: Sequence[Gold]) -> set[tuple[str, str]]:
    return {_key(g.doc, g.article) for g in golds}


def first_hit_rank(o: Outcome) -> int | None:
    gold = gold_keys(o.question.gold)
    for i, (doc, art) in enumerate(o.ranked):
        if _key(doc, art) in gold:
            return i + 1
    return None


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", fold(normalize_line(text)).lower())


def missing_keypoints(o: Outcome) -> list[str]:
    """Keypoints the answer text lacks (compared folded, lower case, whitespace collapsed)."""
    answer = _norm(o.answer)
    return [k for k in o.question.keypoints if _norm(k) not in answer]


def keypoint_hits(o: Outcome) -> tuple[int, int]:
    total = len(o.question.keypoints)
    return total - len(missing_keypoints(o)), total


def percentile(values: Sequence[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[idx]


def summarize(outcomes: Sequence[Outcome]) -> dict[str, float | int]:
    """All metrics for a list of outcomes (one system, one question set)."""
    inscope = [o for o in outcomes if o.question.in_scope and o.question.gold]
    oos = [o for o in outcomes if not o.question.in_scope]
    ranks = [first_hit_rank(o) for o in inscope]
    n = max(len(inscope), 1)
    kp = [keypoint_hits(o) for o in inscope if o.question.keypoints]
    cited_total = sum(len(o.cited) for o in inscope if not o.refused)
    cited_gold = sum(sum(1 for d, a in o.cited if _key(d, a) in gold_keys(o.question.gold))
                     for o in inscope if not o.refused)
    lat = [o.latency_ms for o in outcomes]
    return {
        "n": len(outcomes),
        "n_in_scope": len(inscope),
        "n_out_of_scope": len(oos),
        "recall@1": sum(1 for r in ranks if r is not None and r <= 1) / n,
        "recall@5": sum(1 for r in ranks if r is not None and r <= 5) / n,
        "recall@10": sum(1 for r in ranks if r is not None and r <= 10) / n,
        "mrr@10": sum(1 / r for r in ranks if r is not None and r <= 10) / n,
        "keypoint_coverage": sum(h for h, _ in kp) / max(sum(t for _, t in kp), 1),
        "citation_precision": cited_gold / cited_total if cited_total else 0.0,
        "refusal_accuracy": sum(1 for o in oos if o.refused) / len(oos) if oos else 0.0,
        "false_refusal_rate": sum(1 for o in inscope if o.refused) / n,
        "latency_p50_ms": statistics.median(lat) if lat else 0.0,
        "latency_p95_ms": percentile(lat, 95),
    }
