"""Messages to institutions and their answers, relayed through the platform.

A message is stored as an entity of kind ``message`` (so the station pulls its status) plus
a row of the delivery outbox, in one transaction. Delivery (a log line in development) runs
after the commit and moves the status to ``delivered``; an undelivered message is picked up
again by the next relay call of its structure. An institution's answer becomes an entity of
kind ``answer`` and moves the message to ``answered``.
"""

from __future__ import annotations

import hashlib
import secrets

from pydantic import JsonValue
from sqlalchemy import select

from central.auth import Caller
from central.db import CentralDatabase
from central.models import OutboxMessage
from central.platform import Platform
from central.problems import ProblemError
from central.scope import ScopeWriter
from kiosk.sync.protocol.hlc import wall_ms
from kiosk.sync.protocol.problems import ProblemCode
from kiosk.sync.protocol.relay import MessageReceipt, MessageSend, MessageStatus
from kiosk.sync.protocol.state import EntityKind, EntityState, FieldValue

PLATFORM_STATION = "platform"  # the "station" of values the platform itself writes


def _digest(message: MessageSend) -> str:
    return hashlib.sha256(message.model_dump_json().encode("utf-8")).hexdigest()


def send_message(platform: Platform, caller: Caller, message: MessageSend) -> MessageReceipt:
    """Accept a message for delivery (idempotent on its id).

    Raises:
        ProblemError: 409 ``idempotency_conflict`` if the id was used for another message.
    """
    now = platform.now_ms()
    digest = _digest(message)
    with platform.db.transaction() as session:
        writer = ScopeWriter(session, caller.structure_id, now)
        existing = session.get(OutboxMessage, message.message_id)
        if existing is not None:
            if existing.structure_id != caller.structure_id or existing.digest != digest:
                raise ProblemError(
                    409,
                    ProblemCode.IDEMPOTENCY_CONFLICT,
                    f"message {message.message_id} exists with another content",
                )
            entity = writer.get(EntityKind.MESSAGE, message.message_id)
            status = "queued" if entity is None else str(entity.state.meta["status"])
            return MessageReceipt(
                message_id=message.message_id,
                status=MessageStatus(status),
                accepted_at_ms=existing.created_at,
            )
        if writer.get(EntityKind.MESSAGE, message.message_id) is not None:
            raise ProblemError(409, ProblemCode.IDEMPOTENCY_CONFLICT, "message id taken")
        session.add(
            OutboxMessage(
                id=message.message_id,
                structure_id=caller.structure_id,
                station_id=caller.station_id,
                institution=message.institution,
                digest=digest,
                created_at=now,
            )
        )
        hlc = platform.clock.now()
        meta: dict[str, JsonValue] = {
            "institution": message.institution,
            "request_id": message.request_id,
            "beneficiary_id": message.beneficiary_id,
            "status": MessageStatus.QUEUED.value,
        }
        body = FieldValue(value=message.body, version=1, hlc=hlc, station=caller.station_id)
        writer.put(
            EntityKind.MESSAGE, message.message_id, 1, EntityState(meta=meta, fields={"body": body})
        )
        writer.flush()
    deliver_pending(platform, caller.structure_id)
    return MessageReceipt(
        message_id=message.message_id, status=MessageStatus.QUEUED, accepted_at_ms=now
    )


def deliver_pending(platform: Platform, structure_id: str, limit: int = 100) -> int:
    """Deliver the structure's queued messages; how many were delivered."""
    now = platform.now_ms()
    with platform.db.transaction() as session:
        writer = ScopeWriter(session, structure_id, now)
        statement = select(OutboxMessage).where(
            OutboxMessage.structure_id == structure_id, OutboxMessage.delivered_at.is_(None)
        )
        rows = list(
            session.execute(statement.order_by(OutboxMessage.created_at).limit(limit)).scalars()
        )
        for row in rows:
            entity = writer.get(EntityKind.MESSAGE, row.id)
            if entity is None:  # pragma: no cover - written together
                continue
            platform.sender.deliver_message(
                row.id, row.institution, entity.state.fields["body"].value, entity.state.meta
            )
            row.delivered_at = now
            if entity.state.meta.get("status") == MessageStatus.QUEUED.value:
                meta = {**entity.state.meta, "status": MessageStatus.DELIVERED.value}
                writer.put(
                    EntityKind.MESSAGE,
                    row.id,
                    entity.version + 1,
                    entity.state.model_copy(update={"meta": meta}),
                )
        writer.flush()
    return len(rows)


def record_answer(
    db: CentralDatabase, message_id: str, institution: str, body: str, answer_id: str | None = None
) -> str:
    """Record an institution's sealed answer to a message; returns the answer's id.

    Raises:
        LookupError: no such message.
    """
    now = wall_ms()
    with db.transaction() as session:
        row = session.get(OutboxMessage, message_id)
        if row is None:
            raise LookupError(message_id)
        writer = ScopeWriter(session, row.structure_id, now)
        message = writer.get(EntityKind.MESSAGE, message_id)
        if message is None:  # pragma: no cover - written together
            raise LookupError(message_id)
        identifier = answer_id or secrets.token_hex(16)
        value = FieldValue(value=body, version=1, hlc=now << 16, station=PLATFORM_STATION)
        meta: dict[str, JsonValue] = {"message_id": message_id, "institution": institution}
        writer.put(EntityKind.ANSWER, identifier, 1, EntityState(meta=meta, fields={"body": value}))
        updated = {**message.state.meta, "status": MessageStatus.ANSWERED.value}
        writer.put(
            EntityKind.MESSAGE,
            message_id,
            message.version + 1,
            message.state.model_copy(update={"meta": updated}),
        )
        writer.flush()
    return identifier
