"""Push: a batch of a station's operations, each applied exactly once.

One transaction per batch, under the structure's lock. Operations already applied
(``seq <= applied_seq``) get their stored result back; new ones are decided in memory, in
seq order, by the merge rules, and everything is written in bulk at the end: the changed
entities (with their commit sequence numbers), the results, the station's ``applied_seq``.
A rejected operation writes nothing but its result, so no savepoint is needed.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.auth import Caller
from central.db import insert_rows
from central.models import Blob, OpResultRow, Station
from central.platform import Platform
from central.problems import ProblemError
from central.scope import Key, ScopeWriter
from kiosk.sync.protocol.hlc import physical_ms
from kiosk.sync.protocol.merge import Conflict, Context, Outcome, merge, rejected
from kiosk.sync.protocol.ops import (
    ENTITY_OF,
    PAYLOADS,
    DocAttach,
    OpCode,
    Operation,
    OpResult,
    OpStatus,
    OpType,
    PushRequest,
    PushResponse,
)
from kiosk.sync.protocol.problems import ProblemCode
from kiosk.sync.protocol.state import EntityKind, EntityState

log = logging.getLogger("central.push")


def op_digest(op: Operation) -> str:
    """SHA-256 of the operation (payload as canonical JSON): a retry must send the same op."""
    head = f"{op.op_id}\n{op.seq}\n{op.op_type}\n{op.entity_id}\n{op.base_version}\n{op.hlc}\n"
    payload = json.dumps(op.payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((head + payload).encode("utf-8")).hexdigest()


def conflict_id(station_id: str, op_id: str, field_name: str) -> str:
    """The deterministic id of the conflict record an operation makes on a field."""
    return hashlib.sha256(f"{station_id}\n{op_id}\n{field_name}".encode()).hexdigest()[:32]


@dataclass
class _Parsed:
    op: Operation
    op_type: OpType | None = None
    payload: BaseModel | None = None
    problem: Outcome | None = None
    refs: list[Key] = field(default_factory=list)


def _parse(op: Operation) -> _Parsed:
    try:
        op_type = OpType(op.op_type)
    except ValueError:
        return _Parsed(op, problem=rejected(OpCode.UNKNOWN_OP_TYPE, op.op_type))
    try:
        payload = PAYLOADS[op_type].model_validate(op.payload)
    except ValidationError as error:
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        return _Parsed(op, op_type, problem=rejected(OpCode.INVALID_PAYLOAD, detail[:500]))
    refs = [(ENTITY_OF[op_type].value, op.entity_id)]
    beneficiary = getattr(payload, "beneficiary_id", None)
    if isinstance(beneficiary, str):
        refs.append((EntityKind.BENEFICIARY.value, beneficiary))
    return _Parsed(op, op_type, payload, refs=refs)


class _Batch:
    """The new operations of one push, decided in order."""

    def __init__(self, platform: Platform, caller: Caller, writer: ScopeWriter) -> None:
        self.platform = platform
        self.caller = caller
        self.writer = writer
        self.receipt = platform.clock.now()
        self.blobs: set[str] = set()
        self.used_op_ids: set[str] = set()

    def prefetch(self, session: Session, parsed: list[_Parsed]) -> None:
        self.writer.load(key for item in parsed for key in item.refs)
        shas = {p.payload.blob for p in parsed if isinstance(p.payload, DocAttach)}
        if shas:
            statement = select(Blob.sha256).where(
                Blob.structure_id == self.caller.structure_id, Blob.sha256.in_(shas)
            )
            self.blobs = set(session.execute(statement).scalars())
        ids = [p.op.op_id for p in parsed]
        statement = select(OpResultRow.op_id).where(
            OpResultRow.station_id == self.caller.station_id, OpResultRow.op_id.in_(ids)
        )
        self.used_op_ids = set(session.execute(statement).scalars())

    def _stamp(self, op: Operation) -> int:
        if physical_ms(op.hlc) <= physical_ms(self.receipt):
            self.platform.clock.observe(op.hlc)
            return op.hlc
        ahead = physical_ms(op.hlc) - physical_ms(self.receipt)
        log.warning(
            "clock_skew: station %s op %s stamped %d ms ahead; clamped",
            self.caller.station_id,
            op.op_id,
            ahead,
        )
        return self.receipt

    def _check_refs(self, item: _Parsed) -> Outcome | None:
        structure = self.caller.structure_id
        target_kind = EntityKind(item.refs[0][0])
        target = self.writer.get(target_kind, item.op.entity_id)
        if target is not None and target.structure_id != structure:
            return rejected(OpCode.FORBIDDEN, "entity of another structure")
        for kind, entity_id in item.refs[1:]:
            ref = self.writer.get(EntityKind(kind), entity_id)
            if ref is None:
                return rejected(OpCode.NOT_FOUND, f"no {kind} {entity_id}")
            if ref.structure_id != structure:
                return rejected(OpCode.FORBIDDEN, f"{kind} of another structure")
        payload = item.payload
        if isinstance(payload, DocAttach) and payload.blob not in self.blobs:
            return Outcome(OpStatus.RETRY_LATER, OpCode.BLOB_MISSING, detail="upload it first")
        return None

    def decide(self, item: _Parsed) -> Outcome:
        op = item.op
        if item.problem is not None:
            return item.problem
        if op.op_id in self.used_op_ids:
            return rejected(OpCode.OP_ID_REUSED, "op id already used at another seq")
        refused = self._check_refs(item)
        if refused is not None:
            return refused
        if item.op_type is None or item.payload is None:  # pragma: no cover - see _parse
            raise RuntimeError("operation parsed without a type or payload")
        current = self.writer.get(ENTITY_OF[item.op_type], op.entity_id)
        ctx = Context(self.caller.station_id, self._stamp(op), op.op_id, op.base_version)
        return merge(
            item.op_type, None if current is None else current.versioned(), item.payload, ctx
        )

    def record(self, item: _Parsed, outcome: Outcome) -> OpResult:
        """Write the outcome's entity and conflict changes; the result to store."""
        op = item.op
        self.used_op_ids.add(op.op_id)
        version = None
        if outcome.status is not OpStatus.REJECTED and item.op_type is not None:
            kind = ENTITY_OF[item.op_type]
            current = self.writer.get(kind, op.entity_id)
            version = current.version if current else None
            if outcome.state is not None:
                version = (current.version if current else 0) + 1
                self.writer.put(kind, op.entity_id, version, outcome.state)
            ids = [self._conflict(kind, op, c) for c in outcome.conflicts]
        else:
            ids = []
        return OpResult(
            op_id=op.op_id,
            seq=op.seq,
            status=outcome.status,
            code=outcome.code,
            version=version,
            conflict_ids=ids,
            detail=outcome.detail,
        )

    def _conflict(self, kind: EntityKind, op: Operation, conflict: Conflict) -> str:
        identifier = conflict_id(self.caller.station_id, op.op_id, conflict.field)
        fields = {"loser": conflict.loser}
        if conflict.winner is not None:
            fields["winner"] = conflict.winner
        state = EntityState(
            meta={
                "entity_kind": kind.value,
                "entity_id": op.entity_id,
                "field": conflict.field,
                "reason": conflict.reason.value,
                "op_id": op.op_id,
            },
            fields=fields,
        )
        self.writer.put(EntityKind.CONFLICT, identifier, 1, state)
        return identifier


def _replayed(session: Session, caller: Caller, ops: list[Operation]) -> list[OpResult]:
    if not ops:
        return []
    statement = select(OpResultRow).where(
        OpResultRow.station_id == caller.station_id,
        OpResultRow.seq.between(ops[0].seq, ops[-1].seq),
    )
    rows = {row.seq: row for row in session.execute(statement).scalars()}
    results = []
    for op in ops:
        row = rows.get(op.seq)
        if row is None or row.op_id != op.op_id:
            raise ProblemError(
                409,
                ProblemCode.DEVICE_REGRESSED,
                f"seq {op.seq} was applied with another operation: re-enrol",
            )
        if row.digest != op_digest(op):
            raise ProblemError(422, ProblemCode.OP_MISMATCH, f"op {op.op_id} changed")
        stored = OpResult.model_validate_json(row.result)
        results.append(stored.model_copy(update={"replayed": True}))
    return results


def _check_shape(ops: list[Operation]) -> None:
    for before, after in itertools.pairwise(ops):
        if after.seq != before.seq + 1:
            raise ProblemError(
                422, ProblemCode.BATCH_INVALID, f"seq {after.seq} follows {before.seq}"
            )


def push(platform: Platform, caller: Caller, request: PushRequest) -> PushResponse:
    """Apply a batch (see the module's documentation)."""
    ops = request.ops
    _check_shape(ops)
    now = platform.now_ms()
    with platform.db.transaction() as session:
        writer = ScopeWriter(session, caller.structure_id, now)
        station = session.get(Station, caller.station_id)
        if station is None:  # pragma: no cover - authenticated, and never deleted
            raise ProblemError(401, ProblemCode.STATION_UNKNOWN, caller.station_id)
        applied = station.applied_seq
        if ops[0].seq > applied + 1:
            raise ProblemError(
                409, ProblemCode.SEQ_GAP, f"expected seq {applied + 1}", expected_seq=applied + 1
            )
        results = _replayed(session, caller, [op for op in ops if op.seq <= applied])
        fresh = [_parse(op) for op in ops if op.seq > applied]
        batch = _Batch(platform, caller, writer)
        batch.prefetch(session, fresh)
        rows: list[dict[str, object]] = []
        blocked = False
        for item in fresh:
            if blocked:
                results.append(
                    OpResult(
                        op_id=item.op.op_id,
                        seq=item.op.seq,
                        status=OpStatus.RETRY_LATER,
                        code=OpCode.BLOCKED,
                    )
                )
                continue
            outcome = batch.decide(item)
            if outcome.status is OpStatus.RETRY_LATER:
                blocked = True
                results.append(
                    OpResult(
                        op_id=item.op.op_id,
                        seq=item.op.seq,
                        status=outcome.status,
                        code=outcome.code,
                        detail=outcome.detail,
                    )
                )
                continue
            result = batch.record(item, outcome)
            results.append(result)
            rows.append(
                {
                    "station_id": caller.station_id,
                    "seq": item.op.seq,
                    "op_id": item.op.op_id,
                    "digest": op_digest(item.op),
                    "result": result.model_dump_json(),
                    "applied_at": now,
                }
            )
            applied = item.op.seq
        writer.flush()
        if rows:
            insert_rows(session, OpResultRow, rows)
            station.applied_seq = applied
    return PushResponse(results=results, applied_seq=applied, server_hlc=platform.clock.now())
