"""Answer-level figures: does the answer cite the governing article, say the key facts, stay short,
and decline exactly what the library does not cover.

``python -m evals.answers --data-dir DIR QUESTIONS.jsonl ...`` prints one row per question file and
split (dev, test), from the active index under ``DIR`` (sparse retrieval, as ``tdkt eval``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

from assistant import Assistant
from evals.metrics import Outcome, gold_keys, keypoint_hits, percentile
from evals.questions import Question
from evals.run import answer_outcome

__all__ = ["answer_figures", "main"]


def _key(doc: str, article: str) -> tuple[str, str]:
    from corpus.refs import doc_key  # noqa: PLC0415 - keeps this module's import light

    return doc_key(doc), str(article or "").strip().lower()


def answer_figures(outcomes: Sequence[Outcome]) -> dict[str, float | int]:
    """Cites-gold share, citation precision, declines, false refusals, keypoints and answer lengths."""
    inscope = [o for o in outcomes if o.question.in_scope and o.question.gold]
    oos = [o for o in outcomes if not o.question.in_scope]
    answered = [o for o in inscope if not o.refused]
    cites_gold = sum(1 for o in answered if any(_key(d, a) in gold_keys(o.question.gold) for d, a in o.cited))
    cited_total = sum(len(o.cited) for o in answered)
    cited_gold = sum(sum(1 for d, a in o.cited if _key(d, a) in gold_keys(o.question.gold)) for o in answered)
    kp = [keypoint_hits(o) for o in inscope if o.question.keypoints]
    lengths = [len(o.answer) for o in outcomes if not o.refused]
    first_key = [int(str(o.extra.get("lead_chars", 0) or 0)) for o in answered]
    return {
        "n_in_scope": len(inscope),
        "n_out_of_scope": len(oos),
        "cites_gold": cites_gold / max(len(inscope), 1),
        "citation_precision": cited_gold / cited_total if cited_total else 0.0,
        "oos_declined": sum(1 for o in oos if o.refused) / len(oos) if oos else 0.0,
        "false_refusals": sum(1 for o in inscope if o.refused) / max(len(inscope), 1),
        "keypoint_coverage": sum(h for h, _ in kp) / max(sum(t for _, t in kp), 1),
        "length_median": statistics.median(lengths) if lengths else 0,
        "length_p90": percentile(lengths, 90),
        "lead_median": statistics.median(first_key) if first_key else 0,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("questions", nargs="+", type=Path)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--split", action="append", choices=("dev", "test", "all"))
    parser.add_argument("--failures", action="store_true", help="print the dev questions answered wrongly")
    args = parser.parse_args(argv)

    from assistant import AssistantSettings  # noqa: PLC0415
    from corpus import Catalog  # noqa: PLC0415
    from evals.evaluate import AS_OF, select_split  # noqa: PLC0415
    from evals.questions import load_questions  # noqa: PLC0415
    from indexer import IndexSettings, SparseEncoder, Store  # noqa: PLC0415

    settings = IndexSettings()
    store = Store(settings, args.data_dir)
    rows = []
    try:
        assistant = Assistant(store, Catalog.builtin(), AssistantSettings(today=AS_OF.isoformat()),
                              encoder=SparseEncoder.from_settings(settings))
        for path in args.questions:
            questions = load_questions(path)
            for split in args.split or ["dev", "test"]:
                outcomes = _run(assistant, select_split(questions, split))
                rows.append({"questions": path.name, "split": split} | answer_figures(outcomes))
                if args.failures and split == "dev":
                    _print_failures(outcomes)
    finally:
        store.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    cols = ["cites_gold", "citation_precision", "oos_declined", "false_refusals", "keypoint_coverage",
            "length_median", "length_p90", "lead_median"]
    print(f"{'set':<22}{'split':<6}{'n_in':>5}{'n_oos':>6}" + "".join(f"{c[:12]:>13}" for c in cols))
    for r in rows:
        print(f"{r['questions']:<22}{r['split']:<6}{r['n_in_scope']:>5}{r['n_out_of_scope']:>6}"
              + "".join(f"{float(r[c]):>13.3f}" if isinstance(r[c], float) and r[c] < 10 else f"{r[c]:>13}"
                        for c in cols))


def _run(assistant: Assistant, questions: Sequence[Question]) -> list[Outcome]:
    """As evals.run.run_assistant, keeping the lead's length and the decision beside each outcome."""
    out = []
    for q in questions:
        conv = f"eval-{q.id}" if q.conversation else None
        for turn in q.conversation:
            assistant.ask(turn, conversation_id=conv, at=q.at)
        started = time.perf_counter()
        answer = assistant.ask(q.question, conversation_id=conv, at=q.at)
        o = answer_outcome(q, answer, (time.perf_counter() - started) * 1000)
        o.extra.update(lead_chars=len(answer.lead), decision=answer.decision.status, kind=answer.lead_kind)
        out.append(o)
        if conv:
            assistant.reset(conv)
    return out


def _print_failures(outcomes: Sequence[Outcome]) -> None:
    for o in outcomes:
        q = o.question
        wrong = (q.in_scope and (o.refused or not any(_key(d, a) in gold_keys(q.gold) for d, a in o.cited))) or \
            (not q.in_scope and not o.refused)
        missing = q.in_scope and keypoint_hits(o)[0] < keypoint_hits(o)[1]
        if wrong or missing:
            print(f"--- {q.id} in_scope={q.in_scope} refused={o.refused} cited={list(o.cited)[:3]} "
                  f"gold={[(g.doc, g.article) for g in q.gold]}")
            print(f"Q: {q.question[:300]}")
            print(f"KP: {q.keypoints}")
            print(f"A: {o.answer[:400]}")


if __name__ == "__main__":
    main()
