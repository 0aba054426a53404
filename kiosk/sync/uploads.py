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
from concurrent.futures import Future, ThreadPoolExecutor

from kiosk.sync.client import SyncClient
from kiosk.sync.errors import UnexpectedAnswer, UploadProblem
from kiosk.sync.protocol.blobs import CHUNK_SIZE, MAX_CHUNK, UploadStatus
from kiosk.sync.protocol.problems import ProblemCode

MAX_CHUNK_RETRIES = 3


def upload_blob(
    client: SyncClient,
    data: bytes,
    chunk_size: int = CHUNK_SIZE,
    *,
    sha256: str | None = None,
) -> UploadStatus:
    """Upload ``data`` (named by its SHA-256) from wherever the server stands; its status.

    ``sha256`` is the name if the caller knows it already (the vault hashed the ciphertext
    when it wrote it); a wrong one is refused by the server at the end (``blob_hash_mismatch``).
    While a chunk is on its way, the next one is hashed (its signed checksum) on a helper
    thread, so the station's hashing overlaps the network and the server.

    Raises:
        UploadProblem: the whole was refused (``blob_hash_mismatch``: the upload restarts at
            0 on the next call), or a chunk failed :data:`MAX_CHUNK_RETRIES` times.
        TransportFailed: the line was cut; call again to resume.
    """
    chunk_size = max(1, min(chunk_size, MAX_CHUNK))
    name = hashlib.sha256(data).hexdigest() if sha256 is None else sha256
    status = client.create_upload(name, len(data))
    if status.complete:
        return status
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="upload-hash") as hasher:
        return _send_chunks(client, data, chunk_size, status, hasher)


def _send_chunks(
    client: SyncClient,
    data: bytes,
    chunk_size: int,
    status: UploadStatus,
    hasher: ThreadPoolExecutor,
) -> UploadStatus:
    view = memoryview(data)

    def digest(offset: int) -> str:
        return hashlib.sha256(view[offset : offset + chunk_size]).hexdigest()

    ahead: dict[int, Future[str]] = {}
    retries = 0
    while not status.complete:
        if status.upload_id is None:
            raise UnexpectedAnswer(200, "unfinished upload without an id")
        offset = status.offset
        chunk = data[offset : offset + chunk_size]
        checksum = ahead.pop(offset, None) or hasher.submit(digest, offset)
        following = offset + len(chunk)
        ahead.clear()
        if following < len(data):
            ahead[following] = hasher.submit(digest, following)
        try:
            status = client.put_chunk(status.upload_id, offset, chunk, checksum.result())
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
