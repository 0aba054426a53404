"""Errors on the wire: RFC 9457 ``application/problem+json`` with a stable ``code``.

The station decides what to do (retry, re-enrol, show a message, resync) from ``code`` and
the HTTP status only; ``title`` and ``detail`` are English text for logs. Extension members
carry what the station needs to act: ``expected_seq`` after a gap, ``server_time`` after a
clock error, ``offset`` after an upload offset mismatch.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:kiosk:problem:"


class ProblemCode(StrEnum):
    """Every error code the platform answers with (never renamed; new ones may be added)."""

    # The request itself
    BAD_REQUEST = "bad_request"  # malformed JSON or schema; ``errors`` lists where
    NOT_FOUND = "not_found"  # no such route or object (or not visible to this station)
    METHOD_NOT_ALLOWED = "method_not_allowed"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    INTERNAL = "internal_error"  # a bug or an outage on our side: retry later

    # Signatures (401)
    SIGNATURE_MISSING = "signature_missing"
    SIGNATURE_INVALID = "signature_invalid"
    BODY_HASH_MISMATCH = "body_hash_mismatch"  # the body is not the one signed
    STATION_UNKNOWN = "station_unknown"  # never enrolled here (or the server was reset)
    STATION_REVOKED = "station_revoked"
    CLOCK_SKEW = "clock_skew"  # ``server_time`` and ``skew_seconds`` say by how much
    REPLAYED = "replayed"  # this nonce was already used

    # Enrolment
    ENROL_CODE_INVALID = "enrol_code_invalid"
    ENROL_CODE_USED = "enrol_code_used"
    ENROL_CODE_EXPIRED = "enrol_code_expired"
    KEY_INVALID = "key_invalid"  # not a P-256 public key
    PROOF_INVALID = "proof_invalid"  # the station does not hold the key it presents

    # Authorisation
    FORBIDDEN = "forbidden"  # another structure's data

    # Push (409 / 422)
    SEQ_GAP = "seq_gap"  # ``expected_seq`` is the next one the server wants
    DEVICE_REGRESSED = "device_regressed"  # a seq already used with another op: re-enrol
    OP_MISMATCH = "op_mismatch"  # same op id and seq, different content
    BATCH_INVALID = "batch_invalid"  # seqs not contiguous and increasing

    # Pull
    CURSOR_INVALID = "cursor_invalid"  # unreadable or not this structure's: pull from ""
    CURSOR_AHEAD = "cursor_ahead"  # the server is behind the cursor (restored): pull from ""

    # Blobs
    UPLOAD_UNKNOWN = "upload_unknown"
    UPLOAD_OFFSET_MISMATCH = "upload_offset_mismatch"  # ``offset`` is the server's
    UPLOAD_TOO_LONG = "upload_too_long"  # more bytes than announced
    CHUNK_CHECKSUM_MISMATCH = "chunk_checksum_mismatch"  # chunk dropped, offset unchanged
    BLOB_HASH_MISMATCH = "blob_hash_mismatch"  # the whole upload is discarded
    BLOB_NOT_FOUND = "blob_not_found"
    RANGE_NOT_SATISFIABLE = "range_not_satisfiable"

    # Relay
    IDEMPOTENCY_CONFLICT = "idempotency_conflict"  # same id reused for another content
    CONFIRMATION_UNKNOWN = "confirmation_unknown"
    CONFIRMATION_EXPIRED = "confirmation_expired"
    CONFIRMATION_LOCKED = "confirmation_locked"  # too many wrong codes


class Problem(BaseModel):
    """An error answer. Members left at ``None`` are omitted on the wire.

    Attributes:
        type: ``urn:kiosk:problem:<code>``.
        title: short English summary of the code.
        status: the HTTP status, repeated.
        code: the stable code the station acts on.
        detail: English explanation of this occurrence, for logs.
        expected_seq: after ``seq_gap``: the seq the server expects next.
        server_time: after ``clock_skew`` (and in every signature error): the server's Unix time.
        skew_seconds: after ``clock_skew``: station time minus server time.
        offset: after ``upload_offset_mismatch``: where the upload stands.
        errors: after ``bad_request``: where the request is malformed.
    """

    model_config = ConfigDict(extra="forbid")

    type: str
    title: str
    status: int
    code: ProblemCode
    detail: str | None = None
    expected_seq: int | None = None
    server_time: int | None = None
    skew_seconds: int | None = None
    offset: int | None = None
    errors: list[str] | None = None


def problem_type(code: ProblemCode) -> str:
    """The ``type`` URI of a code."""
    return PROBLEM_TYPE_PREFIX + code.value
