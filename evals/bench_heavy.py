"""Heavy jobs and a slow LLM against `tdkt serve` (issue 14).

1. ``sheets``: three 200-question answer sheets posted at once while ``--users`` other clients ask
   questions one after another; their latency (p50, p95, max) during the sheets, beside the same
   clients with nothing else running.
2. ``llm``: the LLM is a local fake that trickles (a byte a second, forever) or hangs; every answer,
   plain and streamed, must come back, the slowest within the deadline plus the retrieval time.
   Run once with the circuit breaker out of the way (every answer waits for the deadline) and once
   with the default breaker (throughput once it opens).

    python -m evals.bench_heavy --data-dir /tmp/i14data           # an index not open in another process
    python -m evals.bench_heavy                                    # indexes ../shared first (≈30 s)
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from evals.metrics import percentile
from evals.questions import load_questions
from evals.server_process import ingest_docs, serve

__all__ = ["LLMRow", "Latency", "main", "run_llm", "run_sheets"]

logger = logging.getLogger(__name__)

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
QUESTIONS = Path(__file__).parent / "questions" / "dev.jsonl"


@dataclass(frozen=True, slots=True)
class Latency:
    label: str
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    max_ms: float


@dataclass(frozen=True, slots=True)
class LLMRow:
    label: str
    requests: int
    errors: int
    deadline_s: float
    p95_ms: float
    max_ms: float
    per_second: float
    fallback: int  # answers that carry the "LLM did not answer" note


def _latency(label: str, times: list[float], errors: int) -> Latency:
    ms = [t * 1000 for t in times]
    return Latency(label, len(ms), errors, round(percentile(ms, 50), 1), round(percentile(ms, 95), 1),
                   round(max(ms, default=0.0), 1))


class _Tally:
    """Latencies and counts gathered by client threads."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.errors = 0
        self.fallback = 0
        self._lock = threading.Lock()

    def add(self, seconds: float, ok: bool, fell_back: bool = False) -> None:
        with self._lock:
            self.times.append(seconds)
            self.errors += not ok
            self.fallback += fell_back


def _users(url: str, questions: Sequence[str], users: int, until: threading.Event) -> _Tally:
    """``users`` clients asking one question after another until ``until`` is set."""
    tally = _Tally()

    def user(offset: int) -> None:
        with httpx.Client(base_url=url, timeout=120) as client:
            i = offset
            while not until.is_set():
                started = time.perf_counter()
                resp = client.post("/api/ask", json={"question": questions[i % len(questions)]})
                tally.add(time.perf_counter() - started, resp.status_code == 200)
                i += users

    for k in range(users):
        threading.Thread(target=user, args=(k,)).start()
    return tally


def run_sheets(data_dir: Path, questions: Sequence[str], *, users: int = 2, idle_seconds: float = 15.0,
               sheets: int = 3, per_sheet: int = 200) -> list[Latency]:
    """Other users' latency idle, then while ``sheets`` answer sheets of ``per_sheet`` questions run."""
    body = "\n".join(questions[i % len(questions)] for i in range(per_sheet)).encode()
    rows: list[Latency] = []
    with tempfile.TemporaryDirectory(prefix="tdkt-heavy-") as logs, serve(data_dir, log=Path(logs) / "serve.log") as url:
        httpx.post(f"{url}/api/ask", json={"question": questions[0]}, timeout=60)  # warm
        stop = threading.Event()
        idle = _users(url, questions, users, stop)
        time.sleep(idle_seconds)
        stop.set()
        time.sleep(1.0)
        rows.append(_latency(f"{users} users, nothing else running", list(idle.times), idle.errors))

        results: list[tuple[int, float]] = []

        def sheet() -> None:
            started = time.perf_counter()
            resp = httpx.post(f"{url}/api/trainer/answer-sheet", files={"file": ("ds.txt", body)},
                              data={"format": "csv"}, timeout=900)
            results.append((resp.status_code, time.perf_counter() - started))

        posting = [threading.Thread(target=sheet) for _ in range(sheets)]
        for t in posting:
            t.start()
        time.sleep(0.5)
        stop = threading.Event()
        loaded = _users(url, questions, users, stop)
        health: list[float] = []
        while any(t.is_alive() for t in posting):
            started = time.perf_counter()
            httpx.get(f"{url}/api/health", timeout=60)
            health.append(time.perf_counter() - started)
            time.sleep(0.5)
        stop.set()
        time.sleep(1.0)
        rows.append(_latency(f"{users} users, {sheets} answer sheets of {per_sheet} running", list(loaded.times),
                             loaded.errors))
        rows.append(_latency("/api/health during the sheets", health, 0))
        for status, seconds in results:
            rows.append(Latency(f"answer sheet → {status}", 1, int(status != 200), round(seconds * 1000, 1),
                                round(seconds * 1000, 1), round(seconds * 1000, 1)))
    return rows


def run_llm(data_dir: Path, questions: Sequence[str], *, deadline: float = 3.0, clients: int = 8,
            per_client: int = 3, seconds_with_breaker: float = 10.0) -> list[LLMRow]:
    """Each fake mode: every answer within the deadline; then throughput with the default breaker."""
    from tests.fakes.llm_server import run_fake_llm  # the checkout's fake LLM  # noqa: PLC0415

    rows: list[LLMRow] = []
    with run_fake_llm() as (llm, _calls), tempfile.TemporaryDirectory(prefix="tdkt-llm-") as logs:
        for mode in ("trickle", "hang"):
            env = {"TDKT_LLM_BASE_URL": f"{llm}/{mode}/v1", "TDKT_LLM_MODEL": "fake",
                   "TDKT_LLM_DEADLINE": str(deadline), "TDKT_LLM_MAX_CONCURRENT": "64",
                   "TDKT_LLM_BREAKER_FAILURES": "100000"}
            with serve(data_dir, env=env, log=Path(logs) / f"{mode}.log") as url:
                for stream in (False, True):
                    rows.append(_llm_round(url, questions, mode, stream, deadline, clients, per_client))
            env.pop("TDKT_LLM_BREAKER_FAILURES")
            with serve(data_dir, env=env, log=Path(logs) / f"{mode}-breaker.log") as url:
                rows.append(_llm_for(url, questions, mode, deadline, clients, seconds_with_breaker))
    return rows


def _ask(client: httpx.Client, question: str, stream: bool) -> tuple[bool, bool]:
    """(answered, fell back) for one question."""
    if not stream:
        resp = client.post("/api/ask", json={"question": question})
        body = resp.json() if resp.status_code == 200 else {}
        return resp.status_code == 200, any("không phản hồi" in n or "tạm ngưng" in n for n in body.get("notes", []))
    done = ""
    with client.stream("POST", "/api/ask?stream=1", json={"question": question}) as resp:
        lines = list(resp.iter_lines())
    for i, line in enumerate(lines):
        if line == "event: done" and i + 1 < len(lines):
            done = lines[i + 1].removeprefix("data: ")
    if not done:
        return False, False
    notes = json.loads(done).get("notes", [])
    return True, any("không phản hồi" in n or "tạm ngưng" in n for n in notes)


def _llm_round(url: str, questions: Sequence[str], mode: str, stream: bool, deadline: float, clients: int,
               per_client: int) -> LLMRow:
    tally = _Tally()

    def client_run(k: int) -> None:
        with httpx.Client(base_url=url, timeout=120) as client:
            for j in range(per_client):
                started = time.perf_counter()
                ok, fell = _ask(client, questions[(k * per_client + j) % len(questions)], stream)
                tally.add(time.perf_counter() - started, ok, fell)

    elapsed = _run_clients(client_run, clients)
    return _llm_row(f"{mode}, {'streamed' if stream else 'plain'}, breaker off", tally, deadline, elapsed)


def _run_clients(client_run: Callable[[int], None], clients: int) -> float:
    """Run ``client_run(k)`` for k in 0..clients-1 in threads at once; the seconds until all are done."""
    started = time.perf_counter()
    threads = [threading.Thread(target=client_run, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started


def _llm_row(label: str, tally: _Tally, deadline: float, elapsed: float) -> LLMRow:
    ms = [t * 1000 for t in tally.times]
    return LLMRow(label, len(ms), tally.errors, deadline, round(percentile(ms, 95), 1), round(max(ms, default=0.0), 1),
                  round(len(ms) / elapsed, 2), tally.fallback)


def _llm_for(url: str, questions: Sequence[str], mode: str, deadline: float, clients: int,
             seconds: float) -> LLMRow:
    tally = _Tally()
    until = time.monotonic() + seconds

    def client_run(k: int) -> None:
        with httpx.Client(base_url=url, timeout=120) as client:
            i = k
            while time.monotonic() < until:
                started = time.perf_counter()
                ok, fell = _ask(client, questions[i % len(questions)], False)
                tally.add(time.perf_counter() - started, ok, fell)
                i += clients

    elapsed = _run_clients(client_run, clients)
    return _llm_row(f"{mode}, plain, default breaker ({seconds:.0f} s, {clients} clients)", tally, deadline, elapsed)


def render(sheets: list[Latency], llm: list[LLMRow]) -> str:
    lines = ["| other users' questions | requests | errors | p50 ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {r.label} | {r.requests} | {r.errors} | {r.p50_ms} | {r.p95_ms} | {r.max_ms} |" for r in sheets]
    lines += ["", "| slow LLM | requests | errors | deadline s | p95 ms | max ms | per s | extractive fallback |",
              "|---|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r.label} | {r.requests} | {r.errors} | {r.deadline_s} | {r.p95_ms} | {r.max_ms} | {r.per_second} | "
              f"{r.fallback} |" for r in llm]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, help="an indexed data directory not open in another process")
    parser.add_argument("--docs", type=Path, nargs="*",
                        default=[SHARED / "corpus" / "text", SHARED / "training-materials"])
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--users", type=int, default=2)
    parser.add_argument("--deadline", type=float, default=3.0)
    parser.add_argument("--only", choices=("sheets", "llm"), default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpcore", "uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    questions = [q.question for q in load_questions(args.questions)]
    with tempfile.TemporaryDirectory(prefix="tdkt-bench-heavy-") as tmp:
        data_dir = args.data_dir
        if data_dir is None:
            data_dir = Path(tmp) / "data"
            ingest_docs(data_dir, args.docs)
        sheets = run_sheets(data_dir, questions, users=args.users) if args.only != "llm" else []
        llm = run_llm(data_dir, questions, deadline=args.deadline) if args.only != "sheets" else []
    if args.json:
        print(json.dumps({"sheets": [asdict(r) for r in sheets], "llm": [asdict(r) for r in llm]}, ensure_ascii=False))
    else:
        print(render(sheets, llm))
    failed = any(r.errors for r in sheets) or any(r.errors or r.max_ms > (r.deadline_s + 2.0) * 1000 for r in llm)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
