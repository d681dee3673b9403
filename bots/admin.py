"""Admin endpoints: feedback export, unanswered questions, document upload and re-index.

They need ``Authorization: Bearer <TDKT_ADMIN_TOKEN>``; without a configured token they are off (403).
"""

from __future__ import annotations

import hmac
import io
import logging
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import Response

from bots.api import FeedbackDep, RuntimeDep, limited
from bots.errors import AdminDisabled, Unauthorized
from bots.messages import message_for
from bots.schemas import ErrorBody, FailureOut, UnansweredOut, UploadOut, unanswered_out, upload_out
from bots.uploads import Uploads

__all__ = ["UPLOAD_PATH", "make_router", "require_admin"]

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


_ERRORS: dict[int | str, dict[str, object]] = {code: {"model": ErrorBody} for code in (401, 403, 409, 413, 415, 422, 429)}


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


def upload(file: Annotated[UploadFile, File(description="Tệp .txt, .md, .html, .docx hoặc .pdf")],
           runtime: RuntimeDep, uploads: Annotated[Uploads, Depends(get_uploads)]) -> UploadOut:
    """Save the file under the data directory, then re-index the configured folders and the uploads."""
    result = uploads.add(file.filename or "", file.file, runtime)
    failures = [FailureOut(file=Path(f.path).name, code=f.code, message=message_for(f.code))
                for f in result.report.failures]
    logger.info("upload %s: indexed=%s, %d documents", result.path.name, result.failure is None,
                result.report.documents)
    return upload_out(result.path.name, result.report, failures, indexed=result.failure is None)


def make_router() -> APIRouter:
    """The admin routes, behind the rate limit and the token check."""
    router = APIRouter(tags=["quản trị"], responses=_ERRORS,
                       dependencies=[Depends(limited(1.0)), Depends(require_admin)])
    router.add_api_route("/api/admin/feedback.csv", feedback_csv, methods=["GET"], response_class=Response,
                         summary="Xuất góp ý (CSV)", responses={200: {"content": {"text/csv": {}}}})
    router.add_api_route("/api/admin/unanswered", unanswered, methods=["GET"], response_model=list[UnansweredOut],
                         summary="Câu hỏi chưa được trả lời tốt")
    router.add_api_route(UPLOAD_PATH, upload, methods=["POST"], response_model=UploadOut,
                         summary="Tải lên văn bản và nạp lại chỉ mục")
    return router
