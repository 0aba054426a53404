"""Faults injected for real, several station processes and the platform, then the invariants.

Each station is its own OS process (``station_proc.py``) behind its own faulty line
(``netcut.CuttableProxy``); the platform is the real server in a subprocess, on SQLite and
on PostgreSQL. Faults: ``kill -9`` of the platform or of a station between the commit and
the acknowledgement, and of a station at random moments; lost requests and lost answers
at random; requests delivered twice; clocks a day off (``faketime``); two and five stations
editing the same beneficiary and request while offline; a station restored from an old
backup; a document upload cut at a random offset. Every test ends with
:func:`fleet.check_invariants`.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from stationkit import CentralServer, sealed

from central.db import CentralDatabase
from kiosk.sync.protocol.blobs import CHUNK_SIZE
from kiosk.sync.protocol.hlc import physical_ms
from kiosk.sync.protocol.state import ConflictReason

from .fleet import (
    StationHandle,
    check_invariants,
    check_request_history,
    quiesce,
    server_entities,
    server_results,
    server_state,
)

MakeStation = Callable[..., StationHandle]


@pytest.fixture
def own_server(fresh_database_url: str, tmp_path: Path) -> Iterator[CentralServer]:
    """A platform of this test only (the test kills it)."""
    process = CentralServer(tmp_path / "central", fresh_database_url).start()
    yield process
    process.stop()


@pytest.fixture
def own_admin(own_server: CentralServer) -> Iterator[CentralDatabase]:
    db = CentralDatabase(own_server.database_url)
    yield db
    db.dispose()


def _fleet(tmp_path: Path, port: int, admin: CentralDatabase) -> Iterator[MakeStation]:
    made: list[StationHandle] = []

    def make(structure: str, clock_shift: str | None = None) -> StationHandle:
        station = StationHandle(
            tmp_path / f"station{len(made)}", port, admin, structure, len(made), clock_shift
        )
        made.append(station)
        return station

    yield make
    for station in made:
        station.close()


@pytest.fixture
def stations(
    server: CentralServer, admin: CentralDatabase, tmp_path: Path
) -> Iterator[MakeStation]:
    yield from _fleet(tmp_path, server.port, admin)


@pytest.fixture
def own_stations(
    own_server: CentralServer, own_admin: CentralDatabase, tmp_path: Path
) -> Iterator[MakeStation]:
    yield from _fleet(tmp_path, own_server.port, own_admin)


def _new_id() -> str:
    return uuid.uuid4().hex


def _opening(station: StationHandle) -> tuple[str, str]:
    """A beneficiary and a request, pushed and pulled."""
    ben, req = _new_id(), _new_id()
    station.call(
        do="patch_beneficiary", id=ben, fields={"family_name": sealed(), "address": sealed()}
    )
    station.call(do="create_request", id=req, beneficiary=ben, fields={"aid": sealed()})
    assert station.sync()["all_sent"]
    return ben, req


def _notes(admin: CentralDatabase, structure: str, req: str) -> dict[str, Any]:
    return server_state(admin, structure, "aid_request", req).notes


# --- kill -9 between the commit and the acknowledgement -------------------------------------


def test_the_platform_killed_between_commit_and_answer(
    own_stations: MakeStation,
    own_server: CentralServer,
    own_admin: CentralDatabase,
    structure: str,
) -> None:
    station = own_stations(structure)
    ben, req = _opening(station)
    station.call(do="note", id=req, note_id=_new_id(), body=sealed())
    station.call(do="patch_beneficiary", id=ben, fields={"address": sealed()})

    station.line.hold_answers()
    station.send(do="sync", cycles=1)
    assert station.line.answer_arrived.wait(60)  # committed on the platform, not answered
    own_server.kill()
    station.line.release()
    failed = station.receive()
    assert failed["pending"] == 2 and failed["last_error"] == "network"

    own_server.start()  # same files, same port
    assert station.sync()["all_sent"]
    rows = station.outbox()
    assert [row["status"] for row in rows] == ["applied"] * 4
    assert len(_notes(own_admin, structure, req)) == 1  # exactly once
    check_invariants(own_admin, structure, [station])


def test_a_station_killed_between_commit_and_answer(
    stations: MakeStation, admin: CentralDatabase, structure: str
) -> None:
    station = stations(structure)
    _ben, req = _opening(station)
    for _ in range(3):
        station.call(do="note", id=req, note_id=_new_id(), body=sealed())

    station.line.hold_answers()
    station.send(do="sync", cycles=1)
    assert station.line.answer_arrived.wait(60)
    station.kill()  # the platform applied the batch; the station never stored the answer
    station.line.release()
    applied, _ = server_results(admin, station.station_id)
    assert applied == 5

    station.start()
    assert station.call(do="status")["pending"] == 3  # nothing lost locally either
    assert station.sync()["all_sent"]
    assert len(_notes(admin, structure, req)) == 3
    check_invariants(admin, structure, [station])


def test_a_station_killed_at_random_moments_loses_nothing_and_doubles_nothing(
    stations: MakeStation, admin: CentralDatabase, structure: str
) -> None:
    rng = random.Random(11)
    station = stations(structure)
    _ben, req = _opening(station)
    station.call(do="start")  # the sync thread runs on its own while changes come
    notes: set[str] = set()
    unsure: set[str] = set()
    for _round in range(8):
        for _ in range(rng.randrange(3, 12)):
            note_id = _new_id()
            station.call(do="note", id=req, note_id=note_id, body=sealed())
            notes.add(note_id)  # committed locally: it must arrive, once
        note_id = _new_id()
        station.send(do="note", id=req, note_id=note_id, body=sealed())  # killed under it?
        unsure.add(note_id)
        time.sleep(rng.uniform(0.0, 0.3))
        station.kill()
        station.start()
        station.call(do="start")
    station.call(do="stop")
    quiesce([station])
    arrived = set(_notes(admin, structure, req))
    assert notes <= arrived  # nothing committed was lost
    assert arrived <= notes | unsure  # nothing invented
    ops = {row["op"]["payload"].get("note_id") for row in station.outbox()}
    assert arrived == ops - {None}  # exactly what the outbox holds
    check_invariants(admin, structure, [station])


# --- lost and doubled messages ------------------------------------------------------------


def test_lost_requests_lost_answers_and_doubled_requests(
    stations: MakeStation, admin: CentralDatabase, structure: str
) -> None:
    first, second = stations(structure), stations(structure)
    ben, req = _opening(first)
    second.sync()
    first.line.random_faults(random.Random(1), request=0.3, answer=0.3)
    second.line.random_faults(random.Random(2), request=0.2, answer=0.4)
    second.line.duplicate = True  # and each request of the second arrives twice
    made = 0
    for i in range(30):
        station = (first, second)[i % 2]
        station.call(do="note", id=req, note_id=_new_id(), body=sealed())
        if i % 5 == 0:
            station.call(do="patch_beneficiary", id=ben, fields={"address": sealed()})
        made += 1
        station.sync(cycles=2)
    assert first.line.dropped + first.line.cuts > 0 and second.line.duplicated > 0
    quiesce([first, second])
    assert len(_notes(admin, structure, req)) == made
    check_invariants(admin, structure, [first, second])


# --- offline stations editing the same things ----------------------------------------------


@pytest.mark.parametrize("count", [2, 5])
def test_stations_offline_editing_the_same_beneficiary_and_request(
    stations: MakeStation, admin: CentralDatabase, structure: str, count: int
) -> None:
    shifts = [None, "+1d", "-1d", None, "+1d"][:count]  # some clocks a day off, for real
    fleet = [stations(structure, clock_shift) for clock_shift in shifts]
    ben, req = _opening(fleet[0])
    for station, shift in zip(fleet, shifts, strict=True):
        status = station.sync()
        day = {None: 0, "+1d": 86_400, "-1d": -86_400}[shift]
        assert abs(station.call(do="now") - time.time() - day) < 60  # its clock, really off
        assert abs(status["clock_offset"] + day) <= 2  # and the offset it learnt
    for station in fleet:
        station.line.down = True  # everybody offline from here

    written: dict[str, list[str]] = {"address": [], "family_name": [], "comment": []}
    notes: set[str] = set()
    for i, station in enumerate(fleet):
        for field in written:
            value = sealed()
            written[field].append(value)
            if field == "comment":
                station.call(do="patch_request", id=req, fields={field: value})
            else:
                station.call(do="patch_beneficiary", id=ben, fields={field: value})
        note = _new_id()
        notes.add(note)
        station.call(do="note", id=req, note_id=note, body=sealed())
        if i == 0:  # the first one files the request while the others still edit it
            station.call(do="transition", id=req, event="passer_en_construction")
            station.call(do="transition", id=req, event="passer_en_instruction")
        elif i == 1:  # another files it too, then gives it up
            station.call(do="transition", id=req, event="passer_en_construction")
        else:
            station.call(do="patch_request", id=req, fields={"amount": sealed()})
        assert station.call(do="view_state", id=req) != "brouillon" or i > 1  # shown at once
        time.sleep(1.5)  # real-time order, beyond the 1 s precision of the learnt clock offset

    # back online: the one that filed first, then the others in the reverse order of edits
    for station in [fleet[0], *reversed(fleet[1:])]:
        station.line.down = False
        station.sync()
    quiesce(fleet)
    check_invariants(admin, structure, fleet)

    entities = server_entities(admin, structure)
    conflicts = [
        server_state(admin, structure, kind, entity_id)
        for (kind, entity_id) in entities
        if kind == "conflict"
    ]

    def on(field: str) -> list[Any]:
        return [c for c in conflicts if c.meta["field"] == field]

    beneficiary = server_state(admin, structure, "beneficiary", ben)
    request = server_state(admin, structure, "aid_request", req)
    # no lost update: one winner, and every other value kept in a conflict record
    for field, values in written.items():
        final = (request if field == "comment" else beneficiary).fields[field].value
        losers = [c.fields["loser"].value for c in on(field)]
        assert sorted([final, *losers]) == sorted(values), field
    # last writer in real time wins, whatever the stations' clocks said
    assert beneficiary.fields["address"].value == written["address"][-1]
    assert request.fields["comment"].value == written["comment"][-1]
    # an identity field is never merged automatically: the first value to arrive stays
    assert all(c.meta["reason"] == ConflictReason.IDENTITY_FIELD for c in on("family_name"))
    assert beneficiary.fields["family_name"].value == written["family_name"][0]  # came first
    # every stamp is at or before the platform received it
    for state in (beneficiary, request):
        for value in state.fields.values():
            assert physical_ms(value.hlc) <= time.time() * 1000
    # the request's state machine held, and the amounts typed after filing wait as amendments
    check_request_history(request)
    assert request.meta["state"] == "en_instruction"
    assert set(request.notes) == notes
    if count > 2:
        assert "amount" in request.amendments
        assert on("amount") and all(
            c.meta["reason"] == ConflictReason.AMENDMENT_PROPOSED for c in on("amount")
        )


# --- a station restored from an old backup ------------------------------------------------


def test_a_station_restored_from_an_old_backup(
    stations: MakeStation, admin: CentralDatabase, structure: str, tmp_path: Path
) -> None:
    station, other = stations(structure), stations(structure)
    _ben, req = _opening(station)
    station.kill()
    backup = tmp_path / "backup"
    shutil.copytree(station.root, backup)  # the files as a night's backup took them
    station.start()
    for _ in range(3):
        station.call(do="note", id=req, note_id=_new_id(), body=sealed())
    assert station.sync()["all_sent"]
    before = server_state(admin, structure, "aid_request", req)

    station.kill()
    shutil.rmtree(station.root)
    shutil.copytree(backup, station.root)  # the disk died; the backup comes back
    station.start()
    station.call(do="note", id=req, note_id=_new_id(), body=sealed())
    status = station.sync()
    assert status["phase"] == "blocked" and status["blocked_by"] == "device_regressed"
    assert status["pending"] == 1  # kept, for the technician, never dropped or mixed in
    after = server_state(admin, structure, "aid_request", req)
    assert after == before
    other.sync()
    assert (
        other.digest()[("aid_request", req)][0]
        == server_entities(admin, structure)[("aid_request", req)].version
    )


# --- a document cut in the middle of its upload -------------------------------------------


@pytest.mark.parametrize("seed", [3, 8])
def test_a_document_cut_mid_upload_resumes_and_arrives_whole(
    stations: MakeStation, admin: CentralDatabase, structure: str, server: CentralServer, seed: int
) -> None:
    station = stations(structure)
    ben, _req = _opening(station)
    data = os.urandom(3 * CHUNK_SIZE + 4321)
    sha = hashlib.sha256(data).hexdigest()
    (station.root / "blobs" / sha).write_bytes(data)
    station.call(
        do="attach",
        id=_new_id(),
        beneficiary_id=ben,
        blob=sha,
        size=len(data),
        level=2,
        revision=1,
        meta=sealed(),
    )
    cut_at = random.Random(seed).randrange(len(data))
    station.line.truncate_after(cut_at)  # the line dies that far into the document
    failed = station.sync(cycles=1)
    assert failed["pending"] == 1
    sent_before = station.line.body_bytes
    assert sent_before >= cut_at
    assert station.sync()["all_sent"]
    resent = station.line.body_bytes - len(data)
    assert resent <= CHUNK_SIZE  # at most one chunk again
    found = [p for p in server.data_dir.rglob(sha) if p.is_file()]
    assert found and found[0].read_bytes() == data  # byte-identical
    check_invariants(admin, structure, [station])
