"""Pull: the caller's structure's entities changed since its cursor, in commit order."""

from __future__ import annotations

from sqlalchemy import select

from central.auth import Caller
from central.models import Entity, Structure
from central.platform import Platform
from central.problems import ProblemError
from kiosk.sync.protocol.problems import ProblemCode
from kiosk.sync.protocol.pull import Change, PullResponse, decode_cursor, encode_cursor
from kiosk.sync.protocol.state import EntityKind, EntityState


def _position(caller: Caller, cursor: str) -> int:
    try:
        positions = decode_cursor(cursor)
    except ValueError as error:
        raise ProblemError(409, ProblemCode.CURSOR_INVALID, str(error)) from None
    if set(positions) - {caller.structure_id}:
        raise ProblemError(409, ProblemCode.CURSOR_INVALID, "cursor of another structure")
    return positions.get(caller.structure_id, 0)


def pull(platform: Platform, caller: Caller, cursor: str, limit: int) -> PullResponse:
    """One page of changes after ``cursor`` (at most ``limit``).

    Raises:
        ProblemError: 409 ``cursor_invalid`` or ``cursor_ahead``: pull again from ``""``.
    """
    after = _position(caller, cursor)
    structure = caller.structure_id
    with platform.db.reading() as session:
        head = session.execute(select(Structure.seq).where(Structure.id == structure)).scalar()
        if head is None or after > head:
            raise ProblemError(409, ProblemCode.CURSOR_AHEAD, f"cursor {after} > head {head}")
        statement = (
            select(Entity.kind, Entity.id, Entity.seq, Entity.version, Entity.deleted, Entity.state)
            .where(Entity.structure_id == structure, Entity.seq > after)
            .order_by(Entity.seq)
            .limit(limit + 1)
        )
        rows = session.execute(statement).all()
    has_more = len(rows) > limit
    changes = [
        Change(
            kind=EntityKind(kind),
            id=entity_id,
            seq=seq,
            version=version,
            deleted=deleted,
            state=EntityState.model_validate_json(state),
        )
        for kind, entity_id, seq, version, deleted, state in rows[:limit]
    ]
    last = changes[-1].seq if changes else after
    return PullResponse(
        changes=changes,
        next_cursor=encode_cursor({structure: last}),
        has_more=has_more,
        server_hlc=platform.clock.now(),
    )
