"""`tdkt embed train` through click: trains from the index, writes the model, re-indexes on request."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bots.commands_embed import embed
from bots.runtime import make_embedder, trained_model_dir
from bots.settings import load
from corpus import Catalog
from indexer import IndexSettings, Store, ingest
from tests.conftest import MINI_LAW


def _index(tmp_path: Path) -> Path:
    docs, data = tmp_path / "docs", tmp_path / "data"
    docs.mkdir()
    (docs / "law.txt").write_text(MINI_LAW, "utf-8")
    store = Store(IndexSettings(), data)
    try:
        ingest([docs], store=store, catalog=Catalog.builtin(), settings=IndexSettings())
    finally:
        store.close()
    return data


def _invoke(data: Path, *args: str) -> Result:
    return CliRunner().invoke(embed, ["train", *args], obj={"config": None, "data_dir": data})


def _dense_model(data: Path) -> str | None:
    store = Store(IndexSettings(), data)
    try:
        info = store.info()
    finally:
        store.close()
    return info.dense_model if info else None


def test_train_then_reindex_adds_the_model_vectors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDKT_EMBEDDING_MODEL", "trained")
    data = _index(tmp_path)
    result = _invoke(data, "--budget", "60", "--seed", "1", "--reindex")
    assert result.exit_code == 0, result.output
    assert "Đã huấn luyện mô hình nhúng" in result.stdout and "Đã nạp lại 1 văn bản" in result.stdout
    settings = load(data_dir=data)
    assert (trained_model_dir(settings) / "config_sentence_transformers.json").is_file()
    embedder = make_embedder(settings)  # TDKT_EMBEDDING_MODEL=trained: the one under the data directory
    assert embedder is not None and _dense_model(data) == embedder.name


def test_without_reindex_the_index_keeps_its_vectors_and_says_what_to_run(tmp_path: Path) -> None:
    data = _index(tmp_path)
    result = _invoke(data, "--budget", "60")
    assert result.exit_code == 0, result.output
    assert "tdkt ingest --full" in result.stdout
    assert _dense_model(data) is None


def test_no_index_is_a_vietnamese_message_and_exit_1(tmp_path: Path) -> None:
    result = _invoke(tmp_path / "nothing")
    assert result.exit_code == 1
    assert "Chưa có chỉ mục" in result.stderr
