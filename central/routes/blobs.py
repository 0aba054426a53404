"""Resumable uploads and ranged downloads of ciphertext blobs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response, StreamingResponse

from central.auth import SIGNED_CHUNK, Caller
from central.problems import ProblemError
from central.routes.common import CallerDep, PlatformDep, json_response, parse_body
from central.uploads import blob_size, create_upload, parse_range, put_chunk, upload_status
from kiosk.sync.protocol.blobs import (
    HEADER_UPLOAD_LENGTH,
    HEADER_UPLOAD_OFFSET,
    MAX_BLOB,
    UploadCreate,
    UploadStatus,
)
from kiosk.sync.protocol.problems import ProblemCode

router = APIRouter(prefix="/v1", tags=["blobs"])

UploadId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]
Sha = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]


def _offset_headers(status: UploadStatus) -> dict[str, str]:
    return {HEADER_UPLOAD_OFFSET: str(status.offset), HEADER_UPLOAD_LENGTH: str(status.size)}


@router.post("/uploads", response_model=UploadStatus, status_code=201)
def create(caller: CallerDep, platform: PlatformDep) -> Response:
    """Start (or find) the upload of a blob; 200 with ``complete`` if it is already here."""
    status, created = create_upload(platform, caller, parse_body(UploadCreate, caller.body))
    headers = _offset_headers(status)
    if created and status.upload_id is not None:
        headers["Location"] = f"/v1/uploads/{status.upload_id}"
    return json_response(status, status=201 if created else 200, headers=headers)


@router.head("/uploads/{upload_id}")
def head_upload(upload_id: UploadId, caller: CallerDep, platform: PlatformDep) -> Response:
    """The offset in ``Upload-Offset`` (also after completion)."""
    status = upload_status(platform, caller, upload_id)
    return Response(status_code=200, headers=_offset_headers(status))


@router.get("/uploads/{upload_id}", response_model=UploadStatus)
def get_upload(upload_id: UploadId, caller: CallerDep, platform: PlatformDep) -> Response:
    """Where an upload stands."""
    status = upload_status(platform, caller, upload_id)
    return json_response(status, headers=_offset_headers(status))


@router.put("/uploads/{upload_id}", response_model=UploadStatus)
def put_upload_chunk(
    upload_id: UploadId,
    caller: Annotated[Caller, Depends(SIGNED_CHUNK)],
    platform: PlatformDep,
    offset: Annotated[int, Query(ge=0, le=MAX_BLOB)],
) -> Response:
    """The chunk at ``offset`` (the raw body; its signed hash is its checksum)."""
    status = put_chunk(platform, caller, upload_id, offset, caller.body)
    return json_response(status, headers=_offset_headers(status))


@router.head("/blobs/{sha256}")
def head_blob(sha256: Sha, caller: CallerDep, platform: PlatformDep) -> Response:
    """200 with ``Content-Length`` if this structure has the blob, else 404."""
    size = blob_size(platform, caller, sha256)
    return Response(
        status_code=200, headers={"Content-Length": str(size), "Accept-Ranges": "bytes"}
    )


@router.get("/blobs/{sha256}")
def get_blob(sha256: Sha, request: Request, caller: CallerDep, platform: PlatformDep) -> Response:
    """The ciphertext, whole or one ``Range: bytes=a-b``."""
    size = blob_size(platform, caller, sha256)
    if platform.blobs.size(sha256) != size:
        raise ProblemError(500, ProblemCode.INTERNAL, f"blob {sha256} missing from the store")
    wanted = parse_range(request.headers.get("range"), size)
    start, end = wanted or (0, size)
    headers = {
        "Content-Length": str(end - start),
        "Accept-Ranges": "bytes",
        "ETag": f'"{sha256}"',
    }
    if wanted is not None:
        headers["Content-Range"] = f"bytes {start}-{end - 1}/{size}"
    return StreamingResponse(
        platform.blobs.read(sha256, start, end),
        status_code=206 if wanted is not None else 200,
        media_type="application/octet-stream",
        headers=headers,
    )
