"""The merge rules: how one operation changes one entity. Pure: no I/O, no clock.

The server calls :func:`merge` for each operation, in seq order, on the entity's current
state (it has already checked that the station's structure owns the entity, that a referenced
beneficiary exists and that a document's blob is verified). A station may call the same
functions to predict what its pending operations will do to its shadow copy.

Rules (SYNC.md 3.3, on the Démarches Simplifiées states of :mod:`kiosk.domain.aid_requests`):

- A field is a conflict only if another station changed *that* field since the station saw
  it (``field_versions``). Then the higher ``(hlc, station)`` wins and the loser is kept in a
  conflict record. Identical values are not a conflict. A station's operations are applied in
  its own seq order, so its later value of a field replaces its own earlier one (made offline,
  the later operation could not know the version the earlier one would get).
- A beneficiary's identity fields (name, given names, birth date, NIR) never merge
  automatically: a concurrent change is kept as a conflict and the current value stays.
- An aid request's *annotation* fields change in every state. Its *substantive* fields change
  only in ``brouillon``/``en_construction``; an edit made before the station saw the request
  leave those states is kept as a proposed amendment (and a conflict record), one made after
  is rejected (``not_editable``).
- A transition made from a state the request has already left is a no-op if the request is
  where it would have taken it; otherwise it is re-checked from the current state: applied
  if legal, else rejected (``illegal_transition``). The correction guard of the domain holds.
- Notes, audit records and document revisions are append-only; the same id with the same
  content is a no-op, with another content ``already_exists`` / ``stale_revision``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, JsonValue

from kiosk.domain.aid_requests import (
    AID_REQUEST_MACHINE,
    EDITABLE_STATES,
    RequestEvent,
    RequestState,
)
from kiosk.sync.protocol.ops import (
    AidRequestCreate,
    AidRequestPatch,
    AidRequestTransition,
    AuditAppend,
    BeneficiaryPatch,
    CorrectionResolve,
    DocAttach,
    NoteAdd,
    OpCode,
    OpStatus,
    OpType,
)
from kiosk.sync.protocol.state import ConflictReason, EntityState, FieldValue

IDENTITY_FIELDS = frozenset({"family_name", "given_names", "birth_date", "nir"})
REQUEST_SUBSTANTIVE = frozenset({"aid", "form", "amount", "household", "resources"})
REQUEST_ANNOTATION = frozenset({"contact", "pieces", "comment"})
REQUEST_FIELDS = REQUEST_SUBSTANTIVE | REQUEST_ANNOTATION


@dataclass(frozen=True, slots=True)
class Versioned:
    """An entity as stored: its version and its state."""

    version: int
    state: EntityState


@dataclass(frozen=True, slots=True)
class Context:
    """Who made the operation, when, and against what.

    Attributes:
        station: the station id.
        hlc: the operation's stamp, already clamped by the server.
        op_id: the operation.
        base_version: the entity version the station saw.
    """

    station: str
    hlc: int
    op_id: str
    base_version: int


@dataclass(frozen=True, slots=True)
class Conflict:
    """A value that did not win, kept for people to see.

    Attributes:
        field: the field's name.
        reason: why.
        winner: the value in place (None if there was none).
        loser: the value not applied.
    """

    field: str
    reason: ConflictReason
    winner: FieldValue | None
    loser: FieldValue


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one operation does.

    Attributes:
        status: ``applied``, ``merged`` or ``rejected``.
        code: the reason, or ``noop``.
        state: the entity's new state; None when it does not change.
        conflicts: conflict records to make (``merged``).
        detail: English detail for logs.
    """

    status: OpStatus
    code: OpCode | None = None
    state: EntityState | None = None
    conflicts: tuple[Conflict, ...] = ()
    detail: str | None = None


def rejected(code: OpCode, detail: str | None = None) -> Outcome:
    """A rejection."""
    return Outcome(OpStatus.REJECTED, code, detail=detail)


NOOP = Outcome(OpStatus.APPLIED, OpCode.NOOP)


def _changed(state: EntityState, conflicts: list[Conflict]) -> Outcome:
    status = OpStatus.MERGED if conflicts else OpStatus.APPLIED
    return Outcome(status, state=state, conflicts=tuple(conflicts))


def _value(ctx: Context, version: int, value: str) -> FieldValue:
    return FieldValue(value=value, version=version, hlc=ctx.hlc, station=ctx.station)


def merge_fields(
    current: Mapping[str, FieldValue],
    patch: Mapping[str, str],
    seen: Mapping[str, int],
    ctx: Context,
    version: int,
    protected: frozenset[str] = frozenset(),
) -> tuple[dict[str, FieldValue], list[Conflict]] | OpCode:
    """Apply sealed field values made against the field versions ``seen``.

    Returns:
        The new fields and the conflicts, or ``VERSION_AHEAD`` if ``seen`` names a field
        version the server never had.
    """
    fields = dict(current)
    conflicts: list[Conflict] = []
    for name, value in patch.items():
        proposed = _value(ctx, version, value)
        existing = current.get(name)
        have = 0 if existing is None else existing.version
        saw = seen.get(name, 0)
        if saw > have:
            return OpCode.VERSION_AHEAD
        if existing is None or saw == have or existing.station == ctx.station:
            fields[name] = proposed  # unseen, or the station's own earlier value
        elif existing.value == value:
            continue
        elif name in protected:
            conflicts.append(Conflict(name, ConflictReason.IDENTITY_FIELD, existing, proposed))
        elif (ctx.hlc, ctx.station) > (existing.hlc, existing.station):
            fields[name] = proposed
            conflicts.append(Conflict(name, ConflictReason.CONCURRENT_EDIT, proposed, existing))
        else:
            conflicts.append(Conflict(name, ConflictReason.CONCURRENT_EDIT, existing, proposed))
    return fields, conflicts


def patch_beneficiary(current: Versioned | None, op: BeneficiaryPatch, ctx: Context) -> Outcome:
    """``beneficiary.patch``: per-field merge; identity fields never merge automatically."""
    base = current.state if current else EntityState()
    version = (current.version if current else 0) + 1
    merged = merge_fields(base.fields, op.fields, op.field_versions, ctx, version, IDENTITY_FIELDS)
    if isinstance(merged, OpCode):
        return rejected(merged)
    fields, conflicts = merged
    if current is not None and fields == base.fields:
        return Outcome(OpStatus.MERGED, conflicts=tuple(conflicts)) if conflicts else NOOP
    return _changed(base.model_copy(update={"fields": fields}), conflicts)


def create_request(current: Versioned | None, op: AidRequestCreate, ctx: Context) -> Outcome:
    """``ar.create``: a new request in ``brouillon``."""
    if current is not None:
        return rejected(OpCode.ALREADY_EXISTS)
    unknown = set(op.fields) - REQUEST_FIELDS
    if unknown:
        return rejected(OpCode.UNKNOWN_FIELD, ", ".join(sorted(unknown)))
    meta: dict[str, JsonValue] = {
        "beneficiary_id": op.beneficiary_id,
        "state": AID_REQUEST_MACHINE.initial.value,
        "state_version": 1,
        "correction_pending": False,
        "history": [],
        "corrections": [],
    }
    fields = {name: _value(ctx, 1, value) for name, value in op.fields.items()}
    return _changed(EntityState(meta=meta, fields=fields), [])


def _request_state(state: EntityState) -> RequestState:
    return RequestState(str(state.meta["state"]))


def _int_meta(state: EntityState, key: str) -> int:
    value = state.meta.get(key)
    return value if isinstance(value, int) else 0


def patch_request(current: Versioned | None, op: AidRequestPatch, ctx: Context) -> Outcome:
    """``ar.patch``: annotations always; substantive fields while editable, else amendments."""
    if current is None:
        return rejected(OpCode.NOT_FOUND)
    unknown = set(op.fields) - REQUEST_FIELDS
    if unknown:
        return rejected(OpCode.UNKNOWN_FIELD, ", ".join(sorted(unknown)))
    base = current.state
    version = current.version + 1
    patch = dict(op.fields)
    amendments = dict(base.amendments)
    conflicts: list[Conflict] = []
    state = _request_state(base)
    substantive = {name: v for name, v in patch.items() if name in REQUEST_SUBSTANTIVE}
    if substantive and state not in EDITABLE_STATES:
        if ctx.base_version >= _int_meta(base, "state_version"):
            return rejected(OpCode.NOT_EDITABLE, f"substantive fields in {state.value}")
        for name, value in substantive.items():
            proposed = _value(ctx, version, value)
            amendments[name] = proposed
            reason = ConflictReason.AMENDMENT_PROPOSED
            conflicts.append(Conflict(name, reason, base.fields.get(name), proposed))
            del patch[name]
    merged = merge_fields(base.fields, patch, op.field_versions, ctx, version)
    if isinstance(merged, OpCode):
        return rejected(merged)
    fields, field_conflicts = merged
    conflicts.extend(field_conflicts)
    if fields == base.fields and amendments == base.amendments:
        return Outcome(OpStatus.MERGED, conflicts=tuple(conflicts)) if conflicts else NOOP
    return _changed(base.model_copy(update={"fields": fields, "amendments": amendments}), conflicts)


def _guard(state: EntityState, op: AidRequestTransition, current: RequestState) -> Outcome | None:
    if not AID_REQUEST_MACHINE.can(current, op.event):
        detail = f"{op.event.value} not allowed in {current.value}"
        return rejected(OpCode.ILLEGAL_TRANSITION, detail)
    asks = op.event is RequestEvent.DEMANDER_CORRECTION
    if asks and op.reason is None:
        return rejected(OpCode.REASON_REQUIRED)
    if not asks and op.reason is not None:
        return rejected(OpCode.REASON_UNEXPECTED)
    if op.event is RequestEvent.PASSER_EN_INSTRUCTION and state.meta.get("correction_pending"):
        return rejected(OpCode.CORRECTION_PENDING)
    return None


def _list_meta(state: EntityState, key: str) -> list[JsonValue]:
    value = state.meta.get(key)
    return list(value) if isinstance(value, list) else []


def transition_request(
    current: Versioned | None, op: AidRequestTransition, ctx: Context
) -> Outcome:
    """``ar.transition``: the state machine, re-checked when the request moved meanwhile."""
    if current is None:
        return rejected(OpCode.NOT_FOUND)
    base = current.state
    state = _request_state(base)
    moved = state is not op.from_state
    if moved and AID_REQUEST_MACHINE.transitions.get((op.from_state, op.event)) is state:
        return NOOP
    refused = _guard(base, op, state)
    if refused is not None:
        return refused
    target = AID_REQUEST_MACHINE.apply(state, op.event)
    version = current.version + 1
    meta = dict(base.meta)
    step: dict[str, JsonValue] = {
        "event": op.event.value,
        "source": state.value,
        "target": target.value,
        "hlc": ctx.hlc,
        "station": ctx.station,
    }
    meta["history"] = [*_list_meta(base, "history"), step]
    meta["state"] = target.value
    meta["state_version"] = version
    if op.reason is not None:
        correction: dict[str, JsonValue] = {
            "reason": op.reason.value,
            "hlc": ctx.hlc,
            "station": ctx.station,
            "resolved_hlc": None,
        }
        meta["corrections"] = [*_list_meta(base, "corrections"), correction]
        meta["correction_pending"] = True
    return _changed(base.model_copy(update={"meta": meta}), [])


def resolve_correction(current: Versioned | None, op: CorrectionResolve, ctx: Context) -> Outcome:
    """``ar.correction.resolve``: marks the pending correction done."""
    del op
    if current is None:
        return rejected(OpCode.NOT_FOUND)
    base = current.state
    if not base.meta.get("correction_pending"):
        return rejected(OpCode.NO_PENDING_CORRECTION)
    corrections = _list_meta(base, "corrections")
    last = corrections[-1]
    if isinstance(last, dict):
        corrections[-1] = {**last, "resolved_hlc": ctx.hlc}
    meta = {**base.meta, "corrections": corrections, "correction_pending": False}
    return _changed(base.model_copy(update={"meta": meta}), [])


def add_note(current: Versioned | None, op: NoteAdd, ctx: Context) -> Outcome:
    """``ar.note.add``: append-only, in every state."""
    if current is None:
        return rejected(OpCode.NOT_FOUND)
    base = current.state
    existing = base.notes.get(op.note_id)
    if existing is not None:
        return NOOP if existing.value == op.body else rejected(OpCode.ALREADY_EXISTS)
    notes = {**base.notes, op.note_id: _value(ctx, current.version + 1, op.body)}
    return _changed(base.model_copy(update={"notes": notes}), [])


def attach_document(current: Versioned | None, op: DocAttach, ctx: Context) -> Outcome:
    """``doc.attach``: a new document, or a newer revision of one."""
    version = (current.version if current else 0) + 1
    if current is not None:
        meta = current.state.meta
        if meta.get("beneficiary_id") != op.beneficiary_id:
            return rejected(OpCode.INVALID_PAYLOAD, "a document cannot change beneficiary")
        revision = _int_meta(current.state, "revision")
        if op.revision == revision and meta.get("blob") == op.blob:
            return NOOP
        if op.revision <= revision:
            return rejected(OpCode.STALE_REVISION, f"revision {revision} is current")
    state = EntityState(
        meta={
            "beneficiary_id": op.beneficiary_id,
            "blob": op.blob,
            "size": op.size,
            "level": op.level,
            "revision": op.revision,
            "wrapped_keys": list(op.wrapped_keys),
        },
        fields={"meta": _value(ctx, version, op.meta)},
    )
    return _changed(state, [])


def append_audit(current: Versioned | None, op: AuditAppend, ctx: Context) -> Outcome:
    """``audit.append``: append-only."""
    if current is not None:
        same = current.state.fields.get("record")
        if same is not None and same.value == op.record:
            return NOOP
        return rejected(OpCode.ALREADY_EXISTS)
    state = EntityState(
        meta={"beneficiary_id": op.beneficiary_id},
        fields={"record": _value(ctx, 1, op.record)},
    )
    return _changed(state, [])


_Rule = Callable[[Versioned | None, Any, Context], Outcome]

RULES: dict[OpType, _Rule] = {
    OpType.BENEFICIARY_PATCH: patch_beneficiary,
    OpType.AR_CREATE: create_request,
    OpType.AR_PATCH: patch_request,
    OpType.AR_TRANSITION: transition_request,
    OpType.AR_NOTE_ADD: add_note,
    OpType.AR_CORRECTION_RESOLVE: resolve_correction,
    OpType.DOC_ATTACH: attach_document,
    OpType.AUDIT_APPEND: append_audit,
}


def merge(op_type: OpType, current: Versioned | None, payload: BaseModel, ctx: Context) -> Outcome:
    """The outcome of one operation (its payload already validated for ``op_type``)."""
    return RULES[op_type](current, payload, ctx)
