"""Uploaded file names and contents, and what a re-index reads."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from bots.errors import UnsupportedUpload
from bots.uploads import STAGING, STATE_FILE, Uploads, check_content, safe_name
from corpus.errors import DocumentTooLarge
from corpus.read import read_source


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


def zip_bomb(inflated: int = 60_000_000) -> bytes:
    """A small .docx whose document.xml inflates to ``inflated`` bytes (the 972 KB → 1 GB file, scaled down)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            block = b" " * 1_000_000
            for _ in range(inflated // len(block)):
                member.write(block)
    return buf.getvalue()


def test_a_docx_that_inflates_too_far_is_refused_before_parsing(tmp_path: Path) -> None:
    bomb = zip_bomb()
    assert len(bomb) < 200_000
    path = tmp_path / "bom.docx"
    path.write_bytes(bomb)
    with pytest.raises(DocumentTooLarge):
        check_content(path)
    with pytest.raises(DocumentTooLarge):  # the parser checks too (tdkt ingest reads no upload check)
        read_source(path)


def test_an_interrupted_upload_is_marked_and_its_staged_file_deleted(tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    Uploads(folder, max_bytes=1000)
    # What a crash in the middle of indexing leaves: a record "indexing" and a staged file.
    (folder / STAGING).mkdir()
    (folder / STAGING / "abc.txt").write_text("Điều 1. Nửa chừng", "utf-8")
    (folder / STATE_FILE).write_text(json.dumps([{"id": "abc", "file": "moi.txt", "state": "indexing",
                                                  "started": "2026-01-01T00:00:00Z"}]), "utf-8")
    reopened = Uploads(folder, max_bytes=1000)
    assert [(r.file, r.state) for r in reopened.records()] == [("moi.txt", "interrupted")]
    assert not list((folder / STAGING).iterdir()) and not (folder / "moi.txt").exists()
