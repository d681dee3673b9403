"""Ingest → search end to end on Qdrant embedded on disk, re-opened by a new process."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from corpus import Catalog
from indexer import IndexSettings, Searcher, SparseEncoder, Store, ingest
from tests.conftest import CORPUS_TEXT, MINI_LAW

TDKT = [sys.executable, "-m", "bots.cli"]


def _store(data: Path) -> Store:
    return Store(IndexSettings(), data)


def test_shared_corpus_search_and_reopen_in_new_process(shared_index: Path) -> None:
    store = _store(shared_index)
    try:
        hits = Searcher(store).search("tiêu chuẩn danh hiệu chiến sĩ thi đua cơ sở", 5)
        found = [(h.chunk.doc_number, h.chunk.article) for h in hits]
        assert ("06/2022/QH15", "23") in found
        unaccented = Searcher(store).search("tieu chuan chien si thi dua co so", 5)
        assert ("06/2022/QH15", "23") in [(h.chunk.doc_number, h.chunk.article) for h in unaccented]
    finally:
        store.close()
    # A new process opens the same data directory and finds the same passage.
    out = subprocess.run([*TDKT, "--data-dir", str(shared_index), "search", "tiêu chuẩn chiến sĩ thi đua cơ sở",
                          "--json", "--k", "3"], capture_output=True, text=True, check=True)
    rows = json.loads(out.stdout)
    assert ("06/2022/QH15", "23") in [(r["doc_number"], r["article"]) for r in rows]
    assert {"doc_number", "doc_title", "article", "clause", "point", "text", "status", "score"} <= set(rows[0])


def test_memory_scorer_matches_qdrant_scoring(shared_index: Path) -> None:
    memory = Store(IndexSettings(memory_index=True), shared_index)
    try:
        encoder = SparseEncoder()
        queries = ["mức tiền thưởng bằng khen thủ tướng", "hồ sơ đề nghị huân chương lao động", "ai quyết định tặng giấy khen"]
        fast = [[(h.chunk.id, round(h.score, 3)) for h in memory.search(encoder.encode_query(q), None, limit=10, prefetch=10)]
                for q in queries]
        memory.settings = IndexSettings(memory_index=False)
        slow = [[(h.chunk.id, round(h.score, 3)) for h in memory.search(encoder.encode_query(q), None, limit=10, prefetch=10)]
                for q in queries]
    finally:
        memory.close()
    assert fast == slow


def test_a_second_keyword_query_adds_its_top_hits_with_their_scores(tmp_path: Path) -> None:
    # A story's asking sentences searched alone: their best passage joins the candidates even when the
    # story's own words rank others first, in memory and through Qdrant alike.
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "law.txt").write_text(MINI_LAW, "utf-8")
    store = Store(IndexSettings(memory_index=True), tmp_path / "data")
    try:
        ingest([docs], store=store, catalog=Catalog.builtin(), settings=IndexSettings())
        encoder = SparseEncoder()
        story = encoder.encode_query("trồng cây xanh chăm sóc cây sống phong trào bảo vệ môi trường người trồng cây giỏi")
        ask = encoder.encode_query("phạm vi điều chỉnh")
        found = {}
        for memory in (True, False):
            store.settings = IndexSettings(memory_index=memory)
            alone = store.candidates(story, None, limit=1)
            hits = store.candidates(story, None, limit=1, also=ask)
            assert all(h.also is None for h in alone)
            found[memory] = {h.chunk.article: round(h.also or 0.0, 3) for h in hits}
            assert "1" not in {h.chunk.article for h in alone} and found[memory]["1"] > 0
        assert found[True]["1"] == found[False]["1"]
    finally:
        store.close()


def test_reingest_is_incremental_and_ids_are_stable(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "law.txt").write_text(MINI_LAW, "utf-8")
    store = _store(tmp_path / "data")
    try:
        first = ingest([docs], store=store, catalog=Catalog.builtin(), settings=IndexSettings())
        ids = sorted(c.id for c, _ in store.scroll())
        second = ingest([docs], store=store, catalog=Catalog.builtin(), settings=IndexSettings())
        assert second.reused == 1 and second.chunks == first.chunks
        assert sorted(c.id for c, _ in store.scroll()) == ids
        (docs / "law.txt").write_text(MINI_LAW.replace("100 cây", "200 cây"), "utf-8")
        third = ingest([docs], store=store, catalog=Catalog.builtin(), settings=IndexSettings())
        assert third.reused == 0
        assert sorted(c.id for c, _ in store.scroll()) == ids  # replaced, not duplicated
        texts = " ".join(c.text for c, _ in store.scroll())
        assert "200 cây" in texts and "100 cây" not in texts
        assert len(store.client.get_collections().collections) == 1  # old generations dropped
    finally:
        store.close()


def _bad_inputs(folder: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage without xref")
    (folder / "no-articles.txt").write_text("Biên bản họp chi bộ tháng 5.\nNội dung: bàn về văn nghệ.\n", "utf-8")
    with (folder / "huge.txt").open("wb") as fh:
        fh.seek(50 * 1024 * 1024)
        fh.write(b"x")
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 100, style="F")  # a "scan": drawing only, no text layer
    pdf.output(str(folder / "scan.pdf"))
    with zipfile.ZipFile(folder / "fake.docx", "w") as z:
        z.writestr("hello.txt", "not a word document")


def test_bad_inputs_are_reported_and_good_documents_still_indexed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(MINI_LAW, "utf-8")
    _bad_inputs(docs)
    result = subprocess.run([*TDKT, "--data-dir", str(tmp_path / "data"), "ingest", str(docs)],
                            capture_output=True, text=True, check=True)
    assert "Đã thêm: 1 văn bản" in result.stdout and "Thư viện có 1 văn bản" in result.stdout
    err = result.stderr
    for name, phrase in [("empty.txt", "Tệp rỗng"), ("junk.txt", "nhị phân"), ("broken.docx", "bị hỏng"),
                         ("broken.pdf", "bị hỏng"), ("scan.pdf", "bản quét"), ("huge.txt", "quá lớn"),
                         ("no-articles.txt", "Không tìm thấy điều khoản"), ("fake.docx", "bị hỏng")]:
        line = next((ln for ln in err.splitlines() if name in ln), "")
        assert phrase in line, f"{name}: {line!r}"
    found = subprocess.run([*TDKT, "--data-dir", str(tmp_path / "data"), "search", "người trồng cây giỏi", "--json"],
                           capture_output=True, text=True, check=True)
    assert json.loads(found.stdout)[0]["doc_number"] == "99/2030/QH99"


def test_search_jsonl_answers_each_line_in_order(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "law.txt").write_text(MINI_LAW, "utf-8")
    subprocess.run([*TDKT, "--data-dir", str(tmp_path / "data"), "ingest", str(docs)], check=True, capture_output=True)
    lines = '{"question": "mức tiền thưởng người trồng cây giỏi"}\nnot json\n{"question": "ai quyết định tặng"}\n'
    out = subprocess.run([*TDKT, "--data-dir", str(tmp_path / "data"), "search", "--jsonl", "--k", "2"], input=lines,
                         capture_output=True, text=True, check=True)
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    assert len(rows) == 3
    assert rows[0]["hits"][0]["article"] == "3"
    assert rows[1]["hits"] == [] and rows[1]["error"] == "invalid_json"
    assert rows[2]["hits"][0]["article"] == "2"


def test_search_without_index_says_so(tmp_path: Path) -> None:
    out = subprocess.run([*TDKT, "--data-dir", str(tmp_path / "nothing"), "search", "abc"], capture_output=True, text=True)
    assert out.returncode == 1
    assert "Chưa có chỉ mục" in out.stderr


def test_corpus_check_counts_every_shared_document() -> None:
    if not CORPUS_TEXT.is_dir():
        pytest.skip("shared corpus missing")
    out = subprocess.run([*TDKT, "corpus", "check", str(CORPUS_TEXT), "--json"], capture_output=True, text=True, check=True)
    reports = {r["number"]: r for r in json.loads(out.stdout)}
    assert reports["06/2022/QH15"]["articles"] == 96
    assert reports["152/2025/NĐ-CP"]["articles"] == 61
    assert reports["39/2013/QH13"]["articles"] == 2
    assert all(r["error_code"] is None for r in reports.values())
