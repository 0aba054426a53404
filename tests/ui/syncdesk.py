"""A station database with its sync tables, and its history made through the real modules.

Operations go through ``outbox.enqueue``; the platform's answers through
``outbox.record_result`` (as the worker stores them); conflict records through
``shadow.apply_changes`` (as a pull stores them). The worker's client points at a port
nobody listens on, so the worker finds no network, truly.
"""

from __future__ import annotations

import json
import os
import random
import uuid
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.cli_sync import ensure_sync_tables
from kiosk.sync import outbox, shadow
from kiosk.sync.client import SyncClient
from kiosk.sync.protocol.hlc import pack, physical_ms
from kiosk.sync.protocol.ops import OpCode, OpResult, OpStatus
from kiosk.sync.protocol.pull import Change
from kiosk.sync.protocol.state import ConflictReason, EntityKind, EntityState, FieldValue
from kiosk.sync.protocol.values import seal_text
from kiosk.sync.worker import Backoff, SyncWorker
from kiosk.vault.db import Database

CLOSED = "http://127.0.0.1:9"  # the discard port: nobody answers there
HERE = "st_here"
OTHER = "st_other"


def station_db(directory: Path) -> Database:
    """The vault's database, migrated, with the sync tables."""
    directory.mkdir(parents=True, exist_ok=True)
    db = Database(directory / "vault.sqlite3")
    db.migrate()
    ensure_sync_tables(db)
    return db


def offline_worker(db: Database, station_id: str = HERE) -> SyncWorker:
    """A real worker whose platform cannot be reached."""
    client = SyncClient(CLOSED, ec.generate_private_key(ec.SECP256R1()), station_id, timeout=5)
    return SyncWorker(
        db,
        client,
        shadow.apply_changes,
        backoff=Backoff(base=60, cap=60),
        idle_interval=60,
        rng=random.Random(1),
    )


def sealed() -> str:
    return seal_text(os.urandom(32))


def enqueue(db: Database, count: int, op_type: str = "ar.note.add") -> list[outbox.OutboxRow]:
    """Operations made on this station, waiting for the platform."""
    rows = []
    with db.transaction() as session:
        for _ in range(count):
            payload = {"note_id": uuid.uuid4().hex, "body": sealed()}
            rows.append(outbox.enqueue(session, outbox.OpDraft(op_type, uuid.uuid4().hex, payload)))
    return rows


def refuse(db: Database, op_type: str, code: OpCode) -> outbox.OutboxRow:
    """An operation the platform refused."""
    with db.transaction() as session:
        row = outbox.enqueue(session, outbox.OpDraft(op_type, uuid.uuid4().hex, {}))
        result = OpResult(op_id=row.op_id, seq=row.seq, status=OpStatus.REJECTED, code=code)
        outbox.record_result(session, result)
    return row


def merge_with_conflict(
    db: Database,
    field: str = "adresse",
    reason: ConflictReason = ConflictReason.CONCURRENT_EDIT,
    later_ms: int = 60_000,
    pulled: bool = True,
) -> tuple[outbox.OutboxRow, int]:
    """A ``beneficiary.patch`` merged with a conflict: another station's value, typed
    ``later_ms`` after this one's, is kept. Returns the operation and the winner's stamp."""
    conflict_id = uuid.uuid4().hex
    with db.transaction() as session:
        payload = {"fields": {field: sealed()}, "field_versions": {field: 1}}
        row = outbox.enqueue(session, outbox.OpDraft("beneficiary.patch", "b-1", payload, 1))
        result = OpResult(
            op_id=row.op_id,
            seq=row.seq,
            status=OpStatus.MERGED,
            version=3,
            conflict_ids=[conflict_id],
        )
        outbox.record_result(session, result)
        ours = int(json.loads(row.op_json)["hlc"])
        theirs = pack(physical_ms(ours) + later_ms)
        state = EntityState(
            meta={
                "entity_kind": "beneficiary",
                "entity_id": "b-1",
                "field": field,
                "reason": reason.value,
                "op_id": row.op_id,
            },
            fields={
                "winner": FieldValue(value=sealed(), version=2, hlc=theirs, station=OTHER),
                "loser": FieldValue(value=sealed(), version=3, hlc=ours, station=HERE),
            },
        )
        if pulled:
            change = Change(kind=EntityKind.CONFLICT, id=conflict_id, seq=1, version=1, state=state)
            shadow.apply_changes(session, [change])
    return row, theirs
