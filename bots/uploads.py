"""Documents an admin uploads or removes: checked, indexed, kept; every upload's state on record.

A file is checked three ways before it is indexed: its extension, its leading bytes (a PDF must
start with ``%PDF-``, a .docx must be a zip holding ``word/document.xml`` that does not inflate
past the limits, text must not be binary) and a full parse, so a file that cannot be indexed is
refused with the parser's reason.

Nothing is left half-done: a file waits in ``uploads/.incoming/`` (which no ingest reads) while it
is checked and indexed, and only moves into ``uploads/`` once the new index generation is active.
Each upload's state (received → checking → indexing → indexed | failed) is written to
``uploads/uploads.json``; one that a crash or a restart interrupted is marked ``interrupted`` when
the folder is opened again, and its staged file is deleted. (The half-built index generation it
may leave is dropped when the index is opened: ``Runtime.open``.)
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
import unicodedata
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import BinaryIO, Literal

from bots.errors import Busy, PayloadTooLarge, UnknownDocumentNumber, UnsupportedUpload
from bots.runtime import Runtime
from corpus import CorpusError, LoadFailure, load_document
from corpus.read import check_zip
from indexer import IngestReport, ingest

__all__ = ["ALLOWED_SUFFIXES", "UploadRecord", "UploadResult", "Uploads", "check_content", "safe_name"]

logger = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
_BINARY_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x7fELF", b"MZ", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0")
_UNSAFE = re.compile(r"[^\w.\-]+")
_MAX_STEM = 100
_BLOCK = 1 << 16
STATE_FILE = "uploads.json"
STAGING = ".incoming"
_KEEP_RECORDS = 200

UploadState = Literal["received", "checking", "indexing", "indexed", "failed", "interrupted"]
_UNFINISHED = ("received", "checking", "indexing")


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
    """Refuse a file whose bytes do not match its extension, or a .docx that would inflate too far."""
    suffix = path.suffix.lower()
    with path.open("rb") as fh:
        head = fh.read(4096)
    if suffix == ".pdf":
        ok = head.startswith(b"%PDF-")
    elif suffix == ".docx":
        ok = zipfile.is_zipfile(path)
        if ok:
            check_zip(path)  # DocumentTooLarge (413) before any member is inflated
            with zipfile.ZipFile(path) as archive:
                ok = "word/document.xml" in archive.namelist()
    else:
        utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
        ok = not head.startswith(_BINARY_MAGIC) and (utf16 or b"\x00" not in head)
        if ok and suffix in (".html", ".htm"):
            ok = re.search(rb"<\s*[A-Za-z!]", head) is not None or utf16
    if not ok:
        raise UnsupportedUpload(f"content of {path.name} does not match its extension", name=path.name)


@dataclass(frozen=True, slots=True)
class UploadRecord:
    """One upload, as the admin page shows it."""

    id: str
    file: str
    state: UploadState
    started: str  # ISO 8601, UTC
    finished: str = ""
    size: int = 0
    number: str = ""  # the document number, once parsed
    code: str = ""  # the error code of a failed upload


@dataclass(frozen=True, slots=True)
class UploadResult:
    path: Path  # where the file was saved
    report: IngestReport
    failure: LoadFailure | None  # why the index could not use the uploaded file
    record: UploadRecord


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class Uploads:
    """The uploads folder of a data directory; one upload or removal at a time."""

    def __init__(self, folder: Path, *, max_bytes: int) -> None:
        if max_bytes < 1:
            raise ValueError(f"max_bytes must be >= 1, got {max_bytes}")
        self.folder = folder.resolve()
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._records_lock = threading.Lock()
        self.folder.mkdir(parents=True, exist_ok=True)
        self._recover()

    # -- state ------------------------------------------------------------------------------
    @property
    def staging(self) -> Path:
        return self.folder / STAGING

    def records(self) -> list[UploadRecord]:
        """Every upload on record, newest first."""
        path = self.folder / STATE_FILE
        try:
            data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            logger.warning("unreadable %s: %s", path, exc)
            return []
        return [UploadRecord(**row) for row in data if isinstance(row, dict)]

    def _write(self, records: Sequence[UploadRecord]) -> None:
        path = self.folder / STATE_FILE
        tmp = path.with_name(f".{STATE_FILE}.{uuid.uuid4().hex}")
        tmp.write_text(json.dumps([asdict(r) for r in records[:_KEEP_RECORDS]], ensure_ascii=False, indent=1), "utf-8")
        os.replace(tmp, path)  # atomic: a crash leaves the old list or the new one

    def _put(self, record: UploadRecord) -> UploadRecord:
        with self._records_lock:
            rows = [r for r in self.records() if r.id != record.id]
            self._write([record, *rows])
        return record

    def _recover(self) -> None:
        """After a crash or restart: unfinished uploads are marked interrupted, staged files deleted."""
        with self._records_lock:
            rows = self.records()
            fixed = [replace(r, state="interrupted", finished=_now()) if r.state in _UNFINISHED else r for r in rows]
            if fixed != rows:
                self._write(fixed)
                logger.warning("%d interrupted uploads found", sum(r.state in _UNFINISHED for r in rows))
        if self.staging.is_dir():
            for leftover in self.staging.iterdir():
                leftover.unlink(missing_ok=True)
                logger.info("deleted staged file %s of an interrupted upload", leftover.name)

    # -- upload -----------------------------------------------------------------------------
    def add(self, raw_name: str, stream: BinaryIO, runtime: Runtime) -> UploadResult:
        """Check and index one file beside the library's other documents (which are all kept)."""
        name = safe_name(raw_name)
        if not self._lock.acquire(blocking=False):
            raise Busy("an upload is already being indexed")
        try:
            record = self._put(UploadRecord(id=uuid.uuid4().hex[:12], file=name, state="received", started=_now()))
            staged = self.staging / f"{record.id}{Path(name).suffix}"
            try:
                size = self._receive(stream, staged)
                record = self._put(replace(record, state="checking", size=size))
                check_content(staged)
                doc = load_document(staged, runtime.catalog, max_bytes=self.max_bytes)
                record = self._put(replace(record, state="indexing", number=doc.number))
                target = self.folder / name
                report = self._ingest(runtime, [staged], sources={staged: str(target)})
                failure = next((f for f in report.failures if f.path == str(target)), None)
                if failure is None:
                    os.replace(staged, target)  # the index already names it: only now is it in uploads/
            except CorpusError as exc:
                self._put(replace(record, state="failed", finished=_now(), code=exc.code))
                raise
            except Exception as exc:
                self._put(replace(record, state="failed", finished=_now(), code=getattr(exc, "code", "web.internal")))
                raise
            finally:
                staged.unlink(missing_ok=True)
        finally:
            self._lock.release()
        record = self._put(replace(record, state="failed" if failure else "indexed", finished=_now(),
                                   code=failure.code if failure else ""))
        if failure is not None:
            logger.warning("upload %s not indexed: %s", name, failure.code)
        else:
            logger.info("upload %s indexed as %s (%d bytes)", name, record.number, record.size)
        return UploadResult(path=target, report=report, failure=failure, record=record)

    def _receive(self, stream: BinaryIO, staged: Path) -> int:
        self.staging.mkdir(parents=True, exist_ok=True)
        size = 0
        with staged.open("wb") as out:
            while block := stream.read(_BLOCK):
                size += len(block)
                if size > self.max_bytes:
                    raise PayloadTooLarge(f"upload exceeds {self.max_bytes} bytes", max_bytes=self.max_bytes)
                out.write(block)
        return size

    # -- removal ----------------------------------------------------------------------------
    def remove(self, numbers: Sequence[str], runtime: Runtime) -> IngestReport:
        """Remove documents by number; an uploaded file of a removed document is deleted too."""
        if not self._lock.acquire(blocking=False):
            raise Busy("an upload is already being indexed")
        try:
            info = runtime.store.info()
            before = {d.number: d.source for d in info.documents} if info else {}
            report = self._ingest(runtime, [], remove=numbers)
            if report.not_found and not report.removed:
                raise UnknownDocumentNumber(f"no document numbered {', '.join(report.not_found)}")
            for number in report.removed:
                source = Path(before.get(number, ""))
                if source.name and source.resolve().parent == self.folder:
                    source.unlink(missing_ok=True)
        finally:
            self._lock.release()
        logger.info("removed %s", ", ".join(report.removed))
        return report

    @staticmethod
    def _ingest(runtime: Runtime, paths: list[Path], *, sources: dict[Path, str] | None = None,
                remove: Sequence[str] = ()) -> IngestReport:
        return ingest(paths, store=runtime.store, catalog=runtime.catalog, settings=runtime.settings.index,
                      embedder=runtime.assistant.searcher.embedder, sources=sources, remove=remove)
