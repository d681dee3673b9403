"""Errors of the web edge (see the tree in corpus/errors.py): each carries its HTTP status.

    TdktError
    └── WebError                     web.error              400
        ├── InvalidRequest           web.invalid_request    422
        │   ├── BadText              web.bad_text           422
        │   ├── InvalidDate          web.invalid_date       422
        │   ├── NoQuestions          web.no_questions       422
        │   ├── TooManyQuestions     web.too_many_questions 422
        │   └── NoQuiz               web.no_quiz            422
        ├── InvalidJSON              web.invalid_json       400
        ├── NotFound                 web.not_found          404
        ├── MethodNotAllowed         web.method_not_allowed 405
        ├── Unauthorized             web.unauthorized       401
        ├── AdminDisabled            web.admin_disabled     403
        ├── PayloadTooLarge          web.too_large          413
        ├── RateLimited              web.rate_limited       429
        ├── UnknownAnswer            web.unknown_answer     404
        ├── UnsupportedUpload        web.bad_upload         415
        │   ├── BadQuestionFile      web.bad_question_file  415
        │   └── BadSheetLine         web.bad_sheet_line     422
        ├── Busy                     web.busy               409
        ├── QueueFull                web.queue_full         503
        ├── UnknownDocumentNumber    web.unknown_number     404
        ├── SourcesMissing           web.sources_missing    409
        └── AddressInUse             web.address_in_use     (start-up of `tdkt serve`)
"""

from __future__ import annotations

from corpus.errors import TdktError

__all__ = [
    "AddressInUse",
    "AdminDisabled",
    "BadText",
    "BadQuestionFile",
    "BadSheetLine",
    "Busy",
    "InvalidDate",
    "InvalidJSON",
    "InvalidRequest",
    "MethodNotAllowed",
    "NoQuestions",
    "NoQuiz",
    "NotFound",
    "PayloadTooLarge",
    "QueueFull",
    "RateLimited",
    "SourcesMissing",
    "TooManyQuestions",
    "Unauthorized",
    "UnknownAnswer",
    "UnknownDocumentNumber",
    "UnsupportedUpload",
    "WebError",
]


class WebError(TdktError):
    code = "web.error"
    status = 400


class InvalidRequest(WebError):
    code = "web.invalid_request"
    status = 422


class BadText(InvalidRequest):
    code = "web.bad_text"


class InvalidDate(InvalidRequest):
    code = "web.invalid_date"


class NoQuestions(InvalidRequest):
    code = "web.no_questions"


class TooManyQuestions(InvalidRequest):
    code = "web.too_many_questions"


class NoQuiz(InvalidRequest):
    code = "web.no_quiz"


class InvalidJSON(WebError):
    code = "web.invalid_json"
    status = 400


class NotFound(WebError):
    code = "web.not_found"
    status = 404


class MethodNotAllowed(WebError):
    code = "web.method_not_allowed"
    status = 405


class Unauthorized(WebError):
    code = "web.unauthorized"
    status = 401


class AdminDisabled(WebError):
    code = "web.admin_disabled"
    status = 403


class PayloadTooLarge(WebError):
    code = "web.too_large"
    status = 413


class RateLimited(WebError):
    code = "web.rate_limited"
    status = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, retry_after=retry_after)
        self.retry_after = retry_after


class UnknownAnswer(WebError):
    code = "web.unknown_answer"
    status = 404


class UnsupportedUpload(WebError):
    code = "web.bad_upload"
    status = 415


class BadQuestionFile(UnsupportedUpload):
    code = "web.bad_question_file"


class BadSheetLine(UnsupportedUpload):
    code = "web.bad_sheet_line"
    status = 422


class Busy(WebError):
    code = "web.busy"
    status = 409


class QueueFull(WebError):
    code = "web.queue_full"
    status = 503

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, retry_after=retry_after)


class UnknownDocumentNumber(WebError):
    code = "web.unknown_number"
    status = 404


class SourcesMissing(WebError):
    code = "web.sources_missing"
    status = 409


class AddressInUse(WebError):
    code = "web.address_in_use"
    status = 503
