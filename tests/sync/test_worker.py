"""The station side of sync against the real platform: enrolment, outbox, push, pull,
network cuts, clock errors, rejections, and the status the person sees."""

from __future__ import annotations

import hashlib
import json
import os
import random
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from stationkit import CentralServer, sealed

from central.db import CentralDatabase
from central.enrolment import create_enrol_code
from kiosk.sync import outbox, shadow
from kiosk.sync.client import SyncClient, enrol, load_or_create_key
from kiosk.sync.errors import EnrolmentRefused, TransportFailed
from kiosk.sync.outbox import OpDraft, enqueue
from kiosk.sync.uploads import upload_blob
from kiosk.sync.worker import Backoff, Phase, SyncWorker
from kiosk.vault.db import Database

from .netcut import CuttableProxy

DAY = 86_400


class Kiosk:
    """One enrolled station: its database, key, client and worker."""

    def __init__(self, root: Path, base_url: str, code: str, clock_error: int = 0) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.base_url = base_url
        self.key = load_or_create_key(root / "station.pem")
        self.identity = enrol(base_url, code, self.key, "borne de test")
        self.db = Database(root / "station.db")
        outbox.create_tables(self.db.engine)
        self.clients: list[SyncClient] = []
        self.worker = self.restart(base_url, clock_error)

    def restart(self, base_url: str, clock_error: int = 0) -> SyncWorker:
        """A new client and worker on the same files (a process that starts again)."""
        client = SyncClient(
            base_url,
            self.key,
            self.identity.station_id,
            clock=lambda: time.time() + clock_error,
            timeout=10,
        )
        self.clients.append(client)
        self.worker = SyncWorker(
            self.db,
            client,
            shadow.apply_changes,
            idle_interval=0.2,
            backoff=Backoff(base=0.05, cap=0.5),
            rng=random.Random(5),
        )
        return self.worker

    def change(self, *drafts: OpDraft) -> list[int]:
        """A local change: its operations commit in one transaction."""
        with self.db.transaction() as session:
            return [enqueue(session, draft).seq for draft in drafts]

    def pulled(self) -> dict[tuple[str, str], tuple[int, dict[str, Any]]]:
        """The station's shadow copy: (kind, id) -> (version, state)."""
        with self.db.transaction() as session:
            return {
                (row.kind, row.id): (row.version, json.loads(row.state))
                for row in session.scalars(select(shadow.ShadowRow))
            }

    def results(self) -> dict[int, dict[str, Any]]:
        with self.db.transaction() as session:
            rows = session.scalars(select(outbox.OutboxRow).order_by(outbox.OutboxRow.seq))
            return {r.seq: json.loads(r.result_json) for r in rows if r.result_json}

    def close(self) -> None:
        self.worker.stop()
        for client in self.clients:
            client.close()
        self.db.close()


@pytest.fixture
def kiosks(
    server: CentralServer, admin: CentralDatabase, tmp_path: Path
) -> Iterator[Callable[..., Kiosk]]:
    made: list[Kiosk] = []

    def make(structure: str, base_url: str | None = None, clock_error: int = 0) -> Kiosk:
        code = create_enrol_code(admin, structure)
        kiosk = Kiosk(tmp_path / f"k{len(made)}", base_url or server.base_url, code, clock_error)
        made.append(kiosk)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.close()


@pytest.fixture
def proxy(server: CentralServer) -> Iterator[CuttableProxy]:
    line = CuttableProxy(server.port)
    yield line
    line.close()


def _family(ben: str) -> OpDraft:
    return OpDraft("beneficiary.patch", ben, {"fields": {"family_name": sealed()}})


def _request(req: str, ben: str) -> OpDraft:
    return OpDraft("ar.create", req, {"beneficiary_id": ben, "fields": {"aid": sealed()}})


def _note(req: str) -> OpDraft:
    return OpDraft("ar.note.add", req, {"note_id": os.urandom(8).hex(), "body": sealed()})


def test_the_station_key_is_private_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "station.pem"
    key = load_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = load_or_create_key(path)
    assert again.private_numbers() == key.private_numbers()


def test_enrolment_refusals_are_typed(
    server: CentralServer, admin: CentralDatabase, structure: str, tmp_path: Path
) -> None:
    key = load_or_create_key(tmp_path / "k.pem")
    code = create_enrol_code(admin, structure)
    first = enrol(server.base_url, code, key)
    assert enrol(server.base_url, code, key).station_id == first.station_id  # lost answer
    other = load_or_create_key(tmp_path / "other.pem")
    with pytest.raises(EnrolmentRefused) as used:
        enrol(server.base_url, code, other)
    assert used.value.code.value == "enrol_code_used"
    assert used.value.status == 409


def test_push_pull_and_status(kiosks: Callable[..., Kiosk], structure: str) -> None:
    kiosk = kiosks(structure)
    worker = kiosk.worker
    assert worker.status().all_sent
    kiosk.change(_family("ben-1"), _request("req-1", "ben-1"))
    kiosk.change(_note("req-1"))
    before = worker.status()
    assert (before.pending, before.rejected, before.conflicts) == (3, 0, 0)
    assert before.oldest_pending_at is not None

    worker.run_once()
    after = worker.status()
    assert after.all_sent
    assert after.phase == Phase.IDLE
    assert after.last_success_at is not None and after.offline_since is None
    assert [r["status"] for r in kiosk.results().values()] == ["applied"] * 3
    pulled = kiosk.pulled()
    assert pulled[("beneficiary", "ben-1")][0] == 1
    assert pulled[("aid_request", "req-1")][0] == 2
    assert len(pulled[("aid_request", "req-1")][1]["notes"]) == 1

    # another station of the same structure sees it all by pulling
    other = kiosks(structure)
    other.worker.run_once()
    assert other.pulled() == pulled


def test_a_lost_answer_is_applied_exactly_once_after_a_restart(
    kiosks: Callable[..., Kiosk], structure: str, proxy: CuttableProxy, server: CentralServer
) -> None:
    kiosk = kiosks(structure, base_url=proxy.base_url)
    kiosk.worker.run_once()  # enrolled, resumed, nothing to do
    kiosk.change(_family("ben-x"), _request("req-x", "ben-x"), _note("req-x"))

    proxy.cut = True  # the platform applies the batch; its answer never arrives
    kiosk.worker.run_once()
    assert proxy.cuts >= 1
    cut = kiosk.worker.status()
    assert cut.pending == 3
    assert cut.offline_since is not None
    assert cut.last_error == "network"
    assert cut.phase == Phase.WAITING

    direct = SyncClient(server.base_url, kiosk.key, kiosk.identity.station_id)
    try:
        assert direct.me().applied_seq == 3  # applied on the platform, unknown to the station
    finally:
        direct.close()

    # the process dies and starts again; the network is back
    proxy.cut = False
    kiosk.restart(proxy.base_url).run_once()
    status = kiosk.worker.status()
    assert status.all_sent and status.offline_since is None
    results = kiosk.results()
    assert [(r["status"], r["replayed"]) for r in results.values()] == [("applied", True)] * 3
    notes = kiosk.pulled()[("aid_request", "req-x")][1]["notes"]
    assert len(notes) == 1  # exactly once

    # and the next operation follows on
    kiosk.change(_note("req-x"))
    kiosk.worker.run_once()
    assert kiosk.results()[4]["replayed"] is False
    assert len(kiosk.pulled()[("aid_request", "req-x")][1]["notes"]) == 2


def test_the_thread_rides_out_a_network_cut(
    kiosks: Callable[..., Kiosk], structure: str, proxy: CuttableProxy
) -> None:
    kiosk = kiosks(structure, base_url=proxy.base_url)
    proxy.down = True
    kiosk.worker.start()
    kiosk.change(_family("ben-t"))
    kiosk.worker.wake()
    _wait_for(lambda: kiosk.worker.status().offline_since is not None)
    offline = kiosk.worker.status()
    assert offline.pending == 1 and offline.failures >= 1
    proxy.down = False
    _wait_for(lambda: kiosk.worker.status().last_success_at is not None)
    back = kiosk.worker.status()
    assert back.all_sent and back.offline_since is None
    assert ("beneficiary", "ben-t") in kiosk.pulled()


def test_a_cycle_run_by_hand_after_the_thread_stopped_does_its_whole_work(
    kiosks: Callable[..., Kiosk], structure: str
) -> None:
    kiosk = kiosks(structure)
    kiosk.worker.start()
    kiosk.worker.stop()
    kiosk.change(_family("ben-s"))
    kiosk.worker.run_once()  # "kiosk sync now" on a station whose thread was stopped
    assert kiosk.worker.status().pending == 0
    assert ("beneficiary", "ben-s") in kiosk.pulled()


def test_a_clock_a_day_off_is_corrected(
    kiosks: Callable[..., Kiosk], structure: str, server: CentralServer
) -> None:
    kiosk = kiosks(structure, clock_error=DAY)
    # the client alone: refused with clock_skew, corrects itself, retries once
    client = kiosk.worker._client
    assert client.clock_offset == 0
    assert client.me().station_id == kiosk.identity.station_id
    assert abs(client.clock_offset + DAY) <= 5

    late = SyncClient(
        server.base_url, kiosk.key, kiosk.identity.station_id, clock=lambda: time.time() - DAY
    )
    try:
        late.sync_clock()
        assert abs(late.clock_offset - DAY) <= 5
        assert late.me().applied_seq == 0
    finally:
        late.close()

    kiosk.change(_family("ben-c"))
    kiosk.worker.run_once()
    status = kiosk.worker.status()
    assert status.all_sent
    assert abs(status.clock_offset + DAY) <= 5


def test_refused_operations_are_kept_to_be_looked_at(
    kiosks: Callable[..., Kiosk], structure: str
) -> None:
    kiosk = kiosks(structure)
    kiosk.change(_family("ben-r"))
    kiosk.change(OpDraft("bogus.type", "ben-r", {}))
    kiosk.change(_note("req-absent"))
    kiosk.change(_family("ben-r"))  # a rejection never blocks what follows
    kiosk.worker.run_once()
    status = kiosk.worker.status()
    assert (status.pending, status.rejected, status.conflicts) == (0, 2, 0)
    assert not status.all_sent
    results = kiosk.results()
    assert [(r["status"], r["code"]) for r in results.values()] == [
        ("applied", None),
        ("rejected", "unknown_op_type"),
        ("rejected", "not_found"),
        ("applied", None),
    ]
    with kiosk.db.transaction() as session:
        todo = outbox.open_todo(session)
        assert [(t.seq, t.kind, t.code) for t in todo] == [
            (2, "rejected", "unknown_op_type"),
            (3, "rejected", "not_found"),
        ]
        outbox.resolve_todo(session, todo[0].id)
    assert kiosk.worker.status().rejected == 1
    # running again changes nothing: results are stored once
    kiosk.worker.run_once()
    assert kiosk.worker.status().rejected == 1


def test_backoff_is_jittered_and_capped() -> None:
    backoff = Backoff(base=2, cap=300)
    rng = random.Random(1)
    delays = [backoff.delay(n, rng) for n in range(1, 40)]
    assert all(0 <= d <= 300 for d in delays)
    assert max(delays[:1]) <= 2
    assert backoff.delay(1, rng, retry_after=30) >= 30


@pytest.mark.parametrize("seed", range(20))
def test_an_hour_of_platform_down_costs_at_most_forty_attempts(seed: int) -> None:
    backoff = Backoff()  # the station's own policy: 2 s base, doubling, 5 min cap
    rng = random.Random(seed)
    elapsed, attempts = 0.0, 0
    while elapsed < 3600:
        attempts += 1
        elapsed += backoff.delay(attempts, rng)
    assert attempts <= 40


def _wait_for(condition: Callable[[], bool], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _forget_locally_that_the_server_lost(kiosk: Kiosk, seqs: range) -> None:
    """Mark operations done that the platform never got (it was restored from a backup)."""
    with kiosk.db.transaction() as session:
        for seq in seqs:
            row = session.get(outbox.OutboxRow, seq)
            assert row is not None
            row.state = outbox.OutboxState.DONE


def test_operations_the_platform_lost_are_sent_again(
    kiosks: Callable[..., Kiosk], structure: str
) -> None:
    kiosk = kiosks(structure)
    kiosk.worker.run_once()
    kiosk.change(_family("ben-g"), _request("req-g", "ben-g"))
    _forget_locally_that_the_server_lost(kiosk, range(1, 3))
    kiosk.change(_note("req-g"))
    kiosk.worker.run_once()  # push [3] -> seq_gap expected 1 -> 1..3 again
    assert kiosk.worker.status().all_sent
    assert [r["status"] for r in kiosk.results().values()] == ["applied"] * 3
    assert kiosk.pulled()[("aid_request", "req-g")][0] == 2

    # at start-up: applied_seq says what is missing before anything is pushed
    kiosk.change(_note("req-g"))
    _forget_locally_that_the_server_lost(kiosk, range(4, 5))
    kiosk.restart(kiosk.base_url).run_once()
    assert kiosk.worker.status().all_sent
    assert len(kiosk.pulled()[("aid_request", "req-g")][1]["notes"]) == 2


def test_a_station_restored_from_a_backup_stops_and_says_so(
    kiosks: Callable[..., Kiosk], structure: str, server: CentralServer, tmp_path: Path
) -> None:
    kiosk = kiosks(structure)
    kiosk.change(_family("ben-b"), _family("ben-b"))
    kiosk.worker.run_once()
    assert kiosk.worker.status().all_sent

    # the same key and id, with an outbox from before those operations
    restored = Database(tmp_path / "restored.db")
    outbox.create_tables(restored.engine)
    client = SyncClient(server.base_url, kiosk.key, kiosk.identity.station_id)
    worker = SyncWorker(restored, client, shadow.apply_changes, backoff=Backoff(0.05, 0.5))
    try:
        with restored.transaction() as session:
            enqueue(session, _family("ben-b"))
        worker.run_once()
        status = worker.status()
        assert status.phase == Phase.BLOCKED
        assert status.blocked_by == "device_regressed"
        assert status.pending == 1  # kept, never dropped
    finally:
        client.close()
        restored.close()


def test_a_document_upload_resumes_where_it_stopped(
    kiosks: Callable[..., Kiosk], structure: str, proxy: CuttableProxy, server: CentralServer
) -> None:
    kiosk = kiosks(structure)
    data = os.urandom(5 * 4096 + 123)
    digest = hashlib.sha256(data).hexdigest()
    cutting = SyncClient(proxy.base_url, kiosk.key, kiosk.identity.station_id, timeout=10)
    direct = SyncClient(server.base_url, kiosk.key, kiosk.identity.station_id)
    try:
        started = direct.create_upload(digest, len(data))
        assert started.upload_id is not None
        direct.put_chunk(started.upload_id, 0, data[:4096])
        direct.put_chunk(started.upload_id, 4096, data[4096:8192])
        proxy.cut = True  # the line drops under the station's next request
        with pytest.raises(TransportFailed):
            upload_blob(cutting, data, chunk_size=4096)
        proxy.cut = False
        assert direct.upload_offset(started.upload_id) == 2 * 4096  # kept what was whole
        status = upload_blob(cutting, data, chunk_size=4096)
        assert status.complete and status.sha256 == digest
        assert upload_blob(cutting, data, chunk_size=4096).complete  # already there
        # the blob is visible now, so its doc.attach can be pushed
        kiosk.change(
            _family("ben-d"),
            OpDraft(
                "doc.attach",
                "doc-1",
                {
                    "beneficiary_id": "ben-d",
                    "blob": digest,
                    "size": len(data),
                    "level": 2,
                    "revision": 1,
                    "meta": sealed(),
                },
            ),
        )
        kiosk.worker.run_once()
        assert [r["status"] for r in kiosk.results().values()] == ["applied", "applied"]
        assert ("document", "doc-1") in kiosk.pulled()
        assert kiosk.worker.status().pending == 0
    finally:
        cutting.close()
        direct.close()
