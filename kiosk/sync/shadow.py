"""The station's copy of the platform's state ("shadow"), and its local view.

Each pulled change replaces the entity's row here, in the transaction that also stores the
next pull cursor (:class:`~kiosk.sync.worker.SyncWorker` calls :func:`apply_changes` that
way), so a crash between the two can never skip a change (cf. pouchdb#1240).

The shadow is what the server has said. What the station shows is the *view*: the shadow
with the station's own pending operations replayed on it by the same merge rules the
server applies (:func:`view`), so a request filed offline shows as filed, and a value typed
offline shows at once. When the server answers, the pending operation leaves the outbox
and the next pull brings the same result into the shadow.

Convergence, the property the fault tests check: once nothing is pending, every station's
:func:`digest` equals the server's projection of the structure.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from pydantic import BaseModel, ValidationError
from sqlalchemy import Boolean, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from kiosk.sync.outbox import OutboxRow, OutboxState, SyncBase
from kiosk.sync.protocol.merge import Context, Versioned, merge
from kiosk.sync.protocol.ops import ENTITY_OF, PAYLOADS, OpStatus, OpType
from kiosk.sync.protocol.pull import Change
from kiosk.sync.protocol.state import ConflictReason, EntityKind, EntityState, FieldValue

LOCAL_STATION = "local"
"""The station id the view stamps on values not yet answered by the server."""


class ShadowRow(SyncBase):
    """One entity as the platform last sent it."""

    __tablename__ = "sync_shadow"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(Text)


def state_json(state: EntityState) -> str:
    """The canonical JSON of a state (sorted keys, no spaces): what digests are taken of."""
    return json.dumps(state.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))


def apply_changes(session: Session, changes: list[Change]) -> None:
    """Store one pull page (the worker's ``apply``). A change older than the row's is
    ignored: a pull that starts again from the beginning never moves an entity back."""
    for change in changes:
        row = session.get(ShadowRow, (change.kind.value, change.id))
        text = state_json(change.state)
        if row is None:
            session.add(
                ShadowRow(
                    kind=change.kind.value,
                    id=change.id,
                    version=change.version,
                    seq=change.seq,
                    deleted=change.deleted,
                    state=text,
                )
            )
        elif change.seq >= row.seq:
            row.version, row.seq, row.deleted, row.state = (
                change.version,
                change.seq,
                change.deleted,
                text,
            )


def entity(session: Session, kind: EntityKind, entity_id: str) -> Versioned | None:
    """The shadow copy of one entity (None if never pulled, or deleted)."""
    row = session.get(ShadowRow, (kind.value, entity_id))
    if row is None or row.deleted:
        return None
    return Versioned(row.version, EntityState.model_validate_json(row.state))


def entities(session: Session, kind: EntityKind) -> dict[str, Versioned]:
    """Every live shadow entity of a kind, by id."""
    rows = session.scalars(
        select(ShadowRow).where(ShadowRow.kind == kind.value, ShadowRow.deleted.is_(False))
    )
    return {
        row.id: Versioned(row.version, EntityState.model_validate_json(row.state)) for row in rows
    }


def view(session: Session, kind: EntityKind, entity_id: str) -> Versioned | None:
    """The entity as this station shows it: the shadow, then the station's pending
    operations on it, in seq order, by the server's merge rules (a pending operation the
    rules would reject changes nothing here; the server's answer will say why)."""
    current = entity(session, kind, entity_id)
    rows = session.scalars(
        select(OutboxRow)
        .where(OutboxRow.state == OutboxState.PENDING, OutboxRow.entity_id == entity_id)
        .order_by(OutboxRow.seq)
    )
    for row in rows:
        try:
            op_type = OpType(row.op_type)
        except ValueError:
            continue
        if ENTITY_OF[op_type] != kind:
            continue
        document = json.loads(row.op_json)
        payload = _payload(op_type, document["payload"])
        if payload is None:
            continue
        ctx = Context(LOCAL_STATION, int(document["hlc"]), row.op_id, row.seq)
        outcome = merge(op_type, current, payload, ctx)
        if outcome.status in (OpStatus.APPLIED, OpStatus.MERGED) and outcome.state is not None:
            version = (current.version if current is not None else 0) + 1
            current = Versioned(version, outcome.state)
    return current


def _payload(op_type: OpType, payload: object) -> BaseModel | None:
    try:
        return PAYLOADS[op_type].model_validate(payload)
    except ValidationError:
        return None


@dataclass(frozen=True, slots=True)
class ConflictView:
    """A conflict record as the "À traiter" list shows it: nothing was dropped.

    Attributes:
        id: the record's id.
        entity_kind: what the conflict is on.
        entity_id: which one.
        field: the field.
        reason: why it was not merged automatically.
        winner: the value in place (None if there was none), with its station and stamp.
        loser: the value not applied, with its station and stamp.
    """

    id: str
    entity_kind: str
    entity_id: str
    field: str
    reason: ConflictReason
    winner: FieldValue | None
    loser: FieldValue


def conflicts(session: Session) -> list[ConflictView]:
    """Every conflict record the platform has sent, oldest first."""
    result = []
    rows = session.scalars(
        select(ShadowRow)
        .where(ShadowRow.kind == EntityKind.CONFLICT.value, ShadowRow.deleted.is_(False))
        .order_by(ShadowRow.seq)
    )
    for row in rows:
        state = EntityState.model_validate_json(row.state)
        loser = state.fields.get("loser")
        if loser is None:
            continue
        result.append(
            ConflictView(
                id=row.id,
                entity_kind=str(state.meta.get("entity_kind", "")),
                entity_id=str(state.meta.get("entity_id", "")),
                field=str(state.meta.get("field", "")),
                reason=ConflictReason(str(state.meta.get("reason"))),
                winner=state.fields.get("winner"),
                loser=loser,
            )
        )
    return result


def digest(session: Session) -> dict[tuple[str, str], tuple[int, str]]:
    """(kind, id) -> (version, SHA-256 of the canonical state) of every live entity."""
    return {
        (row.kind, row.id): (row.version, hashlib.sha256(row.state.encode()).hexdigest())
        for row in session.scalars(select(ShadowRow).where(ShadowRow.deleted.is_(False)))
    }
