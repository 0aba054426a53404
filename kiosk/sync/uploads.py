"""Resumable, checksummed upload of one blob (a document's ciphertext).

``POST /v1/uploads`` answers the unfinished upload of the same blob with its offset, so a
station that lost power or network simply calls :func:`upload_blob` again: it continues from
the server's offset, one chunk at a time. Each chunk's signed body hash is its checksum: a
damaged chunk (460) is sent again, an offset mismatch (409) continues from the server's
offset. After the last chunk the server checks the whole; ``doc.attach`` is pushed only once
:func:`upload_blob` has returned.
"""

from __future__ import annotations

import hashlib

from kiosk.sync.client import SyncClient
from kiosk.sync.errors import UnexpectedAnswer, UploadProblem
from kiosk.sync.protocol.blobs import CHUNK_SIZE, MAX_CHUNK, UploadStatus
from kiosk.sync.protocol.problems import ProblemCode

MAX_CHUNK_RETRIES = 3


def upload_blob(client: SyncClient, data: bytes, chunk_size: int = CHUNK_SIZE) -> UploadStatus:
    """Upload ``data`` (named by its SHA-256) from wherever the server stands; its status.

    Raises:
        UploadProblem: the whole was refused (``blob_hash_mismatch``: the upload restarts at
            0 on the next call), or a chunk failed :data:`MAX_CHUNK_RETRIES` times.
        TransportFailed: the line was cut; call again to resume.
    """
    chunk_size = max(1, min(chunk_size, MAX_CHUNK))
    sha256 = hashlib.sha256(data).hexdigest()
    status = client.create_upload(sha256, len(data))
    retries = 0
    while not status.complete:
        if status.upload_id is None:
            raise UnexpectedAnswer(200, "unfinished upload without an id")
        offset = status.offset
        chunk = data[offset : offset + chunk_size]
        try:
            status = client.put_chunk(status.upload_id, offset, chunk)
        except UploadProblem as problem:
            retries += 1
            if retries > MAX_CHUNK_RETRIES:
                raise
            if problem.code == ProblemCode.UPLOAD_OFFSET_MISMATCH and problem.offset is not None:
                status = status.model_copy(update={"offset": problem.offset})
            elif problem.code != ProblemCode.CHUNK_CHECKSUM_MISMATCH:
                raise
            continue
        retries = 0
    return status
