"""The sync's side of the interface: the worker, the station database, and their reads.

* :class:`SyncServices` is what the composition root gives the sync screens: the station
  database (which holds the outbox and the "à traiter" list), the running
  :class:`~kiosk.sync.worker.SyncWorker` when the station is enrolled (or why there is
  none), and the one thread on which every read and write of theirs runs;
* :func:`station_sync` builds them for a station, as ``kiosk run`` does;
* :func:`load_todo` and :func:`resolve` are that thread's work for the "À traiter" screen:
  the open items, each with its operation's time and its conflicts, as plain data.

Nothing here is Qt: the screens and :class:`~kiosk.ui.sync_monitor.SyncMonitor` hand this
work to :class:`~kiosk.ui.jobs.Job`.
"""

from __future__ import annotations

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from kiosk.domain.errors import KioskError
from kiosk.sync import outbox, shadow
from kiosk.sync.station import StationIdentity, build_worker, load_identity
from kiosk.sync.worker import BlobSource, SyncWorker, TransactionSource
from kiosk.ui.sync_words import NoSync, SyncState

log = logging.getLogger("kiosk.ui")

#: How often the home screens' status line asks the worker, by default.
STATUS_INTERVAL_MS = 5000


class SyncUnavailable(KioskError):
    """The station database could not be read or written (locked, damaged): try again."""


@dataclass(frozen=True, slots=True)
class TodoEntry:
    """One open "à traiter" item, as the screen shows it.

    Attributes:
        item_id: the item (what "C'est vu" resolves).
        kind: ``rejected`` or ``merged`` (:class:`~kiosk.sync.outbox.TodoKind`).
        op_type: what the operation was.
        code: why it was refused (an :class:`~kiosk.sync.protocol.ops.OpCode` value).
        made_at: when the operation was made on this station (ISO UTC; "" if unknown).
        answered_at: when the platform's answer was stored (ISO UTC).
        conflict_ids: the conflict records the platform made (``merged`` only).
        conflicts: those of them already pulled, oldest first.
    """

    item_id: int
    kind: str
    op_type: str
    code: str | None
    made_at: str
    answered_at: str
    conflict_ids: tuple[str, ...] = ()
    conflicts: tuple[shadow.ConflictView, ...] = ()

    @property
    def rejected(self) -> bool:
        """The platform refused the operation (else it was merged with conflicts)."""
        return self.kind == outbox.TodoKind.REJECTED


def _conflict_ids(text: str) -> tuple[str, ...]:
    try:
        ids = json.loads(text)
    except ValueError:
        return ()
    return tuple(str(i) for i in ids) if isinstance(ids, list) else ()


def load_todo(db: TransactionSource) -> list[TodoEntry]:
    """The open "à traiter" items, oldest first, each with its conflicts (on the sync thread).

    Raises:
        SyncUnavailable: the database could not be read.
    """
    try:
        with db.transaction() as session:
            items = outbox.open_todo(session)
            seqs = [item.seq for item in items]
            made: dict[int, str] = {
                seq: created_at
                for seq, created_at in session.execute(
                    select(outbox.OutboxRow.seq, outbox.OutboxRow.created_at).where(
                        outbox.OutboxRow.seq.in_(seqs)
                    )
                )
            }
            conflicts = {view.id: view for view in shadow.conflicts(session)}
            entries = []
            for item in items:
                ids = _conflict_ids(item.conflict_ids)
                entries.append(
                    TodoEntry(
                        item_id=item.id,
                        kind=item.kind,
                        op_type=item.op_type,
                        code=item.code,
                        made_at=made.get(item.seq, ""),
                        answered_at=item.created_at,
                        conflict_ids=ids,
                        conflicts=tuple(conflicts[i] for i in ids if i in conflicts),
                    )
                )
            return entries
    except SQLAlchemyError as error:
        raise SyncUnavailable(f"the 'à traiter' list could not be read: {error}") from error


def resolve(db: TransactionSource, item_id: int) -> int:
    """Marks an item as looked at ("C'est vu"); it stays in the table. Returns its id.

    Raises:
        SyncUnavailable: the database could not be written.
    """
    try:
        with db.transaction() as session:
            outbox.resolve_todo(session, item_id)
    except SQLAlchemyError as error:
        raise SyncUnavailable(f"the 'à traiter' item could not be resolved: {error}") from error
    log.info("sync: 'à traiter' item %d seen", item_id)
    return item_id


@dataclass
class SyncServices:
    """The collaborators of the sync screens, made by the composition root.

    Attributes:
        db: the station database, holding the sync tables.
        worker: the running sync worker; None on a station that is not enrolled.
        no_sync: why there is no worker (None when there is one).
        station_id: this station's id on the platform (to say "cette station").
        status_interval_ms: how often the status line asks the worker.
        thread: the one thread of the status queries and of the "à traiter" list.
    """

    db: TransactionSource
    worker: SyncWorker | None
    no_sync: NoSync | None = None
    station_id: str | None = None
    status_interval_ms: int = STATUS_INTERVAL_MS
    thread: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-ui")
    )

    def state(self) -> SyncState:
        """The worker's status, or why there is none (a short query: not on the GUI thread).

        Raises:
            SyncUnavailable: the database could not be read.
        """
        if self.worker is None:
            return self.no_sync or NoSync.NOT_ENROLLED
        try:
            return self.worker.status()
        except SQLAlchemyError as error:
            raise SyncUnavailable(f"the sync status could not be read: {error}") from error

    def start(self) -> None:
        """Starts the worker's thread, if there is a worker."""
        if self.worker is not None:
            self.worker.start()

    def close(self) -> None:
        """Stops the worker (and its connections), then the thread of the queries."""
        try:
            if self.worker is not None:
                self.worker.close()
        finally:
            self.thread.shutdown(wait=True, cancel_futures=True)


def station_sync(
    data_dir: Path,
    db: TransactionSource,
    blobs: BlobSource | None = None,
    *,
    identity: StationIdentity | None = None,
) -> SyncServices:
    """The sync services of a station: with a worker (not started) when it is enrolled.

    ``db`` must already hold the sync tables (``kiosk.cli_sync.ensure_sync_tables``). A
    station that is not enrolled, or whose enrolment cannot be read, runs offline only:
    its technician's home says so.

    Args:
        data_dir: the station's data directory (its enrolment is in ``sync/``).
        db: the station database.
        blobs: the vault's ciphertext, uploaded before the documents that name it.
        identity: the enrolment to use instead of the one saved in ``data_dir``.
    """
    try:
        identity = identity or load_identity(data_dir)
        worker = None if identity is None else build_worker(data_dir, db, blobs, identity=identity)
    except (OSError, ValueError) as error:
        log.warning("sync: the station's enrolment cannot be read, offline only: %s", error)
        return SyncServices(db, None, NoSync.UNREADABLE)
    if worker is None or identity is None:
        log.info("sync: station not enrolled with the platform, offline only")
        return SyncServices(db, None, NoSync.NOT_ENROLLED)
    log.info(
        "sync: station %s of %s at %s",
        identity.station_id,
        identity.structure_id,
        identity.base_url,
    )
    return SyncServices(db, worker, station_id=identity.station_id)
