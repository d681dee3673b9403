"""Load test, not a unit test: many clients at once against a real `tdkt serve`, and a Telegram bot beside them.

    python -m evals.load_test [--clients 50] [--seconds 60] [--data-dir DIR] [--json]

Run from a checkout: it reads ``evals/questions/dev.jsonl``, the shared corpus beside the
repository (indexed into a temporary directory with `tdkt ingest` unless ``--data-dir``), and
the fake Telegram Bot API of ``tests/fakes``. The server is its own process on 127.0.0.1, with
the per-client rate limit lifted (every client shares one address) and the Telegram bot in
webhook mode against the fake. Each client loops until the time is up: 60 % questions from the
question set, 40 % browsing (document list, a table of contents, an article). Beside the load,
two probes measure whether the server stays responsive: ``/api/health`` twice a second, and a
Telegram update posted to ``/telegram/webhook`` every two seconds, timed until the fake Bot API
receives the answer's ``sendMessage``. Both probes also run for a few seconds before the load,
for comparison. Exit status 1 when any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import random
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

from evals.metrics import percentile
from evals.questions import load_questions
from evals.server_process import ingest_docs, serve

__all__ = ["Report", "Row", "main", "run_load"]

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
QUESTIONS = REPO / "evals" / "questions" / "dev.jsonl"
TOKEN = "424242:load-test-token"
SECRET = "load-test-webhook-secret"
_MIX = (("ask", 0.60), ("documents", 0.10), ("toc", 0.10), ("article", 0.20))
_IDLE_SECONDS = 6.0
_HEALTH_EVERY = 0.5
_TELEGRAM_EVERY = 2.0


@dataclass(frozen=True, slots=True)
class Row:
    """Latency figures of one kind of request."""

    kind: str
    requests: int
    errors: int
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float


@dataclass(frozen=True, slots=True)
class Report:
    clients: int
    seconds: float
    rows: tuple[Row, ...]  # each kind, then "all"
    health_idle: Row
    health_loaded: Row
    telegram_idle: Row
    telegram_loaded: Row
    webhook_idle: Row  # the webhook's own response: how long the event loop took to get to it
    webhook_loaded: Row

    @property
    def errors(self) -> int:
        return sum(r.errors for r in (self.rows[-1], self.health_idle, self.health_loaded, self.telegram_idle,
                                       self.telegram_loaded))


@dataclass
class _Samples:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, ms: float, error: str | None = None) -> None:
        self.latencies.setdefault(kind, []).append(ms)
        if error is not None:
            self.errors.setdefault(kind, []).append(error)
            logger.warning("%s failed: %s", kind, error)

    def row(self, kind: str, seconds: float) -> Row:
        values = self.latencies.get(kind, [])
        return Row(kind=kind, requests=len(values), errors=len(self.errors.get(kind, [])),
                   per_second=round(len(values) / seconds, 1) if seconds else 0.0,
                   p50_ms=round(percentile(values, 50), 1), p95_ms=round(percentile(values, 95), 1),
                   p99_ms=round(percentile(values, 99), 1), max_ms=round(max(values, default=0.0), 1))


@contextmanager
def _serve(data_dir: Path, telegram_base: str, log: Path) -> Iterator[str]:
    """`tdkt serve` with the Telegram bot in webhook mode against the fake Bot API."""
    env = {
        "TDKT_TELEGRAM_TOKEN": TOKEN,
        "TDKT_TELEGRAM_BASE_URL": f"{telegram_base}/bot",
        "TDKT_TELEGRAM_WEBHOOK_URL": "https://tdkt.example.vn/telegram/webhook",
        "TDKT_TELEGRAM_SECRET": SECRET,
        "TDKT_TELEGRAM_RATE_LIMIT_PER_MINUTE": "100000000",
    }
    with serve(data_dir, env=env, log=log) as url:
        yield url


class _Load:
    """The clients and the probes, on one event loop."""

    def __init__(self, url: str, fake: Any, questions: Sequence[dict[str, str]], seed: int) -> None:
        self.url = url
        self.fake = fake
        self.questions = questions
        self.random = random.Random(seed)
        self.articles: list[tuple[str, str]] = []
        self.doc_ids: list[str] = []
        self.samples = _Samples()
        self._chat_ids = itertools.count(10_000_000)
        self._update_ids = itertools.count(1)

    async def discover(self, http: httpx.AsyncClient) -> None:
        """The documents and their articles, for the browsing requests."""
        docs = (await http.get("/api/documents")).json()
        self.doc_ids = [d["id"] for d in docs]
        for doc_id in self.doc_ids:
            toc = (await http.get(f"/api/documents/{doc_id}")).json()
            self.articles += [(doc_id, str(a)) for a in _article_numbers(toc)]
        logger.info("%d documents, %d articles to browse", len(self.doc_ids), len(self.articles))

    def _request(self) -> tuple[str, str, str, dict[str, str] | None]:
        kind = self.random.choices([k for k, _ in _MIX], weights=[w for _, w in _MIX])[0]
        if kind == "ask":
            return kind, "POST", "/api/ask", self.random.choice(self.questions)
        if kind == "documents":
            return kind, "GET", "/api/documents", None
        if kind == "toc":
            return kind, "GET", f"/api/documents/{self.random.choice(self.doc_ids)}", None
        doc_id, article = self.random.choice(self.articles)
        return kind, "GET", f"/api/documents/{doc_id}/articles/{article}", None

    async def client(self, http: httpx.AsyncClient, until: float) -> None:
        while time.monotonic() < until:
            kind, method, path, body = self._request()
            started = time.perf_counter()
            try:
                resp = await http.request(method, path, json=body)
                error = None if resp.status_code == 200 else f"HTTP {resp.status_code} on {path}"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__} on {path}"
            self.samples.add(kind, (time.perf_counter() - started) * 1000, error)

    async def health_probe(self, http: httpx.AsyncClient, until: float, kind: str) -> None:
        while time.monotonic() < until:
            started = time.perf_counter()
            try:
                resp = await http.get("/api/health")
                error = None if resp.status_code == 200 else f"HTTP {resp.status_code}"
            except httpx.HTTPError as exc:
                error = type(exc).__name__
            self.samples.add(kind, (time.perf_counter() - started) * 1000, error)
            await asyncio.sleep(_HEALTH_EVERY)

    async def telegram_probe(self, http: httpx.AsyncClient, until: float, kind: str) -> None:
        while time.monotonic() < until:
            chat_id = next(self._chat_ids)
            question = self.random.choice(self.questions)["question"]
            update = {"update_id": next(self._update_ids), "message": {
                "message_id": next(self._update_ids), "date": int(time.time()), "text": question,
                "chat": {"id": chat_id, "type": "private", "first_name": "Tải"},
                "from": {"id": chat_id, "is_bot": False, "first_name": "Tải", "language_code": "vi"}}}
            started = time.perf_counter()
            error = None
            try:
                resp = await http.post("/telegram/webhook", json=update,
                                       headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
                # The webhook route only queues the update, on the event loop: its time is the loop's lag.
                self.samples.add(f"{kind}_accepted", (time.perf_counter() - started) * 1000,
                                 None if resp.status_code == 200 else f"webhook HTTP {resp.status_code}")
                if resp.status_code != 200:
                    error = f"webhook HTTP {resp.status_code}"
                elif not await self._answered(chat_id, timeout=60.0):
                    error = "no sendMessage within 60 s"
            except httpx.HTTPError as exc:
                error = type(exc).__name__
            self.samples.add(kind, (time.perf_counter() - started) * 1000, error)
            await asyncio.sleep(_TELEGRAM_EVERY)

    async def _answered(self, chat_id: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        wanted = str(chat_id)
        while time.monotonic() < deadline:
            if any(str(m.get("chat_id")) == wanted for m in self.fake.sent[-200:]):
                return True
            await asyncio.sleep(0.005)
        return False


def _article_numbers(toc: dict[str, Any]) -> Iterator[str]:
    """Article numbers in a table of contents, however deeply nested under parts and chapters."""
    stack = list(toc.get("toc") or toc.get("children") or [])
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        if node.get("kind") == "dieu" and node.get("label"):
            yield str(node["label"])
        stack.extend(node.get("children") or [])


async def _run(url: str, fake: Any, questions: Sequence[dict[str, str]], clients: int, seconds: float,
               seed: int, idle_seconds: float) -> Report:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    load = _Load(url, fake, questions, seed)
    async with (httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http,
                httpx.AsyncClient(base_url=url, timeout=120) as probes):
        await load.discover(http)
        for body in questions[:10]:  # first questions fill caches; not measured
            await http.post("/api/ask", json=body)
        idle_until = time.monotonic() + idle_seconds
        await asyncio.gather(load.health_probe(probes, idle_until, "health_idle"),
                             load.telegram_probe(probes, idle_until, "telegram_idle"))
        started = time.perf_counter()
        until = time.monotonic() + seconds
        await asyncio.gather(*(load.client(http, until) for _ in range(clients)),
                             load.health_probe(probes, until, "health_loaded"),
                             load.telegram_probe(probes, until, "telegram_loaded"))
        elapsed = time.perf_counter() - started
    s = load.samples
    kinds = [k for k, _ in _MIX]
    every = _Samples({"all": [v for k in kinds for v in s.latencies.get(k, [])]},
                     {"all": [e for k in kinds for e in s.errors.get(k, [])]})
    return Report(clients=clients, seconds=round(elapsed, 1),
                  rows=(*(s.row(k, elapsed) for k in kinds), every.row("all", elapsed)),
                  health_idle=s.row("health_idle", idle_seconds), health_loaded=s.row("health_loaded", elapsed),
                  telegram_idle=s.row("telegram_idle", idle_seconds),
                  telegram_loaded=s.row("telegram_loaded", elapsed),
                  webhook_idle=s.row("telegram_idle_accepted", idle_seconds),
                  webhook_loaded=s.row("telegram_loaded_accepted", elapsed))


def run_load(data_dir: Path, *, clients: int, seconds: float, questions_path: Path = QUESTIONS,
             seed: int = 1, idle_seconds: float = _IDLE_SECONDS) -> Report:
    """Serve ``data_dir`` with `tdkt serve`, load it, and return the figures."""
    from tests.fakes.telegram_api import run_fake_telegram  # the checkout's fake Bot API

    questions = [{"question": q.question} | ({"at": q.at.isoformat()} if q.at else {})
                 for q in load_questions(questions_path)]
    with (tempfile.TemporaryDirectory(prefix="tdkt-load-log-") as logs, run_fake_telegram() as fake,
          _serve(data_dir, fake.url, Path(logs) / "serve.log") as url):
        return asyncio.run(_run(url, fake, questions, clients, seconds, seed, idle_seconds))


def render(report: Report) -> str:
    """The report as a Markdown table."""
    head = "| requests | count | errors | per s | p50 ms | p95 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|---:|---:|"
    lines = [f"{report.clients} clients for {report.seconds} s against `tdkt serve` (127.0.0.1)", "", head]
    labelled = [*((r.kind if r.kind != "all" else "**all**", r) for r in report.rows),
                ("/api/health, idle", report.health_idle), ("/api/health, under load", report.health_loaded),
                ("/telegram/webhook accepted, idle", report.webhook_idle),
                ("/telegram/webhook accepted, under load", report.webhook_loaded),
                ("Telegram update → sendMessage, idle", report.telegram_idle),
                ("Telegram update → sendMessage, under load", report.telegram_loaded)]
    for label, r in labelled:
        lines.append(f"| {label} | {r.requests} | {r.errors} | {r.per_second} | {r.p50_ms} | {r.p95_ms} | "
                     f"{r.p99_ms} | {r.max_ms} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--data-dir", type=Path, help="an indexed data directory not open in another process")
    parser.add_argument("--docs", type=Path, nargs="*", default=[SHARED / "corpus" / "text", SHARED / "training-materials"])
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.seconds <= 0:
        parser.error("--clients must be >= 1 and --seconds > 0")
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpcore", "uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="tdkt-load-") as tmp:
        data_dir = args.data_dir
        if data_dir is None:
            data_dir = Path(tmp) / "data"
            ingest_docs(data_dir, args.docs)
        report = run_load(data_dir, clients=args.clients, seconds=args.seconds, questions_path=args.questions,
                          seed=args.seed)
    if args.json:
        print(json.dumps(asdict(report) | {"errors": report.errors}, ensure_ascii=False))
    else:
        print(render(report))
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
