"""Benchmarks, not tests: ingest throughput, query latency and memory at 1× and ≈20,000 chunks.

    python -m evals.bench [--docs DIR ...] [--target-chunks 20000] [--queries 405]

The larger corpus repeats the shared documents with distinct numbers (the year of each copy's
own number is rewritten, materials are renamed), so nothing is deduplicated away. Each phase
runs in a fresh process so that peak RSS belongs to that phase alone; both scales are measured
in the same run, on the same machine, so their ratios are meaningful even when absolute
numbers are not. Embedded mode (Qdrant on disk, in-memory scoring), as configured by TDKT_*.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import multiprocessing
import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypeVar

from assistant import Assistant, AssistantSettings
from corpus import Catalog, discover, load_folder_facts, parse_legal
from corpus.refs import DOC_NUMBER
from evals.metrics import percentile
from evals.questions import Question, load_questions
from indexer import Embedder, IndexSettings, Searcher, SparseEncoder, Store, ingest, load_embedder

__all__ = [
    "IngestFigures",
    "LatencyFigures",
    "Scale",
    "ServeFigures",
    "ingest_phase",
    "latency_phase",
    "main",
    "render",
    "replicate",
    "run",
    "serve_phase",
]

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
QUESTIONS = REPO / "evals" / "questions" / "dev.jsonl"
_WARM_UP = 5
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class IngestFigures:
    documents: int
    chunks: int
    seconds: float
    peak_rss_mb: float
    disk_mb: float


@dataclass(frozen=True, slots=True)
class ServeFigures:
    open_seconds: float  # Store and assistant built, first query answered (it loads the index)
    peak_rss_mb: float  # after answering every question once


@dataclass(frozen=True, slots=True)
class LatencyFigures:
    search_p50_ms: float
    search_p95_ms: float
    ask_p50_ms: float
    ask_p95_ms: float
    queries: int


def _peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


def _disk_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / (1 << 20)


# -- the larger corpus ----------------------------------------------------------------------
def _renumbered(text: str, copy: int) -> str:
    """The document's own number, wherever it appears, with the year moved to 2100 + copy."""
    own = parse_legal(text).header.number
    if not own:
        return text

    def swap(m: re.Match[str]) -> str:
        if re.sub(r"\s+", "", m.group(0)) != own:
            return m.group(0)
        return m.group(0)[: m.start(2) - m.start(0)] + str(2100 + copy) + m.group(0)[m.end(2) - m.start(0):]

    out = DOC_NUMBER.sub(swap, text)
    if parse_legal(out).header.number == own:
        raise RuntimeError(f"could not renumber {own} for copy {copy}")
    return out


def replicate(dirs: Sequence[Path], target: Path, copies: int) -> None:
    """The documents under ``dirs`` plus ``copies - 1`` renumbered copies, in ``target``."""
    files = list(discover(list(dirs)))
    for copy in range(copies):
        for path in files:
            facts = load_folder_facts(path.parent)
            folder = target / f"copy{copy:02d}" / path.parent.name
            folder.mkdir(parents=True, exist_ok=True)
            name = path.name if copy == 0 else f"r{copy:02d}_{path.name}"
            if path.name in facts:  # a training material: its number is its file name
                shutil.copyfile(path, folder / name)
                manifest = folder / "manifest.json"
                entries = json.loads(manifest.read_text("utf-8")) if manifest.is_file() else []
                entries.append(facts[path.name] | {"file": name})
                manifest.write_text(json.dumps(entries, ensure_ascii=False), "utf-8")
            elif copy == 0:
                shutil.copyfile(path, folder / name)
            else:
                text = path.read_text("utf-8")
                (folder / name).write_text(_renumbered(text, copy), "utf-8")


# -- phases, each in its own process ----------------------------------------------------------
def _embedder(settings: IndexSettings) -> Embedder | None:
    return load_embedder(settings.embedding_model, query_prefix=settings.embedding_query_prefix,
                         passage_prefix=settings.embedding_passage_prefix, segment=settings.embedding_segment,
                         batch_size=settings.embedding_batch_size, max_chars=settings.embedding_max_chars)


def ingest_phase(dirs: list[Path], data: Path, settings: IndexSettings) -> IngestFigures:
    """Index ``dirs`` from scratch into ``data``."""
    store = Store(settings, data)
    try:
        report = ingest(dirs, store=store, catalog=Catalog.builtin(), settings=settings,
                        embedder=_embedder(settings), full=True)
    finally:
        store.close()
    return IngestFigures(documents=report.documents, chunks=report.chunks, seconds=report.seconds,
                         peak_rss_mb=_peak_rss_mb(), disk_mb=_disk_mb(data))


@dataclass
class _Stack:
    store: Store
    searcher: Searcher
    assistant: Assistant


def _open(data: Path, settings: IndexSettings) -> _Stack:
    """What a server builds at start-up, from the settings alone."""
    store = Store(settings, data)
    embedder = _embedder(settings)
    encoder = SparseEncoder.from_settings(settings)
    assistant_settings = AssistantSettings()
    searcher = Searcher(store, encoder=encoder, embedder=embedder, prefetch=assistant_settings.candidates)
    assistant = Assistant(store, Catalog.builtin(), assistant_settings, embedder=embedder, encoder=encoder)
    return _Stack(store, searcher, assistant)


def serve_phase(data: Path, settings: IndexSettings, questions: list[Question]) -> ServeFigures:
    """Start as a server would, answer every question once, and report start-up time and peak memory."""
    started = time.perf_counter()
    stack = _open(data, settings)
    try:
        stack.assistant.ask(questions[0].question, at=questions[0].at)  # loads the index into memory
        opened = time.perf_counter() - started
        for q in questions:
            stack.assistant.ask(q.question, at=q.at)
    finally:
        stack.store.close()
    return ServeFigures(open_seconds=opened, peak_rss_mb=_peak_rss_mb())


def latency_phase(datas: list[Path], settings: IndexSettings,
                  questions: list[Question]) -> list[LatencyFigures]:
    """Time ``search`` and ``ask`` on each index in turn, question by question.

    Interleaving means a busy machine slows every scale alike, so the ratios hold.
    """
    stacks = [_open(d, settings) for d in datas]
    try:
        for stack in stacks:
            for q in questions[:_WARM_UP]:
                stack.assistant.ask(q.question, at=q.at)
        search_ms: list[list[float]] = [[] for _ in stacks]
        ask_ms: list[list[float]] = [[] for _ in stacks]
        for q in questions:
            for i, stack in enumerate(stacks):
                started = time.perf_counter()
                stack.searcher.search(q.question, 5)
                search_ms[i].append((time.perf_counter() - started) * 1000)
            for i, stack in enumerate(stacks):
                started = time.perf_counter()
                stack.assistant.ask(q.question, at=q.at)
                ask_ms[i].append((time.perf_counter() - started) * 1000)
    finally:
        for stack in stacks:
            stack.store.close()
    return [LatencyFigures(search_p50_ms=statistics.median(s), search_p95_ms=percentile(s, 95),
                           ask_p50_ms=statistics.median(a), ask_p95_ms=percentile(a, 95),
                           queries=len(questions))
            for s, a in zip(search_ms, ask_ms, strict=True)]


def _in_child(func: Callable[..., T], *args: object) -> T:
    """Run one phase in a fresh interpreter, so its peak RSS is its own."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(func, *args).result()


# -- the run ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Scale:
    name: str
    ingest: IngestFigures
    serve: ServeFigures
    latency: LatencyFigures


def run(dirs: Sequence[Path], work: Path, *, target_chunks: int, questions: list[Question],
        settings: IndexSettings) -> list[Scale]:
    """Both scales in one run: ingest and serve each in its own process, latency side by side."""
    small, big = work / "data-1x", work / "data-big"
    ingested = [_in_child(ingest_phase, list(dirs), small, settings)]
    copies = max(2, math.ceil(target_chunks / max(ingested[0].chunks, 1)))
    logger.info("replicating the corpus %d times for about %d chunks", copies, copies * ingested[0].chunks)
    replicate(dirs, work / "replica", copies)
    ingested.append(_in_child(ingest_phase, [work / "replica"], big, settings))
    served = [_in_child(serve_phase, d, settings, questions) for d in (small, big)]
    latencies = _in_child(latency_phase, [small, big], settings, questions)
    names = ("1×", f"{copies}×")
    return [Scale(*row) for row in zip(names, ingested, served, latencies, strict=True)]


_ROWS: tuple[tuple[str, str, Callable[[Scale], float]], ...] = (
    ("documents", "d", lambda s: s.ingest.documents),
    ("chunks", "d", lambda s: s.ingest.chunks),
    ("ingest seconds", ".1f", lambda s: s.ingest.seconds),
    ("ingest documents/s", ".2f", lambda s: s.ingest.documents / s.ingest.seconds),
    ("ingest chunks/s", ".0f", lambda s: s.ingest.chunks / s.ingest.seconds),
    ("index on disk MB", ".1f", lambda s: s.ingest.disk_mb),
    ("peak RSS ingest MB", ".0f", lambda s: s.ingest.peak_rss_mb),
    ("start-up + first answer s", ".2f", lambda s: s.serve.open_seconds),
    ("peak RSS serving MB", ".0f", lambda s: s.serve.peak_rss_mb),
    ("search p50 ms", ".2f", lambda s: s.latency.search_p50_ms),
    ("search p95 ms", ".2f", lambda s: s.latency.search_p95_ms),
    ("ask p50 ms", ".2f", lambda s: s.latency.ask_p50_ms),
    ("ask p95 ms", ".2f", lambda s: s.latency.ask_p95_ms),
)


def render(scales: Sequence[Scale], settings: IndexSettings, load: str = "") -> str:
    """A table with one column per scale and the ratio of the last to the first."""
    first, last = scales[0], scales[-1]
    rows = [["", *(s.name for s in scales), "ratio"]]
    for label, fmt, get in _ROWS:
        a, b = get(first), get(last)
        rows.append([label, *(format(get(s), fmt) for s in scales), f"{b / a:.2f}" if a else "—"])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join([r[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True))])
             for r in rows]
    mode = f"dense {settings.embedding_model} + sparse" if settings.embedding_model else "sparse only"
    growth = last.ingest.chunks / max(first.ingest.chunks, 1)
    lines += [
        "",
        f"Embedded Qdrant, in-memory scoring: {settings.memory_index}; {mode}; "
        f"{first.latency.queries} questions per scale; load average {load}.",
        f"For {growth:.1f}× the chunks: ingest time ×{last.ingest.seconds / first.ingest.seconds:.1f}, "
        f"search p50 ×{last.latency.search_p50_ms / first.latency.search_p50_ms:.1f}, "
        f"ask p50 ×{last.latency.ask_p50_ms / first.latency.ask_p50_ms:.1f}, "
        f"serving RSS ×{last.serve.peak_rss_mb / first.serve.peak_rss_mb:.2f}, "
        f"start-up ×{last.serve.open_seconds / first.serve.open_seconds:.1f}.",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m evals.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--docs", nargs="+", type=Path,
                        default=[SHARED / "corpus" / "text", SHARED / "training-materials"])
    parser.add_argument("--target-chunks", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=0, help="questions per scale (default: all)")
    parser.add_argument("--work-dir", type=Path, default=None, help="keep indexes here (default: a temp dir)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(message)s")
    missing = [d for d in args.docs if not d.exists()]
    if missing:
        parser.error(f"no such folder: {missing[0]}")
    questions = load_questions(QUESTIONS)
    questions = questions[: args.queries] if args.queries else questions
    settings = IndexSettings()
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="tdkt-bench-"))
    load_before = os.getloadavg()[0]
    try:
        scales = run(args.docs, work, target_chunks=args.target_chunks, questions=questions,
                     settings=settings)
    finally:
        if args.work_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    # The benchmark's results are its output, as a CLI command's are.
    if args.json:
        out = json.dumps([asdict(s) for s in scales], ensure_ascii=False)
    else:
        # A shared machine makes absolute figures noisy; say how busy it was.
        out = render(scales, settings, load=f"{load_before:.1f} at start, {os.getloadavg()[0]:.1f} at end")
    sys.stdout.write(out + "\n")


if __name__ == "__main__":
    main()
