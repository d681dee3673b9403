"""The warm-ask benchmark runs on the session's shared-corpus index and reports its percentiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.bench_ask import measure

pytestmark = pytest.mark.slow  # the shared corpus index


def test_bench_ask_reports_ask_and_search_percentiles(shared_index: Path) -> None:
    figures = measure(shared_index, "none", queries=8)
    assert figures["model"] == "none" and figures["queries"] == 8 and int(figures["chunks"]) > 500
    assert 0 < float(figures["ask_p50_ms"]) <= float(figures["ask_p95_ms"])
    assert 0 < float(figures["search_p50_ms"]) and "embed_query_p50_ms" not in figures
    assert 0 < float(figures["repeat_ask_p50_ms"])  # the same question again: reported apart
