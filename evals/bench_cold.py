"""Benchmark, not a test: a cold `tdkt ask` (a new process, no server running) beside `python -c pass`.

    python -m evals.bench_cold --data-dir DIR [--runs 5] [--question "..."] [--json]

Each round runs ``python -c pass`` and then ``tdkt --data-dir DIR ask QUESTION`` as new processes, one
after the other, so both see the same machine load; the medians and their ratio are reported with
each process's CPU time (user + system), which load on a shared machine affects less than wall time.
One round before the measured ones is not counted: it fills the file cache and writes the bytecode
an installed package already has (with ``PYTHONDONTWRITEBYTECODE`` set, every run would compile
tdkt's modules again). The data directory's answering path is reported too: the generation's
snapshot (``indexer.snapshot``) or Qdrant (an index written before snapshots, or a damaged one).
Stop any ``tdkt serve`` of the data directory first: while one runs, ``tdkt ask`` goes through it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["ColdRun", "main", "measure"]

QUESTION = "Mức tiền thưởng Giấy khen của Chủ tịch UBND xã là bao nhiêu?"


@dataclass(frozen=True)
class ColdRun:
    """Wall and CPU seconds of each measured run, in order."""

    ask_wall: list[float]
    ask_cpu: list[float]
    pass_wall: list[float]
    pass_cpu: list[float]
    path: str  # "snapshot" or "qdrant"
    load_before: float
    load_after: float

    @property
    def ask_median(self) -> float:
        return statistics.median(self.ask_wall)

    @property
    def pass_median(self) -> float:
        return statistics.median(self.pass_wall)

    def summary(self) -> dict[str, object]:
        return asdict(self) | {"ask_median": round(self.ask_median, 3), "pass_median": round(self.pass_median, 3),
                               "ratio": round(self.ask_median / max(self.pass_median, 1e-9), 1),
                               "ask_cpu_median": round(statistics.median(self.ask_cpu), 3)}


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one child process; it must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _tdkt() -> list[str]:
    """The installed `tdkt` script beside this interpreter (what a user runs), or the module."""
    script = Path(sys.executable).with_name("tdkt")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "bots.cli"]


def _answering_path(data_dir: Path) -> str:
    from indexer.settings import IndexSettings  # noqa: PLC0415
    from indexer.snapshot import load_snapshot  # noqa: PLC0415

    settings = IndexSettings()
    if settings.qdrant_url or not settings.memory_index:
        return "qdrant"
    found = load_snapshot(data_dir, settings.collection, fusion=settings.fusion, dense_weight=settings.dense_weight)
    return "snapshot" if found is not None else "qdrant"


def measure(data_dir: Path, *, runs: int = 5, question: str = QUESTION) -> ColdRun:
    """Stop any `tdkt serve` of ``data_dir`` first: while one runs, `tdkt ask` goes through it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    ask = [*_tdkt(), "--data-dir", str(data_dir), "ask", question]
    noop = [sys.executable, "-c", "pass"]
    load_before = os.getloadavg()[0]
    _timed(noop, env), _timed(ask, env)  # not counted: file cache and bytecode
    samples: dict[str, list[float]] = {"ask_wall": [], "ask_cpu": [], "pass_wall": [], "pass_cpu": []}
    for _ in range(runs):
        for name, cmd in (("pass", noop), ("ask", ask)):
            wall, cpu = _timed(cmd, env)
            samples[f"{name}_wall"].append(round(wall, 3))
            samples[f"{name}_cpu"].append(round(cpu, 3))
    return ColdRun(**samples, path=_answering_path(data_dir), load_before=load_before,
                   load_after=os.getloadavg()[0])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--question", default=QUESTION)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure(args.data_dir, runs=args.runs, question=args.question)
    summary = result.summary()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return
    print(f"answering path: {result.path}; load average {result.load_before:.2f} → {result.load_after:.2f}")
    print(f"{'':18}{'runs (wall s)':40}{'median':>8}{'CPU median':>12}")
    for label, walls, cpus in (("python -c pass", result.pass_wall, result.pass_cpu),
                               ("tdkt ask (cold)", result.ask_wall, result.ask_cpu)):
        runs = " ".join(f"{w:.2f}" for w in walls)
        print(f"{label:18}{runs:40}{statistics.median(walls):>8.2f}{statistics.median(cpus):>12.2f}")
    print(f"ratio ask / pass: {summary['ratio']}")


if __name__ == "__main__":
    main()
