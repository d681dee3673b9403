"""The load test's own machinery, briefly: a real `tdkt serve`, a few clients, both probes, no errors."""

from __future__ import annotations

from pathlib import Path

from evals.load_test import render, run_load
from tests.bots.mini_corpus import build_index


def test_a_short_load_run_reports_every_row_without_errors(tmp_path: Path) -> None:
    data_dir = build_index(tmp_path).data_dir
    report = run_load(data_dir, clients=3, seconds=3, idle_seconds=1)
    assert report.errors == 0
    kinds = {row.kind: row for row in report.rows}
    assert set(kinds) == {"ask", "documents", "toc", "article", "all"}
    assert kinds["all"].requests == sum(kinds[k].requests for k in ("ask", "documents", "toc", "article")) > 10
    assert report.health_loaded.requests >= 2 and report.telegram_loaded.requests >= 1
    assert report.webhook_loaded.requests == report.telegram_loaded.requests
    table = render(report)
    assert "| Telegram update → sendMessage, under load |" in table and table.count("\n| ") == 12
