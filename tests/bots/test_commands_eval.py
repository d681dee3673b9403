"""`tdkt eval` through click: table by default, one JSON object with --json, report on disk."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from bots.commands_eval import eval_command
from corpus import Catalog
from indexer import IndexSettings, Store, ingest
from tests.evals.conftest import LAW, QUESTIONS


def _setup(tmp_path: Path) -> tuple[Path, Path]:
    docs, data = tmp_path / "docs", tmp_path / "data"
    docs.mkdir()
    (docs / "luat.txt").write_text(LAW, "utf-8")
    store = Store(IndexSettings(), data)
    try:
        ingest([docs], store=store, catalog=Catalog.builtin(), settings=IndexSettings())
    finally:
        store.close()
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS), "utf-8")
    return data, questions


def _invoke(data: Path, *args: str) -> Result:
    return CliRunner().invoke(eval_command, list(args), obj={"config": None, "data_dir": data})


def test_json_is_one_object_with_tdkt_and_baselines(tmp_path: Path) -> None:
    data, questions = _setup(tmp_path)
    result = _invoke(data, "--questions", str(questions), "--json", "--baseline", "bm25")
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    assert obj["n"] == 4 and "recall@5" in obj and "bm25" in obj["baselines"]
    assert Path(obj["report"]) == data / "eval-report.md"
    assert (data / "eval-report.md").read_text("utf-8").startswith("# Evaluation")


def test_table_and_report_path(tmp_path: Path) -> None:
    data, questions = _setup(tmp_path)
    report = tmp_path / "out" / "r.md"
    result = _invoke(data, "--questions", str(questions), "--split", "all", "--report", str(report))
    assert result.exit_code == 0, result.output
    assert "recall@5" in result.stdout and str(report) in result.stdout
    assert report.is_file()


def test_missing_index_is_a_vietnamese_message_and_exit_1(tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps(QUESTIONS[0], ensure_ascii=False), "utf-8")
    result = _invoke(tmp_path / "nothing", "--questions", str(questions))
    assert result.exit_code == 1
    assert "Chưa có chỉ mục" in result.stderr


def test_bad_question_file_names_the_line(tmp_path: Path) -> None:
    data, _ = _setup(tmp_path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', "utf-8")
    result = _invoke(data, "--questions", str(bad))
    assert result.exit_code == 1
    assert "bad.jsonl:1" in result.stderr
