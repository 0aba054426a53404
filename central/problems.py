"""Every error leaves as ``application/problem+json`` with a stable code.

Services raise :class:`ProblemError`; the handlers installed by :func:`install_handlers` also
turn FastAPI's own errors (unknown route, wrong method, bad query) and unexpected exceptions
into problems, so a station never has to parse an HTML or a bare-text error.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from kiosk.sync.protocol.problems import PROBLEM_MEDIA_TYPE, Problem, ProblemCode, problem_type

log = logging.getLogger("central.problems")

_TITLES: dict[ProblemCode, str] = {
    ProblemCode.BAD_REQUEST: "Malformed request",
    ProblemCode.NOT_FOUND: "Not found",
    ProblemCode.METHOD_NOT_ALLOWED: "Method not allowed",
    ProblemCode.PAYLOAD_TOO_LARGE: "Request body too large",
    ProblemCode.INTERNAL: "Internal error",
    ProblemCode.SIGNATURE_MISSING: "Request not signed",
    ProblemCode.SIGNATURE_INVALID: "Bad signature",
    ProblemCode.BODY_HASH_MISMATCH: "Body does not match its signed hash",
    ProblemCode.STATION_UNKNOWN: "Unknown station",
    ProblemCode.STATION_REVOKED: "Station revoked",
    ProblemCode.CLOCK_SKEW: "Station clock too far from the server's",
    ProblemCode.REPLAYED: "Request replayed",
    ProblemCode.ENROL_CODE_INVALID: "Unknown enrolment code",
    ProblemCode.ENROL_CODE_USED: "Enrolment code already used",
    ProblemCode.ENROL_CODE_EXPIRED: "Enrolment code expired",
    ProblemCode.KEY_INVALID: "Not a P-256 public key",
    ProblemCode.PROOF_INVALID: "Key possession not proven",
    ProblemCode.FORBIDDEN: "Not this structure's data",
    ProblemCode.SEQ_GAP: "Operations missing before this batch",
    ProblemCode.DEVICE_REGRESSED: "Station restored from an old state",
    ProblemCode.OP_MISMATCH: "Operation changed since first sent",
    ProblemCode.BATCH_INVALID: "Batch seqs not contiguous",
    ProblemCode.CURSOR_INVALID: "Unusable cursor",
    ProblemCode.CURSOR_AHEAD: "Cursor ahead of the server",
    ProblemCode.UPLOAD_UNKNOWN: "Unknown upload",
    ProblemCode.UPLOAD_OFFSET_MISMATCH: "Upload offset mismatch",
    ProblemCode.UPLOAD_TOO_LONG: "More bytes than announced",
    ProblemCode.CHUNK_CHECKSUM_MISMATCH: "Chunk checksum mismatch",
    ProblemCode.BLOB_HASH_MISMATCH: "Uploaded bytes do not match the blob's hash",
    ProblemCode.BLOB_NOT_FOUND: "Blob not found",
    ProblemCode.RANGE_NOT_SATISFIABLE: "Range not satisfiable",
    ProblemCode.IDEMPOTENCY_CONFLICT: "Id reused for another content",
    ProblemCode.CONFIRMATION_UNKNOWN: "Unknown confirmation",
    ProblemCode.CONFIRMATION_EXPIRED: "Confirmation code expired",
    ProblemCode.CONFIRMATION_LOCKED: "Too many wrong codes",
}


class ProblemError(Exception):
    """An error answer, raised anywhere in a request.

    Args:
        status: HTTP status.
        code: stable code.
        detail: English detail for logs.
        headers: extra response headers (e.g. ``Retry-After``).
        extra: extension members (``expected_seq``, ``server_time``, ``offset``...).
    """

    def __init__(
        self,
        status: int,
        code: ProblemCode,
        detail: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(f"{status} {code.value}: {detail or ''}")
        self.problem = Problem(
            type=problem_type(code),
            title=_TITLES[code],
            status=status,
            code=code,
            detail=detail,
            **extra,
        )
        self.headers = headers or {}


def problem_response(error: ProblemError) -> JSONResponse:
    """The HTTP answer of a problem."""
    body = error.problem.model_dump(mode="json", exclude_none=True)
    return JSONResponse(
        body, status_code=error.problem.status, media_type=PROBLEM_MEDIA_TYPE, headers=error.headers
    )


async def _on_problem(_request: Request, error: Exception) -> JSONResponse:
    if not isinstance(error, ProblemError):  # pragma: no cover - registered for this type
        raise error
    return problem_response(error)


async def _on_http(_request: Request, error: Exception) -> JSONResponse:
    if not isinstance(error, StarletteHTTPException):  # pragma: no cover
        raise error
    codes = {404: ProblemCode.NOT_FOUND, 405: ProblemCode.METHOD_NOT_ALLOWED}
    code = codes.get(error.status_code, ProblemCode.BAD_REQUEST)
    status = error.status_code if error.status_code in codes else 400
    return problem_response(ProblemError(status, code, str(error.detail)))


async def _on_validation(_request: Request, error: Exception) -> JSONResponse:
    if not isinstance(error, RequestValidationError):  # pragma: no cover
        raise error
    return problem_response(bad_request(error.errors()))


async def _on_crash(request: Request, error: Exception) -> JSONResponse:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return problem_response(ProblemError(500, ProblemCode.INTERNAL, type(error).__name__))


def bad_request(errors: Any) -> ProblemError:
    """A 422 ``bad_request`` listing pydantic's error locations and messages."""
    lines = []
    for item in errors:
        where = ".".join(str(part) for part in item.get("loc", ()))
        lines.append(f"{where}: {item.get('msg', '')}")
    return ProblemError(
        422, ProblemCode.BAD_REQUEST, "request does not match the schema", errors=lines[:50]
    )


def install_handlers(app: FastAPI) -> None:
    """Route every error of ``app`` through problem+json."""
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(Exception, _on_crash)
