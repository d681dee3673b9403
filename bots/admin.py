"""Admin endpoints: the document library (list, upload, remove, upload states), feedback export,
unanswered questions. The admin page (``/quan-tri``) uses them.

They need ``Authorization: Bearer <TDKT_ADMIN_TOKEN>``; without a configured token they are off (403).
Uploads and removals are heavy jobs: they run in the answering service's bounded queue.
"""

from __future__ import annotations

import hmac
import io
import logging
from pathlib import Path
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import Response

from assistant.library import doc_id
from bots.api import FeedbackDep, RuntimeDep, ServiceDep, limited
from bots.errors import AdminDisabled, Unauthorized, UnknownDocumentNumber
from bots.messages import message_for
from bots.schemas import (
    ErrorBody,
    FailureOut,
    LibraryDocOut,
    RemoveOut,
    UnansweredOut,
    UploadOut,
    UploadRecordOut,
    unanswered_out,
    upload_out,
)
from bots.uploads import UploadRecord, Uploads

__all__ = ["UPLOAD_PATH", "make_router", "require_admin"]

STATE_LABELS = {"received": "Đã nhận", "checking": "Đang kiểm tra", "indexing": "Đang nạp vào chỉ mục",
                "indexed": "Đã nạp", "failed": "Không nạp được", "interrupted": "Bị gián đoạn (không nạp)"}

UPLOAD_PATH = "/api/admin/documents"

logger = logging.getLogger(__name__)


def require_admin(request: Request) -> None:
    """Check the bearer token in constant time; admin is off when no token is configured."""
    token = request.app.state.settings.server.admin_token
    if token is None or not token.get_secret_value():
        raise AdminDisabled("admin endpoints are off: no admin token configured")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.get_secret_value().encode()):
        raise Unauthorized("missing or wrong admin token")


_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorBody} for code in (401, 403, 404, 409, 413, 415, 422, 429, 503)}


def get_uploads(request: Request) -> Uploads:
    uploads: Uploads = request.app.state.uploads
    return uploads


def feedback_csv(store: FeedbackDep) -> Response:
    """Every rating with its question and citations, as CSV (UTF-8 with BOM, for Excel)."""
    out = io.StringIO()
    rows = store.write_csv(out)
    logger.info("exported %d feedback rows", rows)
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="tdkt-feedback.csv"'})


def unanswered(store: FeedbackDep, limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> list[UnansweredOut]:
    """Questions that were refused or rated down, newest first: the gaps in the corpus."""
    return [unanswered_out(row) for row in store.unanswered(limit)]


async def upload(file: Annotated[UploadFile, File(description="Tệp .txt, .md, .html, .docx hoặc .pdf")],
                 runtime: RuntimeDep, service: ServiceDep,
                 uploads: Annotated[Uploads, Depends(get_uploads)]) -> UploadOut:
    """Check the file and add it to the library (or update the document with its number); the rest is kept."""
    result = await service.heavy.run(uploads.add, file.filename or "", file.file, runtime)
    await anyio.to_thread.run_sync(service.refresh_info)
    failures = [FailureOut(file=Path(f.path).name, code=f.code, message=message_for(f.code))
                for f in result.report.failures]
    logger.info("upload %s: indexed=%s, %d documents", result.path.name, result.failure is None,
                result.report.documents)
    return upload_out(result.path.name, result.report, failures, indexed=result.failure is None,
                      upload_id=result.record.id, number=result.record.number)


def library(runtime: RuntimeDep, uploads: Annotated[Uploads, Depends(get_uploads)]) -> list[LibraryDocOut]:
    """Every document of the library: number, title, status, effective date, file."""
    info = runtime.store.info()
    docs = info.documents if info else []
    return [LibraryDocOut(id=doc_id(d.number), number=d.number, title=d.title, doc_type=d.doc_type, status=d.status,
                          effective=d.effective, file=Path(d.source).name,
                          uploaded=Path(d.source).resolve().parent == uploads.folder, chunks=d.chunks)
            for d in sorted(docs, key=lambda d: d.number)]


async def remove(document: str, runtime: RuntimeDep, service: ServiceDep,
                 uploads: Annotated[Uploads, Depends(get_uploads)]) -> RemoveOut:
    """Remove a document (by its id, e.g. 06-2022-QH15) from the library; the others are kept."""
    info = runtime.store.info()
    number = next((d.number for d in (info.documents if info else []) if doc_id(d.number) == document), None)
    if number is None:
        raise UnknownDocumentNumber(f"no document with id {document!r}")
    report = await service.heavy.run(uploads.remove, [number], runtime)
    await anyio.to_thread.run_sync(service.refresh_info)
    return RemoveOut(removed=list(report.removed), documents=report.documents, generation=report.collection)


def upload_states(uploads: Annotated[Uploads, Depends(get_uploads)]) -> list[UploadRecordOut]:
    """Every upload with its state, newest first (an interrupted one left nothing in the index)."""
    return [_record_out(r) for r in uploads.records()]


def _record_out(r: UploadRecord) -> UploadRecordOut:
    return UploadRecordOut(id=r.id, file=r.file, state=r.state, state_label=STATE_LABELS[r.state], started=r.started,
                           finished=r.finished, size=r.size, number=r.number,
                           message=message_for(r.code) if r.code else "")


def make_router() -> APIRouter:
    """The admin routes, behind the rate limit and the token check."""
    router = APIRouter(tags=["quản trị"], responses=_ERRORS,
                       dependencies=[Depends(limited(1.0)), Depends(require_admin)])
    router.add_api_route("/api/admin/feedback.csv", feedback_csv, methods=["GET"], response_class=Response,
                         summary="Xuất góp ý (CSV)", responses={200: {"content": {"text/csv": {}}}})
    router.add_api_route("/api/admin/unanswered", unanswered, methods=["GET"], response_model=list[UnansweredOut],
                         summary="Câu hỏi chưa được trả lời tốt")
    router.add_api_route(UPLOAD_PATH, library, methods=["GET"], response_model=list[LibraryDocOut],
                         summary="Thư viện văn bản")
    router.add_api_route(UPLOAD_PATH, upload, methods=["POST"], response_model=UploadOut,
                         summary="Tải lên văn bản (thêm hoặc cập nhật; các văn bản khác giữ nguyên)")
    router.add_api_route(UPLOAD_PATH + "/{document}", remove, methods=["DELETE"], response_model=RemoveOut,
                         summary="Gỡ một văn bản khỏi thư viện")
    router.add_api_route("/api/admin/uploads", upload_states, methods=["GET"], response_model=list[UploadRecordOut],
                         summary="Trạng thái các lần tải lên")
    return router
