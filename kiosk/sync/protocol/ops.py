"""Operations a station pushes, and what the server answers for each.

A station numbers its operations ``seq = 1, 2, 3...`` without gaps, for ever (they sit in its
outbox, committed with the local change). ``POST /v1/sync/push`` sends a batch of contiguous
seqs; the server applies each exactly once:

- ``seq <= applied_seq``: already done; the stored result comes back with ``replayed``.
  The same seq with another ``op_id`` means the station was restored from an old backup:
  409 ``device_regressed`` (re-enrol). Same ``op_id`` with another content: 422 ``op_mismatch``.
- ``seq == applied_seq + 1``: applied now, its result stored for ever.
- a batch starting after ``applied_seq + 1``: 409 ``seq_gap`` with ``expected_seq``; nothing
  is applied.

Each operation ends as exactly one of ``applied`` (``code="noop"`` when it changed nothing,
e.g. a transition another station already made), ``merged`` (applied, with conflict records
listed in ``conflict_ids``) or ``rejected`` (``code`` says why; it never blocks the operations
after it). ``retry_later`` is not an end: the seq is not consumed, and the operations after it
in the batch come back ``retry_later`` with ``code="blocked"`` (e.g. ``doc.attach`` before its
blob's upload is finished).

The payload of each ``op_type`` is validated by the server; a malformed payload is a
``rejected`` operation (``invalid_payload``), not a failed batch.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kiosk.domain.aid_requests import CorrectionReason, RequestEvent, RequestState
from kiosk.sync.protocol.state import EntityKind
from kiosk.sync.protocol.values import FieldName, Id, Sealed, Sha256Hex

MAX_BATCH = 1000


class OpType(StrEnum):
    """The operations of protocol version 1."""

    BENEFICIARY_PATCH = "beneficiary.patch"
    AR_CREATE = "ar.create"
    AR_PATCH = "ar.patch"
    AR_TRANSITION = "ar.transition"
    AR_NOTE_ADD = "ar.note.add"
    AR_CORRECTION_RESOLVE = "ar.correction.resolve"
    DOC_ATTACH = "doc.attach"
    AUDIT_APPEND = "audit.append"


class OpStatus(StrEnum):
    """How an operation ended (or, for ``retry_later``, did not yet)."""

    APPLIED = "applied"
    MERGED = "merged"
    REJECTED = "rejected"
    RETRY_LATER = "retry_later"


class OpCode(StrEnum):
    """Why: a rejection's reason, ``noop`` for an applied no-op, or a retry's reason."""

    NOOP = "noop"
    # rejected
    UNKNOWN_OP_TYPE = "unknown_op_type"
    INVALID_PAYLOAD = "invalid_payload"
    UNKNOWN_FIELD = "unknown_field"
    VERSION_AHEAD = "version_ahead"  # claims a field version the server never had
    FORBIDDEN = "forbidden"  # another structure's entity
    NOT_FOUND = "not_found"
    ALREADY_EXISTS = "already_exists"
    STALE_REVISION = "stale_revision"
    OP_ID_REUSED = "op_id_reused"
    ILLEGAL_TRANSITION = "illegal_transition"
    NOT_EDITABLE = "not_editable"
    CORRECTION_PENDING = "correction_pending"
    NO_PENDING_CORRECTION = "no_pending_correction"
    REASON_REQUIRED = "reason_required"
    REASON_UNEXPECTED = "reason_unexpected"
    # retry_later
    BLOB_MISSING = "blob_missing"
    BLOCKED = "blocked"


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BeneficiaryPatch(_Payload):
    """``beneficiary.patch`` (creates the beneficiary if new).

    Attributes:
        fields: sealed values by field name.
        field_versions: for each field sent, the version the station last saw (0: none).
    """

    fields: dict[FieldName, Sealed] = Field(min_length=1)
    field_versions: dict[FieldName, int] = Field(default_factory=dict)


class AidRequestCreate(_Payload):
    """``ar.create``: a new request, in ``brouillon``."""

    beneficiary_id: Id
    fields: dict[FieldName, Sealed] = Field(default_factory=dict)


class AidRequestPatch(_Payload):
    """``ar.patch``: sealed field changes (see ``merge.REQUEST_FIELDS``)."""

    fields: dict[FieldName, Sealed] = Field(min_length=1)
    field_versions: dict[FieldName, int] = Field(default_factory=dict)


class AidRequestTransition(_Payload):
    """``ar.transition``.

    Attributes:
        event: the transition asked.
        from_state: the state the station saw when it was asked.
        reason: required for ``demander_correction``, refused otherwise.
    """

    event: RequestEvent
    from_state: RequestState
    reason: CorrectionReason | None = None


class NoteAdd(_Payload):
    """``ar.note.add``: an append-only note (allowed in every state)."""

    note_id: Id
    body: Sealed


class CorrectionResolve(_Payload):
    """``ar.correction.resolve``: the pending correction is done."""


class DocAttach(_Payload):
    """``doc.attach``: a document revision whose blob is already uploaded and verified.

    Attributes:
        beneficiary_id: whose vault.
        blob: SHA-256 of the ciphertext (uploaded first, else ``retry_later``).
        size: its size in bytes.
        level: sensitivity level 1-3.
        revision: grows with each new content of the document.
        meta: the sealed document metadata.
        wrapped_keys: sealed key stanzas (HPKE) for the document's recipients.
    """

    beneficiary_id: Id
    blob: Sha256Hex
    size: int = Field(ge=0)
    level: int = Field(ge=1, le=3)
    revision: int = Field(ge=1)
    meta: Sealed
    wrapped_keys: list[Sealed] = Field(default_factory=list, max_length=64)


class AuditAppend(_Payload):
    """``audit.append``: one sealed journal record (append-only)."""

    beneficiary_id: Id | None = None
    record: Sealed


PAYLOADS: dict[OpType, type[BaseModel]] = {
    OpType.BENEFICIARY_PATCH: BeneficiaryPatch,
    OpType.AR_CREATE: AidRequestCreate,
    OpType.AR_PATCH: AidRequestPatch,
    OpType.AR_TRANSITION: AidRequestTransition,
    OpType.AR_NOTE_ADD: NoteAdd,
    OpType.AR_CORRECTION_RESOLVE: CorrectionResolve,
    OpType.DOC_ATTACH: DocAttach,
    OpType.AUDIT_APPEND: AuditAppend,
}

ENTITY_OF: dict[OpType, EntityKind] = {
    OpType.BENEFICIARY_PATCH: EntityKind.BENEFICIARY,
    OpType.AR_CREATE: EntityKind.AID_REQUEST,
    OpType.AR_PATCH: EntityKind.AID_REQUEST,
    OpType.AR_TRANSITION: EntityKind.AID_REQUEST,
    OpType.AR_NOTE_ADD: EntityKind.AID_REQUEST,
    OpType.AR_CORRECTION_RESOLVE: EntityKind.AID_REQUEST,
    OpType.DOC_ATTACH: EntityKind.DOCUMENT,
    OpType.AUDIT_APPEND: EntityKind.AUDIT,
}


class Operation(BaseModel):
    """One operation of the outbox.

    Attributes:
        op_id: random id (UUIDv7 advised), unique per station.
        seq: the station's contiguous sequence number, from 1.
        op_type: see :class:`OpType` (an unknown type is rejected, not a batch error).
        entity_id: the entity it acts on (client-chosen for new entities).
        base_version: the entity version the station saw (0: none).
        hlc: the station's stamp (clamped by the server if ahead of it).
        payload: the op type's payload (see :data:`PAYLOADS`).
    """

    model_config = ConfigDict(extra="forbid")

    op_id: Id
    seq: int = Field(ge=1)
    op_type: str = Field(min_length=1, max_length=40)
    entity_id: Id
    base_version: int = Field(default=0, ge=0)
    hlc: int = Field(ge=0, le=(1 << 63) - 1)
    payload: dict[str, Any] = Field(default_factory=dict)


class OpResult(BaseModel):
    """The outcome of one operation.

    Attributes:
        op_id: the operation.
        seq: its seq.
        status: see :class:`OpStatus`.
        code: see :class:`OpCode` (None for a plain ``applied`` or ``merged``).
        version: the entity's version after the operation (None if rejected).
        conflict_ids: the conflict records made (``merged`` only); they are pulled like
            any entity, of kind ``conflict``.
        replayed: True when this is the stored result of an earlier delivery.
        detail: English detail for logs.
    """

    op_id: Id
    seq: int
    status: OpStatus
    code: OpCode | None = None
    version: int | None = None
    conflict_ids: list[str] = Field(default_factory=list)
    replayed: bool = False
    detail: str | None = None


class PushRequest(BaseModel):
    """``POST /v1/sync/push``: contiguous operations, oldest first."""

    model_config = ConfigDict(extra="forbid")

    ops: list[Operation] = Field(min_length=1, max_length=MAX_BATCH)


class PushResponse(BaseModel):
    """The per-operation results, in the order sent.

    Attributes:
        results: one per operation sent.
        applied_seq: the station's last applied seq after this batch.
        server_hlc: merge it into the station's clock.
    """

    results: list[OpResult]
    applied_seq: int
    server_hlc: int
