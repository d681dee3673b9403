"""Faults done for real: a killed re-index, a full disk, a read-only disk, an unreachable server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus import Catalog
from indexer import IndexSettings, Searcher, Store, StoreUnavailable, StoreWriteError, ingest
from tests.conftest import CORPUS_TEXT, MINI_LAW, shared_or_skip

TDKT = [sys.executable, "-m", "bots.cli"]


def _mini_index(data: Path, docs: Path) -> None:
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "law.txt").write_text(MINI_LAW, "utf-8")
    store = Store(IndexSettings(), data)
    try:
        ingest([docs], store=store, catalog=Catalog.builtin(), settings=IndexSettings())
    finally:
        store.close()


def _top(data: Path, query: str) -> str:
    store = Store(IndexSettings(), data)
    try:
        return Searcher(store).search(query, 1)[0].chunk.doc_number
    finally:
        store.close()


def test_kill_during_reindex_leaves_the_old_index_serving(tmp_path: Path) -> None:
    shared_or_skip()
    data = tmp_path / "data"
    _mini_index(data, tmp_path / "mini")
    before = Store(IndexSettings(), data)
    active = before.active_collection()
    before.close()
    proc = subprocess.Popen([*TDKT, "--data-dir", str(data), "ingest", "--full", str(CORPUS_TEXT), str(tmp_path / "mini")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    qdrant_dir = data / "qdrant" / "collection"
    deadline = time.monotonic() + 60
    # Kill it once the new generation exists on disk, i.e. in the middle of writing it.
    while time.monotonic() < deadline and proc.poll() is None:
        if qdrant_dir.is_dir() and len([p for p in qdrant_dir.iterdir() if p.is_dir()]) > 1:
            break
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = Store(IndexSettings(), data)
    try:
        assert store.active_collection() == active
        assert Searcher(store).search("người trồng cây giỏi", 1)[0].chunk.doc_number == "99/2030/QH99"
    finally:
        store.close()
    # The next run cleans up the half-built generation and completes.
    done = subprocess.run([*TDKT, "--data-dir", str(data), "ingest", str(tmp_path / "mini")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    store = Store(IndexSettings(), data)
    try:
        assert len(store.client.get_collections().collections) == 1
    finally:
        store.close()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True)
    if result.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_gives_a_clear_error_and_keeps_the_old_index(small_disk: Path, tmp_path: Path) -> None:
    shared_or_skip()
    data = small_disk / "data"
    _mini_index(data, tmp_path / "mini")
    filler = small_disk / "filler"
    with filler.open("wb") as fh:  # leave almost nothing free
        try:
            while True:
                fh.write(b"\0" * 65536)
        except OSError:
            pass
    result = subprocess.run([*TDKT, "--data-dir", str(data), "ingest", str(CORPUS_TEXT)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Không ghi được chỉ mục" in result.stderr and "Traceback" not in result.stderr
    filler.unlink()
    assert _top(data, "người trồng cây giỏi") == "99/2030/QH99"


def test_full_disk_while_serving_keeps_answering(small_disk: Path, tmp_path: Path) -> None:
    data = small_disk / "data"
    _mini_index(data, tmp_path / "mini")
    store = Store(IndexSettings(), data)
    filler = small_disk / "filler"
    try:
        searcher = Searcher(store)
        assert searcher.search("người trồng cây giỏi", 1)
        with filler.open("wb") as fh:
            try:
                while True:
                    fh.write(b"\0" * 65536)
            except OSError:
                pass
        with pytest.raises(StoreWriteError):
            ingest([tmp_path / "mini"], store=store, catalog=Catalog.builtin(), settings=IndexSettings(), full=True)
        assert searcher.search("người trồng cây giỏi", 1)[0].chunk.doc_number == "99/2030/QH99"
    finally:
        store.close()
        filler.unlink(missing_ok=True)


def test_read_only_disk_gives_a_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _mini_index(data, tmp_path / "mini")
    view = tmp_path / "ro"
    view.mkdir()
    if subprocess.run(["mount", "--bind", str(data), str(view)], capture_output=True).returncode != 0:
        pytest.skip("cannot bind-mount here (needs root)")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True, capture_output=True)
        result = subprocess.run([*TDKT, "--data-dir", str(view), "ingest", str(tmp_path / "mini")],
                                capture_output=True, text=True)
        assert result.returncode == 1
        assert "chỉ đọc" in result.stderr and "Traceback" not in result.stderr
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)
    assert _top(data, "người trồng cây giỏi") == "99/2030/QH99"  # the index itself is untouched


def test_unreachable_server_fails_at_start_up(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable):
        Store(IndexSettings(qdrant_url="http://127.0.0.1:9", qdrant_timeout=2), tmp_path)
    env = {**os.environ, "TDKT_QDRANT_URL": "http://127.0.0.1:9", "TDKT_QDRANT_TIMEOUT": "2"}
    out = subprocess.run([*TDKT, "--data-dir", str(tmp_path), "search", "khen thưởng"], capture_output=True, text=True,
                         env=env)
    assert out.returncode == 1 and "Không kết nối được máy chủ Qdrant" in out.stderr
