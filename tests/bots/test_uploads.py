"""Uploaded file names and contents, and what a re-index reads."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from bots.errors import SourcesMissing, UnsupportedUpload
from bots.uploads import check_content, reindex_targets, safe_name


@pytest.mark.parametrize(("raw", "expected"), [
    ("luat.txt", "luat.txt"),
    ("../../x.txt", "x.txt"),
    ("..\\..\\Windows\\x.PDF", "x.pdf"),
    ("/etc/cron.d/job.md", "job.md"),
    ("Nghị định 152 (bản mới).docx", "Nghị_định_152_bản_mới.docx"),
    (".ẩn.html", "ẩn.html"),
])
def test_safe_name_stays_in_the_folder(raw: str, expected: str) -> None:
    name = safe_name(raw)
    assert name == expected and "/" not in name and "\\" not in name and not name.startswith(".")


@pytest.mark.parametrize("raw", ["", "..", "....txt", "x.exe", "x.txt.exe", "noext", "x.doc", "a/b/"])
def test_safe_name_refuses_other_types(raw: str) -> None:
    with pytest.raises(UnsupportedUpload):
        safe_name(raw)


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize(("name", "content", "ok"), [
    ("a.txt", "Điều 1. Phạm vi".encode(), True),
    ("a.txt", "Điều 1".encode("utf-16"), True),
    ("a.txt", b"\x7fELF\x02\x01", False),
    ("a.txt", b"abc\x00def", False),
    ("a.md", b"%PDF-1.7", False),
    ("a.pdf", b"%PDF-1.7\n", True),
    ("a.pdf", b"<html>", False),
    ("a.docx", _docx(), True),
    ("a.docx", b"PK\x03\x04 not really", False),
    ("a.html", b"<!doctype html><p>x</p>", True),
    ("a.html", b"plain words", False),
])
def test_content_must_match_the_extension(tmp_path: Path, name: str, content: bytes, ok: bool) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    if ok:
        check_content(path)
    else:
        with pytest.raises(UnsupportedUpload):
            check_content(path)


def test_reindex_reads_configured_folders_then_uploads(tmp_path: Path) -> None:
    assert reindex_targets([tmp_path / "docs"], tmp_path / "up", []) == [tmp_path / "docs", tmp_path / "up"]


def test_reindex_without_folders_keeps_every_indexed_file(tmp_path: Path) -> None:
    kept = tmp_path / "a.txt"
    kept.write_text("x")
    uploads = tmp_path / "up"
    sources = [str(kept), str(uploads / "b.txt")]
    assert reindex_targets([], uploads, sources) == [kept, uploads]
    with pytest.raises(SourcesMissing):
        reindex_targets([], uploads, [*sources, str(tmp_path / "gone.txt")])
