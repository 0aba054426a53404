"""Resumable uploads and downloads of blobs, per structure (see ``protocol.blobs``).

An upload's row is locked while a chunk is written, so two deliveries of one chunk cannot
interleave; the offset moves only after the chunk is durably on disk. The last chunk makes
the store hash the whole upload: the ``blobs`` row, which is what makes the blob visible,
is written only if the hash is the blob's name.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.auth import Caller
from central.models import Blob, Upload
from central.platform import Platform
from central.problems import ProblemError
from kiosk.sync.protocol.blobs import UploadCreate, UploadStatus
from kiosk.sync.protocol.problems import ProblemCode

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def _status(upload: Upload) -> UploadStatus:
    return UploadStatus(
        upload_id=upload.id,
        sha256=upload.sha256,
        size=upload.size,
        offset=upload.received,
        complete=upload.completed_at is not None,
    )


def _has_blob(session: Session, structure_id: str, sha256: str) -> bool:
    return session.get(Blob, (structure_id, sha256)) is not None


def _publish(session: Session, upload: Upload, now: int) -> None:
    upload.completed_at = now
    if not _has_blob(session, upload.structure_id, upload.sha256):
        session.add(
            Blob(
                structure_id=upload.structure_id,
                sha256=upload.sha256,
                size=upload.size,
                created_at=now,
            )
        )


def create_upload(
    platform: Platform, caller: Caller, request: UploadCreate
) -> tuple[UploadStatus, bool]:
    """The upload for a blob: a new one, the unfinished one, or none needed.

    Returns:
        The status and True if an upload was created.
    """
    now = platform.now_ms()
    with platform.db.transaction() as session:
        if _has_blob(session, caller.structure_id, request.sha256):
            done = UploadStatus(
                upload_id=None,
                sha256=request.sha256,
                size=request.size,
                offset=request.size,
                complete=True,
            )
            return done, False
        statement = select(Upload).where(
            Upload.structure_id == caller.structure_id,
            Upload.sha256 == request.sha256,
            Upload.size == request.size,
            Upload.completed_at.is_(None),
        )
        existing = session.execute(statement.limit(1)).scalar_one_or_none()
        if existing is not None:
            return _status(existing), False
        upload = Upload(
            id=secrets.token_hex(16),
            structure_id=caller.structure_id,
            station_id=caller.station_id,
            sha256=request.sha256,
            size=request.size,
            received=0,
            created_at=now,
        )
        session.add(upload)
        if request.size == 0:
            if request.sha256 != EMPTY_SHA256 or not platform.blobs.commit(upload.id, EMPTY_SHA256):
                raise ProblemError(422, ProblemCode.BLOB_HASH_MISMATCH, "empty blob misnamed")
            _publish(session, upload, now)
        return _status(upload), True


def _locked_upload(session: Session, caller: Caller, upload_id: str) -> Upload:
    statement = select(Upload).where(Upload.id == upload_id).with_for_update()
    upload = session.execute(statement).scalar_one_or_none()
    if upload is None or upload.structure_id != caller.structure_id:
        raise ProblemError(404, ProblemCode.UPLOAD_UNKNOWN, f"no upload {upload_id}")
    return upload


def upload_status(platform: Platform, caller: Caller, upload_id: str) -> UploadStatus:
    """Where an upload stands (also after completion)."""
    with platform.db.reading() as session:
        upload = session.get(Upload, upload_id)
        if upload is None or upload.structure_id != caller.structure_id:
            raise ProblemError(404, ProblemCode.UPLOAD_UNKNOWN, f"no upload {upload_id}")
        return _status(upload)


def put_chunk(
    platform: Platform, caller: Caller, upload_id: str, offset: int, data: bytes
) -> UploadStatus:
    """Append a verified chunk at ``offset``; publish the blob after the last one.

    Raises:
        ProblemError: ``upload_unknown`` (404), ``upload_offset_mismatch`` (409, with the
            server's offset), ``upload_too_long`` (413), ``blob_hash_mismatch`` (422; the
            upload restarts at 0).
    """
    now = platform.now_ms()
    mismatch = False
    # Not waiting for the disk at commit is safe: the chunk itself is fsynced first, so a
    # power cut can only make the server forget offsets (the station re-sends), and any
    # later durable commit (the doc.attach push) carries this one with it (the log is ordered).
    with platform.db.transaction(durable=False) as session:
        upload = _locked_upload(session, caller, upload_id)
        if offset != upload.received or (upload.completed_at is not None and data):
            raise ProblemError(
                409,
                ProblemCode.UPLOAD_OFFSET_MISMATCH,
                f"upload is at {upload.received}",
                offset=upload.received,
            )
        if offset + len(data) > upload.size:
            raise ProblemError(
                413, ProblemCode.UPLOAD_TOO_LONG, f"{offset + len(data)} > {upload.size}"
            )
        if data:
            platform.blobs.write_chunk(upload.id, offset, data)
            upload.received = offset + len(data)
            if upload.received == upload.size:
                if platform.blobs.commit(upload.id, upload.sha256):
                    _publish(session, upload, now)
                else:
                    upload.received = 0
                    mismatch = True
        status = _status(upload)
    if mismatch:
        raise ProblemError(
            422,
            ProblemCode.BLOB_HASH_MISMATCH,
            "the bytes received do not hash to the blob's name; upload again",
            offset=0,
        )
    return status


def blob_size(platform: Platform, caller: Caller, sha256: str) -> int:
    """The size of a blob this structure may read.

    Raises:
        ProblemError: 404 ``blob_not_found`` (absent, or another structure's).
    """
    with platform.db.reading() as session:
        blob = session.get(Blob, (caller.structure_id, sha256))
    if blob is None:
        raise ProblemError(404, ProblemCode.BLOB_NOT_FOUND, f"no blob {sha256}")
    return blob.size


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """``[start, end)`` of a single ``bytes=`` range, None without one.

    Raises:
        ProblemError: 416 ``range_not_satisfiable``.
    """
    if header is None:
        return None
    unit, _, spec = header.partition("=")
    first, dash, last = spec.strip().partition("-")
    try:
        if unit.strip() != "bytes" or not dash or "," in spec:
            raise ValueError(header)
        if first == "":
            start, end = max(size - int(last), 0), size
        else:
            start = int(first)
            end = size if last == "" else min(int(last) + 1, size)
        if start < 0 or start >= end:
            raise ValueError(header)
    except ValueError:
        raise ProblemError(
            416,
            ProblemCode.RANGE_NOT_SATISFIABLE,
            f"range {header!r}",
            headers={"Content-Range": f"bytes */{size}"},
        ) from None
    return start, end
