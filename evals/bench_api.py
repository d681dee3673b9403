"""Benchmark, not a test: `/api/ask` latency under concurrent clients, against a real `tdkt serve`.

    python -m evals.bench_api [--data-dir DIR] [--requests 500] [--concurrency 10] [--json]

Without ``--data-dir`` the shared corpus is indexed into a temporary directory first (with
`tdkt ingest`). The server runs as its own process, as in production; the questions are the
evaluation set's, sent round-robin by ``--concurrency`` clients that each wait for their answer
before asking again. The server's per-client rate limit is lifted for the run (all clients
share one address).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from evals.metrics import percentile
from evals.questions import Question, load_questions
from evals.server_process import ingest_docs, serve

__all__ = ["Figures", "bench", "main", "serve"]

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
QUESTIONS = REPO / "evals" / "questions" / "dev.jsonl"
_WARM_UP = 10


@dataclass(frozen=True, slots=True)
class Figures:
    requests: int
    concurrency: int
    errors: int
    seconds: float
    throughput: float  # answers per second
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float


async def _client(http: httpx.AsyncClient, work: asyncio.Queue[dict[str, str]], latencies: list[float],
                  errors: list[int]) -> None:
    while True:
        try:
            body = work.get_nowait()
        except asyncio.QueueEmpty:
            return
        started = time.perf_counter()
        resp = await http.post("/api/ask", json=body)
        latencies.append((time.perf_counter() - started) * 1000)
        if resp.status_code != 200:
            errors.append(resp.status_code)


async def _fire(url: str, bodies: Sequence[dict[str, str]], concurrency: int) -> tuple[list[float], list[int], float]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:
        for body in bodies[:_WARM_UP]:  # first questions load caches; not measured
            await http.post("/api/ask", json=body)
        work: asyncio.Queue[dict[str, str]] = asyncio.Queue()
        for body in bodies:
            work.put_nowait(body)
        latencies: list[float] = []
        errors: list[int] = []
        started = time.perf_counter()
        await asyncio.gather(*(_client(http, work, latencies, errors) for _ in range(concurrency)))
        return latencies, errors, time.perf_counter() - started


def _bodies(questions: Sequence[Question], n: int) -> list[dict[str, str]]:
    out = []
    for i in range(n):
        q = questions[i % len(questions)]
        out.append({"question": q.question} | ({"at": q.at.isoformat()} if q.at else {}))
    return out


def bench(url: str, questions: Sequence[Question], *, requests: int, concurrency: int) -> Figures:
    """Send ``requests`` questions from ``concurrency`` clients at once; latency as each client sees it."""
    latencies, errors, seconds = asyncio.run(_fire(url, _bodies(questions, requests), concurrency))
    return Figures(requests=len(latencies), concurrency=concurrency, errors=len(errors), seconds=round(seconds, 2),
                   throughput=round(len(latencies) / seconds, 1), p50_ms=round(percentile(latencies, 50), 1),
                   p95_ms=round(percentile(latencies, 95), 1), p99_ms=round(percentile(latencies, 99), 1),
                   mean_ms=round(statistics.fmean(latencies), 1), max_ms=round(max(latencies), 1))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, help="an indexed data directory not open in another process")
    parser.add_argument("--docs", type=Path, nargs="*", default=[SHARED / "corpus" / "text", SHARED / "training-materials"])
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    questions = load_questions(args.questions)
    with tempfile.TemporaryDirectory(prefix="tdkt-bench-api-") as tmp:
        data_dir = args.data_dir
        if data_dir is None:
            data_dir = Path(tmp) / "data"
            ingest_docs(data_dir, args.docs)
        with serve(data_dir) as url:
            figures = bench(url, questions, requests=args.requests, concurrency=args.concurrency)
    if args.json:
        print(json.dumps(asdict(figures)))
    else:
        print(f"/api/ask, {figures.concurrency} concurrent clients, {figures.requests} requests "
              f"({figures.errors} errors) in {figures.seconds} s\n"
              f"  p50 {figures.p50_ms} ms · p95 {figures.p95_ms} ms · p99 {figures.p99_ms} ms · "
              f"mean {figures.mean_ms} ms · max {figures.max_ms} ms\n"
              f"  throughput {figures.throughput} answers/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
