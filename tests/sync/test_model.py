"""A property-based test: several stations and the platform through random interleavings.

A Hypothesis state machine drives three stations (in this process, each with its own
database, sync worker and faulty line) and the real platform: people edit the same
beneficiary and request, file, instruct, decide and reopen it, add notes; lines go down,
lose requests or answers; workers crash and start again; stations sync whenever. After each
step: no station's operations diverge from what the platform recorded, and the request's
history is legal. At the end, with the lines calm: every operation ended once, visibly, and
all stations agree with the platform.
"""

from __future__ import annotations

import random
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from stationkit import CentralServer, sealed

from central.db import CentralDatabase
from central.enrolment import create_enrol_code
from kiosk.domain.aid_requests import CorrectionReason, RequestEvent
from kiosk.sync.station import enrol_station, load_identity

from .fleet import (
    Commands,
    check_invariants,
    check_request_history,
    quiesce,
    server_entities,
    server_results,
    server_state,
)
from .netcut import CuttableProxy
from .station_proc import StationProcess

STATIONS = 3


class LocalStation(Commands):
    """A station in this process: the same commands as ``station_proc.py``."""

    def __init__(
        self, root: Path, port: int, admin: CentralDatabase, structure: str, seed: int
    ) -> None:
        root.mkdir(parents=True)
        (root / "blobs").mkdir()
        self.root, self.seed = root, seed
        self.line = CuttableProxy(port)
        enrol_station(root, self.line.base_url, create_enrol_code(admin, structure), root.name)
        identity = load_identity(root)
        assert identity is not None
        self.station_id = identity.station_id
        self.proc = StationProcess(root, seed)

    def call(self, **command: Any) -> Any:
        return self.proc.handle(dict(command))

    def crash(self) -> None:
        """The process ends and starts again on the same files."""
        self.proc.close()
        self.proc = StationProcess(self.root, self.seed)

    def close(self) -> None:
        self.proc.close()
        self.line.close()


class SyncModel(RuleBasedStateMachine):
    """Stations and the platform; the test sets the class attributes before running."""

    server: CentralServer
    admin: CentralDatabase
    root: Path

    def __init__(self) -> None:
        super().__init__()
        self.structure = f"cms-{uuid.uuid4().hex[:10]}"
        base = self.root / self.structure
        self.stations = [
            LocalStation(base / f"s{i}", self.server.port, self.admin, self.structure, i)
            for i in range(STATIONS)
        ]
        self.ben, self.req = uuid.uuid4().hex, uuid.uuid4().hex
        first = self.stations[0]
        first.call(do="patch_beneficiary", id=self.ben, fields={"family_name": sealed()})
        first.call(do="create_request", id=self.req, beneficiary=self.ben, fields={})
        for station in self.stations:
            assert station.sync()["pending"] == 0
        self.notes: set[str] = set()

    stations_ = st.integers(0, STATIONS - 1)

    @rule(s=stations_, field=st.sampled_from(["address", "phone", "family_name", "nir"]))
    def edit_beneficiary(self, s: int, field: str) -> None:
        self.stations[s].call(do="patch_beneficiary", id=self.ben, fields={field: sealed()})

    @rule(s=stations_, field=st.sampled_from(["comment", "contact", "amount", "household"]))
    def edit_request(self, s: int, field: str) -> None:
        self.stations[s].call(do="patch_request", id=self.req, fields={field: sealed()})

    @rule(s=stations_, event=st.sampled_from(list(RequestEvent)))
    def transition(self, s: int, event: RequestEvent) -> None:
        reason = (
            CorrectionReason.INCOMPLETE.value if event is RequestEvent.DEMANDER_CORRECTION else None
        )
        self.stations[s].call(do="transition", id=self.req, event=event.value, reason=reason)

    @rule(s=stations_)
    def note(self, s: int) -> None:
        note_id = uuid.uuid4().hex
        self.stations[s].call(do="note", id=self.req, note_id=note_id, body=sealed())
        self.notes.add(note_id)

    @rule(s=stations_, line=st.sampled_from(["calm", "down", "lose_answers", "lose_some"]))
    def line_changes(self, s: int, line: str) -> None:
        proxy = self.stations[s].line
        proxy.calm()
        if line == "down":
            proxy.down = True
        elif line == "lose_answers":
            proxy.cut = True
        elif line == "lose_some":
            proxy.random_faults(random.Random(s), request=0.3, answer=0.3)

    @rule(s=stations_)
    def sync(self, s: int) -> None:
        self.stations[s].sync(cycles=2)

    @rule(s=stations_)
    def crash(self, s: int) -> None:
        self.stations[s].crash()

    @invariant()
    def nothing_diverges(self) -> None:
        for station in self.stations:
            rows = station.outbox()
            assert [row["seq"] for row in rows] == list(range(1, len(rows) + 1))
            applied, results = server_results(self.admin, station.station_id)
            assert applied <= len(rows)  # never more than the station made
            assert results == {row["seq"]: row["op_id"] for row in rows[:applied]}
            # a result stored on the station is the platform's, for an op it applied
            assert all(row["seq"] <= applied for row in rows if row["state"] == "done")

    @invariant()
    def the_request_history_is_legal(self) -> None:
        if ("aid_request", self.req) in server_entities(self.admin, self.structure):
            check_request_history(server_state(self.admin, self.structure, "aid_request", self.req))

    def teardown(self) -> None:
        try:
            quiesce(self.stations)
            check_invariants(self.admin, self.structure, self.stations)
            notes = server_state(self.admin, self.structure, "aid_request", self.req).notes
            assert set(notes) == self.notes  # each note once, none lost
        finally:
            for station in self.stations:
                station.close()


@pytest.mark.timeout(900)
def test_random_interleavings_keep_the_invariants(
    server: CentralServer, admin: CentralDatabase, tmp_path: Path
) -> None:
    SyncModel.server, SyncModel.admin, SyncModel.root = server, admin, tmp_path
    run_state_machine_as_test(
        SyncModel,
        settings=settings(
            max_examples=8,
            stateful_step_count=30,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
