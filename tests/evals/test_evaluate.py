"""One evaluation run on a tiny law: tdkt and a baseline on the same questions, JSON and table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import AssistantSettings
from evals.errors import NoBaselineSources
from evals.evaluate import AS_OF, EvalResult, evaluate, select_split
from evals.questions import load_questions
from evals.report import render_markdown, render_splits, render_table
from evals.run import split_of
from indexer import IndexMissing, IndexSettings

REQUIRED = {"recall@5", "mrr@10", "keypoint_coverage", "citation_precision", "refusal_accuracy",
            "false_refusal_rate", "latency_p95_ms", "n"}


def _run(questions: Path, data: Path, **kwargs: object) -> EvalResult:
    return evaluate(questions, index_settings=IndexSettings(), assistant_settings=AssistantSettings(),
                    data_dir=data, **kwargs)  # type: ignore[arg-type]


def test_tdkt_and_bm25_on_the_same_questions(questions_file: Path, law_index: Path) -> None:
    result = _run(questions_file, law_index, baselines=["bm25"])
    assert [s.name for s in result.systems] == ["tdkt", "tdkt-search", "bm25"]
    asked = [o.question.id for o in result.tdkt.outcomes]
    assert asked == [o.question.id for o in result.baselines[0].outcomes]
    assert result.as_of == AS_OF.isoformat()
    data = json.loads(json.dumps(result.to_json(), ensure_ascii=False))
    assert REQUIRED <= set(data)
    assert data["n"] == 4
    assert REQUIRED <= set(data["baselines"]["bm25"])
    assert set(data["by_kind"]) == {"criteria", "money", "dossier", "out_of_scope"}
    # The baseline read the very file the index was built from, and never refuses.
    assert data["baselines"]["bm25"]["recall@5"] == 1.0
    assert data["baselines"]["bm25"]["refusal_accuracy"] == 0.0
    assert REQUIRED <= set(data["search"])  # `tdkt search`'s ranking, scored like the answers'


def test_each_split_is_reported_beside_the_other(questions_file: Path, law_index: Path) -> None:
    result = _run(questions_file, law_index)
    dev, test = result.on_split("dev"), result.on_split("test")
    assert len(dev.tdkt.outcomes) + len(test.tdkt.outcomes) == len(result.tdkt.outcomes)
    assert all(split_of(o.question) == "test" for s in test.systems for o in s.outcomes)
    table = render_splits(result)
    assert "tdkt dev" in table and "tdkt-search test" in table and "recall@1" in table


def test_table_puts_tdkt_beside_each_baseline(questions_file: Path, law_index: Path) -> None:
    table = render_table(_run(questions_file, law_index, baselines=["bm25"]))
    header = next(line for line in table.splitlines() if line.startswith("metric"))
    assert header.split() == ["metric", "tdkt", "tdkt-search", "bm25"]
    assert any(line.startswith("recall@5 ") for line in table.splitlines())


def test_report_is_markdown_with_metrics(questions_file: Path, law_index: Path) -> None:
    report = render_markdown(_run(questions_file, law_index))
    assert report.startswith("# Evaluation of tdkt")
    assert "| recall@5 |" in report


def test_split_selects_the_stable_held_out_third(questions_file: Path) -> None:
    questions = load_questions(questions_file)
    dev, test = select_split(questions, "dev"), select_split(questions, "test")
    assert len(dev) + len(test) == len(questions)
    assert all(split_of(q) == "test" for q in test)
    with pytest.raises(ValueError, match="dev, test, all"):
        select_split(questions, "train")


def test_a_missing_index_is_the_indexer_error(questions_file: Path, tmp_path: Path) -> None:
    with pytest.raises(IndexMissing):
        _run(questions_file, tmp_path / "empty")


def test_baselines_need_documents(questions_file: Path, law_index: Path, law_dir: Path) -> None:
    (law_dir / "luat-ong.txt").unlink()
    with pytest.raises(NoBaselineSources):
        _run(questions_file, law_index, baselines=["bm25"])


def test_unknown_baseline_fails_before_any_work(questions_file: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown baseline"):
        _run(questions_file, tmp_path, baselines=["gpt"])
