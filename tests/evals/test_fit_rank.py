"""The ranking fit on synthetic candidates: article pairs, and clause pairs inside the gold article."""

from __future__ import annotations

import numpy as np

from assistant.features import FEATURES
from evals.fit_rank import Example, fit, mrr

KEYWORD, DENSE = FEATURES.index("keyword"), FEATURES.index("dense")


def _example(qid: str, clause_gold: bool) -> Example:
    """Three candidates: two clauses of the gold article — the first close in meaning, the second the
    clause that answers, found by its keywords — and another article that only keywords find."""
    x = np.zeros((3, len(FEATURES)))
    x[0, DENSE], x[0, KEYWORD] = 0.9, 0.2  # gold article, a clause that does not answer
    x[1, DENSE], x[1, KEYWORD] = 0.5, 0.7  # gold article, the clause that answers
    x[2, DENSE], x[2, KEYWORD] = 0.1, 0.7  # another article
    return Example(qid, "dev", x, np.array([True, True, False]), (("L", "1"), ("L", "1"), ("L", "2")),
                   np.array([False, True, False]) if clause_gold else None)


def test_clause_pairs_teach_the_score_to_put_the_answering_clause_first() -> None:
    labelled = [_example(f"q{i}", clause_gold=True) for i in range(6)]
    figures = mrr(labelled, fit(labelled, c=10.0))
    assert figures["recall@1"] == 1.0 and figures["clause@1"] == 1.0 and figures["clause_n"] == 6
    # Article pairs alone learn "close in meaning" and quote the clause that does not answer.
    unlabelled = [_example(f"p{i}", clause_gold=False) for i in range(6)]
    assert mrr(labelled, fit(unlabelled, c=10.0))["clause@1"] == 0.0
    assert mrr(unlabelled, fit(unlabelled, c=10.0))["clause_n"] == 0
