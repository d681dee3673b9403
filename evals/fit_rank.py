"""Fit the ranking's feature weights: a pairwise logistic model (RankNet-style, linear) on the dev split.

    python -m evals.fit_rank --data-dir DIR [--real ../shared/questions/real-dev.jsonl] [--write]

``DIR`` holds an index of the shared corpus built with the default dense model (``tdkt ingest``).
Training questions: the dev split (``evals.run.split_of``) of ``evals/questions/dev.jsonl``, with
``--also`` the dev split of more self-written sets (the real-style probes: long stories, where the
sentence that asks and the story differ), and with ``--real`` the dev split of the real questions.
Test splits are never read. For each question,
every candidate the retriever finds gets its feature vector (``assistant.features``); each pair
(passage of a gold article, passage of another article) is one example of ``x_pos − x_neg`` → 1.
Where the gold names a clause, pairs (the gold clause, another passage of the same article) teach
the score to put the clause that answers first: the answer quotes the top passage of an article.
The regularisation strength is chosen by 3-fold cross-validation over questions (article-level
MRR@10); the real questions' dev-split figure printed is the cross-validated one. Two weight
sets are fitted: with dense scores, and keyword-only (for an index without vectors).
``--write`` stores them in ``assistant/data/rank_weights.json`` with how they were fitted.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from assistant import Assistant, AssistantSettings
from assistant.conversation import Turn
from assistant.features import FEATURES, feature_vectors
from assistant.rank import RankModel
from assistant.understand import understand
from corpus import Catalog
from corpus.refs import doc_key
from evals.evaluate import AS_OF
from evals.questions import Question, load_questions
from evals.run import split_of
from indexer import IndexSettings, SparseEncoder, Store, load_embedder

__all__ = ["Example", "collect", "fit", "main"]

logger = logging.getLogger(__name__)

WEIGHTS = Path(__file__).resolve().parents[1] / "assistant" / "data" / "rank_weights.json"
DEV = Path(__file__).resolve().parent / "questions" / "dev.jsonl"
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
# Set, not fitted, where the training index has nothing to learn from: no training question is about a
# province and the shared corpus has no provincial text (a province's text never outranks the national
# rules for a question that names no province or another one; for its own province it competes as is);
# the clean corpus has no appendix forms (a form answers only a question about a form). And a text not
# yet in force on the date asked is not that date's rule: a constraint, which the few past-dated dev
# questions are too few to learn.
FIXED = {"local": 0.0, "local_other": -8.0, "force_unasked": -8.0, "form_unasked": -8.0, "form_asked": 8.0, "not_yet": -8.0}
MAX_NEGATIVES = 40
CLAUSE_WEIGHT = 0.5  # a question's within-article pairs weigh half its between-article pairs


@dataclass(frozen=True, slots=True)
class Example:
    """One training question: candidates' features, which are gold, and their articles."""

    qid: str
    source: str  # "dev" or "real"
    x: np.ndarray  # (candidates, features)
    gold: np.ndarray  # bool per candidate
    articles: tuple[tuple[str, str], ...]
    gold_clause: np.ndarray | None = None  # bool per candidate: a gold article's passage holding a gold clause


def collect(assistant: Assistant, questions: Sequence[Question], source: str, *, use_dense: bool) -> list[Example]:
    out = []
    vocabulary = assistant.vocabulary()
    for q in questions:
        if not q.in_scope or not q.gold:
            continue
        # Understood as the assistant understands it, a follow-up with the turn before it.
        history = [Turn(question=turn, refused=False) for turn in q.conversation]
        plan = understand(q.question, catalog=assistant.catalog, today=assistant.today(), at=q.at,
                          history=history, vocabulary=vocabulary).plan
        cands = assistant.retriever.candidates(plan, use_dense=use_dense)
        scored = feature_vectors(plan, cands, assistant.catalog)
        if not scored:
            continue
        gold = {(doc_key(g.doc), str(g.article or "").lower()) for g in q.gold}
        arts = tuple((s.candidate.chunk.doc_number, s.candidate.chunk.article) for s in scored)
        labels = np.array([(doc_key(d), a.lower()) in gold for d, a in arts])
        clauses = {(doc_key(g.doc), str(g.article or "").lower(), str(g.clause)) for g in q.gold if g.clause}
        holds = np.array([s.candidate.chunk.clause is None or (doc_key(s.candidate.chunk.doc_number),
                          s.candidate.chunk.article.lower(), s.candidate.chunk.clause) in clauses for s in scored])
        gold_clause = labels & holds if clauses else None
        out.append(Example(q.id, source, np.array([s.values for s in scored], dtype=np.float64), labels, arts,
                           gold_clause))
    return out


def _pairs(examples: Sequence[Example], rng: random.Random) -> tuple[np.ndarray, np.ndarray]:
    diffs: list[np.ndarray] = []
    for ex in examples:
        pos = np.flatnonzero(ex.gold)
        neg = np.flatnonzero(~ex.gold)
        if len(pos) == 0 or len(neg) == 0:
            continue
        # The hardest negatives matter: those keyword or dense search put high.
        order = neg[np.argsort(-(ex.x[neg, 0] + ex.x[neg, 2]))]
        half = MAX_NEGATIVES // 2
        rest = [int(i) for i in order[half:]]
        picked = [int(i) for i in order[:half]] + rng.sample(rest, min(len(rest), half))
        weight = 1.0 / (len(pos) * len(picked))  # every question counts the same
        for p in pos:
            for n in picked:
                diffs.append(np.concatenate([ex.x[p] - ex.x[n], [weight]]))
        if ex.gold_clause is not None:
            right = np.flatnonzero(ex.gold_clause)
            other = np.flatnonzero(ex.gold & ~ex.gold_clause)
            if len(right) and len(other):
                weight = CLAUSE_WEIGHT / (len(right) * len(other))
                for i in right:
                    for j in other:
                        diffs.append(np.concatenate([ex.x[i] - ex.x[j], [weight]]))
    if not diffs:
        return np.empty((0, len(FEATURES))), np.empty(0)
    d = np.array(diffs)
    return d[:, :-1], d[:, -1]


def fit(examples: Sequence[Example], c: float, seed: int = 0) -> np.ndarray:
    """Weights of a linear scorer s(x) = w·x with P(pos above neg) = σ(w·(x_pos − x_neg))."""
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - dev dependency, fitting only

    x, w = _pairs(examples, random.Random(seed))
    if len(x) == 0:
        raise ValueError("no training pairs: do the questions' gold articles appear among the candidates?")
    xs = np.vstack([x, -x])
    ys = np.concatenate([np.ones(len(x)), np.zeros(len(x))])
    fixed = [FEATURES.index(f) for f in FIXED]
    xs[:, fixed] = 0.0
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=2000)
    model.fit(xs, ys, sample_weight=np.concatenate([w, w]) * len(w))
    weights = np.asarray(model.coef_[0])
    for f, value in FIXED.items():
        weights[FEATURES.index(f)] = value
    return weights


def mrr(examples: Sequence[Example], weights: np.ndarray, k: int = 10) -> dict[str, float]:
    """Article-level recall@1/@5 and MRR@10, and clause@1: the best-scored passage of the first gold
    article holds a gold clause (questions whose gold names a clause)."""
    r1 = r5 = rr = 0.0
    c1 = c_n = 0
    for ex in examples:
        scores = ex.x @ weights
        if ex.gold_clause is not None and ex.gold.any():
            c_n += 1
            top_gold = max(np.flatnonzero(ex.gold), key=lambda i: scores[i])
            c1 += bool(ex.gold_clause[top_gold])
        seen: list[tuple[str, str]] = []
        rank = None
        for i in np.argsort(-scores, kind="stable"):
            if ex.articles[i] in seen:
                continue
            seen.append(ex.articles[i])
            if ex.gold[i]:
                rank = len(seen)
                break
        if rank is not None:
            r1 += rank <= 1
            r5 += rank <= 5
            rr += 1 / rank if rank <= k else 0
    n = max(len(examples), 1)
    return {"recall@1": r1 / n, "recall@5": r5 / n, "mrr@10": rr / n, "n": len(examples),
            "clause@1": c1 / c_n if c_n else float("nan"), "clause_n": c_n}


def _folds(examples: Sequence[Example], k: int = 3) -> list[tuple[list[Example], list[Example]]]:
    ids = sorted({e.qid for e in examples})
    rng = random.Random(7)
    rng.shuffle(ids)
    fold_of = {q: i % k for i, q in enumerate(ids)}
    return [([e for e in examples if fold_of[e.qid] != f], [e for e in examples if fold_of[e.qid] == f])
            for f in range(k)]


def cross_validate(examples: Sequence[Example]) -> tuple[float, dict[str, dict[str, float]]]:
    """The C with the best cross-validated MRR@10 and, for it, the figures per source (dev, real)."""
    best_c, best, best_by = C_GRID[0], -1.0, {}
    for c in C_GRID:
        held: list[tuple[Example, np.ndarray]] = []
        for train, test in _folds(examples):
            w = fit(train, c)
            held.extend((e, w) for e in test)
        by: dict[str, dict[str, float]] = {}
        for source in sorted({e.source for e in examples}):
            part = [(e, w) for e, w in held if e.source == source]
            figures = [mrr([e], w) for e, w in part]
            n = len(figures)
            by[source] = {m: sum(f[m] for f in figures) / max(n, 1) for m in ("recall@1", "recall@5", "mrr@10")}
            by[source]["n"] = n
            with_clause = [f["clause@1"] for f in figures if f["clause_n"]]
            by[source]["clause@1"] = round(sum(with_clause) / max(len(with_clause), 1), 4)
        score = sum(v["mrr@10"] for v in by.values()) / max(len(by), 1)
        logger.info("C=%g cross-validated %s", c, json.dumps(by))
        if score > best:
            best_c, best, best_by = c, score, by
    return best_c, best_by


@contextmanager
def _training_assistant(data_dir: Path) -> Iterator[tuple[Assistant, str | None]]:
    """The assistant over the training index, and the index's dense model (None: keyword only)."""
    settings = IndexSettings()
    store = Store(settings, data_dir)
    try:
        info = store.info()
        dense_model = info.dense_model if info is not None else None
        embedder = load_embedder(settings.embedding_model, max_chars=settings.embedding_max_chars) if dense_model else None
        if embedder is not None and embedder.name != dense_model:
            raise SystemExit(f"index vectors are {dense_model}, configured model is {embedder.name}")
        yield Assistant(store, Catalog.builtin(), AssistantSettings(today=AS_OF.isoformat()), embedder=embedder,
                        encoder=SparseEncoder.from_settings(settings)), dense_model
    finally:
        store.close()


def _dev_examples(assistant: Assistant, sets: Sequence[tuple[str, Path]], use_dense: bool) -> list[Example]:
    """The training examples: the dev split of every set (the test splits are never read)."""
    return [e for source, path in sets for e in collect(
        assistant, [q for q in load_questions(path) if split_of(q) == "dev"], source, use_dense=use_dense)]


def _scan(data_dir: Path, sets: Sequence[tuple[str, Path]], feature: str, grid: Sequence[float]) -> int:
    """Figures of the training split (dev splits only) for each weight of ``feature``, the others as shipped."""
    shipped = RankModel.shipped()
    rows = []
    with _training_assistant(data_dir) as (assistant, dense_model):
        for name, use_dense in (("dense", True), ("keyword_only", False)):
            if use_dense and dense_model is None:
                continue
            examples = _dev_examples(assistant, sets, use_dense)
            base = np.array([shipped.weights_for(use_dense)[f] for f in FEATURES], dtype=np.float64)
            for value in grid:
                w = base.copy()
                w[FEATURES.index(feature)] = value
                by = {src: mrr([e for e in examples if e.source == src], w) for src in sorted({e.source for e in examples})}
                rows.append({"weights": name, feature: value,
                             **{f"{src} {m}": round(v[m], 4) for src, v in by.items() for m in ("recall@1", "recall@5",
                                                                                                 "mrr@10")}})
                logger.info("%s %s=%g %s", name, feature, value, json.dumps(rows[-1]))
    print(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.fit_rank", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="index of the shared corpus with dense vectors")
    parser.add_argument("--questions", type=Path, default=DEV)
    parser.add_argument("--real", type=Path, default=None, help="real questions: their dev split joins training")
    parser.add_argument("--also", type=Path, action="append", default=[],
                        help="more self-written questions (e.g. the real-style probes): their dev split joins "
                             "training, reported together as 'style'")
    parser.add_argument("--write", action="store_true", help=f"write the weights to {WEIGHTS}")
    parser.add_argument("--only", choices=("dense", "keyword_only"), default=None,
                        help="fit one weight set, keep the other from the file")
    parser.add_argument("--scan", choices=FEATURES, default=None,
                        help="keep the shipped weights and report the training split's figures for each weight of "
                             "this one feature in --grid (a feature added later, fitted alone); writes nothing")
    parser.add_argument("--grid", type=float, nargs="+", default=[0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0])
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)

    sets = [("dev", args.questions)] + [("style", p) for p in args.also] + ([("real", args.real)] if args.real else [])
    if args.scan:
        return _scan(args.data_dir, sets, args.scan, args.grid)
    result: dict[str, object] = {}
    weights: dict[str, dict[str, float]] = {}
    with _training_assistant(args.data_dir) as (assistant, dense_model):
        for name, use_dense in (("dense", True), ("keyword_only", False)):
            if (use_dense and dense_model is None) or (args.only and name != args.only):
                continue
            examples = _dev_examples(assistant, sets, use_dense)
            c, by = cross_validate(examples)
            w = fit(examples, c)
            weights[name] = {f: round(float(v), 4) for f, v in zip(FEATURES, w, strict=True)}
            result[name] = {"C": c, "cross_validated_dev_split": by, "questions": len(examples)}
            logger.info("%s: C=%g, %d questions, cross-validated %s", name, c, len(examples), json.dumps(by))
    kept = json.loads(WEIGHTS.read_text("utf-8")) if WEIGHTS.is_file() else {}
    for name in ("dense", "keyword_only"):
        if name not in weights and name in kept:
            weights[name] = kept[name]
            result[name] = kept.get("fitted", {}).get(name, "kept from the previous fit")
    if "dense" not in weights:
        weights["dense"] = weights["keyword_only"]
    fitted = {
        "how": "pairwise logistic regression (sklearn LogisticRegression on x_pos - x_neg, no intercept), "
               "C by 3-fold cross-validation over questions",
        "fixed": {**FIXED, "why": "nothing (or too little) to learn them from in the training index: no "
                                  "provincial text, no appendix form, few past-dated questions"},
        "command": "python -m evals.fit_rank --data-dir DIR" + "".join(f" --also {p}" for p in args.also)
                   + (" --real ../shared/questions/real-dev.jsonl" if args.real else "") + " --write",
        "training": "dev split (evals.run.split_of) of " + ", ".join(str(p.name) for _, p in sets),
        "dense_model": dense_model,
        "on": date.today().isoformat(),
        **result,
    }
    model = RankModel.from_json({"dense": weights["dense"], "keyword_only": weights["keyword_only"], "fitted": fitted})
    text = json.dumps(model.to_json(), ensure_ascii=False, indent=1)
    if args.write:
        WEIGHTS.write_text(text + "\n", "utf-8")
        logger.info("wrote %s", WEIGHTS)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
