"""One evaluation run: tdkt and the named baselines on the same questions, metrics side by side."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from assistant import Assistant, AssistantSettings
from corpus import Catalog
from evals.baselines import BASELINES, build_baseline, fixed_size_chunks, run_baseline
from evals.errors import NoBaselineSources
from evals.metrics import Outcome, summarize
from evals.questions import Question, load_questions
from evals.run import run_assistant, run_search, split_of
from evals.sources import load_sources
from indexer import Embedder, IndexSettings, SparseEncoder, Store, load_embedder

__all__ = ["AS_OF", "SEARCH", "SPLITS", "TDKT", "EvalResult", "SystemRun", "evaluate", "opened_assistant",
           "select_split"]

logger = logging.getLogger(__name__)

SPLITS = ("dev", "test", "all")
# The question set's present tense (evals/questions/README.md): pinned so that scores do not
# drift as documents reach or pass their dates.
AS_OF = date(2026, 11, 22)
TDKT = "tdkt"
SEARCH = "tdkt-search"  # the ranking `tdkt search` and the web search show
Metrics = dict[str, float | int]


@dataclass(frozen=True, slots=True)
class SystemRun:
    """One system's outcomes on the questions and the metrics computed from them."""

    name: str
    outcomes: tuple[Outcome, ...]
    metrics: Metrics
    by_kind: dict[str, Metrics]
    build_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class EvalResult:
    questions: str
    split: str
    as_of: str
    systems: tuple[SystemRun, ...]  # tdkt first, then tdkt's search ranking, then the baselines in the order asked

    @property
    def tdkt(self) -> SystemRun:
        return self.systems[0]

    @property
    def search(self) -> SystemRun | None:
        return next((s for s in self.systems if s.name == SEARCH), None)

    @property
    def baselines(self) -> tuple[SystemRun, ...]:
        return tuple(s for s in self.systems[1:] if s.name != SEARCH)

    def on_split(self, split: str) -> EvalResult:
        """The same runs restricted to one split (``evals.run.split_of``) of the questions."""
        if split == "all" or split == self.split:
            return self
        systems = tuple(system_run(s.name, [o for o in s.outcomes if split_of(o.question) == split],
                                   s.build_seconds) for s in self.systems)
        return EvalResult(questions=self.questions, split=split, as_of=self.as_of, systems=systems)

    def to_json(self) -> dict[str, object]:
        """tdkt's metrics at the top level, each baseline's under ``baselines``."""
        return {
            "questions": self.questions,
            "split": self.split,
            "as_of": self.as_of,
            **_rounded(self.tdkt.metrics),
            "by_kind": {k: _rounded(m) for k, m in self.tdkt.by_kind.items()},
            **({"search": _rounded(self.search.metrics)} if self.search is not None else {}),
            "baselines": {
                b.name: {**_rounded(b.metrics), "by_kind": {k: _rounded(m) for k, m in b.by_kind.items()},
                         "build_seconds": round(b.build_seconds, 1)}
                for b in self.baselines
            },
        }


def _rounded(metrics: Metrics) -> Metrics:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in metrics.items()}


def select_split(questions: Sequence[Question], split: str) -> list[Question]:
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, got {split!r}")
    return [q for q in questions if split == "all" or split_of(q) == split]


def system_run(name: str, outcomes: Sequence[Outcome], build_seconds: float = 0.0) -> SystemRun:
    kinds: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        kinds[o.question.kind].append(o)
    return SystemRun(name=name, outcomes=tuple(outcomes), metrics=summarize(outcomes),
                     by_kind={k: summarize(v) for k, v in sorted(kinds.items())}, build_seconds=build_seconds)


@contextmanager
def opened_assistant(data_dir: Path, model: str) -> Iterator[Assistant]:
    """The assistant on the index under ``data_dir`` as of :data:`AS_OF`, with ``model`` ("none": keyword
    only), which must be the model of the index's vectors."""
    settings = IndexSettings()
    store = Store(settings, data_dir)
    try:
        embedder = load_embedder(model)
        info = store.info(store.require_active())
        if embedder is not None and (info is None or info.dense_model != embedder.name):
            raise SystemExit(f"the index under {data_dir} has no vectors of {embedder.name}")
        yield Assistant(store, Catalog.builtin(), AssistantSettings(today=AS_OF.isoformat()),
                        encoder=SparseEncoder.from_settings(settings), embedder=embedder)
    finally:
        store.close()


def evaluate(
    questions_path: Path,
    *,
    index_settings: IndexSettings,
    assistant_settings: AssistantSettings,
    data_dir: Path,
    docs_dirs: Sequence[Path] = (),
    baselines: Sequence[str] = (),
    split: str = "all",
    catalog: Catalog | None = None,
    embedder: Embedder | None = None,
    as_of: date = AS_OF,
    on_progress: Callable[[str, int], None] | None = None,
    search: bool = True,
) -> EvalResult:
    """Run tdkt (from the index under ``data_dir``) and each baseline on the same questions.

    ``search`` adds tdkt's search ranking (what `tdkt search` lists) as a system of its own.
    Baselines read ``docs_dirs``, or else the very files the active index was built from.
    ``as_of`` answers present-tense questions unless ``assistant_settings.today`` is set.
    """
    unknown = [b for b in baselines if b not in BASELINES]
    if unknown:
        raise ValueError(f"unknown baseline {unknown[0]!r}; choose from {', '.join(BASELINES)}")
    questions = select_split(load_questions(questions_path), split)
    catalog = catalog or Catalog.builtin()
    if not assistant_settings.today:
        assistant_settings = assistant_settings.model_copy(update={"today": as_of.isoformat()})
    logger.info("evaluating %d questions (%s split) as of %s", len(questions), split,
                assistant_settings.today)

    def progress(name: str) -> Callable[[int], None] | None:
        return (lambda done: on_progress(name, done)) if on_progress else None

    store = Store(index_settings, data_dir)
    try:
        store.require_active()
        info = store.info()
        if embedder is not None and (info is None or info.dense_model != embedder.name):
            logger.warning("index has no vectors of %s: tdkt is evaluated with sparse retrieval only",
                           embedder.name)
            embedder = None
        assistant = Assistant(store, catalog, assistant_settings, embedder=embedder,
                              encoder=SparseEncoder.from_settings(index_settings))
        systems = [system_run(TDKT, run_assistant(assistant, questions, progress(TDKT)))]
        if search:
            systems.append(system_run(SEARCH, run_search(assistant, questions, progress(SEARCH))))
        sources_from = list(docs_dirs) or [Path(d.source) for d in (info.documents if info else [])]
    finally:
        store.close()

    if baselines:
        existing = [p for p in sources_from if p.exists()]
        if len(existing) < len(sources_from):
            logger.warning("baselines: %d of %d indexed files are gone", len(sources_from) - len(existing),
                           len(sources_from))
        sources = load_sources(existing, catalog, max_bytes=index_settings.max_file_bytes)
        if not sources:
            raise NoBaselineSources("no documents to build the baselines from",
                                    paths=[str(p) for p in sources_from])
        chunks = fixed_size_chunks(sources)
        for name in baselines:
            started = time.perf_counter()
            baseline = build_baseline(name, sources, chunks=chunks, cache_dir=data_dir / "baselines")
            built = time.perf_counter() - started
            logger.info("baseline %s built in %.1f s", name, built)
            systems.append(system_run(name, run_baseline(baseline, questions, progress(name)), built))
    return EvalResult(questions=str(questions_path), split=split, as_of=assistant_settings.today,
                      systems=tuple(systems))
