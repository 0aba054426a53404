"""Local changes as operations, made against what the station has seen.

Each function adds one operation to the outbox in the caller's write transaction (commit it
with the change it stands for). Patches carry the field versions of the station's shadow
copy (:mod:`kiosk.sync.shadow`): the server then tells a real concurrent edit (another
station changed *that* field since) from a plain update, and keeps the loser of a race in a
conflict record instead of dropping it. A transition carries the state the station showed
when the person asked for it (its view: the shadow plus its own pending operations).

Values are sealed by the caller (the vault's keys); nothing here sees plaintext.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy.orm import Session

from kiosk.domain.aid_requests import (
    AID_REQUEST_MACHINE,
    CorrectionReason,
    RequestEvent,
    RequestState,
)
from kiosk.sync import shadow
from kiosk.sync.outbox import OpDraft, OutboxRow, enqueue
from kiosk.sync.protocol.ops import OpType
from kiosk.sync.protocol.state import EntityKind


def _seen(
    session: Session, kind: EntityKind, entity_id: str, names: Sequence[str]
) -> tuple[int, dict[str, int]]:
    current = shadow.entity(session, kind, entity_id)
    if current is None:
        return 0, {}
    fields = current.state.fields
    return current.version, {name: fields[name].version for name in names if name in fields}


def patch_beneficiary(
    session: Session, beneficiary_id: str, fields: Mapping[str, str]
) -> OutboxRow:
    """``beneficiary.patch`` with sealed ``fields`` (creates the beneficiary if new)."""
    version, seen = _seen(session, EntityKind.BENEFICIARY, beneficiary_id, list(fields))
    payload = {"fields": dict(fields), "field_versions": seen}
    return enqueue(
        session, OpDraft(OpType.BENEFICIARY_PATCH.value, beneficiary_id, payload, version)
    )


def create_request(
    session: Session, request_id: str, beneficiary_id: str, fields: Mapping[str, str]
) -> OutboxRow:
    """``ar.create``: a new request in ``brouillon``."""
    payload = {"beneficiary_id": beneficiary_id, "fields": dict(fields)}
    return enqueue(session, OpDraft(OpType.AR_CREATE.value, request_id, payload))


def patch_request(session: Session, request_id: str, fields: Mapping[str, str]) -> OutboxRow:
    """``ar.patch`` with sealed ``fields``."""
    version, seen = _seen(session, EntityKind.AID_REQUEST, request_id, list(fields))
    payload = {"fields": dict(fields), "field_versions": seen}
    return enqueue(session, OpDraft(OpType.AR_PATCH.value, request_id, payload, version))


def request_state(session: Session, request_id: str) -> RequestState:
    """The state the station shows for a request (its view)."""
    current = shadow.view(session, EntityKind.AID_REQUEST, request_id)
    if current is None:
        return AID_REQUEST_MACHINE.initial
    return RequestState(str(current.state.meta.get("state", AID_REQUEST_MACHINE.initial)))


def transition_request(
    session: Session,
    request_id: str,
    event: RequestEvent,
    reason: CorrectionReason | None = None,
) -> OutboxRow:
    """``ar.transition`` from the state the station shows."""
    current = shadow.view(session, EntityKind.AID_REQUEST, request_id)
    payload: dict[str, object] = {
        "event": event.value,
        "from_state": request_state(session, request_id).value,
    }
    if reason is not None:
        payload["reason"] = reason.value
    version = 0 if current is None else current.version
    return enqueue(session, OpDraft(OpType.AR_TRANSITION.value, request_id, payload, version))


def resolve_correction(session: Session, request_id: str) -> OutboxRow:
    """``ar.correction.resolve``: the correction asked for is done."""
    return enqueue(session, OpDraft(OpType.AR_CORRECTION_RESOLVE.value, request_id, {}))


def add_note(session: Session, request_id: str, note_id: str, body: str) -> OutboxRow:
    """``ar.note.add``: an append-only sealed note."""
    payload = {"note_id": note_id, "body": body}
    return enqueue(session, OpDraft(OpType.AR_NOTE_ADD.value, request_id, payload))


def attach_document(
    session: Session,
    document_id: str,
    *,
    beneficiary_id: str,
    blob: str,
    size: int,
    level: int,
    revision: int,
    meta: str,
    wrapped_keys: Sequence[str] = (),
) -> OutboxRow:
    """``doc.attach``: a document revision; the worker uploads ``blob`` before pushing it."""
    payload = {
        "beneficiary_id": beneficiary_id,
        "blob": blob,
        "size": size,
        "level": level,
        "revision": revision,
        "meta": meta,
        "wrapped_keys": list(wrapped_keys),
    }
    return enqueue(session, OpDraft(OpType.DOC_ATTACH.value, document_id, payload))


def append_audit(
    session: Session, record_id: str, record: str, beneficiary_id: str | None = None
) -> OutboxRow:
    """``audit.append``: one sealed journal record."""
    payload: dict[str, object] = {"record": record}
    if beneficiary_id is not None:
        payload["beneficiary_id"] = beneficiary_id
    return enqueue(session, OpDraft(OpType.AUDIT_APPEND.value, record_id, payload))
