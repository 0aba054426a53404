"""The station's outbox, sync state and "à traiter" list, in the station's SQLite file.

Every local change commits with its operation: the caller opens its own write transaction
(``Database.transaction()``, which begins ``IMMEDIATE``), makes its change, and calls
:func:`enqueue` with the same session. The operation gets the next per-station ``seq``
(contiguous from 1, for ever) and an HLC stamp, and its JSON is stored as it will be sent,
byte for byte, every time (a retry must send the same op).

Nothing is ever dropped: an operation leaves ``pending`` only with the server's result, and a
``rejected`` or ``merged`` result also lands in :class:`TodoItem` ("à traiter") until a person
has looked at it.

These tables (and the shadow copy's, :mod:`kiosk.sync.shadow`) have their own metadata
(:data:`metadata`) and their own Alembic chain (``kiosk/sync/migrations``, version table
``sync_alembic_version``) in the station's database, beside the vault's: each package owns
its schema. :func:`create_tables` migrates them at start.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Integer, String, Text, func, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from kiosk.sync.protocol.hlc import MAX_STAMP, pack, wall_ms
from kiosk.sync.protocol.ops import OpResult, OpStatus
from kiosk.sync.protocol.pull import START_CURSOR

# sync_state keys
NEXT_SEQ = "next_seq"
PULL_CURSOR = "pull_cursor"
HLC_HWM = "hlc_hwm"
CLOCK_OFFSET = "clock_offset"


class SyncBase(DeclarativeBase):
    """Declarative base of the sync tables."""


metadata = SyncBase.metadata


class OutboxState(StrEnum):
    """Where an operation stands on this station."""

    PENDING = "pending"  # not yet answered (or ``retry_later``)
    DONE = "done"  # the server's result is stored


class TodoKind(StrEnum):
    """Why an item is "à traiter"."""

    REJECTED = "rejected"  # the server refused the operation (``code`` says why)
    MERGED = "merged"  # applied with conflicts (``conflict_ids``)


class OutboxRow(SyncBase):
    """One operation, from its commit to its result."""

    __tablename__ = "sync_outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    op_id: Mapped[str] = mapped_column(String(64), unique=True)
    op_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    op_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), index=True, default=OutboxState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    result_status: Mapped[str | None] = mapped_column(String(16))
    result_code: Mapped[str | None] = mapped_column(String(40))
    result_json: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[str | None] = mapped_column(String(32))


class SyncStateRow(SyncBase):
    """Small named values: next seq, pull cursor, HLC high-water mark, clock offset."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class TodoItem(SyncBase):
    """An operation a person must look at ("à traiter"): rejected, or merged with conflicts."""

    __tablename__ = "sync_todo"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    seq: Mapped[int] = mapped_column(Integer, index=True)
    op_id: Mapped[str] = mapped_column(String(64))
    op_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    code: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(Text)
    conflict_ids: Mapped[str] = mapped_column(Text, default="[]")
    created_at: Mapped[str] = mapped_column(String(32))
    resolved_at: Mapped[str | None] = mapped_column(String(32), index=True)


class UploadedBlob(SyncBase):
    """A blob the platform has verified (its ``doc.attach`` may be pushed)."""

    __tablename__ = "sync_uploaded"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    done_at: Mapped[str] = mapped_column(String(32))


VERSION_TABLE = "sync_alembic_version"
MIGRATIONS = Path(__file__).with_name("migrations")
HEAD_REVISION = "s0001"
"""The newest sync migration (a test keeps it equal to Alembic's head); Alembic, slow to
import, is loaded only when the file is behind it."""


def schema_version(engine: Engine) -> str | None:
    """The sync chain's revision in this database (None before the first migration)."""
    with engine.connect() as connection:
        try:
            query = text(f"SELECT version_num FROM {VERSION_TABLE}")  # noqa: S608 - a constant
            row = connection.execute(query).first()
        except Exception:
            return None
    return None if row is None else str(row[0])


def create_tables(engine: Engine) -> None:
    """Make or migrate the sync tables (idempotent; run at every start)."""
    if schema_version(engine) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def now_iso() -> str:
    """The current UTC time, ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


# --- sync_state ----------------------------------------------------------------------------


def get_state(session: Session, key: str, default: str) -> str:
    """A sync_state value."""
    row = session.get(SyncStateRow, key)
    return default if row is None else row.value


def set_state(session: Session, key: str, value: str) -> None:
    """Set a sync_state value (in the caller's transaction)."""
    row = session.get(SyncStateRow, key)
    if row is None:
        session.add(SyncStateRow(key=key, value=value))
    else:
        row.value = value


def pull_cursor(session: Session) -> str:
    """The cursor after the last page stored."""
    return get_state(session, PULL_CURSOR, START_CURSOR)


def next_hlc(session: Session) -> int:
    """A new HLC stamp: after every stamp seen, and at least the corrected wall clock."""
    offset_ms = int(get_state(session, CLOCK_OFFSET, "0")) * 1000
    stamp = max(int(get_state(session, HLC_HWM, "0")) + 1, pack(wall_ms() + offset_ms))
    stamp = min(stamp, MAX_STAMP)
    set_state(session, HLC_HWM, str(stamp))
    return stamp


def observe_hlc(session: Session, stamp: int) -> None:
    """Merge a server stamp into the high-water mark."""
    if stamp > int(get_state(session, HLC_HWM, "0")):
        set_state(session, HLC_HWM, str(min(stamp, MAX_STAMP)))


# --- enqueue -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OpDraft:
    """An operation before it has a seq (see ``kiosk.sync.protocol.ops``).

    Attributes:
        op_type: one of ``ops.OpType`` (the server rejects the others, never silently).
        entity_id: the entity it acts on.
        payload: the op type's payload, as JSON-ready values.
        base_version: the entity version the station saw.
    """

    op_type: str
    entity_id: str
    payload: dict[str, Any] = field(default_factory=dict)
    base_version: int = 0


def enqueue(session: Session, op: OpDraft) -> OutboxRow:
    """Add ``op`` to the outbox in the caller's transaction (commit it with the change).

    The caller's transaction must be a write one (``BEGIN IMMEDIATE``) so two writers never
    draw the same seq.
    """
    seq = int(get_state(session, NEXT_SEQ, "1"))
    set_state(session, NEXT_SEQ, str(seq + 1))
    document = {
        "op_id": uuid.uuid4().hex,
        "seq": seq,
        "op_type": op.op_type,
        "entity_id": op.entity_id,
        "base_version": op.base_version,
        "hlc": next_hlc(session),
        "payload": op.payload,
    }
    row = OutboxRow(
        seq=seq,
        op_id=document["op_id"],
        op_type=op.op_type,
        entity_id=op.entity_id,
        op_json=json.dumps(document, separators=(",", ":"), sort_keys=True),
        created_at=now_iso(),
        state=OutboxState.PENDING,
        attempts=0,
    )
    session.add(row)
    session.flush()
    return row


def blobs_to_upload(session: Session) -> list[str]:
    """The blobs named by pending ``doc.attach`` operations and not yet uploaded, by seq."""
    rows = session.scalars(
        select(OutboxRow)
        .where(OutboxRow.state == OutboxState.PENDING, OutboxRow.op_type == "doc.attach")
        .order_by(OutboxRow.seq)
    )
    done = set(session.scalars(select(UploadedBlob.sha256)))
    wanted: list[str] = []
    for row in rows:
        sha256 = json.loads(row.op_json).get("payload", {}).get("blob")
        if isinstance(sha256, str) and sha256 not in done and sha256 not in wanted:
            wanted.append(sha256)
    return wanted


def mark_uploaded(session: Session, sha256: str) -> None:
    """Remember that the platform holds ``sha256`` (verified)."""
    if session.get(UploadedBlob, sha256) is None:
        session.add(UploadedBlob(sha256=sha256, done_at=now_iso()))


def forget_upload(session: Session, row: OutboxRow) -> None:
    """The platform says the blob of this ``doc.attach`` is missing: upload it again."""
    sha256 = json.loads(row.op_json).get("payload", {}).get("blob")
    uploaded = session.get(UploadedBlob, sha256) if isinstance(sha256, str) else None
    if uploaded is not None:
        session.delete(uploaded)


# --- results ---------------------------------------------------------------------------------


def pending(session: Session, limit: int) -> list[OutboxRow]:
    """The oldest operations without a result, in seq order."""
    query = (
        select(OutboxRow)
        .where(OutboxRow.state == OutboxState.PENDING)
        .order_by(OutboxRow.seq)
        .limit(limit)
    )
    return list(session.scalars(query))


def rows_between(session: Session, first: int, last: int) -> list[OutboxRow]:
    """The outbox rows of seqs ``first`` to ``last``, in one query."""
    query = select(OutboxRow).where(OutboxRow.seq.between(first, last)).order_by(OutboxRow.seq)
    return list(session.scalars(query))


def reopen_from(session: Session, seq: int) -> int:
    """Mark the operations from ``seq`` pending again (the server lost them); how many."""
    rows = session.scalars(select(OutboxRow).where(OutboxRow.seq >= seq)).all()
    count = 0
    for row in rows:
        if row.state != OutboxState.PENDING:
            row.state = OutboxState.PENDING
            count += 1
    return count


def record_result(session: Session, result: OpResult) -> OutboxRow | None:
    """Store the server's result of one operation; an "à traiter" item if a person must see
    it. ``retry_later`` leaves the operation pending. The row, or None if unknown here."""
    row = session.get(OutboxRow, result.seq)
    if row is None or row.op_id != result.op_id:
        return None
    row.attempts += 1
    if result.status == OpStatus.RETRY_LATER:
        return row
    already_done = row.state == OutboxState.DONE
    row.state = OutboxState.DONE
    row.result_status = result.status.value
    row.result_code = None if result.code is None else result.code.value
    row.result_json = result.model_dump_json()
    row.done_at = now_iso()
    if already_done:
        return row
    if result.status == OpStatus.REJECTED or (
        result.status == OpStatus.MERGED and result.conflict_ids
    ):
        kind = TodoKind.REJECTED if result.status == OpStatus.REJECTED else TodoKind.MERGED
        session.add(
            TodoItem(
                kind=kind,
                seq=row.seq,
                op_id=row.op_id,
                op_type=row.op_type,
                entity_id=row.entity_id,
                code=row.result_code,
                detail=result.detail,
                conflict_ids=json.dumps(result.conflict_ids),
                created_at=now_iso(),
                resolved_at=None,
            )
        )
    return row


def open_todo(session: Session) -> list[TodoItem]:
    """The "à traiter" items nobody has resolved yet, oldest first."""
    query = select(TodoItem).where(TodoItem.resolved_at.is_(None)).order_by(TodoItem.id)
    return list(session.scalars(query))


def resolve_todo(session: Session, item_id: int) -> None:
    """Mark an "à traiter" item as looked at (it stays in the table)."""
    item = session.get(TodoItem, item_id)
    if item is not None and item.resolved_at is None:
        item.resolved_at = now_iso()


@dataclass(frozen=True, slots=True)
class OutboxCounts:
    """How many operations wait, and how many items are "à traiter"."""

    pending: int
    done: int
    todo_rejected: int
    todo_merged: int
    oldest_pending_at: str | None


def counts(session: Session) -> OutboxCounts:
    """Counts for the status line."""
    by_state: dict[str, int] = {
        state: count
        for state, count in session.execute(
            select(OutboxRow.state, func.count()).group_by(OutboxRow.state)
        ).all()
    }
    by_kind: dict[str, int] = {
        kind: count
        for kind, count in session.execute(
            select(TodoItem.kind, func.count())
            .where(TodoItem.resolved_at.is_(None))
            .group_by(TodoItem.kind)
        ).all()
    }
    oldest = session.scalar(
        select(func.min(OutboxRow.created_at)).where(OutboxRow.state == OutboxState.PENDING)
    )
    return OutboxCounts(
        pending=by_state.get(OutboxState.PENDING.value, 0),
        done=by_state.get(OutboxState.DONE.value, 0),
        todo_rejected=by_kind.get(TodoKind.REJECTED.value, 0),
        todo_merged=by_kind.get(TodoKind.MERGED.value, 0),
        oldest_pending_at=oldest,
    )
