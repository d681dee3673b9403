"""The index is a library: an ingest adds or updates what it is given and keeps the rest (issue 14, problem 1)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from corpus import Catalog
from indexer import IndexSettings, Store, ingest
from indexer.chunk import CHUNKING_VERSION
from tests.bots.live_server import NEW_LAW, OLD_LAW
from tests.conftest import MINI_LAW


def _numbers(store: Store) -> set[str]:
    info = store.info()
    return {d.number for d in info.documents} if info else set()


def test_ingest_keeps_documents_not_given_and_removal_is_explicit(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "new"
    first.mkdir()
    second.mkdir()
    (first / "luat-2022.txt").write_text(NEW_LAW, "utf-8")
    (first / "luat-2003.txt").write_text(OLD_LAW, "utf-8")
    (second / "mini.txt").write_text(MINI_LAW, "utf-8")
    store = Store(IndexSettings(), tmp_path / "data")
    catalog = Catalog.builtin()
    try:
        base = ingest([first], store=store, catalog=catalog, settings=IndexSettings())
        assert sorted(base.added) == ["06/2022/QH15", "15/2003/QH11"] and not base.kept
        old = _numbers(store)

        # `tdkt ingest newdocs` used to drop every document not in newdocs.
        report = ingest([second], store=store, catalog=catalog, settings=IndexSettings())
        assert len(report.added) == 1 and sorted(report.kept) == sorted(old) and not report.removed
        assert _numbers(store) == old | set(report.added) and report.documents == 3
        mini = report.added[0]

        # Given again with a change: updated; the others are kept, not re-read.
        (first / "luat-2022.txt").write_text(NEW_LAW.replace("tờ trình", "tờ trình, công văn"), "utf-8")
        again = ingest([first / "luat-2022.txt"], store=store, catalog=catalog, settings=IndexSettings())
        assert again.updated == ("06/2022/QH15",) and sorted(again.kept) == sorted({mini, "15/2003/QH11"})

        # Removing is explicit, by number (as typed: "-" for "/"), and says what it removed.
        gone = ingest([], store=store, catalog=catalog, settings=IndexSettings(), remove=["15-2003-qh11", "1/1999/X"])
        assert gone.removed == ("15/2003/QH11",) and gone.not_found == ("1/1999/X",)
        assert _numbers(store) == {"06/2022/QH15", mini}

        # --prune: what is no longer under the given paths leaves the library.
        pruned = ingest([first], store=store, catalog=catalog, settings=IndexSettings(), prune=True)
        assert pruned.removed == (mini,) and "15/2003/QH11" in pruned.added
        assert _numbers(store) == {"06/2022/QH15", "15/2003/QH11"}
        assert len(store.client.get_collections().collections) == 1
    finally:
        store.close()


def test_an_index_built_by_another_parser_version_is_read_again(tmp_path: Path) -> None:
    """After an upgrade that parses differently, `tdkt ingest` re-reads the given files instead of
    carrying passages the new parser would cut otherwise; the next ingest reuses them again."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "mini.txt").write_text(MINI_LAW, "utf-8")
    store = Store(IndexSettings(), tmp_path / "data")
    catalog = Catalog.builtin()
    try:
        ingest([docs], store=store, catalog=catalog, settings=IndexSettings())
        info = store.info()
        assert info is not None and info.chunking == CHUNKING_VERSION
        store.write_info(info.collection, replace(info, chunking=CHUNKING_VERSION - 1))  # as an older tdkt left it
        upgraded = ingest([docs], store=store, catalog=catalog, settings=IndexSettings())
        assert not upgraded.unchanged and upgraded.reused == 0
        again = ingest([docs], store=store, catalog=catalog, settings=IndexSettings())
        assert len(again.unchanged) == 1 and again.reused == 1
        # Nothing changed: no new generation is built, the active one stays.
        assert again.collection == upgraded.collection == store.active_collection()
        # …unless the snapshot a cold `tdkt ask` reads is missing: then the generation is rebuilt with one.
        shutil.rmtree(tmp_path / "data" / "snapshot")
        rebuilt = ingest([docs], store=store, catalog=catalog, settings=IndexSettings())
        assert rebuilt.collection != again.collection and store.snapshot_current(rebuilt.collection)
    finally:
        store.close()
