"""Quiz quality per training-report topic: does a trainer get a quiz worth handing out?

For each topic of ``evals/data/quiz_topics.json`` (the topics of ../shared/training-materials,
each with the provisions inside it, decided from the texts before measuring) and each seed:

- fidelity: share of items whose cited provision is inside the topic;
- duplicates: items testing the same fact (same provision and value, or the same sentence);
- fragments: stems that do not read as a whole sentence (cut mid-word, a list's lead-in "… gồm:");
- distractor faults: a multiple-choice option of another kind or shape, implausibly far from the
  answer (over 4× or under ¼ for figures), equal to the answer, or stated by the stem itself;
- kinds: how many kinds of fact a quiz mixes.

    python -m evals.quiz_quality --data-dir DATA [--n 10] [--seeds 1 2 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import logging
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from assistant import Assistant, Quiz, QuizQuestion, build_quiz
from corpus.refs import doc_key
from corpus.text import fold

__all__ = ["TopicQuality", "evaluate_topic", "load_topics", "main", "stem_fragment", "distractor_faults"]

logger = logging.getLogger(__name__)

_NUMBER = re.compile(r"\d+(?:,\d+)?")
_LEAD_IN = re.compile(r"(?:gồm|bao gồm|sau đây|như sau)\s*:?\s*[.”\"]*$|:\s*[.”\"]*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TopicQuality:
    topic: str
    quizzes: int
    items: int
    inside: int
    duplicates: int
    fragments: int
    distractor_faults: int
    kinds: float  # mean number of fact kinds per quiz
    outside: tuple[str, ...]  # labels of items outside the topic

    @property
    def fidelity(self) -> float:
        return self.inside / self.items if self.items else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "quizzes": self.quizzes, "items": self.items,
                "fidelity": round(self.fidelity, 3), "duplicates": self.duplicates, "fragments": self.fragments,
                "distractor_faults": self.distractor_faults, "kinds": round(self.kinds, 2),
                "outside": list(self.outside)}


def load_topics(path: Path | None = None) -> list[dict[str, Any]]:
    """The topics and, for each, the provisions inside it (clause None: the whole article)."""
    raw = path.read_text("utf-8") if path else \
        resources.files("evals").joinpath("data/quiz_topics.json").read_text("utf-8")
    return list(json.loads(raw)["topics"])


def _inside(q: QuizQuestion, provisions: list[dict[str, Any]]) -> bool:
    c = q.citation
    for p in provisions:
        if doc_key(p["doc"]) == doc_key(c.doc_number) and str(p["article"]) == c.article and (
                p.get("clause") is None or str(p["clause"]) == (c.clause or "")):
            return True
    return False


def stem_fragment(stem: str) -> bool:
    """A stem that is not a whole sentence: starts lower-case or mid-word, ends on a lead-in, or is cut."""
    text = stem.strip().strip("“”\"").strip()
    if not text or text.startswith(("…", "...")) or text.endswith(("…", "...")):
        return True
    first = text.lstrip("(“\"")[:1]
    if not (first.isupper() or first.isdigit()):
        return True
    return bool(_LEAD_IN.search(text)) or not text.endswith((".", "?", "!"))


def _value(text: str) -> float | None:
    m = _NUMBER.search(text)
    return float(m.group(0).replace(",", ".")) if m else None


def _shape(text: str) -> str:
    return re.sub(r"\d+(?:,\d+)?", "9", fold(text).lower())


def distractor_faults(q: QuizQuestion) -> list[str]:
    """What is wrong with a multiple-choice item's wrong options (empty when nothing)."""
    if q.kind != "mcq":
        return []
    faults = []
    answer = q.correct
    seen = {fold(answer).lower()}
    for i, option in enumerate(q.options):
        if i == q.answer:
            continue
        key = fold(option).lower()
        if key in seen:
            faults.append(f"repeated option {option!r}")
        seen.add(key)
        if option in q.evidence:
            faults.append(f"{option!r} is stated by the clause itself")
        if q.fact == "provision":  # "Điều 17" against "Điều 5": article numbers are not magnitudes
            if not option.startswith("Điều "):
                faults.append(f"{option!r} is not an article")
            continue
        a, b = _value(answer), _value(option)
        if (a is None) != (b is None):
            faults.append(f"{option!r} is not of the kind of {answer!r}")
        elif a is not None and b is not None:
            if _shape(option) != _shape(answer):
                faults.append(f"{option!r} is written unlike {answer!r}")
            elif a > 0 and not 0.25 <= b / a <= 4:
                faults.append(f"{option!r} is implausibly far from {answer!r}")
    return faults


def _fact(q: QuizQuestion) -> tuple[str, str, str]:
    value = re.sub(r"(?<!\d)0+(?=\d)", "", fold(q.answer_text).lower())
    return q.citation.label, q.fact, value


def evaluate_topic(assistant: Assistant, topic: dict[str, Any], *, n: int = 10,
                   seeds: tuple[int, ...] = (1, 2, 3), at: date | None = None) -> TopicQuality:
    quizzes: list[Quiz] = [build_quiz(assistant, n=n, seed=s, topic=topic["topic"], at=at) for s in seeds]
    items = inside = duplicates = fragments = faults = 0
    kinds = 0
    outside: list[str] = []
    for quiz in quizzes:
        facts: set[tuple[str, str, str]] = set()
        sentences: set[str] = set()
        kinds += len({q.fact for q in quiz.questions})
        for q in quiz.questions:
            items += 1
            if _inside(q, topic["inside"]):
                inside += 1
            else:
                outside.append(q.citation.label)
            if _fact(q) in facts or q.evidence in sentences:
                duplicates += 1
            facts.add(_fact(q))
            sentences.add(q.evidence)
            if stem_fragment(q.stem):
                fragments += 1
                logger.info("fragment: %s", q.stem)
            found = distractor_faults(q)
            faults += bool(found)
            for f in found:
                logger.info("distractor: %s (%s)", f, q.citation.label)
    return TopicQuality(topic=topic["topic"], quizzes=len(quizzes), items=items, inside=inside,
                        duplicates=duplicates, fragments=fragments, distractor_faults=faults,
                        kinds=kinds / len(quizzes) if quizzes else 0.0, outside=tuple(dict.fromkeys(outside)))


def _table(rows: list[TopicQuality]) -> str:
    lines = ["| topic | items | fidelity | duplicates | fragments | distractor faults | kinds/quiz |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r.topic} | {r.items} | {r.fidelity:.0%} | {r.duplicates} | {r.fragments} | "
                     f"{r.distractor_faults} | {r.kinds:.1f} |")
    total = sum(r.items for r in rows)
    inside = sum(r.inside for r in rows)
    lines.append(f"| **all** | {total} | {inside / total if total else 0:.0%} | {sum(r.duplicates for r in rows)} | "
                 f"{sum(r.fragments for r in rows)} | {sum(r.distractor_faults for r in rows)} | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, required=True, help="an index built by `tdkt ingest`")
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--today", default=None, help="YYYY-MM-DD (default: today)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from assistant import AssistantSettings  # noqa: PLC0415
    from corpus import Catalog  # noqa: PLC0415
    from indexer import IndexSettings, Store  # noqa: PLC0415

    store = Store(IndexSettings(), args.data_dir)
    try:
        assistant = Assistant(store, Catalog.builtin(), AssistantSettings(today=args.today))
        rows = [evaluate_topic(assistant, t, n=args.n, seeds=tuple(args.seeds)) for t in load_topics()]
    finally:
        store.close()
    if args.json:
        print(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=1))  # noqa: T201
    else:
        print(_table(rows))  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
