"""The station's signed HTTP client for the central platform (protocol version 1).

Every call after enrolment is signed with the station's P-256 key exactly as
``kiosk.sync.protocol.signing`` says, over the bytes actually sent (raw path and query, body
SHA-256). The client keeps the offset between the station's clock and the server's: it
learns it from ``GET /v1/time`` (:meth:`SyncClient.sync_clock`) or from a 401
``clock_skew`` answer, after which it signs the request again with a corrected timestamp and
retries once. A 401 ``replayed`` (a nonce seen twice) is also retried once, with a new
nonce. Every other problem becomes a typed error of :mod:`kiosk.sync.errors`.

The station key lives in a PEM file readable by its owner only; the caller chooses where
(:func:`load_or_create_key`). Nothing here touches the database or blocks on anything but
the network (call it from the sync worker's thread, never from the UI's).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pydantic import BaseModel, ValidationError

from kiosk.sync.errors import (
    ClockSkewed,
    NonceReplayed,
    ProblemError,
    TransportFailed,
    UnexpectedAnswer,
    error_for,
)
from kiosk.sync.protocol import API_PREFIX
from kiosk.sync.protocol.blobs import HEADER_UPLOAD_OFFSET, UploadCreate, UploadStatus
from kiosk.sync.protocol.ops import PushResponse
from kiosk.sync.protocol.problems import Problem, ProblemCode
from kiosk.sync.protocol.pull import DEFAULT_LIMIT, PullResponse
from kiosk.sync.protocol.signing import body_sha256, sign_enrolment, sign_request
from kiosk.sync.protocol.stations import EnrolRequest, EnrolResponse, StationInfo, TimeInfo

DEFAULT_TIMEOUT = 30.0
_M = TypeVar("_M", bound=BaseModel)
Clock = Callable[[], float]


# --- the station key ---------------------------------------------------------------------


def load_or_create_key(path: Path) -> ec.EllipticCurvePrivateKey:
    """The station's P-256 key stored at ``path`` (PEM, PKCS#8, mode 0600), made if absent.

    The file is created with ``O_EXCL`` and mode 0600 before anything is written, then
    fsynced: a crash leaves either no file or a whole one (an empty file is replaced).

    Raises:
        ValueError: the file holds something else than a P-256 private key.
    """
    if path.exists() and path.stat().st_size > 0:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(
            key.curve, ec.SECP256R1
        ):
            raise ValueError(f"{path} is not a P-256 private key")
        return key
    new_key = ec.generate_private_key(ec.SECP256R1())
    pem = new_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    temporary = path.with_name(path.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    fd = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        os.write(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, path)
    return new_key


# --- answers -------------------------------------------------------------------------------


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _problem_of(response: httpx.Response) -> ProblemError | UnexpectedAnswer:
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and "code" in body:
        known = {name: body[name] for name in Problem.model_fields if name in body}
        try:
            problem = Problem.model_validate(known)
        except ValidationError:
            pass
        else:
            return error_for(response.status_code, problem, _retry_after(response))
    if response.status_code >= 500 or response.status_code == 429:
        # a proxy's own page: treat as the platform being unavailable
        problem = Problem(
            type="about:blank",
            title="unavailable",
            status=response.status_code,
            code=ProblemCode.INTERNAL,
            detail=response.text[:200],
        )
        return error_for(response.status_code, problem, _retry_after(response))
    return UnexpectedAnswer(response.status_code, response.text[:200])


def _model(response: httpx.Response, model: type[_M]) -> _M:
    try:
        return model.model_validate_json(response.content)
    except ValidationError as error:
        raise UnexpectedAnswer(response.status_code, str(error)[:200]) from None


# --- enrolment -------------------------------------------------------------------------------


def enrol(
    base_url: str,
    code: str,
    key: ec.EllipticCurvePrivateKey,
    label: str = "",
    *,
    transport: httpx.BaseTransport | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> EnrolResponse:
    """Enrol the station's key with a one-time code (safe to repeat with the same key).

    Raises:
        EnrolmentRefused: code invalid, used or expired, or the key refused.
        TransportFailed: no answer.
    """
    public, proof = sign_enrolment(key, code)
    request = EnrolRequest(code=code, public_key=public, proof=proof, label=label)
    try:
        with httpx.Client(base_url=base_url, transport=transport, timeout=timeout) as http:
            response = http.post(
                f"{API_PREFIX}/stations/enrol",
                content=request.model_dump_json().encode(),
                headers={"Content-Type": "application/json"},
            )
    except httpx.TransportError as error:
        raise TransportFailed(f"enrolment: {error!r}") from error
    if response.status_code not in (200, 201):
        raise _problem_of(response)
    return _model(response, EnrolResponse)


# --- the signed client ------------------------------------------------------------------------


class SyncClient:
    """A station's signed calls to the platform.

    Attributes:
        station_id: the id received at enrolment.
        clock_offset: seconds to add to the station clock to get the server's (learnt).
    """

    def __init__(
        self,
        base_url: str,
        key: ec.EllipticCurvePrivateKey,
        station_id: str,
        *,
        clock_offset: int = 0,
        clock: Clock = time.time,
        transport: httpx.BaseTransport | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.station_id = station_id
        self.clock_offset = clock_offset
        self._key = key
        self._clock = clock
        self._http = httpx.Client(base_url=base_url, transport=transport, timeout=timeout)

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def server_now(self) -> int:
        """Unix seconds on the server's clock, as the station estimates it."""
        return int(self._clock()) + self.clock_offset

    # transport

    def _send(self, request: httpx.Request) -> httpx.Response:
        try:
            return self._http.send(request)
        except httpx.TransportError as error:
            raise TransportFailed(f"{request.method} {request.url.path}: {error!r}") from error

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes = b"",
        content_type: str | None = None,
        params: dict[str, Any] | None = None,
        ok: Iterable[int] = (200,),
        body_digest: str | None = None,
    ) -> httpx.Response:
        """Send one signed request; the answer if its status is in ``ok``.

        A 401 ``clock_skew`` corrects :attr:`clock_offset` and a 401 ``replayed`` draws a
        new nonce; either is retried once. ``body_digest`` is the body's SHA-256 (lower hex)
        if the caller has it already; otherwise it is computed here, once.

        Raises:
            ProblemError: (a subclass of) the platform's refusal.
            TransportFailed: no answer.
            UnexpectedAnswer: not an answer of the protocol.
        """
        accepted = set(ok)
        digest = body_sha256(body) if body_digest is None else body_digest
        for attempt in (1, 2):
            headers = {"Content-Type": content_type} if content_type else {}
            request = self._http.build_request(
                method, path, content=body, params=params, headers=headers
            )
            target = request.url.raw_path.decode("ascii")
            stamp = self.server_now()
            request.headers.update(
                sign_request(self._key, self.station_id, method, target, body, stamp, digest=digest)
            )
            response = self._send(request)
            if response.status_code in accepted:
                return response
            error = _problem_of(response)
            if attempt == 1 and isinstance(error, ClockSkewed) and error.server_time is not None:
                self.clock_offset = error.server_time - int(self._clock())
                continue
            if attempt == 1 and isinstance(error, NonceReplayed):
                continue
            raise error
        raise AssertionError("unreachable")  # pragma: no cover

    def _json(
        self, method: str, path: str, payload: BaseModel | bytes | None = None, **kwargs: Any
    ) -> httpx.Response:
        if payload is None:
            return self.request(method, path, **kwargs)
        body = payload if isinstance(payload, bytes) else payload.model_dump_json().encode()
        return self.request(method, path, body=body, content_type="application/json", **kwargs)

    # time and identity

    def sync_clock(self) -> TimeInfo:
        """Ask the server's time (unsigned) and set :attr:`clock_offset` from it."""
        before = self._clock()
        try:
            response = self._http.get(f"{API_PREFIX}/time")
        except httpx.TransportError as error:
            raise TransportFailed(f"GET /v1/time: {error!r}") from error
        after = self._clock()
        if response.status_code != 200:
            raise _problem_of(response)
        info = _model(response, TimeInfo)
        midpoint = (before + after) / 2
        self.clock_offset = round(info.server_time_ms / 1000 - midpoint)
        return info

    def me(self) -> StationInfo:
        """What the server knows of this station (``applied_seq`` among it)."""
        return _model(self.request("GET", f"{API_PREFIX}/stations/me"), StationInfo)

    # push and pull

    def push_raw(self, ops_json: list[str]) -> PushResponse:
        """Push operations given as the JSON texts stored in the outbox, byte for byte.

        Raises:
            SeqGap, DeviceRegressed, OpMismatch, BatchInvalid: see ``PROTOCOL.md``.
        """
        for text in ops_json:
            json.loads(text)  # a damaged outbox row must not become a malformed batch
        body = ('{"ops":[' + ",".join(ops_json) + "]}").encode("utf-8")
        return _model(self._json("POST", f"{API_PREFIX}/sync/push", body), PushResponse)

    def pull(self, cursor: str, limit: int = DEFAULT_LIMIT) -> PullResponse:
        """One page of changes after ``cursor``.

        Raises:
            CursorReset: pull again from ``""``.
        """
        response = self.request(
            "GET", f"{API_PREFIX}/sync/pull", params={"cursor": cursor, "limit": limit}
        )
        return _model(response, PullResponse)

    # blobs

    def create_upload(self, sha256: str, size: int) -> UploadStatus:
        """Start (or find) the upload of a blob; ``complete`` if the server has it already."""
        response = self._json(
            "POST",
            f"{API_PREFIX}/uploads",
            UploadCreate(sha256=sha256, size=size),
            ok=(200, 201),
        )
        return _model(response, UploadStatus)

    def upload_offset(self, upload_id: str) -> int:
        """Where an upload stands (``HEAD``)."""
        response = self.request("HEAD", f"{API_PREFIX}/uploads/{upload_id}")
        try:
            return int(response.headers[HEADER_UPLOAD_OFFSET])
        except (KeyError, ValueError):
            raise UnexpectedAnswer(response.status_code, "no Upload-Offset") from None

    def put_chunk(
        self, upload_id: str, offset: int, chunk: bytes, chunk_sha256: str | None = None
    ) -> UploadStatus:
        """Send one chunk at ``offset`` (its signed body hash is its checksum; pass it as
        ``chunk_sha256`` if it is known already)."""
        response = self.request(
            "PUT",
            f"{API_PREFIX}/uploads/{upload_id}",
            body=chunk,
            content_type="application/octet-stream",
            params={"offset": offset},
            body_digest=chunk_sha256,
        )
        return _model(response, UploadStatus)
