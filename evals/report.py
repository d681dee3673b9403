"""Render an evaluation: a plain-text table (tdkt beside the baselines) and a Markdown report of failures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from corpus.text import fold
from evals.evaluate import EvalResult, SystemRun
from evals.metrics import Outcome, first_hit_rank, missing_keypoints

__all__ = ["SPLIT_METRICS", "TABLE_METRICS", "render_markdown", "render_splits", "render_table", "split_figures"]

TABLE_METRICS = (
    "recall@1", "recall@5", "recall@10", "mrr@10", "keypoint_coverage", "citation_precision",
    "refusal_accuracy", "false_refusal_rate", "latency_p50_ms", "latency_p95_ms", "n",
)
SPLIT_METRICS = ("recall@1", "recall@5", "mrr@10", "n_in_scope")
_TOP = 5
_EXCERPT = 400


def _cell(value: float | int) -> str:
    if isinstance(value, int):
        return str(value)
    return f"{value:.1f}" if value >= 10 else f"{value:.3f}"


def _rows(result: EvalResult) -> list[list[str]]:
    rows = [["metric", *(s.name for s in result.systems)]]
    for metric in TABLE_METRICS:
        rows.append([metric, *(_cell(s.metrics[metric]) for s in result.systems)])
    return rows


def _kind_rows(result: EvalResult, metric: str) -> list[list[str]]:
    kinds = sorted({k for s in result.systems for k in s.by_kind})
    rows = [[f"{metric} by kind", "n", *(s.name for s in result.systems)]]
    for kind in kinds:
        if kind == "out_of_scope":
            continue
        n = result.tdkt.by_kind.get(kind, {}).get("n_in_scope", 0)
        values = [_cell(s.by_kind.get(kind, {}).get(metric, 0.0)) for s in result.systems]
        rows.append([kind, str(n), *values])
    return rows


def _plain(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for j, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells))
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _markdown(rows: list[list[str]]) -> str:
    head, *body = rows
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in body]
    return "\n".join(lines)


def render_table(result: EvalResult) -> str:
    """One row per metric, tdkt beside each baseline; then recall@5 by kind."""
    m = result.tdkt.metrics
    head = (f"{result.questions} · split {result.split} · {m['n']} questions "
            f"({m['n_in_scope']} in scope, {m['n_out_of_scope']} out of scope) · as of {result.as_of}")
    return "\n\n".join([head, _plain(_rows(result)), _plain(_kind_rows(result, "recall@5"))])


# -- the failure report ------------------------------------------------------------------------
def _label(o: Outcome, key: tuple[str, str]) -> str:
    labels = o.extra.get("labels")
    if isinstance(labels, dict) and key in labels:
        return str(labels[key])
    doc, article = key
    return f"Điều {article} {doc}" if article else doc


def _gold(o: Outcome) -> str:
    parts = []
    for g in o.question.gold:
        where = f"Điều {g.article}" if g.article is not None else ""
        if g.clause is not None:
            where = f"Khoản {g.clause} {where}"
        parts.append(f"{where} {g.doc}".strip())
    return "; ".join(parts) or "—"


def _ranks_elsewhere(o: Outcome, others: Sequence[SystemRun]) -> str:
    found = []
    for s in others:
        twin = next((x for x in s.outcomes if x.question.id == o.question.id), None)
        if twin is not None:
            rank = first_hit_rank(twin)
            found.append(f"{s.name}: {rank if rank is not None else '—'}")
    return ", ".join(found)


def _entry(o: Outcome, others: Sequence[SystemRun], why: str) -> list[str]:
    q = o.question
    rank = first_hit_rank(o)
    lines = [f"#### {q.id} · {q.kind} · {why}", "", f"> {q.question}", ""]
    if q.at:
        lines.append(f"- asked as of {q.at.isoformat()}")
    if q.in_scope:
        lines.append(f"- gold: {_gold(o)} · tdkt rank: {rank if rank is not None else '—'}"
                     + (f" · baselines' rank: {_ranks_elsewhere(o, others)}" if others else ""))
    confidence = o.extra.get("confidence")
    if isinstance(confidence, float):
        lines.append(f"- refused: {'yes' if o.refused else 'no'} · confidence {confidence:.3f}")
    top = [_label(o, k) for k in o.ranked[:_TOP]]
    listed = "; ".join(f"{i}. {t}" for i, t in enumerate(top, 1)) or "nothing"
    lines.append(f"- retrieved top {_TOP}: {listed}")
    cited = o.extra.get("cited_labels")
    if isinstance(cited, list) and cited:
        lines.append("- cited: " + "; ".join(str(c) for c in cited))
    if q.keypoints and not o.refused:
        missing = missing_keypoints(o)
        if missing:
            lines.append(f"- keypoints {len(q.keypoints) - len(missing)}/{len(q.keypoints)}; missing: "
                         + "; ".join(f"“{k}”" for k in missing))
    excerpt = " ".join(o.answer.split())[:_EXCERPT]
    lines += [f"- answer: {excerpt}{'…' if len(o.answer) > _EXCERPT else ''}", ""]
    return lines


def failures(run: SystemRun) -> dict[str, list[Outcome]]:
    """Failed questions by reason; a question appears under its first reason only."""
    out: dict[str, list[Outcome]] = {"not found in top 5": [], "refused although in scope": [],
                                     "answered although out of scope": [], "missed keypoints": []}
    for o in run.outcomes:
        q = o.question
        if not q.in_scope:
            if not o.refused:
                out["answered although out of scope"].append(o)
            continue
        rank = first_hit_rank(o)
        if rank is None or rank > _TOP:
            out["not found in top 5"].append(o)
        elif o.refused:
            out["refused although in scope"].append(o)
        elif missing_keypoints(o):
            out["missed keypoints"].append(o)
    return out


def _patterns(groups: dict[str, list[Outcome]]) -> list[list[str]]:
    """Failure counts by kind, first-gold document and question form, to show where to look."""
    counts: Counter[tuple[str, str]] = Counter()
    for reason, items in groups.items():
        for o in items:
            q = o.question
            counts[(f"kind {q.kind}", reason)] += 1
            if q.gold:
                counts[(f"first gold {q.gold[0].doc}", reason)] += 1
            if q.question == fold(q.question):
                counts[("without diacritics", reason)] += 1
            if q.at:
                counts[("past date (at)", reason)] += 1
    reasons = list(groups)
    rows = [["slice", *reasons]]
    for key in sorted({k for k, _ in counts}):
        rows.append([key, *(str(counts[(key, r)]) for r in reasons)])
    return rows


def render_markdown(result: EvalResult) -> str:
    """The report a person reads: metrics, slices, then each failed question with what came back."""
    groups = failures(result.tdkt)
    lines = [
        f"# Evaluation of tdkt on {result.questions} ({result.split} split)", "",
        f"As of {result.as_of}. Baselines: {', '.join(s.name for s in result.baselines) or 'none'}.", "",
        "## Metrics", "", _markdown(_rows(result)), "", _markdown(_kind_rows(result, "recall@5")), "",
        _markdown(_kind_rows(result, "keypoint_coverage")), "",
        "## Where tdkt fails", "",
        ", ".join(f"{reason}: {len(items)}" for reason, items in groups.items()) + ".", "",
        _markdown(_patterns(groups)), "",
    ]
    for reason, items in groups.items():
        if not items:
            continue
        lines += [f"### {reason} ({len(items)})", ""]
        for o in items:
            lines += _entry(o, result.baselines, reason)
    return "\n".join(lines) + "\n"


def split_figures(result: EvalResult) -> dict[str, dict[str, dict[str, float | int]]]:
    """{split: {system: metrics}} for the tuning split ("dev") and the held-out one ("test")."""
    out: dict[str, dict[str, dict[str, float | int]]] = {}
    for split in ("dev", "test"):
        part = result.on_split(split)
        out[split] = {s.name: {m: round(s.metrics[m], 4) if isinstance(s.metrics[m], float) else s.metrics[m]
                               for m in SPLIT_METRICS} for s in part.systems}
    return out


def render_splits(result: EvalResult) -> str:
    """Article-level ranking figures of every system on the dev split and the held-out test split."""
    figures = split_figures(result)
    names = [s.name for s in result.systems]
    rows = [["metric", *(f"{n} {split}" for split in figures for n in names)]]
    for metric in SPLIT_METRICS:
        rows.append([metric, *(_cell(figures[split][n][metric]) for split in figures for n in names)])
    return f"{result.questions} · dev split / held-out test split (evals.run.split_of)\n\n" + _plain(rows)
