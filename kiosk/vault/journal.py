"""The audit journal: append-only, hash-chained rows in the vault database.

A row is appended in the same transaction as the change it records, so a change and its
journal row are both there or both absent. The database refuses UPDATE and DELETE on the
table (triggers); ``verify`` recomputes every hash and link, and names the first bad row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.audit import GENESIS, AuditEvent, AuditOp, ChainVerdict, verify_chain
from kiosk.domain.primitives import utc_iso
from kiosk.vault.models import AuditRow


def utc_now() -> datetime:
    """The default clock."""
    return datetime.now(UTC)


class Journal:
    """Appends and checks journal rows for one device."""

    def __init__(
        self,
        device: str,
        clock: Callable[[], datetime] = utc_now,
        on_append: Callable[[Session, AuditEvent], None] | None = None,
    ) -> None:
        self.device = device
        self._clock = clock
        self._on_append = on_append

    def append(
        self, session: Session, actor: str, op: AuditOp, obj: str, ct_sha256: str = ""
    ) -> AuditEvent:
        """Add the next row inside ``session``'s transaction."""
        last = session.execute(
            select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)
        ).first()
        seq, prev = (1, GENESIS) if last is None else (last.seq + 1, last.hash)
        event = AuditEvent(
            seq=seq,
            ts=utc_iso(self._clock()),
            device=self.device,
            actor=actor,
            op=op,
            object=obj,
            ct_sha256=ct_sha256,
            prev=prev,
        )
        session.add(
            AuditRow(
                seq=event.seq,
                ts=event.ts,
                device=event.device,
                actor=event.actor,
                op=event.op.value,
                object=event.object,
                ct_sha256=event.ct_sha256,
                prev=event.prev,
                hash=event.digest(),
            )
        )
        if self._on_append is not None:
            self._on_append(session, event)  # the sync's operation, in the same transaction
        return event

    @staticmethod
    def rows(session: Session) -> Iterator[tuple[AuditEvent, str]]:
        """Every row in order, as (event, stored hash).

        A row whose ``op`` is not a known operation (edited by hand) comes back with an
        empty stored hash, so that the chain check reports it as altered.
        """
        for row in session.execute(select(AuditRow).order_by(AuditRow.seq)).scalars():
            try:
                op = AuditOp(row.op)
            except ValueError:
                op, row_hash = AuditOp.WRITE, ""
            else:
                row_hash = row.hash
            event = AuditEvent(
                seq=row.seq,
                ts=row.ts,
                device=row.device,
                actor=row.actor,
                op=op,
                object=row.object,
                ct_sha256=row.ct_sha256,
                prev=row.prev,
            )
            yield event, row_hash

    def verify(self, session: Session) -> ChainVerdict:
        """Check the whole chain."""
        return verify_chain(self.rows(session), start_seq=1)
