"""Blobs: ciphertext named by its SHA-256, uploaded in resumable chunks (a subset of tus).

1. ``HEAD /v1/blobs/{sha256}``: 200 if this structure already has it (nothing to send).
2. ``POST /v1/uploads`` with :class:`UploadCreate`: 201 and an :class:`UploadStatus` (also
   ``Location``). Asking again for the same blob returns the same unfinished upload, so a
   lost answer costs nothing; 200 with ``complete`` if the blob is already there.
3. ``PUT /v1/uploads/{id}?offset=<n>`` with the raw chunk bytes as the body. The signed body
   hash is the chunk checksum: a chunk whose bytes do not match it is dropped (status 460,
   ``chunk_checksum_mismatch``) and the offset does not move. A wrong offset: 409
   ``upload_offset_mismatch`` with the server's ``offset``. Only whole, verified chunks move
   the offset, so a transfer cut anywhere re-sends at most the chunk in flight.
4. After the last chunk the server hashes the whole upload: the blob becomes visible only if
   the hash is its name (else 422 ``blob_hash_mismatch``, and the upload starts again at 0).
5. ``HEAD`` or ``GET /v1/uploads/{id}`` give the offset at any time, and keep answering
   after completion (a lost answer to the last chunk is not a 404).
6. ``GET /v1/blobs/{sha256}`` downloads, with ``Range: bytes=a-b`` to resume.

Blobs are per structure: another structure's blob is 404, even if the same bytes exist.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from kiosk.sync.protocol.values import Id, Sha256Hex

CHUNK_SIZE = 1 << 20  # what stations send
MAX_CHUNK = 8 << 20  # what the server accepts
MAX_BLOB = 4 << 30
CHUNK_CHECKSUM_STATUS = 460

HEADER_UPLOAD_OFFSET = "Upload-Offset"
HEADER_UPLOAD_LENGTH = "Upload-Length"


class UploadCreate(BaseModel):
    """``POST /v1/uploads``: the blob to come."""

    model_config = ConfigDict(extra="forbid")

    sha256: Sha256Hex
    size: int = Field(ge=0, le=MAX_BLOB)


class UploadStatus(BaseModel):
    """Where an upload stands.

    Attributes:
        upload_id: the upload (None when the blob was already there and nothing is needed).
        sha256: the blob's name.
        size: its announced size.
        offset: bytes received and verified so far; the next chunk starts here.
        complete: True once the blob is verified and visible.
        chunk_size: the chunk size the server advises.
    """

    upload_id: Id | None
    sha256: Sha256Hex
    size: int
    offset: int
    complete: bool
    chunk_size: int = CHUNK_SIZE
