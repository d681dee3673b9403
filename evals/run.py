"""Run a system over the evaluation questions and collect outcomes."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence

from assistant import Answer, Assistant, Citation
from evals.metrics import Outcome
from evals.questions import Question

__all__ = ["answer_outcome", "run_assistant", "run_search", "split_of"]


def split_of(question: Question) -> str:
    """A stable split: about one question in three is held out from tuning ("test")."""
    digest = hashlib.sha256(question.id.encode()).digest()
    return "test" if digest[0] % 3 == 0 else "dev"


def answer_outcome(q: Question, answer: Answer, latency_ms: float) -> Outcome:
    ranked = tuple(dict.fromkeys((c.doc_number, c.article) for c in answer.retrieved))
    cited = tuple(dict.fromkeys((c.doc_number, c.article) for c in answer.citations))
    # Labels with article titles, so the failure report shows what was found, not just numbers.
    titles = {(c.doc_number, c.article): _article_label(c) for c in (*answer.retrieved, *answer.citations)}
    extra: dict[str, object] = {"confidence": answer.confidence, "as_of": answer.as_of.isoformat(),
                                "labels": titles, "cited_labels": [c.label for c in answer.citations]}
    return Outcome(question=q, ranked=ranked, cited=cited, answer=answer.text, refused=answer.refused,
                   latency_ms=latency_ms, extra=extra)


def _article_label(c: Citation) -> str:
    head = f"Điều {c.article} {c.doc_number}" if c.article else c.short_title
    return f"{head} ({c.article_title})" if c.article_title else head


def run_assistant(assistant: Assistant, questions: Sequence[Question],
                  on_progress: Callable[[int], None] | None = None) -> list[Outcome]:
    outcomes = []
    for i, q in enumerate(questions):
        conv = f"eval-{q.id}" if q.conversation else None
        for turn in q.conversation:
            assistant.ask(turn, conversation_id=conv, at=q.at)
        started = time.perf_counter()
        answer = assistant.ask(q.question, conversation_id=conv, at=q.at)
        outcomes.append(answer_outcome(q, answer, (time.perf_counter() - started) * 1000))
        if conv:
            assistant.reset(conv)
        if on_progress:
            on_progress(i + 1)
    return outcomes


def run_search(assistant: Assistant, questions: Sequence[Question],
               on_progress: Callable[[int], None] | None = None, k: int = 30) -> list[Outcome]:
    """What `tdkt search` lists for each question (no conversation), scored at article level."""
    outcomes = []
    for i, q in enumerate(questions):
        started = time.perf_counter()
        hits = assistant.search(q.question, k, at=q.at)
        latency = (time.perf_counter() - started) * 1000
        ranked = tuple(dict.fromkeys((h.chunk.doc_number, h.chunk.article) for h in hits))
        outcomes.append(Outcome(question=q, ranked=ranked, cited=ranked[:1], answer="", refused=False,
                                latency_ms=latency))
        if on_progress:
            on_progress(i + 1)
    return outcomes
