"""The background sync worker: push the outbox, then pull, on its own thread, for ever.

One cycle:

1. after a start, a crash or any failure, *resume*: ask ``/v1/time`` (clock offset) and
   ``/v1/stations/me`` (``applied_seq``). Operations the server already applied are pushed
   again and come back ``replayed`` with their stored result; operations the server lost
   (it was restored behind us) are reopened and sent again; a server that knows more seqs
   than this station ever made means this station was restored from a backup
   (``device_regressed``): the worker stops pushing and says so.
2. push the pending operations, oldest first, in contiguous batches, as stored (byte for
   byte). Each result is stored in one local transaction with the HLC merge; ``rejected``
   and ``merged`` results also become "à traiter" items. ``retry_later`` leaves an
   operation pending (retried with backoff); ``seq_gap`` reopens from ``expected_seq``.
3. pull pages until ``has_more`` is false; each page, the caller's ``apply`` and the next
   cursor commit in one local transaction. ``cursor_invalid``/``cursor_ahead``: pull from
   ``""`` again.

Failures back off exponentially with full jitter (2 s base, doubling, 5 min cap, at least
``Retry-After``); :meth:`SyncWorker.wake` retries at once (network back, a new operation).
Nothing here runs on the UI thread; :meth:`SyncWorker.status` gives data for the status
line ("Tout est envoyé", "12 envois en attente, pas de réseau depuis 10:42"...), worded by
the UI.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.sync import outbox
from kiosk.sync.client import SyncClient
from kiosk.sync.errors import (
    CursorReset,
    DeviceRegressed,
    ProblemError,
    SeqGap,
    SyncError,
    TransportFailed,
    UnexpectedAnswer,
)
from kiosk.sync.protocol.ops import MAX_BATCH, OpCode, OpStatus
from kiosk.sync.protocol.pull import DEFAULT_LIMIT, START_CURSOR, Change
from kiosk.sync.uploads import upload_blob

log = logging.getLogger("kiosk.sync")

ApplyChanges = Callable[[Session, list[Change]], None]
"""Store one pull page in the caller's tables, inside the worker's transaction."""


class TransactionSource(Protocol):
    """Where the outbox lives (``kiosk.vault.db.Database`` is one)."""

    def transaction(self) -> AbstractContextManager[Session]:
        """A write transaction, committed at the end."""
        ...


class BlobSource(Protocol):
    """Where the ciphertext of the documents to attach is (the vault's blob store)."""

    def read_blob(self, sha256: str) -> bytes:
        """The ciphertext named ``sha256``.

        Raises:
            FileNotFoundError: it is not (or no longer) on this station.
        """
        ...


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with full jitter.

    Attributes:
        base: the first ceiling, seconds.
        cap: the largest ceiling, seconds.
    """

    base: float = 2.0
    cap: float = 300.0

    def delay(self, failures: int, rng: random.Random, retry_after: float | None = None) -> float:
        """How long to wait after ``failures`` consecutive failures (>= 1)."""
        ceiling = min(self.cap, self.base * 2 ** max(0, min(failures - 1, 30)))
        wait = rng.uniform(0, ceiling)
        return max(wait, retry_after or 0.0)


class Phase(StrEnum):
    """What the worker is doing."""

    IDLE = "idle"  # everything sent and pulled; waiting for work
    SYNCING = "syncing"
    WAITING = "waiting"  # backing off after a failure or a ``retry_later``
    BLOCKED = "blocked"  # a person must act (re-enrol): ``blocked_by`` says why
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What the status line and the "À traiter" list show, as data.

    Attributes:
        phase: see :class:`Phase`.
        pending: operations not yet answered by the server.
        rejected: "à traiter" items for refused operations.
        conflicts: "à traiter" items for operations merged with conflicts.
        oldest_pending_at: when the oldest waiting operation was made (ISO UTC).
        last_success_at: Unix time of the last full cycle that succeeded.
        offline_since: Unix time of the first failure to reach the platform, if unreachable.
        failures: consecutive failed cycles.
        last_error: the problem code (or error class) of the last failure.
        blocked_by: the code that stops the worker until a person acts.
        next_attempt_at: Unix time of the next cycle, when one is planned.
        clock_offset: seconds added to the station's clock to get the server's.
    """

    phase: Phase
    pending: int
    rejected: int
    conflicts: int
    oldest_pending_at: str | None
    last_success_at: float | None
    offline_since: float | None
    failures: int
    last_error: str | None
    blocked_by: str | None
    next_attempt_at: float | None
    clock_offset: int

    @property
    def all_sent(self) -> bool:
        """Nothing waits and nothing needs a person ("Tout est envoyé")."""
        return self.pending == 0 and self.rejected == 0 and self.conflicts == 0


class _Blocked(SyncError):
    """Stop pushing until a person acts."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class SyncWorker:
    """Pushes then pulls on a thread of its own.

    Args:
        db: the station database holding the outbox tables.
        client: the signed client (used from the worker's thread only).
        apply: stores a pull page, in the transaction that also stores the next cursor.
        blobs: the ciphertext of documents to attach; each is uploaded (resumably) before
            the ``doc.attach`` operation that names it is pushed.
        push_batch: operations per push.
        pull_limit: changes per pull page.
        idle_interval: seconds between cycles when everything went well.
        backoff: the retry policy.
        rng: jitter source (seeded in tests).
        clock: Unix time.
    """

    def __init__(
        self,
        db: TransactionSource,
        client: SyncClient,
        apply: ApplyChanges,
        *,
        blobs: BlobSource | None = None,
        push_batch: int = 100,
        pull_limit: int = DEFAULT_LIMIT,
        idle_interval: float = 30.0,
        backoff: Backoff | None = None,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._db = db
        self._client = client
        self._apply = apply
        self._blobs = blobs
        self._push_batch = max(1, min(push_batch, MAX_BATCH))
        self._pull_limit = pull_limit
        self._idle_interval = idle_interval
        self._backoff = backoff or Backoff()
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not secrets
        self._clock = clock
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._resumed = False
        self._phase = Phase.IDLE
        self._last_success: float | None = None
        self._offline_since: float | None = None
        self._failures = 0
        self._last_error: str | None = None
        self._blocked_by: str | None = None
        self._next_attempt: float | None = None

    # thread

    def start(self) -> None:
        """Start the thread (a cycle runs at once)."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="kiosk-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the thread to end, and wait for it (a request in flight ends by its timeout)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("sync: the thread did not stop within %s s", timeout)
                with self._lock:
                    self._phase = Phase.STOPPED
                return  # it ends at its next check; no cycle may run beside it meanwhile
            self._thread = None
        # A cycle run by hand after this (``kiosk sync now``) must do its whole work: the
        # stop flag only ever meant "end the thread".
        self._stop.clear()
        with self._lock:
            self._phase = Phase.STOPPED

    def close(self) -> None:
        """Stop the thread and close the client's connections (the worker's end)."""
        self.stop()
        self._client.close()

    def wake(self) -> None:
        """Run a cycle now (a new operation, the network back)."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            delay = self.run_once()
            with self._lock:
                self._next_attempt = self._clock() + delay
            self._wake.wait(delay)
            self._wake.clear()

    # one cycle

    def run_once(self) -> float:
        """One cycle, on the calling thread; the seconds to wait before the next one."""
        with self._lock:
            self._phase = Phase.SYNCING
            self._next_attempt = None
        retry_later = False
        try:
            if not self._resumed:
                self._resume()
            self._upload_all()
            retry_later = self._push_all()
            self._pull_all()
        except _Blocked as blocked:
            return self._failed(blocked.code, blocked=True)
        except TransportFailed as error:
            log.info("sync: platform unreachable: %s", error)
            return self._failed("network", offline=True)
        except ProblemError as error:
            log.warning("sync: refused: %s", error)
            needs_person = not error.retryable and error.status in (401, 403)
            return self._failed(
                error.code.value, blocked=needs_person, retry_after=error.retry_after
            )
        except Exception as error:  # a bug, or an answer we cannot read: never kill the thread
            log.exception("sync: cycle failed")
            return self._failed(type(error).__name__)
        now = self._clock()
        with self._lock:
            self._last_success = now
            self._offline_since = None
            self._blocked_by = None
            if retry_later:
                self._failures += 1
                self._last_error = OpStatus.RETRY_LATER.value
                self._phase = Phase.WAITING
                return self._backoff.delay(self._failures, self._rng)
            self._failures = 0
            self._last_error = None
            self._phase = Phase.IDLE
        return self._idle_interval

    def _failed(
        self,
        code: str,
        *,
        offline: bool = False,
        blocked: bool = False,
        retry_after: float | None = None,
    ) -> float:
        self._resumed = False  # ask applied_seq and the time again before the next push
        now = self._clock()
        with self._lock:
            self._failures += 1
            self._last_error = code
            if offline and self._offline_since is None:
                self._offline_since = now
            if blocked:
                self._blocked_by = code
                self._phase = Phase.BLOCKED
                return self._backoff.cap
            self._phase = Phase.WAITING
            return self._backoff.delay(self._failures, self._rng, retry_after)

    def _resume(self) -> None:
        self._client.sync_clock()
        me = self._client.me()
        with self._db.transaction() as session:
            outbox.set_state(session, outbox.CLOCK_OFFSET, str(self._client.clock_offset))
            last_made = int(outbox.get_state(session, outbox.NEXT_SEQ, "1")) - 1
            if me.applied_seq > last_made:
                raise _Blocked("device_regressed")
            first_pending = session.scalar(
                select(func.min(outbox.OutboxRow.seq)).where(
                    outbox.OutboxRow.state == outbox.OutboxState.PENDING
                )
            )
            lost = first_pending is None or first_pending > me.applied_seq + 1
            if lost and me.applied_seq < last_made:
                reopened = outbox.reopen_from(session, me.applied_seq + 1)
                log.warning("sync: the platform lost %d operations; sending again", reopened)
        self._resumed = True

    def _upload_all(self) -> None:
        """Upload the blobs that pending ``doc.attach`` operations name, oldest first."""
        if self._blobs is None:
            return
        with self._db.transaction() as session:
            wanted = outbox.blobs_to_upload(session)
        for sha256 in wanted:
            if self._stop.is_set():
                return
            try:
                data = self._blobs.read_blob(sha256)
            except FileNotFoundError:
                # The document was deleted before it left: the push says so (retry_later
                # until a person looks), never a silent drop.
                log.warning("sync: blob %s is no longer on this station", sha256[:12])
                continue
            upload_blob(self._client, data, sha256=sha256)  # named by it: no second hash
            with self._db.transaction() as session:
                outbox.mark_uploaded(session, sha256)

    def _push_all(self) -> bool:
        """Push every pending operation; True if some must be retried later."""
        gaps = 0
        while not self._stop.is_set():
            with self._db.transaction() as session:
                rows = outbox.pending(session, self._push_batch)
                batch = [(row.seq, row.op_json) for row in rows]
            contiguous = [text for i, (seq, text) in enumerate(batch) if seq == batch[0][0] + i]
            if not contiguous:
                return False
            try:
                answer = self._client.push_raw(contiguous)
            except SeqGap as gap:
                gaps += 1
                if gap.expected_seq is None or gap.expected_seq >= batch[0][0] or gaps > 2:
                    raise
                with self._db.transaction() as session:
                    outbox.reopen_from(session, gap.expected_seq)
                continue
            except DeviceRegressed:
                raise _Blocked("device_regressed") from None
            waiting = False
            finished = 0
            with self._db.transaction() as session:
                # the batch's rows in one query, kept alive: each result then finds its row
                # in the session instead of a query (and a flush) per operation
                loaded = outbox.rows_between(session, batch[0][0], batch[-1][0])
                for result in answer.results:
                    row = outbox.record_result(session, result)
                    if result.status == OpStatus.RETRY_LATER:
                        waiting = True
                        if result.code == OpCode.BLOB_MISSING and row is not None:
                            outbox.forget_upload(session, row)  # upload it again
                    elif row is not None:
                        finished += 1
                outbox.observe_hlc(session, answer.server_hlc)
            del loaded
            if waiting:
                return True
            if finished == 0:  # answers that match nothing sent: never loop on them
                raise UnexpectedAnswer(200, "push results match no pending operation")
        return False

    def _pull_all(self) -> None:
        resets = 0
        while not self._stop.is_set():
            with self._db.transaction() as session:
                cursor = outbox.pull_cursor(session)
            try:
                page = self._client.pull(cursor, self._pull_limit)
            except CursorReset:
                resets += 1
                if resets > 1:
                    raise
                with self._db.transaction() as session:
                    outbox.set_state(session, outbox.PULL_CURSOR, START_CURSOR)
                continue
            with self._db.transaction() as session:
                if outbox.pull_cursor(session) != cursor:
                    continue  # someone else stored this page meanwhile
                self._apply(session, page.changes)
                outbox.set_state(session, outbox.PULL_CURSOR, page.next_cursor)
                outbox.observe_hlc(session, page.server_hlc)
            if not page.has_more:
                return

    # status

    def status(self) -> SyncStatus:
        """The state of the sync, as data (reads the outbox: a short query)."""
        with self._db.transaction() as session:
            counts = outbox.counts(session)
        with self._lock:
            return SyncStatus(
                phase=self._phase,
                pending=counts.pending,
                rejected=counts.todo_rejected,
                conflicts=counts.todo_merged,
                oldest_pending_at=counts.oldest_pending_at,
                last_success_at=self._last_success,
                offline_since=self._offline_since,
                failures=self._failures,
                last_error=self._last_error,
                blocked_by=self._blocked_by,
                next_attempt_at=self._next_attempt,
                clock_offset=self._client.clock_offset,
            )
