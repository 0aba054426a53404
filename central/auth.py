"""Signed requests: the FastAPI dependency that identifies the calling station.

Checks, cheapest first: the five headers, the clock window, the station (known, not revoked),
the ECDSA signature, the nonce (recorded, refused if seen), then the body against its signed
hash. The body is read here, within the platform's size limit, and handed to the route.

The station, signature and nonce are checked in a worker thread *while* the body arrives
(hashed piece by piece as it comes), so a chunk upload does not wait for the database before
its bytes are read. The answer is the same as if everything ran in that order: a refusal of
the station, signature or nonce comes first (the body read is abandoned as soon as it is
known), then a body too large or cut short, then a body that does not match its hash.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import Request
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from central.models import Nonce, Station
from central.platform import Platform
from central.problems import ProblemError
from kiosk.sync.protocol.blobs import CHUNK_CHECKSUM_STATUS
from kiosk.sync.protocol.problems import ProblemCode
from kiosk.sync.protocol.signing import (
    HEADER_CONTENT_SHA256,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_STATION,
    HEADER_TIMESTAMP,
    NONCE_PATTERN,
    SHA256_PATTERN,
    SIGNED_HEADERS,
    SignedRequest,
    decode_public_key,
    request_target,
    verify_signature,
)

_NONCE_PURGE_MS = 60_000


@dataclass(frozen=True, slots=True)
class Caller:
    """The authenticated station of a request.

    Attributes:
        station_id: the station.
        structure_id: its structure: all it may push, pull, upload and download.
        body: the request body, checked against its signed hash.
    """

    station_id: str
    structure_id: str
    body: bytes


def platform_of(request: Request) -> Platform:
    """The platform the application was built with."""
    platform: Platform = request.app.state.platform
    return platform


@functools.lru_cache(maxsize=4096)
def _parsed_key(text: str) -> ec.EllipticCurvePublicKey:
    return decode_public_key(text)


class _Gate:
    """Station, signature and nonce, checked in one short transaction.

    The nonce rows (kept for the skew window, shared by every server process) are committed
    without waiting for the disk: a power cut could forget the last seconds of nonces, and
    every write of the protocol is idempotent, so a replay then changes nothing.
    """

    def __init__(self) -> None:
        self._last_purge = 0

    def check(self, platform: Platform, signed: SignedRequest, signature: str) -> str:
        """The station's structure; raises the matching problem otherwise."""
        now = platform.now_ms()
        window_ms = platform.settings.clock_skew_seconds * 1000
        try:
            with platform.db.transaction(durable=False) as session:
                station = session.get(Station, signed.station_id)
                if station is None:
                    raise _unauthorised(ProblemCode.STATION_UNKNOWN, "no such station")
                if station.revoked_at is not None:
                    raise _unauthorised(ProblemCode.STATION_REVOKED, "station revoked")
                key = _parsed_key(station.public_key)
                if not verify_signature(key, signed.message(), signature):
                    raise _unauthorised(ProblemCode.SIGNATURE_INVALID, "signature does not verify")
                if now - self._last_purge > _NONCE_PURGE_MS:
                    self._last_purge = now
                    session.execute(delete(Nonce).where(Nonce.expires_at < now))
                expires = signed.timestamp * 1000 + window_ms
                session.add(Nonce(station_id=station.id, nonce=signed.nonce, expires_at=expires))
                session.flush()
                return station.structure_id
        except IntegrityError:
            raise _unauthorised(ProblemCode.REPLAYED, "nonce already used") from None


_GATE = _Gate()


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refused (413) beyond ``limit`` bytes."""
    body, _ = await _read_body(request, limit, None)
    return body


async def _read_body(
    request: Request, limit: int, digest: hashlib._Hash | None
) -> tuple[bytes, str | None]:
    """The body (413 beyond ``limit``, 400 if cut short) and, with ``digest``, its SHA-256.

    Each piece is hashed as it arrives: a piece is at most what the server read from the
    socket at once, so the event loop is held for a fraction of a millisecond at a time
    (and ``hashlib`` lets other threads run meanwhile).
    """
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ProblemError(413, ProblemCode.PAYLOAD_TOO_LARGE, f"more than {limit} bytes")
    pieces: list[bytes] = []
    total = 0
    try:
        async for piece in request.stream():
            total += len(piece)
            if total > limit:
                raise ProblemError(413, ProblemCode.PAYLOAD_TOO_LARGE, f"more than {limit} bytes")
            if digest is not None:
                digest.update(piece)
            pieces.append(piece)
    except ClientDisconnect:
        raise ProblemError(400, ProblemCode.BAD_REQUEST, "body cut short") from None
    body = pieces[0] if len(pieces) == 1 else b"".join(pieces)
    return body, None if digest is None else digest.hexdigest()


def _retrieve(task: asyncio.Future[Any]) -> None:
    """Mark a side task's outcome as seen (it is re-raised where it matters)."""
    if not task.cancelled():
        task.exception()


def _unauthorised(code: ProblemCode, detail: str, skew: int | None = None) -> ProblemError:
    return ProblemError(401, code, detail, server_time=int(time.time()), skew_seconds=skew)


def _parse(request: Request, skew_seconds: int) -> tuple[SignedRequest, str]:
    headers = request.headers
    missing = [name for name in SIGNED_HEADERS if not headers.get(name)]
    if missing:
        raise _unauthorised(ProblemCode.SIGNATURE_MISSING, "missing " + ", ".join(missing))
    stamp = headers[HEADER_TIMESTAMP]
    nonce = headers[HEADER_NONCE]
    declared = headers[HEADER_CONTENT_SHA256].lower()
    if not stamp.lstrip("-").isdigit() or not NONCE_PATTERN.match(nonce):
        raise _unauthorised(ProblemCode.SIGNATURE_INVALID, "bad timestamp or nonce")
    if not SHA256_PATTERN.match(declared):
        raise _unauthorised(ProblemCode.SIGNATURE_INVALID, "bad content hash header")
    timestamp = int(stamp)
    skew = timestamp - int(time.time())
    if abs(skew) > skew_seconds:
        raise _unauthorised(ProblemCode.CLOCK_SKEW, f"station clock off by {skew} s", skew)
    scope = request.scope
    target = request_target(
        scope.get("raw_path", scope["path"].encode()).decode("latin-1"),
        scope.get("query_string", b"").decode("latin-1"),
    )
    station_id = headers[HEADER_STATION]
    signed = SignedRequest(station_id, request.method, target, declared, timestamp, nonce)
    return signed, headers[HEADER_SIGNATURE]


def signed(*, chunk: bool = False) -> Callable[[Request], Awaitable[Caller]]:
    """The dependency for a signed route.

    Args:
        chunk: the body is an upload chunk: a body that does not match its signed hash is a
            damaged chunk (status 460, ``chunk_checksum_mismatch``), not a forged request.
    """

    async def dependency(request: Request) -> Caller:
        platform = platform_of(request)
        settings = platform.settings
        request_signed, signature = _parse(request, settings.clock_skew_seconds)
        gate = asyncio.ensure_future(
            run_in_threadpool(_GATE.check, platform, request_signed, signature)
        )
        reader = asyncio.ensure_future(
            _read_body(request, settings.max_body_bytes, hashlib.sha256())
        )
        for task in (gate, reader):
            task.add_done_callback(_retrieve)
        try:
            await asyncio.wait((gate, reader), return_when=asyncio.FIRST_EXCEPTION)
            structure_id = await gate  # a refused station, signature or nonce comes first
            body, digest = await reader
        finally:
            reader.cancel()  # nothing if it is done; stops reading after a refusal
        if digest != request_signed.body_sha256:
            if chunk:
                raise ProblemError(
                    CHUNK_CHECKSUM_STATUS, ProblemCode.CHUNK_CHECKSUM_MISMATCH, "chunk damaged"
                )
            raise _unauthorised(ProblemCode.BODY_HASH_MISMATCH, "body differs from its hash")
        return Caller(request_signed.station_id, structure_id, body)

    return dependency


SIGNED = signed()
SIGNED_CHUNK = signed(chunk=True)
