"""Streaming AES-256-GCM in frames, so a large scan is never held twice in memory.

Layout of an encrypted stream::

    header  = b"KVF1" || frame_size (u32 BE) || salt (16) || nonce_prefix (8)   (32 bytes)
    frame i = AES-256-GCM(stream_key, nonce = nonce_prefix || i (u24 BE) || last (u8),
                          aad = header || label)                         (<= frame_size + 16)

``stream_key = HKDF-SHA256(content_key, salt, "kiosk/frames/v1")``: a fresh key per stream,
so random nonces never repeat under one key. Each frame's AAD is ``header || aad`` where
``aad`` is the canonical label of the document (beneficiary, level, id, revision): a frame
moved to another document, relabelled, reordered, dropped or cut fails authentication. The
``last`` byte in the nonce marks the final frame, so a stream cut at a frame boundary is
detected as truncated (the STREAM construction of Hoang, Reyhanitabar, Rogaway and Vizár).

Frames are encrypted with ``update_into`` into buffers allocated once, which runs at the
speed of OpenSSL; one-shot ``AESGCM.encrypt`` allocates per call and is about 3x slower.
"""

from __future__ import annotations

import hashlib
import os
import struct
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import BinaryIO, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kiosk.vault.errors import IntegrityError, MalformedStream, TruncatedStream

MAGIC = b"KVF1"
HEADER_LEN = 32
TAG_LEN = 16
DEFAULT_FRAME_SIZE = 1 << 20
MAX_FRAME_SIZE = 16 << 20
_MAX_FRAMES = 1 << 24
_HEADER = struct.Struct(">4sI16s8s")


class Readable(Protocol):
    """What the encryptor reads from: any binary file or ``io.BytesIO``."""

    def readinto(self, buffer: bytearray | memoryview, /) -> int | None:
        """Fill ``buffer``; return the count, 0 at the end."""
        ...


class Writable(Protocol):
    """Where decrypted frames go: a file, a ZIP entry, ``io.BytesIO``."""

    def write(self, data: memoryview, /) -> object:
        """Take the bytes."""
        ...


def _stream_key(content_key: bytes, salt: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt, b"kiosk/frames/v1").derive(content_key)


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    if index >= _MAX_FRAMES:
        raise ValueError("stream too long")
    return prefix + index.to_bytes(3, "big") + (b"\x01" if last else b"\x00")


def _fill(src: Readable, buf: bytearray) -> int:
    """Read until ``buf`` is full or the source ends; return the count."""
    view = memoryview(buf)
    got = 0
    while got < len(buf):
        n = src.readinto(view[got:])
        if not n:
            break
        got += n
    return got


def _seal_frame(
    key: algorithms.AES256,
    nonce: bytes,
    frame_aad: bytes,
    plain: memoryview,
    out: bytearray,
) -> tuple[memoryview, bytes]:
    enc = Cipher(key, modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(frame_aad)
    size = enc.update_into(plain, out)
    enc.finalize()
    return memoryview(out)[:size], enc.tag


def encrypt_stream(
    content_key: bytes,
    aad: bytes,
    src: Readable,
    dst: BinaryIO,
    frame_size: int = DEFAULT_FRAME_SIZE,
) -> tuple[str, int, int]:
    """Encrypt ``src`` to ``dst``.

    Frame ``i + 1`` is encrypted on a helper thread while this thread hashes and writes
    frame ``i``: ``hashlib`` and file writes release the GIL, so the SHA-256 of the
    ciphertext (the slowest step) overlaps the cipher. A one-frame stream uses no thread.

    Returns:
        (sha256 hex of the ciphertext written, ciphertext length, plaintext length).
    """
    if not 16 <= frame_size <= MAX_FRAME_SIZE:
        raise ValueError("frame size out of range")
    salt, prefix = os.urandom(16), os.urandom(8)
    header = _HEADER.pack(MAGIC, frame_size, salt, prefix)
    frame_aad = header + aad
    key = algorithms.AES256(_stream_key(content_key, salt))
    digest = hashlib.sha256(header)
    dst.write(header)
    bufs = (bytearray(frame_size), bytearray(frame_size))
    outs = (bytearray(frame_size + 15), bytearray(frame_size + 15))
    n = _fill(src, bufs[0])
    following = _fill(src, bufs[1]) if n == frame_size else 0
    written, plain, index, current = HEADER_LEN, 0, 0, 0
    pool: ThreadPoolExecutor | None = None
    try:
        last = following == 0
        job: Future[tuple[memoryview, bytes]] | None = None
        sealed = _seal_frame(
            key, _nonce(prefix, 0, last), frame_aad, memoryview(bufs[0])[:n], outs[0]
        )
        while True:
            if job is not None:
                sealed = job.result()
            if not last:
                # Refill the buffer frame ``index`` came from with frame ``index + 2`` (the
                # cipher is done with it), then start frame ``index + 1`` on the helper.
                nxt = 1 - current
                after = _fill(src, bufs[current]) if following == frame_size else 0
                if pool is None:
                    pool = ThreadPoolExecutor(1, thread_name_prefix="vault-frames")
                job = pool.submit(
                    _seal_frame,
                    key,
                    _nonce(prefix, index + 1, after == 0),
                    frame_aad,
                    memoryview(bufs[nxt])[:following],
                    outs[(index + 1) % 2],
                )
            chunk, tag = sealed
            digest.update(chunk)
            digest.update(tag)
            dst.write(chunk)
            dst.write(tag)
            written += len(chunk) + TAG_LEN
            plain += n
            if last:
                return digest.hexdigest(), written, plain
            index, current, n = index + 1, nxt, following
            following, last = after, after == 0
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def parse_header(header: bytes, object_id: str) -> tuple[int, bytes, bytes]:
    """Check a stream header; return (frame_size, salt, nonce_prefix)."""
    if len(header) < HEADER_LEN:
        raise TruncatedStream(object_id, 0)
    magic, frame_size, salt, prefix = _HEADER.unpack(header[:HEADER_LEN])
    if magic != MAGIC or not 16 <= frame_size <= MAX_FRAME_SIZE:
        raise MalformedStream("stream", object_id, "unknown header")
    return frame_size, salt, prefix


def decrypt_stream(
    content_key: bytes, aad: bytes, src: Readable, object_id: str
) -> Iterator[memoryview]:
    """Yield the plaintext of ``src`` frame by frame, each authenticated before it is given.

    The yielded view is reused for the next frame: copy or write it before asking for more.

    Raises:
        TruncatedStream: the stream stops before its final frame.
        IntegrityError: a frame was altered, moved, or does not belong to ``aad``.
    """
    header = bytearray(HEADER_LEN)
    frame_size, salt, prefix = parse_header(bytes(header[: _fill(src, header)]), object_id)
    frame_aad = bytes(header) + aad
    key = algorithms.AES256(_stream_key(content_key, salt))
    whole = frame_size + TAG_LEN
    bufs = (bytearray(whole), bytearray(whole))
    out = bytearray(whole + 15)
    current, n = 0, _fill(src, bufs[0])
    index = 0
    while True:
        nxt = 1 - current
        following = _fill(src, bufs[nxt]) if n == whole else 0
        at_end = following == 0
        if n < TAG_LEN:
            raise TruncatedStream(object_id, index)
        body = memoryview(bufs[current])[: n - TAG_LEN]
        tag = bytes(bufs[current][n - TAG_LEN : n])
        size = _open_frame(key, prefix, index, at_end, frame_aad, body, tag, out)
        if size is None:
            if at_end and _open_frame(key, prefix, index, False, frame_aad, body, tag, out):
                raise TruncatedStream(object_id, index + 1)
            raise IntegrityError("frame", object_id, f"frame {index} fails authentication")
        yield memoryview(out)[:size]
        if at_end:
            return
        index += 1
        current, n = nxt, following


def _open_frame(
    key: algorithms.AES256,
    prefix: bytes,
    index: int,
    last: bool,
    frame_aad: bytes,
    body: memoryview,
    tag: bytes,
    out: bytearray,
) -> int | None:
    dec = Cipher(key, modes.GCM(_nonce(prefix, index, last), tag)).decryptor()
    dec.authenticate_additional_data(frame_aad)
    size = dec.update_into(body, out)
    try:
        dec.finalize()
    except InvalidTag:
        return None
    return size
