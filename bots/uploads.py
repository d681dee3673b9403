"""Documents uploaded by an admin: a safe name inside the uploads folder, checked, then a re-index.

A file is checked three ways before it is kept: its extension, its leading bytes (a PDF must
start with ``%PDF-``, a .docx must be a zip holding ``word/document.xml``, text must not be
binary) and a full parse, so a file that cannot be indexed is refused with the parser's reason.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from bots.errors import Busy, PayloadTooLarge, SourcesMissing, UnsupportedUpload
from bots.runtime import Runtime
from corpus import LoadFailure, load_document
from indexer import IngestReport, ingest

__all__ = ["ALLOWED_SUFFIXES", "UploadResult", "Uploads", "check_content", "reindex_targets", "safe_name"]

logger = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
_BINARY_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x7fELF", b"MZ", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0")
_UNSAFE = re.compile(r"[^\w.\-]+")
_MAX_STEM = 100
_BLOCK = 1 << 16


def safe_name(raw: str) -> str:
    """A file name that stays inside the uploads folder: no folders, no leading dots, no odd characters."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", raw or ""))[-1]
    base = _UNSAFE.sub("_", base).strip("._ ")
    stem, dot, suffix = base.rpartition(".")
    if not dot or f".{suffix.lower()}" not in ALLOWED_SUFFIXES:
        raise UnsupportedUpload(f"file name {raw!r} has no allowed extension", name=raw)
    stem = stem.strip("._ ")[:_MAX_STEM] or "tai-lieu"
    return f"{stem}.{suffix.lower()}"


def check_content(path: Path) -> None:
    """Refuse a file whose bytes do not match its extension."""
    suffix = path.suffix.lower()
    with path.open("rb") as fh:
        head = fh.read(4096)
    if suffix == ".pdf":
        ok = head.startswith(b"%PDF-")
    elif suffix == ".docx":
        ok = zipfile.is_zipfile(path) and "word/document.xml" in zipfile.ZipFile(path).namelist()
    else:
        utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
        ok = not head.startswith(_BINARY_MAGIC) and (utf16 or b"\x00" not in head)
        if ok and suffix in (".html", ".htm"):
            ok = re.search(rb"<\s*[A-Za-z!]", head) is not None or utf16
    if not ok:
        raise UnsupportedUpload(f"content of {path.name} does not match its extension", name=path.name)


def reindex_targets(docs_dirs: Iterable[Path], uploads: Path, indexed_sources: Iterable[str]) -> list[Path]:
    """What a re-index reads: the configured folders, else the files already indexed; then the uploads.

    Never drops a document silently: without configured folders, every indexed file must still exist.
    """
    dirs = [Path(d) for d in docs_dirs]
    if dirs:
        return [*dirs, uploads]
    inside = uploads.resolve()
    files: list[Path] = []
    missing: list[str] = []
    for source in dict.fromkeys(indexed_sources):
        path = Path(source)
        if path.resolve().is_relative_to(inside):
            continue
        if path.is_file():
            files.append(path)
        else:
            missing.append(source)
    if missing:
        raise SourcesMissing(f"{len(missing)} indexed files are missing, e.g. {missing[0]}", missing=missing[:10])
    return [*files, uploads]


@dataclass(frozen=True, slots=True)
class UploadResult:
    path: Path  # where the file was saved
    report: IngestReport
    failure: LoadFailure | None  # why the re-index could not use the uploaded file


class Uploads:
    """The uploads folder of a data directory; one upload and re-index at a time."""

    def __init__(self, folder: Path, *, max_bytes: int) -> None:
        if max_bytes < 1:
            raise ValueError(f"max_bytes must be >= 1, got {max_bytes}")
        self.folder = folder.resolve()
        self.max_bytes = max_bytes
        self._lock = threading.Lock()

    def add(self, raw_name: str, stream: BinaryIO, runtime: Runtime) -> UploadResult:
        """Save a checked upload, then re-index the configured folders and the uploads."""
        if not self._lock.acquire(blocking=False):
            raise Busy("an upload is already being indexed")
        try:
            path = self._save(raw_name, stream, runtime)
            report = self._reindex(runtime)
        finally:
            self._lock.release()
        failure = next((f for f in report.failures if Path(f.path).resolve() == path), None)
        if failure is not None:
            # Not indexed (a duplicate number, say): drop it so it does not fail every later re-index.
            path.unlink(missing_ok=True)
            logger.warning("upload %s not indexed: %s", path.name, failure.code)
        return UploadResult(path=path, report=report, failure=failure)

    def _save(self, raw_name: str, stream: BinaryIO, runtime: Runtime) -> Path:
        name = safe_name(raw_name)
        self.folder.mkdir(parents=True, exist_ok=True)
        target = (self.folder / name).resolve()
        if target.parent != self.folder:  # safe_name already prevents this; keep the invariant explicit
            raise UnsupportedUpload(f"file name {raw_name!r} escapes the uploads folder", name=raw_name)
        # A dot name: `discover` skips it, so a re-index never reads a half-written file.
        incoming = self.folder / f".incoming-{uuid.uuid4().hex}{target.suffix}"
        try:
            size = 0
            with incoming.open("wb") as out:
                while block := stream.read(_BLOCK):
                    size += len(block)
                    if size > self.max_bytes:
                        raise PayloadTooLarge(f"upload exceeds {self.max_bytes} bytes", max_bytes=self.max_bytes)
                    out.write(block)
            check_content(incoming)
            load_document(incoming, runtime.catalog, max_bytes=self.max_bytes)
            os.replace(incoming, target)
        finally:
            incoming.unlink(missing_ok=True)
        logger.info("saved upload %s (%d bytes)", target.name, size)
        return target

    def _reindex(self, runtime: Runtime) -> IngestReport:
        info = runtime.store.info()
        sources = [d.source for d in info.documents] if info else []
        targets = reindex_targets(runtime.settings.corpus.docs_dirs, self.folder, sources)
        return ingest(targets, store=runtime.store, catalog=runtime.catalog, settings=runtime.settings.index,
                      embedder=runtime.assistant.searcher.embedder)
