"""The failure report: each failed question under its reason, with what was retrieved and why."""

from __future__ import annotations

from evals.evaluate import EvalResult, system_run
from evals.metrics import Outcome
from evals.questions import Gold, Question
from evals.report import failures, render_markdown, render_table

GOLD = ("152/2025/NĐ-CP", "24")


def _q(qid: str, *, in_scope: bool = True, keypoints: tuple[str, ...] = ()) -> Question:
    return Question(id=qid, question=f"câu hỏi {qid}", gold=(Gold(*GOLD),) if in_scope else (),
                    keypoints=keypoints, kind="criteria" if in_scope else "out_of_scope", in_scope=in_scope)


def _result() -> EvalResult:
    labels = {GOLD: "Điều 24 152/2025/NĐ-CP (Bằng khen của Thủ tướng Chính phủ)"}
    tdkt = [
        Outcome(_q("ok", keypoints=("5 năm",)), (GOLD,), (GOLD,), "đạt 5 năm", False, 5.0,
                {"labels": labels}),
        Outcome(_q("miss"), (("06/2022/QH15", "1"),), (), "khác", False, 6.0, {"confidence": 0.5}),
        Outcome(_q("refused"), (GOLD,), (), "Không có", True, 7.0, {"confidence": 0.01}),
        Outcome(_q("oos", in_scope=False), (GOLD,), (GOLD,), "trả lời", False, 8.0),
        Outcome(_q("kp", keypoints=("03 lần", "5 năm")), (GOLD,), (GOLD,), "đạt 5 nam", False, 9.0,
                {"labels": labels}),
    ]
    bm25 = [Outcome(o.question, (GOLD,) if o.question.id == "miss" else (), (), "", False, 1.0) for o in tdkt]
    return EvalResult(questions="q.jsonl", split="all", as_of="2026-11-22",
                      systems=(system_run("tdkt", tdkt), system_run("bm25", bm25)))


def test_each_failure_is_listed_under_its_first_reason() -> None:
    groups = {reason: [o.question.id for o in items] for reason, items in failures(_result().tdkt).items()}
    assert groups == {"not found in top 5": ["miss"], "refused although in scope": ["refused"],
                      "answered although out of scope": ["oos"], "missed keypoints": ["kp"]}


def test_report_shows_what_was_retrieved_and_what_is_missing() -> None:
    report = render_markdown(_result())
    assert "#### miss · criteria · not found in top 5" in report
    assert "bm25: 1" in report  # the baseline found what tdkt missed
    assert "missing: “03 lần”" in report
    assert "1. Điều 24 152/2025/NĐ-CP (Bằng khen của Thủ tướng Chính phủ)" in report
    assert "#### ok" not in report


def test_table_has_one_row_per_metric() -> None:
    lines = render_table(_result()).splitlines()
    assert any(line.split()[:1] == ["false_refusal_rate"] for line in lines if line)
