"""Encrypted blobs on disk, named by the SHA-256 of their ciphertext.

A blob is written to a temporary file in the store, fsynced, renamed into place, and the
directory fsynced: once ``write`` returns, the bytes survive a power cut. Only ciphertext
ever reaches these files.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable, Iterator
from io import BufferedReader
from pathlib import Path
from typing import BinaryIO

_HEX = frozenset("0123456789abcdef")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BlobStore:
    """Content-addressed ciphertext files under one directory (mode 0700)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._tmp = root / "tmp"
        self._tmp.mkdir(mode=0o700, exist_ok=True)

    def path(self, sha256: str) -> Path:
        """Where the blob named ``sha256`` lives."""
        if len(sha256) != 64 or not set(sha256) <= _HEX:
            raise ValueError("not a SHA-256 name")
        return self.root / sha256[:2] / sha256

    def write(self, producer: Callable[[BinaryIO], tuple[str, int, int]]) -> tuple[str, int, int]:
        """Run ``producer`` on a new file; keep it under the hash the producer returns.

        ``producer`` writes the ciphertext and returns (sha256, size, plaintext size).
        """
        tmp = self._tmp / secrets.token_hex(16)
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        try:
            with os.fdopen(fd, "wb", buffering=1 << 20) as handle:
                result = producer(handle)
                handle.flush()
                os.fsync(handle.fileno())
            final = self.path(result[0])
            final.parent.mkdir(mode=0o700, exist_ok=True)
            os.replace(tmp, final)
            _fsync_dir(final.parent)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return result

    def open(self, sha256: str) -> BufferedReader:
        """Open a blob for reading (FileNotFoundError if it is gone)."""
        return self.path(sha256).open("rb")

    def read_blob(self, sha256: str) -> bytes:
        """The whole ciphertext named ``sha256`` (what the sync uploads).

        Raises:
            FileNotFoundError: no such blob.
        """
        return self.path(sha256).read_bytes()

    def exists(self, sha256: str) -> bool:
        """Whether the blob is on disk."""
        return self.path(sha256).is_file()

    def delete(self, sha256: str) -> None:
        """Remove a blob (nothing if already gone)."""
        path = self.path(sha256)
        path.unlink(missing_ok=True)
        if path.parent.exists():
            _fsync_dir(path.parent)

    def digest(self, sha256: str) -> str:
        """Recompute the SHA-256 of a blob on disk."""
        hasher = hashlib.sha256()
        with self.open(sha256) as handle:
            while chunk := handle.read(1 << 20):
                hasher.update(chunk)
        return hasher.hexdigest()

    def names(self) -> Iterator[str]:
        """Every blob name on disk (temporary files excluded)."""
        for sub in sorted(self.root.iterdir()):
            if sub.is_dir() and sub.name != "tmp":
                for item in sorted(sub.iterdir()):
                    if len(item.name) == 64:
                        yield item.name

    def sweep_temporary(self) -> int:
        """Delete temporary files left by a writer that died; return how many."""
        count = 0
        for item in self._tmp.iterdir():
            item.unlink(missing_ok=True)
            count += 1
        return count
