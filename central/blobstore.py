"""Where blob bytes live: an interface, and its implementation on a local disk.

The platform only ever holds ciphertext here. An upload is staged under its upload id; on
:meth:`BlobStore.commit` the staged bytes are hashed, and only if the hash is the blob's name
are they moved into place (fsync, then ``os.replace``), so a blob that exists is complete and
verified. A production store speaks the S3 API behind the same methods (stage parts, then an
idempotent ``PutObject``/``CompleteMultipartUpload`` keyed by the SHA-256).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

_READ_PIECE = 1 << 20
_MAX_HASHERS = 1024


class BlobStore(Protocol):
    """Content-addressed ciphertext storage with staged uploads."""

    def write_chunk(self, upload_id: str, offset: int, data: bytes) -> None:
        """Durably write ``data`` at ``offset`` of the staged upload (cutting what follows)."""

    def discard(self, upload_id: str) -> None:
        """Drop a staged upload."""

    def commit(self, upload_id: str, sha256: str) -> bool:
        """Verify the staged bytes hash to ``sha256`` and publish them; False (and the staging
        dropped) if they do not."""

    def size(self, sha256: str) -> int | None:
        """The size of a published blob, None if absent."""

    def read(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        """The bytes ``[start, end)`` of a published blob, in pieces."""


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class DiskBlobStore:
    """Blobs under ``root/blobs/ab/cd/<sha256>``, uploads under ``root/uploads/<id>.part``.

    The running SHA-256 of each staged upload is kept in memory while chunks arrive in order,
    so finishing an upload does not read it again; after a restart (or chunks re-sent out of
    order, or after a failed write) the staged file is re-read instead. A chunk is hashed on
    a helper thread while it is written and synced (both let other threads run), so the
    running hash adds no time of its own.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._blobs = root / "blobs"
        self._staging = root / "uploads"
        for directory in (root, self._blobs, self._staging):
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._hashers: OrderedDict[str, tuple[int, hashlib._Hash]] = OrderedDict()
        self._lock = threading.Lock()
        self._hashing = ThreadPoolExecutor(max_workers=4, thread_name_prefix="blob-hash")

    def _staged(self, upload_id: str) -> Path:
        if not upload_id.isalnum():
            raise ValueError("bad upload id")
        return self._staging / f"{upload_id}.part"

    def path(self, sha256: str) -> Path:
        """Where a published blob lives."""
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError("not a SHA-256 name")
        return self._blobs / sha256[:2] / sha256[2:4] / sha256

    def write_chunk(self, upload_id: str, offset: int, data: bytes) -> None:
        """Write, cut after, ``fdatasync``; the offset may move only once this returns."""
        with self._lock:
            known = self._hashers.pop(upload_id, None)  # back only once the write succeeded
        if offset == 0:
            known = (0, hashlib.sha256())
        hashed: Future[None] | None = None
        if known is not None and known[0] == offset:
            hashed = self._hashing.submit(known[1].update, data)
        try:
            fd = os.open(self._staged(upload_id), os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                os.pwrite(fd, data, offset)
                os.ftruncate(fd, offset + len(data))
                os.fdatasync(fd)
            finally:
                os.close(fd)
        finally:
            if hashed is not None:
                hashed.result()
        if known is not None and hashed is not None:
            with self._lock:
                self._hashers[upload_id] = (offset + len(data), known[1])
                while len(self._hashers) > _MAX_HASHERS:
                    self._hashers.popitem(last=False)

    def discard(self, upload_id: str) -> None:
        """Remove the staging file."""
        with self._lock:
            self._hashers.pop(upload_id, None)
        self._staged(upload_id).unlink(missing_ok=True)

    def _digest(self, upload_id: str, staged: Path) -> str:
        size = staged.stat().st_size
        with self._lock:
            known = self._hashers.pop(upload_id, None)
        if known is not None and known[0] == size:
            return known[1].hexdigest()
        digest = hashlib.sha256()
        with staged.open("rb") as handle:
            while piece := handle.read(_READ_PIECE):
                digest.update(piece)
        return digest.hexdigest()

    def commit(self, upload_id: str, sha256: str) -> bool:
        """Publish the staged upload if it hashes to ``sha256``."""
        staged = self._staged(upload_id)
        if not staged.exists():
            staged.touch(mode=0o600)  # an empty blob has no chunk
        if self._digest(upload_id, staged) != sha256:
            self.discard(upload_id)
            return False
        final = self.path(sha256)
        if final.exists():  # the same bytes already published (another structure or upload)
            staged.unlink()
            return True
        final.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.replace(staged, final)
        _fsync_dir(final.parent)
        return True

    def size(self, sha256: str) -> int | None:
        """The size of a published blob."""
        try:
            return self.path(sha256).stat().st_size
        except FileNotFoundError:
            return None

    def read(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        """Stream ``[start, end)``."""
        with self.path(sha256).open("rb") as handle:
            handle.seek(start)
            left = end - start
            while left > 0:
                piece = handle.read(min(_READ_PIECE, left))
                if not piece:
                    return
                left -= len(piece)
                yield piece
